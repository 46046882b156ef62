"""Life-year gap weights estimated from the data (EM), beside the linker's weights.

Fellegi-Sunter: the weight of a birth-year gap is log2(m / u), m = P(gap | same person),
u = P(gap | two people). Both are estimated on the sample without labels:

- u from random cross-source pairs of dated agents (a fixed seeded sample of 200,000);
- m by expectation maximisation over the candidate pairs that share an exact name, each source
  holding it once: a two-class mixture whose non-match class follows u, iterated to a fixed point
  (the match share lambda is estimated too).

Prints, per gap band, m, u, the estimated weight and the weight the linker uses
(`graph.link.person_linker._years`), so the hand-set numbers can be checked against the data.

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/date_weights.py
"""

from __future__ import annotations

import math
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BANDS = ((0, 0), (1, 1), (2, 2), (3, 5), (6, 10), (11, 10_000))
SEED = 5


def band(gap: int) -> int:
    return next(i for i, (lo, hi) in enumerate(BANDS) if lo <= gap <= hi)


def main() -> None:
    from benchmarks.linking_quality import read_aliases
    from graph.link.person_linker import PairScorer, _years

    aliases = [a for a in read_aliases() if a.birth_year]
    scorer = PairScorer({a.key: a for a in aliases})
    by_source: dict[str, list] = defaultdict(list)
    for a in aliases:
        by_source[a.source].append(a)
    sources = sorted(by_source)
    rng = random.Random(SEED)
    u = [1.0] * len(BANDS)  # add-one smoothing
    for _ in range(200_000):
        x, y = rng.sample(sources, 2)
        u[band(abs(rng.choice(by_source[x]).birth_year - rng.choice(by_source[y]).birth_year))] += 1
    u = [n / sum(u) for n in u]

    holders: dict[str, list] = defaultdict(list)
    for a in aliases:
        if scorer.forms[a.key] and len(scorer.forms[a.key][0].tokens) > 1:
            holders[scorer.forms[a.key][0].full].append(a)
    gaps = []
    for group in holders.values():
        per = defaultdict(list)
        for a in group:
            per[a.source].append(a)
        if len(per) == 2 and all(len(v) == 1 for v in per.values()):
            a, b = (v[0] for v in per.values())
            gaps.append(band(abs(a.birth_year - b.birth_year)))
    m = [0.8, 0.1, 0.05, 0.03, 0.01, 0.01]
    share = 0.9
    for _ in range(200):
        posts = [share * m[g] / (share * m[g] + (1 - share) * u[g]) for g in gaps]
        total = sum(posts)
        m = [(sum(p for p, g in zip(posts, gaps, strict=True) if g == i) + 1e-3) / (total + 1e-3 * len(BANDS))
             for i in range(len(BANDS))]
        share = total / len(gaps)
    print(f"{len(gaps):,} candidate pairs (exact name, once per source, both dated); "
          f"estimated match share {share:.3f}")
    print(f"{'birth gap':<10} {'m':>8} {'u':>9} {'EM weight':>10} {'linker':>8}")
    for i, (lo, hi) in enumerate(BANDS):
        label = f"{lo}" if lo == hi else (f"{lo}-{hi}" if hi < 10_000 else f">{lo - 1}")
        used = _years(1900, 1900 + lo)[0]
        print(f"{label:<10} {m[i]:>8.4f} {u[i]:>9.5f} {math.log2(m[i] / u[i]):>10.1f} {used:>8.1f}")


if __name__ == "__main__":
    main()
