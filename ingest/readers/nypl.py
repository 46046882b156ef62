"""NYPL Digital Collections collection records (`pd_collections.ndjson`, CC0): one JSON object a line.

Fields read (flattened MODS): UUID -> record id; title; date / dateStart / dateEnd; description
(else the first note) -> description; resourceType -> kind; digitalCollectionsURL -> url;
contributor[] {contributorName, contributorType personal|corporate, contributorRole[],
contributorURI (VIAF, id.loc.gov)} -> CREATED_BY Person / Organization; subjectName -> ABOUT
Person or Organization; subjectGeographic -> ABOUT Place; subjectTopical and genre -> ABOUT
Theme (each {text, URI}); placeOfPublication -> PUBLISHED_IN Place.

Read line by line (constant memory); a line that is not valid UTF-8 or JSON is rejected with
its line number and the next line is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.authority import normalise_id
from ingest.dates import set_dates
from ingest.guard import describe
from ingest.jsonutil import parse_json
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, direct_order, fold, parse_place, short_hash, split_life_dates
from ingest.rights import CC0

INSTITUTION = Institution("nypl", "The New York Public Library", "library", CC0)  # the dump is published under CC0
_ORGANISATION_WORDS = re.compile(r"\b(library|society|company|co\.|inc|museum|university|college|association|"
                                 r"department|bureau|club|church|institute|gallery|theatre|theater|colony|board)\b", re.I)
MAX_LINE = 16 * 1024 * 1024


def _ids(uri: Any) -> tuple[str, ...]:
    normalised = normalise_id(uri) if isinstance(uri, str) else None
    return (normalised,) if normalised else ()


def _agent(source: str, text: str, kind: str | None, relation: str, role: str | None, field: str,
           ids: tuple[str, ...]) -> Mention:
    # "Capuchins -- Africa, West", "Cortés, Hernán, 1485-1547 -- Homes and haunts": a subject heading's
    # subdivisions say what about the agent, not who (the comma of "Africa, West" made a person of it)
    text = text.partition(" -- ")[0].strip() or text
    raw, born, died = split_life_dates(re.sub(r"\s*\((?:d\.|b\.)\s*(\d{3,4})\)", r", \1", text))
    if kind is None:  # subjectName does not say; a dated or inverted name is a person
        kind = "Person" if born or died or (raw.count(",") == 1 and not _ORGANISATION_WORDS.search(raw)) else \
            "Organization"
    display = direct_order(raw) if kind == "Person" else raw
    return Mention(kind=kind, alias_key=f"{source}:{kind.lower()}:{short_hash(f'{fold(display)}|{born or ""}|{died or ""}')}",  # type: ignore[arg-type]
                   name=display, relation=relation, role=role, as_written=text, source_field=field, ids=ids,
                   birth_year=born, death_year=died)


def _labelled(source: str, values: Any, kind: str, relation: str, field: str) -> list[Mention]:
    found = []
    for value in values or []:
        text = clean_text(value.get("text")) if isinstance(value, dict) else clean_text(value)
        if not text:
            continue
        text = text.strip("[]. ")
        ids = _ids(value.get("URI")) if isinstance(value, dict) else ()
        # A subdivision filed alone as a geographic subject ("Maps", sh99002035) is a form, not a place.
        if kind == "Place" and parse_place(text) is None:
            found.append(Mention(kind="Theme", alias_key=f"{source}:theme:{short_hash(fold(text))}", name=text,
                                 relation=relation, as_written=text, source_field=field, ids=ids))
            continue
        found.append(Mention(kind=kind, alias_key=f"{source}:{kind.lower()}:{short_hash(fold(text))}",  # type: ignore[arg-type]
                             name=text, relation=relation, as_written=text, source_field=field, ids=ids))
    return found


def record_from_json(obj: dict[str, Any], *, source: str, institution: Institution, file: str,
                     position: int) -> Record:
    record_id = clean_text(obj.get("UUID")) or clean_text(obj.get("databaseID"))
    title = clean_text(obj.get("title"))
    if not record_id:
        raise ValueError("no UUID or databaseID")
    mentions: list[Mention] = []
    for c in obj.get("contributor") or []:
        name = clean_text(c.get("contributorName")) if isinstance(c, dict) else None
        if not name:
            continue
        kind = {"personal": "Person", "corporate": "Organization", "family": "Organization"}.get(
            c.get("contributorType") or "", None)
        role = ", ".join(r.lower() for r in c.get("contributorRole") or [] if r) or None
        mentions.append(_agent(source, name, kind, "CREATED_BY", role, "contributor", _ids(c.get("contributorURI"))))
    for s in obj.get("subjectName") or []:
        name = clean_text(s.get("text")) if isinstance(s, dict) else None
        if name:
            mentions.append(_agent(source, name, None, "ABOUT", None, "subjectName", _ids(s.get("URI"))))
    mentions += _labelled(source, obj.get("subjectGeographic"), "Place", "ABOUT", "subjectGeographic")
    mentions += _labelled(source, obj.get("subjectTopical"), "Theme", "ABOUT", "subjectTopical")
    mentions += _labelled(source, obj.get("genre"), "Theme", "ABOUT", "genre")
    mentions += _labelled(source, obj.get("placeOfPublication"), "Place", "PUBLISHED_IN", "placeOfPublication")
    unique = list({(m.alias_key, m.relation, m.role, m.source_field): m for m in mentions}.values())

    start, end = obj.get("dateStart"), obj.get("dateEnd")
    dates = [str(d) for d in obj.get("date") or []]
    date_text = f"{start}-{end}" if start and end and start != end else (dates[0] if dates else None)
    descriptions = [clean_text(d) for d in obj.get("description") or []]
    notes = [clean_text(n.get("text")) for n in obj.get("note") or [] if isinstance(n, dict)]
    description = next((d for d in descriptions + notes if d), None)
    kinds = [k for k in obj.get("resourceType") or [] if k]
    record = Record(
        source=source, institution_id=institution.id, source_id=record_id, domain=institution.kind,
        kind=kinds[0] if kinds else "collection", title=title, description=description,
        url=clean_text(obj.get("digitalCollectionsURL")), file=file, position=position, mentions=unique,
    )
    # dateStart/dateEnd are the collection's span (sometimes reversed: "1926-1922"); the parser sorts them.
    set_dates(record, date_text, "made", start if isinstance(start, int) else None,
              end if isinstance(end, int) else None)
    return record


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    with path.open("rb") as handle:
        for position, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE:
                yield Rejected(str(path), position, None, f"line {position}: {len(raw):,} bytes, over the "
                               f"{MAX_LINE:,}-byte limit for one record")
                continue
            try:
                obj = parse_json(raw.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise ValueError(f"a line must hold a JSON object, not {type(obj).__name__}")
                yield record_from_json(obj, source=source, institution=institution, file=str(path),
                                       position=position)
            except UnicodeDecodeError as exc:
                yield Rejected(str(path), position, None, f"line {position}: not valid UTF-8 ({exc.reason} at byte "
                               f"{exc.start})")
            except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
                yield Rejected(str(path), position, None, f"line {position}: {describe(exc)}")
