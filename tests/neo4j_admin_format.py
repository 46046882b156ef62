"""A checker for `neo4j-admin database import` CSV files, written from the Neo4j operations
manual's "Import header format" page (not from our exporter):

- each header field is `<name>:<field_type>`; a field without a type is a string property;
- node files have exactly one `:ID` field (optionally `:ID(<id space>)`), optional `:LABEL`;
- relationship files have exactly one `:START_ID` and one `:END_ID` (each optionally with an
  id space) and `:TYPE` (or a type given on the command line), and no `:ID` / `:LABEL`;
- property types: int, long, float, double, boolean, byte, short, char, string, point, date,
  localtime, time, localdatetime, datetime, duration, each optionally an array (`[]`), whose
  elements are separated by the array delimiter (also between several labels in `:LABEL`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SPECIAL = {"ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"}
PROPERTY_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
                  "localtime", "time", "localdatetime", "datetime", "duration"}
_FIELD = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?P<array>\[\])?(?:\((?P<group>[^()]+)\))?)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")


class FormatError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a SPECIAL name or a property type
    array: bool = False
    group: str | None = None


def parse_header(path: Path) -> list[Field]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if len(rows) != 1:
        raise FormatError(f"{path}: a header file holds exactly one row, found {len(rows)}")
    fields = []
    for raw in rows[0]:
        match = _FIELD.match(raw)
        if not match:
            raise FormatError(f"{path}: '{raw}' is not <name>:<field_type>")
        kind = match.group("type") or "string"
        if kind not in SPECIAL and kind not in PROPERTY_TYPES:
            raise FormatError(f"{path}: unknown field type '{kind}' in '{raw}'")
        if match.group("group") and kind not in ("ID", "START_ID", "END_ID"):
            raise FormatError(f"{path}: only ID, START_ID and END_ID take an id space: '{raw}'")
        if match.group("array") and kind in SPECIAL:
            raise FormatError(f"{path}: '{raw}': {kind} cannot be an array")
        if kind in PROPERTY_TYPES and not match.group("name"):
            raise FormatError(f"{path}: property field '{raw}' has no name")
        fields.append(Field(match.group("name"), kind, bool(match.group("array")), match.group("group")))
    return fields


def check_role(path: Path, fields: list[Field], role: str) -> None:
    kinds = [f.type for f in fields]
    if role == "nodes":
        if kinds.count("ID") != 1:
            raise FormatError(f"{path}: a node header needs exactly one :ID field")
        if any(k in kinds for k in ("START_ID", "END_ID", "TYPE")):
            raise FormatError(f"{path}: a node header cannot have START_ID, END_ID or TYPE")
    else:
        if kinds.count("START_ID") != 1 or kinds.count("END_ID") != 1:
            raise FormatError(f"{path}: a relationship header needs one :START_ID and one :END_ID")
        if "ID" in kinds or "LABEL" in kinds:
            raise FormatError(f"{path}: a relationship header cannot have :ID or :LABEL")
        if kinds.count("TYPE") != 1:
            raise FormatError(f"{path}: no :TYPE field (and none given on the command line)")


def _check_value(path: Path, line: int, field: Field, value: str, delimiter: str) -> None:
    values = value.split(delimiter) if field.array or field.type == "LABEL" else [value]
    for v in values:
        if field.type in ("int", "long", "short", "byte") and not _INTEGER.match(v):
            raise FormatError(f"{path}:{line}: {field.name} is {field.type}, got '{v}'")
        if field.type in ("float", "double"):
            try:
                float(v)
            except ValueError:
                raise FormatError(f"{path}:{line}: {field.name} is {field.type}, got '{v}'") from None
        if field.type == "boolean" and v not in ("true", "false"):
            raise FormatError(f"{path}:{line}: {field.name} is boolean, got '{v}'")
        if field.type == "LABEL" and not v:
            raise FormatError(f"{path}:{line}: empty label")


def rows(path: Path, fields: list[Field], delimiter: str) -> Iterator[dict[str, str]]:
    """Data rows as {field header text: value}, each checked against the header's types."""
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.reader(f), start=1):
            if len(row) != len(fields):
                raise FormatError(f"{path}:{line}: {len(row)} values for {len(fields)} header fields")
            out = {}
            for field, value in zip(fields, row, strict=True):
                if value != "":
                    _check_value(path, line, field, value, delimiter)
                out[f"{field.name}:{field.type}"] = value
            yield out
