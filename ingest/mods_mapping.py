"""MODS (3.x) -> the common record model. Shared by the MODS reader and the OAI-PMH reader.

Elements read (any namespace prefix, or none):
- identifier[@type=pid|local|...], recordInfo/recordIdentifier -> record id (else the OAI id).
- titleInfo (not type=alternative) title + subTitle + partName -> title.
- originInfo dateCreated / dateIssued / dateOther (display text; the first non-EDTF one) ->
  date_text and a year range (EDTF point=start/end when given); originInfo/place/placeTerm
  [@type=text] -> PUBLISHED_IN Place; typeOfResource -> kind.
- name (top level) namePart / displayForm / namePart[@type=date] with role/roleTerm (text or
  marcrelator code) and @valueURI / @authorityURI (ULAN, LCNAF, VIAF, ...) -> CREATED_BY
  Person (type=personal or none) / Organization (corporate, conference).
- subject: topic -> ABOUT Theme, geographic / hierarchicalGeographic -> ABOUT Place (GeoNames
  or TGN URI from @valueURI on the element or the subject; cartographics/coordinates beside
  one geographic -> its lat/lon), name -> ABOUT Person/Organization.
- genre (@valueURI, e.g. AAT) -> ABOUT Theme with source_field "genre".
- no top-level name: the names of relatedItem[@type=host] (the collection's creator) instead.
- abstract, else note -> description; location/url -> url (usage "primary display", else
  access "object in context", else a plain url); image_url from access "raw object", else
  "preview"; accessCondition text and @xlink:href -> rights.
"""

from __future__ import annotations

from typing import Any

