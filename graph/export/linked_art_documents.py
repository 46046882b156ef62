"""The graph as Linked Art (https://linked.art/api/1.0/): one JSON-LD document per record and entity.

Each document is what a Linked Art API endpoint would serve, with its own `@context` (the
official context URL) and an id under `<base><endpoint>/`:
- museum objects -> `object/` HumanMadeObject (`produced_by`, `made_of`, `shows` a VisualItem by
  reference, `current_owner`); exhibitions and other events -> `event/` Activity; library and
  archival items -> `text/` LinguisticObject (`created_by`, `about`, `used_for` publication);
- what a museum object depicts -> `visual/` VisualItem (`represents` people, groups and places,
  `about` themes; the rights of the record as `subject_to`);
- people `person/`, organisations and institutions `group/`, places `place/`, themes and local
  object types `concept/` (Type), each institution's collection `set/`.
Object and text types are AAT terms where the source gave one (`Record.types`), local
`concept/kind:...` Types otherwise. Identifiers are the institution's own numbers, classified
as accession, call or system numbers (AAT). Every record states its rights: the source's
statement (`referred_to_by`, AAT "copyright/licensing statement") and its licence URI
(`subject_to` a Right, on texts and visual items). Time-spans come from the record's EDTF date
(ingest/dates.py): ISO years (2800 BCE is -2799), begin <= end always.

The official context ships in `linked_art_context.json` (a copy of
https://linked.art/ns/v1/linked-art.json, CC BY 4.0): nothing is fetched at run time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ingest.dates import iso_year, parse_date
from ingest.rights import licence_label, rights_uri

LINKED_ART_CONTEXT_URL = "https://linked.art/ns/v1/linked-art.json"
CONTEXT_FILE = Path(__file__).with_name("linked_art_context.json")

# Authority scheme -> URI prefix of the authority's own identifiers.
AUTHORITY_URIS = {
    "ulan": "http://vocab.getty.edu/ulan/",
    "tgn": "http://vocab.getty.edu/tgn/",
    "aat": "http://vocab.getty.edu/aat/",
    "wikidata": "http://www.wikidata.org/entity/",
    "viaf": "http://viaf.org/viaf/",
    "lcnaf": "http://id.loc.gov/authorities/names/",
    "lcsh": "http://id.loc.gov/authorities/subjects/",
    "fast": "http://id.worldcat.org/fast/",
    "gnd": "https://d-nb.info/gnd/",
    "geonames": "https://sws.geonames.org/",
    "rkd": "https://rkd.nl/explore/artists/",
}
ENTITY_TYPES = {"Person": "Person", "Organization": "Group", "Place": "Place", "Theme": "Type"}
ENDPOINTS = {"Person": "person", "Organization": "group", "Place": "place", "Theme": "concept"}
AAT = "http://vocab.getty.edu/aat/"
# AAT terms Linked Art uses for these classifications.
AAT_PRIMARY_NAME = AAT + "300404670"
AAT_PUBLISHING = AAT + "300054686"
AAT_DESCRIPTION = AAT + "300435416"
AAT_WEB_PAGE = AAT + "300264578"
AAT_RIGHTS_STATEMENT = AAT + "300435434"
AAT_EXHIBITION = AAT + "300054766"
AAT_DIGITAL_IMAGE = AAT + "300215302"
NUMBER_TYPES = {  # Record.numbers kinds -> (AAT term, label)
    "accession": (AAT + "300312355", "accession number"),
    "call": (AAT + "300311706", "call number"),
    "system": (AAT + "300435704", "system-assigned number"),
}
# Our own id prefixes in Record.source_id ("artwork:N01234"); the rest is the source's number.
_LOCAL_PREFIXES = ("object:", "artwork:", "exhibition:", "record:", "item:")


@cache
def local_context() -> dict[str, Any]:
    """The official Linked Art context, from the copy shipped with the code."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def authority_uri(full_id: str) -> str | None:
    scheme, _, value = full_id.partition(":")
    prefix = AUTHORITY_URIS.get(scheme)
    return prefix + value if prefix and value else None


def _name(text: str, primary: bool = False) -> dict[str, Any]:
    name: dict[str, Any] = {"type": "Name", "content": text}
    if primary:
        name["classified_as"] = [_type(AAT_PRIMARY_NAME, "primary name")]
    return name


