"""Life-year gap and nationality weights the linker estimates from the data (EM), printed beside
the former hand-set ones.

The estimate itself is `graph.link.date_weights.estimate` (the linker runs it on the aliases it
links; see that module and docs/linking.md): u from random cross-source pairs of dated agents,
m by expectation maximisation over the unlabelled candidate pairs whose whole name two sources
each hold exactly once.

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/date_weights.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from benchmarks.linking_quality import read_aliases
    from graph.link.date_weights import BANDS, DEFAULT_BIRTH, DEFAULT_DEATH, DEFAULT_NATIONALITY, USED
    from graph.link.life_years import life_years_checked
    from graph.link.person_linker import AGENT_KINDS, PairScorer

    # as the linker sees them: placeholder life years (graph.link.life_years) left out
    aliases = life_years_checked(a for a in read_aliases() if a.kind in AGENT_KINDS)
    gaps = PairScorer({a.key: a for a in aliases}).gaps
    print(f"{gaps.pairs:,} candidate pairs ({gaps.key or 'none'} each source holds once, dated); "
          f"estimated match share {gaps.match_share}")
    print(f"nationality: agree {gaps.nationality[0]:+.2f}, disagree {gaps.nationality[1]:+.2f} "
          f"(hand-set before: {DEFAULT_NATIONALITY[0]:+.1f}, {DEFAULT_NATIONALITY[1]:+.1f})")
    print(f"{'gap':<6} {'birth EM':>9} {'death EM':>9} {'birth before':>13} {'death before':>13}")
    for i, (lo, hi) in enumerate(BANDS[:USED]):
        label = f"{lo}" if lo == hi else f"{lo}-{hi}"
        print(f"{label:<6} {gaps.birth[i]:>9.2f} {gaps.death[i]:>9.2f} {DEFAULT_BIRTH[i]:>13.1f} {DEFAULT_DEATH[i]:>13.1f}")


if __name__ == "__main__":
    main()
