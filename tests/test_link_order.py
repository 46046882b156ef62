"""The best-first order of candidate pairs: one int64 sort gives lexsort's order, ties included."""

from __future__ import annotations

import numpy

from graph.link.linker import _descending


def test_descending_is_lexsorts_order_with_many_ties() -> None:
    rng = numpy.random.default_rng(7)
    for n, positions in ((0, 1), (1, 1), (1000, 50), (100_000, 1_000_000)):
        scores = rng.choice([0.5, 0.75, 0.9, 0.9999, 1.0], size=n)  # few distinct scores: ties everywhere
        left = rng.integers(0, positions, size=n)
        right = left + rng.integers(1, 10, size=n)  # repeated pairs too: kept in their order
        expected = numpy.lexsort((right, left, -scores))
        assert numpy.array_equal(_descending(scores, left, right), expected)


def test_descending_falls_back_when_the_key_does_not_fit() -> None:
    rng = numpy.random.default_rng(8)
    scores = rng.random(5000)  # 5,000 distinct scores (13 bits) and positions of 26 bits: 65 bits
    left = rng.integers(0, 2**25, size=5000)
    right = left + rng.integers(1, 2**25, size=5000)
    assert numpy.array_equal(_descending(scores, left, right), numpy.lexsort((right, left, -scores)))
