"""Candidate pairs from blocks in arrays (graph/link/blocking.py) against the plain loop they replace:
every pair of a small block, a window in a large one, each pair once from its first shared block."""

from __future__ import annotations

import random

import pytest

from graph.link import blocking


def _loop_pairs(blocks: list[list[int]], ordered, keys_of: list[set[int]]) -> set[tuple[int, int]]:
    """The former loop: pairs block by block, kept only in the first block (rank) the pair shares."""
    out = set()
    for rank, members in enumerate(blocks):
        if len(members) <= blocking.MAX_BLOCK:
            pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        else:
            sorted_members = ordered(members)
            pairs = [(a, b) for i, a in enumerate(sorted_members) for b in sorted_members[i + 1:i + 1 + blocking.WINDOW]]
        for a, b in pairs:
            if min(keys_of[a] & keys_of[b]) == rank:
                out.add((a, b))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_block_pairs_match_the_loop(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    monkeypatch.setattr(blocking, "MAX_BLOCK", 6)  # small limits so large blocks and windows occur
    monkeypatch.setattr(blocking, "WINDOW", 2)
    monkeypatch.setattr(blocking, "CHUNK", 1 + seed * 10)  # several chunks, pairs met again in later ones
    rng = random.Random(seed)
    size = 60
    keys_of = [set(rng.sample(range(25), rng.randint(1, 5))) for _ in range(size)]
    blocks = [[p for p in range(size) if rank in keys_of[p]] for rank in range(25)]
    order = list(range(size))
    rng.shuffle(order)

    def ordered(members: list[int]) -> list[int]:
        return sorted(members, key=order.index)

    left, right = blocking.block_pairs(blocks, ordered, size)
    got = list(zip(left.tolist(), right.tolist(), strict=True))
    assert len(got) == len(set(got))
    expected = _loop_pairs(blocks, ordered, keys_of)
    assert set(got) == expected
    assert any(len(b) > blocking.MAX_BLOCK for b in blocks)  # the window path ran

    # Pairs dropped chunk by chunk still count as given: the rest is exactly the same, and a dropped
    # pair met again in a later chunk is not given there either.
    def odd(left, right):
        return (left + right) % 2 == 1

    left, right = blocking.block_pairs(blocks, ordered, size, drop=odd)
    kept = list(zip(left.tolist(), right.tolist(), strict=True))
    assert set(kept) == {(a, b) for a, b in expected if (a + b) % 2 == 0}
    assert len(kept) == len(set(kept)) < len(got)


def test_blocks_of_one_change_nothing() -> None:
    """The linker leaves blocks of one out before making pairs: the pairs are the same."""
    rng = random.Random(3)
    size = 40
    keys_of = [set(rng.sample(range(30), rng.randint(1, 4))) for _ in range(size)]
    blocks = [[p for p in range(size) if rank in keys_of[p]] for rank in range(30)]
    left, right = blocking.block_pairs(blocks, sorted, size)
    left2, right2 = blocking.block_pairs([b for b in blocks if len(b) > 1], sorted, size)
    assert any(len(b) == 1 for b in blocks)
    assert sorted(zip(left.tolist(), right.tolist(), strict=True)) == sorted(zip(left2.tolist(), right2.tolist(), strict=True))


def test_no_pairs() -> None:
    left, right = blocking.block_pairs([[0], [1], []], sorted, 2)
    assert len(left) == len(right) == 0
