"""Bulk export for `neo4j-admin database import full`: node and relationship CSVs with header files.

Layout of the output folder (every data file has its own header file, so headers can be
written last, once the property types are known):

    nodes/<Label>.header.csv, nodes/<Label>.csv           one id space per label: id:ID(Record)
    relationships/<TYPE>.<Start>.<End>.header.csv, ...csv  :START_ID(Record),:END_ID(Person),:TYPE
    import.sh       the neo4j-admin command (run it on the Neo4j host, database stopped/absent)
    schema.cypher   constraints and indexes to run once the database is up
    manifest.json   counts per file, to check an import against

Header syntax follows the Neo4j operations manual ("Import header format"): `name:type`
with `ID(group)`, `LABEL`, `START_ID(group)`, `END_ID(group)`, `TYPE`, and property types
`int`, `long`, `double`, `boolean`, `string`, with `[]` for arrays. Array elements and multiple
labels are joined with ARRAY_DELIMITER (U+001F, the ASCII unit separator: catalogue names
contain both `;` and `|`); `import.sh` passes it as `--array-delimiter=U+001F`.
"""

from __future__ import annotations

import csv
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph import model
from graph.store import GraphStore
from graph.store.neo4j_store import constraint_statements, index_statements
from graph.store.paging import NODE_LABELS, node_pages, relationship_pages

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_ARG = "U+001F"
_INT32 = range(-(2**31), 2**31)


