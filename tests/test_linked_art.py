"""The Linked Art export of the WHOLE demo graph, checked with tools this project did not write:
the official Linked Art API 1.0 JSON Schemas (jsonschema, Draft 2020-12), the official context
(pyld and rdflib expand documents with it), and Debian's `rapper` (raptor2) on the Turtle."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from graph.export import linked_art as export_linked_art
from graph.export.linked_art_documents import (
    AAT_EXHIBITION,
    AAT_RIGHTS_STATEMENT,
    LINKED_ART_CONTEXT_URL,
    NUMBER_TYPES,
    local_context,
)
from graph.export.rdf import Expander, UndefinedTerm, ntriples
from tests import linked_art_schema

BASE = "https://example.org/glamgraph/"
RECORD_TYPES = ("HumanMadeObject", "LinguisticObject", "Activity")


@pytest.fixture(scope="module")
def demo_export(sample_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    out = tmp_path_factory.mktemp("linked_art")
    done = export_linked_art.export(sample_graph, base=BASE, tree=out / "tree", jsonl=out / "all.jsonl",
                                    turtle=out / "all.ttl")
    docs = list(export_linked_art.read_jsonl(out / "all.jsonl"))
    yield {"done": done, "docs": docs, "dir": out}
    shutil.rmtree(out, ignore_errors=True)  # 0.7 GB of files for the sample


def test_every_document_validates_against_the_official_schema(demo_export: dict[str, Any]) -> None:
    """100% of the demo export, not a sample: each document against the schema of its type."""
    valid, invalid, examples = linked_art_schema.count(demo_export["docs"])
    print("valid per type:", dict(sorted(valid.items())))  # shown with -s; the counts the report gives
    assert not invalid, f"invalid documents per type: {dict(invalid)}; first problems: {examples}"
    assert sum(valid.values()) == demo_export["done"].documents == len(demo_export["docs"])
    assert set(valid) >= {"HumanMadeObject", "LinguisticObject", "Activity", "VisualItem", "Person", "Group",
                          "Place", "Type", "Set"}


def _broken(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Copies of a document with one schema violation each: a required key gone, a list made a
    string, a nested class or a label of the wrong kind."""
    yield {k: v for k, v in doc.items() if k != "id"}
    yield {**doc, "type": "Nonsense"}
    yield {**doc, "_label": 7}
    lists = [(key, value) for key, value in doc.items() if isinstance(value, list) and value
             and isinstance(value[0], dict)]
    for n, (key, value) in enumerate(lists):  # one break per list, the three kinds in turn
        yield [{**doc, key: "not a list"},
               {**doc, key: [{**value[0], "type": 12}, *value[1:]]},
               {**doc, key: [{k: v for k, v in value[0].items() if k != "type"}, *value[1:]]}][n % 3]


def test_the_fast_validator_agrees_with_the_reference_one(demo_export: dict[str, Any]) -> None:
    """jsonschema-rs checks every document; python-jsonschema, the reference, must give the same
    verdict on one document of each shape and on broken copies of them (most of which are invalid)."""
    shapes = _shapes(demo_export["docs"])
    cases = [(doc["type"], case) for doc in shapes for case in (doc, *_broken(doc))]
    verdicts: Counter[bool] = Counter()
    for kind, doc in cases:  # each against the schema of the document it was made from
        fast = linked_art_schema.fast_validator(kind).is_valid(doc)
        reference = linked_art_schema.validator(kind).is_valid(doc)
        assert fast == reference, f"the validators disagree on {json.dumps(doc)[:400]}"
        verdicts[fast] += 1
    assert verdicts[True] >= len(shapes) and verdicts[False] >= 2 * len(shapes), verdicts


