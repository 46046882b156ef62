"""The neo4j-admin bulk-import export, on the sample graph (Linked Art: tests/test_linked_art.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph import model
from graph.export import neo4j_admin as export_neo4j_admin
from tests.neo4j_admin_format import FormatError, check_role, parse_header, rows


@pytest.fixture(scope="module")
def sample_counts(sample_graph: Any) -> dict[str, Any]:
    return sample_graph.counts()


@pytest.fixture(scope="module")
def admin_export(sample_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> export_neo4j_admin.AdminExport:
    return export_neo4j_admin.export(sample_graph, tmp_path_factory.mktemp("admin"))


def test_neo4j_admin_files_follow_the_header_format(admin_export: export_neo4j_admin.AdminExport,
                                                     sample_counts: dict[str, Any]) -> None:
    directory = admin_export.directory
    ids: dict[str, set[str]] = {}
    labels: Counter[str] = Counter()
    for header in sorted((directory / "nodes").glob("*.header.csv")):
        fields = parse_header(header)
        check_role(header, fields, "nodes")
        (id_field,) = [f for f in fields if f.type == "ID"]
        space = ids.setdefault(id_field.group or "", set())
        for row in rows(header.with_name(header.name.replace(".header", "")), fields,
                        export_neo4j_admin.ARRAY_DELIMITER):
            node_id = row[f"{id_field.name}:ID"]
            assert node_id and node_id not in space, f"{header}: id '{node_id}' empty or repeated"
            space.add(node_id)
            labels.update(row[":LABEL"].split(export_neo4j_admin.ARRAY_DELIMITER))
    assert dict(labels) == sample_counts["labels"]

    types: Counter[str] = Counter()
    for header in sorted((directory / "relationships").glob("*.header.csv")):
        fields = parse_header(header)
        check_role(header, fields, "relationships")
        start = next(f for f in fields if f.type == "START_ID")
        end = next(f for f in fields if f.type == "END_ID")
        for row in rows(header.with_name(header.name.replace(".header", "")), fields,
                        export_neo4j_admin.ARRAY_DELIMITER):
            assert row[":START_ID"] in ids[start.group or ""], f"{header}: unknown start {row[':START_ID']}"
            assert row[":END_ID"] in ids[end.group or ""], f"{header}: unknown end {row[':END_ID']}"
            types[row[":TYPE"]] += 1
    assert dict(types) == sample_counts["relationships"]
    assert admin_export.node_count == sum(n for label, n in sample_counts["labels"].items() if label in model.NODE_KEYS)


def test_neo4j_admin_types_and_command(admin_export: export_neo4j_admin.AdminExport) -> None:
    directory = admin_export.directory
    person = {f"{f.name}:{f.type}{'[]' if f.array else ''}" for f in parse_header(directory / "nodes/Person.header.csv")}
    assert {"id:ID", "birth_year:int", "names:string[]", "ids:string[]"} <= person
    refers = parse_header(directory / "relationships/REFERS_TO.Alias.Person.header.csv")
    assert [(f.type, f.group) for f in refers[:2]] == [("START_ID", "Alias"), ("END_ID", "Person")]
    assert any(f.name == "score" and f.type == "double" for f in refers)
    script = (directory / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--array-delimiter=U+001F" in script
    for data in (directory / "nodes").glob("*.header.csv"):
        assert f"--nodes=nodes/{data.name},nodes/{data.name.replace('.header', '')}" in script
    for data in (directory / "relationships").glob("*.header.csv"):
        assert f"--relationships=relationships/{data.name},relationships/{data.name.replace('.header', '')}" in script
    assert json.loads((directory / "manifest.json").read_text())["nodes"] == admin_export.nodes


@pytest.mark.parametrize("header, role, problem", [
    ("id:ID(Person),name:text", "nodes", "unknown field type 'text'"),
    ("name:string,born:int", "nodes", "exactly one :ID"),
    (":START_ID(Record),:TYPE", "relationships", "one :START_ID and one :END_ID"),
    (":START_ID,:END_ID,:TYPE,:LABEL", "relationships", "cannot have :ID or :LABEL"),
    ("id:ID[]", "nodes", "cannot be an array"),
])
def test_header_checker_refuses_bad_headers(tmp_path: Path, header: str, role: str, problem: str) -> None:
    path = tmp_path / "bad.header.csv"
    path.write_text(header + "\n")
    with pytest.raises(FormatError, match=problem.replace("(", r"\(").replace("[", r"\[")):
        check_role(path, parse_header(path), role)


def test_header_checker_refuses_bad_values(tmp_path: Path) -> None:
    (tmp_path / "n.header.csv").write_text("id:ID,born:int,names:string[]\n")
    (tmp_path / "n.csv").write_text("a,1890,x;y\nb,about 1890,z\n")
    fields = parse_header(tmp_path / "n.header.csv")
    with pytest.raises(FormatError, match="born is int, got 'about 1890'"):
        list(rows(tmp_path / "n.csv", fields, ";"))