@dataclass
class AdminExport:
    directory: Path
    nodes: dict[str, int] = field(default_factory=dict)  # file stem -> rows
    relationships: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    replaced_delimiters: int = 0  # array elements that contained the delimiter (it became a space)

    @property
    def node_count(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(self.relationships.values())


class _Part:
    """One data CSV and its header: columns fixed up front, property types learned while writing."""

    def __init__(self, data: Path, fixed: list[str], properties: list[str]) -> None:
        self.data = data
        self.header = data.with_name(data.name[: -len(".csv")] + ".header.csv")
        self.fixed = fixed
        self.properties = properties
        self.kinds: dict[str, set[str]] = {p: set() for p in properties}
        self.arrays: set[str] = set()
        self.rows = 0
        self.replaced = 0
        self._file: TextIO = data.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)

    def write(self, fixed_values: list[str], props: dict[str, Any]) -> None:
        self._writer.writerow(fixed_values + [self._cell(p, props.get(p)) for p in self.properties])
        self.rows += 1

    def _cell(self, name: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            self.arrays.add(name)
            return ARRAY_DELIMITER.join(self._scalar(name, v) for v in value if v is not None)
        return self._scalar(name, value)

    def _scalar(self, name: str, value: Any) -> str:
        if isinstance(value, bool):
            self.kinds[name].add("boolean")
            return "true" if value else "false"
        if isinstance(value, int):
            self.kinds[name].add("int" if value in _INT32 else "long")
            return str(value)
        if isinstance(value, float):
            self.kinds[name].add("double")
            return repr(value)
        if isinstance(value, dict):  # neither engine stores maps as properties; keep it readable
            value = json.dumps(value, ensure_ascii=False)
        self.kinds[name].add("string")
        text = str(value)
        if ARRAY_DELIMITER in text:
            self.replaced += 1
            text = text.replace(ARRAY_DELIMITER, " ")
        return text

    def property_type(self, name: str) -> str:
        kinds = self.kinds[name]
        if not kinds or "string" in kinds or ("boolean" in kinds and len(kinds) > 1):
            base = "string"
        elif kinds == {"boolean"}:
            base = "boolean"
        elif "double" in kinds:
            base = "double"
        elif "long" in kinds:
            base = "long"
        else:
            base = "int"
        return base + ("[]" if name in self.arrays else "")

    def close(self) -> None:
        self._file.close()
        with self.header.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerow(self.fixed + [f"{p}:{self.property_type(p)}" for p in self.properties])


def _property_keys(store: GraphStore, cypher: str) -> list[str]:
    return sorted({row[0] for row in store.query(cypher).rows if row[0] is not None})


def export(store: GraphStore, directory: Path, page: int = 5000) -> AdminExport:
    """Write the whole graph as neo4j-admin import files into `directory`."""
    started = time.perf_counter()
    result = AdminExport(directory)
    (directory / "nodes").mkdir(parents=True, exist_ok=True)
    (directory / "relationships").mkdir(parents=True, exist_ok=True)
    parts: list[_Part] = []

    for label in NODE_LABELS:
        key = model.NODE_KEYS[label]
        props = [k for k in _property_keys(store, f"MATCH (n:{label}) UNWIND keys(n) AS k RETURN DISTINCT k")
                 if k != key]
        part = _Part(directory / "nodes" / f"{label}.csv", [f"{key}:ID({label})", ":LABEL"], props)
        parts.append(part)
        for rows in node_pages(store, label, page):
            for row in rows:
                node = row["props"]
                part.write([node[key], ARRAY_DELIMITER.join(sorted(row["labels"]))], node)
        part.close()
        result.nodes[label] = part.rows

    for label in NODE_LABELS:
        keys_by_type = {
            row[0]: sorted(k for k in row[1] if k is not None)
            for row in store.query(
                f"MATCH (n:{label})-[x]->() UNWIND keys(x) + [null] AS k RETURN type(x) AS t, collect(DISTINCT k) AS ks"
            ).rows
        }
        if not keys_by_type:
            continue
        rel_parts: dict[tuple[str, str], _Part] = {}
        for rows in relationship_pages(store, label, page):
            for row in rows:
                group = (row["type"], row["end_label"])
                part = rel_parts.get(group)
                if part is None:
                    part = _Part(directory / "relationships" / f"{row['type']}.{label}.{row['end_label']}.csv",
                                 [f":START_ID({label})", f":END_ID({row['end_label']})", ":TYPE"],
                                 keys_by_type.get(row["type"], []))
                    rel_parts[group] = part
                part.write([row["start"], row["end"], row["type"]], row["props"])
        for (rel_type, end_label), part in sorted(rel_parts.items()):
            part.close()
            parts.append(part)
            result.relationships[f"{rel_type}.{label}.{end_label}"] = part.rows

    _write_command(directory)
    (directory / "schema.cypher").write_text(
        "".join(s + ";\n" for s in constraint_statements() + index_statements()), encoding="utf-8"
    )
    result.replaced_delimiters = sum(p.replaced for p in parts)
    result.seconds = time.perf_counter() - started
    (directory / "manifest.json").write_text(json.dumps({
        "nodes": result.nodes, "relationships": result.relationships,
        "array_delimiter": ARRAY_DELIMITER_ARG, "replaced_delimiters": result.replaced_delimiters,
    }, indent=2), encoding="utf-8")
    result.bytes = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    return result


def command_arguments(directory: Path) -> list[str]:
    """The `--nodes=` / `--relationships=` arguments for the files in `directory` (relative paths)."""
    args = []
    for kind, flag in (("nodes", "--nodes"), ("relationships", "--relationships")):
        for header in sorted((directory / kind).glob("*.header.csv")):
            data = header.with_name(header.name.replace(".header.csv", ".csv"))
            args.append(f"{flag}={kind}/{header.name},{kind}/{data.name}")
    return args


def _write_command(directory: Path) -> None:
    lines = [
        "#!/bin/sh",
        "# Bulk-load this export into a NEW Neo4j 5 database (neo4j-admin needs it stopped or absent).",
        "# Usage: sh import.sh [database]   then start Neo4j (for a new name: CREATE DATABASE name)",
        "# and run schema.cypher, e.g. cypher-shell -d neo4j -f schema.cypher",
        "set -e",
        'cd "$(dirname "$0")"',
        "neo4j-admin database import full \\",
        f"  --id-type=string --array-delimiter={ARRAY_DELIMITER_ARG} --multiline-fields=true \\",
        *[f"  {arg} \\" for arg in command_arguments(directory)],
        '  "${1:-neo4j}"',
    ]
    script = directory / "import.sh"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script.chmod(0o755)
