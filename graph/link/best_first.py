"""Scored profile pairs merged best first, their members joined in the union-find.

Person linking scores *profiles* (aliases that agree on everything scoring reads,
`graph.link.profiles`); a kept profile pair connects its members (`Profiles.connecting`). At a
million mentions a profile meets seven others on average, and listing its members again with
each of them made four million member pairs for under a million merges. Here a profile pair is
expanded into member pairs only while one of its profiles is not yet whole (its members in more
than one cluster): once both are whole, every member pair of the two has the same two roots, so
the first pair's join (or refusal) is the whole pair's outcome, and one join decides it.

Order: by descending score; pairs of equal score by their first member pair (positions in key
order, which compare as the keys do); the member pairs of one profile pair in position order.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import numpy

from graph.link.clusters import Clusters
from graph.link.profiles import Profiles

CHUNK = 100_000  # pairs turned into Python values at a time


def in_order(scores: numpy.ndarray, left: numpy.ndarray, right: numpy.ndarray,
             first: numpy.ndarray) -> Iterator[tuple[float, int, int]]:
    """Profile pairs by descending score, ties by the positions of their first members (`first`,
    per profile): the same order on every run for the same aliases."""
    a, b = first[left], first[right]
    low, high = numpy.minimum(a, b), numpy.maximum(a, b)
    # Two sorts instead of one `lexsort` of three keys: (low, high) as one number orders ties fully
    # (two profile pairs never share both first members); the stable sort by score keeps that order.
    pair = low * (int(high.max()) + 1 if len(high) else 1) + high
    by_pair = numpy.argsort(pair)
    order = by_pair[numpy.argsort(-scores[by_pair], kind="stable")]
    for start in range(0, len(order), CHUNK):  # Python values for a chunk at a time, not millions
        at = order[start:start + CHUNK]
        yield from zip(scores[at].tolist(), left[at].tolist(), right[at].tolist(), strict=True)


def join_best_first(clusters: Clusters, profiles: Profiles, members: list[list[int]],
                    scores: numpy.ndarray, left: numpy.ndarray, right: numpy.ndarray,
                    explained: bytearray) -> tuple[array, array, array, array]:
    """Merge the clusters of the members of each profile pair (`left[k]`, `right[k]`, profile
    numbers; `members`: each profile's member positions, in order) best first; a merge the
    clusters refuse is skipped. Returns who was explained by which pair: (alias, i, j, score),
    an alias taking the first pair that joined it (`explained`: aliases that need none, updated)."""
    parent, find, join = clusters.parent, clusters.find_at, clusters.join_at
    told, told_i, told_j, told_score = array("q"), array("q"), array("q"), array("d")
    first = [m[0] for m in members]
    # A profile is whole when all its members are in one cluster: then it stays so (clusters only
    # grow). One member is whole from the start; the others are checked after their pairs.
    whole = bytearray(1 if len(m) == 1 else 0 for m in members)

    ready = bytearray(len(members))  # profiles whose members are all explained (checked when asked)

    def settled(p: int) -> bool:
        if not ready[p]:
            ready[p] = all(explained[i] for i in members[p])
        return bool(ready[p])

    def root(i: int) -> int:
        r = parent[i]
        return r if parent[r] == r else find(i)

    def explain(pairs: list[tuple[int, int]], score: float) -> None:
        for i, j in pairs:
            if not (explained[i] and explained[j]):
                for alias in (i, j):
                    if not explained[alias]:
                        told.append(alias)
                        told_i.append(i)
                        told_j.append(j)
                        told_score.append(score)
                        explained[alias] = 1

    for score, pa, pb in in_order(scores, left, right, numpy.array(first, dtype=numpy.int64)):
        if whole[pa] and whole[pb]:
            ra, rb = root(first[pa]), root(first[pb])
            if ra != rb and not join(ra, rb):
                continue  # refused, as every member pair would be: they join the same two clusters
            # Together now: every member pair is; only members not yet explained take this pair.
            if not (settled(pa) and settled(pb)):
                explain(sorted(profiles.connecting(pa, pb, members)), score)
            continue
        for i, j in sorted(profiles.connecting(pa, pb, members)):
            ri, rj = root(i), root(j)
            if ri == rj or join(ri, rj):
                explain([(i, j)], score)
        for p in (pa, pb):
            if not whole[p]:
                r = root(first[p])
                whole[p] = all(root(i) == r for i in members[p])
    return told, told_i, told_j, told_score
