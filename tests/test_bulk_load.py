"""A first ingest into an empty embedded graph goes through FalkorDB's bulk insert (GRAPH.BULK): it
must give exactly the graph the Cypher CREATE batches give, and refuse what it cannot carry.

Every test runs against the real engine; the sample records are read in place."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

import graph.loader
from graph.build import ingest
from graph.loader import BulkLoader
from graph.store import GraphStore, StoreError
from graph.store.falkordb_bulk import BulkIds, BulkValueError, EdgeTokens, _KeyIds, by_names, node_tokens, value
from tests.conftest import open_embedded, sample_inputs
from tests.graph_compare import differences

# Real sources of three kinds (museum JSON and CSV, LIDO, MARC XML), small enough for a test.
SOURCES = ("tate", "lido_examples", "library_marc/lc_marc2bibframe2_testdata", "linked_art_examples")


def _ingest(sample_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, bulk: str,
            names: tuple[str, ...] = SOURCES) -> tuple[GraphStore, object]:
    monkeypatch.setenv("GLAMGRAPH_BULK_LOAD", bulk)
    store = open_embedded(data_dir)
    report = ingest(sample_inputs(sample_dir, names), store, report_path=data_dir.parent / f"{bulk}.jsonl")
    return store, report


def _differences_from_a_cypher_build(store: GraphStore, sample_dir: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How `store` differs from one fresh build of SOURCES written through Cypher."""
    fresh, _ = _ingest(sample_dir, tmp_path / "fresh", monkeypatch, "off")
    try:
        return differences(store, fresh)
    finally:
        fresh.close()


