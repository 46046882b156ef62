"""A generic CSV / JSON / JSON Lines reader driven by a TOML mapping file (docs/mapping.md).

The mapping (`ingest.mapping`) says what a row is and which column holds which field:

- an object/item row (`record_kind = "item"`, "artwork", "book", ...) becomes one Record with
  its creators, subjects and places as mentions;
- an authority row (`record_kind = "person"`, "organisation", "place", "concept") describes one
  entity: it becomes an Alias (no Record node) keyed `<source>:<kind>:<id>`, with its names,
  alternate names, life dates and ids. Rows with the same id (or `group_by` value) are one
  entity; when they disagree on the name or the life dates the row gets a warning (counted).

A CSV whose header lacks a mapped column is refused as a whole (one message naming every
missing column) before any row is mapped; a row that cannot be used is rejected with its file,
position and reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.authority import is_placeholder, normalise_id, scheme_in_header
from ingest.csvutil import read_csv_rows
from ingest.dates import set_dates, year_range
from ingest.demonyms import is_nationality, leading_nationality
from ingest.guard import describe
from ingest.jsonutil import json_lines, json_rows, load_json
from ingest.mapping import (
    AUTO,
    NAME_FIELDS,
    Mapping,
    MappingError,
    agent_kind,
    fill_template,
    load_mapping,
    split_names,
)
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import (
    clean_text,
    direct_order,
    fold,
    parse_bio,
    parse_life_dates,
    short_hash,
    split_attribution,
    split_dates,
)
from ingest.registry import MAPPED_SUFFIXES, Format
from ingest.spreadsheet import is_spreadsheet, spreadsheet_rows

__all__ = ["MappingError", "load_mapping", "read", "format_for", "MappedFormat"]


def _get(row: dict[str, Any], key: str) -> Any:
    """A column's value, or a JSON key's: `a.b` reaches into nested objects, and through a list of
    objects gives each one's value ("names.value" of `{"names": [{"value": ...}, {"value": ...}]}`)."""
    if key in row:  # a column name may hold dots or colons: the whole name first
        return row[key]
    return _path(row, key.split("."))


def _path(value: Any, parts: list[str]) -> Any:
    for i, part in enumerate(parts):
        if isinstance(value, list):
            found = [_path(item, parts[i:]) for item in value if isinstance(item, dict)]
            return [v for one in found for v in (one if isinstance(one, list) else [one]) if v is not None]
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _values(mapping: Mapping, row: dict[str, Any], name: str) -> list[str]:
    """Every value of a field: its template, or each of its columns split by the field's separator."""
    if name in mapping.templates:
        filled = clean_text(fill_template(mapping.templates[name], row))
        return [filled] if filled else []
    out: list[str] = []
    sep = mapping.separators.get(name)
    for column in mapping.fields.get(name, ()):
        raw = _get(row, column)
        for item in raw if isinstance(raw, list) else [raw]:
            text = clean_text(item)
            if not text:
                continue
            column_sep = mapping.separators.get(column, sep)
            if not column_sep:
                out.append(text)
            elif name in NAME_FIELDS:
                out.extend(split_names(text, column_sep))
            else:
                out.extend(p.strip() for p in text.split(column_sep) if p.strip())
    return list(dict.fromkeys(out))


def _first(mapping: Mapping, row: dict[str, Any], name: str) -> str | None:
    values = _values(mapping, row, name)
    return values[0] if values else None


def _ids(mapping: Mapping, row: dict[str, Any]) -> tuple[tuple[str, ...], list[str]]:
    """(normalised authority ids, values that were not recognised) from `ids` and every [ids] column."""
    found: list[str] = []
    unknown: list[str] = []
    raw = [(v, mapping.id_scheme) for v in _values(mapping, row, "ids")]
    for column in mapping.id_columns:
        got = _get(row, column.column)
        for cell in filter(None, map(clean_text, got if isinstance(got, list) else [got])):
            parts = cell.split(column.separator) if column.separator else [cell]
            raw += [(p.strip(), None if column.scheme == AUTO else column.scheme) for p in parts if p.strip()]
    for value, scheme in raw:
        normalised = normalise_id(value, scheme)
        if normalised:
            found.append(normalised)
        elif not is_placeholder(value):
            unknown.append(f"{value!r}" + (f" ({scheme})" if scheme else ""))
    return tuple(dict.fromkeys(found)), unknown


