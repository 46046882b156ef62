"""Carnegie Museum of Art collection (CC0, `cmoa/collection`): one JSON file per object.

Fields read: id ("cmoa:things/<uuid>"), title, creation_date (+ _earliest/_latest years),
classification -> kind, medium -> description, web_url, images[0].image_url, and `creator`
(artist_id "cmoa:parties/<uuid>" -> alias `cmoa:party:<uuid>`, party_type Person/Organization,
role, nationality, birth/death dates, birth_place / death_place -> BORN_IN / DIED_IN).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.dates import parse_date, set_dates
from ingest.guard import describe
from ingest.jsonutil import json_id, json_text, map_documents
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, direct_order, fold, short_hash
from ingest.rights import CC0

INSTITUTION = Institution("cmoa", "Carnegie Museum of Art", "museum", CC0)  # the dump is published under CC0
SOURCE = "cmoa"


def alias_key(party_uuid: str) -> str:
    return f"{SOURCE}:party:{party_uuid}"


def _place(text: Any, field: str) -> Mention | None:
    text = clean_text(text)
    if not text:
        return None
    return Mention(kind="Place", alias_key=f"{SOURCE}:place:{short_hash(fold(text))}", name=text, relation="",
                   as_written=text, source_field=field)


def map_object(data: dict[str, Any], file: str, position: int) -> Record:
    thing = clean_text(data.get("id"))
    if not thing or not thing.startswith("cmoa:things/"):
        raise ValueError("not a CMOA object (no id cmoa:things/<uuid>)")
    images = [i.get("image_url") for i in data.get("images") or [] if isinstance(i, dict) and i.get("image_url")]
    record = Record(
        source=SOURCE, institution_id=INSTITUTION.id, source_id=f"object:{thing.split('/', 1)[1]}", domain="museum",
        kind=clean_text(data.get("classification")) or "artwork", title=clean_text(data.get("title")),
        description=clean_text(data.get("medium")),
        url=clean_text(data.get("web_url")), image_url=images[0] if images else None, file=file, position=position,
    )
    # creation_date_earliest/latest are derived and often wrong ("1971, printed 1980" -> 1980): the text wins.
    record.numbers = tuple((kind, v) for kind, v in (("accession", clean_text(data.get("accession_number"))),
                                                     ("system", thing.split("/", 1)[1])) if v)
    set_dates(record, clean_text(data.get("creation_date")), "made",
              clean_text(data.get("creation_date_earliest")), clean_text(data.get("creation_date_latest")))
    for creator in data.get("creator") or []:
        try:
            mention = _creator(creator)
        except (AttributeError, TypeError, ValueError) as exc:  # one damaged creator is that creator's loss
            record.warnings.append(f"{file}: a creator that could not be read was left out ({describe(exc)})")
            continue
        if mention is None:
            record.warnings.append(f"{file}: a creator without artist_id or name was left out")
            continue
        record.mentions.append(mention)
    return record


def _creator(creator: dict[str, Any]) -> Mention | None:
    """One creator of an object as a mention; None without an artist id or a name."""
    party = json_id(creator.get("artist_id"))
    cited = json_text(creator.get("cited_name"), "cited_name")
    name = json_text(creator.get("full_name"), "full_name") or cited
    if not party or not name:
        return None
    links = tuple((rel, m) for rel, m in (("BORN_IN", _place(creator.get("birth_place"), "birth_place")),
                                           ("DIED_IN", _place(creator.get("death_place"), "death_place"))) if m)
    kind = "Organization" if (creator.get("party_type") or "").lower().startswith("org") else "Person"
    return Mention(
        kind=kind, alias_key=alias_key(party.rsplit("/", 1)[-1]), name=name, relation="CREATED_BY",
        role=clean_text(creator.get("role")), as_written=cited or name, source_field="creator",
        birth_year=parse_date(creator.get("birth_date")).start, death_year=parse_date(creator.get("death_date")).start,
        nationality=clean_text(creator.get("nationality")),
        alt_names=tuple(n for n in {cited and direct_order(cited)} if n and n != name), links=links,
    )


def read(path: Path) -> Iterator[Record | Rejected]:
    """Read a CMOA folder of object JSON files (or one file)."""
    yield from map_documents(path, map_object, "object")
