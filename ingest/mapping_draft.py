"""`glamgraph mapping draft FILE`: a first mapping guessed from a file's header and sample rows.

It looks at each column's name and at the values of up to SAMPLE rows: columns whose values are
authority URIs or ids (ULAN, VIAF, Wikidata, LCNAF ...) become [ids] columns; name, alternate
name, date, nationality, title and creator columns are recognised by their header; separators
by what the cells hold. The result is a commented TOML file that loads as it is (check it with
`glamgraph ingest FILE --mapping MAP --dry-run`) and says what it guessed, for a person to edit.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ingest.authority import is_placeholder, normalise_id, scheme_in_header, scheme_name
from ingest.csvutil import read_csv_rows
from ingest.jsonutil import json_lines, json_rows, load_json
from ingest.mapping import agent_kind
from ingest.model import Rejected
from ingest.registry import MAPPED_SUFFIXES
from ingest.spreadsheet import is_spreadsheet, spreadsheet_rows

SAMPLE = 1000  # rows looked at: a sparse id column (VIAF on a few rows) shows in a thousand
SEPARATORS = ("|", ";", " / ")

# Header words in English and in the languages partners export in (French, German, Italian, Spanish,
# Dutch, Russian, Ukrainian): "Date de naissance", "Geburtsort", "Cognome", "Titel", "Autres noms",
# "Дата рождения", "Назва".
_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("birth_place", re.compile(r"place.?of.?birth|birth.?place|born.?in|birth.?city|lieu.?de.?naissance|geburtsort|"
                               r"luogo.?di.?nascita|lugar.?de.?nacimiento|geboorteplaats|место.?рождения|місце.?народження", re.I)),
    ("death_place", re.compile(r"place.?of.?death|death.?place|died.?in|death.?city|lieu.?de.?d[ée]c[èe]s|"
                               r"lieu.?de.?mort|sterbeort|todesort|luogo.?di.?morte|lugar.?de.?(?:muerte|defunci)|"
                               r"sterfplaats|plaats.?van.?overlijden|место.?смерти|місце.?смерті", re.I)),
    ("alternates", re.compile(r"alt|variant|other.?name|also.?known|aka|alias|synonym|used.?for|see.?from|"
                              r"autres?.?noms?|andere.?namen|namensform|altri.?nomi|otros.?nombres|други[еx].?имен|варианты.?имени|"
                              r"псевдоним|інші.?імена|варіанти.?імені", re.I)),
    ("birth", re.compile(r"birth|born|begin|start.?date|naissance|geburt|geboren|nascita|nacimiento|geboorte|"
                         r"рождени|народженн", re.I)),
    ("death", re.compile(r"death|died|^end|end.?date|d[ée]c[èe]s|\bmort|\btod\b|todes|gestorben|sterbe|morte|"
                         r"muerte|defunci|overlijden|overleden|смерт", re.I)),
    ("active", re.compile(r"active|floruit|\bfl\b|activit|t[äa]tig|attivo|activo|werkzaam", re.I)),
    ("dates", re.compile(r"dates|life|lifespan|years|lebensdaten|dati.?biografici|fechas|годы.?жизни|роки.?життя",
                         re.I)),
    ("nationality", re.compile(r"national|nazionalit|nacionalidad|staatsangeh|country|culture|национальн|"
                               r"гражданств|національн|громадянств", re.I)),
    ("gender", re.compile(r"gender|sex|geschlecht|sesso|geslacht|^пол$|стать", re.I)),
    ("bio", re.compile(r"bio|note|description|notice|beschreibung|descrizione|descripci|beschrijving|биограф|"
                       r"біограф|описани|примечани|опис\b", re.I)),
    ("creator", re.compile(r"creator|artist|author|maker|attribution|auteur|cr[ée]ateur|k[üu]nstler|urheber|"
                           r"hersteller|autore|autor|kunstenaar|vervaardiger|автор|художник|создател|творець|виконав", re.I)),
    ("title", re.compile(r"title|titre|titel|titolo|t[íi]tulo|названи|назва|заглави", re.I)),
    ("date", re.compile(r"^date|dated|date.?made|production.?date|creation.?date|object.?date|date.?de.?cr[ée]ation|"
                        r"^datum|datierung|entstehung|datazione|^data\b|^fecha|datering|^дата|датировк|датуванн", re.I)),
    ("name", re.compile(r"name|label|heading|forename|surname|\bnom\b|pr[ée]nom|\bnome\b|cognome|nombre|"
                        r"apellido|\bnaam|имя|фамили|им[яе]н|ім.я|прізвищ|наименовани|найменуванн", re.I)),
    ("url", re.compile(r"url|link|web|lien|enlace|collegamento|ссылк|посиланн", re.I)),
    ("subjects", re.compile(r"subject|keyword|term|theme|\btags?\b|sujet|mots?.?cl[ée]s?|schlagw|thema|soggett|tema|"
                            r"onderwerp|trefwoord|ключевые.?слова|ключові.?слова|предмет|тема", re.I)),
    ("places", re.compile(r"place|location|geograph|\blieu|\bort\b|luogo|lugar|plaats|место|місце", re.I)),
)
_HEADER_OF = dict(_HEADERS)  # a field's header pattern, by field name
_ID_HEADER = re.compile(r"(^|[^a-z])(id|identifier|number|no|key|uri|num[ée]ro|nummer|numero|inventa\w*|inv|"
                        r"identifiant|kennung|signatur|номер|инвентарн\w*|інвентарн\w*|идентификатор|ідентифікатор|шифр)($|[^a-z])|id$",
                        re.I)
# A given-name column and a surname column (a person list that splits the name): the name is both.
_GIVEN_NAME = re.compile(r"first.?name|fore.?name|given.?name|pr[ée]nom|vorname|^nome$|^nombre$|voornaam|^имя$|"
                         r"^ім.я$", re.I)
_SURNAME = re.compile(r"last.?name|surname|family.?name|^nom$|nachname|familienname|cognome|apellidos?|achternaam|"
                      r"фамили|прізвищ", re.I)


def sample_rows(path: Path, limit: int = SAMPLE) -> tuple[list[str], list[dict[str, Any]]]:
    """The header (column or top-level key names, in order) and up to `limit` rows; of a folder (one
    JSON file per person, as some museums publish them), the rows of its files in name order, as
    `glamgraph ingest FOLDER --mapping` reads them."""
    if path.is_dir():
        header: list[str] = []
        rows: list[dict[str, Any]] = []
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in MAPPED_SUFFIXES
                            and p.is_file() and not p.is_symlink() and not p.name.startswith(".")):
            more_header, more = sample_rows(child, limit - len(rows))
            header += [k for k in more_header if k not in header]
            rows += more
            if len(rows) >= limit:
                break
        return header, rows
    suffix = path.suffix.lower()
    items: Iterator[Any]
    if suffix in (".jsonl", ".ndjson"):
        items = (i[1] for i in json_lines(path) if not isinstance(i, Rejected))
    elif suffix == ".json":
        data = load_json(path)
        items = iter(json_rows(data))
    elif is_spreadsheet(path):
        items = (i[1] for i in spreadsheet_rows(path) if not isinstance(i, Rejected))
    else:
        items = (i[1] for i in read_csv_rows(path) if not isinstance(i, Rejected))
    rows = [_flattened(r) for r in islice(items, limit) if isinstance(r, dict)]
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header and k != "__extra__"]
    return header, rows


def _flattened(row: dict[str, Any], prefix: str = "", depth: int = 0) -> dict[str, Any]:
    """A JSON row with its nested objects as `a.b` keys, and a list of objects as one key per key of
    theirs holding the list of their values (what the mapped reader reads from such a path)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        path = f"{prefix}{key}"
        if depth < 3 and isinstance(value, dict) and value:
            out.update(_flattened(value, f"{path}.", depth + 1))
        elif depth < 3 and isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                for sub, got in _flattened(item, f"{path}.", depth + 1).items():
                    out.setdefault(sub, []).extend(got if isinstance(got, list) else [got])
        else:
            out[path] = value
    return out


