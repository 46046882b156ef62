"""JSON documents with every file accounted for: one bad file is a Rejected, not a crash."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ingest.model import Institution, Rejected
from ingest.normalise import fold

# A catalogue JSON document is small; a limit still guards against a runaway file.
MAX_JSON_BYTES = 64 * 1024 * 1024


def load_json(path: Path) -> Any:
    """Parse one JSON file; raises ValueError with a reason a person can act on."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise ValueError(f"file is {size:,} bytes, over the {MAX_JSON_BYTES:,}-byte limit for one JSON document")
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def json_files(path: Path, pattern: str = "*.json") -> list[Path]:
    """The JSON files of a file or folder (recursively), in a stable order."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob(pattern) if p.is_file() and not p.name.startswith("."))


def documents(path: Path, pattern: str = "*.json") -> Iterator[tuple[Path, Any] | Rejected]:
    """(file, parsed document) for each JSON file, or a Rejected for one that cannot be parsed."""
    for file in json_files(path, pattern):
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
        try:
            if not isinstance(data, dict):
                raise ValueError("the top level is not a JSON object")
            yield mapper(data, str(file), position)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            yield Rejected(str(file), position, None, f"{what} could not be read: {exc}")


def json_lines(path: Path) -> Iterator[tuple[int, Any] | Rejected]:
    """(line number, object) for each non-empty line of a JSON Lines file."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                yield Rejected(str(path), number, None, f"not UTF-8: {exc}")
            except json.JSONDecodeError as exc:
                yield Rejected(str(path), number, None, f"not valid JSON at column {exc.colno}: {exc.msg}")


def slug(name: str, length: int = 60) -> str:
    """A readable id fragment from a name: "Muzeul Național Tehnic" -> "muzeul-national-tehnic"."""
    return re.sub(r"\s+", "-", fold(name))[:length].strip("-") or "unnamed"


def institution_from_name(name: str, kind: str = "museum") -> Institution:
    return Institution(slug(name), name, kind)  # type: ignore[arg-type]
