"""Linked Art exports, written page by page: a Linked Art API-shaped folder of files, a JSON
Lines dump, and Turtle.

- Folder (`tree`): `<dir>/<endpoint>/<key>.json`, one document per file, each with its own
  `@context` (object/, text/, event/, visual/, person/, group/, place/, concept/, set/), as a
  Linked Art API would serve them.
- JSON Lines (`jsonl`): the same documents, one per line, for bulk use.
- Turtle: the documents expanded through the LOCAL copy of the official context
  (graph/export/rdf.py), written as N-Triples lines, which are Turtle. A triple without blank
  nodes that was already written (an AAT term's label, a referenced person's label) is not
  written again, so the file holds each triple of the documents taken together once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from graph import model
from graph.export.linked_art_documents import LINKED_ART_CONTEXT_URL, Documents, local_context
from graph.export.rdf import Expander, ntriples
from graph.store import GraphStore
from graph.store.paging import nodes_with_edges
from ingest.jsonld import localise_contexts

EXPORTED_LABELS = ("Institution", "Record", *model.ENTITY_LABELS)


@dataclass
class LinkedDataExport:
    documents: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    triples: int = 0  # Turtle only: triples written (each once)
    seconds: float = 0.0
    jsonl_bytes: int = 0
    turtle_bytes: int = 0
    files: int = 0


def documents(store: GraphStore, base: str, page: int = 2000,
              limit: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """Pages of Linked Art documents for every institution, record and canonical entity
    (at most `limit` nodes of each label when given: a preview), then the local types used."""
    build = Documents(base)
    for label in EXPORTED_LABELS:
        for rows in nodes_with_edges(store, label, min(page, limit) if limit else page, limit):
            docs: list[dict[str, Any]] = []
            for row in rows:
                if label == "Institution":
                    docs += build.institution(row["props"])
                elif label == "Record":
                    docs += build.record(row["labels"], row["props"], row["edges"])
                else:
                    docs.append(build.entity(label, row["props"], row["edges"]))
            yield docs
    kinds = build.kind_concepts()
    for start in range(0, len(kinds), page):
        yield kinds[start:start + page]


def document_path(root: Path, doc: dict[str, Any]) -> Path:
    """Where a document goes in the folder tree: <root>/<endpoint>/<key>.json."""
    parts = urlsplit(doc["id"]).path.rstrip("/").split("/")
    endpoint, key = parts[-2], parts[-1]
    name = unquote(key).replace("/", "%2F").replace("\\", "%5C")
    return root / endpoint / f"{name[:200]}.json"


def to_rdf(docs: list[dict[str, Any]]) -> Any:
    """An rdflib Graph of documents, expanded by rdflib with the local official context (no
    network): slow (see graph/export/rdf.py), for checks and small files."""
    from rdflib import Graph

    context = local_context()
    graph = Graph()
    body = [{k: v for k, v in doc.items() if k != "@context"} for doc in docs]
    graph.parse(data=json.dumps({"@context": context, "@graph": body}), format="json-ld")
    return graph


def export(store: GraphStore, *, base: str, tree: Path | None = None, jsonl: Path | None = None,
           turtle: Path | None = None, page: int = 2000, limit: int | None = None) -> LinkedDataExport:
    started = time.perf_counter()
    result = LinkedDataExport()
    lines = jsonl.open("w", encoding="utf-8") if jsonl else None
    ttl = turtle.open("w", encoding="utf-8") if turtle else None
    written: set[int] = set()
    expander = Expander(local_context())
    made_dirs: set[Path] = set()
    try:
        for docs in documents(store, base, page, limit):
            result.documents += len(docs)
            for doc in docs:
                result.by_type[doc["type"]] = result.by_type.get(doc["type"], 0) + 1
                text = json.dumps(doc, ensure_ascii=False)
                if lines:
                    lines.write(text + "\n")
                if tree:
                    path = document_path(tree, doc)
                    if path.parent not in made_dirs:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        made_dirs.add(path.parent)
                    path.write_text(text, encoding="utf-8")
                    result.files += 1
            if ttl and docs:
                for line in ntriples(expander, docs, written):
                    ttl.write(line)
                    result.triples += 1
    finally:
        for out in (lines, ttl):
            if out:
                out.close()
    result.seconds = time.perf_counter() - started
    result.jsonl_bytes = jsonl.stat().st_size if jsonl else 0
    result.turtle_bytes = turtle.stat().st_size if turtle else 0
    return result


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The documents of a JSON Lines dump, one by one; each must name the Linked Art context."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            doc = json.loads(line)
            if doc.get("@context") != LINKED_ART_CONTEXT_URL:
                raise ValueError(f"{path}, line {number}: expected @context {LINKED_ART_CONTEXT_URL}, "
                                 f"found {doc.get('@context')!r}")
            yield doc


def load_jsonl(path: Path) -> Any:
    """Parse a JSON Lines dump back into one rdflib Graph, the context supplied locally; a context
    nested in a document is refused or made local too (ingest.jsonld)."""
    return to_rdf(localise_contexts(list(read_jsonl(path))))
