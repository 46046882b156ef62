"""Parsing in a worker process (graph.read_worker) reads exactly what reading in the ingest process
reads: the same counts, rejections, records and file rows in the sync state, on a first run and on
a re-sync where the file gate skips unchanged files and asks about the rest. Working copies of
real Tate and MoMA records (tests/test_sync.make_sources); dry runs (no graph: the read stage is
what differs)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from graph import read_worker
from graph.build import Input, ingest
from graph.state import STATE_FILE, SyncState
from graph.unchanged import FileGate
from tests.conftest import sample_inputs
from tests.test_sync import Sources, make_sources


def _run(inputs: list[Input], state_dir: Path, report: Path) -> dict[str, Any]:
    state_dir.mkdir(parents=True, exist_ok=True)
    state = SyncState(state_dir / STATE_FILE)
    try:
        found = ingest(inputs, None, state=state, report_path=report, batch_size=500).to_json()
    finally:
        state.close()
    for key in ("seconds", "stages", "stage_seconds", "rejected_report", "link_settings"):  # times, paths
        found.pop(key)
    return {**found, "report": report.read_text(encoding="utf-8")}


def _state(state_dir: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(state_dir / STATE_FILE)
    try:
        return {"records": db.execute("SELECT id, hash, origin, props FROM records ORDER BY id").fetchall(),
                "mentions": db.execute("SELECT record, ord, alias, info FROM mentions ORDER BY record, ord").fetchall(),
                "files": db.execute("SELECT path, fingerprint, digest, records FROM files ORDER BY path").fetchall()}
    finally:
        db.close()


def _edit_one_title(sources: Sources) -> None:
    path = sources.artworks()[3]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = f"{data.get('title')} (revised)"
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_workers_read_what_this_process_reads(sample_dir: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_init = read_worker.WorkerReader.__init__

    def counted(self: Any, *args: Any) -> None:
        real_init(self, *args)
        started.append(len(self.workers))

    monkeypatch.setattr(read_worker.WorkerReader, "__init__", counted)
    results: dict[str, list[dict[str, Any]]] = {}
    for mode, workers in (("off", "1"), ("on", "1"), ("on", "2")):
        # The same folders every time: paths are part of the state's rows and hashes.
        shutil.rmtree(tmp_path / "run", ignore_errors=True)
        monkeypatch.setenv("GLAMGRAPH_READ_WORKER", mode)
        monkeypatch.setenv("GLAMGRAPH_READ_WORKERS", workers)
        sources = make_sources(sample_dir, tmp_path / "run" / "src")
        # Three inputs: with two workers, the first and third are one's, the second the other's.
        inputs = sources.inputs("tate") + sources.inputs("moma") + sample_inputs(sample_dir, ("lido_examples",))
        first = _run(inputs, tmp_path / "run" / "data", tmp_path / "run" / "first.jsonl")
        _edit_one_title(sources)
        second = _run(inputs, tmp_path / "run" / "data", tmp_path / "run" / "second.jsonl")
        results[f"{mode} {workers}"] = [first, second, _state(tmp_path / "run" / "data")]
    assert started == [1, 1, 2, 2]  # "on" read both runs through one worker, then two; "off" through none
    off = results["off 1"]
    assert results["on 1"] == off
    assert results["on 2"] == off
    tate = {s["source"]: s for s in off[1]["sources"]}["tate"]
    assert tate["unchanged_files"] > 0 and tate["changed"] == 1  # the gate skipped files and read the edited one
    assert off[0]["totals"]["read"] == off[0]["totals"]["loaded"] + off[0]["totals"]["rejected"] > 0


def test_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLAMGRAPH_READ_WORKERS", "3")
    assert read_worker.worker_count() == 3
    monkeypatch.setenv("GLAMGRAPH_READ_WORKERS", "0")
    assert read_worker.worker_count() == 1
    monkeypatch.setenv("GLAMGRAPH_READ_WORKERS", "auto")
    monkeypatch.setattr(read_worker, "_cores", lambda: 1)
    assert read_worker.worker_count() == 1
    monkeypatch.setattr(read_worker, "_cores", lambda: 2)
    assert read_worker.worker_count() == 2


def test_a_worker_that_stops_is_an_error_not_a_short_read(sample_dir: Path, tmp_path: Path) -> None:
    sources = make_sources(sample_dir, tmp_path / "src")
    inputs = sources.inputs("moma")
    reader = read_worker.WorkerReader(inputs, [{} for _ in inputs])
    try:
        reader.workers[0].proc.kill()
        with pytest.raises(read_worker.ReadWorkerError, match="stopped"):
            list(reader.results(0, None))
    finally:
        reader.close()


def test_a_run_abandoned_mid_read_stops_the_worker_at_once(sample_dir: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages taken off the pipe ahead of the ingest process are bounded (INBOX_BYTES), and
    closing while the worker still has batches to send (an error, Ctrl-C) ends the worker and the
    thread that takes its messages, without reading the rest."""
    monkeypatch.setattr(read_worker, "INBOX_BYTES", 1)  # one message held, then the thread waits
    inputs = sample_inputs(sample_dir, ("moma",))  # MoMA's artists: about 30 batches
    reader = read_worker.WorkerReader(inputs, [{} for _ in inputs])
    # MoMA's folder is asked about as a whole (the worker finds it new): a gate of an empty state answers.
    gate = FileGate(SyncState(":memory:"), str(inputs[0].path.resolve()), "moma", {}, set())
    try:
        first = next(iter(reader.results(0, gate)))
        assert first is not None
        time.sleep(1.0)  # the worker runs ahead as far as the pipe and the inbox let it
        assert len(reader.workers[0].inbox.messages) <= 2
    finally:
        started = time.monotonic()
        reader.close()
    assert time.monotonic() - started < 10
    assert reader.workers[0].proc.returncode is not None
    assert not reader.workers[0].inbox.thread.is_alive()


