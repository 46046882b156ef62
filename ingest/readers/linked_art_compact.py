"""Linked Art's compact JSON-LD read as it is written, without a JSON-LD processor.

A Linked Art API 1.0 document uses one known context and a small, fixed set of shapes: nested node
objects with `id`/`type`, properties named by the context's terms, plain strings. For such a
document this module builds the same triples rdflib's JSON-LD expansion gives (`CompactGraph`),
about twenty times faster, and `ingest.readers.linked_art` maps them with the same code.

It only vouches for what it understands. `walk` returns None - and the caller falls back to the
full rdflib expansion, so nothing is lost - for a document that:
- has a top-level `@context` other than exactly the Linked Art context URL, or any nested `@context`;
- uses a JSON-LD keyword as a key (`@id`, `@type`, `@value`, `@list`, `@graph`, `@reverse`, ...),
  a full or compact IRI as a key, or a context term with a container/coercion other than `@set`/`@id`;
- has an id that is not an absolute http(s)/urn IRI or a compact IRI of one of the context's prefixes
  (relative ids, blank-node ids, ids with spaces or control characters);
- has a `type` that is not a term of the context, a non-string id, a number where an IRI is due,
  or nests deeper than `ingest.jsonutil.MAX_JSON_DEPTH`.
Keys that are not terms of the context (and not IRIs) are dropped, as JSON-LD expansion drops them.
Nodes without an id are numbered in document order, so siblings without ids keep their order
(rdflib names them with random uuids, so their order was arbitrary there).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from ingest.jsonld import known_context
from ingest.jsonutil import MAX_JSON_DEPTH

LINKED_ART_CONTEXT = "https://linked.art/ns/v1/linked-art.json"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# Characters an IRI cannot hold; rdflib turns an id with a space into nothing, others into warnings.
_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


class NotCompact(Exception):
    """The document uses a JSON-LD form this walker does not vouch for."""


class Iri(str):
    """A node or value named by an IRI."""

    __slots__ = ()


class Lit(str):
    """A literal value (its lexical form)."""

    __slots__ = ()


class Blank:
    """A node without an id; its label sorts in document order."""

    __slots__ = ("label",)

    def __init__(self, number: int) -> None:
        self.label = f"N{number:032x}"

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"Blank({self.label})"


Node = Iri | Lit | Blank


class _Terms:
    """The context's terms, read the way a JSON-LD 1.1 processor reads them."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes: dict[str, str] = {}  # prefix -> namespace IRI
        self.ids: dict[str, str] = {}  # term -> full IRI (for `type` values)
        self.properties: dict[str, tuple[str, bool]] = {}  # key -> (predicate IRI, values are IRIs)
        simple = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
        for term, value in simple.items():
            if value.startswith(("http://", "https://")) and value.endswith(("/", "#")):
                self.prefixes[term] = value
        for term, value in simple.items():
            if not value.startswith("@"):
                self.ids[term] = self._expand_term_id(value)
        for term, definition in context.items():
            if not isinstance(definition, dict) or set(definition) - {"@id", "@type", "@container"}:
                continue
            coercion, container = definition.get("@type"), definition.get("@container", "@set")
            if coercion not in (None, "@id") or container != "@set" or not isinstance(definition.get("@id"), str):
                continue
            predicate = self._expand_term_id(definition["@id"])
            self.ids[term] = predicate
            self.properties[term] = (predicate, coercion == "@id")

    def _expand_term_id(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes and not local.startswith("//") else value


@cache
def terms() -> _Terms:
    return _Terms(known_context(LINKED_ART_CONTEXT))


class CompactGraph:
    """The triples of one compact document: subject -> predicate -> {value key: value}.

    Subjects are Iri (a str: one entry per IRI however often the document describes it) or Blank
    (one per JSON object). A value's key is the value itself for an Iri or Blank and a tuple for a
    literal, so an IRI and a literal of the same text stay two values, as in RDF."""

    def __init__(self) -> None:
        self.triples: dict[Iri | Blank, dict[str, dict[Any, Node]]] = {}
        self._blanks = 0
        self._terms = terms()

    def objects(self, subject: Node, predicate: str) -> Iterable[Node]:
        if isinstance(subject, Lit):
            return ()
        props = self.triples.get(subject)
        return props[predicate].values() if props and predicate in props else ()

    def __len__(self) -> int:
        return sum(len(values) for props in self.triples.values() for values in props.values())

    def _add(self, subject: Iri | Blank, predicate: str, value: Node, key: Any) -> None:
        props = self.triples.get(subject)
        if props is None:
            props = self.triples[subject] = {}
        values = props.get(predicate)
        if values is None:
            values = props[predicate] = {}
        values[key] = value

    def _iri(self, value: Any) -> Iri:
        """An id or an IRI-valued string, expanded as JSON-LD expands it (no base, no vocab)."""
        if not isinstance(value, str) or not value or _UNSAFE.search(value):
            raise NotCompact
        prefix, colon, local = value.partition(":")
        if colon and not local.startswith("//") and prefix in self._terms.prefixes:
            return Iri(self._terms.prefixes[prefix] + local)
        if value.startswith(("http://", "https://", "urn:")) and prefix not in self._terms.ids:
            return Iri(value)
        raise NotCompact

    def node(self, data: dict[str, Any], depth: int, top: bool = False) -> Iri | Blank:
        if depth > MAX_JSON_DEPTH:
            raise NotCompact
        subject: Iri | Blank
        if "id" in data:
            subject = self._iri(data["id"])
        else:
            subject = Blank(self._blanks)
            self._blanks += 1
        for key, value in data.items():
            if key == "id" or (top and key == "@context"):
                continue
            if key == "type":
                for name in value if isinstance(value, list) else [value]:
                    if not isinstance(name, str) or name not in self._terms.ids:
                        raise NotCompact
                    iri = self._terms.ids[name]
                    self._add(subject, RDF_TYPE, Iri(iri), iri)
                continue
            prop = self._terms.properties.get(key)
            if prop is None:
                if key.startswith("@") or ":" in key or key in self._terms.ids:
                    raise NotCompact
                continue  # not a term and not an IRI: JSON-LD expansion drops it
            self._values(subject, prop[0], prop[1], value, depth + 1)
        return subject

    def _values(self, subject: Iri | Blank, predicate: str, iri_valued: bool, value: Any, depth: int) -> None:
        if depth > MAX_JSON_DEPTH:
            raise NotCompact
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, list):  # nested arrays are flattened by JSON-LD
                self._values(subject, predicate, iri_valued, item, depth + 1)
                continue
            if isinstance(item, dict):
                child = self.node(item, depth + 1)
                self._add(subject, predicate, child, child)
            elif isinstance(item, str):
                if iri_valued:
                    iri = self._iri(item)
                    self._add(subject, predicate, iri, iri)
                else:
                    self._add(subject, predicate, Lit(item), ("l", "", item))
            elif iri_valued:
                raise NotCompact
            elif isinstance(item, bool | int | float):
                lexical, datatype = _number(item)
                self._add(subject, predicate, Lit(lexical), ("l", datatype, lexical))
            else:
                raise NotCompact


def _number(value: bool | int | float) -> tuple[str, str]:
    """The lexical form and datatype rdflib gives a JSON number or boolean (rare: dimensions)."""
    from rdflib import XSD, Literal  # only here: most documents hold no numbers

    literal = Literal(value, datatype=XSD.double) if isinstance(value, float) else Literal(value)
    return str(literal), str(literal.datatype or "")


def walk(document: dict[str, Any]) -> CompactGraph | None:
    """The triples of a compact Linked Art document, or None when it must go through a full
    JSON-LD expansion (see the module docstring for what this walker does not vouch for)."""
    if document.get("@context") != LINKED_ART_CONTEXT:
        return None
    graph = CompactGraph()
    try:
        graph.node(document, 1, top=True)
    except NotCompact:
        return None
    return graph


__all__ = ["walk", "CompactGraph", "Iri", "Lit", "Blank", "LINKED_ART_CONTEXT", "RDF_TYPE", "terms"]
