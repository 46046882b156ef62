"""Linked Art JSON-LD: compact documents walked directly, any other form through rdflib.

A Linked Art API document (the Linked Art context, the API's shapes) is read by walking its JSON
(`ingest/readers/linked_art_compact.py`, ~0.6 ms a document). A document the walker does not vouch
for (another or a nested context, JSON-LD keywords, IRIs as keys, relative ids, ...) goes through
rdflib's full JSON-LD expansion (~5 ms): every `@context` in it, at any nesting level and
`@import` included, is replaced by its local copy (`ingest/contexts/linked-art.json`) before rdflib
sees it, and a document naming any other context is refused (`ingest.jsonld`), so parsing never
touches the network or other files (tests/test_hostile_files.py proves it with an audit hook on
sockets and file opens). Both give the same triples; the mapping below walks them by CIDOC-CRM
property (`_View`), so any serialisation of the same graph (nested or flattened) gives the same
Record, and tests/test_linked_art_compact.py checks the two paths give the same Records.

Top-level resources read:
- Person / Group -> an authority record (kind "authority"): `_label` and `identified_by` Names,
  ULAN / Wikidata ids from `identified_by` Identifier URIs and `equivalent`, birth/death years
  from `born`/`died` timespans. The MoMA-exhibition data's "VIAF Identifier" URIs carry a
  Wikidata Q-number, not a VIAF number: they are not recognised as VIAF (normalise_id refuses them).
- Activity (an exhibition) -> a Record of kind "exhibition": title, timespan; the persons of each
  AttributeAssignment Set: "Artist" sets -> ABOUT (the exhibition shows them), other sets
  (Director, Curator, ...) -> CREATED_BY with the set's label as role.
- HumanMadeObject / ManMadeObject -> an object Record: primary Name, type of work, production
  (`created_by`/`produced_by`: timespan, `carried_out_by` -> CREATED_BY, `took_place_at` ->
  MADE_IN), `shows`/`represents` (also on parts) -> ABOUT, `referred_to_by` -> description,
  `representation` -> image_url.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ingest.authority import normalise_id
from ingest.dates import DateRange, choose, set_dates
from ingest.gazetteer import wkt_point
from ingest.jsonld import CONTEXTS_DIR, KNOWN_CONTEXTS, known_context, localise_contexts
from ingest.jsonutil import json_files, load_json
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, fold, short_hash
from ingest.readers import linked_art_compact
from ingest.readers.linked_art_compact import RDF_TYPE, CompactGraph, Iri, Lit

if TYPE_CHECKING:
    from rdflib import Graph

LINKED_ART_CONTEXT = linked_art_compact.LINKED_ART_CONTEXT
CONTEXT_FILE = CONTEXTS_DIR / KNOWN_CONTEXTS[LINKED_ART_CONTEXT]
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
LA = "https://linked.art/ns/terms/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PRIMARY_NAME = "http://vocab.getty.edu/aat/300404670"
WORK_OF_ART = "http://vocab.getty.edu/aat/300133025"
PERSON_TYPES = {CRM + "E21_Person", CRM + "E39_Actor"}
GROUP_TYPES = {CRM + "E74_Group"}
OBJECT_TYPES = {CRM + "E22_Human-Made_Object", CRM + "E22_Man-Made_Object"}
ACTIVITY_TYPES = {CRM + "E7_Activity", CRM + "E5_Event"}
IDENTIFIER = CRM + "E42_Identifier"
# Museums known by the host of their Linked Art ids (records name no holder otherwise).
HOLDERS = {
    "imamuseum.org": Institution("ima", "Indianapolis Museum of Art", "museum"),
    "numismatics.org": Institution("ans", "American Numismatic Society", "museum"),
}


def local_context() -> dict[str, Any]:
    """The Linked Art context terms this project reads, from the file shipped with the code."""
    return known_context(LINKED_ART_CONTEXT)


def parse_document(document: dict[str, Any]) -> Graph:
    """Triples of one JSON-LD document through rdflib's full JSON-LD expansion, every @context in it
    replaced by its local copy (ContextRefused, a ValueError, for a context that is not shipped with
    glamgraph)."""
    from rdflib import Graph  # only documents the compact walker does not vouch for come here

    if "@context" not in document:
        raise ValueError("not a JSON-LD document (no @context)")
    return Graph().parse(data=json.dumps(localise_contexts(document)), format="json-ld")


class _View:
    """Small helpers over one document's triples; the subclasses say how triples are stored."""

    def __init__(self, source: str) -> None:
        self.source = source

    def objects(self, node: Any, prop: str) -> Iterable[Any]:
        raise NotImplementedError

    def is_iri(self, value: Any) -> bool:
        raise NotImplementedError

    def is_literal(self, value: Any) -> bool:
        raise NotImplementedError

    def node(self, iri: str) -> Any:
        raise NotImplementedError

    def all(self, node: Any, prop: str) -> list[Any]:
        return sorted(self.objects(node, prop), key=str)

    def one(self, node: Any, prop: str) -> Any:
        found = self.all(node, prop)
        return found[0] if found else None

    def is_(self, value: Any, iri: str) -> bool:
        return self.is_iri(value) and str(value) == iri

    def text(self, node: Any, *props: str) -> str | None:
        for prop in props:
            for value in self.all(node, prop):
                if self.is_literal(value) and clean_text(str(value)):
                    return clean_text(str(value))
        return None

    def types(self, node: Any) -> set[str]:
        return {str(t) for t in self.objects(node, RDF_TYPE)}

    def label(self, node: Any) -> str | None:
        return self.text(node, RDFS_LABEL, CRM + "P190_has_symbolic_content", CRM + "P90_has_value")

    def names(self, node: Any) -> list[str]:
        """Name contents, the primary name first, then the label."""
        primary, other = [], []
        for name in self.all(node, CRM + "P1_is_identified_by"):
            if IDENTIFIER in self.types(name):
                continue
            value = self.text(name, CRM + "P190_has_symbolic_content", CRM + "P90_has_value", RDFS_LABEL)
            if value:
                is_primary = any(self.is_(t, PRIMARY_NAME) for t in self.objects(name, CRM + "P2_has_type"))
                (primary if is_primary else other).append(value)
        label = self.label(node)
        return list(dict.fromkeys([*primary, *other, *([label] if label else [])]))

    def authority_ids(self, node: Any) -> tuple[str, ...]:
        found: list[str] = []
        candidates = [node] if self.is_iri(node) else []
        for ident in self.all(node, CRM + "P1_is_identified_by"):
            if IDENTIFIER in self.types(ident):
                candidates.append(ident)
                candidates.extend(v for v in self.all(ident, CRM + "P190_has_symbolic_content"))
        candidates.extend(self.all(node, LA + "equivalent"))
        for candidate in candidates:
            text = str(candidate)
            if "viaf.org/viaf/Q" in text:  # the MoMA-exhibition data's mislabelled Wikidata numbers
                continue
            value = normalise_id(text) if self.is_iri(candidate) else None
            if value and value not in found:
                found.append(value)
        return tuple(found)

    def _span_texts(self, node: Any) -> tuple[str | None, str | None, str | None]:
        span = self.one(node, CRM + "P4_has_time-span")
        if span is None:
            return None, None, None
        begin = self.text(span, CRM + "P82a_begin_of_the_begin", CRM + "P81a_end_of_the_begin")
        end = self.text(span, CRM + "P82b_end_of_the_end", CRM + "P81b_begin_of_the_end")
        return self.text(span, RDFS_LABEL), begin, end

    def span(self, node: Any) -> DateRange:
        """The node's timespan: its begin/end dateTimes win over its label."""
        return choose(*self._span_texts(node), fields_first=True)

    def death_year(self, died: Any) -> int | None:
        """The year of a death. A timespan without dates of its own whose label holds the person's life
        span ("John Miller (1948- ) Death timespan", MoMA's exhibition data) gives that span's end: none
        when it is open (a living person), not the birth year at its start."""
        label, begin, end = self._span_texts(died)
        found = choose(label, begin, end, fields_first=True)
        if begin or end or found.start == found.end and not found.open_end:
            return found.start
        return None if found.open_end else found.end

    def dates(self, node: Any, record: Record, kind: str) -> None:
        """The node's timespan onto the record; its label is the date text."""
        label, begin, end = self._span_texts(node)
        if label or begin or end:
            set_dates(record, label, kind, begin, end, fields_first=True)

    def key(self, node: Any, kind: str, name: str) -> str:
        """A source-local alias key: the local id's last segment, an authority id, or the name."""
        if self.is_iri(node):
            text = str(node)
            ids = normalise_id(text)
            if ids:
                return f"{self.source}:{kind}:{ids}"
            host = urlparse(text).netloc
            tail = text.rstrip("/").rsplit("/", 1)[-1]
            if "linkedart.example.com" in host and tail:
                return f"{self.source}:{kind}:{tail}"
            return f"{self.source}:{kind}:{short_hash(text)}"
        return f"{self.source}:{kind}:{short_hash(fold(name))}"

    def mention(self, node: Any, relation: str, field: str, role: str | None = None) -> Mention | None:
        types = self.types(node)
        names = self.names(node)
        if not names:
            return None
        if types & PERSON_TYPES:
            kind, word = "Person", "person"
        elif types & GROUP_TYPES:
            kind, word = "Organization", "group"
        elif CRM + "E53_Place" in types:
            kind, word = "Place", "place"
        else:
            kind, word = "Theme", "concept"
        born = self.one(node, CRM + "P98i_was_born")
        died = self.one(node, CRM + "P100i_died_in")
        # defined_by: a WKT "POINT(lon lat)" (a polygon or line is left alone).
        point = wkt_point(str(self.one(node, CRM + "P168_place_is_defined_by") or ""))
        return Mention(
            kind=kind, alias_key=self.key(node, word, names[0]), name=names[0], relation=relation, role=role,
            as_written=names[0], source_field=field, ids=self.authority_ids(node),
            birth_year=self.span(born).start if born is not None else None,
            death_year=self.death_year(died) if died is not None else None,
            alt_names=tuple(names[1:]),
            bio=self.statement(node),
            lat=point[0] if point else None, lon=point[1] if point else None,
        )

    def statement(self, node: Any) -> str | None:
        texts = [self.text(r, CRM + "P190_has_symbolic_content", CRM + "P90_has_value")
                 for r in self.all(node, CRM + "P67i_is_referred_to_by")]
        return "\n".join(t for t in texts if t) or None