def _name(mapping: Mapping, text: str) -> str:
    return direct_order(text) if mapping.invert_names and "," in text else text


def map_row(mapping: Mapping, row: dict[str, Any], *, source: str, institution: Institution, file: str,
            position: int) -> Record:
    rid = _first(mapping, row, "id")
    if not rid:
        raise ValueError(f"no value in the id column '{mapping.column('id')}'")
    if mapping.entity_kind:
        return _authority_row(mapping, row, rid, source=source, institution=institution, file=file, position=position)
    date = _first(mapping, row, "date")
    ids, unknown = _ids(mapping, row)
    plain = tuple(v for v in _values(mapping, row, "ids") if not normalise_id(v, mapping.id_scheme))
    record = Record(
        source=source, institution_id=institution.id, source_id=rid, domain=mapping.domain,  # type: ignore[arg-type]
        kind=_first(mapping, row, "kind") or mapping.record_kind, title=_first(mapping, row, "title"),
        description=_first(mapping, row, "description"),
        url=_first(mapping, row, "url"), image_url=_first(mapping, row, "image_url"),
        rights=_first(mapping, row, "rights"), file=file, position=position,
        ids=tuple(dict.fromkeys((*plain, *ids))),
    )
    # Year columns a curator mapped on purpose win over the display date.
    set_dates(record, date, "made" if mapping.domain == "museum" else "published",
              _first(mapping, row, "year_start"), _first(mapping, row, "year_end"), fields_first=True)
    creators = _creator_names(mapping, row)
    details = _creator_details(mapping, row, len(creators), record)
    roles = [part for column in mapping.fields.get("creator_role", ())
             for part in _cell_parts(mapping, row, column, "creator_role")]
    aligned = len(roles) == len(creators) > 1  # the Met's "Artist|Publisher" beside "A|B": each maker's own role
    for detail, one in zip(details, roles if aligned else (), strict=False):
        detail["creator_role"] = one
    role = None if aligned else _first(mapping, row, "creator_role")  # else one role for every maker
    seen: set[tuple[str, str | None]] = set()
    for name, detail in zip(creators, details, strict=True):
        if not name or (name, detail.get("creator_id")) in seen:
            continue  # the same maker named twice on one row (one alias, one edge); namesakes with own ids stay two
        seen.add((name, detail.get("creator_id")))
        # "Workshop of Rogier van der Weyden": the maker is Rogier, the qualifier is how (kept as the role)
        maker, attribution = split_attribution(name)
        display, dates = split_dates(_name(mapping, maker))
        born, died = (dates.born, dates.died) if dates else (None, None)
        text_dates = parse_life_dates(detail.get("creator_dates"))
        if text_dates:
            born, died = text_dates.born or born, text_dates.died or died
        born = _year(detail.get("creator_birth")) or born
        died = _year(detail.get("creator_death")) or died
        own_id = detail.get("creator_id")
        # the source's own id of its creator: the key its authority rows give that person (one alias for
        # every row naming them, however the name is written); else one alias per name
        key = f"{source}:person:{own_id}" if own_id else f"{source}:name:{short_hash(fold(display))}"
        record.mentions.append(Mention(kind="Person", alias_key=key,
                                       name=display, relation="CREATED_BY",
                                       role="; ".join(filter(None, (attribution, detail.get("creator_role", role))))
                                       or None, as_written=name,
                                       source_field=mapping.column("creator"), birth_year=born, death_year=died,
                                       nationality=plain_nationality(detail.get("creator_nationality"))
                                       or bio_nationality(detail.get("creator_dates")),
                                       ids=detail.get("creator_ids", ())))
    makers_ids = tuple(i for i in ids if i.partition(":")[0] in MAKER_ONLY_SCHEMES)
    if makers_ids and len(record.mentions) == 1 and "creator_ids" not in mapping.fields:
        # a ULAN or VIAF id on an object row can only describe its one maker; a Wikidata id may be the
        # object's or a tag's ("Q467", woman): that one only through creator_ids
        record.mentions[0].ids = makers_ids
    subject_ids = _subject_ids(mapping, row, record)
    for name, kind, relation in (("subjects", "Theme", "ABOUT"), ("people_subjects", "Person", "ABOUT"),
                                 ("places", "Place", "ABOUT"), ("made_in", "Place", "MADE_IN")):
        for value in _values(mapping, row, name):
            display = _name(mapping, value) if kind == "Person" else value
            record.mentions.append(Mention(kind=kind, alias_key=_named_key(source, kind, display),  # type: ignore[arg-type]
                                           name=display, relation=relation, as_written=value,
                                           source_field=mapping.column(name),
                                           ids=subject_ids.get(value, ()) if name == "subjects" else ()))
    return record


