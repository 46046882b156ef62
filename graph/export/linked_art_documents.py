"""The graph as Linked Art (https://linked.art/model/): one JSON-LD document per node.

Records become HumanMadeObject (museum objects) or LinguisticObject (library and archival
items, i.e. texts); people Person, organisations Group, places Place, themes Type; each
canonical entity lists its authority records (ULAN, Wikidata, VIAF, LCNAF, GeoNames, TGN,
AAT, ...) under `equivalent`. The terms used are defined in `linked_art_context.json`, a
local copy of the part of the Linked Art context we emit: nothing is fetched at run time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

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
# AAT terms Linked Art uses for these classifications.
AAT_PRIMARY_NAME = "http://vocab.getty.edu/aat/300404670"
AAT_PUBLISHING = "http://vocab.getty.edu/aat/300054686"
AAT_DESCRIPTION = "http://vocab.getty.edu/aat/300435416"
AAT_WEB_PAGE = "http://vocab.getty.edu/aat/300264578"


@cache
def local_context() -> dict[str, Any]:
    """The Linked Art context terms glamgraph emits, from the file shipped with the code."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def authority_uri(full_id: str) -> str | None:
    scheme, _, value = full_id.partition(":")
    prefix = AUTHORITY_URIS.get(scheme)
    return prefix + value if prefix and value else None


