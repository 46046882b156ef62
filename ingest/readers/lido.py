"""LIDO 1.0 and 1.1 XML: single `lido:lido` files, `lido:lidoWrap` files and OAI-PMH envelopes.

Streams `lido:lido` elements through the hardened parser and releases each one. Fields read:
- `lidoRecID` -> record id (the same record in a lidoWrap and in an OAI-PMH page is one Record).
- `titleSet/appellationValue` (preferred first) -> title; `objectWorkType/term` -> kind;
  `objectDescriptionSet/descriptiveNoteValue` -> description.
- production-like events (production, creation, designing, ... or no type): `eventDate`
  `displayDate` + `date/earliestDate|latestDate` -> dates; `eventActor/actorInRole` -> CREATED_BY
  with `roleActor/term` as role, `actorID`s (ULAN/GND/VIAF/Wikidata/RKD URIs) as ids and
  `vitalDatesActor` as life years; `eventPlace/place` -> MADE_IN Place (`placeID` GeoNames/TGN/GND,
  `partOfPlace` -> WITHIN chain).
- `subjectConcept` -> ABOUT Theme, `subjectActor` -> ABOUT Person/Organization,
  `subjectPlace` -> ABOUT Place.
- `recordRights/rightsType` -> rights; `resourceRepresentation/linkResource` -> image_url;
  `recordInfoLink` (else an http `objectPublishedID`) -> url.
- `repositoryName/legalBodyName` (else `recordSource/legalBodyName`) -> the holding Institution.

A well-formed record without a `lidoRecID` is rejected. When the file stops being well-formed,
the rest is read again record by record (each `lido:lido` chunk on its own), so one broken record
is rejected with its position and the parser's reason and the records after it still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ingest.authority import normalise_id
from ingest.dates import parse_date, set_dates
from ingest.gazetteer import parse_lat_lon
from ingest.guard import describe
from ingest.jsonutil import institution_from_name, slug
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, direct_order, fold, short_hash
from ingest.xmlsafe import refusal, release, safe_iterparse
from ingest.xmlsplit import nested_in_record, parse_fragment, split_records

LIDO_NS = "http://www.lido-schema.org"
NS = {"l": LIDO_NS}
LIDO_TAG = f"{{{LIDO_NS}}}lido"
PREFERRED = {"preferred", "http://terminology.lido-schema.org/lido00169"}
ALTERNATE = {"alternate", "alternative", "http://terminology.lido-schema.org/lido00170"}
# Event types whose actors made the object (terms in English and German, LIDO concept ids).
CREATION_EVENTS = {"production", "creation", "designing", "design", "herstellung", "entwurf", "publication",
                   "manufacture", "painting", "drawing", "printing"}
CREATION_EVENT_IDS = ("lido00007", "lido00012", "lido00224", "lido00228", "/production", "/creation", "/designing")
ORGANISATION_TYPES = ("corporation", "organization", "organisation", "institution", "group", "corporate")
PLACE_ID_HINTS = {"geonames": "geonames", "tgn": "tgn", "getty": "tgn", "gnd": "gnd", "wikidata": "wikidata"}
ACTOR_ID_HINTS = {"ulan": "ulan", "viaf": "viaf", "gnd": "gnd", "d-nb": "gnd", "wikidata": "wikidata", "rkd": "rkd"}
# "Anonymous" is not one person: such actors are left out rather than merged into one alias.
UNKNOWN_NAMES = {"anonim", "anonymous", "anonym", "unknown", "necunoscut", "unbekannt", "anoniem", "onbekend", "n n"}
_RKD = re.compile(r"rkd\.nl/(?:[a-z]{2}/)?explore/artists/(\d+)")


def _text(element: Any) -> str | None:
    if element is None:
        return None
    return clean_text(" ".join("".join(element.itertext()).split()))


def _preferred(elements: list[Any]) -> str | None:
    """The preferred value of repeated terms/appellations: pref="preferred" first, then the first."""
    first = None
    for element in elements:
        value = _text(element)
        if not value:
            continue
        pref = element.get(f"{{{LIDO_NS}}}pref")
        if pref in PREFERRED:
            return value
        if first is None and pref not in ALTERNATE:
            first = value
        first = first or value
    return first


def _all_text(element: Any, path: str) -> list[str]:
    return [t for t in (_text(e) for e in element.iterfind(path, NS)) if t]


def _id(value: str | None, hint: str | None, hints: dict[str, str]) -> str | None:
    """Normalise an actorID/placeID/conceptID: URIs name their scheme, bare values use lido:source."""
    if not value:
        return None
    match = _RKD.search(value)
    if match:
        return f"rkd:{match.group(1)}"
    found = normalise_id(value)
    if found or "://" in value:
        return found
    for needle, scheme in hints.items():
        if hint and needle in hint.lower():
            return normalise_id(value, scheme)
    return None


def _ids(element: Any, tag: str, hints: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    for id_el in element.iterfind(f"l:{tag}", NS):
        found = _id(_text(id_el), id_el.get(f"{{{LIDO_NS}}}source"), hints)
        if found and found not in out:
            out.append(found)
    return tuple(out)


def _year(text: str | None) -> int | None:
    return parse_date(text).start

class _Mapper:
    def __init__(self, source: str, file: str) -> None:
        self.source = source
        self.file = file

    def _key(self, kind: str, ids: tuple[str, ...], local: str | None, name: str) -> str:
        if ids:
            return f"{self.source}:{kind}:{ids[0]}"
        return f"{self.source}:{kind}:{short_hash(f'local:{local}' if local else fold(name))}"

    def actor(self, actor: Any, relation: str, role: str | None, field: str) -> Mention | None:
        names = [s for s in actor.iterfind("l:nameActorSet", NS)]
        values = [v for s in names for v in s.iterfind("l:appellationValue", NS)]
        name = _preferred(values)
        if not name or fold(name) in UNKNOWN_NAMES:
            return None
        ids = _ids(actor, "actorID", ACTOR_ID_HINTS)
        local = next((t for t in _all_text(actor, "l:actorID")), None)
        actor_type = (actor.get(f"{{{LIDO_NS}}}type") or "").lower()
        kind = "Organization" if any(t in actor_type for t in ORGANISATION_TYPES) else "Person"
        vital = actor.find("l:vitalDatesActor", NS)
        alt = tuple(dict.fromkeys(v for v in (_text(e) for e in values) if v and v != name))
        return Mention(
            kind=kind, alias_key=self._key("actor", ids, local, name),
            name=direct_order(name) if kind == "Person" else name, relation=relation, role=role, as_written=name, source_field=field, ids=ids,
            birth_year=_year(_text(vital.find("l:earliestDate", NS))) if vital is not None else None,
            death_year=_year(_text(vital.find("l:latestDate", NS))) if vital is not None else None,
            nationality=_preferred(list(actor.iterfind("l:nationalityActor/l:term", NS))),
            alt_names=alt,
        )

    def place(self, place: Any, relation: str, field: str, depth: int = 0) -> Mention | None:
        name = _preferred(list(place.iterfind("l:namePlaceSet/l:appellationValue", NS)))
        if not name and depth == 0 and place.getparent() is not None:
            # An eventPlace may name its place only in displayPlace (museum-digital exports do).
            name = _text(place.getparent().find("l:displayPlace", NS))
        if not name:
            return None
        ids = _ids(place, "placeID", PLACE_ID_HINTS)
        links: tuple[tuple[str, Mention], ...] = ()
        parent = place.find("l:partOfPlace", NS)
        if parent is not None and depth < 10:
            broader = self.place(parent, "", field, depth + 1)
            if broader is not None:
                links = (("WITHIN", broader),)
        # A place without ids is keyed by its name and its parents' names, so "Paris, France" and
        # "Paris, Texas" stay apart.
        context = name + "|" + "|".join(m.name for _, m in links)
        lat_lon = _gml_point(place)
        return Mention(kind="Place", alias_key=self._key("place", ids, None, context), name=name, relation=relation,
                       as_written=name, source_field=field, ids=ids, links=links,
                       lat=lat_lon[0] if lat_lon else None, lon=lat_lon[1] if lat_lon else None)

    def concept(self, concept: Any, field: str) -> Mention | None:
        name = _preferred(list(concept.iterfind("l:term", NS)))
        if not name:
            return None
        ids = _ids(concept, "conceptID", {"aat": "aat", "gnd": "gnd", "lcsh": "lcsh", "wikidata": "wikidata"})
        return Mention(kind="Theme", alias_key=self._key("concept", ids, None, name), name=name, relation="ABOUT",
                       as_written=name, source_field=field, ids=ids)


def _gml_point(place: Any) -> tuple[float, float] | None:
    """lido:gml/gml:Point/gml:pos "lat lon" (GML's default axis order for WGS84) of this place,
    not of the places it is part of."""
    gml = place.find("l:gml", NS)
    if gml is None:
        return None
    for pos in gml.iter("{http://www.opengis.net/gml}pos"):
        return parse_lat_lon(pos.text or "")
    return None


def _is_creation(event: Any) -> bool:
    event_type = event.find("l:eventType", NS)
    if event_type is None:
        return True
    terms = {t.lower() for t in _all_text(event_type, "l:term")}
    ids = _all_text(event_type, "l:conceptID")
    if not terms and not ids:
        return True
    return bool(terms & CREATION_EVENTS) or any(i.endswith(CREATION_EVENT_IDS) for i in ids)


def _holder(lido: Any) -> Institution | None:
    for path in ("l:descriptiveMetadata/l:objectIdentificationWrap/l:repositoryWrap/l:repositorySet/l:repositoryName",
                 "l:administrativeMetadata/l:recordWrap/l:recordSource"):
        for body in lido.iterfind(path, NS):
            name = _preferred(list(body.iterfind("l:legalBodyName/l:appellationValue", NS)))
            if name:
                return institution_from_name(name)
    return None


def map_lido(lido: Any, *, source: str, institution: Institution, file: str, position: int) -> Record:
    """One `lido:lido` element -> Record. Raises ValueError when it has no lidoRecID."""
    rec_id = _text(lido.find("l:lidoRecID", NS))
    if not rec_id:
        raise ValueError("lido:lido has no lidoRecID")
    mapper = _Mapper(source, file)
    desc = lido.find("l:descriptiveMetadata", NS)
    admin = lido.find("l:administrativeMetadata", NS)
    record = Record(source=source, institution_id=institution.id, source_id=rec_id, domain="museum", kind="object",
                    file=file, position=position)
    holder = _holder(lido)
    if holder is not None:
        record.holder, record.institution_id = holder, holder.id
    published = _all_text(lido, "l:objectPublishedID")
    record.ids = tuple(published)
    if desc is not None:
        ident = desc.find("l:objectIdentificationWrap", NS)
        if ident is not None:
            record.title = _preferred(list(ident.iterfind("l:titleWrap/l:titleSet/l:appellationValue", NS)))
            notes = _all_text(ident, "l:objectDescriptionWrap/l:objectDescriptionSet/l:descriptiveNoteValue")
            record.description = "\n".join(dict.fromkeys(notes)) or None
        work_type = _preferred(list(desc.iterfind(
            "l:objectClassificationWrap/l:objectWorkTypeWrap/l:objectWorkType/l:term", NS)))
        record.kind = work_type or "object"
        record.types, record.materials = _types_and_materials(desc)
        _events(desc, mapper, record)
        _subjects(desc, mapper, record)
    if admin is not None:
        rights = admin.find("l:recordWrap/l:recordRights/l:rightsType", NS)
        if rights is not None:
            record.rights = _preferred(list(rights.iterfind("l:term", NS))) or _text(rights.find("l:conceptID", NS))
        links = list(admin.iterfind("l:resourceWrap/l:resourceSet/l:resourceRepresentation", NS))
        images = [(r.get(f"{{{LIDO_NS}}}type") or "", _text(r.find("l:linkResource", NS))) for r in links]
        images = [(t, u) for t, u in images if u and u.startswith("http")]
        full = [u for t, u in images if "thumb" not in t.lower()]
        record.image_url = (full or [u for _, u in images] or [None])[0]
        record.url = _text(admin.find("l:recordWrap/l:recordInfoSet/l:recordInfoLink", NS))
    if not record.url:
        record.url = next((p for p in published if p.startswith("http")), None)
    numbers = [("accession", n) for w in lido.iterfind(".//l:objectIdentificationWrap/l:repositoryWrap/"
                                                      "l:repositorySet/l:workID", NS)
               if (n := _text(w)) and "inventory" in (w.get(f"{{{LIDO_NS}}}type") or "inventory").lower()]
    record.numbers = tuple(dict.fromkeys([*numbers, ("system", rec_id)]))
    if not record.title:
        record.warnings.append(f"{file} record {position} ({rec_id}): no title")
    return record


def _events(desc: Any, mapper: _Mapper, record: Record) -> None:
    for event in desc.iterfind("l:eventWrap/l:eventSet/l:event", NS):
        if not _is_creation(event):
            continue
        date = event.find("l:eventDate", NS)
        if date is not None and record.date_text is None and record.year_start is None:
            # earliestDate/latestDate are the machine-readable form LIDO asks for: they win.
            set_dates(record, _text(date.find("l:displayDate", NS)), "made",
                      _text(date.find("l:date/l:earliestDate", NS)), _text(date.find("l:date/l:latestDate", NS)),
                      fields_first=True)
        for in_role in event.iterfind("l:eventActor/l:actorInRole", NS):
            actor = in_role.find("l:actor", NS)
            if actor is None:
                continue
            role_el = in_role.find("l:roleActor", NS)
            role = None
            if role_el is not None:
                role = _preferred(list(role_el.iterfind("l:term", NS)))
                if not role:
                    relator = next((i for i in _all_text(role_el, "l:conceptID") if "/relators/" in i), None)
                    role = relator.rsplit("/", 1)[-1] if relator else None
            mention = mapper.actor(actor, "CREATED_BY", role, "eventActor")
            if mention:
                record.mentions.append(mention)
        for place in event.iterfind("l:eventPlace/l:place", NS):
            mention = mapper.place(place, "MADE_IN", "eventPlace")
            if mention:
                record.mentions.append(mention)


def _subjects(desc: Any, mapper: _Mapper, record: Record) -> None:
    for subject in desc.iterfind("l:objectRelationWrap/l:subjectWrap/l:subjectSet/l:subject", NS):
        for concept in subject.iterfind("l:subjectConcept", NS):
            mention = mapper.concept(concept, "subjectConcept")
            if mention:
                record.mentions.append(mention)
        for actor in subject.iterfind("l:subjectActor/l:actor", NS):
            mention = mapper.actor(actor, "ABOUT", None, "subjectActor")
            if mention:
                record.mentions.append(mention)
        for place in subject.iterfind("l:subjectPlace/l:place", NS):
            mention = mapper.place(place, "ABOUT", "subjectPlace")
            if mention:
                record.mentions.append(mention)


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    """Read one LIDO file (a lido:lido, a lidoWrap or an OAI-PMH page of LIDO records)."""
    position = 0
    try:
        for _, element in safe_iterparse(path, (LIDO_TAG,)):
            if nested_in_record(element, (LIDO_TAG,)):
                continue  # inside a lido:lido that was never closed: recovery reads it
            position += 1
            yield _one(element, source, institution, str(path), position)
            release(element)
    except etree.XMLSyntaxError as exc:
        unsafe = refusal(exc)
        if unsafe:
            yield Rejected(str(path), None, None, unsafe, fatal=True)
            return
        reason = f"XML is not well-formed at line {exc.lineno}: {exc.msg}"
        yield from _recover(path, position, reason, source=source, institution=institution)
    except OSError as exc:  # libxml2 reports some encoding damage as an I/O error
        yield from _recover(path, position, f"XML could not be read: {exc}", source=source, institution=institution)


def _one(element: Any, source: str, institution: Institution, file: str, position: int) -> Record | Rejected:
    try:
        return map_lido(element, source=source, institution=institution, file=file, position=position)
    except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
        return Rejected(file, position, None, describe(exc))


def _recover(path: Path, done: int, reason: str, *, source: str, institution: Institution
             ) -> Iterator[Record | Rejected]:
    """After a well-formedness error, parse the remaining lido:lido records one by one
    (`ingest.xmlsplit.split_records`: one linear pass; a record without its end tag is cut at
    the next record, so only the damaged one is lost)."""
    chunks = list(split_records(path, "lido"))
    if len(chunks) <= done:
        yield Rejected(str(path), done + 1, None, f"{reason}; no further lido:lido records could be read", fatal=True)
        return
    for position, (line, text) in enumerate(chunks[done:], start=done + 1):
        try:
            element = parse_fragment(text)
        except (etree.XMLSyntaxError, ValueError) as exc:
            rec_id = re.search(r"lidoRecID[^>]*>([^<]+)<", text)
            message = refusal(exc) if isinstance(exc, etree.XMLSyntaxError) else None
            yield Rejected(str(path), position, rec_id.group(1).strip() if rec_id else None,
                           message or f"record starting at line {line} is not well-formed XML: "
                           f"{getattr(exc, 'msg', None) or exc}")
            continue
        if element.tag != LIDO_TAG:
            yield Rejected(str(path), position, None, "record is not a lido:lido element")
            continue
        yield _one(element, source, institution, str(path), position)


def is_lido(head: bytes) -> bool:
    return b"lido-schema.org" in head and (b"lido:lido" in head or b"<lido" in head or b":lido" in head)


__all__ = ["read", "map_lido", "is_lido", "slug"]


def _types_and_materials(desc: Any) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str | None, str], ...]]:
    """objectWorkType with a concept URI (AAT, GND, nomisma) -> types; materialsTech terms of
    type "material" -> materials (with their concept URI when given)."""
    types: list[tuple[str, str]] = []
    for work_type in desc.iterfind("l:objectClassificationWrap/l:objectWorkTypeWrap/l:objectWorkType", NS):
        label = _preferred(list(work_type.iterfind("l:term", NS)))
        uris = [u for u in _all_text(work_type, "l:conceptID") if u.startswith("http")]
        if label and uris:
            types.append((uris[0], label))
    materials: list[tuple[str | None, str]] = []
    for term in desc.iterfind(".//l:materialsTech/l:termMaterialsTech", NS):
        if not (term.get(f"{{{LIDO_NS}}}type") or "").endswith("/material"):
            continue
        label = _preferred(list(term.iterfind("l:term", NS)))
        uris = [u for u in _all_text(term, "l:conceptID") if u.startswith("http")]
        if label:
            materials.append((uris[0] if uris else None, label))
    return tuple(dict.fromkeys(types)), tuple(dict.fromkeys(materials))