# Fields that take a name: a nested key must look like one to be theirs.
_NAMED = frozenset(("name", "alternates", "creator", "subjects", "places", "birth_place", "death_place"))
_NAME_KEY = re.compile(r"name|label|value|term|text|heading|display|title", re.I)
# Keys that say what kind of value sits beside them ("names.type": "preferred"), never a field's value.
_DESCRIBING = frozenset(("type", "@type", "scheme", "lang", "language", "@language", "kind", "role", "script"))


def _holds_ids(column: str) -> bool:
    """A header ending in "id" ("altnameid", "Name ID") names ids, never names."""
    return bool(re.search(r"ids?$", column.rpartition(".")[2], re.I))


def _mostly_numbers(cells: list[str]) -> bool:
    return bool(cells) and sum(1 for c in cells if re.fullmatch(r"[\d\s.,-]+", c)) > len(cells) / 2


def _cells(rows: list[dict[str, Any]], column: str) -> list[str]:
    """One cell per row: a list's first value (the mapped reader takes the first as the name)."""
    out = []
    for row in rows:
        value = row.get(column)
        if isinstance(value, list) and value and not isinstance(value[0], (list, dict)):
            value = value[0]
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        if value not in (None, ""):
            out.append(str(value).strip())
    return out


def _separator(cells: list[str]) -> str | None:
    counts = Counter(sep for cell in cells for sep in SEPARATORS if sep in cell)
    return counts.most_common(1)[0][0] if counts else None


