"""Turn what a person types into a safe full-text query for each engine.

FalkorDB's full-text index (RediSearch syntax) and Neo4j's (Lucene syntax) both give meaning to
characters such as - : @ ( ) " *; a stray one is a syntax error or a different query. We keep
words only, require all of them, and let the last one match as a prefix ("winslow hom" finds
Winslow Homer). The result is still passed as a parameter, never into Cypher text.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
# Words the engines' analysers drop anyway; searching for them alone finds nothing.
_MIN_PREFIX = 2


def fulltext_query(text: str, engine: str) -> str:
    """The engine's full-text query for `text` ('' when there is nothing to search for)."""
    words = _WORD.findall(text or "")[:12]
    if not words:
        return ""
    *head, last = words
    last_term = f"{last}*" if len(last) >= _MIN_PREFIX else last
    terms = [*head, last_term]
    if engine == "neo4j":
        return " AND ".join(terms)
    return " ".join(terms)  # RediSearch: space means AND
