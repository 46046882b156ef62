"""MARC 21 bibliographic fields -> the common record model.

Works on a plain field list so that binary MARC (pymarc) and MARCXML (lxml) share it:
`fields` is a list of `MarcField(tag, ind1, ind2, subfields)` and control fields have
`subfields == [("", value)]`.

Fields read (MARC 21 Bibliographic):
- 001 record id (else the first 035 $a); leader/06 type of record -> `kind`.
- 245 $a $b $n $p title; 008/06-14 date type and dates (they win), else 260/264 $c; a record of an
  electronic reproduction (534 $p "...reproduction of") takes the original's date (534 $c, 008 type
  "r" date 2, 518) and otherwise marks its 264 date as the digitisation date. 260/264 $a place.
- 100/110/111 main entry and 700/710/711 added entries -> CREATED_BY with the relator ($e / $4).
- 600 / 610 / 611 -> ABOUT Person / Organization; 650 / 651 split into facets (FAST style):
  topic Theme ($a -- $x, BROADER $a), 651 $a Place (WITHIN chain; $e "Place written ..." ->
  MADE_IN), $z Place, $y period Theme, $v form Theme.
- $0 / $1 authority URIs and identifiers on any heading -> normalised ids.
- 520 summary -> description (else the first 500 note); 856 $u -> url; 540/506 -> rights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.authority import normalise_id
from ingest.dates import set_dates
from ingest.model import Institution, Mention, Record
from ingest.normalise import (
    fold,
    looks_like_building,
    parse_person_name,
    parse_place,
    short_hash,
    split_dates,
    split_subject,
)


@dataclass(slots=True)
class MarcField:
    tag: str
    ind1: str
    ind2: str
    subfields: list[tuple[str, str]]

    def get(self, code: str) -> str | None:
        for c, v in self.subfields:
            if c == code:
                return v
        return None

    def get_all(self, *codes: str) -> list[str]:
        return [v for c, v in self.subfields if c in codes]


RECORD_TYPES = {
    "a": "text", "t": "text", "c": "notated music", "d": "notated music", "e": "map", "f": "map",
    "g": "projected image", "i": "sound recording", "j": "sound recording", "k": "still image",
    "m": "computer file", "o": "kit", "p": "mixed materials", "r": "three-dimensional object",
}

# The relator terms of the MARC code list that most often appear in art catalogues.
RELATOR_CODES = {
    "art": "artist", "aut": "author", "arc": "architect", "ill": "illustrator", "pht": "photographer",
    "edt": "editor", "cmp": "composer", "ctg": "cartographer", "dsr": "designer", "egr": "engraver",
    "etr": "etcher", "ltg": "lithographer", "prf": "performer", "trl": "translator", "ctb": "contributor",
    "cre": "creator", "dte": "dedicatee", "fmo": "former owner", "pbl": "publisher", "prt": "printer",
    "com": "compiler", "drm": "draftsman", "scl": "sculptor", "pra": "praeses", "cur": "curator",
}

_TRAILING_PUNCT = re.compile(r"[\s/:;,.=]+$")
_INITIAL_AT_END = re.compile(r"(?:^|[\s.])[A-Z]$")


# What some catalogues' systems write in 245 when a record has no title (NLS: "NLSBLANK").
PLACEHOLDER_TITLES = frozenset({"nlsblank", "blank", "no title", "title not supplied"})


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    stripped = _TRAILING_PUNCT.sub("", text.strip())
    # Keep the full stop of a final initial: "Andersen, H. C." stays as written.
    if _INITIAL_AT_END.search(stripped) and text.strip()[len(stripped):].startswith("."):
        stripped += "."
    text = stripped.strip("[] ")
    return text or None


def _heading_ids(field: MarcField) -> tuple[str, ...]:
    ids = []
    for value in field.get_all("0", "1"):
        normalised = normalise_id(value)
        if normalised and normalised not in ids:
            ids.append(normalised)
    return tuple(ids)


def _role(field: MarcField) -> str | None:
    terms = [_clean(t) for t in field.get_all("e", "j")]
    terms += [RELATOR_CODES.get(c.strip().lower().rstrip("."), c.strip()) for c in field.get_all("4") if "://" not in c]
    terms = [t for t in terms if t]
    return ", ".join(dict.fromkeys(terms)) if terms else None


def _name_mention(source: str, field: MarcField, relation: str) -> Mention | None:
    personal = field.tag.endswith("00")
    parts = field.get_all("a", "b", "c") if personal else field.get_all("a", "b", "c", "n", "d")
    raw = " ".join(p.strip() for p in parts if p.strip())
    if not raw:
        return None
    if personal:
        parsed = parse_person_name(raw)
        dates = parsed.dates
        if field.get("d"):
            _, dates = split_dates(f"x, {field.get('d')}")
            dates = dates or parsed.dates
        display = parsed.name or raw
        born, died = (dates.born, dates.died) if dates else (None, None)
    else:
        display, born, died = _clean(raw) or raw, None, None
    as_written = " ".join(p.strip() for p in field.get_all("a", "b", "c", "q", "d") if p.strip())
    # $q is the fuller form of the forenames: "Andersen, H. C." $q "(Hans Christian)".
    fuller = _clean((field.get("q") or "").strip("() ,.")) if personal else None
    heading = parsed.heading if personal else raw
    surname = heading.split(",")[0].strip()
    alt_names = (f"{fuller} {surname}",) if fuller and "," in heading else ()
    key_text = f"{fold(display)}|{born or ''}|{died or ''}"
    # NLS catalogues buildings in 600/610 ("St. Machar's Cathedral (Aberdeen, Scotland)"): places.
    if relation == "ABOUT" and looks_like_building(raw):
        place = _place_mention(source, raw, "ABOUT", field.tag)
        if place is not None:
            place.role = _role(field)
            return place
    kind = "Person" if personal and not parsed.organisation else "Organization"
    return Mention(
        kind=kind,
        alias_key=f"{source}:{kind.lower()}:{short_hash(key_text)}",
        name=display,
        relation=relation,
        role=_role(field),
        as_written=_clean(as_written),
        source_field=field.tag,
        ids=_heading_ids(field),
        birth_year=born,
        death_year=died,
        alt_names=alt_names,
    )


def _place_mention(
    source: str, name: str, relation: str, field_tag: str, ids: tuple[str, ...] = (), *, broadest_first: bool | None = None
) -> Mention | None:
    """A place heading with the broader places it names as a WITHIN chain ("Crail" WITHIN
    "Fife" WITHIN "Scotland" ...). The alias key covers the whole chain, so "Paris (France)"
    and "Paris, Texas" stay two aliases; the name is the place alone, so it meets other
    catalogues' "Paris"."""
    cleaned = _clean(name.replace("[", "").replace("]", ""))
    if not cleaned or cleaned.lower() in {"s.l", "sine loco", "place of publication not identified"}:
        return None
    place = parse_place(cleaned, broadest_first=broadest_first)
    if place is None:
        return None
    chain = place.chain
    broader: Mention | None = None
    for depth in range(len(chain) - 1, 0, -1):  # build from the broadest place inwards
        broader = Mention(
            kind="Place", alias_key=f"{source}:place:{short_hash(fold(', '.join(chain[depth:])))}", name=chain[depth],
            relation="", as_written=cleaned, source_field=field_tag,
            links=(("WITHIN", broader),) if broader else (),
        )
    return Mention(
        kind="Place",
        alias_key=f"{source}:place:{short_hash(place.key)}",
        name=place.label,
        relation=relation,
        as_written=cleaned,
        source_field=field_tag,
        ids=ids,
        alt_names=(cleaned,) if cleaned != place.label else (),
        links=(("WITHIN", broader),) if broader else (),
    )