def _names_separator(cells: list[str]) -> str | None:
    """The separator of a column of alternate names: one of SEPARATORS, else a comma when cells hold
    one (the reader keeps "Surname, Forename" whole: `ingest.mapping.split_names`). Without it,
    "Aachen, Hans von, Achen, Hans von" was one alternate name."""
    return _separator(cells) or ("," if any("," in cell for cell in cells) else None)


# A header word that says the column holds identifiers ("VIAF URI", "ulan:id", "GND-Nummer" does not).
_ID_WORDS = frozenset(("id", "ids", "uri", "uris", "url", "iri", "link", "identifier", "identifiers"))


def _header_scheme(column: str) -> str | None:
    """The scheme a header names as an id column ("VIAF", "viaf:id", "ULAN URI"), else None."""
    named = scheme_in_header(column)
    words = [w for w in re.split(r"[^a-z0-9]+", column.lower()) if w]
    if named and (scheme_name(column) or len(words) == 1 or any(w in _ID_WORDS for w in words)):
        return named
    return None


def _id_scheme(column: str, cells: list[str]) -> tuple[str, str | None] | None:
    """("auto" or a scheme, separator) when the cells are authority ids, else None. A column whose
    header names a scheme and an id ("viaf uri") but that is empty in the sample is that scheme's
    (a sparse column: VIAF on a few rows in a thousand)."""
    if not cells:
        named = _header_scheme(column)
        return (named, None) if named else None
    sep = _separator(cells)
    values = [v.strip() for c in cells for v in (c.split(sep) if sep else [c]) if v.strip() and not is_placeholder(v)]
    if not values:
        return None
    named = scheme_in_header(column)
    if named and sum(1 for v in values if normalise_id(v, named)) / len(values) >= 0.5:
        return named, sep  # the header names the scheme and the values fit it
    if sum(1 for v in values if normalise_id(v)) / len(values) >= 0.5:
        return "auto", sep
    return None


