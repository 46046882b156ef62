"""Candidate profile pairs from blocking keys, held in numpy arrays.

Every pair of a small block (up to MAX_BLOCK profiles); in a large one ("l:smith|j" in a big
catalogue) each member with its WINDOW next neighbours in a given order (sorted neighbourhood),
so cost stays linear and members without dates still take part. A pair that shares several
blocks is scored once, in the first block (in key order) it shares, and only if that block gave
it: when the first shared block is a large one whose window leaves the pair out, the pair is
not scored.

All blocks are turned into pairs at once with numpy: at a million mentions blocking gives
millions of pairs, which Python loops and tuples would spend most of the linking time on;
profile numbers are held as int32 (4 bytes, not a 28-byte Python int and a pointer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy

MAX_BLOCK = 100  # larger blocks are compared in a sliding window over their sorted members
WINDOW = 40  # each member of a large block meets this many neighbours after it


# Block pairs made at a time. A chunk's working arrays take about 70 bytes a pair at their peak: at a
# million records (7.9M block pairs) 4M a chunk peaked 270 MB above 1M a chunk, in the blocking child
# that runs beside the statistics (the link stage's memory peak), for no gain in time.
CHUNK = 1_000_000


def block_pairs(blocks: list[list[int]], ordered: Callable[[list[int]], list[int]],
                size: int, drop: Callable[[numpy.ndarray, numpy.ndarray], numpy.ndarray] | None = None,
                ) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(left, right): the profile pairs to score, each once, oriented as its block gives it.

    `blocks`: the members of each block, blocks in key order, members in ascending order;
    `ordered`: the window order of a large block's members; `size`: the number of profiles;
    `drop(left, right)`: which of a chunk's pairs to leave out of the result (they still count as
    given), so that pairs known to be useless never pile up. Blocks are taken in key order, about
    CHUNK pairs at a time; a pair an earlier chunk gave is not given again (its first block is in
    that chunk)."""
    large = [rank for rank, members in enumerate(blocks) if len(members) > MAX_BLOCK]
    memberships = _large_memberships(blocks, large, size) if large else None
    seen = numpy.zeros(0, dtype=numpy.int64)  # sorted pair codes given so far
    lefts: list[numpy.ndarray] = []
    rights: list[numpy.ndarray] = []
    start = 0
    while start < len(blocks):
        stop, count = start, 0
        while stop < len(blocks) and (count == 0 or count < CHUNK):
            n = len(blocks[stop])
            count += n * WINDOW if n > MAX_BLOCK else n * (n - 1) // 2
            stop += 1
        left, right, rank_of = _chunk_pairs(blocks, range(start, stop), ordered)
        start = stop
        if not len(left):
            continue
        pair = numpy.minimum(left, right).astype(numpy.int64) * size + numpy.maximum(left, right)
        order = numpy.lexsort((rank_of, pair))  # each pair once, from its first block in the chunk
        pair = pair[order]
        first = numpy.ones(len(order), dtype=bool)
        first[1:] = pair[1:] != pair[:-1]
        keep = order[first]
        pair = pair[first]
        fresh = ~_in_sorted(pair, seen)  # given by an earlier chunk: not again
        keep, pair = keep[fresh], pair[fresh]
        left, right, rank_of = left[keep], right[keep], rank_of[keep]
        if memberships is not None:
            gone = _first_shared_large(*memberships, left, right, rank_of)
            left, right = left[~gone], right[~gone]
        # `pair` is sorted, unique and new: insert it in place of a union1d, which sorts everything again
        seen = numpy.insert(seen, numpy.searchsorted(seen, pair), pair)
        if drop is not None:
            kept = ~drop(left, right)
            left, right = left[kept], right[kept]
        lefts.append(left)
        rights.append(right)
    if not lefts:
        empty = numpy.zeros(0, dtype=numpy.int32)
        return empty, empty
    return numpy.concatenate(lefts), numpy.concatenate(rights)


