"""Every Cypher statement glamgraph sends, checked on both engines.

- Neo4j 5: every query file (common and `.neo4j` variants), every loader statement and the
  Neo4j schema statements lint clean with @neo4j-cypher/language-support, with their
  parameters declared (one node process for all of them).
- FalkorDB: every query file (common and `.falkordb` variants) and every loader statement
  is accepted by `GRAPH.EXPLAIN`, and every query runs on the sample graph with its example
  parameters and returns rows.

Files are discovered from `queries/` when the tests are collected, so queries other people
add later are checked too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import queries
from graph import statements as pipeline
from graph.statements import all_statements as pipeline_statements
from graph.store.base import count_statements
from graph.store.neo4j_store import AWAIT_INDEXES, constraint_statements, index_statements
from tests.neo4j_lint import Statement, lint, unavailable_reason

QUERY_FILES = sorted(queries.QUERY_DIR.glob("*.cypher"))
_PLACEHOLDERS: dict[str, Any] = {"int": 1, "float": 0.5, "str": "x", "bool": True}


def _engine_of(path: Path) -> str:
    parts = path.name[: -len(".cypher")].split(".")
    return parts[1] if len(parts) == 2 and parts[1] in queries.ENGINES else "common"


def _parsed(path: Path) -> tuple[dict[str, str], str, tuple[queries.Param, ...]]:
    header, body = queries.parse_header(path.read_text(encoding="utf-8"), path)
    return header, body, queries.parse_params(header.get("params", ""))


def _declared(params: tuple[queries.Param, ...]) -> dict[str, Any]:
    """Parameter values for linting: the example, else the default, else a value of the right type."""
    values = {}
    for p in params:
        raw = p.example if p.example is not None else p.default
        values[p.name] = p.convert(raw) if raw is not None else _PLACEHOLDERS.get(p.type, "x")
    return values


def _neo4j_statements() -> list[Statement]:
    statements = []
    for path in QUERY_FILES:
        if _engine_of(path) in ("common", "neo4j"):
            _, body, params = _parsed(path)
            statements.append(Statement(f"queries/{path.name}", body, _declared(params)))
    for i, cypher in enumerate(pipeline_statements()):
        # Loader statements take only $rows (a list of maps); declare whatever they use.
        declared = {name: [{"key": "k", "props": {}}] for name in queries.body_params(cypher)}
        statements.append(Statement(f"loader[{i}] {cypher[:60]}", cypher, declared))
    for i, cypher in enumerate(count_statements()):
        statements.append(Statement(f"stats[{i}] {cypher[:60]}", cypher))
    for i, cypher in enumerate(constraint_statements() + index_statements()):
        statements.append(Statement(f"neo4j schema[{i}] {cypher[:60]}", cypher))
    statements.append(Statement("neo4j await indexes", AWAIT_INDEXES, {"seconds": 300}))
    return statements


NEO4J_STATEMENTS = _neo4j_statements()
# Statements Neo4j 5 refuses: the lint must flag them, or a clean result would mean nothing.
BROKEN = [
    Statement("broken: typo", "MATCH (n:Person) RETURN n LIMT 5"),
    Statement("broken: undeclared", "MATCH (n:Person {id: $id}) RETURN n LIMIT $limit", {"id": "x"}),
    Statement("broken: removed in 5", "MATCH (n:Person) RETURN size((n)-->()) AS degree"),
]


@pytest.fixture(scope="module")
def lint_results() -> dict[str, list[dict[str, Any]]]:
    """One node process lints everything (starting it costs seconds)."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    return lint(NEO4J_STATEMENTS + BROKEN)


@pytest.mark.parametrize("statement", NEO4J_STATEMENTS, ids=[s.id for s in NEO4J_STATEMENTS])
def test_lints_clean_on_neo4j5(statement: Statement, lint_results: dict[str, list[dict[str, Any]]]) -> None:
    errors = lint_results[statement.id]
    assert errors == [], f"{statement.id} does not lint on Neo4j 5:\n{statement.query}\n{errors}"