def _type(uri: str, label: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": uri, "type": "Type"}
    if label:
        found["_label"] = label
    return found


def _statement(text: str, uri: str, label: str) -> dict[str, Any]:
    return {"type": "LinguisticObject", "content": text, "classified_as": [_type(uri, label)]}


def timespan(edtf: str | None, start: Any = None, end: Any = None, text: str | None = None) -> dict[str, Any] | None:
    """A TimeSpan from an EDTF date (else whole years); begin <= end, BCE as ISO years."""
    found = parse_date(edtf) if edtf else None
    first = found.start if found and found.start is not None else start if isinstance(start, int) else None
    last = found.end if found and found.start is not None else end if isinstance(end, int) else first
    open_end = bool(found and found.open_end)
    if first is None:
        return None
    if isinstance(last, int) and last < first:
        first, last = last, first
    span: dict[str, Any] = {"type": "TimeSpan", "begin_of_the_begin": _instant(first, start=True)}
    if not open_end and isinstance(last, int):
        span["end_of_the_end"] = _instant(last, start=False)
    if text:
        span["identified_by"] = [_name(text)]
    return span


def _instant(year: int, *, start: bool) -> str:
    value = iso_year(year)
    digits = f"-{abs(value):04d}" if value < 0 else f"{value:04d}"
    return f"{digits}-01-01T00:00:00Z" if start else f"{digits}-12-31T23:59:59Z"


def _url(value: str) -> str:
    """A source's URL as an IRI: spaces and other characters IRIs may not hold are %-escaped."""
    return quote(value.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def _pairs(values: Any) -> list[tuple[str, str]]:
    """Graph list properties of "<uri> <label>" (or "<kind>:<value>") back into pairs."""
    out = []
    for value in values or []:
        head, _, tail = str(value).partition(" ")
        out.append((head, tail))
    return out


class Documents:
    """Builds Linked Art documents with URIs under `base` (e.g. https://example.org/glamgraph/)."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#", ":")) else base + "/"
        # Local object types and materials referenced (no AAT term known): key -> (class, label),
        # exported as concept documents at the end.
        self.local_kinds: dict[str, tuple[str, str]] = {}

    def uri(self, endpoint: str, key: str) -> str:
        return f"{self.base}{endpoint}/{quote(key, safe='')}"

    def _doc(self, endpoint: str, key: str, kind: str, label: str) -> dict[str, Any]:
        return {"@context": LINKED_ART_CONTEXT_URL, "id": self.uri(endpoint, key), "type": kind, "_label": label}

    def ref(self, label: str, entity_id: str, name: str | None) -> dict[str, Any]:
        ref: dict[str, Any] = {"id": self.uri(ENDPOINTS.get(label, "concept"), entity_id),
                               "type": ENTITY_TYPES.get(label, "Type")}
        if name:
            ref["_label"] = name
        return ref

    def institution_ref(self, institution: str) -> dict[str, Any]:
        return {"id": self.uri("group", f"institution:{institution}"), "type": "Group"}

    def collection_ref(self, institution: str) -> dict[str, Any]:
        return {"id": self.uri("set", f"collection:{institution}"), "type": "Set"}

    def institution(self, props: dict[str, Any]) -> list[dict[str, Any]]:
        name = props.get("name") or props["id"]
        group = self._doc("group", f"institution:{props['id']}", "Group", name)
        group["identified_by"] = [_name(name, primary=True)]
        collection = self._doc("set", f"collection:{props['id']}", "Set", f"Collection of {name}")
        collection["identified_by"] = [_name(f"Collection of {name}", primary=True)]
        return [group, collection]

    def kind_concepts(self) -> list[dict[str, Any]]:
        """The local object types records were classified with (no AAT term known)."""
        docs = []
        for key, (kind, label) in sorted(self.local_kinds.items()):
            doc = self._doc("concept", key, kind, label)
            doc["identified_by"] = [_name(label, primary=True)]
            docs.append(doc)
        return docs

    def record(self, labels: list[str], props: dict[str, Any], edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The record's document (and, for a museum object that depicts something, its VisualItem)."""
        museum = "MuseumObject" in labels
        event = museum and (props.get("date_kind") == "held" or props.get("kind") == "exhibition")
        endpoint, kind = ("event", "Activity") if event else ("object", "HumanMadeObject") if museum else (
            "text", "LinguisticObject")
        title = props.get("title")
        doc = self._doc(endpoint, props["id"], kind, title or props["id"])
        doc["identified_by"] = ([_name(title, primary=True)] if title else []) + self._identifiers(props)
        classes = self._classes(props, event)
        if classes:
            doc["classified_as"] = classes
        statements = []
        if props.get("description"):
            statements.append(_statement(props["description"], AAT_DESCRIPTION, "description"))
        rights_text, licence = self._rights(props)
        statements.append(_statement(rights_text, AAT_RIGHTS_STATEMENT, "copyright/licensing statement"))
        doc["referred_to_by"] = statements
        institution = props.get("institution")
        if institution and not event:
            doc["member_of"] = [self.collection_ref(institution)]
        if props.get("url"):
            doc["subject_of"] = [{"type": "LinguisticObject",
                                  "classified_as": [_type(AAT_WEB_PAGE, "web page")],
                                  "digitally_carried_by": [{"type": "DigitalObject",
                                                            "access_point": [{"id": _url(props["url"]), "type": "DigitalObject"}]}]}]
        by_type: dict[str, list[dict[str, Any]]] = {}
        for edge in edges:  # one reference per entity and relation (a maker with two roles is one maker)
            refs = by_type.setdefault(edge["type"], [])
            ref = self.ref(edge["label"], edge["id"], edge["name"])
            if edge["type"] != "HELD_BY" and all(r["id"] != ref["id"] for r in refs):
                refs.append(ref)
        makers = [r for r in by_type.get("CREATED_BY", []) if r["type"] in ("Person", "Group")]
        subjects = list({r["id"]: r for r in by_type.get("ABOUT", []) + by_type.get("MENTIONS", [])}.values())
        made = props.get("date_kind") != "digitised" and timespan(
            props.get("date_edtf"), props.get("year_start"), props.get("year_end"), props.get("date_text"))
        if event:
            if makers:
                doc["carried_out_by"] = makers + ([self.institution_ref(institution)] if institution else [])
            elif institution:
                doc["carried_out_by"] = [self.institution_ref(institution)]
            shown = [r for r in subjects if r["type"] in ("Person", "Group")]
            if shown:
                doc["participant"] = shown
            if by_type.get("MADE_IN"):
                doc["took_place_at"] = by_type["MADE_IN"]
            if made:
                doc["timespan"] = made
            return [doc]
        image = self._image(props)
        if museum:
            if institution:
                doc["current_owner"] = [self.institution_ref(institution)]
            production: dict[str, Any] = {"type": "Production"}
            if makers:
                production["carried_out_by"] = makers
            if by_type.get("MADE_IN"):
                production["took_place_at"] = by_type["MADE_IN"]
            if made:
                production["timespan"] = made
            if len(production) > 1:
                doc["produced_by"] = production
            materials = [{"id": uri if uri.startswith("http") else self._local_kind(label, "material"),
                          "type": "Material", "_label": label} for uri, label in _pairs(props.get("materials"))]
            if materials:
                doc["made_of"] = materials
            if image:
                doc["representation"] = [image]
            if not subjects:
                return [doc]
            visual = self._doc("visual", props["id"], "VisualItem", f"Visual content of {title or props['id']}")
            doc["shows"] = [{"id": visual["id"], "type": "VisualItem"}]
            represented = [r for r in subjects if r["type"] in ("Person", "Group", "Place")]
            themes = [r for r in subjects if r["type"] == "Type"]
            if represented:
                visual["represents"] = represented
            if themes:
                visual["about"] = themes
            if licence:
                visual["subject_to"] = [self._right(licence)]
            return [doc, visual]
        creation: dict[str, Any] = {"type": "Creation"}
        if makers:
            creation["carried_out_by"] = makers
        if made and props.get("date_kind") != "published":
            creation["timespan"] = made
        if len(creation) > 1:
            doc["created_by"] = creation
        if subjects:
            doc["about"] = subjects
        publication: dict[str, Any] = {"type": "Activity", "_label": "Publication",
                                       "classified_as": [_type(AAT_PUBLISHING, "publishing")]}
        if by_type.get("PUBLISHED_IN"):
            publication["took_place_at"] = by_type["PUBLISHED_IN"]
        if made and props.get("date_kind") == "published":
            publication["timespan"] = made
        if len(publication) > 3:
            doc["used_for"] = [publication]
        if image:
            doc["representation"] = [image]
        if licence:
            doc["subject_to"] = [self._right(licence)]
        return [doc]

    def _identifiers(self, props: dict[str, Any]) -> list[dict[str, Any]]:
        """The institution's own numbers, classified; the record's source id is a system number
        unless the reader knew it as an accession or call number."""
        out = []
        seen = set()
        for kind, value in (tuple(str(n).split(":", 1)) for n in props.get("numbers") or [] if ":" in str(n)):
            if kind in NUMBER_TYPES and value and (kind, value) not in seen:
                seen.add((kind, value))
        source_id = str(props.get("source_id") or props["id"])
        for prefix in _LOCAL_PREFIXES:
            if source_id.startswith(prefix):
                source_id = source_id[len(prefix):]
                break
        if not seen:
            seen.add(("system", source_id))
        order = {"accession": 0, "call": 1, "system": 2}
        for kind, value in sorted(seen, key=lambda kv: (order[kv[0]], kv[1])):
            uri, label = NUMBER_TYPES[kind]
            out.append({"type": "Identifier", "content": value, "classified_as": [_type(uri, label)]})
        return out

    def _local_kind(self, label: str, what: str) -> str:
        key = f"{what}:{label.casefold()}"
        self.local_kinds.setdefault(key, ("Material" if what == "material" else "Type", label))
        return self.uri("concept", key)

    def _classes(self, props: dict[str, Any], event: bool) -> list[dict[str, Any]]:
        classes = [_type(uri, label or None) for uri, label in _pairs(props.get("types")) if uri.startswith("http")]
        if event and not any(c["id"] == AAT_EXHIBITION for c in classes):
            classes.insert(0, _type(AAT_EXHIBITION, "exhibitions (events)"))
        kind = props.get("kind")
        if not classes and kind:
            classes.append(_type(self._local_kind(kind, "kind"), kind))
        return classes

    def _rights(self, props: dict[str, Any]) -> tuple[str, str | None]:
        """(statement, licence URI): the record's own rights statement, else its source's licence."""
        own = props.get("rights")
        licence = rights_uri(own) or props.get("licence")
        if own:
            return own, licence
        if licence:
            return f"Metadata: {licence_label(licence)} ({licence})", licence
        return "Rights not stated by the source.", None

    def _right(self, licence: str) -> dict[str, Any]:
        return {"type": "Right", "classified_as": [_type(licence, licence_label(licence))]}

    def _image(self, props: dict[str, Any]) -> dict[str, Any] | None:
        if not props.get("image_url"):
            return None
        return {"type": "VisualItem", "digitally_shown_by": [{
            "type": "DigitalObject", "classified_as": [_type(AAT_DIGITAL_IMAGE, "digital image")],
            "access_point": [{"id": _url(props["image_url"]), "type": "DigitalObject"}]}]}

    def entity(self, label: str, props: dict[str, Any], edges: list[dict[str, Any]]) -> dict[str, Any]:
        kind = ENTITY_TYPES[label]
        name = props.get("name") or props["id"]
        doc = self._doc(ENDPOINTS[label], props["id"], kind, name)
        names = list(dict.fromkeys([name, *(props.get("names") or [])]))
        doc["identified_by"] = [_name(n, primary=i == 0) for i, n in enumerate(names)]
        equivalent = [uri for uri in (authority_uri(i) for i in props.get("ids") or []) if uri]
        if equivalent:
            doc["equivalent"] = [{"id": uri, "type": kind, "_label": name} for uri in dict.fromkeys(equivalent)]
        targets: dict[str, list[dict[str, Any]]] = {}
        for edge in edges:
            refs = targets.setdefault(edge["type"], [])
            ref = self.ref(edge["label"], edge["id"], edge["name"])
            if all(r["id"] != ref["id"] for r in refs):
                refs.append(ref)
        if label == "Person":
            for key, event, year_key, rel in (("born", "Birth", "birth_year", "BORN_IN"),
                                              ("died", "Death", "death_year", "DIED_IN")):
                activity: dict[str, Any] = {"type": event}
                year = props.get(year_key)
                span = timespan(None, year, year) if isinstance(year, int) and year != 0 else None
                if span:
                    activity["timespan"] = span
                if targets.get(rel):
                    activity["took_place_at"] = [p for p in targets[rel] if p["type"] == "Place"][:1]
                if len(activity) > 1:
                    doc[key] = activity
        if label == "Place" and targets.get("WITHIN"):
            doc["part_of"] = [p for p in targets["WITHIN"] if p["type"] == "Place"]
        if label == "Theme" and targets.get("BROADER"):
            doc["broader"] = [t for t in targets["BROADER"] if t["type"] == "Type"]
        return doc
