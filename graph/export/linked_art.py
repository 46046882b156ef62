"""Linked Art JSON-LD and Turtle exports, written page by page.

JSON-LD: one file `{"@context": <Linked Art context URL>, "@graph": [...]}` streamed one
document at a time. Turtle: each page of documents is turned into triples by rdflib with the
LOCAL context (so both files say exactly the same thing) and appended as a Turtle chunk;
Turtle allows @prefix lines before every chunk, so the concatenation is one valid document.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph import model
from graph.export.linked_art_documents import LINKED_ART_CONTEXT_URL, Documents, local_context
from graph.store import GraphStore
from graph.store.paging import nodes_with_edges
from ingest.jsonld import localise_contexts

EXPORTED_LABELS = ("Institution", "Record", *model.ENTITY_LABELS)


@dataclass
class LinkedDataExport:
    documents: int = 0
    triples: int = 0  # Turtle only (counted by rdflib while writing)
    seconds: float = 0.0
    jsonld_bytes: int = 0
    turtle_bytes: int = 0


def documents(store: GraphStore, base: str, page: int = 2000,
              limit: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """Pages of Linked Art documents for every institution, record and canonical entity
    (at most `limit` nodes of each label when given: a preview)."""
    build = Documents(base)
    for label in EXPORTED_LABELS:
        for rows in nodes_with_edges(store, label, min(page, limit) if limit else page, limit):
            docs: list[dict[str, Any]] = []
            for row in rows:
                if label == "Institution":
                    docs += build.institution(row["props"])
                elif label == "Record":
                    docs.append(build.record(row["labels"], row["props"], row["edges"]))
                else:
                    docs.append(build.entity(label, row["props"], row["edges"]))
            yield docs


def to_rdf(docs: list[dict[str, Any]]) -> Any:
    """An rdflib Graph of documents, expanded with the local Linked Art context (no network)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=json.dumps({"@context": local_context(), "@graph": docs}), format="json-ld")
    return graph


def export(store: GraphStore, *, jsonld: Path | None, turtle: Path | None, base: str,
           page: int = 2000, limit: int | None = None) -> LinkedDataExport:
    started = time.perf_counter()
    result = LinkedDataExport()
    json_out = jsonld.open("w", encoding="utf-8") if jsonld else None
    ttl_out = turtle.open("w", encoding="utf-8") if turtle else None
    try:
        if json_out:
            json_out.write('{"@context": ' + json.dumps(LINKED_ART_CONTEXT_URL) + ',\n "@graph": [\n')
        first = True
        for docs in documents(store, base, page, limit):
            result.documents += len(docs)
            if json_out:
                for doc in docs:
                    json_out.write(("" if first else ",\n") + json.dumps(doc, ensure_ascii=False))
                    first = False
            if ttl_out and docs:
                graph = to_rdf(docs)
                result.triples += len(graph)
                ttl_out.write(graph.serialize(format="turtle"))
                ttl_out.write("\n")
        if json_out:
            json_out.write("\n]}\n")
    finally:
        for out in (json_out, ttl_out):
            if out:
                out.close()
    result.seconds = time.perf_counter() - started
    result.jsonld_bytes = jsonld.stat().st_size if jsonld else 0
    result.turtle_bytes = turtle.stat().st_size if turtle else 0
    return result


def load_jsonld(path: Path) -> Any:
    """Parse an exported JSON-LD file back with rdflib, the Linked Art context supplied locally."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("@context") != LINKED_ART_CONTEXT_URL:
        raise ValueError(f"{path}: expected @context {LINKED_ART_CONTEXT_URL}, found {data.get('@context')!r}")
    # Only the top-level context is ours; one nested in a document is refused or made local.
    return to_rdf(localise_contexts(data["@graph"]))
