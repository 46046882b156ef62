"""Shared fixtures: real engines, real sample data (read in place from GLAMGRAPH_SAMPLE_DIR)."""

from __future__ import annotations

import faulthandler
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import settings
from graph.build import Input, ingest
from graph.store import GraphStore
from ingest.registry import expand, get_format
from ingest.samples import SAMPLE_SOURCES

REPO = Path(__file__).resolve().parent.parent
NEO4J_URI = os.environ.get("GLAMGRAPH_NEO4J_URI")
NEO4J_SKIP = "GLAMGRAPH_NEO4J_URI is not set: Neo4j tests skipped (no Neo4j server on this machine)"

# After the summary, the process has this long to end (stores closed at exit, children gone); if
# something still holds it, every thread's stack is printed and it exits with an error, so a CI
# run shows where instead of waiting out its time limit. A test running too long prints its stacks
# too (faulthandler_timeout in pyproject.toml).
EXIT_WITHIN_S = 300


def pytest_unconfigure(config: pytest.Config) -> None:
    faulthandler.dump_traceback_later(EXIT_WITHIN_S, exit=True)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    path = settings.sample_dir()
    if not (path / "moma" / "Artists.csv").exists():
        pytest.fail(f"Sample data not found in {path}; set GLAMGRAPH_SAMPLE_DIR to the shared data folder.")
    return path


def sample_inputs(sample_dir: Path, names: tuple[str, ...] | None = None) -> list[Input]:
    """Inputs for the demo's sample sources (all, or those whose path is in `names`)."""
    inputs = []
    for sample in SAMPLE_SOURCES:
        if names is not None and sample.path not in names:
            continue
        fmt = get_format(sample.format)
        for path, found in expand(sample_dir / sample.path, fmt):
            inputs.append(Input(path, found, sample.source, sample.institution))
    return inputs


def open_embedded(data_dir: Path) -> GraphStore:
    from graph.store.falkordb_store import FalkorDBStore

    store = FalkorDBStore(data_dir)
    store.ensure_schema()
    return store


def open_neo4j() -> GraphStore:
    from graph.store.neo4j_store import Neo4jStore

    store = Neo4jStore(
        NEO4J_URI or "",
        os.environ.get("GLAMGRAPH_NEO4J_USER", "neo4j"),
        os.environ.get("GLAMGRAPH_NEO4J_PASSWORD"),
        os.environ.get("GLAMGRAPH_NEO4J_DATABASE", "neo4j"),
    )
    store.clear()
    store.ensure_schema()
    return store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store on each engine (the Neo4j run skips without GLAMGRAPH_NEO4J_URI)."""
    if request.param == "neo4j":
        if not NEO4J_URI:
            pytest.skip(NEO4J_SKIP)
        opened = open_neo4j()
    else:
        opened = open_embedded(tmp_path / "graph")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_dir(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder the README's `glamgraph demo --no-app` leaves, run end to end once a session.

    Never opened itself: the graph allows one owner per folder, so each user opens a copy. With
    several test workers (pytest-xdist, `.ci/test`) the first one to need it makes it for all: the
    others wait on a lock in the run's shared temporary folder."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _run_demo(sample_dir, tmp_path_factory.mktemp("demo") / "graph")
    shared = tmp_path_factory.getbasetemp().parent / "demo"
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / "done").exists():
            _run_demo(sample_dir, shared / "graph")
            (shared / "done").touch()
    return shared / "graph"


def _run_demo(sample_dir: Path, data_dir: Path) -> Path:
    env = {**os.environ, "GLAMGRAPH_DATA_DIR": str(data_dir), "GLAMGRAPH_SAMPLE_DIR": str(sample_dir)}
    env.pop("GLAMGRAPH_NEO4J_URI", None)
    ran = subprocess.run([sys.executable, "-m", "cli", "demo", "--no-app"], cwd=REPO, env=env,
                         capture_output=True, text=True)
    assert ran.returncode == 0, (ran.stdout + ran.stderr)[-4000:]
    return data_dir


@pytest.fixture(scope="session")
def sample_graph(sample_dir: Path, demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The demo's sample catalogues (text extraction included, so queries can be tested on text
    mentions), opened from a copy of `demo_dir` and shared by read-only tests.

    Tests must not write to it; take the `store` fixture for that. `sample_report` is the report of
    the same ingest run again on it: it counts every record as the demo's run did (read, loaded,
    rejected, authorities, same_record) and writes nothing, which is checked here.
    """
    data_dir = tmp_path_factory.mktemp("sample_graph") / "graph"
    shutil.copytree(demo_dir, data_dir)
    graph = open_embedded(data_dir)
    report = ingest(sample_inputs(sample_dir), graph, report_path=data_dir.parent / "rejected.jsonl", extract=True)
    assert report.writes == type(report.writes)(), f"the demo's graph is not what an ingest gives: {report.writes}"
    graph.sample_report = report  # type: ignore[attr-defined]
    yield graph
    graph.close()
