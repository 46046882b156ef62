"""The best-first merge of profile pairs (graph/link/best_first.py) against the plain loop it
shortens: every member pair of every profile pair, each looked up and joined on its own."""

from __future__ import annotations

import io
from array import array
from pathlib import Path

import numpy
import pytest

from graph.build import IngestReport, read_inputs
from graph.link.aliases import AliasInfo
from graph.link.best_first import in_order, join_best_first
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


def test_whole_profiles_join_once_with_the_same_clusters_and_evidence_as_every_member_pair(
        aliases: dict[str, AliasInfo]) -> None:
    results = []
    for merge in ("shortened", "plain"):
        clusters = Clusters(aliases, use_ids=False)
        scorer = PairScorer(aliases, clusters.at)
        scores, left, right = scorer.candidates(min_score=0.5)
        explained = bytearray(len(clusters.keys))
        if merge == "shortened":
            told = join_best_first(clusters, scorer.profiles, scorer.member_positions, scores, left, right, explained)
        else:
            told = _plain(clusters, scorer, scores, left, right, explained)
        groups = sorted(sorted(members) for members in clusters.groups().values())
        results.append((groups, [list(t) for t in told], len(clusters._refused)))
    (groups, told, refused), (plain_groups, plain_told, plain_refused) = results
    assert sum(len(g) > 1 for g in groups) > 5000  # most people are joined to their copies
    assert refused > 100, refused  # and some merges are refused (birth years 16 apart)
    assert groups == plain_groups
    assert told == plain_told