def draft(path: Path, *, source: str | None = None) -> str:
    """A commented mapping (TOML text) for the file at `path`."""
    header, rows = sample_rows(path)
    if not header:
        raise ValueError(f"{path}: no rows to look at (an empty file, or not CSV / JSON / JSON Lines)")
    cells = {c: _cells(rows, c) for c in header}
    notes: list[str] = []
    ids: dict[str, tuple[str, str | None]] = {}
    for column in header:
        found = _id_scheme(column, cells[column])
        if found:
            ids[column] = found
    fields: dict[str, str] = {}
    more_alternates: list[str] = []
    for column in header:
        if column in ids or column.rpartition(".")[2].lower() in _DESCRIBING:
            continue
        for name, pattern in _HEADERS:
            if name in _NAMED and "." in column and not _NAME_KEY.search(column.rpartition(".")[2]):
                continue  # "creator.artist_id" is not the creator's name; "creator.full_name" is
            if name in _NAMED and _holds_ids(column):
                continue  # "altnameid" holds ids, not alternate names
            if name in ("nationality", "gender") and _mostly_numbers(cells[column]):
                continue  # "woe:country_id" holds a place's number, not a nationality
            if name == "nationality" and not _NATIONALITY_WORD.search(column) \
                    and any(_NATIONALITY_WORD.search(c) for c in header):
                continue  # "Country" (where an object was made) beside a "Nationality" column
            if name == "creator" and _about_the_maker(column):
                continue  # "Artist Role", "Artist Begin Date": about the maker, not the maker's name
            if name == "alternates" and "alternates" in fields and pattern.search(column) and cells[column]:
                more_alternates.append(column)  # "Other name 1", "Other name 2", "Also known as": all of them
                break
            if pattern.search(column) and name not in fields:
                fields[name] = column
                break
    if fields.get("name") and (_GIVEN_NAME.search(fields["name"]) or _SURNAME.search(fields["name"])):
        # a whole name ("displayname") over a surname alone ("lastname", the first name-like header)
        whole = next((c for c in header if c not in ids and c not in fields.values() and cells[c]
                      and _HEADER_OF["name"].search(c) and not _GIVEN_NAME.search(c) and not _SURNAME.search(c)
                      and not _holds_ids(c)),
                     None)
        if whole:
            fields["name"] = whole
    templates: dict[str, str] = {}
    given = next((c for c in header if c not in ids and _GIVEN_NAME.search(c.rpartition(".")[2])), None)
    surname = next((c for c in header if c not in ids and _SURNAME.search(c.rpartition(".")[2])), None)
    if given and surname and given != surname:
        # "Nom" + "Prénom", "Last Name" + "First Name": the name in display order from both
        templates["name"] = f"{_place(given)} {_place(surname)}"
        if fields.get("name") in (given, surname):
            del fields["name"]
    unique = [c for c in header if c not in ids and cells[c] and len(set(cells[c])) == len(cells[c]) == len(rows)]
    id_like = [c for c in header if c not in ids and _ID_HEADER.search(c) and cells[c]]
    # an id column filled and different on every row looked at is the row's own ("ch:id"), ahead of one
    # of another institution's ids that most rows lack ("freebase:id", "vanda:id" of a concordance)
    whole_ids = [c for c in id_like if c in unique] + [c for c in id_like if c not in unique]
    if "title" not in fields and ("name" in fields or "alternates" in fields):
        # a person list: the person's id ("constituentid") over a row's own ("altnameid" of a names table)
        id_column = next((c for c in id_like if _ENTITY_WORD.search(c)), whole_ids[0] if whole_ids else None)
    else:
        # on an object export "ConstituentID" is the maker's id, not the row's ("ObjectID" further on is)
        id_column = next((c for c in whole_ids if not _CREATOR_WORD.search(c)), whole_ids[0] if whole_ids else None)
    if id_column is None:
        # No id header: the row's own authority URI (a Wikidata query's "item", filled and different on
        # every row) before any other unique column, and a column drafted as the name last.
        own_uri = [c for c in ids if cells[c] and len(set(cells[c])) == len(cells[c]) == len(rows)]
        unique = own_uri + [c for c in unique if c not in fields.values()] + [c for c in unique if c in fields.values()]
        id_column = unique[0] if unique else header[0]
    if id_column in fields.values():
        fields = {k: v for k, v in fields.items() if v != id_column}
    repeated = len(set(cells[id_column])) < len(cells[id_column])
    others = [c for c in header if c != id_column and c not in ids and c not in fields.values()
              and re.search(r"\w:id$", c, re.I)]
    if others:
        notes.append(f"{', '.join(repr(c) for c in others)} look like ids of schemes glamgraph does not know "
                     "(docs/mapping.md lists those it reads): not mapped")
    is_authority = "title" not in fields and ("name" in fields or "name" in templates or "alternates" in fields)
    if repeated:
        notes.append(f"'{id_column}' repeats in the sample: rows with the same value are "
                     + ("grouped into one entity" if is_authority else "merged into one record (with a warning)"))
    creator_ids: list[str] = []
    subject_ids: list[str] = []
    if not is_authority:
        # An object has no birth, death or nationality: on an object row those are its maker's (MoMA's
        # Artworks.csv: "Nationality", "BeginDate", "EndDate" beside "Artist"), unless the header says
        # it is the object's ("Object Begin Date").
        makers = {f"creator_{key}": fields[key] for key in ("birth", "death", "nationality", "dates")
                  if key in fields and "creator" in fields and not _OBJECT_WORD.search(fields[key])}
        role = next((c for c in header if _ROLE.fullmatch(c.strip()) and c not in fields.values()), None)
        if role and "creator" in fields:
            makers["creator_role"] = role  # an object has no role: a bare "Role" column is its makers'
        for key in ("alternates", "birth", "death", "active", "dates", "nationality", "gender", "name", "birth_place",
                    "death_place", "bio"):
            fields.pop(key, None)
        templates.pop("name", None)
        if "creator" in fields:
            # a maker's own columns beside the maker ("Artist Begin Date", "Artist ULAN URL", "Constituent ID")
            details = _creator_detail_columns(header, {**fields, **makers}, ids, cells)
            fields.update({**makers, **details})
            creator_ids = [c for c in ids if _CREATOR_WORD.search(c)]
            ids = {c: v for c, v in ids.items() if c not in creator_ids}
        if "subjects" in fields:
            # "Tags AAT URL" beside "Tags": each tag's ids, never the object's or its maker's
            subject_ids = [c for c in ids if _HEADER_OF["subjects"].search(c)]
            ids = {c: v for c, v in ids.items() if c not in subject_ids}
    else:
        if "date" in fields and "dates" not in fields and "birth" not in fields:
            fields["dates"] = fields.pop("date")  # a person's "date" is their life: "French, 1727 - 1807"
        for key in ("title", "creator", "date", "subjects", "places"):
            fields.pop(key, None)
        kind = _kind_column(header, cells, {id_column, *fields.values(), *ids})
        if kind:
            fields["kind"] = kind
    # a JSON list is its values already: a comma inside one ("Quillon, Vera") is no separator
    listed = {c for c in header if any(isinstance(row.get(c), list) for row in rows)}
    separators = {f: s for f in ("alternates", "creator", "subjects", "places")
                  if f in fields and (s := (_names_separator if f == "alternates" and fields[f] not in listed
                                            else _separator)(cells[fields[f]]))}
    if "creator" in fields and "creator" not in separators and _comma_separates_makers(rows, fields):
        separators["creator"] = ","
    name_cells = [n for c in cells.get(fields.get("name") or fields.get("creator") or "", [])
                  for n in (c.split(separators["creator"]) if "creator" in separators and "name" not in fields else [c])]
    inverted = bool(name_cells) and sum(1 for c in name_cells if re.fullmatch(r"[^,]+, [^,]+", c)) > len(name_cells) / 2
    stem = path.name if path.is_dir() else path.stem
    return _render(path, source or re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_") or "mysource",
                   is_authority, id_column, fields, ids, separators, inverted, notes, len(rows), cells, templates,
                   creator_ids, more_alternates if is_authority else [], subject_ids)


