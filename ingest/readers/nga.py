"""National Gallery of Art open data (CC0): constituents and the object link tables.

Files (in one folder):
- `constituents.csv`: one authority record per constituent (ulanid, wikidataid, life years,
  nationality, constituenttype individual / corporate / couple / anonymous / purchase_fund).
- `constituents_altnames.csv`: alternative names (kept on the alias for linking).
- `objects_constituents_*.csv`: object -> constituent with roletype; "artist" rows become
  CREATED_BY (donors are provenance, not creators, and are left out).
- `objects_terms_*.csv`: Theme / Keyword -> ABOUT Theme; Place Executed -> MADE_IN Place.
  Style, School and Technique terms are not subjects and are left out for now.
- `objects_historical_data.csv`: `previous_title` gives a title to some objects (the open
  objects table with titles is too large for the sample).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ingest.authority import normalise_id
from ingest.csvutil import read_csv_rows
from ingest.dates import positive_year
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import LifeDates, clean_text, fold, parse_life_dates, short_hash
from ingest.rights import CC0

INSTITUTION = Institution("nga", "National Gallery of Art", "museum", CC0)  # the dump is published under CC0
SOURCE = "nga"
OBJECT_URL = "https://www.nga.gov/collection/art-object-page.{}.html"
ENTITY_KIND = {"individual": "Person", "couple": "Person", "anonymous": "Person"}
_WINDOWS = (80, 99, 100, 199)  # beginyear-endyear spans NGA fills in for a year it does not know
_ERA_BC = re.compile(r"\bB\.?\s?C\.?(?:E\b|\b|(?=\W|$))", re.I)
_DATE_WORDS = re.compile(r"\b(?:active|fl|century|centuries|born|died|alive|living|unknown|before|after)\b", re.I)


def alias_key(constituent_id: str) -> str:
    return f"{SOURCE}:constituent:{constituent_id}"


_COUPLE = re.compile(r"\b(?:he|she)\s*[:;]", re.I)  # a couple's text gives each one's years


def life_years(row: dict[str, str]) -> tuple[int | None, int | None]:
    """(birth, death) of a constituent: for a person, the years its text states
    (`ingest.normalise.parse_life_dates` on `displaydate`). NGA's `beginyear` / `endyear` hold a
    year for everyone, and where the text does not state one they hold a window: 80 or 20 years
    before the first active year ("active 1502 - 1531"), the other year 100 or 80 years away ("British,
    born 1910": 1910-2010; "died 1963": 1863-1963), a century ("German 15th Century": 1400-1499), or a
    year off by a few ("French, 1822 - 1885": 1825). A text without any year leaves the columns' years,
    unless they are such a window.
    A couple's text gives each one's years ("he: died 1985; she: died 1998"): the first, the one
    the name names ("Neumann, Morton G., Mr. and Mrs."), not a birth of his and a death of hers.
    An organisation's years are its own (founded, ended)."""
    born, died = positive_year(row.get("beginyear")), positive_year(row.get("endyear"))
    if _cell(row, "constituenttype") not in ENTITY_KIND:
        return born, died
    shown = _cell(row, "displaydate")
    if _COUPLE.search(shown):  # "Mr. and Mrs.": "he: 1909 - 2001, she: 1922 - 2009"; the name is his
        shown = next((part for part in _COUPLE.split(shown) if re.search(r"\d{3}", part)), "")
    if _ERA_BC.search(shown):
        return None, None  # "c. 305 - c. 255 B.C.": life years are years of the common era here
    if re.search(r"\d{3}", shown):
        stated = parse_life_dates(shown) or LifeDates()
        # a column year the text states is kept ("1544 - 1573/1574": NGA chose 1574)
        return (born if born is not None and str(born) in shown and stated.born is not None else stated.born,
                died if died is not None and str(died) in shown and stated.died is not None else stated.died)
    if _DATE_WORDS.search(shown) or born is not None and died is not None \
            and (died - born in _WINDOWS or born % 100 == 0 and died % 100 in (0, 99)):
        return None, None  # "active 20th century", "alive c. 1805": the columns hold a window
    return born, died


def _cell(row: dict[str, str], column: str) -> str:
    """A cell's text, stripped; "" when the column is missing (a damaged header or row)."""
    return (row.get(column) or "").strip()


def _find(folder: Path, stem: str) -> Path | None:
    matches = sorted(folder.glob(f"{stem}*.csv"))
    return matches[-1] if matches else None


def _constituent_mentions(folder: Path, rejected: list[Rejected]) -> dict[str, Mention]:
    alt_names: dict[str, list[str]] = defaultdict(list)
    alt_path = folder / "constituents_altnames.csv"
    if alt_path.exists():
        for item in read_csv_rows(alt_path):
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            _, row = item
            for column in ("displayname", "forwarddisplayname"):
                name = clean_text(row.get(column))
                if name and name not in alt_names[_cell(row, "constituentid")]:
                    alt_names[_cell(row, "constituentid")].append(name)
    people: dict[str, Mention] = {}
    path = folder / "constituents.csv"
    for item in read_csv_rows(path):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        position, row = item
        cid = clean_text(row.get("constituentid"))
        name = clean_text(row.get("forwarddisplayname")) or clean_text(row.get("preferreddisplayname"))
        if not cid or not name:
            rejected.append(Rejected(str(path), position, cid, "missing constituentid or display name"))
            continue
        ids = tuple(
            i for i in (normalise_id(row.get("ulanid"), "ulan"), normalise_id(row.get("wikidataid"), "wikidata")) if i
        )
        preferred = clean_text(row.get("preferreddisplayname"))
        born, died = life_years(row)
        alts = tuple(n for n in [preferred, *alt_names.get(cid, [])] if n and n != name)
        people[cid] = Mention(
            kind=ENTITY_KIND.get((row.get("constituenttype") or "").strip(), "Organization"),
            alias_key=alias_key(cid),
            name=name,
            relation="",
            source_field="constituents.csv",
            ids=ids,
            birth_year=born,
            death_year=died,
            nationality=clean_text(row.get("nationality")),
            bio=clean_text(row.get("displaydate")),
            alt_names=tuple(dict.fromkeys(alts)),
        )
    return people


def read(path: Path) -> Iterator[Record | Rejected]:
    """Read an NGA open-data folder (constituents first, then objects)."""
    folder = path if path.is_dir() else path.parent
    rejected: list[Rejected] = []
    people = _constituent_mentions(folder, rejected)
    yield from rejected
    constituents = str(folder / "constituents.csv")
    for position, (cid, person) in enumerate(people.items(), start=1):
        yield Record(
            source=SOURCE, institution_id=INSTITUTION.id, source_id=f"constituent:{cid}", domain="museum",
            kind="authority", title=person.name, file=constituents, position=position,
            mentions=[person],
        )

    objects: dict[str, list[Mention]] = defaultdict(list)
    warnings: dict[str, list[str]] = defaultdict(list)
    first_seen: dict[str, tuple[str, int]] = {}
    links = _find(folder, "objects_constituents")
    if links:
        links_file = str(links)
        for item in read_csv_rows(links):
            if isinstance(item, Rejected):
                yield item
                continue
            position, row = item
            oid, cid = _cell(row, "objectid"), _cell(row, "constituentid")
            if oid not in first_seen:  # (str() once a file, not once a row)
                first_seen[oid] = (links_file, position)
            if row.get("roletype") != "artist":
                continue
            person = people.get(cid)
            if person is None:
                warnings[oid].append(f"{links.name} row {position}: artist constituent {cid} is not in constituents.csv")
                continue
            objects[oid].append(
                Mention(
                    kind=person.kind, alias_key=person.alias_key, name=person.name, relation="CREATED_BY",
                    role=clean_text(row.get("role")), as_written=person.name, source_field="objects_constituents.role",
                )
            )
    terms = _find(folder, "objects_terms")
    if terms:
        terms_file = str(terms)
        for item in read_csv_rows(terms):
            if isinstance(item, Rejected):
                yield item
                continue
            position, row = item
            oid, termtype, term = _cell(row, "objectid"), row.get("termtype"), clean_text(row.get("term"))
            if not oid or not term:
                continue
            if oid not in first_seen:
                first_seen[oid] = (terms_file, position)
            if termtype in ("Theme", "Keyword"):
                objects[oid].append(Mention(
                    kind="Theme", alias_key=f"{SOURCE}:term:{short_hash(fold(term))}", name=term, relation="ABOUT",
                    as_written=term, source_field=f"objects_terms.{termtype}",
                ))
            elif termtype == "Place Executed":
                objects[oid].append(Mention(
                    kind="Place", alias_key=f"{SOURCE}:place:{short_hash(fold(term))}", name=term, relation="MADE_IN",
                    as_written=term, source_field="objects_terms.Place Executed",
                ))
            else:
                objects.setdefault(oid, objects[oid])

    titles: dict[str, str] = {}
    history = folder / "objects_historical_data.csv"
    if history.exists():
        for item in read_csv_rows(history):
            if isinstance(item, Rejected):
                yield item
                continue
            _, row = item
            if row.get("datatype") == "previous_title" and row.get("forwardtext"):
                titles.setdefault(_cell(row, "objectid"), _cell(row, "forwardtext"))

    for oid in sorted(set(first_seen) | set(objects), key=lambda o: int(o) if o.isdigit() else 0):
        file, position = first_seen.get(oid, (str(folder), 0))
        yield Record(
            source=SOURCE, institution_id=INSTITUTION.id, source_id=f"object:{oid}", domain="museum",
            kind="artwork", title=titles.get(oid), url=OBJECT_URL.format(oid), file=file, position=position,
            mentions=objects.get(oid, []), warnings=warnings.get(oid, []),
        )
