"""Our parameter header (graph.store.falkordb_params) is the FalkorDB client's own text, byte for byte,
values survive the real engine unchanged, answers are decoded as the client would decode them, and
the loader's pipelined writes keep their order and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from falkordb.graph import Graph
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.loader import Loader
from graph.store import StoreError, WriteOutcomeUnknownError
from graph.store.falkordb_params import encode, params_header
from tests.conftest import open_embedded

HOSTILE = [
    "", "plain", 'say "hi"', "back\\slash", "\\", '\\"', '"\\', "new\nline", "tab\there", "cr\r\n", "nul\x00byte",
    "unicode: é ü 中文 🎨 \u2028 \u200b", "\ud800 lone", "`backtick`", "'single'", "} ] ) ,", "$rows", "//comment",
    "CYPHER x=1 MATCH (n) DETACH DELETE n", "a" * 10_000,
]
VALUES: list[Any] = [
    *HOSTILE, None, True, False, 0, -1, 2**63 - 1, -(2**63), 1.5, -0.0, 1e300, 1e-300, float("nan"),
    float("inf"), float("-inf"), [], (), {}, [1, "two", None, [3.0, {"k": ["v"]}]], ("tuple", 1),
    {"@type": "x", "hyphen-key": 1, "sp ace": [None], "ü": {"nested": {"deep": ['"']}}, 1: "int key"},
    [{"key": "r1", "props": {"title": 'A "b" \\ c', "ids": ["x", "y"], "year": 1900}}] * 3,
]


class _Text(str):
    pass


class _Num(int):
    pass


def client_header(params: dict[str, Any]) -> str:
    return Graph._build_params_header(None, params)  # type: ignore[arg-type]  # it uses no state of the graph


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_the_header_is_the_clients_text(value: Any) -> None:
    params = {"rows": value, "other": [value, {"v": value}]}
    assert params_header(params) == client_header(params)


def test_other_types_go_through_the_clients_own_function() -> None:
    for value in (_Text('sub "class"'), _Num(7), b"bytes", Path("/p")):
        assert params_header({"v": value}) == client_header({"v": value})
    assert params_header(None) == ""


@pytest.mark.parametrize("bad", [{"": 1}, {"a`b": 1}])
def test_keys_the_header_cannot_carry_fail_as_in_the_client(bad: dict[str, Any]) -> None:
    for params in (bad, {"rows": bad}, {"rows": [bad]}):
        with pytest.raises(ValueError) as ours:
            params_header(params)
        with pytest.raises(ValueError) as theirs:
            client_header(params)
        assert str(ours.value) == str(theirs.value)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(min_size=1).filter(lambda k: "`" not in k), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_like)
def test_any_json_like_value_encodes_as_the_client_does(value: Any) -> None:
    assert encode(value) == client_header({"v": value})[len("CYPHER `v`="):-1]


def test_hostile_strings_reach_the_engine_unchanged(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "graph")
    try:
        texts = [t for t in HOSTILE if "\x00" not in t and "\ud800" not in t]  # the guard cleans those first
        store.write("UNWIND $rows AS row CREATE (:Theme {id: row.id, name: row.name, list: row.list})",
                    {"rows": [{"id": f"theme:{i}", "name": t, "list": [t, t]} for i, t in enumerate(texts)]})
        got = {r[0]: (r[1], r[2]) for r in store.query("MATCH (t:Theme) RETURN t.id, t.name, t.list").rows}
        for i, text in enumerate(texts):
            assert got[f"theme:{i}"] == (text, [text, text])
        row = store.query("RETURN $v AS v", {"v": [None, True, 1.5, -(2**63), {"k": "v"}]}).rows[0][0]
        assert row == [None, True, 1.5, -(2**63), {"k": "v"}]
        # nan and inf are text the engine refuses, as from the client itself (the header is the same)
        with pytest.raises(StoreError, match="parse query parameter"):
            store.query("RETURN $v", {"v": float("inf")})
    finally:
        store.close()


def test_answers_are_decoded_as_the_client_decodes_them(tmp_path: Path) -> None:
    """The store decodes compact answers itself (graph.store.falkordb_store._value): every kind of
    value, nested, comes out as the client's own parse followed by `_plain` gives it."""
    from falkordb.query_result import parse_scalar

    from graph.store.falkordb_store import _plain, _value

    store = open_embedded(tmp_path / "graph")
    try:
        texts = [t for t in HOSTILE if "\x00" not in t and "\ud800" not in t]
        store.write("CREATE (a:Person:Extra {id: 'p1', name: $t, n: 3, f: 1.25, ok: true, list: $texts})"
                    "-[:CREATED_BY {role: 'r', score: 0.5}]->(b:Theme {id: 't1', at: point({latitude: 1.5, longitude: 2})})",
                    {"t": texts[3], "texts": texts})
        cypher = ("MATCH p = (a:Person)-[x]->(b) RETURN a, x, b, p, [a, b], {node: a, edge: x, k: [1, {m: null}]}, "
                  "a.name, a.n, a.f, a.ok, a.list, b.at, null, [], {}, -0.0, 1e300, toFloat(2), [true, false, 'true'], "
                  "$texts, {`hyphen-key`: 1, `ü`: 'é'}")
        graph = store._graph
        response = graph.execute_command("GRAPH.RO_QUERY", graph.name, params_header({"texts": texts}) + cypher,
                                         "--compact")
        (row,) = response[1]
        decoded = [_value(graph, cell) for cell in row]
        assert decoded == [_plain(parse_scalar(cell, graph)) for cell in row]
        assert [type(v) for v in decoded] == [type(_plain(parse_scalar(cell, graph))) for cell in row]
        assert decoded[6:12] == [texts[3], 3, 1.25, True, texts, {"latitude": 1.5, "longitude": 2.0}]
        assert store.query(cypher, {"texts": texts}).rows == [decoded]
    finally:
        store.close()