def _kind_column(header: list[str], cells: dict[str, list[str]], taken: set[str]) -> str | None:
    """The column of an agent list that says whether each row is a person or an organisation: a few
    values, nearly all of them words `agent_kind` knows ("individual" / "corporate", "Person" / "Company")."""
    for column in header:
        values = [c for c in cells[column] if c.strip()]
        if column in taken or not values or len(set(values)) > 20:
            continue
        if sum(1 for v in values if agent_kind(v)) >= 0.8 * len(values):
            return column
    return None


# A header that says nationality, not only a country or a culture.
_NATIONALITY_WORD = re.compile(r"national|nazionalit|nacionalidad|staatsangeh|национальн|гражданств|національн|"
                               r"громадянств", re.I)
# A column about the object itself, never its maker's ("Object Begin Date", "Date de l'œuvre").
_OBJECT_WORD = re.compile(r"object|\bwork\b|artwork|item|werk|[oœ]uvre|opera|obra|objet|oggetto|voorwerp", re.I)
# A column about the maker of an object: its header names the maker (or the museum's "constituent").
_CREATOR_WORD = re.compile(_HEADER_OF["creator"].pattern + r"|constituent", re.I)
# An id column naming what a person list's row describes ("constituentid", "person_id", "agent id").
_ENTITY_WORD = re.compile(_CREATOR_WORD.pattern + r"|person|people|agent|party|parties|personne|persona", re.I)
# A maker's role ("Artist Role", "Rolle"); a header of this word alone on an object export is its makers'.
_ROLE = re.compile(r"roles?|function|r[ôo]les?|rolle|ruolo|\brol\b|funci[óo]n|qualif", re.I)
_MAKER_EXTRAS = re.compile(r"prefix|suffix|sort|gender|sex|url|uri|link|wikidata|ulan|viaf", re.I)
_CREATOR_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("creator_birth", _HEADER_OF["birth"]),
    ("creator_death", _HEADER_OF["death"]),
    ("creator_nationality", _HEADER_OF["nationality"]),
    ("creator_dates", re.compile(_HEADER_OF["dates"].pattern + "|" + _HEADER_OF["bio"].pattern, re.I)),
    ("creator_role", _ROLE),
)