def _in_sorted(values: numpy.ndarray, table: numpy.ndarray) -> numpy.ndarray:
    """Which values are in the sorted array `table`."""
    if not len(table):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(table, values).clip(max=len(table) - 1)
    return table[at] == values


def _chunk_pairs(blocks: list[list[int]], ranks: range,
                 ordered: Callable[[list[int]], list[int]]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(left, right, rank) of every pair the blocks `ranks` give."""
    lefts: list[numpy.ndarray] = []
    rights: list[numpy.ndarray] = []
    ranks_of: list[numpy.ndarray] = []
    by_size: dict[int, list[int]] = defaultdict(list)
    for rank in ranks:
        members = blocks[rank]
        if len(members) > MAX_BLOCK:  # each member with its WINDOW next neighbours
            sorted_members = numpy.array(ordered(members), dtype=numpy.int32)
            at = numpy.arange(len(sorted_members))[:, None]
            after = at + numpy.arange(1, WINDOW + 1)[None, :]
            inside = after < len(sorted_members)
            lefts.append(numpy.broadcast_to(sorted_members[:, None], after.shape)[inside])
            rights.append(sorted_members[after[inside]])
            ranks_of.append(numpy.full(int(inside.sum()), rank, dtype=numpy.int32))
        elif len(members) > 1:
            by_size[len(members)].append(rank)
    for n, same in by_size.items():  # every pair i < j of each block of n members
        table = numpy.array([blocks[r] for r in same], dtype=numpy.int32)
        i, j = numpy.triu_indices(n, 1)
        lefts.append(table[:, i].ravel())
        rights.append(table[:, j].ravel())
        ranks_of.append(numpy.repeat(numpy.array(same, dtype=numpy.int32), len(i)))
    if not lefts:
        empty = numpy.zeros(0, dtype=numpy.int32)
        return empty, empty, empty
    return numpy.concatenate(lefts), numpy.concatenate(rights), numpy.concatenate(ranks_of)


def _large_memberships(blocks: list[list[int]], large: list[int], size: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per profile, the ranks of the large blocks it is in, as two padded tables whose paddings differ."""
    of: list[list[int]] = [[] for _ in range(size)]
    for rank in large:
        for p in blocks[rank]:
            of[p].append(rank)
    width = max(len(x) for x in of)
    mine = numpy.full((size, width), -2, dtype=numpy.int32)  # padding never equals the other side's
    theirs = numpy.full((size, width), -3, dtype=numpy.int32)
    for p, ranks in enumerate(of):
        if ranks:
            mine[p, :len(ranks)] = ranks
            theirs[p, :len(ranks)] = ranks
    return mine, theirs


def _first_shared_large(mine: numpy.ndarray, theirs: numpy.ndarray, left: numpy.ndarray, right: numpy.ndarray,
                        rank_of: numpy.ndarray) -> numpy.ndarray:
    """Pairs that share a large block before the block that gave them: that large block's
    window left them out, so they are not scored (only large blocks can leave a pair out)."""
    both = numpy.flatnonzero((mine[left, 0] >= 0) & (mine[right, 0] >= 0))
    a, b, before = mine[left[both]], theirs[right[both]], rank_of[both]
    hit = numpy.zeros(len(both), dtype=bool)
    # A row holds its profile's large blocks in ascending rank, then padding: column by column, only
    # the pairs whose block there is still before the giving one are compared (the rest never could),
    # and once no pair has one, no later column has either (1M mentions: 6 s -> well under one).
    for i in range(a.shape[1]):
        rows = numpy.flatnonzero((a[:, i] >= 0) & (a[:, i] < before))
        if not len(rows):
            break
        hit[rows] |= (b[rows] == a[rows, i][:, None]).any(axis=1)
    gone = numpy.zeros(len(left), dtype=bool)
    gone[both[hit]] = True
    return gone
