"""Tate collection dump (CC0, `tategallery/collection`): artists, artworks, the subject hierarchy.

Files read under the folder:
- `artist_data.csv` (id, name, gender, dates, yearOfBirth, yearOfDeath, placeOfBirth, placeOfDeath,
  url) -> authority records `tate:artist:<id>`; birth/death places -> BORN_IN / DIED_IN through
  Mention.links ("Springfield, United States" is a Place WITHIN "United States").
- `processed/subjects/level{1,2}list.json` (id, name, parent0, parent1) -> the whole subject
  tree as Theme authority records with BROADER chains (level 2 -> level 1 -> level 0).
- `artworks/**.json` -> one object record each: title, dateText/dateRange, classification,
  medium, contributors (-> CREATED_BY `tate:artist:<id>`, role), the `subjects` tree (leaves ->
  ABOUT Theme with BROADER chains; leaves under "people > named individuals" -> ABOUT Person;
  leaves under "places" -> ABOUT Place), thumbnailUrl, url, creditLine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.csvutil import read_csv_rows
from ingest.dates import positive_year, set_dates
from ingest.guard import describe
from ingest.jsonutil import json_id, load_json, map_documents, unchanged
from ingest.model import Institution, Mention, Record, Rejected
from ingest.normalise import clean_text, direct_order, fold, short_hash
from ingest.rights import CC0

INSTITUTION = Institution("tate", "Tate", "museum", CC0)  # the dump is published under CC0
SOURCE = "tate"
PLACES_ROOT = 106  # subject "places"
NAMED_PEOPLE = ("named individuals",)
NON_SPECIFIC = " - non-specific"


def alias_key(artist_id: str | int) -> str:
    return f"{SOURCE}:artist:{artist_id}"


def place_mention(text: str | None, field: str) -> Mention | None:
    """"Springfield, United States" -> Place with a WITHIN link to "United States"."""
    text = clean_text(text)
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    links: tuple[tuple[str, Mention], ...] = ()
    if len(parts) > 1:
        country = Mention(kind="Place", alias_key=f"{SOURCE}:place:{short_hash(fold(parts[-1]))}", name=parts[-1],
                          relation="", source_field=field)
        links = (("WITHIN", country),)
    return Mention(kind="Place", alias_key=f"{SOURCE}:place:{short_hash(fold(text))}", name=text, relation="",
                   as_written=text, source_field=field, links=links)


def subject_name(name: str) -> str:
    """Tate's "dog - non-specific" is the subject "dog" (as opposed to a kind of dog)."""
    return name.removesuffix(NON_SPECIFIC).strip() or name


def subject_mention(node: dict[str, Any], chain: list[dict[str, Any]], relation: str, field: str) -> Mention:
    """A subject and its ancestors (nearest first) as a Theme with BROADER links."""
    links: tuple[tuple[str, Mention], ...] = ()
    if chain:
        links = (("BROADER", subject_mention(chain[0], chain[1:], "", field)),)
    written = str(node["name"])
    return Mention(kind="Theme", alias_key=f"{SOURCE}:subject:{node['id']}", name=subject_name(written),
                   relation=relation, as_written=written, source_field=field, links=links)


def place_subject_mention(leaf: dict[str, Any], category: str, field: str) -> Mention:
    """A place subject. Tate writes the broader place first ("New York, Central Park", "USA,
    Vermont"): the Place is "Central Park, New York", WITHIN "New York". UK counties are names
    turned round ("Sussex, West" is West Sussex); "Chicago - non-specific" is Chicago."""
    written = str(leaf["name"])
    parts = [p.strip() for p in subject_name(written).split(",") if p.strip()]
    links: tuple[tuple[str, Mention], ...] = ()
    if category == "UK counties" and len(parts) == 2:
        name = f"{parts[1]} {parts[0]}"
    else:
        name = ", ".join(reversed(parts)) or written
        if len(parts) > 1:
            broader = ", ".join(reversed(parts[:-1]))
            links = (("WITHIN", Mention(kind="Place", alias_key=f"{SOURCE}:place:{short_hash(fold(broader))}",
                                        name=broader, relation="", source_field=field)),)
    return Mention(kind="Place", alias_key=f"{SOURCE}:subject:{leaf['id']}", name=name, relation="ABOUT",
                   as_written=written, source_field=field, links=links)


def _artists(folder: Path) -> Iterator[Record | Rejected]:
    path = folder / "artist_data.csv"
    if not path.exists() or unchanged(path):
        return
    for item in read_csv_rows(path):
        if isinstance(item, Rejected):
            yield item
            continue
        position, row = item
        artist_id, name = clean_text(row.get("id")), clean_text(row.get("name"))
        if not artist_id or not name:
            yield Rejected(str(path), position, artist_id, "missing id or name")
            continue
        links = tuple((rel, m) for rel, m in (("BORN_IN", place_mention(row.get("placeOfBirth"), "placeOfBirth")),
                                               ("DIED_IN", place_mention(row.get("placeOfDeath"), "placeOfDeath")))
                      if m is not None)
        person = Mention(kind="Person", alias_key=alias_key(artist_id), name=direct_order(name), relation="",
                         as_written=name, source_field="artist_data.csv", birth_year=positive_year(row.get("yearOfBirth")),
                         death_year=positive_year(row.get("yearOfDeath")), gender=clean_text(row.get("gender")),
                         bio=clean_text(row.get("dates")), links=links)
        yield Record(source=SOURCE, institution_id=INSTITUTION.id, source_id=f"artist:{artist_id}", domain="museum",
                     kind="authority", title=person.name, url=clean_text(row.get("url")), file=str(path),
                     position=position, mentions=[person])


