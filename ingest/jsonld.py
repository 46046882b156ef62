"""JSON-LD contexts come from the copies shipped with glamgraph, never from where a file points.

rdflib fetches every `@context` URL it meets, at any nesting level (a node's own context, a
term's scoped context, an `@import` inside a context), from the network or from a `file:` path.
`localise_contexts` walks a whole document before rdflib sees it: a known context URL is
replaced by the local copy, an inline context is checked term by term, and anything else
(another URL, a `file:` or relative path, an `@import` of one) refuses the document with the
reason. rdflib is then given a document that names nothing outside itself.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
# Context URL -> the local file holding the same context.
KNOWN_CONTEXTS = {
    "https://linked.art/ns/v1/linked-art.json": "linked-art.json",
}


class ContextRefused(ValueError):
    """A document names a context that is not shipped with glamgraph."""


@cache
def known_context(url: str) -> dict[str, Any]:
    """The local copy of a known context (its `@context` object)."""
    return json.loads((CONTEXTS_DIR / KNOWN_CONTEXTS[url]).read_text(encoding="utf-8"))["@context"]


def _refuse(what: str, value: Any) -> ContextRefused:
    shown = value if isinstance(value, str) else type(value).__name__
    return ContextRefused(
        f"refused: {what} {str(shown)[:200]!r} is not a context shipped with glamgraph "
        f"(known: {', '.join(KNOWN_CONTEXTS)}); contexts are never fetched from the network or read from files"
    )


def _context(value: Any) -> Any:
    """One `@context` value with every URL replaced by its local copy."""
    if value is None:
        return None
    if isinstance(value, str):
        if value in KNOWN_CONTEXTS:
            return known_context(value)
        raise _refuse("@context", value)
    if isinstance(value, list):
        return [_context(item) for item in value]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        imported = value.get("@import")
        if imported is not None:
            if not isinstance(imported, str) or imported not in KNOWN_CONTEXTS:
                raise _refuse("@import", imported)
            out.update(known_context(imported))
        for key, item in value.items():
            if key == "@import":
                continue
            # A term definition may hold its own (scoped) @context: walk it too.
            out[key] = localise_contexts(item) if isinstance(item, dict | list) else item
        return out
    raise _refuse("@context", value)


def localise_contexts(value: Any) -> Any:
    """A copy of a JSON-LD value in which every `@context`, at any depth, is local.

    Raises ContextRefused (a ValueError) for a context that is not known. Walks without
    recursion limits of its own: callers pass documents already checked for depth
    (`ingest.jsonutil.MAX_JSON_DEPTH`).
    """
    if isinstance(value, list):
        return [localise_contexts(item) for item in value]
    if isinstance(value, dict):
        return {key: _context(item) if key == "@context" else localise_contexts(item) for key, item in value.items()}
    return value