# Schemes that name people and bodies only: on an object row without `creator_ids`, its one maker's.
MAKER_ONLY_SCHEMES = frozenset(("ulan", "viaf", "lcnaf", "isni", "orcid", "rkd", "moma"))


def _subject_ids(mapping: Mapping, row: dict[str, Any], record: Record) -> dict[str, tuple[str, ...]]:
    """Each subject's authority ids from the `subject_ids` columns, in the subjects' order (the Met's
    "Tags" beside "Tags AAT URL"); a cell with another number of values is not used, with a warning."""
    subjects = [part for column in mapping.fields.get("subjects", ()) for part in _cell_parts(mapping, row, column,
                                                                                              "subjects")]
    out: dict[str, tuple[str, ...]] = {}
    for column in mapping.fields.get("subject_ids", ()):
        parts = _cell_parts(mapping, row, column, "subjects")
        if not any(parts):
            continue
        if len(parts) != len(subjects):
            record.warnings.append(f"subject_ids column '{column}' holds {len(parts)} value(s) for {len(subjects)} "
                                   "subject(s): not used (whose is whose?)")
            continue
        for subject, value in zip(subjects, parts, strict=True):
            found = (normalise_id(value) or normalise_id(value, scheme_in_header(column))) if value else None
            if found:
                out[subject] = (*out.get(subject, ()), found)
    return out


_DIGIT = re.compile(r"\d")


def plain_nationality(text: str | None) -> str | None:
    """A nationality cell without the years some museums put beside it ("British (active 1873-1890)")."""
    if not text or not _DIGIT.search(text):
        return text or None
    return re.sub(r"\s*[(\[][^()\[\]]*\d[^()\[\]]*[)\]]", "", text).strip(" ,;") or None


def bio_nationality(text: str | None) -> str | None:
    """The nationality a dates column leads with ("French, 1727 - 1807", "American, b. 1852"), when it
    is one (not a place: "Lyon, 1901-1970"); the linker weighs nationalities like life years."""
    nationality = parse_bio(text)[0] if text else None
    return leading_nationality(nationality) if nationality and is_nationality(nationality) else None


CREATOR_DETAILS = ("creator_id", "creator_dates", "creator_birth", "creator_death", "creator_nationality",
                   "creator_ids")


_GROUP = re.compile(r"\(([^()]*)\)")
_GROUPS = re.compile(r"\s*(?:\([^()]*\)\s*)+")


def _cell_parts(mapping: Mapping, row: dict[str, Any], column: str, field_name: str) -> list[str]:
    """A cell's values in order, empty ones kept (they hold a place: "1901||1950" for three makers)."""
    raw = _get(row, column)
    if isinstance(raw, list):
        return [clean_text(v) or "" for v in raw]
    text = clean_text(raw)
    if not text:
        return []
    if field_name != "creator" and _GROUPS.fullmatch(text):
        # MoMA's Artworks.csv: one bracket per maker, "(French, 1901–1970) (Estonian, born 1950)", "(1901) (0)"
        return [group.strip() for group in _GROUP.findall(text)]
    sep = mapping.separators.get(column) or mapping.separators.get(field_name) or mapping.separators.get("creator")
    if sep and field_name == "creator" and sep.strip() == ",":
        return split_names(text, sep)
    return [p.strip() for p in text.split(sep)] if sep else [text]


