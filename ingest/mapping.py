"""A mapping file (TOML) that says how a partner's CSV / JSON export becomes records (docs/mapping.md).

`load_mapping` reads and checks the whole file before a single row is read: every mistake is
reported at once, each with the line of the mapping file it is on. The reader that applies a
mapping is `ingest.readers.mapped`; `ingest.mapping_draft` writes a first mapping from a file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.authority import SCHEMES, scheme_name
from ingest.model import EntityKind, Institution
from ingest.rights import licence_uri

# What a row is. Object/item rows become Record nodes (any word: "item", "artwork", "book", ...);
# authority rows describe one person, organisation, place or concept and become an Alias only.
AUTHORITY_KINDS: dict[str, EntityKind] = {
    "person": "Person", "people": "Person", "authority": "Person", "constituent": "Person", "agent": "Person",
    "organisation": "Organization", "organization": "Organization", "group": "Organization",
    "place": "Place", "concept": "Theme", "subject": "Theme", "theme": "Theme", "term": "Theme",
}
RECORD_FIELDS = ("id", "title", "date", "year_start", "year_end", "description", "kind", "url", "image_url", "rights",
                 "creator", "creator_role", "subjects", "people_subjects", "places", "made_in", "ids",
                 # each creator's own details, one value per creator in the creator's order
                 "creator_id", "creator_dates", "creator_birth", "creator_death", "creator_nationality", "creator_ids",
                 "subject_ids")  # each subject's ids, in the subjects' order
AUTHORITY_FIELDS = ("id", "name", "title", "alternates", "birth", "death", "dates", "active", "nationality", "gender",
                    "bio", "url", "ids", "group_by", "broader", "within", "birth_place", "death_place",
                    "kind")  # on an agent list: whether each row is a person or an organisation (`agent_kind`)
FIELDS = tuple(dict.fromkeys(RECORD_FIELDS + AUTHORITY_FIELDS))
# Fields that may name several columns (a TOML list) and hold several values per cell.
MULTI = ("creator", "subjects", "people_subjects", "places", "made_in", "ids", "alternates", "broader", "within",
         "creator_ids", "subject_ids")
NAME_FIELDS = ("creator", "people_subjects", "alternates")  # where "Surname, Forename" must survive a comma separator
SOURCE_KEYS = ("name", "institution", "institution_name", "kind", "record_kind", "invert_names", "id_scheme", "licence")
TABLES = ("source", "fields", "ids", "separators", "templates")
AUTO = "auto"  # an [ids] column whose values name their own scheme (URIs, Q-numbers, n-numbers)


# What an agent list's type column says a row is, in the words exports use: NGA's "individual" /
# "corporate", ULAN's "Person" / "Corporate body", EAD's "persname" / "corpname" / "famname", a design
# museum's "company" or "studio". An organisation's word wins ("group of people").
_ORGANISATION_WORDS = frozenset("""organisation organisations organization organizations organisme corporate
corporation corporations corpname company companies firm firms group groups institution institutions body bodies
business manufacturer manufacturers studio studios workshop gallery galleries publisher publishers collective
agency association society partnership family families famname band ensemble orchestra entreprise unternehmen
körperschaft korperschaft organisatie""".split())
_PERSON_WORDS = frozenset("""person persons people personal persname individual individuals human artist artists
personne personnes persona personen""".split())


def agent_kind(value: str) -> EntityKind | None:
    """Person / Organization as a type column's value says ("individual", "Corporate body",
    "company"); None when it names neither."""
    words = set(re.findall(r"[^\W\d_]+", value.lower()))
    if words & _ORGANISATION_WORDS:
        return "Organization"
    if words & _PERSON_WORDS:
        return "Person"
    return None


class MappingError(ValueError):
    """Everything wrong with one mapping file, one problem per line."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        super().__init__(f"{path}: {len(problems)} problem(s) in the mapping:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class IdColumn:
    column: str
    scheme: str  # a scheme name, or "auto"
    separator: str | None = None


