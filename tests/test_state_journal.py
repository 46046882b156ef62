"""A first ingest writes the sync state straight into its file (a rollback journal, SyncState.write_directly),
not into a write-ahead log that is copied into the file afterwards; every other run, and every state
after its commit, uses the log."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from graph import link_settings
from graph.build import ingest
from graph.state import SyncState
from tests.conftest import open_embedded
from tests.test_state_indexes import _row
from tests.test_sync import make_sources


def _mode(state: SyncState) -> str:
    return state.db.execute("PRAGMA journal_mode").fetchone()[0]


def _journal(path: Path) -> bool:
    return Path(f"{path}-journal").exists()


def test_a_first_ingest_writes_the_file_directly_and_later_ones_use_the_log(
        sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLAMGRAPH_READ_LINK_PROCESS", "off")  # the spy below sees this process's calls
    path = tmp_path / "graph" / "sync-state.sqlite"
    seen: list[tuple[str, bool]] = []
    real = SyncState.put_new_records

    def spy(self: SyncState, items: list[Any]) -> None:
        real(self, items)
        if items:
            seen.append((_mode(self), _journal(path)))

    monkeypatch.setattr(SyncState, "put_new_records", spy)
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    try:
        first = ingest(sources.inputs("tate"), store, report_path=tmp_path / "a.jsonl", extract=False)
        assert first.sources["tate"].added > 0
        assert seen and all(mode == "delete" and journal for mode, journal in seen)  # a rollback journal
        state = SyncState(path)
        assert _mode(state) == "wal"  # the state is in the log's mode again once committed
        assert state.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        state.close()
        seen.clear()
        second = ingest([*sources.inputs("tate"), *sources.inputs("moma")], store, report_path=tmp_path / "b.jsonl",
                        extract=False)
        assert second.sources["moma"].added > 0
        assert seen and all(mode == "wal" and not journal for mode, journal in seen)  # the log, as always
    finally:
        store.close()


def test_a_run_that_stops_leaves_the_empty_state_it_found(tmp_path: Path) -> None:
    """A process killed in the middle of a first ingest leaves its journal; the next connection rolls
    the file back to the empty state, in the log's mode."""
    path = tmp_path / "state.sqlite"
    SyncState(path).close()
    empty = path.stat().st_size
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        state = SyncState(path)
        state.db.execute("PRAGMA cache_size=8")  # a tiny page cache: pages spill into the file at once
        state.write_directly()
        state.begin()
        state.put_new_records([_row(f"s:{n}", f"person:{n}") for n in range(5000)])
        os._exit(0)  # no commit, no rollback: as if killed
    os.waitpid(child, 0)
    assert path.stat().st_size > empty  # the run's pages went straight into the file
    assert Path(f"{path}-journal").exists() and not Path(f"{path}-wal").exists()
    state = SyncState(path)
    try:
        assert state.is_empty() and not state.records_of("s", None)
        assert state.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert _mode(state) == "wal"
        assert state.write_directly()  # still empty: the next first ingest writes directly too
        state.begin()
        state.put_new_records([_row("s:1", "person:a")])
        state.commit()
        assert _mode(state) == "wal" and state.records_of("s", None) == ["s:1"]
    finally:
        state.close()


def test_only_an_empty_state_no_one_else_reads(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    state = SyncState(path)
    reader = sqlite3.connect(path)
    reader.execute("SELECT count(*) FROM records").fetchone()  # another connection has the log open
    try:
        started = time.monotonic()
        assert not state.write_directly() and _mode(state) == "wal"
        assert time.monotonic() - started < 2  # at once, not after the 5 s a lock is waited for
    finally:
        reader.close()
    assert state.write_directly() and _mode(state) == "delete"
    state.begin()
    state.put_new_records([_row("s:1", "person:a")])
    state.rollback()
    assert _mode(state) == "wal" and state.is_empty()
    state.begin()
    state.put_new_records([_row("s:1", "person:a")])
    state.commit()
    assert not state.write_directly() and _mode(state) == "wal"  # it holds a record now
    state.close()
    memory = SyncState(":memory:")
    assert not memory.write_directly()
    memory.close()


def test_the_link_settings_read_beside_a_first_ingest(tmp_path: Path) -> None:
    """`glamgraph stats` reads how the graph is linked from the state: while a first ingest writes the
    file directly (locked until it commits) it reads "not linked yet", without an error."""
    path = tmp_path / "state.sqlite"
    state = SyncState(path)
    state.db.execute("PRAGMA cache_size=8")  # pages spill into the file: the writer locks it
    assert state.write_directly()
    state.begin()
    link_settings.write(state, link_settings.LinkSettings(False, 0.9, 0.5))
    state.put_new_records([_row(f"s:{n}", f"person:{n}") for n in range(3000)])
    with pytest.raises(sqlite3.OperationalError):  # what a reader opening it as before met
        sqlite3.connect(path, timeout=0).execute("SELECT value FROM meta").fetchall()
    assert link_settings.read_file(path) is None
    state.commit()
    assert link_settings.read_file(path) == link_settings.LinkSettings(False, 0.9, 0.5)
    state.close()
    assert link_settings.read_file(path) == link_settings.LinkSettings(False, 0.9, 0.5)  # closed: no log left