def test_an_input_named_twice_is_read_in_this_process(sample_dir: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLAMGRAPH_READ_WORKER", "on")
    sources = make_sources(sample_dir, tmp_path / "src")
    tate = sources.inputs("tate")
    assert read_worker.wanted(tate, ["tate"])
    assert read_worker.wanted([*tate, *tate], ["tate", "tate as another source"])
    assert not read_worker.wanted([*tate, *tate], ["tate", "tate"])  # the second's gate depends on the first
    monkeypatch.setenv("GLAMGRAPH_READ_WORKER", "off")
    assert not read_worker.wanted(tate, ["tate"])


def test_a_re_sync_that_parses_little_reads_in_this_process(sample_dir: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker is for parsing: with the state's stat signatures, only the files that changed
    count towards starting one (asking it about each unchanged file costs a round trip)."""
    from graph.build import known_files

    monkeypatch.setenv("GLAMGRAPH_READ_WORKER", "auto")
    sources = make_sources(sample_dir, tmp_path / "src")
    inputs = [*sources.inputs("tate"), *sources.inputs("moma")]  # moma: a folder read as a whole
    state = SyncState(tmp_path / STATE_FILE)

    def to_parse() -> int:
        return read_worker._size(inputs, known_files(inputs, state)[1])

    def synced() -> None:
        ingest(inputs, None, state=state, report_path=tmp_path / "r.jsonl")
        time.sleep(2.1)  # stat signatures are kept once files have settled (graph.unchanged.SETTLED_NS)
        ingest(inputs, None, state=state, report_path=tmp_path / "r.jsonl")

    try:
        everything = to_parse()
        synced()
        # Left: the files the state keeps no records of (Tate's subject lists, read beside the artworks).
        left = to_parse()
        artworks = sum(p.stat().st_size for p in sources.artworks())
        moma = sum(p.stat().st_size for p in sources.moma.rglob("*") if p.is_file())
        assert left <= everything - artworks - moma
        monkeypatch.setattr(read_worker, "MIN_BYTES", left + 1)
        assert not read_worker.wanted(inputs, ["tate", "moma"], known_files(inputs, state)[1])
        for changed in (sources.artworks()[0], sources.moma / "Artists.csv"):
            changed.write_bytes(changed.read_bytes() + b"\n")
            assert to_parse() >= left + (moma if changed.parent == sources.moma else changed.stat().st_size)
            assert read_worker.wanted(inputs, ["tate", "moma"], known_files(inputs, state)[1]), changed
            synced()
            assert to_parse() == left, changed
    finally:
        state.close()


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities on this platform")
def test_the_workers_yield_the_cores_to_the_process_that_stores(sample_dir: Path, tmp_path: Path) -> None:
    """Storing is the read stage's serial part: the workers run at a lower priority (os.nice)."""
    sources = make_sources(sample_dir, tmp_path / "src")
    inputs = sources.inputs("tate") + sources.inputs("moma")
    reader = read_worker.WorkerReader(inputs, [{} for _ in inputs], 2)
    try:
        want = min(19, os.nice(0) + read_worker.WORKER_NICE)
        for worker in reader.workers:
            deadline = time.monotonic() + 10
            while os.getpriority(os.PRIO_PROCESS, worker.proc.pid) != want and time.monotonic() < deadline:
                time.sleep(0.05)  # set as the worker starts
            assert os.getpriority(os.PRIO_PROCESS, worker.proc.pid) == want
    finally:
        reader.close()

