"""graph/collector.py: the cycle collector paused for linking, and nothing it left behind lost."""

from __future__ import annotations

import gc
import weakref

from graph.collector import no_collections


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_no_collections_pauses_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with no_collections():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_collections():
            pass
        assert not gc.isenabled(), "a caller that had it off keeps it off"
    finally:
        gc.enable()


def test_cycles_made_meanwhile_are_still_collected_afterwards() -> None:
    with no_collections():
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
        gc.collect()  # an explicit collection still runs; the cycle is gone either way
        a2, b2 = _Node(), _Node()
        a2.other, b2.other = b2, a2
        later = weakref.ref(a2)
        del a2, b2
    assert alive() is None
    assert gc.get_freeze_count() == 0, "nothing stays frozen"
    gc.collect()
    assert later() is None