def test_a_first_ingest_in_bulk_gives_the_graph_cypher_gives(sample_dir: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    bulk, bulk_report = _ingest(sample_dir, tmp_path / "bulk", monkeypatch, "on")
    cypher, cypher_report = _ingest(sample_dir, tmp_path / "cypher", monkeypatch, "off")
    try:
        assert bulk_report.writes.bulk and not cypher_report.writes.bulk
        assert differences(bulk, cypher) == []
        # (properties_set differs: a Cypher MERGE counts the key it merges on and then sets again)
        for kind in ("nodes_created", "relationships_created"):
            assert getattr(bulk_report.writes, kind) == getattr(cypher_report.writes, kind), kind
        assert bulk_report.writes.relationships_created > 1000
        # each node's properties in the order Cypher's `SET n = props` gives them
        order = "MATCH (n:Record) RETURN n.id, keys(n) ORDER BY n.id"
        assert bulk.query(order).rows == cypher.query(order).rows
        # the indexes the queries use hold the bulk-created nodes
        some = cypher.query("MATCH (p:Person) RETURN p.id, p.name ORDER BY p.id LIMIT 5").rows
        for person_id, name in some:
            assert bulk.query("MATCH (p:Person {id: $id}) RETURN p.name", {"id": person_id}).rows == [[name]]
    finally:
        bulk.close()
        cypher.close()


def test_a_graph_written_in_bulk_then_synced_equals_a_fresh_build(sample_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The next ingest (the graph is no longer empty) writes through Cypher, onto what the bulk made."""
    first = ("tate", "lido_examples")
    store, _ = _ingest(sample_dir, tmp_path / "synced", monkeypatch, "on", first)
    try:
        report = ingest(sample_inputs(sample_dir, SOURCES), store, report_path=tmp_path / "again.jsonl")
        assert not report.writes.bulk and report.writes.nodes_created > 0
        assert _differences_from_a_cypher_build(store, sample_dir, tmp_path, monkeypatch) == []
    finally:
        store.close()


def test_a_graph_emptied_by_deletes_is_made_again_before_a_bulk_load(sample_dir: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleted nodes' ids are handed out again; the bulk load starts from a graph created anew."""
    store, _ = _ingest(sample_dir, tmp_path / "emptied", monkeypatch, "on", ("lido_examples",))
    try:
        store.write("MATCH (n) DETACH DELETE n")
        report = ingest(sample_inputs(sample_dir, SOURCES), store, report_path=tmp_path / "again.jsonl")
        assert report.writes.bulk
        assert _differences_from_a_cypher_build(store, sample_dir, tmp_path, monkeypatch) == []
    finally:
        store.close()


# What the record-edge parts were written by, and how (set by a test; the forked child sees what was set
# before it started). The parts cross a pipe to the child, so the spy is a module-level function.
_SPY: dict[str, Any] = {}


def _spied_record_edges(*args: Any) -> None:
    in_the_child = os.getpid() != _SPY["parent"]
    if _SPY.get("fail_in_the_child") and in_the_child:
        raise ValueError("no room left on the device")
    if _SPY.get("killed_in_the_child") and in_the_child:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    if "taken" in _SPY:
        with _SPY["taken"].get_lock():
            _SPY["taken"][1 if in_the_child else 0] += 1
    _SPY["real"](*args)


def test_record_edges_shared_by_two_processes_give_the_cypher_graph(sample_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked child writes record edges from the front of the list while the loader writes aliases and
    links, then takes the rest from the back: with parts of 50 records both take many, in turns."""
    taken = multiprocessing.get_context("fork").Array("q", [0, 0])  # parts written here, in the child
    monkeypatch.setattr(sys.modules[__name__], "_SPY", {"parent": os.getpid(), "taken": taken,
                                                        "real": graph.loader._write_record_edges})
    monkeypatch.setenv("GLAMGRAPH_BULK_LOAD", "on")
    monkeypatch.setattr(graph.loader, "_write_record_edges", _spied_record_edges)
    store = open_embedded(tmp_path / "shared")
    try:
        report = ingest(sample_inputs(sample_dir, SOURCES), store, report_path=tmp_path / "shared.jsonl", batch_size=50)
        assert report.writes.bulk
        assert taken[1] > 0 and taken[0] + taken[1] > 10  # (how many the parent takes depends on timing)
        monkeypatch.setattr(graph.loader, "_write_record_edges", _SPY["real"])
        cypher, cypher_report = _ingest(sample_dir, tmp_path / "cypher", monkeypatch, "off")
        try:
            assert differences(store, cypher) == []
            assert report.writes.relationships_created == cypher_report.writes.relationships_created
        finally:
            cypher.close()
    finally:
        store.close()


@pytest.mark.parametrize(("how", "message"), [
    ("fail_in_the_child", "writing the record edges failed: ValueError: no room left"),  # its reason
    ("killed_in_the_child", r"writing the record edges stopped \(exit code -9\)"),  # gone without a word
])
def test_a_record_edges_child_that_fails_stops_the_ingest_with_a_clear_message(
        how: str, message: str, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "_SPY", {"parent": os.getpid(), how: True,
                                                        "real": graph.loader._write_record_edges})
    monkeypatch.setenv("GLAMGRAPH_BULK_LOAD", "on")
    monkeypatch.setattr(graph.loader, "_write_record_edges", _spied_record_edges)
    store = open_embedded(tmp_path / "failing")
    try:
        with pytest.raises(StoreError, match=message):
            ingest(sample_inputs(sample_dir, SOURCES), store, report_path=tmp_path / "failing.jsonl")
    finally:
        store.close()


def test_node_ids_not_as_expected_stop_the_load_before_any_edge(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "graph")
    try:
        assert store.bulk_load_start() == 0
        load = BulkLoader(store, 100, None, first_id=3)  # the graph will number them from 0
        load.nodes("records", "Record", "LibraryItem", True, [{"key": "a:1", "props": {"id": "a:1"}},
                                                              {"key": "a:2", "props": {"id": "a:2"}}])
        load.nodes("institutions", "Institution", None, True, [{"key": "a", "props": {"id": "a"}}])
        with pytest.raises(StoreError, match="did not number its nodes"):
            load.held_by(True, [{"record": "a:1", "institution": "a"}])
        load.abandon()
        assert store.query("MATCH ()-[r]->() RETURN count(r)").rows == [[0]]
    finally:
        store.close()


def test_values_arrive_as_cypher_sets_them(tmp_path: Path) -> None:
    """Every kind of value the state holds, written both ways on the real engine."""
    props = {"text": "Mêlée — 東京 \"quoted\" back\\slash\nline", "empty": "", "int": -(2 ** 63), "big": 2 ** 63 - 1,
             "float": 1.0 / 3, "yes": True, "no": False, "gone": None, "list": ["a", "b"], "nums": [1, 2.5],
             "none": [], "mixed": ["x", 3, False]}
    store = open_embedded(tmp_path / "graph")
    try:
        store.write("UNWIND $rows AS row CREATE (n:Theme) SET n = row.props", {"rows": [{"props": {"id": "c", **props}}]})
        assert store.bulk_load_start() is None  # not empty: no bulk load
        store.write("MATCH (n) DETACH DELETE n")
        assert store.bulk_load_start() == 0
        store.write("UNWIND $rows AS row CREATE (n:Theme) SET n = row.props", {"rows": [{"props": {"id": "c", **props}}]})
        tokens, count = node_tokens("Theme", by_names([{"id": "b", **props}]))
        edges = EdgeTokens()
        edges.add("BROADER", 1, 0, {"key": "k", **props})
        edges.add("BROADER", 1, 0, None)
        assert count == edges.properties == len(props)  # "gone" is not set; "id" and "key" are
        store.send_prepared(store.prepare_bulk(tokens, edges.tokens(), 1, 2, count + edges.properties))
        rows = store.query("MATCH (n:Theme) RETURN n.id, properties(n), keys(n) ORDER BY n.id").rows
        assert [r[0] for r in rows] == ["b", "c"]
        assert rows[0][2] == rows[1][2] == ["id", *(k for k in props if k != "gone")]
        assert rows[0][1]["text"] == props["text"] and rows[0][1]["big"] == 2 ** 63 - 1
        assert {k: v for k, v in rows[0][1].items() if k != "id"} == {k: v for k, v in rows[1][1].items() if k != "id"}
        edge_rows = store.query("MATCH (a)-[r:BROADER]->(b) RETURN a.id, b.id, properties(r) ORDER BY size(keys(r))").rows
        assert edge_rows[0] == ["b", "c", {}]
        assert edge_rows[1][:2] == ["b", "c"] and edge_rows[1][2]["key"] == "k" and edge_rows[1][2]["mixed"] == ["x", 3, False]
    finally:
        store.close()


# Cypher refuses the same as property values ("primitive types or arrays of primitive types").
@pytest.mark.parametrize("bad", ["a\x00b", 2 ** 63, {"a": 1}, b"bytes", [{"a": 1}], ["a", None], [["nested"]]])
def test_a_value_the_format_cannot_carry_is_refused(bad: object) -> None:
    with pytest.raises(BulkValueError):
        value(bad)
    with pytest.raises(BulkValueError):
        node_tokens("Theme", by_names([{"id": "x", "bad": bad}]))


class _SameHash(str):
    """A key whose hash every other such key shares: a 64-bit hash clash made on purpose."""

    def __hash__(self) -> int:
        return 42


def test_node_ids_are_found_by_key_across_batches_labels_and_merges() -> None:
    ids = BulkIds(7)
    records = [f"record:test:{n}" for n in range(3 * _KeyIds.MERGE_AT * 500)]
    for start in range(0, len(records), 500):  # enough batches to merge the segments more than once
        ids.add("Record", records[start:start + 500])
    ids.add("Person", ["person:a", "person:b"])
    assert ids.next == 7 + len(records) + 2 and len(ids) == len(records) + 2
    assert ids.lookup("Record", records[::-1]) == list(range(6 + len(records), 6, -1))
    assert ids.lookup("Person", ["person:b", "record:test:0", "person:a"]) == [8 + len(records), -1, 7 + len(records)]
    assert ids.lookup("Place", ["person:a"]) == [-1]


def test_keys_whose_hashes_clash_keep_their_own_node_ids() -> None:
    ids = BulkIds(0)
    ids.add("Theme", [_SameHash("a"), "plain", _SameHash("b"), _SameHash("a")])  # "a" twice: the first id stays
    ids.add("Theme", [_SameHash("c")])  # the hash was added in an earlier batch
    assert ids.lookup("Theme", [_SameHash("a"), _SameHash("b"), _SameHash("c"), "plain", "other"]) == [0, 2, 4, 1, -1]