class _CompactView(_View):
    """Over the triples the compact walker read (`ingest.readers.linked_art_compact`)."""

    def __init__(self, graph: CompactGraph, source: str) -> None:
        super().__init__(source)
        self.g = graph

    def objects(self, node: Any, prop: str) -> Iterable[Any]:
        return self.g.objects(node, prop)

    def is_iri(self, value: Any) -> bool:
        return isinstance(value, Iri)

    def is_literal(self, value: Any) -> bool:
        return isinstance(value, Lit)

    def node(self, iri: str) -> Any:
        return Iri(iri)


class _RdfView(_View):
    """Over an rdflib graph (the full JSON-LD expansion)."""

    def __init__(self, graph: Graph, source: str) -> None:
        from rdflib import Literal, URIRef

        super().__init__(source)
        self.g = graph
        self._uri, self._literal = URIRef, Literal

    def objects(self, node: Any, prop: str) -> Iterable[Any]:
        return self.g.objects(node, self._uri(prop))

    def is_iri(self, value: Any) -> bool:
        return isinstance(value, self._uri)

    def is_literal(self, value: Any) -> bool:
        return isinstance(value, self._literal)

    def node(self, iri: str) -> Any:
        return self._uri(iri)


def _tail(node: Any) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def map_document(document: dict[str, Any], *, source: str, institution: Institution, file: str,
                 position: int) -> Record:
    """One Linked Art document -> Record. Raises ValueError when it describes nothing we read.

    A compact Linked Art document is read by walking its JSON (`ingest.readers.linked_art_compact`);
    any other JSON-LD form - another or a nested context, keywords, IRIs as keys, relative ids -
    goes through rdflib's full JSON-LD expansion, which gives the same triples, only slower."""
    if "@context" not in document:
        raise ValueError("not a JSON-LD document (no @context)")
    top_id = document.get("id") or document.get("@id")
    if not isinstance(top_id, str):
        raise ValueError("the document has no top-level id")
    graph = linked_art_compact.walk(document)
    view: _View = _CompactView(graph, source) if graph is not None else _RdfView(parse_document(document), source)
    return _map(view, top_id, source=source, institution=institution, file=file, position=position)


