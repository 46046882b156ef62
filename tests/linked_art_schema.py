"""The official Linked Art API 1.0 JSON Schemas (Draft 2020-12), `$ref`s resolved from the local copy.

The schemas are not ours: `GLAMGRAPH_STANDARDS_DIR` (default: `standards/` beside the sample
folder) holds `linked-art-api-1.0/schema/*.json` as published by linked.art. Used by the tests,
and runnable to print the validation counts of an export:

    python -m tests.linked_art_schema export.jsonl

Every document is checked by jsonschema-rs (Rust; the demo export's 96,000 documents in a quarter of a
second, where the pure-Python reference took 87 s on two cores), and the reasons a document fails are
the reference's (python-jsonschema) messages. tests/test_linked_art.py checks that the two agree.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import settings

# Document class -> the schema of its endpoint.
SCHEMA_OF_TYPE = {
    "HumanMadeObject": "object", "LinguisticObject": "text", "Activity": "event", "Event": "event", "Period": "event",
    "VisualItem": "image", "DigitalObject": "digital", "Person": "person", "Group": "group", "Place": "place",
    "Type": "concept", "Material": "concept", "Language": "concept", "Set": "set",
}


def schema_dir() -> Path:
    found = os.environ.get("GLAMGRAPH_STANDARDS_DIR")
    root = Path(found) if found else settings.sample_dir().parent / "standards"
    return root / "linked-art-api-1.0" / "schema"


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    """Every schema of the folder by its `$id`."""
    found = {}
    for path in sorted(schema_dir().glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        found[schema["$id"]] = schema
    return found


def _endpoint_schema(doc_type: str) -> dict[str, Any]:
    return json.loads((schema_dir() / f"{SCHEMA_OF_TYPE[doc_type]}.json").read_text(encoding="utf-8"))


@cache
def validator(doc_type: str) -> Draft202012Validator:
    """The reference (python-jsonschema) validator of the endpoint schema for a document class (KeyError: no schema)."""
    schema = _endpoint_schema(doc_type)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry())


@cache
def _registry() -> Registry:
    return Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in _schemas().items())


@cache
def fast_validator(doc_type: str) -> jsonschema_rs.Draft202012Validator:
    """The same schema compiled by jsonschema-rs: `$ref`s from the local copies, never fetched."""
    registry = jsonschema_rs.Registry(list(_schemas().items()))
    return jsonschema_rs.Draft202012Validator(_endpoint_schema(doc_type), registry=registry, offline=True)


def problems(doc: dict[str, Any]) -> list[str]:
    """Why a document does not validate (empty: it does), in the reference implementation's words."""
    if doc.get("type") not in SCHEMA_OF_TYPE:
        return [f"no Linked Art schema for type {doc.get('type')!r}"]
    if fast_validator(doc["type"]).is_valid(doc):
        return []
    found = [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message[:300]}"
             for e in validator(doc["type"]).iter_errors(doc)]
    return found or ["jsonschema-rs finds it invalid, python-jsonschema finds no error"]


def count(docs: Any) -> tuple[Counter[str], Counter[str], dict[str, list[str]]]:
    """(valid per type, invalid per type, first problems of one invalid document per type)."""
    valid: Counter[str] = Counter()
    invalid: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    docs = list(docs)
    for doc, found in zip(docs, map(problems, docs), strict=True):
        if found:
            invalid[doc.get("type", "?")] += 1
            examples.setdefault(doc.get("type", "?"), [doc.get("id", "?"), *found[:3]])
        else:
            valid[doc["type"]] += 1
    return valid, invalid, examples


def main(path: str) -> int:
    with open(path, encoding="utf-8") as lines:
        valid, invalid, examples = count(json.loads(line) for line in lines if line.strip())
    print(f"{'type':<18} {'documents':>9} {'valid':>9} {'invalid':>8}  schema")
    for doc_type in sorted(set(valid) | set(invalid)):
        total = valid[doc_type] + invalid[doc_type]
        print(f"{doc_type:<18} {total:>9,} {valid[doc_type]:>9,} {invalid[doc_type]:>8,}  "
              f"{SCHEMA_OF_TYPE.get(doc_type, '-')}.json")
    print(f"{'all':<18} {sum(valid.values()) + sum(invalid.values()):>9,} {sum(valid.values()):>9,} "
          f"{sum(invalid.values()):>8,}")
    for doc_type, example in examples.items():
        print(f"invalid {doc_type}: " + "\n  ".join(example))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