def test_lint_catches_broken_statements(lint_results: dict[str, list[dict[str, Any]]]) -> None:
    """The lint must fail on what Neo4j 5 refuses, or the test above could pass silently."""
    for statement in BROKEN:
        assert lint_results[statement.id], f"the lint let through: {statement.query}"
    assert "$limit" in lint_results["broken: undeclared"][0]["message"]


def _falkordb_files() -> list[Path]:
    return [p for p in QUERY_FILES if _engine_of(p) in ("common", "falkordb")]


@pytest.mark.parametrize("path", _falkordb_files(), ids=lambda p: p.name)
def test_falkordb_accepts_query(path: Path, sample_graph: Any) -> None:
    _, body, params = _parsed(path)
    sample_graph.validate(body, _declared(params))


@pytest.mark.parametrize("cypher", pipeline_statements())
def test_falkordb_accepts_loader_statement(cypher: str, sample_graph: Any) -> None:
    sample_graph.validate(cypher, {name: [] for name in queries.body_params(cypher)})


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_header_params_match_body(path: Path) -> None:
    header, body, params = _parsed(path)
    declared = {p.name for p in params}
    assert declared == queries.body_params(body), f"{path.name}: header declares {sorted(declared)}"
    missing = [p.name for p in params if p.example is None]
    assert not missing, f"{path.name}: give every parameter an example value ({', '.join(missing)})"
    assert header["name"] == path.name.split(".")[0]


def _needs(path: Path) -> list[str]:
    """Relationship types a query cannot return rows without (`// needs: MENTIONS` in the header)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("// needs:"):
            return [t.strip() for t in line.split(":", 1)[1].split(",") if t.strip()]
    return []


@pytest.fixture(scope="module")
def sample_relationship_types(sample_graph: Any) -> set[str]:
    return set(sample_graph.counts()["relationships"])


@pytest.mark.parametrize("name", sorted(queries.load_all()))
def test_query_returns_rows_on_sample(name: str, sample_graph: Any, sample_relationship_types: set[str]) -> None:
    named = queries.load_all()[name]
    present = sample_relationship_types
    missing = [t for t in _needs(named.path) if t not in present] if named.path else []
    if missing:
        pytest.skip(f"{name} needs {', '.join(missing)} edges and the sample graph has none "
                    "(free-text entity extraction is not in the sample ingest)")
    result = sample_graph.query(named.text(sample_graph.engine), named.bind({}, use_examples=True))
    assert result.rows, f"{name} returned no rows on the sample with its example parameters"


def test_mentioned_not_catalogued_on_a_small_graph(store: Any) -> None:
    """The sample has no MENTIONS edges, so check the query's meaning on a graph built here:
    a person only mentioned is a lead; a person also catalogued in a field is not."""
    store.write_batches(pipeline.merge_nodes("Record", "MuseumObject"), [
        {"key": "t:1", "props": {"institution": "t", "title": "Letter"}},
        {"key": "t:2", "props": {"institution": "t", "title": "Portrait"}},
    ], 10)
    store.write_batches(pipeline.merge_nodes("Person"), [
        {"key": "person:a", "props": {"name": "Only Mentioned"}},
        {"key": "person:b", "props": {"name": "Also Catalogued"}},
    ], 10)
    store.write_batches(pipeline.record_edges("MENTIONS", "Person"), [
        {"record": "t:1", "entity": "person:a", "key": "m1", "props": {"score": 0.8}},
        {"record": "t:1", "entity": "person:b", "key": "m2", "props": {"score": 0.9}},
    ], 10)
    store.write_batches(pipeline.record_edges("ABOUT", "Person"), [
        {"record": "t:2", "entity": "person:b", "key": "a1", "props": {}},
    ], 10)
    named = queries.get("mentioned_not_catalogued")
    rows = store.query(named.text(store.engine), named.bind({"institution": "t"})).records()
    assert [(r["id"], r["mentioned_in"], r["example_titles"]) for r in rows] == [("person:a", 1, ["Letter"])]
