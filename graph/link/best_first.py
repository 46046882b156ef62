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

On every core: a join only ever touches the clusters of the profiles of one connected component
(profiles linked by a scored pair, or by members already in one cluster before the merge), so
the components are split into parts merged side by side (`graph.link.forked`), each in the same
order as the one merge would take them. The same clusters and the same reasons, in less time:
at a million mentions the largest of 44,100 components holds 0.4% of the pairs.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from functools import partial
from typing import Any

import numpy

from graph.link import forked
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


Told = tuple[array, array, array, array]


def join_best_first(clusters: Clusters, profiles: Profiles, members: list[list[int]],
                    scores: numpy.ndarray, left: numpy.ndarray, right: numpy.ndarray,
                    explained: bytearray) -> Told:
    """Merge the clusters of the members of each profile pair (`left[k]`, `right[k]`, profile
    numbers; `members`: each profile's member positions, in order) best first; a merge the
    clusters refuse is skipped. Returns who was explained by which pair: (alias, i, j, score),
    an alias taking the first pair that joined it (`explained`: aliases that need none, updated)."""
    n = forked.workers(len(members)) if len(left) else 1
    if n == 1:
        return _join(clusters, profiles, members, scores, left, right, explained)
    part, territory = _parts(clusters, members, left, right, n)

    def merge(k: int) -> Told:
        keep = part[left] == k
        return _join(clusters, profiles, members, scores[keep], left[keep], right[keep], explained)

    def merge_aside(k: int) -> tuple[Told, Any]:
        return merge(k), clusters.export_state(numpy.flatnonzero(territory == k).tolist())

    others = [forked.beside(partial(merge_aside, k)) for k in range(1, n)]
    told = merge(0)
    for other in others:
        (alias, i, j, score), state = other()
        clusters.import_state(state)
        for mine, theirs in zip(told, (alias, i, j, score), strict=True):
            mine.extend(theirs)
        for a in alias:
            explained[a] = 1
    return told


def _parts(clusters: Clusters, members: list[list[int]], left: numpy.ndarray, right: numpy.ndarray,
           n: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(part of each profile, part of each alias position or -1): the connected components of the
    profiles, split into `n` parts of about as many pairs. An alias is in its part's territory when
    its cluster (before the merge) holds a member of one of the part's profiles."""
    sizes = [len(m) for m in members]
    position = numpy.fromiter((i for m in members for i in m), dtype=numpy.int64, count=sum(sizes))
    profile = numpy.repeat(numpy.arange(len(members), dtype=numpy.int64), sizes)
    roots = _roots(numpy.array(clusters.parent, dtype=numpy.int64))
    member_roots = roots[position]
    # Members already in one cluster tie their profiles together, as a scored pair does.
    by_root = numpy.argsort(member_roots, kind="stable")
    shared = member_roots[by_root]
    same = numpy.flatnonzero(shared[1:] == shared[:-1])
    edges_left = numpy.concatenate([left, profile[by_root][same]])
    edges_right = numpy.concatenate([right, profile[by_root][same + 1]])
    component = _components(len(members), edges_left, edges_right)
    # Components to parts in turn, largest first, each to the part with the fewest pairs so far.
    pairs = numpy.bincount(component[left], minlength=len(members))
    part_of = numpy.zeros(len(members), dtype=numpy.int64)
    load = [0] * n
    for c in numpy.argsort(-pairs, kind="stable")[:numpy.count_nonzero(pairs)].tolist():
        k = load.index(min(load))
        part_of[c] = k
        load[k] += int(pairs[c])
    part = part_of[component]
    root_part = numpy.full(len(roots), -1, dtype=numpy.int64)
    root_part[member_roots] = part[profile]
    return part, root_part[roots]


def _roots(parent: numpy.ndarray) -> numpy.ndarray:
    """Each position's root in a union-find's parent array."""
    while True:
        up = parent[parent]
        if numpy.array_equal(up, parent):
            return parent
        parent = up


def _components(n: int, left: numpy.ndarray, right: numpy.ndarray) -> numpy.ndarray:
    """The smallest node of each node's connected component (nodes 0..n-1, edges left-right), in whole
    arrays: each edge hooks the larger of its two roots onto the smaller, then every node is pointed
    at its root, until no edge joins two roots."""
    label = numpy.arange(n, dtype=numpy.int64)
    while True:
        a, b = label[left], label[right]
        if numpy.array_equal(a, b):
            return label
        low = numpy.minimum(a, b)
        numpy.minimum.at(label, a, low)
        numpy.minimum.at(label, b, low)
        label = _roots(label)


def _join(clusters: Clusters, profiles: Profiles, members: list[list[int]],
          scores: numpy.ndarray, left: numpy.ndarray, right: numpy.ndarray, explained: bytearray) -> Told:
    """`join_best_first` in this process."""
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
