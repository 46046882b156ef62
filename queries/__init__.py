"""The library of named Cypher queries: one `.cypher` file per query, read by the app, the CLI
and the tests.

Each file starts with a header:

    // name: shared_people
    // answers: people whom two or more institutions hold
    // params: $limit (int, default 50, example 20), $name (str, example Homer)

A query that the two engines cannot share has per-engine files next to the common one
(`NAME.neo4j.cypher`, `NAME.falkordb.cypher`); the engine's own file wins.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUERY_DIR = Path(__file__).resolve().parent
ENGINES = ("falkordb", "neo4j")
_PARAM = re.compile(r"\$(\w+)\s*(?:\(([^)]*)\))?")
_TYPES = {
    "int": int,
    "float": float,
    "str": str,
    "bool": lambda v: str(v).lower() in {"1", "true", "yes"},
    # A JSON list (["a", "b"]) or comma-separated values.
    "list": lambda v: json.loads(v) if v.strip().startswith("[") else [s.strip() for s in v.split(",") if s.strip()],
}


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "str"
    default: Any = None
    example: Any = None
    required: bool = False

    def convert(self, raw: Any) -> Any:
        if raw is None:
            return None
        if not isinstance(raw, str):
            return raw
        try:
            return _TYPES.get(self.type, str)(raw)
        except ValueError:
            raise QueryError(f"Parameter ${self.name} must be {self.type}, not '{raw}'.") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    answers: str
    params: tuple[Param, ...]
    texts: dict[str, str] = field(default_factory=dict)  # engine -> Cypher (header stripped)
    path: Path | None = None

    def text(self, engine: str) -> str:
        return self.texts.get(engine) or self.texts["common"]

    def bind(self, given: dict[str, Any], *, use_examples: bool = False) -> dict[str, Any]:
        """Parameters for a run: given values converted, defaults filled in, unknowns refused."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(
                f"Query '{self.name}' has no parameter {', '.join('$' + u for u in unknown)}; "
                f"it takes: {', '.join('$' + p for p in known) or 'none'}."
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = p.convert(given[p.name])
            elif use_examples and p.example is not None:
                bound[p.name] = p.convert(p.example)
            elif p.default is not None:
                bound[p.name] = p.convert(p.default)
            elif p.required:
                raise QueryError(f"Query '{self.name}' needs ${p.name} ({p.type}).")
            else:
                bound[p.name] = None
        return bound

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.answers,
            "parameters": [
                {"name": p.name, "type": p.type, "default": p.default, "example": p.example, "required": p.required}
                for p in self.params
            ],
            "engines": sorted(self.texts),
        }


def parse_header(text: str, path: Path | None = None) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        match = re.match(r"//\s*(name|answers|params):\s*(.*)", stripped) if in_header else None
        if match:
            header[match.group(1)] = match.group(2).strip()
            continue
        if in_header and (stripped.startswith("//") or not stripped):
            continue
        in_header = False
        body.append(line)
    if "name" not in header or "answers" not in header:
        raise QueryError(f"{path or 'query'}: the header must give '// name:' and '// answers:'.")
    return header, "\n".join(body).strip() + "\n"


def parse_params(spec: str) -> tuple[Param, ...]:
    params = []
    for match in _PARAM.finditer(spec or ""):
        options: dict[str, str] = {}
        kind = "str"
        for part in (match.group(2) or "").split(","):
            part = part.strip()
            if not part:
                continue
            if " " in part:
                key, _, value = part.partition(" ")
                options[key.strip()] = value.strip()
            elif part == "required":
                options["required"] = "1"
            else:
                kind = part
        params.append(Param(match.group(1), kind, options.get("default"), options.get("example"), "required" in options))
    return tuple(params)


def body_params(cypher: str) -> set[str]:
    """The $parameters a Cypher text uses (string literals and comments ignored)."""
    without_strings = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", cypher)
    without_comments = re.sub(r"//[^\n]*", "", without_strings)
    return set(re.findall(r"\$(\w+)", without_comments))


def load_all(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    files: dict[str, dict[str, Path]] = {}
    for path in sorted(directory.glob("*.cypher")):
        parts = path.name[: -len(".cypher")].split(".")
        engine = parts[1] if len(parts) == 2 and parts[1] in ENGINES else "common"
        files.setdefault(parts[0], {})[engine] = path
    queries: dict[str, NamedQuery] = {}
    for stem, variants in files.items():
        texts: dict[str, str] = {}
        header: dict[str, str] = {}
        for engine, path in variants.items():
            header_here, body = parse_header(path.read_text(encoding="utf-8"), path)
            if engine == "common" or not header:
                header = header_here
            texts[engine] = body
        if header["name"] != stem:
            raise QueryError(f"{variants}: header name '{header['name']}' differs from the file name '{stem}'.")
        if "common" not in texts and not all(e in texts for e in ENGINES):
            raise QueryError(f"Query '{stem}' needs a common file or one file per engine ({', '.join(ENGINES)}).")
        queries[stem] = NamedQuery(stem, header["answers"], parse_params(header.get("params", "")), texts,
                                   variants.get("common") or next(iter(variants.values())))
    return queries


def get(name: str) -> NamedQuery:
    queries = load_all()
    if name not in queries:
        raise QueryError(f"No query named '{name}'. Known queries: {', '.join(sorted(queries))}.")
    return queries[name]
