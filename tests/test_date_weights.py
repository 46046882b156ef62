"""Life-year gap weights estimated by EM from unlabelled pairs (graph.link.date_weights): made-up
catalogues whose true gap distributions are known, so the estimate can be checked against them."""

from __future__ import annotations

import random

from graph.link.aliases import AliasInfo
from graph.link.date_weights import DEFAULT_BIRTH, DEFAULT_DEATH, MIN_PAIRS, GapWeights, estimate
from graph.link.person_linker import PairScorer, score_pair


def _catalogues(people: int, seed: int = 1) -> list[AliasInfo]:
    """Two sources that share `people` people (same made-up name; the second source's years are
    off by one in a fifth of them) and a tenth of namesakes (same name, unrelated years)."""
    rng = random.Random(seed)
    out: list[AliasInfo] = []
    for n in range(people):
        name = f"Given{n} Surname{n}"
        born = rng.randrange(1800, 1950)
        died = born + rng.randrange(30, 90)
        out.append(AliasInfo(f"a:{n}", "Person", name, "a", "a", birth_year=born, death_year=died))
        if n % 10 == 0:  # a namesake: another person of the same name
            other = rng.randrange(1800, 1950)
            out.append(AliasInfo(f"b:{n}", "Person", name, "b", "b", birth_year=other, death_year=other + 60))
        else:
            shift = 1 if n % 5 == 1 else 0
            out.append(AliasInfo(f"b:{n}", "Person", name, "b", "b", birth_year=born + shift, death_year=died))
    return out


def test_the_estimate_follows_the_data() -> None:
    scorer = PairScorer({a.key: a for a in _catalogues(1000)})
    gaps = scorer.gaps
    assert gaps.pairs == 1000
    assert 0.85 < (gaps.match_share or 0) < 0.95  # 10% namesakes
    birth = gaps.birth
    # Exact beats one year beats far; a 6-10 year gap (namesakes only) counts against.
    assert birth[0] > birth[1] > 0 > birth[4]
    assert gaps.death[0] > 0 > gaps.death[4]
    assert birth != DEFAULT_BIRTH and gaps.death != DEFAULT_DEATH


def test_the_score_uses_the_estimate() -> None:
    aliases = _catalogues(1000)
    scorer = PairScorer({a.key: a for a in aliases})
    a = AliasInfo("a:x", "Person", "Given1 Surname1", "a", "a", birth_year=1900, death_year=1960)
    b = AliasInfo("b:x", "Person", "Given1 Surname1", "b", "b", birth_year=1900, death_year=1960)
    forms = (scorer.forms[scorer.profiles.of["a:1"]],) * 2
    default = score_pair(a, b, *forms, scorer.name_counts, explain=False)
    estimated = score_pair(a, b, *forms, scorer.name_counts, explain=False, gaps=scorer.gaps)
    assert default and estimated and default[0] != estimated[0]


def test_a_small_catalogue_keeps_the_defaults() -> None:
    gaps = PairScorer({a.key: a for a in _catalogues(MIN_PAIRS - 1)}).gaps
    assert gaps == GapWeights() and gaps.pairs == 0


def test_the_same_aliases_give_the_same_weights_in_any_order() -> None:
    aliases = _catalogues(400)
    shuffled = list(aliases)
    random.Random(3).shuffle(shuffled)
    assert estimate_of(aliases) == estimate_of(shuffled)


def estimate_of(aliases: list[AliasInfo]) -> GapWeights:
    scorer = PairScorer({a.key: a for a in aliases})
    return estimate(scorer.profiles.representatives, scorer.profiles.member_sources,
                    [fs[0].full if fs and len(fs[0].tokens) > 1 else None for fs in scorer.forms])
