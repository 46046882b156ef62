"""Which authority ids may join the people and organisations that carry them.

An id shared by two sources' records is the strongest link there is (`graph.link.linker`, step 2),
but a source sometimes gives one id to several of its own records that are not one person: a
concordance that matched names to Wikipedia pages gives the page of a family, a duo or a firm
to each member ("Carlo Galli Bibiena", "Francesco Galli Bibiena" and "Bibiena Family" on the one
Bibiena page; "Erwan Bouroullec" and "Ronan Bouroullec" on the brothers' page), and an export
gives its placeholder records ("Unknown") the page of the word. Joined by that id, two brothers
become one person, and every record of an unknown maker one "Unknown" who made everything.

So for agents: a record whose name names nobody ("Unknown", "Anonymous": `says_no_name`) joins
nothing by id, and an id that one source gives to records whose names cannot be one person's
(`compare_names` finds no agreement, or only other given names) or whose life years lie far
apart joins nobody: each such id is named in a warning, and names and dates decide instead.
Records of one source with the same id and one person's names ("Emile Gallé" / "Gallé", a
duplicate record) still join.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from graph.link.aliases import AliasInfo
from graph.link.person_names import OTHER_GIVEN_NAMES, compare_names, name_forms, says_no_name
from ingest.normalise import fold

MAX_YEAR_GAP = 10  # the same id on two records of one source whose life years differ more: two people
MAX_PAIRS = 200  # record pairs compared per id and source (an id on hundreds of one source's records is rare)


def nameless(alias: AliasInfo) -> bool:
    """An agent record that names nobody: never joined by an id."""
    return says_no_name(alias.name)


def _one_person(a: AliasInfo, b: AliasInfo) -> bool:
    """Can two records of one source that carry the same id be one person?"""
    for x, y in ((a.birth_year, b.birth_year), (a.death_year, b.death_year)):
        if x and y and abs(x - y) > MAX_YEAR_GAP:
            return False
    if a.name == b.name:
        return True
    body_a, body_b = a.kind == "Organization", b.kind == "Organization"
    if body_a and body_b and _words(a) & _words(b):
        # one body's heading and a subdivision of it ("Capuchins" / "Capuchins -- Africa, West"), or
        # its name written two ways: bodies sharing a word are not told apart here
        return True
    forms_a = tuple(f for n in dict.fromkeys([a.name, *a.names]) for f in name_forms(n, body_a))
    forms_b = tuple(f for n in dict.fromkeys([b.name, *b.names]) for f in name_forms(n, body_b))
    level = compare_names(forms_a, forms_b)[0]
    return level is not None and level != OTHER_GIVEN_NAMES


_SMALL = frozenset("a an and of the for in on at to de du des la le les et und der die das y e".split())


def _words(alias: AliasInfo) -> set[str]:
    return {w for n in (alias.name, *alias.names) for w in fold(n.partition(" -- ")[0]).split()
            if len(w) > 2 and w not in _SMALL}


def _shown(alias: AliasInfo) -> str:
    if alias.birth_year or alias.death_year:
        return f"{alias.name} ({alias.birth_year or ''}-{alias.death_year or ''})"
    return alias.name


def not_one_person(keys: Iterable[str], by_key: dict[str, AliasInfo]) -> tuple[str, list[str]] | None:
    """(source, names) when one source gives this id's holders `keys` names or dates of more than
    one person, else None."""
    by_source: dict[str, dict[tuple[str, str, int | None, int | None], AliasInfo]] = defaultdict(dict)
    for key in keys:
        alias = by_key[key]
        # records alike in name, kind and years need no comparing (a big catalogue's copies of one person)
        by_source[alias.source].setdefault((alias.name, alias.kind, alias.birth_year, alias.death_year), alias)
    for source, distinct in sorted(by_source.items()):
        held = list(distinct.values())
        if len(held) < 2:
            continue
        for n, (a, b) in enumerate(combinations(held, 2)):
            if n >= MAX_PAIRS:
                break
            if not _one_person(a, b):
                return source, sorted({_shown(x) for x in held})
    return None
