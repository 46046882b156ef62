"""A generic CSV / JSON / JSON Lines reader driven by a small TOML mapping file (see docs/mapping.md).

The mapping names, for each record field, the column (CSV) or key (JSON; "a.b" reaches into
nested objects) that holds it, an optional separator for columns with several values, and
optional templates such as `url = "https://example.org/objects/{id}"` built from the row. One
row or object is one record; a row that cannot be used is rejected with its file, position and
reason.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.authority import normalise_id
from ingest.csvutil import read_csv_rows
from ingest.dates import set_dates
from ingest.guard import describe
from ingest.jsonutil import json_lines, load_json
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, direct_order, fold, short_hash
from ingest.registry import Format

FIELDS = ("id", "title", "date", "year_start", "year_end", "description", "kind", "url", "image_url", "rights",
          "creator", "creator_role", "subjects", "people_subjects", "places", "made_in", "ids")
MULTI = ("creator", "subjects", "people_subjects", "places", "made_in", "ids")


class MappingError(ValueError):
    pass


@dataclass(frozen=True)
class Mapping:
    source: str | None
    institution: Institution | None
    record_kind: str
    domain: str
    fields: dict[str, str]
    separators: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    invert_names: bool = False  # creators written "Last, First" (then the separator must not be a comma)
    id_scheme: str | None = None  # scheme of bare values in the ids column, e.g. "ulan"


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every problem is reported at once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc}") from None
    problems: list[str] = []
    source = data.get("source", {})
    fields = {k: str(v) for k, v in data.get("fields", {}).items()}
    templates = {k: str(v) for k, v in data.get("templates", {}).items()}
    unknown = sorted(set(fields) - set(FIELDS)) + sorted(set(templates) - set(FIELDS))
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    if "id" not in fields and "id" not in templates:
        problems.append("[fields] needs an id column (each record needs a stable id)")
    domain = source.get("kind", "museum")
    if domain not in ("library", "museum", "archive"):
        problems.append(f"[source] kind must be library, museum or archive, not {domain!r}")
    if problems:
        raise MappingError(f"{path}: " + "; ".join(problems))
    institution = None
    if source.get("institution"):
        institution = Institution(source["institution"], source.get("institution_name", source["institution"]), domain)
    return Mapping(
        source=source.get("name"), institution=institution, record_kind=source.get("record_kind", "item"),
        domain=domain, fields=fields, separators={k: str(v) for k, v in data.get("separators", {}).items()},
        templates=templates, invert_names=bool(source.get("invert_names", False)), id_scheme=source.get("id_scheme"),
    )


def _get(row: dict[str, Any], key: str) -> Any:
    value: Any = row
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _values(mapping: Mapping, row: dict[str, Any], name: str) -> list[str]:
    if name in mapping.templates:
        try:
            return [mapping.templates[name].format_map({k: "" if v is None else v for k, v in row.items()})]
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"template for {name} names a missing column: {exc}") from None
    if name not in mapping.fields:
        return []
    raw = _get(row, mapping.fields[name])
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        text = clean_text(item)
        if not text:
            continue
        sep = mapping.separators.get(name)
        out.extend(p.strip() for p in (text.split(sep) if sep else [text]) if p.strip())
    return out


def _first(mapping: Mapping, row: dict[str, Any], name: str) -> str | None:
    values = _values(mapping, row, name)
    return values[0] if values else None


def map_row(mapping: Mapping, row: dict[str, Any], *, source: str, institution: Institution, file: str,
            position: int) -> Record:
    rid = _first(mapping, row, "id")
    if not rid:
        raise ValueError(f"no value in the id column '{mapping.fields.get('id')}'")
    date = _first(mapping, row, "date")
    record = Record(
        source=source, institution_id=institution.id, source_id=rid, domain=mapping.domain,  # type: ignore[arg-type]
        kind=_first(mapping, row, "kind") or mapping.record_kind, title=_first(mapping, row, "title"),
        description=_first(mapping, row, "description"),
        url=_first(mapping, row, "url"), image_url=_first(mapping, row, "image_url"),
        rights=_first(mapping, row, "rights"), file=file, position=position,
        ids=tuple(_values(mapping, row, "ids")),
    )
    # Year columns a curator mapped on purpose win over the display date.
    set_dates(record, date, "made" if mapping.domain == "museum" else "published",
              _first(mapping, row, "year_start"), _first(mapping, row, "year_end"), fields_first=True)
    role = _first(mapping, row, "creator_role")
    for name in _values(mapping, row, "creator"):
        display = direct_order(name) if mapping.invert_names else name
        record.mentions.append(Mention(kind="Person", alias_key=f"{source}:name:{short_hash(fold(display))}",
                                       name=display, relation="CREATED_BY", role=role, as_written=name,
                                       source_field=mapping.fields.get("creator")))
    ids = tuple(i for i in (normalise_id(v, mapping.id_scheme) for v in _values(mapping, row, "ids")) if i)
    if ids and len(record.mentions) == 1:  # an authority id column describes the one creator
        record.mentions[0].ids = ids
    for name, kind, relation in (("subjects", "Theme", "ABOUT"), ("people_subjects", "Person", "ABOUT"),
                                 ("places", "Place", "ABOUT"), ("made_in", "Place", "MADE_IN")):
        for value in _values(mapping, row, name):
            record.mentions.append(Mention(kind=kind, alias_key=f"{source}:{kind.lower()}:{short_hash(fold(value))}",  # type: ignore[arg-type]
                                           name=value, relation=relation, as_written=value,
                                           source_field=mapping.fields.get(name)))
    return record


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
        items = data if isinstance(data, list) else [data]
        yield from enumerate(items, start=1)
    else:
        yield from read_csv_rows(path)


def read(path: Path, *, source: str, institution: Institution, mapping: Mapping | None = None
         ) -> Iterator[Record | Rejected]:
    """Read a CSV, JSON (one object or an array) or JSON Lines file with a mapping."""
    if mapping is None:
        yield Rejected(str(path), None, None, "the mapped format needs a mapping file: ingest FILE --mapping MAP.toml",
                       fatal=True)
        return
    for item in _rows(path):
        if isinstance(item, Rejected):
            yield item
            continue
        position, row = item
        if not isinstance(row, dict):
            yield Rejected(str(path), position, None, "not a JSON object")
            continue
        try:
            yield map_row(mapping, row, source=source, institution=institution, file=str(path), position=position)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            yield Rejected(str(path), position, None, describe(exc))


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
                        suffixes=(".csv", ".json", ".jsonl", ".ndjson"), mapping=mapping)
