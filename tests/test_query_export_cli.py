"""`glamgraph query --list`, query results as CSV/JSON, and `glamgraph export`, through CliRunner
on a small real graph (two NLS survey files) ingested once for the module."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import queries
from cli import main
from graph.export import linked_art as export_linked_art


@pytest.fixture(scope="module")
def small_graph(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli_graph")
    files = sorted(str(p) for p in (sample_dir / "library_nls_datafoundry").glob("john_kirk_survey_0*_marc.xml"))
    result = CliRunner().invoke(main, ["ingest", *files, "--source", "nls", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return data_dir


def test_query_list_json_describes_every_query() -> None:
    result = CliRunner().invoke(main, ["query", "--list", "--json"])
    assert result.exit_code == 0, result.output
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert set(listed) == set(queries.load_all()) and len(listed) >= 15
    for name, q in listed.items():
        assert q["description"], name
        for p in q["parameters"]:
            assert {"name", "type", "example"} <= set(p) and p["example"] is not None, (name, p)
    shortest = listed["shortest_connection"]
    assert [p["name"] for p in shortest["parameters"]] == ["from", "to"]
    assert shortest["engines"] == ["falkordb", "neo4j"]
    plain = CliRunner().invoke(main, ["query", "--list"])
    assert "topic_pairs: " in plain.output and "$topic (str, e.g. cathedral)" in plain.output


def test_query_results_as_csv_and_json(small_graph: Path) -> None:
    args = ["query", "top_entities_by_institution", "-p", "institution=nls", "-p", "limit=5",
            "--data-dir", str(small_graph)]
    as_json = CliRunner().invoke(main, [*args, "--format", "json"])
    as_csv = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert as_json.exit_code == 0 and as_csv.exit_code == 0, as_json.output + as_csv.output
    records = json.loads(as_json.output)
    table = list(csv.reader(io.StringIO(as_csv.output)))
    assert 0 < len(records) <= 5
    assert table[0] == list(records[0])
    assert len(table) == len(records) + 1
    for row, record in zip(table[1:], records, strict=True):
        assert row[0] == record["id"] and int(row[3]) == record["records"]
        assert json.loads(row[4]) == record["also_held_by"]  # lists are JSON inside the cell


def test_query_refuses_unknown_parameter(small_graph: Path) -> None:
    result = CliRunner().invoke(main, ["query", "shared_themes", "-p", "nope=1", "--data-dir", str(small_graph)])
    assert result.exit_code == 1
    assert "Query 'shared_themes' has no parameter $nope; it takes: $institution_a, $institution_b, $limit." in result.output


def test_export_command_writes_every_format(small_graph: Path, tmp_path: Path) -> None:
    admin, tree, jsonl, turtle = tmp_path / "admin", tmp_path / "la", tmp_path / "g.jsonl", tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["export", "--neo4j-admin", str(admin), "--linked-art", str(tree),
                                       "--jsonl", str(jsonl), "--turtle", str(turtle), "--data-dir", str(small_graph)])
    assert result.exit_code == 0, result.output
    assert "neo4j-admin: " in result.output and f"then run: sh {admin / 'import.sh'}" in result.output
    assert "Linked Art: " in result.output and "Turtle: " in result.output
    manifest = json.loads((admin / "manifest.json").read_text())
    assert manifest["nodes"]["Record"] == 15 and manifest["nodes"]["Institution"] == 1
    documents = list(export_linked_art.read_jsonl(jsonl))
    assert len(export_linked_art.load_jsonl(jsonl)) > 0
    assert sum(1 for _ in tree.rglob("*.json")) == len(documents)  # one file per document
    assert sum(1 for _ in (tree / "text").glob("*.json")) == manifest["nodes"]["Record"]  # NLS: all texts


def test_export_needs_a_format(small_graph: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--data-dir", str(small_graph)])
    assert result.exit_code == 2
    assert "Say what to export: --neo4j-admin DIR, --linked-art DIR, --jsonl FILE and/or --turtle FILE." in result.output
