"""The official Linked Art API 1.0 JSON Schemas (Draft 2020-12), `$ref`s resolved from the local copy.

The schemas are not ours: `GLAMGRAPH_STANDARDS_DIR` (default: `standards/` beside the sample
folder) holds `linked-art-api-1.0/schema/*.json` as published by linked.art. Used by the tests,
and runnable to print the validation counts of an export:

    python -m tests.linked_art_schema export.jsonl
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

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
def _registry() -> Registry:
    resources = []
    for path in sorted(schema_dir().glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@cache
def validator(doc_type: str) -> Draft202012Validator:
    """The compiled validator of the endpoint schema for a document class (KeyError: no schema)."""
    schema = json.loads((schema_dir() / f"{SCHEMA_OF_TYPE[doc_type]}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry())


def problems(doc: dict[str, Any]) -> list[str]:
    """Why a document does not validate (empty: it does)."""
    check = validator(doc.get("type", "?")) if doc.get("type") in SCHEMA_OF_TYPE else None
    if check is None:
        return [f"no Linked Art schema for type {doc.get('type')!r}"]
    if check.is_valid(doc):
        return []
    return [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message[:300]}" for e in check.iter_errors(doc)]


_FORKED_DOCS: list[dict[str, Any]] = []  # the documents a forked worker reads (shared, not sent)


def _problems_of(span: tuple[int, int]) -> list[list[str]]:
    return [problems(doc) for doc in _FORKED_DOCS[span[0]:span[1]]]


def _default_sigterm() -> None:
    """A pool worker's start: the test process turns SIGTERM into SystemExit (an open embedded graph
    closes on it: graph.store.falkordb_store), and a forked worker inherits that. `Pool.terminate`
    (the end of its `with`) sends SIGTERM; raised as SystemExit at an arbitrary point, a worker once
    lived on waiting for the queue's lock the pool holds while it ends, and the suite hung there."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _all_problems(docs: list[dict[str, Any]]) -> Iterator[list[str]]:
    """problems() of each document in order; on every core where the platform forks (jsonschema is
    pure Python: 26,000 documents of the demo export take minutes on one)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2 or len(docs) < 2000 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(problems, docs)
        return
    _FORKED_DOCS[:] = docs
    try:
        with multiprocessing.get_context("fork").Pool(cores, initializer=_default_sigterm) as pool:
            for found in pool.imap(_problems_of, [(i, i + 500) for i in range(0, len(docs), 500)]):
                yield from found
    finally:
        _FORKED_DOCS.clear()


def count(docs: Any) -> tuple[Counter[str], Counter[str], dict[str, list[str]]]:
    """(valid per type, invalid per type, first problems of one invalid document per type)."""
    valid: Counter[str] = Counter()
    invalid: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    docs = list(docs)
    for doc, found in zip(docs, _all_problems(docs), strict=True):
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
