"""Life years that are no life: a catalogue's placeholders, not compared as dates.

Catalogues fill a missing death year (or both years) with a convention: NGA gives thousands of
people a death exactly 100 or 99 years after their birth ("Kurt Kranz 1910-2010") and others a
window of 140 years ("Philip Johnson 1855-1995"). Compared as dates they would call one person two.

- A span over MAX_LIFESPAN years, or a death before the birth: neither year is a life year.
- A span of MIN_PLACEHOLDER years or more that one source gives far more often than the spans
  around it (a spike in that source's own distribution, estimated from the data: real life
  spans thin out smoothly after 90): that source's death year at that span is a placeholder;
  the birth year is kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from graph.link.aliases import AliasInfo
from ingest.normalise import parse_life_dates

MAX_LIFESPAN = 110  # longer is no life (the oldest people ever verified reached 114-122)
MIN_PLACEHOLDER = 90  # a spike in spans below this could be the ordinary peak of lives
SPIKE = 4.0  # times the spans around it (+ 1), and at least SPIKE_MIN people
SPIKE_MIN = 10


def transposed(x: int, y: int) -> bool:
    """1914 / 1941: two digits swapped, a common typing error in life dates."""
    a, b = str(x), str(y)
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def _span(alias: AliasInfo) -> int | None:
    if alias.kind != "Person" or alias.birth_year is None or alias.death_year is None:
        return None
    return alias.death_year - alias.birth_year


def placeholder_spans(aliases: Iterable[AliasInfo]) -> dict[str, set[int]]:
    """Per source, the life spans (>= MIN_PLACEHOLDER) it gives far more often than the spans
    2-3 years either side: a convention for an unknown death year (NGA's 99 and 100)."""
    counts: Counter[tuple[str, int]] = Counter()
    for alias in aliases:
        span = _span(alias)
        if span is not None and MIN_PLACEHOLDER <= span <= MAX_LIFESPAN:
            counts[(alias.source, span)] += 1
    out: dict[str, set[int]] = defaultdict(set)
    for (source, span), n in counts.items():
        around = sum(counts[(source, span + d)] for d in (-3, -2, 2, 3)) / 4  # +-1 may be a spike too
        if n >= SPIKE_MIN and n > SPIKE * (around + 1):
            out[source].add(span)
    return dict(out)


def checked(alias: AliasInfo, placeholders: dict[str, set[int]]) -> AliasInfo:
    """The alias, or a copy without the life years that are placeholders."""
    span = _span(alias)
    if span is None or 0 <= span < MIN_PLACEHOLDER:
        return alias
    if span < 0 or span > MAX_LIFESPAN:
        return replace(alias, birth_year=None, death_year=None)
    if span in placeholders.get(alias.source, ()):
        return replace(alias, death_year=None)
    return alias


def life_years_checked(aliases: Iterable[AliasInfo]) -> list[AliasInfo]:
    """Every alias with placeholder life years removed (`checked`), spans estimated over them all."""
    listed = list(aliases)
    placeholders = placeholder_spans(listed)
    return [checked(a, placeholders) for a in listed]


# A person known by when they were active ("British, active 1803 - 1809"; NGA gives 1,849 people
# only that): no life years to compare, but a life must fit the period. Active from age 10, and
# at most 5 years after a death (a posthumous edition, a date rounded to the decade).
_ACTIVE_WORD = re.compile(r"activ|\bfl\.|flourish", re.I)
ACTIVE_FROM_AGE = 10
ACTIVE_AFTER_DEATH = 5


@lru_cache(maxsize=100_000)
def _active_in(bio: str) -> tuple[int, int] | None:
    if not _ACTIVE_WORD.search(bio):
        return None
    dates = parse_life_dates(bio)
    if dates is None or dates.active_from is None:
        return None
    return dates.active_from, dates.active_to if dates.active_to is not None else dates.active_from


def active_years(alias: AliasInfo) -> tuple[int, int] | None:
    """(first, last) year a person was active, from the bio, when that is all the alias says of
    when they lived (no birth or death year); else None."""
    if alias.birth_year is not None or alias.death_year is not None or not alias.bio:
        return None
    return _active_in(alias.bio)


def active_conflict(a: AliasInfo, b: AliasInfo) -> str | None:
    """Why one alias's active period cannot be the other's life ("active 1803-1809" / born 1963),
    or None. A life taken from an "active" bio itself is not held against it (MoMA's "active
    1870s-1890s" comes as 1870-1890)."""
    for x, y in ((a, b), (b, a)):
        active = active_years(x)
        if active is None or (y.birth_year is None and y.death_year is None) or (y.bio and _ACTIVE_WORD.search(y.bio)):
            continue
        first, last = active
        if y.birth_year is not None and last < y.birth_year + ACTIVE_FROM_AGE:
            return f"active {first}-{last}, born {y.birth_year}: different people"
        if y.death_year is not None and first > y.death_year + ACTIVE_AFTER_DEATH:
            return f"active {first}-{last}, died {y.death_year}: different people"
    return None
