"""Probabilistic person linking: blocking, a Fellegi-Sunter style score, readable evidence.

Every pair of aliases from two different sources that shares a blocking key (surname +
first initial, the sorted name words, a single name) is scored as a sum of log2 odds:
name agreement level (less for common names), birth and death years (exact / within 2 /
within 5 / within 10 / further), nationality. The sum plus a prior becomes a probability.
Pairs are returned best first; `graph.linking` merges them greedily, refusing merges that
would put incompatible life dates (or curator "not the same") in one entity.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from graph.aliases import AliasInfo
from graph.person_names import NameForm, blocking_keys, compare_names, name_forms
from ingest.normalise import fold

AGENT_KINDS = ("Person", "Organization")
PRIOR = -10.0  # log2 odds that two blocked names are one person before any evidence
MAX_BLOCK = 100  # larger blocks are split by birth year (members without one sit out)
UNKNOWN_NATIONALITY = {"", "nationality unknown", "unknown", "various"}


@dataclass(frozen=True, slots=True)
class Candidate:
    a: str
    b: str
    score: float  # probability 0-1
    evidence: str


def transposed(x: int, y: int) -> bool:
    """1914 / 1941: two digits swapped, a common typing error in life dates."""
    a, b = str(x), str(y)
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def _years(label: str, x: int | None, y: int | None, births_agree: bool = False) -> tuple[float, str | None]:
    if x is None or y is None:
        return 0.0, None
    gap = abs(x - y)
    if gap == 0:
        return (6.0 if label == "born" else 5.0), f"{label} {x} = {y}"
    if gap == 1:
        return 4.5, f"{label} {x} ~ {y}"
    if gap == 2:
        return 3.0, f"{label} {x} ~ {y} (2 years)"
    if gap <= 5:
        return -1.0, f"{label} {x} vs {y} ({gap} years)"
    if gap <= 10:
        return -6.0, f"{label} {x} vs {y} ({gap} years)"
    if transposed(x, y):
        return -2.0, f"{label} {x} vs {y} (digits swapped?)"
    if births_agree:  # same birth year, far-off death year: one source is wrong about the death
        return -5.0, f"{label} {x} vs {y} (births agree; one death year is wrong?)"
    return -40.0, f"{label} {x} vs {y}: different people"


def _nationality(x: str | None, y: str | None) -> tuple[float, str | None]:
    fx, fy = fold(x or ""), fold(y or "")
    if fx in UNKNOWN_NATIONALITY or fy in UNKNOWN_NATIONALITY:
        return 0.0, None
    if fx == fy:
        return 1.0, f"nationality {x}"
    return -1.5, f"nationality {x} vs {y}"


def score_pair(a: AliasInfo, b: AliasInfo, fa: tuple[NameForm, ...], fb: tuple[NameForm, ...],
               name_counts: Counter[str]) -> tuple[float, str] | None:
    """(probability, evidence) that two aliases are one person; None if the names disagree."""
    level, weight, form_a, form_b = compare_names(fa, fb)
    if level is None:
        return None
    parts = [f"name '{form_a}' / '{form_b}': {level}"]
    common = max(name_counts[form_a], name_counts[form_b])
    if common > 2:  # term-frequency adjustment: "John Smith" says less than "Winslow Homer"
        weight -= math.log2(common / 2)
        parts.append(f"name shared by {common} aliases")
    births_agree = a.birth_year is not None and b.birth_year is not None and abs(a.birth_year - b.birth_year) <= 2
    for w, text in (_years("born", a.birth_year, b.birth_year),
                    _years("died", a.death_year, b.death_year, births_agree),
                    _nationality(a.nationality, b.nationality)):
        weight += w
        if text:
            parts.append(text)
    if a.birth_year is None and a.death_year is None or b.birth_year is None and b.death_year is None:
        parts.append("no life dates to compare")
    if a.kind != b.kind:
        weight -= 2.0
        parts.append(f"{a.kind} vs {b.kind}")
    total = PRIOR + weight
    probability = 1.0 / (1.0 + 2.0 ** (-total)) if total > -60 else 0.0
    return probability, "; ".join(parts)


def candidates(aliases: dict[str, AliasInfo], *, min_score: float) -> Iterator[Candidate]:
    """Scored cross-source candidate pairs with score >= min_score (unordered)."""
    agents = [a for a in aliases.values() if a.kind in AGENT_KINDS]
    forms = {a.key: _forms_of(a) for a in agents}
    name_counts: Counter[str] = Counter()
    for fs in forms.values():
        name_counts.update({f.full for f in fs})
    singles = {f.last for fs in forms.values() for f in fs if len(f.tokens) == 1}
    blocks: dict[str, list[str]] = defaultdict(list)
    keys_of: dict[str, set[str]] = {}
    for alias in agents:
        keys = {k for k in blocking_keys(forms[alias.key]) if not (k.startswith("l:") and "|" not in k
                                                                   and k[2:] not in singles)}
        keys_of[alias.key] = keys
        for key in keys:
            blocks[key].append(alias.key)
    for block_key in sorted(blocks):
        for group in _split(blocks[block_key], aliases):
            for i, ka in enumerate(group):
                a = aliases[ka]
                for kb in group[i + 1:]:
                    b = aliases[kb]
                    if a.source == b.source:
                        continue
                    if min(keys_of[ka] & keys_of[kb]) != block_key:
                        continue  # scored in the first block the pair shares
                    scored = score_pair(a, b, forms[ka], forms[kb], name_counts)
                    if scored and scored[0] >= min_score:
                        yield Candidate(min(ka, kb), max(ka, kb), scored[0], scored[1])


def _forms_of(alias: AliasInfo) -> tuple[NameForm, ...]:
    out: list[NameForm] = []
    for name in dict.fromkeys([alias.name, *alias.names]):
        for form in name_forms(name):
            if form not in out:
                out.append(form)
    return tuple(out)


def _split(members: list[str], aliases: dict[str, AliasInfo]) -> list[list[str]]:
    """A block small enough to compare all pairs, or sub-blocks by birth year."""
    if len(members) <= MAX_BLOCK:
        return [members]
    by_year: dict[int, list[str]] = defaultdict(list)
    for key in members:
        year = aliases[key].birth_year
        if year is not None:
            by_year[year].append(key)
    return [group[:MAX_BLOCK] for _, group in sorted(by_year.items()) if len(group) > 1]
