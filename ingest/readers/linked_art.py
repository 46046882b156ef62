"""Linked Art JSON-LD, parsed with rdflib against a LOCAL copy of the context (nothing fetched).

Every `@context` in a document, at any nesting level and `@import` included, is replaced by its
local copy (`ingest/contexts/linked-art.json`) before rdflib sees it, and a document naming any
other context is refused (`ingest.jsonld`), so parsing never touches the network or other files
(tests/test_hostile_files.py proves it with an audit hook on sockets and file opens). rdflib turns each
document into triples (~2 ms a document here); the mapping below walks those triples by CIDOC-CRM
property, so any serialisation of the same graph (nested or flattened) gives the same Record.

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
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from ingest.authority import normalise_id
from ingest.dates import DateRange, choose, set_dates
from ingest.gazetteer import wkt_point
from ingest.jsonld import CONTEXTS_DIR, KNOWN_CONTEXTS, known_context, localise_contexts
from ingest.jsonutil import json_files, load_json
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, fold, short_hash

LINKED_ART_CONTEXT = "https://linked.art/ns/v1/linked-art.json"
CONTEXT_FILE = CONTEXTS_DIR / KNOWN_CONTEXTS[LINKED_ART_CONTEXT]
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
LA = Namespace("https://linked.art/ns/terms/")
PRIMARY_NAME = URIRef("http://vocab.getty.edu/aat/300404670")
WORK_OF_ART = URIRef("http://vocab.getty.edu/aat/300133025")
PERSON_TYPES = {CRM["E21_Person"], CRM["E39_Actor"]}
GROUP_TYPES = {CRM["E74_Group"]}
OBJECT_TYPES = {CRM["E22_Human-Made_Object"], CRM["E22_Man-Made_Object"]}
ACTIVITY_TYPES = {CRM["E7_Activity"], CRM["E5_Event"]}
IDENTIFIER = CRM["E42_Identifier"]
# Museums known by the host of their Linked Art ids (records name no holder otherwise).
HOLDERS = {
    "imamuseum.org": Institution("ima", "Indianapolis Museum of Art", "museum"),
    "numismatics.org": Institution("ans", "American Numismatic Society", "museum"),
}


def local_context() -> dict[str, Any]:
    """The Linked Art context terms this project reads, from the file shipped with the code."""
    return known_context(LINKED_ART_CONTEXT)


def parse_document(document: dict[str, Any]) -> Graph:
    """Triples of one JSON-LD document, every @context in it replaced by its local copy
    (ContextRefused, a ValueError, for a context that is not shipped with glamgraph)."""
    if "@context" not in document:
        raise ValueError("not a JSON-LD document (no @context)")
    return Graph().parse(data=json.dumps(localise_contexts(document)), format="json-ld")


class _View:
    """Small helpers over one document's graph."""

    def __init__(self, graph: Graph, source: str) -> None:
        self.g = graph
        self.source = source

    def all(self, node: Any, prop: URIRef) -> list[Any]:
        return sorted(self.g.objects(node, prop), key=str)

    def one(self, node: Any, prop: URIRef) -> Any:
        found = self.all(node, prop)
        return found[0] if found else None

    def text(self, node: Any, *props: URIRef) -> str | None:
        for prop in props:
            for value in self.all(node, prop):
                if isinstance(value, Literal) and clean_text(str(value)):
                    return clean_text(str(value))
        return None

    def types(self, node: Any) -> set[Any]:
        return set(self.g.objects(node, RDF.type))

    def label(self, node: Any) -> str | None:
        return self.text(node, RDFS.label, CRM["P190_has_symbolic_content"], CRM["P90_has_value"])

    def names(self, node: Any) -> list[str]:
        """Name contents, the primary name first, then the label."""
        primary, other = [], []
        for name in self.all(node, CRM["P1_is_identified_by"]):
            if IDENTIFIER in self.types(name):
                continue
            value = self.text(name, CRM["P190_has_symbolic_content"], CRM["P90_has_value"], RDFS.label)
            if value:
                (primary if PRIMARY_NAME in self.all(name, CRM["P2_has_type"]) else other).append(value)
        label = self.label(node)
        return list(dict.fromkeys([*primary, *other, *([label] if label else [])]))

    def authority_ids(self, node: Any) -> tuple[str, ...]:
        found: list[str] = []
        candidates = [node] if isinstance(node, URIRef) else []
        for ident in self.all(node, CRM["P1_is_identified_by"]):
            if IDENTIFIER in self.types(ident):
                candidates.append(ident)
                candidates.extend(v for v in self.all(ident, CRM["P190_has_symbolic_content"]))
        candidates.extend(self.all(node, LA["equivalent"]))
        for candidate in candidates:
            text = str(candidate)
            if "viaf.org/viaf/Q" in text:  # the MoMA-exhibition data's mislabelled Wikidata numbers
                continue
            value = normalise_id(text) if isinstance(candidate, URIRef) else None
            if value and value not in found:
                found.append(value)
        return tuple(found)

    def _span_texts(self, node: Any) -> tuple[str | None, str | None, str | None]:
        span = self.one(node, CRM["P4_has_time-span"])
        if span is None:
            return None, None, None
        begin = self.text(span, CRM["P82a_begin_of_the_begin"], CRM["P81a_end_of_the_begin"])
        end = self.text(span, CRM["P82b_end_of_the_end"], CRM["P81b_begin_of_the_end"])
        return self.text(span, RDFS.label), begin, end

    def span(self, node: Any) -> DateRange:
        """The node's timespan: its begin/end dateTimes win over its label."""
        return choose(*self._span_texts(node), fields_first=True)

    def dates(self, node: Any, record: Record, kind: str) -> None:
        """The node's timespan onto the record; its label is the date text."""
        label, begin, end = self._span_texts(node)
        if label or begin or end:
            set_dates(record, label, kind, begin, end, fields_first=True)

    def key(self, node: Any, kind: str, name: str) -> str:
        """A source-local alias key: the local id's last segment, an authority id, or the name."""
        if isinstance(node, URIRef):
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
        elif CRM["E53_Place"] in types:
            kind, word = "Place", "place"
        else:
            kind, word = "Theme", "concept"
        born = self.one(node, CRM["P98i_was_born"])
        died = self.one(node, CRM["P100i_died_in"])
        # defined_by: a WKT "POINT(lon lat)" (a polygon or line is left alone).
        point = wkt_point(str(self.one(node, CRM["P168_place_is_defined_by"]) or ""))
        return Mention(
            kind=kind, alias_key=self.key(node, word, names[0]), name=names[0], relation=relation, role=role,
            as_written=names[0], source_field=field, ids=self.authority_ids(node),
            birth_year=self.span(born).start if born is not None else None,
            death_year=self.span(died).start if died is not None else None,
            alt_names=tuple(names[1:]),
            bio=self.statement(node),
            lat=point[0] if point else None, lon=point[1] if point else None,
        )

    def statement(self, node: Any) -> str | None:
        texts = [self.text(r, CRM["P190_has_symbolic_content"], CRM["P90_has_value"])
                 for r in self.all(node, CRM["P67i_is_referred_to_by"])]
        return "\n".join(t for t in texts if t) or None


