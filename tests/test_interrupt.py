"""Ctrl-C during an ingest: the graph is closed cleanly (lock released, no server left behind)
and re-running the same ingest gives the same graph as an uninterrupted one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import open_embedded

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


def test_ctrl_c_then_rerun_gives_the_same_graph(sample_dir: Path, tmp_path: Path) -> None:
    source = str(sample_dir / "nga")
    interrupted = tmp_path / "interrupted"
    process = glamgraph("ingest", source, "--batch-size", "500", data_dir=interrupted)
    # Wait until loading has begun (the progress lines), then press Ctrl-C.
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    for line in process.stdout:
        if "records:" in line or "entities:" in line or "aliases:" in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=120)[0]
    assert process.returncode != 0, output
    assert "Traceback" not in output, output

    # The lock is free again and the store opens; a re-run completes the graph.
    rerun = glamgraph("ingest", source, data_dir=interrupted)
    assert rerun.wait(timeout=300) == 0, rerun.communicate()[0]
    clean = tmp_path / "clean"
    assert glamgraph("ingest", source, data_dir=clean).wait(timeout=300) == 0
    assert counts(interrupted) == counts(clean)