def test_one_document_per_file_each_with_the_official_context(demo_export: dict[str, Any]) -> None:
    tree: Path = demo_export["dir"] / "tree"
    files = list(tree.rglob("*.json"))
    assert len(files) == len(demo_export["docs"]) == demo_export["done"].files
    ids = {d["id"] for d in demo_export["docs"]}
    assert len(ids) == len(demo_export["docs"]), "two documents with one id"
    for doc in demo_export["docs"][:: max(1, len(files) // 500)]:
        on_disk = json.loads(export_linked_art.document_path(tree, doc).read_text(encoding="utf-8"))
        assert on_disk == doc and on_disk["@context"] == LINKED_ART_CONTEXT_URL
        endpoint = doc["id"][len(BASE):].split("/")[0]
        assert linked_art_schema.SCHEMA_OF_TYPE[doc["type"]] == {"visual": "image"}.get(endpoint, endpoint) or (
            endpoint == "concept" and doc["type"] in ("Type", "Material"))


def _shapes(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One document per distinct shape (the set of key paths it uses): every term in every place."""
    def paths(value: Any, prefix: str) -> set[str]:
        if isinstance(value, dict):
            inner = {f"{prefix}/{value.get('type', '')}.{k}" for k in value}
            return inner.union(*(paths(v, f"{prefix}/{k}") for k, v in value.items()))
        if isinstance(value, list):
            return set().union(*(paths(v, prefix) for v in value)) if value else set()
        return set()

    seen: dict[frozenset[str], dict[str, Any]] = {}
    for doc in docs:
        seen.setdefault(frozenset(paths(doc, "")), doc)
    return list(seen.values())


def test_documents_expand_with_the_official_context_without_dropping_a_term(demo_export: dict[str, Any]) -> None:
    """pyld (JSON-LD 1.1 expansion) keeps every value of one document of each shape; our expander,
    which wrote the Turtle, knows every term of every document and gives rdflib's graph."""
    from pyld import jsonld

    context = {"@context": local_context()}

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        assert url == LINKED_ART_CONTEXT_URL, f"unexpected context {url}"
        return {"contextUrl": None, "documentUrl": url, "document": context}

    def values(node: Any) -> int:
        if isinstance(node, dict):
            return sum(values(v) for k, v in node.items() if k not in ("@context", "type", "@type"))
        if isinstance(node, list):
            return sum(values(v) for v in node)
        return 1

    def expanded_values(node: Any) -> int:  # every id and literal survives as an @id or an @value
        if isinstance(node, dict):
            return ("@id" in node) + ("@value" in node) + sum(expanded_values(v) for k, v in node.items()
                                                              if not k.startswith("@"))
        if isinstance(node, list):
            return sum(expanded_values(v) for v in node)
        return 0

    shapes = _shapes(demo_export["docs"])
    assert len(shapes) >= 20
    for doc in shapes:
        expanded = jsonld.expand(doc, {"documentLoader": loader})
        assert values(doc) == expanded_values(expanded), f"pyld dropped a term of {doc['id']}"
    ours = Graph().parse(data="".join(ntriples(Expander(local_context()), shapes)), format="nt")
    assert ours.isomorphic(export_linked_art.to_rdf(shapes))
    with pytest.raises(UndefinedTerm, match="'shown_in' is not defined"):
        Expander(local_context()).triples({"id": BASE + "x", "type": "HumanMadeObject", "shown_in": []})


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Debian's raptor2-utils (rapper) is not installed")
def test_turtle_parses_in_rapper_with_the_triple_count_of_the_json_ld(demo_export: dict[str, Any]) -> None:
    ran = subprocess.run(["rapper", "-i", "turtle", "-c", str(demo_export["dir"] / "all.ttl")],
                         capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0, ran.stderr[-2000:]
    counted = int(re.search(r"returned (\d+) triples", ran.stderr).group(1))  # type: ignore[union-attr]
    # The JSON-LD documents taken together, as a set of triples (each blank node is its own).
    from_json_ld = len(set(ntriples(Expander(local_context()), demo_export["docs"])))
    assert counted == from_json_ld == demo_export["done"].triples
    assert counted > 10 * len(demo_export["docs"])


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def _iso_year(instant: str) -> int:
    return int(re.match(r"(-?\d+)-", instant).group(1))  # type: ignore[union-attr]


def test_no_timespan_ends_before_it_begins(demo_export: dict[str, Any]) -> None:
    spans = [n for d in demo_export["docs"] for n in _walk(d) if n.get("type") == "TimeSpan"]
    assert len(spans) > 10_000
    for span in spans:
        begin = _iso_year(span["begin_of_the_begin"])
        assert -5000 <= begin <= 2100, span
        if "end_of_the_end" in span:
            end = _iso_year(span["end_of_the_end"])
            assert begin <= end <= 2100, span
    # BCE is kept (ISO years: 2800 BCE is -2799), decades are ranges.
    assert any(_iso_year(s["begin_of_the_begin"]) < 0 for s in spans)
    named = {s["identified_by"][0]["content"]: s for s in spans if s.get("identified_by")}
    assert _iso_year(named["ca. 2800-1550 BCE"]["begin_of_the_begin"]) == -2799
    assert _iso_year(named["ca. 2800-1550 BCE"]["end_of_the_end"]) == -1549
    assert (_iso_year(named["183-?"]["begin_of_the_begin"]), _iso_year(named["183-?"]["end_of_the_end"])) == (1830, 1839)
    assert (_iso_year(named["1926-1922"]["begin_of_the_begin"]), _iso_year(named["1926-1922"]["end_of_the_end"])) == (
        1922, 1926)


def test_records_use_the_right_classes_identifiers_and_rights(demo_export: dict[str, Any], sample_graph: Any) -> None:
    docs = demo_export["docs"]
    by_id = {d["id"]: d for d in docs}
    records = [d for d in docs if d["type"] in RECORD_TYPES]
    counts = sample_graph.counts()["labels"]
    assert len(records) == counts["Record"]
    # MoMA's exhibitions are Activities classified as exhibitions, not objects owned by MoMA.
    events = [d for d in records if d["type"] == "Activity"]
    assert len(events) >= 400
    assert all(any(c["id"] == AAT_EXHIBITION for c in d["classified_as"]) for d in events)
    assert not any(c["id"] == AAT_EXHIBITION for d in records if d["type"] != "Activity" for c in d.get("classified_as", []))
    # What an object shows is a VisualItem reference, and that VisualItem is a document with `represents`.
    shown = [ref for d in records for ref in d.get("shows", [])]
    assert shown and all(set(ref) == {"id", "type"} and by_id[ref["id"]]["type"] == "VisualItem" for ref in shown)
    assert sum(1 for ref in shown if by_id[ref["id"]].get("represents")) > 100
    number_types = {uri for uri, _ in NUMBER_TYPES.values()}
    for doc in records:
        identifiers = [i for i in doc["identified_by"] if i["type"] == "Identifier"]
        assert identifiers and all(i["classified_as"][0]["id"] in number_types for i in identifiers), doc["id"]
        assert not any(i["content"].startswith(("object:", "artwork:")) for i in identifiers), doc["id"]
        rights = [s for s in doc["referred_to_by"] if s["classified_as"][0]["id"] == AAT_RIGHTS_STATEMENT]
        assert len(rights) == 1 and rights[0]["content"], doc["id"]
    licensed = [d for d in records if d["type"] == "LinguisticObject" and d.get("subject_to")]
    assert len(licensed) > 1000
    # Authority links: every canonical id with a known scheme is an `equivalent` URI.
    beato = by_id[BASE + "person/person%3Aulan%3A500002985"]
    assert {e["id"] for e in beato["equivalent"]} >= {"http://vocab.getty.edu/ulan/500002985",
                                                      "http://www.wikidata.org/entity/Q318352"}


def test_read_equals_loaded_equals_record_nodes_for_every_source(sample_graph: Any) -> None:
    report = sample_graph.sample_report
    rows = sample_graph.query("MATCH (r:Record) RETURN r.source AS source, count(*) AS n").rows
    nodes = dict(rows)
    for source, counts in report.sources.items():
        assert counts.read == counts.loaded + counts.rejected, source
        # every record loaded is a Record node, except rows about people only and copies of a record
        # already read (same id and content: pymarc's test records as .dat, .json and .xml)
        assert counts.loaded - counts.authorities - counts.same_record == nodes.get(source, 0), source
    assert nodes["loc_marc2bibframe2"] == report.sources["loc_marc2bibframe2"].read == 157


def test_export_reaches_no_network(sample_graph: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The official context comes from the local copy: no TCP connection is opened (the embedded
    graph talks over a unix socket, which stays allowed)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network access attempted: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    done = export_linked_art.export(sample_graph, base=BASE, jsonl=tmp_path / "part.jsonl", limit=200, page=80)
    part = list(export_linked_art.read_jsonl(tmp_path / "part.jsonl"))
    assert len(export_linked_art.load_jsonl(tmp_path / "part.jsonl")) > 5 * done.documents == 5 * len(part)
    assert Counter(d["type"] for d in part)["Person"] == 200
