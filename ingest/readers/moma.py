"""MoMA `Artists.csv` (CC0): one authority record per artist.

Columns: ConstituentID, DisplayName, ArtistBio, Nationality, Gender, BeginDate, EndDate,
Wiki QID, ULAN (ids: ULAN, Wikidata and `moma:<ConstituentID>`). MoMA's artworks file is not in the open sample, so MoMA contributes people
(Aliases with their ULAN / Wikidata ids), not Record nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.authority import normalise_id
from ingest.csvutil import read_csv_rows
from ingest.dates import positive_year
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text
from ingest.rights import CC0

INSTITUTION = Institution("moma", "The Museum of Modern Art", "museum", CC0)  # the dump is published under CC0
SOURCE = "moma"


def alias_key(constituent_id: str) -> str:
    return f"{SOURCE}:constituent:{constituent_id}"


def read(path: Path) -> Iterator[Record | Rejected]:
    """Read MoMA `Artists.csv` (a file, or a folder holding one)."""
    if path.is_dir():
        path = path / "Artists.csv"
    for item in read_csv_rows(path):
        if isinstance(item, Rejected):
            yield item
            continue
        position, row = item
        constituent_id = clean_text(row.get("ConstituentID"))
        name = clean_text(row.get("DisplayName"))
        if not constituent_id or not name:
            yield Rejected(str(path), position, constituent_id, "missing ConstituentID or DisplayName")
            continue
        ids = tuple(
            i
            # MoMA's own constituent id too: a partner's concordance (a moma:id column) names it.
            for i in (normalise_id(row.get("ULAN"), "ulan"), normalise_id(row.get("Wiki QID"), "wikidata"),
                      normalise_id(constituent_id, "moma"))
            if i
        )
        person = Mention(
            kind="Person",
            alias_key=alias_key(constituent_id),
            name=name,
            relation="",
            source_field="Artists.csv",
            ids=ids,
            birth_year=positive_year(row.get("BeginDate")),
            death_year=positive_year(row.get("EndDate")),
            nationality=clean_text(row.get("Nationality")),
            gender=clean_text(row.get("Gender")),
            bio=clean_text(row.get("ArtistBio")),
        )
        yield Record(
            source=SOURCE,
            institution_id=INSTITUTION.id,
            source_id=f"constituent:{constituent_id}",
            domain="museum",
            kind="authority",
            title=name,
            file=str(path),
            position=position,
            mentions=[person],
        )
