"""Turn what a person types into a safe full-text query for each engine.

FalkorDB's full-text index (RediSearch syntax) and Neo4j's (Lucene syntax) both give meaning to
characters such as - : @ ( ) " *; a stray one is a syntax error or a different query. We keep
words only, require all of them, and let the last one match as a prefix ("winslow hom" finds
Winslow Homer). The result is still passed as a parameter, never into Cypher text.

The engines' text scores rank "Parish" and "Paris" alike; `rank_hits` puts what a person
meant first: the name typed exactly, then the entity more institutions and records share.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

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


# How a hit's name meets the words typed, best first (the first key of the ranking).
EXACT, OTHER_NAME, PREFIX, WORDS = range(4)
_HEAD = re.compile(r"\s*[(,;:]")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_WORD.findall(plain))


def match_class(typed: str, name: str, other_names: list[str] | None = None) -> int:
    """EXACT: the name is what was typed (case, accents and punctuation aside); OTHER_NAME:
    another of its names is, or the name before its qualifier ("Paris (France)", "Paris,
    France"); PREFIX: the name starts with the typed words; WORDS: the words are somewhere."""
    want = _fold(typed)
    if not want:
        return WORDS
    if _fold(name) == want:
        return EXACT
    for other in [name, *(other_names or [])]:
        if _fold(other) == want or _fold(_HEAD.split(other or "", maxsplit=1)[0]) == want:
            return OTHER_NAME
    if _fold(name).startswith(want):
        return PREFIX
    return WORDS


def rank_hits(typed: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search hits best first: how the name meets the words (exact, another name, prefix,
    elsewhere), then how many institutions hold the entity, then how many records name it,
    then the engine's text score. Each hit gets its `match` class."""
    for hit in hits:
        hit["match"] = match_class(typed, str(hit.get("name") or ""), list(hit.get("names") or []))
    return sorted(hits, key=lambda h: (h["match"], -len(h.get("institutions") or []), -int(h.get("records") or 0),
                                       -float(h.get("score") or 0.0), str(h.get("name") or ""), str(h.get("id"))))


def facets(hits: list[dict[str, Any]], type_: str | None, institution: str | None) -> tuple[Counter, Counter]:
    """Counts per type (over the hits of the chosen institution) and per institution (over the
    hits of the chosen type), so each filter shows what choosing a value would leave."""
    by_type: Counter = Counter()
    by_institution: Counter = Counter()
    for hit in hits:
        held = hit.get("institutions") or []
        if institution is None or institution in held:
            by_type[hit["type"]] += 1
        if type_ is None or hit["type"] == type_:
            by_institution.update(set(held))
    return by_type, by_institution