def _about_the_maker(column: str) -> bool:
    """A header that names the maker and something about them ("Artist Role", "Artist Prefix", "Artist
    Begin Date", "Artist ULAN URL"), not the maker's name ("Artist", "Artist Display Name")."""
    rest = _CREATOR_WORD.sub(" ", column)
    if any(pattern.search(rest) for _, pattern in _CREATOR_DETAILS):
        return True  # "Artist Display Bio" too, though "display" may name a name
    return bool(rest.strip()) and not _NAME_KEY.search(rest) and bool(_ID_HEADER.search(rest)
                                                                        or _MAKER_EXTRAS.search(rest))


def _comma_separates_makers(rows: list[dict[str, Any]], fields: dict[str, str]) -> bool:
    """Whether a comma in the creator cells separates makers ("Vera Quillon, Bruno Vesk") rather than
    inverts a name ("Quillon, Vera"): the maker's own columns say so, holding as many values (brackets,
    or comma-separated ids) as the cell has pieces on every row where it has a comma."""
    details = [column for name, column in fields.items() if name.startswith("creator_") and name != "creator_role"]
    seen = False
    for row in rows:
        cell = row.get(fields["creator"])
        if not isinstance(cell, str) or "," not in cell:
            continue
        pieces = len([p for p in cell.split(",") if p.strip()])
        counts = []
        for column in details:
            value = row.get(column)
            if isinstance(value, str) and value.strip():
                groups = re.findall(r"\([^()]*\)", value)
                counts.append(len(groups) if groups else len([p for p in value.split(",") if p.strip()]))
        if not counts or any(n != pieces for n in counts):
            return False
        seen = True
    return seen