def _subject_tree(folder: Path) -> Iterator[Record | Rejected]:
    base = folder / "processed" / "subjects"
    names: dict[int, str] = {}
    for level in ("level0.json", "level1.json"):
        if (base / level).exists():
            try:
                names.update({int(k): v for k, v in load_json(base / level).items()})
            except Exception as exc:  # noqa: BLE001 - a damaged names file: the names are missing, no more
                yield Rejected(str(base / level), None, None, f"subject names unreadable: {describe(exc)}")
    for level in ("level1list.json", "level2list.json"):
        path = base / level
        # Its records also take their parents' names from the names files.
        if not path.exists() or unchanged(path, base / "level0.json", base / "level1.json"):
            continue
        try:
            entries = load_json(path)
        except ValueError as exc:
            yield Rejected(str(path), None, None, str(exc), fatal=True)
            continue
        for position, entry in enumerate(entries, start=1):
            try:
                parents = [entry[k] for k in ("parent1", "parent0") if entry.get(k) not in (None, "none", "")]
                chain = [{"id": p, "name": names[p]} for p in parents]
                theme = subject_mention(entry, chain, "", f"processed/subjects/{level}")
            except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
                yield Rejected(str(path), position, None,
                               f"subject entry without id, name or known parent: {describe(exc)}")
                continue
            if len(chain) == 2:  # level-2 names are only known from the list itself
                names.setdefault(int(entry["id"]), str(entry["name"]))
            yield Record(source=SOURCE, institution_id=INSTITUTION.id, source_id=f"subject:{entry['id']}",
                         domain="museum", kind="authority", title=theme.name, file=str(path), position=position,
                         mentions=[theme])


def _leaves(node: dict[str, Any], chain: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    children = node.get("children") or []
    if not children:
        yield node, chain
    for child in children:
        yield from _leaves(child, [node, *chain])


def map_artwork(data: dict[str, Any], file: str, position: int) -> Record:
    number, acno = json_id(data.get("id")), json_id(data.get("acno"))
    if number is None or acno is None:
        raise ValueError("not a Tate artwork (no id / acno)")
    dates = data.get("dateRange") or {}
    record = Record(
        source=SOURCE, institution_id=INSTITUTION.id, source_id=f"artwork:{acno}", domain="museum",
        kind=clean_text(data.get("classification")) or "artwork", title=clean_text(data.get("title")),
        description=clean_text(data.get("medium")),
        url=clean_text(data.get("url")), image_url=clean_text(data.get("thumbnailUrl")),
        rights=clean_text(data.get("thumbnailCopyright")), file=file, position=position,
    )
    set_dates(record, clean_text(data.get("dateText")), "made", dates.get("startYear"), dates.get("endYear"))
    record.numbers = (("accession", acno), ("system", number))
    for person in data.get("contributors") or []:
        person_id = json_id(person.get("id"))
        if person_id is None and person.get("id") is not None:
            record.warnings.append(f"contributor id {str(person.get('id'))[:40]!r} is not an id: left out")
        if person_id is None or not (person.get("fc") or person.get("mda")):
            continue
        record.mentions.append(Mention(
            kind="Person", alias_key=alias_key(person_id), name=person.get("fc") or direct_order(person["mda"]),
            relation="CREATED_BY", role=clean_text(person.get("role")), as_written=person.get("mda") or person.get("fc"),
            source_field="contributors", birth_year=positive_year(person.get("birthYear")),
        ))
    tree = data.get("subjects") or {}
    for top in tree.get("children") or []:
        for leaf, chain in _leaves(top, []):
            field = "subjects"
            if top.get("id") == PLACES_ROOT:
                mention = place_subject_mention(leaf, chain[0].get("name", "") if chain else "", field)
            elif chain and chain[0].get("name") in NAMED_PEOPLE:
                mention = Mention(kind="Person", alias_key=f"{SOURCE}:subject:{leaf['id']}",
                                  name=direct_order(leaf["name"]), relation="ABOUT", as_written=leaf["name"],
                                  source_field=field)
            else:
                mention = subject_mention(leaf, chain, "ABOUT", field)
            record.mentions.append(mention)
    return record


def read(path: Path) -> Iterator[Record | Rejected]:
    """Read a Tate collection folder (artists, subject tree, artworks) or one artwork JSON file."""
    if path.is_file() and path.suffix == ".json":
        folder, artworks = None, path
    else:
        folder, artworks = path, path / "artworks"
    if folder is not None:
        yield from _artists(folder)
        yield from _subject_tree(folder)
        if not artworks.exists():
            return
    yield from map_documents(artworks, map_artwork, "artwork")
