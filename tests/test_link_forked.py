"""Linking's work in forked processes (graph/link/forked.py): values come back whole, failures are said."""

from __future__ import annotations

import os

import pytest

from graph.link import forked


def test_a_value_computed_beside_comes_from_the_child() -> None:
    parent = os.getpid()
    result = forked.beside(lambda: (os.getpid(), {"pairs": list(range(1000))}))
    child, value = result()
    assert child != parent
    assert value == {"pairs": list(range(1000))}


def test_a_child_that_fails_is_an_error_not_a_missing_value() -> None:
    def broken() -> None:
        raise ValueError("no")

    with pytest.raises(RuntimeError, match="linking worker failed"):
        forked.beside(broken)()


def test_parts_run_on_every_core_give_every_pair() -> None:
    parts = [lambda i=i: [(0.5 + i / 10, i, i + 1)] for i in range(3)]
    scores, left, right = forked.run(parts)
    assert sorted(zip(scores.tolist(), left.tolist(), right.tolist(), strict=True)) == [(0.5, 0, 1), (0.6, 1, 2), (0.7, 2, 3)]