def _tail(node: Any) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def map_document(document: dict[str, Any], *, source: str, institution: Institution, file: str,
                 position: int) -> Record:
    """One Linked Art document -> Record. Raises ValueError when it describes nothing we read."""
    if "@context" not in document:
        raise ValueError("not a JSON-LD document (no @context)")
    top_id = document.get("id") or document.get("@id")
    if not isinstance(top_id, str):
        raise ValueError("the document has no top-level id")
    view = _View(parse_document(document), source)
    node = URIRef(top_id)
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
        for part in view.all(node, CRM["P9_consists_of"]):
            for group in view.all(part, CRM["P16_used_specific_object"]):
                role = view.label(group)
                relation = "ABOUT" if (role or "").lower() == "artist" else "CREATED_BY"
                for person in view.all(group, CRM["P129_is_about"]):
                    mention = view.mention(person, relation, "part.involved.about", role)
                    if mention:
                        record.mentions.append(mention)
        return record
    if not types & OBJECT_TYPES:
        raise ValueError(f"{top_id}: type {', '.join(sorted(map(str, types))) or 'none'} is not read by this reader")
    record.source_id = f"object:{_tail(node)}"
    kinds = [view.label(t) for t in view.all(node, CRM["P2_has_type"]) if t != WORK_OF_ART]
    record.kind = next((k for k in kinds if k), "object")
    # classified_as with a vocabulary URI (AAT) are the object's types; made_of its materials.
    record.types = tuple(dict.fromkeys((str(t), view.label(t) or "") for t in view.all(node, CRM["P2_has_type"])
                                       if isinstance(t, URIRef) and t != WORK_OF_ART and "vocab.getty.edu/aat/" in str(t)))
    record.materials = tuple(dict.fromkeys((str(m) if isinstance(m, URIRef) else None, view.label(m) or str(m))
                                           for m in view.all(node, CRM["P45_consists_of"])))
    record.description = view.statement(node)
    for production in view.all(node, CRM["P108i_was_produced_by"]):
        view.dates(production, record, "made")
        for actor in view.all(production, CRM["P14_carried_out_by"]):
            mention = view.mention(actor, "CREATED_BY", "produced_by.carried_out_by")
            if mention:
                record.mentions.append(mention)
        for place in view.all(production, CRM["P7_took_place_at"]):
            mention = view.mention(place, "MADE_IN", "produced_by.took_place_at")
            if mention:
                mention.kind = "Place"
                record.mentions.append(mention)
    for part in [node, *view.all(node, CRM["P46_is_composed_of"])]:
        for visual in view.all(part, CRM["P65_shows_visual_item"]):
            for shown in view.all(visual, CRM["P138_represents"]):
                mention = view.mention(shown, "ABOUT", "shows.represents")
                if mention:
                    record.mentions.append(mention)
    images = [i for p in [node, *view.all(node, CRM["P46_is_composed_of"])]
              for i in view.all(p, CRM["P138i_has_representation"]) if isinstance(i, URIRef)]
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


__all__ = ["read", "map_document", "parse_document", "local_context", "alias_key", "is_linked_art"]
