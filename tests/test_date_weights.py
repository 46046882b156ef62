"""Life-year gap weights estimated by EM from unlabelled pairs (graph.link.date_weights): made-up
catalogues whose true gap distributions are known, so the estimate can be checked against them."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from typing import Any

from graph.link.aliases import AliasInfo
from graph.link.date_weights import DEFAULT_BIRTH, DEFAULT_DEATH, DEFAULT_NATIONALITY, MIN_PAIRS, GapWeights
from graph.link.person_linker import NameRarity, PairScorer, _forms_of, score_pair


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
    return scorer.gaps


def _nationalities(people: int, seed: int = 2) -> list[AliasInfo]:
    """Two sources sharing `people` people; the second names the same nationality for 19 of 20 of
    them. Four people share each surname (different initials) and mostly its nationality."""
    rng = random.Random(seed)
    nations = ["Avalonian", "Borean", "Cyrenian", "Dalmatic"]
    out: list[AliasInfo] = []
    for n in range(people):
        name = f"{chr(97 + n % 4)}given{n} Surname{n // 4}"
        born = rng.randrange(1800, 1950)
        nation = nations[n // 4 % 4] if rng.random() < 0.8 else rng.choice(nations)
        other = nation if n % 20 else nations[(nations.index(nation) + 1) % 4]
        out.append(AliasInfo(f"a:{n}", "Person", name, "a", "a", birth_year=born, death_year=born + 60,
                             nationality=nation))
        out.append(AliasInfo(f"b:{n}", "Person", name, "b", "b", birth_year=born, death_year=born + 60,
                             nationality=other))
    return out


def test_nationality_weights_come_from_the_data() -> None:
    gaps = PairScorer({a.key: a for a in _nationalities(800)}).gaps
    agree, disagree = gaps.nationality
    assert gaps.nationality != DEFAULT_NATIONALITY
    # matches agree 19 in 20; namesakes (same surname, the blocked pairs) agree about 2 in 3, so
    # agreeing says little (random pairs, agreeing 1 in 4, would make it say ~2 bits), disagreeing much
    assert 0 < agree < 1.0 and disagree < -2.0


def test_a_source_writing_initials_still_gives_an_estimate() -> None:
    # source b writes "Surname7, G.": no whole name in common, so the candidates share surname and initial
    aliases = [a if a.source == "a" else replace(a, name=f"Surname{a.key[2:]}, G.") for a in _catalogues(400)]
    gaps = PairScorer({a.key: a for a in aliases}).gaps
    assert gaps.key == "surname and initial" and gaps.pairs >= MIN_PAIRS
    assert gaps.birth != DEFAULT_BIRTH and gaps.birth[0] > 0 > gaps.birth[4]


def _scored(a: AliasInfo, b: AliasInfo, gaps: GapWeights, common: int = 1, rarity: Any = None) -> float:
    fa, fb = _forms_of(a), _forms_of(b)
    counts = Counter({fa[0].full: common, fb[0].full: common})
    result = score_pair(a, b, fa, fb, counts, explain=False, gaps=gaps, rarity=rarity)
    return 0.0 if result is None else result[0]  # None: years (or names) that rule the pair out


def test_a_name_each_source_gives_one_person_weighs_what_the_estimate_measured() -> None:
    # Both life years revised by 7 years (a later biography): with the EM's measured share of
    # matches among names each source holds once, the pair links; the same name held by two
    # people in a source, or no estimate made on whole names, does not get those odds.
    a = AliasInfo("a:1", "Person", "Ottilie Vandermeer", "a", "a", birth_year=1825, death_year=1903)
    b = AliasInfo("b:1", "Person", "Ottilie Vandermeer", "b", "b", birth_year=1832, death_year=1909)
    estimated = GapWeights(pairs=1500, match_share=0.995, key="whole name",
                           birth=(8.0, 1.0, 0.5, -2.1, -2.4), death=(7.8, 0.0, -2.4, -2.1, -3.0))
    assert _scored(a, b, estimated) > 0.5
    assert _scored(a, b, estimated, common=2) < 0.5
    assert _scored(a, b, replace(estimated, key="surname and initial")) < 0.5
    assert _scored(a, b, replace(estimated, match_share=0.6)) < 0.5  # many namesakes: the years decide
    # another word order of the same words counts, a word less does not
    reordered = replace(b, key="b:2", name="Vandermeer Ottilie")
    assert _scored(a, reordered, estimated) > 0.5
    # life years that say "two people" still do
    far = replace(b, key="b:3", birth_year=1870, death_year=1940)
    assert _scored(a, far, estimated) < 0.01
    # A name this common among all the agents (calibrated rarity) is as likely two namesakes: the years decide.
    words = Counter({"ottilie": 1, "vandermeer": 1, "george": 400, "cohen": 150})
    rarity = NameRarity(words, total=20_000, sizes={"a": 10_000, "b": 10_000}, shared={("a", "b"): 1500})
    assert _scored(a, b, estimated, rarity=rarity) > 0.5
    common_a, common_b = replace(a, name="George Cohen"), replace(b, name="George Cohen")
    assert _scored(common_a, common_b, estimated, rarity=rarity) < 0.5


def _third_source(aliases: list[AliasInfo], dated: bool) -> list[AliasInfo]:
    """A source "c" holding every person of source "a" once more, with a's years or with none."""
    return [replace(a, key="c" + a.key[1:], source="c", institution="c",
                    birth_year=a.birth_year if dated else None, death_year=a.death_year if dated else None)
            for a in aliases if a.source == "a"]


def test_the_name_rarity_is_calibrated_only_on_two_pairs_of_sources_or_more() -> None:
    """One pair's namesakes say little of another pair's: a calibration measured on a single pair of
    sources serves that pair, not the pair beside it that has no dates (the defaults do)."""
    from graph.link.person_linker import DEFAULT_CALIBRATION

    aliases = _catalogues(300)
    one_pair = PairScorer({a.key: a for a in aliases + _third_source(aliases, dated=False)}).rarity
    assert (one_pair.slope, one_pair.offset, one_pair.cap) == DEFAULT_CALIBRATION  # for a-c and b-c
    assert set(one_pair.per_pair) == {("a", "b")}  # the pair it was measured on keeps its fit
    assert one_pair.per_pair[("a", "b")] != DEFAULT_CALIBRATION
    name = ("given1", "surname1")
    assert one_pair.odds(name, "a", "c") != one_pair.odds(name, "a", "b")
    three_pairs = PairScorer({a.key: a for a in aliases + _third_source(aliases, dated=True)}).rarity
    assert (three_pairs.slope, three_pairs.offset, three_pairs.cap) != DEFAULT_CALIBRATION
