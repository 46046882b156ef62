"""Comparison keys for place and theme labels across vocabularies.

Themes: "Portraits" (LCSH), "portrait" (NGA keyword) and "Art, Modern" / "Modern art" meet
on the sorted, singular words of the label. Places: "Paris" and "Paris (France)" / "Paris,
France" meet on the name; a qualifier ("Paris, Texas") keeps apart places that share a name
(see `place_groups`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from ingest.normalise import fold

_QUALIFIER = re.compile(r"^(?P<name>[^(,]+?)\s*(?:\((?P<paren>[^)]*)\)|,(?P<comma>.*))?$")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def theme_key(label: str) -> str:
    words = sorted(_singular(w) for w in fold(label).split())
    return " ".join(words)


def place_parts(label: str) -> tuple[str, str]:
    """(name, qualifier) of a place label, both folded: "Paris, Texas" -> ("paris", "texas")."""
    match = _QUALIFIER.match(label.strip())
    if not match:
        return fold(label), ""
    qualifier = match.group("paren") or match.group("comma") or ""
    return fold(match.group("name")), fold(qualifier)


def place_groups(labels: dict[str, str]) -> list[list[str]]:
    """Alias keys of places that are one place: same name, and the same qualifier, or no
    qualifier where the name has only one qualifier in the data."""
    by_name: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, label in labels.items():
        name, qualifier = place_parts(label)
        if name:
            by_name[name][qualifier].append(key)
    groups: list[list[str]] = []
    for qualifiers in by_name.values():
        named = [q for q in qualifiers if q]
        if len(named) <= 1:
            groups.append(sorted(k for keys in qualifiers.values() for k in keys))
        else:
            groups.extend(sorted(keys) for keys in qualifiers.values())
    return groups