def _plain_cell(row: dict[str, Any], column: str) -> str | None:
    """A cell's whole text when it is one text, not a JSON list nor one bracket per maker."""
    raw = _get(row, column)
    text = None if isinstance(raw, list) else clean_text(raw)
    return text if text and not _GROUPS.fullmatch(text) else None


def _creator_names(mapping: Mapping, row: dict[str, Any]) -> list[str]:
    """The row's creators in column order, a repeated name kept in its place (its details are beside it)."""
    if "creator" in mapping.templates:
        filled = clean_text(fill_template(mapping.templates["creator"], row))
        return [filled] if filled else []
    return [part for column in mapping.fields.get("creator", ()) for part in _cell_parts(mapping, row, column, "creator")]


def _creator_details(mapping: Mapping, row: dict[str, Any], count: int, record: Record) -> list[dict[str, Any]]:
    """For each creator, the values of the creator_* fields at its place: the n-th creator takes the
    n-th value of each (Met-style "A|B" beside "1901|1950"). A cell with another number of values
    than there are creators is not used, with a warning on the record: it cannot say whose is whose."""
    details: list[dict[str, Any]] = [{} for _ in range(count)]
    for field_name in CREATOR_DETAILS:
        for column in mapping.fields.get(field_name, ()):
            parts = _cell_parts(mapping, row, column, field_name)
            if not parts or not any(parts):
                continue
            if count == 1 and len(parts) > 1 and field_name != "creator_ids" and (whole := _plain_cell(row, column)):
                parts = [whole]  # one maker: the whole cell is theirs ("French, 1901-1970" beside a comma separator)
            if len(parts) != count and not (count == 1 and field_name == "creator_ids"):
                record.warnings.append(f"{field_name} column '{column}' holds {len(parts)} value(s) for {count} "
                                       f"creator(s): not used (whose is whose?)")
                continue
            for detail, value in zip(details * len(parts) if count == 1 else details, parts, strict=True):
                if not value:
                    continue
                if field_name == "creator_ids":
                    found = normalise_id(value) or normalise_id(value, scheme_in_header(column))
                    if found:
                        detail["creator_ids"] = (*detail.get("creator_ids", ()), found)
                    elif not is_placeholder(value):
                        record.warnings.append(f"creator_ids column '{column}': {value!r} is no id this "
                                               "reader recognises")
                else:
                    detail.setdefault(field_name, value)
    return details


def _named_key(source: str, kind: str, name: str) -> str:
    """The alias key of an entity the source names without an id: one per folded name and kind, so a
    place named by an object row and by a person's birth place is one alias."""
    return f"{source}:{kind.lower()}:{short_hash(fold(name))}"


SHORT_BIO = 120  # characters: a label's biography ("Dutch draughtsman and engraver, active ca. 1800-1830"), not prose
_IDENTIFIER = re.compile(r"[QP]\d+|https?://\S+|\d+")


def _year(text: str | None) -> int | None:
    return year_range(text)[0] if text else None


