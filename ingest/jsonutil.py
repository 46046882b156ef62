"""JSON documents with every file accounted for: one bad file is a Rejected, not a crash."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ingest.guard import describe, not_regular
from ingest.model import Institution, Rejected
from ingest.normalise import fold

# A catalogue JSON document is small; a limit still guards against a runaway file.
MAX_JSON_BYTES = 64 * 1024 * 1024
# Real records nest a dozen levels (Linked Art ~15); deeper is refused before any reader walks it
# (Python's own parser stops near 1,000 levels with a RecursionError).
MAX_JSON_DEPTH = 100


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays and objects nest deeper than `limit` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def json_id(value: Any) -> str | None:
    """An identifier read from JSON: a non-empty string or a whole number, else None (null, an
    object, a list, true/false would become ids like "artwork:None" shared by every such record)."""
    if isinstance(value, str):
        return value.strip() or None
    if type(value) is int:
        return str(value)
    return None


def json_text(value: Any, what: str) -> str | None:
    """A text read from JSON, stripped (empty or null: None; a number: its digits). Raises
    ValueError naming `what` for an object, a list or true/false: no text can stand in for them."""
    if value is None or isinstance(value, str):
        return (value or "").strip() or None
    if type(value) in (int, float):
        return str(value)
    kind = "an object" if isinstance(value, dict) else "a list" if isinstance(value, list) else "true/false"
    raise ValueError(f"{what} is {kind}, not text")


def parse_json(text: str | bytes) -> Any:
    """json.loads with the nesting limit; ValueError (JSONDecodeError) says what is wrong."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(f"nested too deeply to parse (more than {MAX_JSON_DEPTH} levels)") from None
    if too_deep(value):
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    return value


def load_json(path: Path) -> Any:
    """Parse one JSON file; raises ValueError with a reason a person can act on."""
    problem = not_regular(path)
    if problem:
        raise ValueError(problem)
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise ValueError(f"file is {size:,} bytes, over the {MAX_JSON_BYTES:,}-byte limit for one JSON document")
    try:
        return parse_json(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except MemoryError:
        raise ValueError("too big to hold in memory") from None


def json_rows(data: Any) -> list[Any]:
    """The rows of a JSON file read through a mapping: a list's items, a SPARQL query's result rows
    (the W3C results format a Wikidata or museum SPARQL endpoint downloads: `{"head": ..., "results":
    {"bindings": [{"item": {"type": "uri", "value": ...}}]}}`, each row its variables' values), else
    the one object."""
    if isinstance(data, list):
        return data
    results = data.get("results") if isinstance(data, dict) and isinstance(data.get("head"), dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if isinstance(bindings, list):
        return [{var: cell.get("value") for var, cell in row.items() if isinstance(cell, dict)}
                if isinstance(row, dict) else row for row in bindings]
    return [data]


def json_files(path: Path, pattern: str = "*.json") -> list[Path]:
    """The JSON files of a file or folder (recursively), in a stable order; symlinks, FIFOs and
    devices inside a folder are left out (see ingest.registry.expand)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob(pattern) if p.is_file() and not p.is_symlink() and not p.name.startswith("."))


# Set by the pipeline while it reads a folder: file -> True when the file is known unchanged since
# it was last read and its records are accounted for without parsing (graph.unchanged).
unchanged_file: ContextVar[Callable[..., bool] | None] = ContextVar("unchanged_file", default=None)
SKIPPED = object()  # the document of a file `unchanged_file` let pass unparsed


def unchanged(path: Path, *depends: Path) -> bool:
    """True when the pipeline knows `path` unchanged since its records were last read: a reader
    then yields nothing for it (its records are accounted for). A reader may only ask this for a
    file whose records depend on that file alone, or on it and the files in `depends` (their
    bytes are then part of what must be unchanged)."""
    gate = unchanged_file.get()
    return gate is not None and gate(path, *depends)


def documents(path: Path, pattern: str = "*.json") -> Iterator[tuple[Path, Any] | Rejected]:
    """(file, parsed document) for each JSON file, or a Rejected for one that cannot be parsed;
    (file, SKIPPED) for a file the pipeline knows unchanged."""
    for file in json_files(path, pattern):
        if unchanged(file):
            yield file, SKIPPED
            continue
        try:
            yield file, load_json(file)
        except (OSError, ValueError) as exc:
            yield Rejected(str(file), 1, None, str(exc))


def map_documents(
    path: Path, mapper: Callable[[dict[str, Any], str, int], Any], what: str
) -> Iterator[Any]:
    """Map every JSON document under `path` with `mapper(data, file, position)`; a document that
    cannot be read or mapped becomes a Rejected naming the file, its position and the reason."""
    for position, item in enumerate(documents(path), start=1):
        if isinstance(item, Rejected):
            yield item
            continue
        file, data = item
        if data is SKIPPED:
            continue
        try:
            if not isinstance(data, dict):
                raise ValueError("the top level is not a JSON object")
            yield mapper(data, str(file), position)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            yield Rejected(str(file), position, None, f"{what} could not be read: {describe(exc)}")


def json_lines(path: Path) -> Iterator[tuple[int, Any] | Rejected]:
    """(line number, object) for each non-empty line of a JSON Lines file."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, parse_json(raw.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                yield Rejected(str(path), number, None, f"not UTF-8: {exc}")
            except json.JSONDecodeError as exc:
                yield Rejected(str(path), number, None, f"not valid JSON at column {exc.colno}: {exc.msg}")
            except ValueError as exc:
                yield Rejected(str(path), number, None, str(exc))


def slug(name: str, length: int = 60) -> str:
    """A readable id fragment from a name: "Muzeul Național Tehnic" -> "muzeul-national-tehnic"."""
    return re.sub(r"\s+", "-", fold(name))[:length].strip("-") or "unnamed"


def institution_from_name(name: str, kind: str = "museum") -> Institution:
    return Institution(slug(name), name, kind)  # type: ignore[arg-type]