def _theme(source: str, label: str, source_field: str, role: str | None = None, ids: tuple[str, ...] = (),
           links: tuple[tuple[str, Mention], ...] = ()) -> Mention:
    return Mention(
        kind="Theme", alias_key=f"{source}:theme:{short_hash(fold(label))}", name=label, relation="ABOUT",
        role=role, as_written=label, source_field=source_field, ids=ids, links=links,
    )


def _theme_mention(source: str, field: MarcField) -> Mention | None:
    """The topic of a 650 ($a with its $x subdivisions): "Arabic fiction -- History and
    criticism", BROADER "Arabic fiction". The heading's $0/$1 ids go on it only when the
    heading has no subdivisions (an id names the whole heading string)."""
    heading = split_subject(field.subfields)
    if not heading.topic:
        return None
    vocabulary = f"$2 {heading.vocabulary}" if heading.vocabulary else ""
    ids = () if heading.subdivided else _heading_ids(field)
    links: tuple[tuple[str, Mention], ...] = ()
    if len(heading.topic) > 1:
        links = (("BROADER", _theme(source, heading.topic[0], f"{field.tag}$a{vocabulary}")),)
    return _theme(source, heading.label, f"{field.tag}{vocabulary}", ids=ids, links=links)


def _subject_mentions(source: str, field: MarcField) -> list[Mention]:
    """All mentions of a 650 or 651 split into facets, each its own node (as FAST does):
    the topic (650) or the place (651, with its WITHIN chain), $z places, $y periods and $v
    forms (Themes with role "period" / "form"). A 651 $e relator such as NLS's "Place written,
    created, manufactured ..." makes the place MADE_IN instead of ABOUT."""
    heading = split_subject(field.subfields)
    mentions: list[Mention] = []
    if field.tag == "651":
        a = field.get("a")
        relator = (field.get("e") or "").lower()
        relation = "MADE_IN" if relator.startswith(("place written", "probable place written")) else "ABOUT"
        tgn = (heading.vocabulary or "") == "tgn"
        place = _place_mention(source, a, relation, "651", () if heading.subdivided else _heading_ids(field),
                               broadest_first=True if tgn else None) if a else None
        if place:
            mentions.append(place)
        if len(heading.topic) > 1:
            mentions.append(_theme(source, " -- ".join(heading.topic[1:]), "651$x"))
    else:
        topic = _theme_mention(source, field)
        if topic:
            mentions.append(topic)
    if heading.places:
        place = _place_mention(source, " -- ".join(heading.places), "ABOUT", f"{field.tag}$z")
        if place:
            mentions.append(place)
    mentions += [_theme(source, y, f"{field.tag}$y", role="period") for y in heading.periods]
    mentions += [_theme(source, v, f"{field.tag}$v", role="form") for v in heading.forms]
    return mentions


