"""Comparison keys for place and theme labels across vocabularies.

Themes: "Portraits" (LCSH), "portrait" (NGA keyword) and "Art, Modern" / "Modern art" meet
on the sorted, singular words of the label. Places: "Paris" and "Paris (France)" / "Paris,
France" meet on the name; a qualifier ("Paris, Texas") keeps apart places that share a name
(see `place_groups`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz.distance import JaroWinkler

from ingest.normalise import LC_STATE_ABBREVIATIONS, STATE_AFTER_NAME, US_STATES, fold

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


def _split_label(label: str) -> tuple[str, str]:
    """(name, qualifier) as written: "Nice (Alpes-Maritimes, France)" -> ("Nice", "Alpes-Maritimes, France");
    a US state's code after the name is its qualifier: "Pittsburgh PA" -> ("Pittsburgh", "PA")."""
    match = _QUALIFIER.match(label.strip())
    if not match:
        return label, ""
    qualifier = match.group("paren") or match.group("comma") or ""
    if not qualifier and (state := STATE_AFTER_NAME.fullmatch(label.strip())) and state.group(2) in US_STATES:
        return state.group(1), state.group(2)
    return match.group("name"), qualifier


def place_parts(label: str) -> tuple[str, str]:
    """(name, qualifier) of a place label, both folded: "Paris, Texas" -> ("paris", "texas")."""
    name, qualifier = _split_label(label)
    return fold(name), fold(qualifier)


# One country, several spellings in place qualifiers ("New York, USA" / "New York, United States").
COUNTRY_SYNONYMS = {
    "usa": "united states", "us": "united states", "u s": "united states", "u s a": "united states",
    "united states of america": "united states", "uk": "united kingdom", "great britain": "united kingdom",
}


def qualifier_parts(qualifier: str) -> frozenset[str]:
    """The places a qualifier names, broadest included: "Montparnasse, Paris" -> {montparnasse, paris};
    a US state by its name however written: "Chicago, IL", "Chicago (Ill.)", "Chicago, Il" -> {illinois}."""
    parts = (fold(_state_name(p)) for p in qualifier.split(","))
    return frozenset(COUNTRY_SYNONYMS.get(p, p) for p in parts if p)


def _state_name(part: str) -> str:
    """A US state's postal code ("PA", also "Pa") or LC abbreviation ("Pa.", "N.Y.") -> its name; else the part."""
    bare = part.strip().rstrip(".")
    if len(bare) == 2 and bare[:1].isupper() and bare.upper() in US_STATES:
        return US_STATES[bare.upper()]
    return LC_STATE_ABBREVIATIONS.get(bare.lower(), part) if part.strip().endswith(".") or bare.isupper() else part


# A TGN-style place type in lower case: "Beauly (river)", "Aberdeen (unitary authority)".
_PLACE_TYPE = re.compile(r"\s*\(([a-z][a-z /-]*)\)\s*$")


def place_type(label: str) -> tuple[str, str | None]:
    """(label without its type, type): "Beauly (river)" -> ("Beauly", "river")."""
    match = _PLACE_TYPE.search(label)
    return (label[: match.start()], match.group(1)) if match else (label, None)


def place_name(label: str) -> str:
    """The folded name `place_groups` groups a place label under ("Nice (ville), France" -> "nice")."""
    return fold(_split_label(place_type(label)[0])[0])


def place_groups(labels: dict[str, str]) -> list[list[str]]:
    """Alias keys of places that are one place: the same name, with qualifiers that fit one
    hierarchy ("Paris" < "Paris, France" < "Paris, Ile-de-France, France"; "USA" = "United
    States"), and no qualifier where all of the name's qualifiers fit one hierarchy. Where one
    name comes with two place types ("Beauly (river)", "Beauly (inhabited place)"), each type is
    its own place and an untyped "Beauly" joins neither."""
    typed: dict[str, set[str | None]] = defaultdict(set)
    for label in labels.values():
        bare, kind = place_type(label)
        typed[fold(_split_label(bare)[0])].add(kind)
    by_name: dict[str, dict[frozenset[str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, label in labels.items():
        bare, kind = place_type(label)
        name, qualifier = _split_label(bare)
        if fold(name):
            kinds = typed[fold(name)] - {None}
            group = f"{fold(name)}|{kind or ''}" if len(kinds) > 1 else fold(name)
            by_name[group][qualifier_parts(qualifier)].append(key)
    groups: list[list[str]] = []
    for qualifiers in by_name.values():
        named = sorted((q for q in qualifiers if q), key=lambda q: (-len(q), sorted(q)))
        classes = _compatible_classes(named)
        if len(classes) <= 1:
            groups.append(sorted(k for keys in qualifiers.values() for k in keys))
            continue
        groups.extend(sorted(k for q in members for k in qualifiers[q]) for members in classes)
        if frozenset() in qualifiers:
            groups.append(sorted(qualifiers[frozenset()]))
    return groups


def _compatible_classes(qualifiers: list[frozenset[str]]) -> list[list[frozenset[str]]]:
    """Qualifiers joined when they fit one hierarchy: each names only places of the hierarchy the
    class names so far (or all of them and more). Whole hierarchies first (most places first), so
    "United States" fits both "Erie County, New York, United States" and "Wilson County, Kansas,
    United States", two Buffalos, and joins neither."""
    classes: list[list[frozenset[str]]] = []
    unions: list[set[str]] = []
    for q in qualifiers:
        fits = [i for i, union in enumerate(unions) if _within(q, union) or _within(union, q)]
        if len(fits) == 1:
            classes[fits[0]].append(q)
            unions[fits[0]] |= q
        else:  # no fit, or it would bridge two classes ("Texas" and "France"): its own
            classes.append([q])
            unions.append(set(q))
    return classes


# Words that say what kind of place a qualifier names, not which: "Zürich canton" / "Zürich".
_PLACE_WORDS = frozenset("county state province canton metropolis city district region department "
                         "prefecture municipality".split())


def _within(small: frozenset[str] | set[str], large: frozenset[str] | set[str]) -> bool:
    """Every place `small` names is one of `large`'s, maybe written another way ("Tōkyō metropolis" /
    "To-kyo- metropolis", "Wisconsin" / "Wisconson")."""
    return all(p in large or any(_same_place(p, q) for q in large) for p in small)


def _same_place(x: str, y: str) -> bool:
    """One place written two ways: the same name without its kind ("Zürich canton" / "Zürich"), run
    together or not ("To-kyo-" / "Tōkyō"), or one word of several misspelt ("Davidson cuounty")."""
    wx = [w for w in x.split() if w not in _PLACE_WORDS] or x.split()
    wy = [w for w in y.split() if w not in _PLACE_WORDS] or y.split()
    cx, cy = "".join(wx), "".join(wy)
    if cx == cy or JaroWinkler.similarity(cx, cy) >= 0.93:
        return True
    words_x, words_y = x.split(), y.split()
    if len(words_x) != len(words_y) or len(words_x) < 2:
        return False
    differ = [(a, b) for a, b in zip(words_x, words_y, strict=True) if a != b]
    return len(differ) == 1 and JaroWinkler.similarity(*differ[0]) >= 0.9
