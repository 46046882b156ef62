"""Life-year gap weights estimated from the data being linked (EM), not hand-set.

Fellegi-Sunter: the weight of a gap between two sources' birth (or death) years is
log2(m / u), m = P(gap | one person), u = P(gap | two people). Both come from the aliases
themselves, without labels:

- u from cross-source pairs of dated agents drawn at random (seeded, so one set of aliases
  always gives the same weights);
- m by expectation maximisation over unlabelled candidate pairs: agents whose whole name
  (two words or more) two sources each hold exactly once. Most of those are one person, some
  are namesakes; a two-class mixture whose non-match class follows u separates them, birth
  and death gaps and nationality agreement jointly (independent given the class), the match
  share estimated too. A source that writes given names as initials ("Homer, W.") shares few
  whole names with the others: with too few such pairs, the key is the surname and the first
  initial, held once by each source.

Nationality (agree / disagree, when both give one) is weighed the same way, log2(m / u), m from
the same mixture, replacing the hand-set +1 / -1.5; its u from pairs that share a surname and not
a first initial (a surname says much of a nationality: random pairs would overstate agreement).

Gaps are banded (0, 1, 2, 3-5, 6-10, more); the weights of the first five bands replace the
former hand-set ones. Gaps over 10 keep their rules in `graph.link.person_linker._years` (digits
swapped, the other year agrees, else "two people"). Too few candidate pairs (a small test
catalogue) and the defaults below are used. `benchmarks/date_weights.py` prints the estimate.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from graph.link.aliases import AliasInfo
from ingest.normalise import fold

BANDS = ((0, 0), (1, 1), (2, 2), (3, 5), (6, 10), (11, 1_000_000))
USED = 5  # the bands whose weight scoring takes from here; the last one keeps its rules
# Before any estimate (and for catalogues too small for one): the former hand-set weights.
DEFAULT_BIRTH = (6.0, 4.5, 3.0, -1.0, -6.0)
DEFAULT_DEATH = (5.0, 4.5, 3.0, -1.0, -6.0)
DEFAULT_NATIONALITY = (1.0, -1.5)  # (agree, disagree): hand-set, for catalogues too small to estimate
UNKNOWN_NATIONALITY = frozenset({"", "nationality unknown", "unknown", "various"})
MIN_PAIRS = 200  # candidate pairs needed to trust an estimate
RANDOM_PAIRS = 50_000
SEED = 5
LOWEST, HIGHEST = -12.0, 10.0  # a band seen (almost) never in one class must not dominate a score


def _find_band(gap: int) -> int:
    return next(i for i, (lo, hi) in enumerate(BANDS) if lo <= gap <= hi)


_SMALL_BANDS = tuple(_find_band(gap) for gap in range(11))  # the gaps scoring meets millions of times


def band(gap: int) -> int:
    return _SMALL_BANDS[gap] if 0 <= gap <= 10 else _find_band(gap)


@dataclass(frozen=True)
class GapWeights:
    birth: tuple[float, ...] = DEFAULT_BIRTH
    death: tuple[float, ...] = DEFAULT_DEATH
    pairs: int = 0  # candidate pairs the estimate used (0: defaults)
    match_share: float | None = None
    nationality: tuple[float, float] = DEFAULT_NATIONALITY  # (agree, disagree)
    key: str = ""  # what the candidate pairs shared: "whole name" or "surname and initial"

    def weight(self, gap: int, *, death: bool) -> float:
        """The log2 odds of a gap of up to 10 years (a band in BANDS[:USED])."""
        return (self.death if death else self.birth)[band(gap)]


def nationality_of(alias: AliasInfo) -> str | None:
    """The folded nationality, None when the source does not say."""
    value = fold(alias.nationality or "")
    return None if value in UNKNOWN_NATIONALITY else value


Observation = tuple[int | None, int | None, int | None]  # birth band, death band, nationality 0 agree / 1 not


def _observe(a: AliasInfo, b: AliasInfo) -> Observation:
    born = band(abs(a.birth_year - b.birth_year)) if a.birth_year and b.birth_year else None
    died = band(abs(a.death_year - b.death_year)) if a.death_year and b.death_year else None
    na, nb = nationality_of(a), nationality_of(b)
    return born, died, (None if na is None or nb is None else int(na != nb))


def _candidates(representatives: list[AliasInfo], member_sources: list[list[str]],
                names: list[str | None]) -> list[Observation]:
    """The dated pairs of agents whose name (key) two sources each hold exactly once."""
    holders: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for p in range(len(representatives)):
        if names[p]:
            for source in sorted(set(member_sources[p])):
                holders[names[p]][source].extend([p] * member_sources[p].count(source))  # type: ignore[index]
    observed: list[Observation] = []
    for name in sorted(holders):
        once = sorted(s for s, ps in holders[name].items() if len(ps) == 1)
        for i, x in enumerate(once):
            for y in once[i + 1:]:
                seen = _observe(representatives[holders[name][x][0]], representatives[holders[name][y][0]])
                if seen[:2] != (None, None):
                    observed.append(seen)
    return observed


NAMESAKES_PER_SURNAME = 50  # so that "Smith" does not stand for every surname


def _namesake_nationality(representatives: list[AliasInfo], member_sources: list[list[str]],
                          initials: list[str | None]) -> list[float]:
    """[agree, disagree] counts (add-one) over cross-source pairs that share a surname but not a
    first initial: two people, and ones linking would compare. A surname says much of a
    nationality, so random pairs would make agreeing look rarer (stronger) than it is among the
    names that meet in a block."""
    by_surname: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for p, key in enumerate(initials):
        nationality = nationality_of(representatives[p]) if key else None
        if key and nationality:
            surname, _, initial = key.partition("|")
            by_surname[surname] += [(source, initial, nationality) for source in sorted(set(member_sources[p]))]
    counts = [1.0, 1.0]
    for surname in sorted(by_surname):
        counts_of = _namesake_pairs(by_surname[surname])
        counts[0] += counts_of[0]
        counts[1] += counts_of[1]
    return counts


def _namesake_pairs(people: list[tuple[str, str, str]]) -> list[int]:
    """[agree, disagree] over the first NAMESAKES_PER_SURNAME qualifying pairs of one surname (and
    at most 20 times that many pairs looked at: "Smith" in a big catalogue stays cheap)."""
    counts, looked = [0, 0], 0
    for i, (source_a, initial_a, nat_a) in enumerate(people):
        for source_b, initial_b, nat_b in people[i + 1:]:
            looked += 1
            if source_a != source_b and initial_a != initial_b:
                counts[nat_a != nat_b] += 1
            if sum(counts) == NAMESAKES_PER_SURNAME or looked == 20 * NAMESAKES_PER_SURNAME:
                return counts
    return counts


def estimate(representatives: list[AliasInfo], member_sources: list[list[str]],
             names: list[str | None], initials: list[str | None] | None = None) -> GapWeights:
    """Gap and nationality weights for these agents: one representative per profile, the sources
    of its members, and its whole name (None: a single word or no name; such names are not
    candidate pairs); `initials`, its "surname|first initial" key, used when whole names give
    too few candidate pairs."""
    dated: dict[str, list[int]] = defaultdict(list)
    for p, rep in enumerate(representatives):
        if rep.birth_year or rep.death_year:
            for source in sorted(set(member_sources[p])):
                dated[source].append(p)
    observed, key = _candidates(representatives, member_sources, names), "whole name"
    if len(observed) < MIN_PAIRS and initials is not None:
        observed, key = _candidates(representatives, member_sources, initials), "surname and initial"
    sources = sorted(s for s in dated if dated[s])
    if len(observed) < MIN_PAIRS or len(sources) < 2:
        return GapWeights()
    rng = random.Random(SEED)
    # add-one smoothing; u of each variable from random cross-source pairs
    u_counts = ([1.0] * len(BANDS), [1.0] * len(BANDS), [1.0, 1.0])
    for _ in range(RANDOM_PAIRS):
        x, y = rng.sample(sources, 2)
        seen = _observe(representatives[rng.choice(dated[x])], representatives[rng.choice(dated[y])])
        for counts, value in zip(u_counts, seen, strict=True):
            if value is not None:
                counts[value] += 1
    u_counts = (u_counts[0], u_counts[1], _namesake_nationality(representatives, member_sources, initials or []))
    u = [[n / sum(counts) for n in counts] for counts in u_counts]
    m = [[0.8, 0.1, 0.04, 0.03, 0.02, 0.01], [0.8, 0.1, 0.04, 0.03, 0.02, 0.01], [0.8, 0.2]]  # a start
    share = 0.9
    # Observations are a few dozen distinct patterns (bands and agreement): EM runs over each
    # pattern once, weighted by how often it was seen, not over every pair.
    patterns = Counter(observed)
    for _ in range(100):
        sums = [[1e-3] * len(BANDS), [1e-3] * len(BANDS), [1e-3, 1e-3]]
        total = 0.0
        for seen, n in patterns.items():
            match, other = share, 1 - share
            for i, value in enumerate(seen):
                if value is not None:
                    match *= m[i][value]
                    other *= u[i][value]
            post = n * match / (match + other)
            total += post
            for i, value in enumerate(seen):
                if value is not None:
                    sums[i][value] += post
        new = [[w / sum(s) for w in s] for s in sums]
        done = max(abs(p - q) for a, b in zip(new, m, strict=True) for p, q in zip(a, b, strict=True)) < 1e-6
        m, share = new, total / len(observed)
        if done:
            break

    def weights(mi: list[float], ui: list[float], n: int) -> tuple[float, ...]:
        return tuple(round(min(HIGHEST, max(LOWEST, math.log2(mi[i] / ui[i]))), 2) for i in range(n))

    agree, disagree = weights(m[2], u[2], 2)
    return GapWeights(weights(m[0], u[0], USED), weights(m[1], u[1], USED), len(observed), round(share, 4),
                      (agree, disagree), key)
