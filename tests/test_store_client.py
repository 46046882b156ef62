"""The store client never re-sends a statement, and writes are correct for any batch size."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from graph.build import ingest
from graph.store import GraphStore, QueryTimeoutError, WriteOutcomeUnknownError
from tests.conftest import open_embedded, sample_inputs


def test_a_slow_write_is_sent_once(tmp_path: Path) -> None:
    """The server is frozen for longer than redis-py's old 5 s socket timeout while a write is on
    the wire; the client waits instead of sending it again (which created the node twice)."""
    store = open_embedded(tmp_path / "graph")
    try:
        pid = store._db.client.pid  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGSTOP)
        thaw = threading.Timer(6.5, os.kill, (pid, signal.SIGCONT))
        thaw.start()
        try:
            store.write("CREATE (:Theme {id: 'theme:sent-once'})")
        finally:
            thaw.join()
        assert store.query("MATCH (t:Theme {id: 'theme:sent-once'}) RETURN count(t)").rows[0][0] == 1
    finally:
        store.close()


def test_a_write_cut_off_is_reported_not_resent(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "graph")
    try:
        pid = store._db.client.pid  # type: ignore[attr-defined]
        killer = threading.Timer(0.3, os.kill, (pid, signal.SIGKILL))
        killer.start()
        with pytest.raises(WriteOutcomeUnknownError, match="may or may not have been applied.*not sent again"):
            # Long enough to still be running when the server dies.
            store.write("UNWIND range(1, 50000000) AS i WITH count(i) AS n CREATE (:Theme {id: 'theme:cut', n: n})")
        killer.join()
    finally:
        store.close()  # the server is gone: closing is quick and still removes its temporary folder


def test_the_engine_stops_a_slow_read(store: GraphStore) -> None:
    store.write("UNWIND range(1, 2000) AS i CREATE (:Theme {id: 'theme:t' + toString(i)})")
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="longer than 0.05 s"):
        store.query("MATCH (a:Theme), (b:Theme), (c:Theme) RETURN count(*)", timeout_s=0.05)
    assert time.monotonic() - started < 5
    assert store.query("MATCH (t:Theme) RETURN count(t)").rows[0][0] == 2000  # still answering


def _graph_signature(store: GraphStore) -> tuple[list[list[object]], list[list[object]]]:
    nodes = sorted(store.query("MATCH (n) WITH labels(n) AS labels, count(*) AS n RETURN labels, n").rows,
                   key=repr)
    edges = store.query(
        "MATCH (a)-[r]->(b) WITH type(r) AS type, count(*) AS n, count(DISTINCT a) AS starts, "
        "count(DISTINCT b) AS ends RETURN type, n, starts, ends ORDER BY type").rows
    return nodes, edges


def test_batch_size_does_not_change_the_graph(sample_dir: Path, tmp_path: Path) -> None:
    """--batch-size 100000, 100 and the default write the same graph (the issue: one batch of
    100000 rows was re-sent six times and left six REFERS_TO per alias)."""
    inputs = sample_inputs(sample_dir, ("moma", "library_nls_datafoundry"))
    signatures = []
    for size in (100000, 100, None):
        store = open_embedded(tmp_path / f"graph-{size}")
        try:
            kwargs = {} if size is None else {"batch_size": size}
            report = ingest(inputs, store, report_path=tmp_path / f"r-{size}.jsonl", **kwargs)
            assert report.totals["loaded"] > 1000
            signatures.append(_graph_signature(store))
            duplicates = store.query(
                "MATCH (a:Alias)-[r:REFERS_TO]->() WITH a, count(r) AS n WHERE n > 1 RETURN count(a)").rows[0][0]
            assert duplicates == 0
        finally:
            store.close()
    assert signatures[0] == signatures[1] == signatures[2]