from ingest.authority import normalise_id
from ingest.dates import set_dates
from ingest.gazetteer import parse_lat_lon
from ingest.marc_mapping import RELATOR_CODES
from ingest.model import Institution, Mention, Record
from ingest.normalise import direct_order, fold, short_hash, split_life_dates

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def lname(element: Any) -> str:
    """Local name, also for prefixes left undeclared and kept literally in recovery mode."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2]


def children(element: Any, name: str) -> list[Any]:
    return [c for c in element if lname(c) == name]


def child_index(element: Any) -> dict[str, list[Any]]:
    """An element's children by local name, for an element asked for several of them (a record's
    root is asked for some fifteen: one pass instead of one per name)."""
    index: dict[str, list[Any]] = {}
    for child in element:
        index.setdefault(lname(child), []).append(child)
    return index


def text_of(element: Any | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _uri_ids(*elements: Any) -> tuple[str, ...]:
    ids: list[str] = []
    for element in elements:
        if element is None:
            continue
        for attr in ("valueURI", "authorityURI"):
            value = element.get(attr)
            if attr == "authorityURI" and value and value.rstrip("/").endswith(("names", "subjects", "ulan", "aat")):
                continue  # the URI of the vocabulary itself, not of the entry
            normalised = normalise_id(value) if value else None
            if normalised and normalised not in ids:
                ids.append(normalised)
    return tuple(ids)


def _href(element: Any) -> str | None:
    for key, value in element.attrib.items():
        if key == XLINK_HREF or key.endswith("href"):
            return value
    return None


def _role(roles: list[Any]) -> str | None:
    terms: list[str] = []
    for role in roles:
        for term in children(role, "roleTerm"):
            value = text_of(term)
            if not value:
                continue
            if term.get("type") == "code":
                value = RELATOR_CODES.get(value.lower(), value)
            terms.append(value.rstrip(".").lower() if term.get("type") != "code" else value)
    return ", ".join(dict.fromkeys(terms)) or None


def name_mention(source: str, name: Any, relation: str, field: str) -> Mention | None:
    own = child_index(name)
    name_parts = own.get("namePart", [])
    parts = [text_of(p) for p in name_parts if p.get("type") not in ("date", "termsOfAddress")]
    parts = [p for p in parts if p]
    dates = next((text_of(p) for p in name_parts if p.get("type") == "date"), None)
    display_form = text_of(next(iter(own.get("displayForm", [])), None))
    if not parts and not display_form:
        return None
    as_written = ", ".join(parts) if parts else display_form or ""
    raw, born, died = split_life_dates(as_written)
    if dates:
        _, born, died = split_life_dates(f"x, {dates}")
    kind = "Organization" if name.get("type") in ("corporate", "conference") else "Person"
    display = display_form or (direct_order(raw) if kind == "Person" else raw)
    return Mention(
        kind=kind,
        alias_key=f"{source}:{kind.lower()}:{short_hash(f'{fold(display)}|{born or ""}|{died or ""}')}",
        name=display,
        relation=relation,
        role=_role(own.get("role", [])),
        as_written=as_written + (f", {dates}" if dates else ""),
        source_field=field,
        ids=_uri_ids(name),
        birth_year=born,
        death_year=died,
    )


def _place(source: str, name: str, relation: str, field: str, ids: tuple[str, ...] = ()) -> Mention:
    return Mention(kind="Place", alias_key=f"{source}:place:{short_hash(fold(name))}", name=name, relation=relation,
                   as_written=name, source_field=field, ids=ids)


def _theme(source: str, label: str, field: str, ids: tuple[str, ...] = ()) -> Mention:
    return Mention(kind="Theme", alias_key=f"{source}:theme:{short_hash(fold(label))}", name=label, relation="ABOUT",
                   as_written=label, source_field=field, ids=ids)


def _coordinates(subject: Any) -> tuple[float, float] | None:
    """subject/cartographics/coordinates as "lat, lon" in decimal degrees (UTK writes them
    beside the GeoNames place); other forms (DMS strings, bounding boxes) are left alone."""
    for carto in children(subject, "cartographics"):
        for coords in children(carto, "coordinates"):
            return parse_lat_lon(text_of(coords) or "")
    return None


def _subject_mentions(source: str, subject: Any) -> list[Mention]:
    found: list[Mention] = []
    coordinates = _coordinates(subject)
    single = len([c for c in subject if isinstance(c.tag, str)]) == 1
    for child in subject:
        kind = lname(child)
        # A subject's own valueURI describes its only child (MODS puts it on either).
        ids = _uri_ids(child) or (_uri_ids(subject) if single else ())
        if kind == "topic" and text_of(child):
            found.append(_theme(source, text_of(child) or "", "subject/topic", ids))
        elif kind == "geographic" and text_of(child):
            place = _place(source, text_of(child) or "", "ABOUT", "subject/geographic", ids)
            if coordinates and len(children(subject, "geographic")) == 1:
                place.lat, place.lon = coordinates
            found.append(place)
        elif kind == "hierarchicalGeographic":
            parts = [text_of(p) for p in child if isinstance(p.tag, str) and text_of(p)]
            if parts:
                found.append(_place(source, ", ".join(reversed(parts)), "ABOUT", "subject/hierarchicalGeographic", ids))
        elif kind == "name":
            m = name_mention(source, child, "ABOUT", "subject/name")
            if m:
                if not m.ids and ids:
                    m.ids = ids
                found.append(m)
    return found


# originInfo date elements and what they date; dateCaptured is when the digital copy was made.
_DATE_KINDS = {"dateCreated": "made", "dateIssued": "published", "copyrightDate": "published", "dateOther": "dated",
               "dateCaptured": "digitised"}


def _dates(top: dict[str, list[Any]]) -> tuple[str | None, str | None, str | None, str]:
    """(display text, encoded start, encoded end, kind) of the first dated originInfo element kind."""
    found: dict[str, list[str | None]] = {}
    for origin in top.get("originInfo", []):
        for date in origin:
            kind = _DATE_KINDS.get(lname(date))
            value = text_of(date)
            if kind is None or not value:
                continue
            slot = found.setdefault(kind, [None, None, None])
            point = date.get("point")
            if date.get("encoding") in ("edtf", "w3cdtf", "iso8601", "marc") and point in ("start", "end"):
                index = 1 if point == "start" else 2
                slot[index] = slot[index] or value
            elif slot[0] is None:
                slot[0] = value
    for kind in ("made", "published", "dated", "digitised"):
        if kind in found:
            display, start, end = found[kind]
            return display, start, end, kind
    return None, None, None, "dated"


def record_from_mods(
    mods: Any, *, source: str, institution: Institution, file: str, position: int, fallback_id: str | None = None,
) -> Record:
    """Map one <mods> element. Raises ValueError when nothing identifies the record."""
    top = child_index(mods)
    identifiers = {(i.get("type") or ""): text_of(i) for i in top.get("identifier", []) if text_of(i)}
    record_info = next(iter(top.get("recordInfo", [])), None)
    record_id = identifiers.get("pid") or fallback_id
    if not record_id and record_info is not None:
        record_id = text_of(next(iter(children(record_info, "recordIdentifier")), None))
    record_id = record_id or identifiers.get("local") or next(iter(identifiers.values()), None)

    title = None
    for info in top.get("titleInfo", []):
        if info.get("type") in ("alternative", "abbreviated", "translated", "uniform") and title:
            continue
        pieces = [text_of(c) for c in info if lname(c) in ("nonSort", "title", "subTitle", "partNumber", "partName")]
        candidate = " ".join(p for p in pieces if p) or None
        if candidate and (title is None or info.get("type") is None):
            title = candidate
            if info.get("type") is None:
                break
    if not record_id:
        if not title:
            raise ValueError("MODS record has no identifier, recordIdentifier or title")
        record_id = "h" + short_hash(title)

    mentions: list[Mention] = []
    names = [(n, "name") for n in top.get("name", [])]
    if not names:
        # Item-level records (Harvard LibraryCloud) name the creator on the host collection only.
        hosts = [r for r in top.get("relatedItem", []) if r.get("type") == "host"]
        names = [(n, "relatedItem[@type=host]/name") for host in hosts for n in children(host, "name")]
    for name, field in names:
        m = name_mention(source, name, "CREATED_BY", field)
        if m:
            mentions.append(m)
    for subject in top.get("subject", []):
        mentions += _subject_mentions(source, subject)
    for genre in top.get("genre", []):
        label = text_of(genre)
        if label:
            mentions.append(_theme(source, label, f"genre{' ' + genre.get('authority') if genre.get('authority') else ''}",
                                   _uri_ids(genre)))
    for origin in top.get("originInfo", []):
        for place in children(origin, "place"):
            for term in children(place, "placeTerm"):
                if term.get("type") != "code" and text_of(term):
                    mentions.append(_place(source, text_of(term) or "", "PUBLISHED_IN", "originInfo/place",
                                           _uri_ids(term, place)))

    links: dict[str, str] = {}
    for location in top.get("location", []):
        for link in children(location, "url"):
            value = text_of(link)
            if value:
                kind = "primary display" if link.get("usage") == "primary display" else link.get("access") or ""
                links.setdefault(kind, value)
    url = links.get("primary display") or links.get("object in context") or links.get("")
    image = links.get("raw object") or links.get("preview")
    rights = []
    for condition in top.get("accessCondition", []):
        rights += [v for v in (text_of(condition), _href(condition)) if v]
    description = text_of(next(iter(top.get("abstract", [])), None)) or text_of(
        next(iter(top.get("note", [])), None))
    date_text, start, end, date_kind = _dates(top)
    kind = text_of(next(iter(top.get("typeOfResource", [])), None)) or "item"
    record = Record(
        source=source, institution_id=institution.id, source_id=record_id, domain=institution.kind, kind=kind,
        title=title, description=description, url=url,
        image_url=image, rights=" ".join(dict.fromkeys(rights)) or None, file=file, position=position,
        mentions=mentions,
    )
    set_dates(record, date_text, date_kind, start, end, fields_first=True)
    record.types, record.materials = _forms(top)
    record.numbers = _numbers(top, identifiers, record_id)
    return record


def _forms(top: dict[str, list[Any]]) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str | None, str], ...]]:
    """physicalDescription/form: AAT-typed forms are object types, @type="material" forms materials."""
    types: list[tuple[str, str]] = []
    materials: list[tuple[str | None, str]] = []
    for description in top.get("physicalDescription", []):
        for form in children(description, "form"):
            label, uri = text_of(form), (form.get("valueURI") or "").strip()
            if not label:
                continue
            if form.get("type") == "material":
                materials.append((uri or None, label))
            elif uri.startswith("http://vocab.getty.edu/aat/"):
                types.append((uri, label))
    return tuple(dict.fromkeys(types)), tuple(dict.fromkeys(materials))


def _numbers(top: dict[str, list[Any]], identifiers: dict[str, str], record_id: str) -> tuple[tuple[str, str], ...]:
    """The institution's numbers: accession/inventory identifiers, shelf locators (call numbers),
    and the record's own id (a system number)."""
    numbers = [("accession", v) for k, v in identifiers.items() if "accession" in k.lower() or "inventory" in k.lower()]
    numbers += [("call", text) for location in top.get("location", [])
                for text in (text_of(s) for s in children(location, "shelfLocator")) if text]
    numbers.append(("system", record_id))
    return tuple(dict.fromkeys(numbers))