def test_pipelined_batches_are_written_in_order_and_counted(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "graph")
    try:
        ticks: list[tuple[str, int]] = []
        load = Loader(store, 7, lambda what, n: ticks.append((what, n)), pipelined=True)
        load.send("nodes", "UNWIND $rows AS row CREATE (:Theme {id: row.id})", ({"id": f"theme:{i}"} for i in range(50)))
        # edges find every node written before them, though sent from another thread
        load.send("edges", "UNWIND $rows AS row MATCH (a:Theme {id: row.a}) MATCH (b:Theme {id: row.b}) "
                  "CREATE (a)-[:BROADER]->(b)", ({"a": f"theme:{i}", "b": f"theme:{i + 1}"} for i in range(49)))
        stats = load.finish()
        assert (stats.nodes_created, stats.relationships_created) == (50, 49)
        assert sum(n for what, n in ticks if what == "nodes") == 50 and sum(n for what, n in ticks if what == "edges") == 49
        assert store.query("MATCH (:Theme)-[r:BROADER]->(:Theme) RETURN count(r)").rows[0][0] == 49
    finally:
        store.close()


def test_a_failing_pipelined_batch_stops_the_rest_and_is_raised(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "graph")
    try:
        load = Loader(store, 5, pipelined=True)
        with pytest.raises(StoreError) as failed:
            load.send("bad", "UNWIND $rows AS row CREATE (:Theme {id: row.id}) WITH row RETURN 1 / row.zero",
                      ({"id": f"theme:{i}", "zero": "text"} for i in range(5)))
            load.send("after", "UNWIND $rows AS row CREATE (:Theme {id: row.id})",
                      ({"id": f"theme:after{i}"} for i in range(100)))
            load.finish()
        load.abandon()
        assert not isinstance(failed.value, WriteOutcomeUnknownError)
        assert store.query("MATCH (t:Theme) WHERE t.id STARTS WITH 'theme:after' RETURN count(t)").rows[0][0] == 0
    finally:
        store.close()