@dataclass(frozen=True)
class Mapping:
    source: str | None
    institution: Institution | None
    record_kind: str
    domain: str
    fields: dict[str, tuple[str, ...]]  # field -> the column(s) that hold it
    separators: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    invert_names: bool = False  # names written "Last, First" (shown as "First Last")
    id_scheme: str | None = None  # scheme of bare values in the `ids` field's columns
    id_columns: tuple[IdColumn, ...] = ()
    path: str = ""
    licence: str | None = None  # the URI of the licence the source publishes its records under

    @property
    def entity_kind(self) -> EntityKind | None:
        """Person / Organization / Place / Theme when a row is an authority entry, else None."""
        return AUTHORITY_KINDS.get(self.record_kind.lower())

    def column(self, name: str) -> str | None:
        columns = self.fields.get(name)
        return columns[0] if columns else None

    def columns_used(self) -> set[str]:
        """Every column the mapping reads (templates included), to check against a CSV header."""
        used = {c for cols in self.fields.values() for c in cols} | {c.column for c in self.id_columns}
        for template in self.templates.values():
            used.update(template_columns(template))
        return used


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def template_columns(template: str) -> list[str]:
    """The column names a template uses: "https://x.org/{ch:id}" -> ["ch:id"]; {{ and }} are braces."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(template) if m.group(1) is not None]


def fill_template(template: str, row: dict[str, Any]) -> str:
    """Put row values into `{column}` places; any column name works (`{ch:id}`, `{Object Number}`)."""
    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        column = match.group(1)
        if column not in row:
            raise ValueError(f"the template names the column '{column}', which this row does not have")
        value = row[column]
        return "" if value is None else str(value)

    return _PLACEHOLDER.sub(one, template)


class _Lines:
    """Finds the line of a table or key in the mapping text (tomllib gives no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def of(self, table: str | None, key: str | None = None) -> int | None:
        in_table = table is None
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_table = stripped.strip("[] ") == table
                if in_table and key is None:
                    return number
                continue
            if in_table and key is not None:
                name = stripped.partition("=")[0].strip().strip('"').strip("'")
                if "=" in stripped and name == key:
                    return number
        return None


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every problem is reported at once, with its line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(path, [f"cannot read the mapping: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(path, [f"not valid TOML: {exc} (a column name with ':' or spaces needs quotes: "
                                  f"\"ch:id\" = \"viaf\")"]) from None
    lines = _Lines(text)
    problems: list[str] = []

    def problem(table: str | None, key: str | None, message: str) -> None:
        line = lines.of(table, key) if table else None
        problems.append((f"line {line}: " if line else "") + message)

    for table in data:
        if table not in TABLES:
            problem(table, None, f"unknown table [{table}]; known: {', '.join('[' + t + ']' for t in TABLES)}")
    tables = {t: data.get(t, {}) for t in TABLES}
    for table, value in tables.items():
        if not isinstance(value, dict):
            problem(None, None, f"{table} must be a table ([{table}])")
            tables[table] = {}
    source = tables["source"]
    for key in source:
        if key not in SOURCE_KEYS:
            problem("source", key, f"unknown [source] key '{key}'; known: {', '.join(SOURCE_KEYS)}")
    domain = str(source.get("kind", "museum"))
    if domain not in ("library", "museum", "archive"):
        problem("source", "kind", f"[source] kind must be library, museum or archive, not {domain!r} "
                                  "(what a row is goes in record_kind)")
    record_kind = str(source.get("record_kind", "item"))
    authority = AUTHORITY_KINDS.get(record_kind.lower())
    invert = source.get("invert_names", False)
    if not isinstance(invert, bool):
        problem("source", "invert_names", "invert_names must be true or false")
        invert = False
    id_scheme = source.get("id_scheme")
    if id_scheme is not None and not scheme_name(str(id_scheme)):
        problem("source", "id_scheme", f"unknown id scheme {id_scheme!r}; known: {', '.join(SCHEMES)}")
    licence = licence_uri(str(source["licence"])) if source.get("licence") is not None else None
    if source.get("licence") is not None and licence is None:
        problem("source", "licence", f"licence {source['licence']!r} names no licence: give its URI "
                                     "(https://creativecommons.org/licenses/by/4.0/) or CC0, CC BY 4.0, Public Domain")

    fields: dict[str, tuple[str, ...]] = {}
    known = AUTHORITY_FIELDS if authority else RECORD_FIELDS
    for name, value in tables["fields"].items():
        if name not in FIELDS:
            problem("fields", name, f"unknown field '{name}'; known: {', '.join(known)}")
            continue
        if name not in known:
            what = f"record_kind = {record_kind!r}"
            problem("fields", name, f"field '{name}' does not apply when {what} (a row is "
                                    f"{'an authority entry' if authority else 'an object/item record'}); "
                                    f"fields for it: {', '.join(known)}")
            continue
        columns = value if isinstance(value, list) else [value]
        if not columns or not all(isinstance(c, str) and c for c in columns):
            problem("fields", name, f"field '{name}' must name a column (a text) or, for several columns, a list of texts")
            continue
        if len(columns) > 1 and name not in MULTI:
            problem("fields", name, f"field '{name}' takes one column, not {len(columns)}; "
                                    f"several columns are allowed for {', '.join(MULTI)}")
            continue
        fields[name] = tuple(columns)
    templates: dict[str, str] = {}
    for name, value in tables["templates"].items():
        if name not in FIELDS:
            problem("templates", name, f"unknown field '{name}' in [templates]; known: {', '.join(known)}")
        elif not isinstance(value, str):
            problem("templates", name, "a template must be a text with {column} places")
        elif re.search(r"[{}]", re.sub(r"\{\{|\}\}|\{[^{}]*\}", "", value)):
            problem("templates", name, f"unbalanced brace in template {value!r} (write {{{{ or }}}} for a brace)")
        else:
            templates[name] = value
    separators: dict[str, str] = {}
    for name, value in tables["separators"].items():
        if not isinstance(value, str) or not value:
            problem("separators", name, "a separator must be a non-empty text")
        elif name not in FIELDS and name not in {c for cols in fields.values() for c in cols}:
            problem("separators", name, f"[separators] key '{name}' is neither a field nor a mapped column")
        else:
            separators[name] = value
    id_columns: list[IdColumn] = []
    for column, value in tables["ids"].items():
        scheme, separator = value, None
        if isinstance(value, dict):
            scheme, separator = value.get("scheme", AUTO), value.get("separator")
            extra = set(value) - {"scheme", "separator"}
            if extra:
                problem("ids", column, f"unknown key(s) {', '.join(sorted(extra))} for id column '{column}' "
                                       "(scheme, separator)")
        if not isinstance(scheme, str) or (scheme != AUTO and not scheme_name(scheme)):
            problem("ids", column, f"id column '{column}': unknown scheme {scheme!r}; use \"auto\" (recognised "
                                   f"from the value) or one of {', '.join(SCHEMES)}")
            continue
        if separator is not None and (not isinstance(separator, str) or not separator):
            problem("ids", column, "separator must be a non-empty text")
            continue
        id_columns.append(IdColumn(column, AUTO if scheme == AUTO else str(scheme_name(scheme)),
                                   separator or separators.get(column) or separators.get("ids")))
    if "id" not in fields and "id" not in templates:
        problem("fields", None, "[fields] needs an id column (each row needs a stable id): id = \"column\"")
    if "kind" in fields and authority and authority not in ("Person", "Organization"):
        problem("fields", "kind", f"field 'kind' says whether a row is a person or an organisation: it does not "
                                  f"apply when record_kind = {record_kind!r}")
    if authority and not ({"name", "title"} & (set(fields) | set(templates))):
        problem("fields", None, f"record_kind = {record_kind!r}: [fields] needs a name column: name = \"column\"")
    if problems:
        raise MappingError(path, problems)
    institution = None
    if source.get("institution"):
        institution = Institution(str(source["institution"]), str(source.get("institution_name", source["institution"])),
                                  domain, licence)  # type: ignore[arg-type]
    return Mapping(
        source=source.get("name"), institution=institution, record_kind=record_kind, domain=domain, fields=fields,
        separators=separators, templates=templates, invert_names=invert,
        id_scheme=scheme_name(str(id_scheme)) if id_scheme else None, id_columns=tuple(id_columns), path=str(path),
        licence=licence,
    )


# ---- names in one cell -------------------------------------------------------------------------

_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|v|the elder|the younger|elder|younger|père|fils"
                     # a form of address after an inverted name ("Evans, Thomas M., Mrs.", NGA's way)
                     r"|mrs|mr|ms|miss|mme|mlle|dr|sir|dame|lady|lord|rev|prof)\.?$", re.I)
_PARTICLES = {"von", "van", "der", "den", "de", "da", "du", "di", "del", "della", "la", "le", "ten", "ter", "zu", "y"}


def split_names(text: str, separator: str) -> list[str]:
    """Several names in one cell, keeping "Surname, Forename" whole when the separator is a comma:
    "Aachen, Hans von, Hans von Aachen" -> ["Aachen, Hans von", "Hans von Aachen"].

    A piece that is only a surname (one word, or particles and one word: "van Gogh") takes the
    next piece as its forenames, or the next two when the first is a "Jr." ("Homer, Jr., Charles
    Savage"); a "Jr." / "the Elder" piece after forenames goes back to the name before it."""
    pieces = [p.strip() for p in text.split(separator) if p.strip()]
    if separator.strip() != ",":
        return pieces
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if _SUFFIX.match(piece) and out:
            out[-1] = f"{out[-1]}, {piece}"
            i += 1
            continue
        words = piece.split()
        surname_only = len(words) == 1 or all(w.lower() in _PARTICLES for w in words[:-1])
        if surname_only and i + 2 < len(pieces) and _SUFFIX.match(pieces[i + 1]):
            piece = f"{piece}, {pieces[i + 1]}, {pieces[i + 2]}"  # "Homer, Jr., Charles Savage" (NGA's order)
            i += 2
        elif surname_only and i + 1 < len(pieces) and not _SUFFIX.match(pieces[i + 1]):
            piece = f"{piece}, {pieces[i + 1]}"
            i += 1
        out.append(piece)
        i += 1
    return out