def record_from_fields(
    leader: str,
    fields: list[MarcField],
    *,
    source: str,
    institution: Institution,
    file: str,
    position: int,
) -> Record:
    """Map one MARC record. Raises ValueError when the record has nothing to identify it."""
    by_tag: dict[str, list[MarcField]] = {}
    for f in fields:
        by_tag.setdefault(f.tag, []).append(f)

    def first(tag: str) -> MarcField | None:
        return by_tag.get(tag, [None])[0]

    control_001 = first("001")
    record_id = control_001.subfields[0][1].strip() if control_001 and control_001.subfields else None
    if not record_id:
        for f035 in by_tag.get("035", []):
            if f035.get("a"):
                record_id = f035.get("a").strip()
                break
    title_field = first("245")
    title = _clean(" ".join(title_field.get_all("a", "b", "n", "p"))) if title_field else None
    if title and fold(title) in PLACEHOLDER_TITLES:
        title = None  # the catalogue's word for "no title", not a title
    if not record_id:
        if not title:
            raise ValueError("record has no 001, 035 or 245 to identify it")
        record_id = "h" + short_hash(title, leader)

    publication = next((f for f in by_tag.get("264", []) if f.ind2 in ("0", "1")), None) or first("260") or first("264")

    mentions: list[Mention] = []
    for tag in ("100", "110", "111", "700", "710", "711"):
        for f in by_tag.get(tag, []):
            m = _name_mention(source, f, "CREATED_BY")
            if m:
                mentions.append(m)
    for tag in ("600", "610", "611"):
        for f in by_tag.get(tag, []):
            m = _name_mention(source, f, "ABOUT")
            if m:
                mentions.append(m)
    for tag in ("650", "651"):
        for f in by_tag.get(tag, []):
            mentions.extend(_subject_mentions(source, f))
    if publication:
        for a in publication.get_all("a"):
            p = _place_mention(source, a, "PUBLISHED_IN", publication.tag)
            if p:
                mentions.append(p)

    summary = first("520") or first("500")
    url_field = first("856")
    rights_field = first("540") or first("506")
    record = Record(
        source=source,
        institution_id=institution.id,
        source_id=record_id,
        domain=institution.kind,
        kind=RECORD_TYPES.get(leader[6:7] if len(leader) > 6 else "", "item"),
        title=title,
        description=summary.get("a") if summary else None,
        url=url_field.get("u") if url_field else None,
        rights=" ".join(rights_field.get_all("a", "u")) if rights_field else None,
        file=file,
        position=position,
        mentions=mentions,
    )
    _dates(record, by_tag, publication, leader)
    calls = [" ".join(f.get_all("a", "b")) for tag in ("050", "090", "099") for f in by_tag.get(tag, [])]
    calls += [" ".join(f.get_all("h", "i")) for f in by_tag.get("852", [])]
    record.numbers = tuple(dict.fromkeys([*(("call", c.strip()) for c in calls if c.strip()), ("system", record_id)]))
    # 005 (the time of the last change) differs between copies of one record; the rest is its content.
    record.source_digest = short_hash(repr([(f.tag, f.ind1, f.ind2, f.subfields) for f in fields if f.tag != "005"]))
    return record


