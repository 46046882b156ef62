"""kill -9 at random points during an ingest and during a re-sync; then the same command gives the
graph of a clean build, and the killed command's graph server does not outlive it.

The CLI runs as a subprocess on working copies of real Tate and MoMA records (tests/test_sync.py);
hypothesis picks where in the run the kill lands (a fraction of a clean run's duration).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.store.embedded_process import servers_in
from tests.conftest import open_embedded
from tests.graph_compare import differences
from tests.test_sync import OPERATIONS, make_sources

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("GLAMGRAPH_CRASH_EXAMPLES", "2"))


def _cli(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "GLAMGRAPH_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    env.pop("GLAMGRAPH_NEO4J_URI", None)
    return subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _run(data_dir: Path, args: list[str]) -> float:
    started = time.monotonic()
    process = _cli(data_dir, *args)
    output = process.communicate(timeout=600)[0]
    assert process.returncode == 0, output
    return time.monotonic() - started


def _kill_at(data_dir: Path, args: list[str], after_s: float) -> None:
    """Start the command, kill -9 it after `after_s` seconds; no graph server may work in its data
    folder soon after (found by the folder, so a server killed while starting counts too)."""
    process = _cli(data_dir, *args)
    deadline = time.monotonic() + after_s
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.kill()
    process.communicate(timeout=60)
    gone_by = time.monotonic() + 15
    while servers_in(data_dir) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert servers_in(data_dir) == [], f"graph server {servers_in(data_dir)} outlived its killed owner"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(first=st.floats(0.05, 0.95), second=st.floats(0.05, 0.95), seed=st.integers(0, 2**32))
def test_kill_9_anywhere_then_the_same_command_equals_a_clean_build(sample_dir: Path, first: float, second: float,
                                                                    seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="glamgraph-crash-") as tmp:
        root = Path(tmp)
        sources = make_sources(sample_dir, root / "src")
        args = ["ingest", str(sources.tate), "--batch-size", "40"]
        moma = ["ingest", str(sources.moma), "--batch-size", "40"]
        clean_time = _run(root / "clean", args)  # only timed: the kills land at a share of it

        living = root / "living"
        _kill_at(living, args, first * clean_time)
        _run(living, args)  # the same command completes what the killed one began
        _run(living, moma)

        rng = random.Random(seed)
        for name in rng.sample(sorted(OPERATIONS), 3):
            OPERATIONS[name](sources, rng)
        _kill_at(living, args, second * clean_time)  # a re-sync killed half way
        _run(living, args)
        _run(living, moma)

        fresh = root / "fresh"
        _run(fresh, args)
        _run(fresh, moma)
        a, b = open_embedded(living), open_embedded(fresh)
        try:
            assert differences(a, b) == [], (first, second, seed)
        finally:
            a.close()
            b.close()
