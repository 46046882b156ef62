"""A first ingest reads without the state's lookup indexes and builds them once (SyncState.defer_indexes);
every lookup that needs them, and every commit, builds them first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.alias_fold import alias_contributions
from graph.build import ingest
from graph.state import _DEFERRABLE_INDEXES, SyncState
from tests.conftest import open_embedded
from tests.test_sync import make_sources

DEFERRED = set(_DEFERRABLE_INDEXES)


def _indexes(state: SyncState) -> set[str]:
    return {row[0] for row in state.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _row(rid: str, alias: str) -> tuple[dict[str, Any], list[Any], list[Any]]:
    row = {"id": rid, "source": "s", "origin": "/f", "header_id": f"oai:{rid}", "hash": "h", "authority": 0,
           "domain": "library", "institution": "i", "holder": None, "props": "{}"}
    return row, [(0, alias, '{"kind":"Person","name":"A"}', None, None, None)], [("BROADER", alias, "theme:x")]


def test_a_first_ingest_stores_its_records_without_them_and_commits_them(
        sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLAMGRAPH_READ_LINK_PROCESS", "off")  # the spy below sees this process's calls
    seen: list[set[str]] = []
    real = SyncState.put_new_records

    def spy(self: SyncState, items: list[Any]) -> None:
        if items:
            seen.append(DEFERRED & _indexes(self))
        real(self, items)

    monkeypatch.setattr(SyncState, "put_new_records", spy)
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    try:
        ingest(sources.inputs("tate"), store, report_path=tmp_path / "a.jsonl", extract=False)
        assert seen and all(found == set() for found in seen)  # every record stored without them
        state = SyncState(tmp_path / "graph" / "sync-state.sqlite")
        assert DEFERRED <= _indexes(state)
        state.close()
        seen.clear()
        ingest([*sources.inputs("tate"), *sources.inputs("moma")], store, report_path=tmp_path / "b.jsonl",
               extract=False)
        assert seen and all(found == DEFERRED for found in seen)  # a state with records keeps them
    finally:
        store.close()


def test_a_lookup_while_they_are_deferred_builds_them_first(tmp_path: Path) -> None:
    state = SyncState(tmp_path / "state.sqlite")
    state.begin()
    state.defer_indexes()
    state.put_new_records([_row("s:1", "person:a"), _row("s:2", "person:b")])
    assert not DEFERRED & _indexes(state)
    assert state.records_of("s", ["oai:s:2"]) == ["s:2"]  # a deletion read in the middle of a file
    assert DEFERRED <= _indexes(state)
    plan = " ".join(str(r) for r in state.db.execute(
        "EXPLAIN QUERY PLAN SELECT record FROM mentions WHERE alias = ?", ("person:a",)))
    assert "mentions_by_alias" in plan
    state.defer_indexes()
    assert state.delete_record("s:1") and DEFERRED <= _indexes(state)
    state.defer_indexes()
    assert [key for key, *_ in alias_contributions(*state.dirty_alias_rows())] == ["person:a", "person:b"]
    assert DEFERRED <= _indexes(state)
    state.commit()
    state.close()


def test_they_are_never_committed_or_rolled_back_missing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = SyncState(path)
    with pytest.raises(RuntimeError):
        state.defer_indexes()  # outside a transaction a drop would be committed at once
    state.begin()
    state.defer_indexes()
    state.put_new_records([_row("s:1", "person:a")])
    state.commit()
    assert DEFERRED <= _indexes(state)
    state.begin()
    state.defer_indexes()
    state.rollback()
    assert DEFERRED <= _indexes(state)
    state.begin()
    state.defer_indexes()
    state.db.execute("COMMIT")  # behind the state's back: the next open builds them again
    assert not DEFERRED & _indexes(state)
    state.close()
    again = SyncState(path)
    assert DEFERRED <= _indexes(again)
    assert again.records_of("s", ["s:1"]) == ["s:1"]
    again.close()
