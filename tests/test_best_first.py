"""The best-first merge of profile pairs (graph/link/best_first.py) against the plain loop it
shortens: every member pair of every profile pair, each looked up and joined on its own."""

from __future__ import annotations

import io
from array import array
from pathlib import Path

import numpy
import pytest

from graph.build import IngestReport, read_inputs
from graph.link import forked
from graph.link.aliases import AliasInfo
from graph.link.best_first import _components, _parts, in_order, join_best_first
from graph.link.clusters import Clusters
from graph.link.person_linker import PairScorer
from tests.conftest import sample_inputs


@pytest.fixture(scope="module")
def aliases(sample_dir: Path) -> dict[str, AliasInfo]:
    """A third of MoMA's and NGA's people, each written again by two more sources: word for word
    (one profile, several sources), with the birth year one off (another profile, linked), or
    eight years off either way (each links to the original by its death year; the two together
    are sixteen years apart, a merge the clusters refuse)."""
    collected = read_inputs(sample_inputs(sample_dir, ("moma", "nga")), IngestReport(), io.StringIO(), None)
    people = [a for a in collected.aliases.values() if a.kind == "Person"][::3]
    out = {a.key: a for a in people}
    for n, a in enumerate(people):
        for source in ("copy", "again"):
            shift = (0, 8, -8, 1)[(n + len(source)) % 4] if a.birth_year else 0
            key = f"{source}:{a.key}"
            out[key] = AliasInfo(key, a.kind, a.name, source, source, names=list(a.names),
                                 birth_year=a.birth_year + shift if a.birth_year else None,
                                 death_year=a.death_year, nationality=a.nationality)
    return dict(sorted(out.items()))


def _plain(clusters: Clusters, scorer: PairScorer, scores: numpy.ndarray, left: numpy.ndarray,
           right: numpy.ndarray, explained: bytearray) -> tuple[array, array, array, array]:
    """Every member pair of every profile pair, in the same order, looked up and joined one by one."""
    told, told_i, told_j, told_score = array("q"), array("q"), array("q"), array("d")
    members = scorer.member_positions
    first = numpy.array([m[0] for m in members], dtype=numpy.int64)
    for score, pa, pb in in_order(scores, left, right, first):
        for i, j in sorted(scorer.profiles.connecting(pa, pb, members)):
            ri, rj = clusters.find_at(i), clusters.find_at(j)
            if (ri == rj or clusters.join_at(ri, rj)) and not (explained[i] and explained[j]):
                for alias in (i, j):
                    if not explained[alias]:
                        told.append(alias)
                        told_i.append(i)
                        told_j.append(j)
                        told_score.append(score)
                        explained[alias] = 1
    return told, told_i, told_j, told_score


def _summaries(clusters: Clusters) -> dict[int, tuple]:
    return {root: (s.birth, s.death, s.ids, s.generations, s.words, s.agents, clusters.size.get(root, 1))
            for root, s in clusters.summary.items() if clusters.parent[root] == root}


@pytest.mark.parametrize("parts", [1, 3])
def test_whole_profiles_join_once_with_the_same_clusters_and_evidence_as_every_member_pair(
        aliases: dict[str, AliasInfo], parts: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process, and with the components split over three forked processes (any machine)."""
    results = []
    for merge in ("shortened", "plain"):
        monkeypatch.setattr(forked, "workers", lambda size: parts)
        clusters = Clusters(aliases, use_ids=False)
        # Clusters from before the merge (as shared ids make them) that tie people of other names together.
        keys = list(aliases)
        for k in range(0, len(keys) - 40, 97):
            clusters.union(keys[k], keys[k + 40], check_records=False)
        scorer = PairScorer(aliases, clusters.at)
        scores, left, right = scorer.candidates(min_score=0.5)
        explained = bytearray(len(clusters.keys))
        if merge == "shortened":
            told = join_best_first(clusters, scorer.profiles, scorer.member_positions, scores, left, right, explained)
        else:
            told = _plain(clusters, scorer, scores, left, right, explained)
        groups = sorted(sorted(members) for members in clusters.groups().values())
        told_rows = list(zip(*[t.tolist() for t in told], strict=True))
        results.append((groups, told_rows, _summaries(clusters), bytes(explained)))
    (groups, told, summaries, explained), (plain_groups, plain_told, plain_summaries, plain_explained) = results
    assert sum(len(g) > 1 for g in groups) > 5000  # most people are joined to their copies
    assert groups == plain_groups
    # Parts come back one after another: the same reasons, in the one merge's order within a part.
    assert (told if parts == 1 else sorted(told)) == (plain_told if parts == 1 else sorted(plain_told))
    assert summaries == plain_summaries  # later joins (subject terms) check the same cluster summaries
    assert explained == plain_explained


def test_refused_merges_stay_refused(aliases: dict[str, AliasInfo]) -> None:
    clusters = Clusters(aliases, use_ids=False)
    scorer = PairScorer(aliases, clusters.at)
    join_best_first(clusters, scorer.profiles, scorer.member_positions, *scorer.candidates(min_score=0.5),
                    bytearray(len(clusters.keys)))
    assert len(clusters._refused) > 100  # some merges are refused (birth years 16 apart)


def test_components_are_those_of_a_plain_union_find() -> None:
    rng = numpy.random.default_rng(7)
    n = 5000
    left, right = rng.integers(0, n, 3000), rng.integers(0, n, 3000)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    assert _components(n, left, right).tolist() == [find(x) for x in range(n)]


def test_clusters_from_before_the_merge_keep_their_profiles_in_one_part() -> None:
    """Two pairs of namesakes with no pair between them are two components, merged apart; an id that
    already put one of each pair in one cluster (with a subject term a curator joined to it) makes
    them one, merged in one process, the subject term within its territory."""
    def alias(key: str, name: str, kind: str = "Person") -> AliasInfo:
        source = key.partition(":")[0]
        return AliasInfo(key, kind, name, source, source)

    aliases = {a.key: a for a in (alias("a:1", "Anna Berg"), alias("b:1", "Anna Berg"), alias("c:1", "Carl Dorn"),
                                  alias("d:1", "Carl Dorn"), alias("t:1", "Dorn", "Theme"),
                                  alias("t:2", "Dorn, Carl", "Theme"))}
    members = [[0], [1], [2], [3]]
    left, right = numpy.array([0, 2]), numpy.array([1, 3])
    part, territory = _parts(Clusters(aliases, use_ids=False), members, left, right, 2)
    assert part[0] == part[1] != part[2] == part[3]
    assert territory.tolist() == [part[0], part[0], part[2], part[2], -1, -1]
    clusters = Clusters(aliases, use_ids=False)
    clusters.union("t:1", "t:2", check_records=False)
    clusters.union("t:1", "c:1", check_records=False)  # the cluster's root is a subject term's
    clusters.union("a:1", "c:1", check_records=False)
    part, territory = _parts(clusters, members, left, right, 2)
    assert len(set(part.tolist())) == 1
    assert territory.tolist() == [part[0]] * 6