def _creator_detail_columns(header: list[str], fields: dict[str, str], ids: dict[str, tuple[str, str | None]],
                            cells: dict[str, list[str]]) -> dict[str, str]:
    """creator_* fields from the columns whose header names the maker and what of it they hold."""
    used = set(fields.values())
    out: dict[str, str] = {}
    for column in header:
        if column in used or column in ids or not _CREATOR_WORD.search(column) or not cells[column] \
                or _OBJECT_WORD.search(column):
            continue
        rest = _CREATOR_WORD.sub(" ", column)  # "Artist End Date" -> " End Date"
        found = next((name for name, pattern in _CREATOR_DETAILS if name not in out and pattern.search(rest)), None)
        if found is None and "creator_id" not in out and _ID_HEADER.search(rest):
            found = "creator_id"
        if found:
            out[found] = column
    return out


def _place(column: str) -> str:
    """A template's place for a column (its own braces doubled)."""
    return "{" + column.replace("{", "{{").replace("}", "}}") + "}"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _example(cells: dict[str, list[str]], column: str) -> str:
    values = cells.get(column) or []
    value = next((v for v in values if not is_placeholder(v)), values[0] if values else None)  # not VIAF's "0"
    return f"  # e.g. {value[:60]!r}" if value is not None else "  # (empty in the sample)"


def _render(path: Path, source: str, is_authority: bool, id_column: str, fields: dict[str, str],
            ids: dict[str, tuple[str, str | None]], separators: dict[str, str], inverted: bool, notes: list[str],
            sampled: int, cells: dict[str, list[str]], templates: dict[str, str],
            creator_ids: list[str] | None = None, more_alternates: list[str] | None = None,
            subject_ids: list[str] | None = None) -> str:
    out = [f"# Mapping drafted by `glamgraph mapping draft` from {path.name} ({sampled} sample rows).",
           "# Check every guess, then: glamgraph ingest FILE --mapping THIS.toml --dry-run",
           "# docs/mapping.md explains every key.", *(f"# NOTE: {n}" for n in notes), "",
           "[source]", f"name = {_q(source)}                 # record and alias keys start with this",
           f"institution = {_q(source)}", f"institution_name = {_q(source)}",
           'kind = "museum"                 # the institution: library | museum | archive']
    if is_authority:
        out.append('record_kind = "person"          # a row is one person; or "organisation", "place", "concept"')
    else:
        out.append('record_kind = "item"            # a row is one object/record; "person" for an authority file')
    if inverted:
        out.append('invert_names = true             # names are written "Surname, Forename"')
    out += ["", "[fields]", f"id = {_q(id_column)}{_example(cells, id_column)}"]
    out += [f"{name} = {_q(column)}{_example(cells, column)}{'; person or organisation on each row' if name == 'kind' else ''}"
            if not (name == "alternates" and more_alternates)
            else f"{name} = [{', '.join(_q(c) for c in (column, *more_alternates))}]{_example(cells, column)}"
            for name, column in fields.items()]
    for name, columns, what in (("creator_ids", creator_ids, "maker"), ("subject_ids", subject_ids, "subject")):
        if columns:
            out += [f"# each {what}'s authority ids, in the {what}s' order (URIs, or the scheme the header names)",
                    f"{name} = [{', '.join(_q(c) for c in columns)}]{_example(cells, columns[0])}"]
    if ids:
        out += ["", "# Authority id columns: \"auto\" recognises URIs and self-evident ids (Q..., n...);",
                "# a scheme name (viaf, ulan, lcnaf, gnd, rkd, isni, orcid, moma, ...) reads bare values.", "[ids]"]
        for column, (scheme, sep) in ids.items():
            value = _q(scheme) if not sep else "{ scheme = " + _q(scheme) + ", separator = " + _q(sep) + " }"
            out.append(f"{_q(column)} = {value}{_example(cells, column)}")
    if separators:
        out += ["", "# Several values in one cell. A comma keeps \"Surname, Forename\" whole.", "[separators]"]
        out += [f"{name} = {_q(sep)}" for name, sep in separators.items()]
    if templates:
        out += ["", "# A value made of several columns: the given names, then the surname.", "[templates]"]
        out += [f"{name} = {_q(text)}" for name, text in templates.items()]
    return "\n".join(out) + "\n"