def _authority_row(mapping: Mapping, row: dict[str, Any], rid: str, *, source: str, institution: Institution,
                   file: str, position: int) -> Record:
    kind = mapping.entity_kind
    assert kind is not None
    # an agent list that holds people and firms says which on each row ("Type": "Person" / "Company")
    stated = _first(mapping, row, "kind") if kind in ("Person", "Organization") else None
    said = agent_kind(stated) if stated else None
    kind = said or kind
    cells = _values(mapping, row, "name") or _values(mapping, row, "title")
    if cells:  # the years before inverting: "Brivaldi, Casimir (Italian sculptor, 1755-1820)" loses its bracket
        first, first_dates = split_dates(cells[0])
        cells = [first, *cells[1:]]
    names = [_name(mapping, n) for n in cells]
    if not names:
        raise ValueError(f"no value in the name column '{mapping.column('name') or mapping.column('title')}'")
    if _IDENTIFIER.fullmatch(names[0].strip()):
        # a Wikidata query's label of an item with no label in its language is the item's id ("Q12345")
        raise ValueError(f"the name column '{mapping.column('name') or mapping.column('title')}' holds an "
                         f"identifier, not a name: {names[0].strip()!r}")
    name, dates = split_dates(names[0])  # "Homer, Winslow, 1836-1910" in a name column
    dates = dates or first_dates
    born, died = dates.born if dates else None, dates.died if dates else None
    dates_text = _first(mapping, row, "dates")
    text_dates = parse_life_dates(dates_text)
    if text_dates:
        born, died = text_dates.born or born, text_dates.died or died
    born = _year(_first(mapping, row, "birth")) or born
    died = _year(_first(mapping, row, "death")) or died
    active = parse_life_dates(_first(mapping, row, "active"))
    bio = _first(mapping, row, "bio")
    short_bio = bio if bio and len(bio) <= SHORT_BIO else None
    if short_bio and not (born or died or dates_text):
        # a display biography ("French painter, 1871-1944", the Getty vocabularies' form) holds the life
        # when no column does; a long text is prose, whose years may be anything
        bio_dates = parse_life_dates(short_bio)
        if bio_dates:
            born, died = bio_dates.born, bio_dates.died
            active = active or bio_dates
    alternates = [split_dates(_name(mapping, n))[0] for n in (*names[1:], *_values(mapping, row, "alternates"))]
    ids, unknown = _ids(mapping, row)
    group = _first(mapping, row, "group_by") or rid
    if active and (active.active_from or active.active_to):
        bio = "; ".join(filter(None, (bio, f"active {active.active_from or ''}-{active.active_to or ''}")))
    mention = Mention(
        kind=kind, alias_key=f"{source}:{kind.lower()}:{group}", name=name, relation="",
        source_field=mapping.column("name") or mapping.column("title"), ids=ids, birth_year=born, death_year=died,
        nationality=plain_nationality(_first(mapping, row, "nationality")) or bio_nationality(dates_text)
        or bio_nationality(short_bio),
        gender=_first(mapping, row, "gender"), bio=bio,
        alt_names=tuple(a for a in dict.fromkeys(alternates) if a and a != name),
    )
    for field_name, relation in (("broader", "BROADER"), ("within", "WITHIN")):
        for value in _values(mapping, row, field_name):
            mention.links += ((relation, Mention(kind=kind, alias_key=_named_key(source, kind, value), name=value,
                                                 relation="")),)
    for field_name, relation in (("birth_place", "BORN_IN"), ("death_place", "DIED_IN")):
        # the same alias as the place of that name in the source's object rows (`places`, `made_in`)
        place = _first(mapping, row, field_name) if kind == "Person" else None  # BORN_IN / DIED_IN: people only
        if place:
            mention.links += ((relation, Mention(kind="Place", alias_key=_named_key(source, "Place", place),
                                                 name=place, relation="", as_written=place,
                                                 source_field=mapping.column(field_name))),)
    record = Record(source=source, institution_id=institution.id, source_id=f"{kind.lower()}:{rid}",
                    domain=mapping.domain, kind="authority", title=name,  # type: ignore[arg-type]
                    url=_first(mapping, row, "url"), file=file, position=position, ids=ids, mentions=[mention])
    if unknown:
        record.warnings.append(f"id value(s) not recognised, left out: {', '.join(unknown[:5])}")
    if stated and said is None:
        record.warnings.append(f"kind column '{mapping.column('kind')}': {stated!r} says neither person nor "
                               f"organisation; read as {mapping.record_kind}")
    return record