class Documents:
    """Builds Linked Art documents with URIs under `base` (e.g. https://example.org/glamgraph/)."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#", ":")) else base + "/"

    def uri(self, kind: str, key: str) -> str:
        return f"{self.base}{kind}/{quote(key, safe='')}"

    def ref(self, label: str, entity_id: str, name: str | None) -> dict[str, Any]:
        kind = ENTITY_TYPES.get(label, "Type")
        ref: dict[str, Any] = {"id": self.uri(label.lower(), entity_id), "type": kind}
        if name:
            ref["_label"] = name
        return ref

    def institution(self, props: dict[str, Any]) -> list[dict[str, Any]]:
        group = {"id": self.uri("institution", props["id"]), "type": "Group", "_label": props.get("name") or props["id"],
                 "identified_by": [_name(props.get("name") or props["id"])]}
        collection = {"id": self.uri("collection", props["id"]), "type": "Set",
                      "_label": f"Collection of {props.get('name') or props['id']}"}
        return [group, collection]

    def record(self, labels: list[str], props: dict[str, Any], edges: list[dict[str, Any]]) -> dict[str, Any]:
        museum = "MuseumObject" in labels
        title = props.get("title")
        doc: dict[str, Any] = {
            "id": self.uri("record", props["id"]),
            "type": "HumanMadeObject" if museum else "LinguisticObject",
            "_label": title or props["id"],
            "identified_by": ([_name(title)] if title else []) + [{"type": "Identifier", "content": props["source_id"]}],
        }
        if props.get("kind"):
            doc["classified_as"] = [{"id": self.uri("kind", props["kind"]), "type": "Type", "_label": props["kind"]}]
        if props.get("description"):
            doc["referred_to_by"] = [{"type": "LinguisticObject", "content": props["description"],
                                      "classified_as": [{"id": AAT_DESCRIPTION, "type": "Type", "_label": "description"}]}]
        institution = props.get("institution")
        if institution:
            doc["member_of"] = [{"id": self.uri("collection", institution), "type": "Set"}]
            if museum:
                doc["current_owner"] = [{"id": self.uri("institution", institution), "type": "Group"}]
        if props.get("url"):
            doc["subject_of"] = [{"type": "LinguisticObject",
                                  "classified_as": [{"id": AAT_WEB_PAGE, "type": "Type", "_label": "web page"}],
                                  "digitally_carried_by": [{"type": "DigitalObject",
                                                            "access_point": [{"id": props["url"], "type": "DigitalObject"}]}]}]
        by_type: dict[str, list[dict[str, Any]]] = {}
        for edge in edges:
            if edge["type"] != "HELD_BY":
                by_type.setdefault(edge["type"], []).append(self.ref(edge["label"], edge["id"], edge["name"]))
        makers = by_type.get("CREATED_BY", [])
        subjects = by_type.get("ABOUT", []) + by_type.get("MENTIONS", [])
        timespan = _timespan(props.get("year_start"), props.get("year_end"), props.get("date_text"))
        if museum:
            production: dict[str, Any] = {"type": "Production"}
            if makers:
                production["carried_out_by"] = makers
            if by_type.get("MADE_IN"):
                production["took_place_at"] = by_type["MADE_IN"]
            if timespan:
                production["timespan"] = timespan
            if len(production) > 1:
                doc["produced_by"] = production
            if subjects:
                doc["shows"] = [{"type": "VisualItem", "about": subjects}]
        else:
            creation: dict[str, Any] = {"type": "Creation"}
            if makers:
                creation["carried_out_by"] = makers
            if timespan:
                creation["timespan"] = timespan
            if len(creation) > 1:
                doc["created_by"] = creation
            if subjects:
                doc["about"] = subjects
            if by_type.get("PUBLISHED_IN"):
                doc["used_for"] = [{"type": "Activity", "_label": "Publication",
                                    "classified_as": [{"id": AAT_PUBLISHING, "type": "Type", "_label": "publishing"}],
                                    "took_place_at": by_type["PUBLISHED_IN"]}]
        return doc

    def entity(self, label: str, props: dict[str, Any], edges: list[dict[str, Any]]) -> dict[str, Any]:
        kind = ENTITY_TYPES[label]
        name = props.get("name") or props["id"]
        doc: dict[str, Any] = {"id": self.uri(label.lower(), props["id"]), "type": kind, "_label": name,
                               "identified_by": [_name(n) for n in dict.fromkeys([name, *(props.get("names") or [])])]}
        equivalent = [uri for uri in (authority_uri(i) for i in props.get("ids") or []) if uri]
        if equivalent:
            doc["equivalent"] = [{"id": uri, "type": kind, "_label": name} for uri in equivalent]
        targets: dict[str, list[dict[str, Any]]] = {}
        for edge in edges:
            targets.setdefault(edge["type"], []).append(self.ref(edge["label"], edge["id"], edge["name"]))
        if label in ("Person", "Organization"):
            for key, event, year_key, rel in (("born", "Birth", "birth_year", "BORN_IN"), ("died", "Death", "death_year", "DIED_IN")):
                activity: dict[str, Any] = {"type": event}
                span = _timespan(props.get(year_key), props.get(year_key), None)
                if span:
                    activity["timespan"] = span
                if targets.get(rel):
                    activity["took_place_at"] = targets[rel]
                if len(activity) > 1 and label == "Person":
                    doc[key] = activity
        if label == "Place" and targets.get("WITHIN"):
            doc["part_of"] = targets["WITHIN"]
        if label == "Theme" and targets.get("BROADER"):
            doc["broader"] = targets["BROADER"]
        return doc


def _name(text: str) -> dict[str, Any]:
    return {"type": "Name", "content": text}


def _timespan(start: Any, end: Any, text: str | None) -> dict[str, Any] | None:
    """Whole years as xsd:dateTime bounds; years outside 1..9999 are left out (xsd needs 4 digits)."""
    span: dict[str, Any] = {"type": "TimeSpan"}
    if isinstance(start, int) and 0 < start < 10000:
        span["begin_of_the_begin"] = f"{start:04d}-01-01T00:00:00Z"
    end = end if isinstance(end, int) else start
    if isinstance(end, int) and 0 < end < 10000:
        span["end_of_the_end"] = f"{end:04d}-12-31T23:59:59Z"
    if text:
        span["identified_by"] = [_name(text)]
    return span if len(span) > 1 else None
