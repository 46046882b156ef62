"""Art Institute of Chicago API dump (CC0, `art-institute-of-chicago/api-data`).

Read under the folder:
- `json/agents/*.json` -> authority records, alias `aic:agent:<id>` (title, alt_titles, birth/death
  dates, ulan_id).
- `json/places/*.json` -> Place authority records `aic:place:<id>` with their `tgn_id`.
- `json/artworks/*.json` -> object records: title, date_display/date_start/date_end,
  artwork_type_title -> kind, medium_display, artist_ids/artist_titles -> CREATED_BY
  `aic:agent:<id>`, subject_titles / theme_titles -> ABOUT Theme, place_of_origin -> MADE_IN,
  image_id -> IIIF image URL, the artic.edu page, copyright_notice / is_public_domain -> rights.
- `getting-started/someArtworks.csv` (id, title, main_reference_number, department_title,
  artist_title) -> object records with the same ids (an artwork in both is one Record).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.authority import normalise_id
from ingest.csvutil import read_csv_rows
from ingest.dates import positive_year, set_dates
from ingest.jsonutil import json_id, map_documents
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, fold, short_hash
from ingest.rights import CC0

INSTITUTION = Institution("aic", "Art Institute of Chicago", "museum", CC0)  # the dump is published under CC0
SOURCE = "aic"
IMAGE_URL = "https://www.artic.edu/iiif/2/{}/full/843,/0/default.jpg"
PAGE_URL = "https://www.artic.edu/artworks/{}"


def alias_key(agent_id: str | int) -> str:
    return f"{SOURCE}:agent:{agent_id}"


def _theme(name: str, field: str) -> Mention:
    return Mention(kind="Theme", alias_key=f"{SOURCE}:term:{short_hash(fold(name))}", name=name, relation="ABOUT",
                   as_written=name, source_field=field)


def map_agent(data: dict[str, Any], file: str, position: int) -> Record:
    name, agent = clean_text(data.get("title")), json_id(data.get("id"))
    if agent is None or not name:
        raise ValueError("agent without id or title")
    ids = tuple(i for i in (normalise_id(data.get("ulan_id"), "ulan"),) if i)
    person = Mention(kind="Person", alias_key=alias_key(agent), name=name, relation="", source_field="agents",
                     ids=ids, birth_year=positive_year(data.get("birth_date")),
                     death_year=positive_year(data.get("death_date")), bio=clean_text(data.get("description")),
                     alt_names=tuple(a for a in [data.get("sort_title"), *(data.get("alt_titles") or [])] if a))
    return Record(source=SOURCE, institution_id=INSTITUTION.id, source_id=f"agent:{agent}", domain="museum",
                  kind="authority", title=name, file=file, position=position, mentions=[person])


def map_place(data: dict[str, Any], file: str, position: int) -> Record:
    name, place_id = clean_text(data.get("title")), json_id(data.get("id"))
    if place_id is None or not name:
        raise ValueError("place without id or title")
    ids = tuple(i for i in (normalise_id(data.get("tgn_id"), "tgn"),) if i)
    place = Mention(kind="Place", alias_key=f"{SOURCE}:place:{place_id}", name=name, relation="",
                    source_field="places", ids=ids)
    return Record(source=SOURCE, institution_id=INSTITUTION.id, source_id=f"place:{place_id}", domain="museum",
                  kind="authority", title=name, file=file, position=position, mentions=[place])


def map_artwork(data: dict[str, Any], file: str, position: int) -> Record:
    artwork = json_id(data.get("id"))
    if artwork is None:
        raise ValueError("artwork without id")
    rights = "Public domain" if data.get("is_public_domain") else clean_text(data.get("copyright_notice"))
    record = Record(
        source=SOURCE, institution_id=INSTITUTION.id, source_id=f"artwork:{artwork}", domain="museum",
        kind=clean_text(data.get("artwork_type_title")) or "artwork", title=clean_text(data.get("title")),
        description=clean_text(data.get("medium_display")),
        url=PAGE_URL.format(artwork), rights=rights,
        image_url=IMAGE_URL.format(data["image_id"]) if data.get("image_id") else None, file=file, position=position,
        ids=tuple(f"aic:{r}" for r in [data.get("main_reference_number")] if r),
    )
    set_dates(record, clean_text(data.get("date_display")), "made", data.get("date_start"), data.get("date_end"))
    record.numbers = tuple((kind, str(v)) for kind, v in (("accession", data.get("main_reference_number")),
                                                          ("system", artwork)) if v)
    for agent_id, name in zip(data.get("artist_ids") or [], data.get("artist_titles") or [], strict=False):
        agent = json_id(agent_id)
        if agent is None:
            record.warnings.append(f"artist id {str(agent_id)[:40]!r} is not an id: {name!r:.60} left out")
            continue
        record.mentions.append(Mention(kind="Person", alias_key=alias_key(agent), name=name, relation="CREATED_BY",
                                       role="artist", as_written=name, source_field="artist_ids"))
    for field in ("subject_titles", "theme_titles"):
        for term in data.get(field) or []:
            if clean_text(term):
                record.mentions.append(_theme(term.strip(), field))
    origin = clean_text(data.get("place_of_origin"))
    if origin:
        record.mentions.append(Mention(kind="Place", alias_key=f"{SOURCE}:origin:{short_hash(fold(origin))}",
                                       name=origin, relation="MADE_IN", as_written=origin,
                                       source_field="place_of_origin"))
    return record


def _csv(path: Path) -> Iterator[Record | Rejected]:
    for item in read_csv_rows(path):
        if isinstance(item, Rejected):
            yield item
            continue
        position, row = item
        oid = clean_text(row.get("id"))
        if not oid:
            yield Rejected(str(path), position, None, "row without id")
            continue
        record = Record(source=SOURCE, institution_id=INSTITUTION.id, source_id=f"artwork:{oid}", domain="museum",
                        kind="artwork", title=clean_text(row.get("title")), url=PAGE_URL.format(oid), file=str(path),
                        position=position,
                        ids=tuple(f"aic:{r}" for r in [clean_text(row.get("main_reference_number"))] if r))
        artist = clean_text(row.get("artist_title"))
        if artist:
            # The CSV names the artist without an agent id, so the alias is the name.
            record.mentions.append(Mention(kind="Person", alias_key=f"{SOURCE}:artist-name:{short_hash(fold(artist))}",
                                           name=artist, relation="CREATED_BY", role="artist", as_written=artist,
                                           source_field="artist_title"))
        yield record


MAPPERS = {"agents": map_agent, "places": map_place, "artworks": map_artwork}


def read(path: Path) -> Iterator[Record | Rejected]:
    """Read an AIC api-data folder (json/agents, json/places, json/artworks, getting-started CSV)."""
    root = path if path.is_dir() else path.parent
    for endpoint, mapper in MAPPERS.items():
        folder = root / "json" / endpoint
        if not folder.exists():
            continue
        yield from map_documents(folder, mapper, f"{endpoint} record")
    csv_path = root / "getting-started" / "someArtworks.csv"
    if csv_path.exists():
        yield from _csv(csv_path)
