"""The written entities' summaries computed ahead by a forked process (graph.summaries.Ahead) are
the ones the graph server's own aggregation gives, and the process never outlives or misleads the
loader."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import pytest

from graph import statements, summaries
from graph.build import ingest
from graph.state import SyncState
from tests.conftest import open_embedded
from tests.test_sync import make_sources


def _summaries(store: Any) -> dict[str, tuple[Any, ...]]:
    keys = ", ".join(f"e.{key}" for key in statements.SUMMARY_KEYS)
    rows = store.query(f"MATCH (e) WHERE e:Person OR e:Organization OR e:Place OR e:Theme RETURN e.id, {keys}").rows
    return {row[0]: tuple(row[1:]) for row in rows}


def test_a_first_ingest_writes_the_summaries_computed_ahead(sample_dir: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = summaries.Ahead.__call__

    def spy(self: Any, ids: list[str]) -> Any:
        asked.append(len(ids))
        return real(self, ids)

    monkeypatch.setattr(summaries.Ahead, "__call__", spy)
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    try:
        # Batches of 200: the working copies' entities make more chunks than AHEAD_MIN.
        ingest([*sources.inputs("tate"), *sources.inputs("moma")], store, report_path=tmp_path / "a.jsonl",
               extract=True, batch_size=200)
        written = _summaries(store)
        # Every entity of a first ingest is written with the summaries the process computed.
        assert sum(asked) == len(written) > 100
        summaries.refresh(store)  # the graph server's aggregation over the whole graph
        assert _summaries(store) == written
    finally:
        store.close()


def _state(path: Path, ids: list[str]) -> str:
    state = SyncState(path)
    state.begin()
    state.db.executemany("INSERT INTO entities (id, label, props) VALUES (?, 'Person', '{}')", [(i,) for i in ids])
    state.commit()
    state.close()
    return str(path)


def test_entities_outside_the_chunk_computed_ahead_are_an_error(tmp_path: Path) -> None:
    path = _state(tmp_path / "state.sqlite", ["person:a", "person:b", "person:c"])
    ahead = summaries.Ahead(path, [["person:a", "person:b"], ["person:c"]])
    try:
        assert set(ahead(["person:b", "person:a"])) == {"person:a", "person:b"}
        with pytest.raises(RuntimeError, match="other entities"):
            ahead(["person:a"])
    finally:
        ahead.close()


def test_the_process_stops_with_the_loader_and_hands_on_its_errors(tmp_path: Path) -> None:
    path = _state(tmp_path / "state.sqlite", [f"person:{i}" for i in range(20)])
    # The loader stops after the first chunk: the process, whatever it still holds, ends on close.
    ahead = summaries.Ahead(path, [[f"person:{i}"] for i in range(20)])
    assert list(ahead(["person:0"])) == ["person:0"]
    ahead.close()
    assert not ahead.process.is_alive()
    # Asked for more chunks than it was given: an error, not a wait.
    once = summaries.Ahead(path, [["person:1"]])
    try:
        assert list(once(["person:1"])) == ["person:1"]
        with pytest.raises(RuntimeError, match="stopped"):
            once(["person:2"])
    finally:
        once.close()
    # A state the process cannot read: its error is raised where the loader asks.
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database" * 100)
    failing = summaries.Ahead(str(broken), [["person:0"]])
    try:
        with pytest.raises(RuntimeError, match="not a database"):
            failing(["person:0"])
    finally:
        failing.close()


def test_a_terminated_process_ends_even_where_sigterm_is_an_exception(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The ingest process turns SIGTERM into SystemExit (graph.store.falkordb_store); a forked child
    inherits that, and raised in the middle of the child it once left `close()` joining for ever.
    The child goes back to SIGTERM's default: terminated, it ends."""
    path = _state(tmp_path / "state.sqlite", [f"person:{i}" for i in range(3000)])
    monkeypatch.setattr(summaries, "AHEAD_CHUNKS", 1)  # the child soon waits with chunks in hand
    before = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(143)))
    try:
        ahead = summaries.Ahead(path, [[f"person:{i}"] for i in range(3000)])
        assert list(ahead(["person:0"])) == ["person:0"]
        time.sleep(0.5)  # the pipe and the queue fill; the child waits to put the next chunk
        assert ahead.process.is_alive()
        started = time.monotonic()
        ahead.close()
    finally:
        signal.signal(signal.SIGTERM, before)
    assert time.monotonic() - started < 10
    assert ahead.process.exitcode == -signal.SIGTERM  # ended by the signal, not by the inherited SystemExit
