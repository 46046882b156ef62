"""Ctrl-C during an ingest: the graph is closed cleanly (lock released, no server left behind)
and re-running the same ingest gives the same graph as an uninterrupted one."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import open_embedded
from tests.test_sync import nga_share

REPO = Path(__file__).resolve().parent.parent


def glamgraph(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "GLAMGRAPH_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    env.pop("GLAMGRAPH_NEO4J_URI", None)
    return subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def counts(data_dir: Path) -> tuple[int, int]:
    store = open_embedded(data_dir)
    try:
        return (store.query("MATCH (n) RETURN count(n)").rows[0][0],
                store.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0])
    finally:
        store.close()


def _on_a_terminal(*args: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The command with stdout and stderr on a pseudo-terminal, as a person runs it: the progress
    bars are drawn only there."""
    env = {**os.environ, "GLAMGRAPH_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    env.pop("GLAMGRAPH_NEO4J_URI", None)
    main, child = pty.openpty()
    # Ctrl-C at a terminal reaches a command whose SIGINT is at its default. A test run started in the
    # background (`pytest ... &` from a script) ignores SIGINT, and a child would inherit that.
    process = subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                               stdout=child, stderr=child,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    os.close(child)
    return process, main


def _read(fd: int, until: tuple[str, ...], deadline: float) -> str:
    """Terminal output until one of `until` appears, the command ends, or the deadline passes."""
    out = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        out += chunk
        if until and any(word in out.decode(errors="replace") for word in until):
            break
    return out.decode(errors="replace")


def test_ctrl_c_then_rerun_gives_the_same_graph(sample_dir: Path, tmp_path: Path) -> None:
    # A third of NGA (tests/test_sync.py): the Ctrl-C still lands while its graph writes run, and the
    # re-run still has to complete what the interrupted one left pending; three runs of it cost half.
    nga_share(sample_dir / "nga", tmp_path / "nga")
    source = str(tmp_path / "nga")
    interrupted = tmp_path / "interrupted"
    process, terminal = _on_a_terminal("ingest", source, "--batch-size", "500", data_dir=interrupted)
    # Wait until loading has begun (its progress bars), then press Ctrl-C.
    seen = _read(terminal, ("records", "entities", "aliases"), time.monotonic() + 120)
    assert "read nga" in seen, seen  # the reading stage's bar was drawn on the terminal
    process.send_signal(signal.SIGINT)
    output = seen + _read(terminal, (), time.monotonic() + 120)
    process.wait(timeout=60)
    os.close(terminal)
    assert process.returncode != 0, output
    assert "Traceback" not in output, output

    # The lock is free again and the store opens; a re-run completes the graph.
    rerun = glamgraph("ingest", source, data_dir=interrupted)
    assert rerun.wait(timeout=300) == 0, rerun.communicate()[0]
    clean = tmp_path / "clean"
    assert glamgraph("ingest", source, data_dir=clean).wait(timeout=300) == 0
    assert counts(interrupted) == counts(clean)
