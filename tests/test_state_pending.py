"""Keys marked pending or new in the sync state come back exactly as given, whether they went to
SQLite as one JSON array (many keys) or a row at a time (few, or one holding a NUL)."""

from __future__ import annotations

from graph.state import _JSON_ROWS, SyncState

ODD = ["é😀 名前", "x\x1fy", 'q"uote', "back\\slash", "nl\nx", "\u2028", "", "tab\tend", "\\u0000 written out"]


def _state() -> SyncState:
    state = SyncState(":memory:")
    state.begin()
    return state


def test_many_keys_go_as_json_and_come_back_as_given() -> None:
    state = _state()
    keys = [f"nls:{i}" for i in range(_JSON_ROWS)] + ODD
    state.add_pending("record", keys)
    state.mark_new("record", iter(keys))  # any iterable
    state.add_pending("record", keys[:10])  # again: no second row
    assert state.pending("record") == sorted(keys)
    assert state.new_keys("record") == set(keys)
    assert state.pending_count() == len(keys)


def test_a_key_with_a_nul_and_few_keys_go_row_by_row_and_come_back_as_given() -> None:
    state = _state()
    many = [f"k{i}" for i in range(_JSON_ROWS)] + ["a\x00b", *ODD]
    state.add_pending("alias", many)
    state.mark_new("alias", many)
    assert state.pending("alias") == sorted(many)
    assert state.new_keys("alias") == set(many)
    state.add_pending("link", ODD)
    assert state.pending("link") == sorted(ODD)
