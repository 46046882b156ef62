"""The read and link stages in a child process: values, progress and errors come back; a child that
dies leaves the graph and its state as they were, and the next run completes the work."""

from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path

import pytest

import graph.build
from graph import stage_process
from graph.build import ingest, state_path
from graph.state import SyncState
from graph.store import GraphStore
from tests.test_store import count_all, small_inputs


def _counting(told: stage_process.Progress) -> int:
    for n in range(3):
        told("read x", n + 1)
    told("read y", 5, 10)
    return os.getpid()


def test_value_and_progress_come_back_from_another_process() -> None:
    seen: list[tuple] = []
    child = stage_process.run(_counting, lambda *args: seen.append(args))
    assert child != os.getpid()
    assert seen == [("read x", 1), ("read x", 2), ("read x", 3), ("read y", 5, 10)]


def _refuse(_told: stage_process.Progress) -> None:
    raise ValueError("the graph is linked blind to ids")


def test_an_error_is_raised_here_as_it_was_there() -> None:
    with pytest.raises(ValueError, match="linked blind") as caught:
        stage_process.run(_refuse, None)
    assert any("read-and-link process" in note for note in caught.value.__notes__)


class _Unpicklable(Exception):
    def __init__(self, what: str, handle: object) -> None:
        super().__init__(what)
        self.handle = handle


def _raise_unpicklable(_told: stage_process.Progress) -> None:
    raise _Unpicklable("no way back", lambda: None)


def test_an_error_that_cannot_travel_is_described() -> None:
    with pytest.raises(stage_process.StageProcessError, match="_Unpicklable: no way back"):
        stage_process.run(_raise_unpicklable, None)


def _killed(_told: stage_process.Progress) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_child_is_an_error_that_says_so() -> None:
    with pytest.raises(stage_process.StageProcessError, match="exit code -9, killed: out of memory"):
        stage_process.run(_killed, None)


def test_a_run_whose_child_dies_while_linking_changes_nothing_and_the_next_completes_it(
        store: GraphStore, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not stage_process.wanted():
        pytest.skip("this platform does not fork: the stages run in the ingest process")
    inputs = small_inputs(sample_dir)
    monkeypatch.setattr(graph.build, "_link", lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(stage_process.StageProcessError, match="the graph was not touched"):
        ingest(inputs, store, report_path=tmp_path / "r1.jsonl")
    assert count_all(store) == (0, 0)
    state = SyncState(state_path(store))
    try:
        assert state.is_empty() and state.pending_count() == 0  # the child's transaction never committed
    finally:
        state.close()
    monkeypatch.undo()
    report = ingest(inputs, store, report_path=tmp_path / "r2.jsonl")
    assert report.totals["loaded"] == 15 and report.writes.nodes_created > 0
    assert count_all(store)[0] == report.writes.nodes_created


def _adding_to(counts: Counter[str]) -> stage_process.Progress:
    return lambda what, n: counts.update({what: n})


def test_in_the_child_or_not_the_same_graph(sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import open_embedded

    inputs = small_inputs(sample_dir)
    graphs = []
    for choice in ("on", "off"):
        monkeypatch.setenv("GLAMGRAPH_READ_LINK_PROCESS", choice)
        store = open_embedded(tmp_path / choice)
        try:
            counts: Counter[str] = Counter()
            report = ingest(inputs, store, report_path=tmp_path / f"{choice}.jsonl", progress=_adding_to(counts))
            nodes = sorted(map(repr, store.query("MATCH (n) RETURN labels(n), properties(n)").rows))
            edges = sorted(map(repr, store.query(
                "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key), type(r), coalesce(b.id, b.key), properties(r)").rows))
            aliases = report.aliases
            graphs.append((report.totals, report.entities, report.links_by_status, counts, nodes, edges))
        finally:
            store.close()
    assert graphs[0] == graphs[1]  # the progress the child relayed included
    assert graphs[0][4] and graphs[0][5]
    assert graphs[0][3]["link aliases"] == aliases > 0  # a first ingest links every alias
    assert {"link aliases", "records", "links"} <= set(graphs[0][3])


def test_the_child_ends_when_the_ingest_process_is_killed(tmp_path: Path) -> None:
    """kill -9 of the ingest process: its child must not go on holding (or commit) the state."""
    import subprocess
    import sys
    import textwrap
    import time

    marker = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from graph import stage_process

        def work(told):
            Path({str(marker)!r}).write_text(str(os.getpid()))
            time.sleep(120)

        stage_process.run(work, None)
    """)
    root = Path(__file__).resolve().parent.parent
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline and parent.poll() is None, "the child never started"
            time.sleep(0.05)
        child = int(marker.read_text())
        os.kill(child, 0)  # alive while its parent is
        parent.kill()
        parent.wait(timeout=30)
        gone_by = time.monotonic() + 10
        while time.monotonic() < gone_by:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                return
            if Path(f"/proc/{child}/stat").read_text().split()[2] == "Z":  # ended, not yet reaped
                return
            time.sleep(0.05)
        os.kill(child, signal.SIGKILL)
        pytest.fail(f"the child {child} outlived its killed parent")
    finally:
        if parent.poll() is None:
            parent.kill()
