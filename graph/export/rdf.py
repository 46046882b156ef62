"""Triples of our Linked Art documents, through the official context, fast.

rdflib's and pyld's JSON-LD processors re-resolve the official context's type-scoped contexts
on every node (rdflib: ~6k triples/s here, pyld: ~30 ms a document), which would make the Turtle
of the demo take many minutes. Our documents use a small part of JSON-LD 1.1: terms from the
context (compact IRIs, `@type: @id | @vocab | xsd:dateTime`, `@container: @set`) and type-scoped
contexts, which apply to the keys of the node of that type only (they do not propagate). This
module expands exactly that, refuses anything else (an unknown term is an error, never dropped),
and writes N-Triples lines, which are valid Turtle. tests/test_linked_art.py checks it against
rdflib (the same graph, isomorphic) on every document shape of the demo export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


class UndefinedTerm(ValueError):
    pass


class Expander:
    """Term resolution for one JSON-LD context (a dict, e.g. the Linked Art context)."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and not v.startswith("@")}
        self.top = self._terms(context, {})
        self._blank = 0

    def _iri(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    def _terms(self, context: dict[str, Any], base: dict[str, tuple[str, str | None, Any] | None]
               ) -> dict[str, tuple[str, str | None, Any] | None]:
        terms = dict(base)
        for key, value in context.items():
            if key.startswith("@") or key in self.prefixes:
                continue
            if value is None:
                terms[key] = None  # explicitly undefined here
            elif isinstance(value, str):
                terms[key] = (self._iri(value), None, None) if not value.startswith("@") else None
            else:
                kind = value.get("@type")
                terms[key] = (self._iri(value["@id"]), self._iri(kind) if kind else None, value.get("@context"))
        return terms

    @cache  # noqa: B019 (one expander per export; contexts are fixed)
    def _for_type(self, type_name: str) -> dict[str, tuple[str, str | None, Any] | None]:
        definition = self.top.get(type_name)
        scoped = definition[2] if definition else None
        return self._terms(scoped, self.top) if scoped else self.top

    def _class(self, name: str) -> str:
        definition = self.top.get(name)
        if definition is None:
            raise UndefinedTerm(f"type {name!r} is not defined by the context")
        return definition[0]

    def triples(self, doc: dict[str, Any]) -> list[tuple[str, str, str]]:
        """(subject, predicate, object) in N-Triples notation for one document."""
        out: list[tuple[str, str, str]] = []
        self._node(doc, out)
        return out

    def _node(self, node: dict[str, Any], out: list[tuple[str, str, str]]) -> str:
        if "id" in node:
            subject = f"<{_escape_iri(node['id'])}>"
        else:
            self._blank += 1
            subject = f"_:b{self._blank}"
        kind = node.get("type")
        terms = self._for_type(kind) if isinstance(kind, str) else self.top
        if isinstance(kind, str):
            out.append((subject, f"<{RDF_TYPE}>", f"<{self._class(kind)}>"))
        for key, value in node.items():
            if key in ("@context", "id", "type"):
                continue
            definition = terms.get(key)
            if definition is None:
                raise UndefinedTerm(f"{key!r} is not defined by the context (in a {kind or 'node'})")
            predicate, value_type, _ = definition
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    out.append((subject, f"<{predicate}>", self._node(item, out)))
                elif value_type == "@id":
                    out.append((subject, f"<{predicate}>", f"<{_escape_iri(str(item))}>"))
                elif value_type == "@vocab":
                    out.append((subject, f"<{predicate}>", f"<{self._class(str(item))}>"))
                elif value_type:
                    out.append((subject, f"<{predicate}>", f"{_literal(str(item))}^^<{value_type}>"))
                elif isinstance(item, bool | int | float):
                    raise UndefinedTerm(f"{key!r}: numbers and booleans are not written by this exporter")
                else:
                    out.append((subject, f"<{predicate}>", _literal(str(item))))
        return subject


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON string escapes are N-Triples escapes


def _escape_iri(iri: str) -> str:
    bad = '<>"{}|^`\\ '
    if any(c in bad or ord(c) < 0x21 for c in iri):
        return "".join(f"%{ord(c):02X}" if c in bad or ord(c) < 0x21 else c for c in iri)
    return iri


def ntriples(expander: Expander, docs: list[dict[str, Any]], written: set[int] | None = None) -> Iterator[str]:
    """N-Triples lines of documents; with `written`, a triple without blank nodes that was
    already written (an AAT term's label shared by many records) is skipped."""
    for doc in docs:
        for s, p, o in dict.fromkeys(expander.triples(doc)):  # a triple stated twice in a document is one
            line = f"{s} {p} {o} .\n"
            if written is not None and not s.startswith("_:") and not o.startswith("_:"):
                key = hash(line)
                if key in written:
                    continue
                written.add(key)
            yield line