class _Groups:
    """Remembers each authority entity's name and life dates, to warn when another row of the
    same id says something else (two people under one id, or one id reused)."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[int, set[str], int | None, int | None]] = {}

    def check(self, record: Record) -> None:
        mention = record.mentions[0]
        names = {fold(n) for n in (mention.name, *mention.alt_names)}
        words = {w for n in names for w in n.split()}
        first = self.seen.get(mention.alias_key)
        if first is None:
            self.seen[mention.alias_key] = (record.position or 0, names, mention.birth_year, mention.death_year)
            return
        row, known, born, died = first
        known_words = {w for n in known for w in n.split()}
        group = mention.alias_key.rpartition(":")[2]
        if not words & known_words:
            record.warnings.append(f"id {group} also on row {row} with another name ('{mention.name}' shares no word "
                                   f"with {sorted(known)[0]!r}): two entities under one id?")
        for label, mine, theirs in (("birth", mention.birth_year, born), ("death", mention.death_year, died)):
            if mine and theirs and abs(mine - theirs) > 2:
                record.warnings.append(f"id {group}: {label} year {mine} here, {theirs} on row {row}")
        known.update(names)
        self.seen[mention.alias_key] = (row, known, born or mention.birth_year, died or mention.death_year)


def _rows(path: Path) -> Iterator[tuple[int, Any] | Rejected]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from json_lines(path)
    elif suffix == ".json":
        try:
            data = load_json(path)
        except ValueError as exc:
            yield Rejected(str(path), None, None, str(exc), fatal=True)
            return
        yield from enumerate(json_rows(data), start=1)
    elif is_spreadsheet(path):
        yield from spreadsheet_rows(path)
    else:
        yield from read_csv_rows(path)


def _header_problem(mapping: Mapping, row: dict[str, Any]) -> str | None:
    """A CSV header that lacks columns the mapping names: refuse the file once, naming them all."""
    header = [c for c in row if c != "__extra__"]
    missing = sorted(c for c in mapping.columns_used() if c not in row and "." not in c)
    if not missing:
        return None
    return (f"the mapping {Path(mapping.path).name} names column(s) this file does not have: "
            f"{', '.join(repr(c) for c in missing)}; the header has: {', '.join(repr(c) for c in header[:30])}")


def read(path: Path, *, source: str, institution: Institution, mapping: Mapping | None = None
         ) -> Iterator[Record | Rejected]:
    """Read a CSV, JSON (one object or an array) or JSON Lines file with a mapping."""
    if mapping is None:
        yield Rejected(str(path), None, None, "the mapped format needs a mapping file: ingest FILE --mapping MAP.toml",
                       fatal=True)
        return
    groups = _Groups()
    seen_ids: dict[str, int] = {}
    is_csv = path.suffix.lower() not in (".json", ".jsonl", ".ndjson")  # a CSV or a workbook: rows under a header
    checked = False
    for item in _rows(path):
        if isinstance(item, Rejected):
            yield item
            continue
        position, row = item
        if not isinstance(row, dict):
            yield Rejected(str(path), position, None, "not a JSON object")
            continue
        if is_csv and not checked:
            checked = True
            problem = _header_problem(mapping, row)
            if problem:
                yield Rejected(str(path), None, None, problem, fatal=True)
                return
        try:
            record = map_row(mapping, row, source=source, institution=institution, file=str(path), position=position)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            yield Rejected(str(path), position, None, describe(exc))
            continue
        if mapping.entity_kind:
            groups.check(record)
        elif record.source_id in seen_ids:
            record.warnings.append(f"record id {record.source_id} already on row {seen_ids[record.source_id]}: "
                                   "the two rows are merged into one record")
        else:
            seen_ids[record.source_id] = position
        yield record


@dataclass(frozen=True)
class MappedFormat(Format):
    """The `mapped` format bound to one mapping file (what `ingest --mapping` uses)."""

    mapping: Mapping | None = None

    def reader(self) -> Callable[..., Iterator[Record | Rejected]]:
        from ingest.guard import safe_reader

        return safe_reader(functools.partial(read, mapping=self.mapping))


def format_for(mapping_path: Path) -> MappedFormat:
    """A format that reads with this mapping (source and institution come from the Input)."""
    mapping = load_mapping(mapping_path)
    return MappedFormat("mapped", __name__, f"mapped by {mapping_path.name}",
                        suffixes=MAPPED_SUFFIXES, mapping=mapping)
