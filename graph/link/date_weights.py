"""Life-year gap weights estimated from the data being linked (EM), not hand-set.

Fellegi-Sunter: the weight of a gap between two sources' birth (or death) years is
log2(m / u), m = P(gap | one person), u = P(gap | two people). Both come from the aliases
themselves, without labels:

- u from cross-source pairs of dated agents drawn at random (seeded, so one set of aliases
  always gives the same weights);
- m by expectation maximisation over unlabelled candidate pairs: agents whose whole name
  (two words or more) two sources each hold exactly once. Most of those are one person, some
  are namesakes; a two-class mixture whose non-match class follows u separates them, birth
  and death gaps jointly (independent given the class), the match share estimated too.

Gaps are banded (0, 1, 2, 3-5, 6-10, more); the weights of the first five bands replace the
former hand-set ones. Gaps over 10 keep their rules in `graph.link.person_linker._years` (digits
swapped, the other year agrees, else "two people"). Too few candidate pairs (a small test
catalogue) and the defaults below are used. `benchmarks/date_weights.py` prints the estimate.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass

from graph.link.aliases import AliasInfo

BANDS = ((0, 0), (1, 1), (2, 2), (3, 5), (6, 10), (11, 1_000_000))
USED = 5  # the bands whose weight scoring takes from here; the last one keeps its rules
# Before any estimate (and for catalogues too small for one): the former hand-set weights.
DEFAULT_BIRTH = (6.0, 4.5, 3.0, -1.0, -6.0)
DEFAULT_DEATH = (5.0, 4.5, 3.0, -1.0, -6.0)
MIN_PAIRS = 200  # candidate pairs needed to trust an estimate
RANDOM_PAIRS = 50_000
SEED = 5
LOWEST, HIGHEST = -12.0, 10.0  # a band seen (almost) never in one class must not dominate a score


def band(gap: int) -> int:
    return next(i for i, (lo, hi) in enumerate(BANDS) if lo <= gap <= hi)


@dataclass(frozen=True)
class GapWeights:
    birth: tuple[float, ...] = DEFAULT_BIRTH
    death: tuple[float, ...] = DEFAULT_DEATH
    pairs: int = 0  # candidate pairs the estimate used (0: defaults)
    match_share: float | None = None

    def weight(self, gap: int, *, death: bool) -> float:
        """The log2 odds of a gap of up to 10 years (a band in BANDS[:USED])."""
        return (self.death if death else self.birth)[band(gap)]


def _bands(a: AliasInfo, b: AliasInfo) -> tuple[int | None, int | None]:
    born = band(abs(a.birth_year - b.birth_year)) if a.birth_year and b.birth_year else None
    died = band(abs(a.death_year - b.death_year)) if a.death_year and b.death_year else None
    return born, died


def estimate(representatives: list[AliasInfo], member_sources: list[list[str]],
             names: list[str | None]) -> GapWeights:
    """Gap weights for these agents: one representative per profile, the sources of its members,
    and its whole name (None: a single word or no name; such names are not candidate pairs)."""
    holders: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    dated: dict[str, list[int]] = defaultdict(list)
    for p, rep in enumerate(representatives):
        for source in sorted(set(member_sources[p])):
            count = member_sources[p].count(source)
            if names[p]:
                holders[names[p]][source].extend([p] * count)  # type: ignore[index]
            if rep.birth_year or rep.death_year:
                dated[source].append(p)
    observed: list[tuple[int | None, int | None]] = []
    for name in sorted(holders):
        once = sorted(s for s, ps in holders[name].items() if len(ps) == 1)
        for i, x in enumerate(once):
            for y in once[i + 1:]:
                a, b = representatives[holders[name][x][0]], representatives[holders[name][y][0]]
                gaps = _bands(a, b)
                if gaps != (None, None):
                    observed.append(gaps)
    sources = sorted(s for s in dated if dated[s])
    if len(observed) < MIN_PAIRS or len(sources) < 2:
        return GapWeights()
    rng = random.Random(SEED)
    u_birth, u_death = [1.0] * len(BANDS), [1.0] * len(BANDS)  # add-one smoothing
    for _ in range(RANDOM_PAIRS):
        x, y = rng.sample(sources, 2)
        born, died = _bands(representatives[rng.choice(dated[x])], representatives[rng.choice(dated[y])])
        if born is not None:
            u_birth[born] += 1
        if died is not None:
            u_death[died] += 1
    u_b = [n / sum(u_birth) for n in u_birth]
    u_d = [n / sum(u_death) for n in u_death]
    m_b = [0.8, 0.1, 0.04, 0.03, 0.02, 0.01]  # a start: most of these pairs agree
    m_d = list(m_b)
    share = 0.9
    for _ in range(100):
        weights_b, weights_d = [1e-3] * len(BANDS), [1e-3] * len(BANDS)
        total = 0.0
        for born, died in observed:
            match = share * (m_b[born] if born is not None else 1.0) * (m_d[died] if died is not None else 1.0)
            other = (1 - share) * (u_b[born] if born is not None else 1.0) * (u_d[died] if died is not None else 1.0)
            post = match / (match + other)
            total += post
            if born is not None:
                weights_b[born] += post
            if died is not None:
                weights_d[died] += post
        new_b = [w / sum(weights_b) for w in weights_b]
        new_d = [w / sum(weights_d) for w in weights_d]
        new_share = total / len(observed)
        done = max(abs(p - q) for p, q in zip(new_b + new_d, m_b + m_d, strict=True)) < 1e-6
        m_b, m_d, share = new_b, new_d, new_share
        if done:
            break

    def weights(m: list[float], u: list[float]) -> tuple[float, ...]:
        return tuple(round(min(HIGHEST, max(LOWEST, math.log2(m[i] / u[i]))), 2) for i in range(USED))

    return GapWeights(weights(m_b, u_b), weights(m_d, u_d), len(observed), round(share, 4))