_REPRODUCTION = re.compile(r"reproduction", re.I)
# 008/06 date types whose date 1 .. date 2 is the item's span (s, e, t: date 1 alone).
_RANGE_TYPES = set("cdikmqu")


def _dates_008(f008: str) -> tuple[str | None, str | None, str]:
    """(date 1, date 2, type) of a 008; unknown digits stay as "u" for the date parser."""
    if len(f008) < 15:
        return None, None, ""
    kind, one, two = f008[6], f008[7:11], f008[11:15]

    def usable(value: str) -> str | None:
        return value if re.fullmatch(r"\d[\du]{3}", value) and value not in ("9999", "uuuu") else None

    if kind in _RANGE_TYPES:
        return usable(one), usable(two), kind
    if kind in "set":
        return usable(one), None, kind
    if kind in "rp":  # reprint / production: date 2 is the original or production date
        return usable(one), usable(two), kind
    return None, None, kind


def _dates(record: Record, by_tag: dict[str, list[MarcField]], publication: MarcField | None, leader: str) -> None:
    text = _clean(publication.get("c")) if publication else None
    f008 = by_tag.get("008", [None])[0]
    one, two, date_type = _dates_008(f008.subfields[0][1]) if f008 and f008.subfields else (None, None, "")
    made = (publication is not None and publication.tag == "264" and publication.ind2 == "0") or (
        len(leader) > 6 and leader[6] in "dfkrt")
    kind = "made" if made else "published"
    reproduction = any(_REPRODUCTION.search(" ".join(f.get_all("p"))) for f in by_tag.get("534", []))
    if reproduction:
        # The record describes a digital copy: its 264 and 008 date 1 are the copy's.
        original = next((c for f in by_tag.get("534", []) for c in f.get_all("c")), None)
        if original is None and date_type == "r":
            original = two
        if original is None:
            original = next((a for f in by_tag.get("518", []) for a in f.get_all("a")), None)
        if original and set_dates(record, _clean(original), kind).start is not None:
            return
        set_dates(record, text or one, "digitised")
        return
    if date_type == "p":
        one, two = two or one, None  # date 2 is the production date, date 1 only the release
    set_dates(record, text, kind, one, two, fields_first=True)
