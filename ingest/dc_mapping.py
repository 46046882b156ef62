"""Dublin Core (oai_dc, qualified DC, DPLA hub variants) -> the common record model.

Elements read by local name, whatever the prefix (dc:, dcterms:, or undeclared ones kept in
recovery mode): title; creator and contributor -> CREATED_BY Person, one per ";"-separated name (a trailing "1890-1972"
gives life dates; role "creator"/"contributor"); subject -> ABOUT Theme (split on ";");
coverage / spatial -> ABOUT Place; date / created / issued -> date text and year range;
description / abstract -> description; identifier / isShownAt -> url (the first http one);
preview / hasView / thumbnail -> image_url; rights / edm:rights / accessRights -> rights; type -> kind.
"""

from __future__ import annotations

from typing import Any

from ingest.dates import set_dates
from ingest.model import Institution, Mention, Record
from ingest.mods_mapping import lname, text_of
from ingest.normalise import direct_order, fold, short_hash, split_life_dates

DC_ELEMENTS = {
    "title", "creator", "contributor", "subject", "description", "publisher", "date", "type", "format",
    "identifier", "source", "language", "relation", "coverage", "rights", "spatial", "temporal", "created",
    "issued", "abstract", "isShownAt", "preview", "hasView", "accessRights", "alternative", "medium", "extent",
}


def is_dc(element: Any) -> bool:
    """True when the element holds Dublin Core children (oai_dc:dc, qualifieddc, a bare record)."""
    return any(lname(c) in ("title", "creator", "subject", "identifier") for c in element)


def _values(element: Any, *names: str) -> list[str]:
    found = []
    for child in element.iter():
        if child is element or lname(child) not in names:
            continue
        value = text_of(child)
        if value and value not in found:
            found.append(value)
    return found


def split_names(value: str) -> list[str]:
    """One DC element holding several names ("Sallie; Ron; Sterling") -> one name each. A part
    without letters ("1836-1910") belongs to the name before it."""
    names: list[str] = []
    for part in (p.strip() for p in value.split(";")):
        if not part.strip(" ,."):
            continue
        if names and not any(c.isalpha() for c in part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _person(source: str, text: str, role: str) -> Mention:
    raw, born, died = split_life_dates(text.rstrip(";").strip())
    display = direct_order(raw)
    return Mention(kind="Person", alias_key=f"{source}:person:{short_hash(f'{fold(display)}|{born or ""}|{died or ""}')}",
                   name=display, relation="CREATED_BY", role=role, as_written=text, source_field=f"dc:{role}",
                   birth_year=born, death_year=died)


def record_from_dc(
    dc: Any, *, source: str, institution: Institution, file: str, position: int, fallback_id: str | None = None,
) -> Record:
    """Map one Dublin Core element. Raises ValueError when nothing identifies the record."""
    identifiers = _values(dc, "identifier")
    title = next(iter(_values(dc, "title")), None)
    record_id = fallback_id or next(iter(identifiers), None)
    if not record_id:
        if not title:
            raise ValueError("Dublin Core record has no identifier or title")
        record_id = "h" + short_hash(title)
    mentions: list[Mention] = []
    for role in ("creator", "contributor"):
        for value in _values(dc, role):
            for name in split_names(value):
                mentions.append(_person(source, name, role))
    for value in _values(dc, "subject"):
        for label in (p.strip(" .") for p in value.split(";")):
            if label:
                mentions.append(Mention(kind="Theme", alias_key=f"{source}:theme:{short_hash(fold(label))}",
                                        name=label, relation="ABOUT", as_written=label, source_field="dc:subject"))
    for value in _values(dc, "coverage", "spatial"):
        for label in (p.strip(" .") for p in value.split(";")):
            if label and not label[:1].isdigit():
                mentions.append(Mention(kind="Place", alias_key=f"{source}:place:{short_hash(fold(label))}",
                                        name=label, relation="ABOUT", as_written=label, source_field="dc:coverage"))
    created, issued = _values(dc, "created"), _values(dc, "issued")
    date_text = next(iter(created + issued + _values(dc, "date")), None)
    kind = "made" if created else "published" if issued else "dated"
    links = [v for v in _values(dc, "isShownAt") + identifiers if v.startswith("http")]
    images = [v for v in _values(dc, "preview", "hasView", "thumbnail", "object") if v.startswith("http")]
    rights = _values(dc, "rights", "accessRights")
    record = Record(
        source=source, institution_id=institution.id, source_id=record_id, domain=institution.kind,
        kind=next(iter(_values(dc, "type")), "item").lower(), title=title,
        description=next(iter(_values(dc, "description", "abstract")), None),
        url=next(iter(links), None), image_url=next(iter(images), None), rights=" ".join(rights) or None, file=file,
        position=position, mentions=mentions,
    )
    set_dates(record, date_text, kind)
    return record
