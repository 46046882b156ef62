"""The exports, on the sample graph: neo4j-admin bulk-import files and Linked Art / Turtle."""

from __future__ import annotations

import json
import socket
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph, URIRef

from graph import model
from graph.export import linked_art as export_linked_art
from graph.export import neo4j_admin as export_neo4j_admin
from graph.export.linked_art_documents import LINKED_ART_CONTEXT_URL, local_context
from tests.neo4j_admin_format import FormatError, check_role, parse_header, rows

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
LA = "https://linked.art/ns/terms/"
BASE = "https://example.org/glamgraph/"


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


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail on any TCP connection: the Linked Art context must come from the local file.
    (The embedded graph talks over a unix socket, which stays allowed.)"""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network access attempted: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def test_linked_art_export_of_the_whole_sample(sample_graph: Any, sample_counts: dict[str, Any],
                                               tmp_path: Path) -> None:
    """Every institution (a Group and its collection Set), record and entity becomes one document."""
    path = tmp_path / "sample.jsonld"
    done = export_linked_art.export(sample_graph, jsonld=path, turtle=None, base=BASE)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == LINKED_ART_CONTEXT_URL
    kinds = Counter(doc["type"] for doc in data["@graph"])
    labels = sample_counts["labels"]
    assert kinds["HumanMadeObject"] == labels.get("MuseumObject", 0)
    assert kinds["LinguisticObject"] == labels.get("LibraryItem", 0) + labels.get("ArchivalItem", 0)
    assert kinds["Person"] == labels["Person"] and kinds["Place"] == labels["Place"]
    assert kinds["Type"] == labels["Theme"]
    assert kinds["Group"] == labels["Organization"] + labels["Institution"]
    assert kinds["Set"] == labels["Institution"] and done.documents == len(data["@graph"])
    # Authority links: every canonical id with a known scheme is an `equivalent` URI.
    beato = next(d for d in data["@graph"] if d["id"] == BASE + "person/person%3Aulan%3A500002985")
    assert {e["id"] for e in beato["equivalent"]} >= {"http://vocab.getty.edu/ulan/500002985",
                                                      "http://www.wikidata.org/entity/Q318352"}
    used_terms = {key for doc in data["@graph"] for key in _keys(doc)}
    assert used_terms - {"@context"} <= set(local_context()), "a term the local context does not define"


def _keys(value: Any) -> set[str]:
    """Every JSON key used anywhere inside a document."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_linked_art_and_turtle_round_trip_through_rdflib(sample_graph: Any, tmp_path: Path, no_network: None) -> None:
    jsonld, turtle = tmp_path / "part.jsonld", tmp_path / "part.ttl"
    done = export_linked_art.export(sample_graph, jsonld=jsonld, turtle=turtle, base=BASE, limit=300, page=120)
    from_jsonld = export_linked_art.load_jsonld(jsonld)
    from_turtle = Graph().parse(turtle, format="turtle")
    assert len(from_jsonld) == len(from_turtle) > 10 * done.documents / 2
    assert from_jsonld.isomorphic(from_turtle)

    def count(graph: Graph, cls: str) -> int:
        return len(set(graph.subjects(RDF.type, URIRef(CRM + cls))))

    docs = Counter(d["type"] for d in json.loads(jsonld.read_text())["@graph"])
    assert docs["HumanMadeObject"] and docs["Person"] and docs["Type"]
    assert count(from_turtle, "E22_Human-Made_Object") == docs["HumanMadeObject"]
    assert count(from_turtle, "E33_Linguistic_Object") >= docs["LinguisticObject"]  # + descriptions, web pages
    assert count(from_turtle, "E21_Person") >= docs["Person"]  # + makers referenced by the records
    assert len(set(from_turtle.objects(None, URIRef(LA + "equivalent")))) > 0