def map_document_expanded(document: dict[str, Any], *, source: str, institution: Institution, file: str,
                          position: int) -> Record:
    """`map_document` always through rdflib's full JSON-LD expansion: the reference the compact
    walker is tested and measured against (tests/test_linked_art_compact.py, benchmarks/museum_readers.py)."""
    if "@context" not in document:
        raise ValueError("not a JSON-LD document (no @context)")
    top_id = document.get("id") or document.get("@id")
    if not isinstance(top_id, str):
        raise ValueError("the document has no top-level id")
    view = _RdfView(parse_document(document), source)
    return _map(view, top_id, source=source, institution=institution, file=file, position=position)


def _map(view: _View, top_id: str, *, source: str, institution: Institution, file: str, position: int) -> Record:
    node = view.node(top_id)
    types = view.types(node)
    if types & (PERSON_TYPES | GROUP_TYPES):
        person = view.mention(node, "", "linked_art")
        if person is None:
            raise ValueError(f"{top_id}: a person or group without a name")
        word = "person" if person.kind == "Person" else "group"
        return Record(source=source, institution_id=institution.id, source_id=f"{word}:{_tail(node)}",
                      domain="museum", kind="authority", title=person.name, file=file, position=position,
                      mentions=[person])
    holder = HOLDERS.get(urlparse(top_id).netloc.removeprefix("www."))
    record = Record(source=source, institution_id=(holder or institution).id, source_id=_tail(node),
                    domain="museum", file=file, position=position, holder=holder,
                    url=top_id if "example.com" not in top_id else None)
    names = view.names(node)
    record.title = names[0] if names else None
    if types & ACTIVITY_TYPES:
        record.kind = "exhibition"
        record.source_id = f"exhibition:{_tail(node)}"
        view.dates(node, record, "held")
        for part in view.all(node, CRM + "P9_consists_of"):
            for group in view.all(part, CRM + "P16_used_specific_object"):
                role = view.label(group)
                relation = "ABOUT" if (role or "").lower() == "artist" else "CREATED_BY"
                for person in view.all(group, CRM + "P129_is_about"):
                    mention = view.mention(person, relation, "part.involved.about", role)
                    if mention:
                        record.mentions.append(mention)
        return record
    if not types & OBJECT_TYPES:
        raise ValueError(f"{top_id}: type {', '.join(sorted(types)) or 'none'} is not read by this reader")
    record.source_id = f"object:{_tail(node)}"
    classified = view.all(node, CRM + "P2_has_type")
    kinds = [view.label(t) for t in classified if not view.is_(t, WORK_OF_ART)]
    record.kind = next((k for k in kinds if k), "object")
    # classified_as with a vocabulary URI (AAT) are the object's types; made_of its materials.
    record.types = tuple(dict.fromkeys((str(t), view.label(t) or "") for t in classified
                                       if view.is_iri(t) and str(t) != WORK_OF_ART and "vocab.getty.edu/aat/" in str(t)))
    record.materials = tuple(dict.fromkeys((str(m) if view.is_iri(m) else None, view.label(m) or str(m))
                                           for m in view.all(node, CRM + "P45_consists_of")))
    record.description = view.statement(node)
    for production in view.all(node, CRM + "P108i_was_produced_by"):
        view.dates(production, record, "made")
        for actor in view.all(production, CRM + "P14_carried_out_by"):
            mention = view.mention(actor, "CREATED_BY", "produced_by.carried_out_by")
            if mention:
                record.mentions.append(mention)
        for place in view.all(production, CRM + "P7_took_place_at"):
            mention = view.mention(place, "MADE_IN", "produced_by.took_place_at")
            if mention:
                mention.kind = "Place"
                record.mentions.append(mention)
    parts = [node, *view.all(node, CRM + "P46_is_composed_of")]
    for part in parts:
        for visual in view.all(part, CRM + "P65_shows_visual_item"):
            for shown in view.all(visual, CRM + "P138_represents"):
                mention = view.mention(shown, "ABOUT", "shows.represents")
                if mention:
                    record.mentions.append(mention)
    images = [i for p in parts for i in view.all(p, CRM + "P138i_has_representation") if view.is_iri(i)]
    plain = [i for i in images if str(i).endswith((".jpg", ".jpeg", ".png"))]
    record.image_url = str((plain or images)[0]) if images else None
    return record


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    """Read one Linked Art JSON-LD file, or every *.json under a folder."""
    for position, file in enumerate(json_files(path), start=1):
        try:
            document = load_json(file)
            if not isinstance(document, dict):
                raise ValueError("the top level is not a JSON object")
            yield map_document(document, source=source, institution=institution, file=str(file), position=position)
        except (OSError, ValueError) as exc:
            yield Rejected(str(file), position, None, str(exc))
        except Exception as exc:  # rdflib raises its own types on malformed JSON-LD
            yield Rejected(str(file), position, None, f"JSON-LD could not be read: {type(exc).__name__}: {exc}")


def alias_key(record_id: str) -> str:
    """The alias of a person in the Linked Art MoMA-exhibition data (ground truth record_id)."""
    return f"la_moma_exh:person:{record_id}"


def is_linked_art(head: bytes) -> bool:
    return b"@context" in head and b"linked.art" in head


__all__ = ["read", "map_document", "map_document_expanded", "parse_document", "local_context", "alias_key", "is_linked_art"]
