"""Reading a graph another process serves: commands that only read attach to the owner's server
(no second load, no second server); they cannot write; nobody attaches to a dead owner's leftovers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph.build import ingest
from graph.store import ReadOnlyError
from graph.store.attached import AttachedFalkorDBStore, served_socket
from graph.store.embedded_process import servers_in, settings_file
from graph.store.falkordb_store import DB_FILE, FalkorDBStore, GraphInUseError
from graph.store.open_store import open_store
from tests.conftest import open_embedded
from tests.test_store import count_all, small_inputs

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def served(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A small real graph, owned (served) by this test process."""
    data_dir = tmp_path_factory.mktemp("served") / "graph"
    owner = open_embedded(data_dir)
    ingest(small_inputs(sample_dir), owner, report_path=data_dir.parent / "r.jsonl")
    yield owner
    owner.close()


def test_a_reader_attaches_instead_of_starting_a_server(served: FalkorDBStore) -> None:
    servers = servers_in(served.data_dir)
    reader = open_store(served.data_dir, read_only=True)
    try:
        assert isinstance(reader, AttachedFalkorDBStore) and reader.owner == str(os.getpid())
        assert servers_in(served.data_dir) == servers  # no second server on the same files
        assert count_all(reader) == count_all(served) and count_all(reader)[0] > 15
        hits = reader.query("CALL db.idx.fulltext.queryNodes('Record', 'Driemuy') YIELD node RETURN count(node)")
        assert hits.rows[0][0] > 0
    finally:
        reader.close()
    assert count_all(served)[0] > 15  # closing a reader leaves the owner's server running


def test_a_reader_cannot_write_and_a_writer_is_refused(served: FalkorDBStore) -> None:
    reader = open_store(served.data_dir, read_only=True)
    try:
        with pytest.raises(ReadOnlyError, match=f"served by pid {os.getpid()}"):
            reader.write("CREATE (:Theme {id: 'theme:attached-write'})")
        assert served.query("MATCH (t:Theme {id: 'theme:attached-write'}) RETURN count(t)").rows[0][0] == 0
    finally:
        reader.close()
    with pytest.raises(GraphInUseError, match=f"in use by pid {os.getpid()}"):
        open_store(served.data_dir)  # a writer never attaches


def test_commands_that_read_attach_and_commands_that_write_are_refused(served: FalkorDBStore) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    base = [sys.executable, "-m", "cli"]
    stats = subprocess.run([*base, "stats", "--json", "--data-dir", str(served.data_dir)], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert stats.returncode == 0, stats.stderr
    assert f"through pid {os.getpid()}" in stats.stderr
    counts = json.loads(stats.stdout)
    assert sum(counts["labels"].values()) >= count_all(served)[0]  # a node may carry several labels
    run = subprocess.run([*base, "link", "run", "--data-dir", str(served.data_dir)], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and f"in use by pid {os.getpid()}" in run.stderr, run.stderr


def test_a_dead_owners_registry_is_never_attached(tmp_path: Path) -> None:
    data_dir = tmp_path / "graph"
    data_dir.mkdir()
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "redis.socket"))  # a socket that exists, but no server of this folder
    try:
        settings_file(data_dir / DB_FILE).write_text(json.dumps({"unixsocket": str(tmp_path / "redis.socket")}))
        assert served_socket(data_dir) is None
        store = open_store(data_dir, read_only=True)  # nobody owns it: the reader opens it itself
        try:
            assert isinstance(store, FalkorDBStore) and not isinstance(store, AttachedFalkorDBStore)
        finally:
            store.close()
    finally:
        listening.close()


def test_a_reader_notices_when_the_owner_stops(sample_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "graph"
    owner = open_embedded(data_dir)
    reader = open_store(data_dir, read_only=True)
    try:
        assert reader.served()
        owner.close()
        assert not reader.served()
    finally:
        reader.close()
        owner.close()
