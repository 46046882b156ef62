"""Probabilistic person linking: blocking, a Fellegi-Sunter style score, readable evidence.

Every pair of aliases from two different sources that shares a blocking key (surname +
an initial, the sorted name words, a single name, an acronym) is scored as a sum of log2 odds:
name agreement level (less for a name one source gives several people, more for a rare
surname), birth and death years (exact / within 2 / within 5 / within 10 / further),
nationality. The sum plus a prior becomes a probability. Blocks over MAX_BLOCK profiles are
compared in a sliding window. `graph.link.linker` merges the pairs best first, refusing merges that
would put incompatible life dates (or curator "not the same") in one entity. docs/linking.md
lists every weight.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from typing import Any

import numpy

from graph.link import forked
from graph.link.aliases import AliasInfo
from graph.link.blocking import block_pairs
from graph.link.date_weights import UNKNOWN_NATIONALITY, GapWeights, estimate
from graph.link.life_years import active_conflict, transposed
from graph.link.person_names import (
    GIVEN_IN_ANOTHER_LANGUAGE,
    NAME_LEVELS,
    OTHER_GIVEN_NAMES,
    SURNAME_FIRST,
    SURNAME_FIRST_COST,
    WHOLE_NAME_SPELLINGS,
    YEARS_ONLY_LEVELS,
    NameForm,
    blocking_keys,
    compare_names,
    feminine_form,
    generations,
    markers_differ,
    markers_text,
    name_forms,
    one_given_name,
    says_no_name,
    translit,
)
from graph.link.profiles import Profiles
from ingest.normalise import fold, short_hash

AGENT_KINDS = ("Person", "Organization")
HOPELESS = -40.0  # life years that say "two people" outweigh any name
PRIOR = -10.0  # log2 odds that two blocked names are one person before any evidence
GENERATION_AGREE = 1.0  # both say "the Younger" (or Jr., II ...)
GENERATION_ONE_SIDE = -1.0  # one says "II", the other nothing: could be the father
JOINERS = {"&", "and", "und", "et"}
SMALL_WORDS = {"of", "the", "for", "de", "des", "du", "la", "le", "der", "die", "das", "di", "del", "y", "a", "an"}
ACRONYM_LEVEL = "acronym of the other name"
ACRONYM_WEIGHT = 10.0  # "NASA" for an organisation whose words spell it, and no other of its source's
SPOUSE_FORMS = {"mrs", "mme", "madame", "frau"}
DEFAULT_GAPS = GapWeights()


def _years(x: int | None, y: int | None, other_agrees: bool = False, death: bool = False,
           gaps: GapWeights = DEFAULT_GAPS) -> tuple[float, str | None]:
    """Log2 odds from one pair of life years, and how to say why (a template for `_say`);
    `other_agrees`: the other life year is within 2 years. Gaps up to 10 years weigh what the
    data say (`graph.link.date_weights`, estimated by EM); further gaps follow the rules below."""
    if x is None or y is None:
        return 0.0, None
    gap = abs(x - y)
    if gap <= 10:
        weight = gaps.weight(gap, death=death)
        if gap == 0:
            return weight, "{label} {x} = {y}"
        if gap <= 2:
            return weight, "{label} {x} ~ {y}" + (" (2 years)" if gap == 2 else "")
        return weight, "{label} {x} vs {y} ({gap} years)"
    if transposed(x, y):
        return -2.0, "{label} {x} vs {y} (digits swapped?)"
    if other_agrees:  # the other life year agrees: one source is wrong about this one
        return -5.0, "{label} {x} vs {y} ({other} agree; one {label} year is wrong?)"
    return HOPELESS, "{label} {x} vs {y}: different people"


def _say(template: str, label: str, x: int | None, y: int | None) -> str:
    other = "deaths" if label == "born" else "births"
    return template.format(label=label, x=x, y=y, gap=abs((x or 0) - (y or 0)), other=other)


def _agree(x: int | None, y: int | None) -> bool:
    return x is not None and y is not None and abs(x - y) <= 2


_folded = lru_cache(maxsize=10_000)(fold)  # a few hundred nationalities, compared millions of times


def _nationality(x: str | None, y: str | None, gaps: GapWeights = DEFAULT_GAPS) -> tuple[float, str | None]:
    """Agree / disagree weigh what the data say (`graph.link.date_weights`, the same EM)."""
    fx, fy = _folded(x or ""), _folded(y or "")
    if fx in UNKNOWN_NATIONALITY or fy in UNKNOWN_NATIONALITY:
        return 0.0, None
    if fx == fy:
        return gaps.nationality[0], f"nationality {x}"
    return gaps.nationality[1], f"nationality {x} vs {y}"


@dataclass(frozen=True)
class SurnameFrequency:
    """How many people one source gives each surname, and how many a typical person shares theirs with."""

    counts: Counter[str]
    typical: float

    def bonus(self, surname: str) -> float:
        """Log2 odds a rare surname adds ("Samokhvalov" once vs "Smith" 90 times); at most 3."""
        count = self.counts[surname] or 1
        return min(3.0, math.log2(self.typical / count)) if count < self.typical else 0.0


@dataclass(frozen=True)
class NameRarity:
    """How rare a whole name is, for pairs without life dates to compare (docs/linking.md, "undated").

    Fellegi-Sunter with term frequencies, every count taken from the data being linked: the prior
    odds that an alias of source A and one of source B are one person is M / (|A| |B|), M the
    names both sources hold exactly once (their overlap); an exact name multiplies the odds by
    1 / u, u = the product over its words of how often each word occurs among all agents (the two
    aliases' own uses left out). Word independence overstates u for real names, so the raw odds
    are calibrated, `slope * odds + offset` capped at `cap`, on the pairs whose life dates can
    tell (names held once by each of two sources, both dated: same person = births within 2
    years), when there are enough of them (`calibrate`: from one pair of sources only, for that pair
    only, `per_pair`); else the values measured that way on MoMA-NGA (`DEFAULT_CALIBRATION`).
    """

    words: Counter[str]
    total: int
    sizes: dict[str, int]
    shared: dict[tuple[str, str], int]
    slope: float = 0.5
    offset: float = 3.0
    cap: float = 5.5
    mononyms: int = 0  # agents whose name is one word: being one is itself rare evidence ("Chryssa")
    letters: Counter[str] | None = None  # agents whose first given name starts with each letter
    # (main name's full form, a source holding a record of it) -> the life years of those records
    held: dict[tuple[str, str], tuple[tuple[int | None, int | None], ...]] = field(default_factory=dict)
    # a pair of sources (in sorted order) with a calibration of its own: (slope, offset, cap)
    per_pair: dict[tuple[str, str], tuple[float, float, float]] = field(default_factory=dict)

    def prior(self, source_a: str, source_b: str) -> float:
        """log2 M / (|A| |B|); for one source against itself (a profile whose members come from
        several sources) the best prior of that source against any other."""
        if source_a == source_b:
            others = [s for s in self.sizes if s != source_a]
            return max((self.prior(source_a, s) for s in others), default=-math.log2(max(self.total, 2)))
        pair = (source_a, source_b) if source_a < source_b else (source_b, source_a)
        return math.log2(self.shared.get(pair, 0) + 0.5) - math.log2(self.sizes.get(source_a, 1)) \
            - math.log2(self.sizes.get(source_b, 1))

    def raw(self, tokens: tuple[str, ...], source_a: str, source_b: str, initials: bool = False) -> float:
        """`initials`: a one-letter word stands for any given name with that letter ("C. R. Savage" /
        "Charles R. Savage"), so its u is how often a given name starts with it."""
        bits = self.prior(source_a, source_b)
        if len(tokens) == 1:  # u of a one-word name: P(a name is one word) x P(that word)
            bits += math.log2(self.total) - math.log2(self.mononyms + 0.5)
        for token in tokens:
            count = self.letters[token] if initials and len(token) == 1 and self.letters else self.words[token]
            bits += math.log2(self.total) - math.log2(max(count - 2, 0) + 0.5)
        return bits

    def odds(self, tokens: tuple[str, ...], source_a: str, source_b: str, penalty: float = 0.0,
             initials: bool = False) -> float:
        """Calibrated log2 odds that two aliases with this name (minus `penalty` bits for a looser
        name level) are one person, before nationality and kind."""
        pair = (source_a, source_b) if source_a < source_b else (source_b, source_a)
        slope, offset, cap = self.per_pair.get(pair) or (self.slope, self.offset, self.cap)
        return min(slope * (self.raw(tokens, source_a, source_b, initials) - penalty) + offset, cap)


DEFAULT_CALIBRATION = (0.5, 3.0, 5.5)  # (slope, offset, cap) fitted on the 1,439 dated unique MoMA-NGA names
MIN_CALIBRATION_PAIRS = 100
CALIBRATION_SAMPLE = 2000


def calibrate(rarity: NameRarity, pairs: list[tuple[float, bool]], measured: tuple[tuple[str, str], ...]) -> NameRarity:
    """Fit (slope, offset, cap) by log loss on (raw odds, dates agree) pairs; too few: the defaults.
    `measured`: the pairs of sources that give MIN_CALIBRATION_PAIRS or more of them. From one pair alone
    the fit serves that pair only, every other pair takes the defaults: how many namesakes a name of given
    rarity has differs from one pair of sources to another (Tate's 18th-century "John Thomson" meets
    MoMA's 20th-century one far more often than NGA's does), and one pair's fit, used for a pair it never
    saw (an undated source beside two dated ones), transfers worse than the defaults (docs/linking.md,
    "One pair of sources is no calibration")."""
    slope, offset, cap = DEFAULT_CALIBRATION
    defaults = replace(rarity, slope=slope, offset=offset, cap=cap)
    if len(pairs) < MIN_CALIBRATION_PAIRS:
        return defaults
    fitted = _fit(pairs)
    if len(measured) == 1:
        return replace(defaults, per_pair={measured[0]: fitted})
    slope, offset, cap = fitted
    return replace(rarity, slope=slope, offset=offset, cap=cap)


def _fit(pairs: list[tuple[float, bool]]) -> tuple[float, float, float]:
    """(slope, offset, cap) by log loss on (raw odds, dates agree) pairs."""
    raw = numpy.array([r for r, _ in pairs])
    agree = numpy.array([a for _, a in pairs], dtype=bool)
    caps = numpy.arange(3.0, 10.0, 0.5)[:, None]
    best = (math.inf, *DEFAULT_CALIBRATION)
    for slope in (0.25, 0.5, 0.75, 1.0):
        for offset in (x / 2 for x in range(-4, 17)):
            z = numpy.minimum(slope * raw + offset, caps)  # one row per cap
            p = numpy.clip(1.0 / (1.0 + numpy.exp2(-z)), 1e-12, 1 - 1e-12)
            losses = -numpy.where(agree, numpy.log(p), numpy.log(1.0 - p)).sum(axis=1)
            i = int(losses.argmin())
            if losses[i] < best[0]:
                best = (float(losses[i]), slope, offset, float(caps[i, 0]))
    return best[1], best[2], best[3]


UNDATED_LEVELS = ("exact", "same words, other order", "same name, a word abbreviated", "same first and last name",
                  "same surname, given names spelled differently", "same surname, given name spelled differently",
                  "same surname, given name shortened", "same surname, given name abbreviated",
                  "same name, another spelling", GIVEN_IN_ANOTHER_LANGUAGE)
# Initials for given names: the rarity of the letters and the surname is the whole evidence (no
# level penalty on top); capped like a spelling variant, so at most linked for review.
INITIAL_LEVELS = ("same surname, given name abbreviated",)
WHOLE_NAME_LEVELS = ("exact", "same words, other order", "same name, a word abbreviated")
GIVEN_SPELLING_LEVELS = ("same surname, given names spelled differently", "same surname, given name spelled differently",
                         GIVEN_IN_ANOTHER_LANGUAGE)
SPELLING_LEVELS = (*GIVEN_SPELLING_LEVELS, "same name, another spelling")
# Spellings that, without dates, the name's rarity weighs in full: every word the same by sound, or every
# given name of two or more (a patronymic too) another spelling of the other's ("Alexander Nikolayevich
# Samokhvalov" / "Aleksandr Nikolaevich Samokhvalov"): a transliteration, not a namesake's variant.
UNCAPPED_SPELLINGS = ("same name, another spelling", "same surname, given names spelled differently")
REVIEW_CAP = 3.0  # log2 odds just below the automatic threshold's (0.9 is 3.17 bits): a review link at most


def score_pair(a: AliasInfo, b: AliasInfo, fa: tuple[NameForm, ...], fb: tuple[NameForm, ...],
               name_counts: Counter[str], surnames: SurnameFrequency | None = None,
               explain: bool = True, acronym: str | None = None,
               rarity: NameRarity | None = None, sources: tuple[str, str] | None = None,
               gaps: GapWeights = DEFAULT_GAPS,
               initial_counts: Counter[str] | None = None,
               names: tuple[str | None, float, str, str] | None = None,
               known: tuple[bool, bool, frozenset[str], frozenset[str]] | None = None) -> tuple[float, str] | None:
    """(probability, evidence) that two aliases are one person; None if the names disagree.
    With `explain` False the evidence is "" (candidate generation only needs the number).
    `acronym`: one name is this acronym of the other's ("NASA"), a name level of its own.
    `rarity`: when one side has no life dates, a whole name's rarity decides (`NameRarity`);
    `sources`: the two sources compared (default: the aliases' own; profiles span sources);
    `initial_counts`: per "surname|first initial", the most agents one source gives it (an undated
    initial decides by rarity only when that is one on both sides); `names`: `compare_names(fa, fb)`,
    when the caller has it already; `known`: (`is_collective` of a's name, of b's, `generations` of fa,
    of fb), when the caller has them (they are the same for every pair of a profile)."""
    collective_a, collective_b, ga, gb = known if known is not None else (
        is_collective(a.name), is_collective(b.name), generations(fa), generations(fb))
    if not acronym and collective_a != collective_b:
        return None  # a collective is not one of its members ("Gilbert & George" / "George Gilbert")
    if (a.bio or b.bio) and active_conflict(a, b):
        return None  # "active 1803-1809" is not someone born in 1963
    born = _years(a.birth_year, b.birth_year, _agree(a.death_year, b.death_year), gaps=gaps)
    died = _years(a.death_year, b.death_year, _agree(a.birth_year, b.birth_year), death=True, gaps=gaps)
    if not explain and HOPELESS in (born[0], died[0]):
        return None  # far-apart life years: no name can make this one person, skip comparing names
    if markers_differ(ga, gb):
        return None  # different generation markers: "Jan Brueghel the Elder" / "Jan Brueghel II"
    level, weight, form_a, form_b = names if names is not None else compare_names(fa, fb)
    if level in YEARS_ONLY_LEVELS and not _both_years_agree(a, b):
        return None  # given names with nothing in common, or one alone: only both life years could tell
    a_undated = a.birth_year is None and a.death_year is None
    b_undated = b.birth_year is None and b.death_year is None
    if level == GIVEN_IN_ANOTHER_LANGUAGE and (a_undated or b_undated) \
            and not (len(form_a.split()) == 2 == len(form_b.split())
                     and surnames is not None and surnames.counts[_last(form_a)] <= 1):
        # "Ian Murray" / "John Robert Murray", "Jon Hassell" / "John G. T. Hassell": a language's two forms
        # of one name beside other given names are two people in many catalogues, and so are "Jan Müller"
        # and "Johann Müller" where a source holds other Müllers. One given name each, of a surname no
        # source gives anyone else ("Giuseppe Quillaro" / "Joseph Quillaro"), is weighed like a spelling
        # of it: review at most.
        return None
    if level is not None and NAME_LEVELS.get(level, 0.0) < NAME_LEVELS["same first and last name"] \
            and (_last(form_a) != _last(form_b) or level in WHOLE_NAME_SPELLINGS) \
            and rarity is not None and (a_undated or b_undated):
        # Without dates a spelling variant counts only in the given names (below), so the best pair
        # of forms by weight may be one that cannot count ("Natalia Goncharova" / the alternate
        # "Natalia Gontcharova") while another can ("Natalija Sergeevna Goncharova"): take that one.
        # A whole name spelled closely with one surname ("Barnett Newman" / "Barnet Newman") is
        # read the same way: a given name spelled differently.
        kept = compare_names(fa, fb, same_surname=True)
        if kept[0] in UNDATED_LEVELS:
            level, weight, form_a, form_b = kept
    if level is None and acronym:
        level, weight, form_a, form_b = ACRONYM_LEVEL, ACRONYM_WEIGHT, fold(a.name), fold(b.name)
    if level is None:
        return None
    parts = [f"name '{form_a}' / '{form_b}': {level}"] if explain else []
    common = max(name_counts[form_a], name_counts[form_b])
    shared_by = "this name"
    if level in INITIAL_LEVELS and initial_counts is not None:
        # "K. Walker" names any K. Walker: as many people as one source gives that surname and initial
        initial = max(initial_counts[_initial_key(form_a)], initial_counts[_initial_key(form_b)])
        if initial > common:
            common, shared_by = initial, "this surname and initial"
    surname = _last(form_a)
    if level == OTHER_GIVEN_NAMES and surnames is not None and surnames.counts[surname] > common:
        # only the surname is shared: every person of that surname in a source is a namesake
        common, shared_by = surnames.counts[surname], "this surname"
    if common > 1:  # term-frequency adjustment: "John Smith" says less than "Winslow Homer"
        weight -= math.log2(common)
        if explain:
            parts.append(f"{common} people in one source share {shared_by}")
    undated = a_undated or b_undated
    rare = None
    # Without dates, a name whose surname is written first ("Breer Robert C.") is weighed as the
    # level it reaches read in display order, less the cost of not knowing which word is the
    # surname: the undated rules below read that order (`level`, `form_a`, `form_b` kept for the rest).
    # Only for levels that keep every word: one uncertainty (which word is the surname) at a time.
    u_level, u_a, u_b, cost = level, form_a, form_b, 0.0
    if undated and level.startswith(SURNAME_FIRST) and level.removeprefix(SURNAME_FIRST) in WHOLE_NAME_LEVELS:
        u_level, cost = level.removeprefix(SURNAME_FIRST), SURNAME_FIRST_COST
        u_a, u_b = _display_order(form_a, form_b)
    # A one-word name ("Chryssa") is weighed by its rarity too, when both give it exactly: its word
    # count already says how many other names use that word (a "Moore" alone says little).
    # An acronym ("NASA") is a one-word name too: without dates, its rarity weighs it the same way.
    mononym = u_level in ("exact", ACRONYM_LEVEL) and (" " not in u_a or " " not in u_b) \
        and (u_level == ACRONYM_LEVEL or " " not in u_a + u_b)
    level_weight = NAME_LEVELS.get(u_level, ACRONYM_WEIGHT)
    base = level_weight - cost
    initials = u_level in INITIAL_LEVELS
    if initials and (initial_counts is None or max(initial_counts[_initial_key(u_a)],
                                                   initial_counts[_initial_key(u_b)]) > 1
                     or not _given_covered(u_a, u_b)):
        # "E. Kirchner" where a source has two E. Kirchners, or "C. S. Price" / "Cedric Price"
        # (a given name the other lacks): not decided by rarity
        undated = False
    if undated and level_weight < NAME_LEVELS["same first and last name"] and not mononym \
            and _last(u_a) != _last(u_b) and u_level != "same name, another spelling":
        # without dates a variant is taken in the given names only ("Julian Levi" / "Julien Levy"
        # are two people), unless every word is the same by sound (a transliteration: "Natalia
        # Goncharova" / "Natalja Gontcharova")
        undated = False
    if undated and u_level in GIVEN_SPELLING_LEVELS and feminine_form(u_a.partition(" ")[0], u_b.partition(" ")[0]):
        undated = False  # "Paula Quist" is not "Paul Quist" written another way: only life years could say so
    if undated and rarity and u_a != u_b and u_level not in ("exact", "same words, other order"):
        # "Marisa Merz" (1926-2019) / an undated "Mario Merz": her source holds a "Mario Merz" of its
        # own, the better match for a name without dates; this variant is not a link then.
        # Unless that record has this one's life years: then it is most likely this one written
        # twice in its source ("Winslow Homer" and "W. Homer", both 1836-1910). Nor when the
        # undated record's own source holds the other's name exactly (an undated "Pierre Clerc"
        # beside its source's "Pierre Clerk"): that record is the better match.
        source_a, source_b = sources or (a.source, b.source)
        if (b_undated and (_held_by_another(rarity, u_b, source_a, a) or (u_a, source_b) in rarity.held)) \
                or (a_undated and (_held_by_another(rarity, u_a, source_b, b) or (u_b, source_a) in rarity.held)):
            return None
    if undated and rarity and (u_level in UNDATED_LEVELS or mononym) and (mononym or (" " in u_a and " " in u_b)):
        # the form that says less: fewer words, or (initials) more of them one letter
        shorter = min(u_a, u_b, key=lambda f: (len(f.split()), -sum(len(w) == 1 for w in f.split()), f))
        tokens = tuple(shorter.split())
        if u_level == "same first and last name":
            tokens = (tokens[0], tokens[-1])
        source_a, source_b = sources or (a.source, b.source)
        penalty = 0.0 if initials else NAME_LEVELS["exact"] - base
        rare = rarity.odds(tokens, source_a, source_b, penalty, initials=initials)
        if u_level in SPELLING_LEVELS and len(u_a.split()) == len(u_b.split()):
            # a name's rarity is that of its commoner spelling: a respelled word ("Maurike") is rare
            # in the counts because it is a respelling, not because the name is rare
            other = u_b if shorter == u_a else u_a
            rare = min(rare, rarity.odds(tuple(other.split()), source_a, source_b, penalty))
        if level_weight < NAME_LEVELS["same first and last name"] and u_level not in UNCAPPED_SPELLINGS \
                and not (initials and surnames is not None and surnames.counts[_last(u_a)] <= 1):
            # without dates a spelling variant (Cornelis / Cornelius): review at most; but initials that fit
            # the given names ("M. C. Escher" / "Maurits Cornelis Escher") of a surname no source gives
            # anyone else are weighed by that rarity
            rare = min(rare, REVIEW_CAP)
        elif u_level == "same name, another spelling" and len(u_a.split()) != len(u_b.split()):
            rare = min(rare, REVIEW_CAP)  # respelled and a middle initial on one side too ("Ross E. Moffett")
        weight += rare - PRIOR - base  # the whole name's rarity replaces prior + name level
        if explain:
            parts.append(f"no life dates on one side: the name's rarity gives {rare:+.1f} bits")
    # A rare surname makes agreeing life years say more. Without dates, a level the undated rules
    # above do not weigh ("Mrs Forrest" / "Mars Forrest": a close spelling) has nothing it could
    # strengthen: alone it made such pairs exactly even odds, a review link on no evidence.
    if rare is None and not undated and surnames and " " in form_a and " " in form_b and surname == _last(form_b):
        bonus = surnames.bonus(surname)
        if bonus > 0:
            weight += bonus
            if explain:
                parts.append(f"rare surname ({surnames.counts[surname]} in a source)")
    unique = _unique_name_odds(level, common, form_a, form_b, gaps, rarity, sources or (a.source, b.source)) \
        if rare is None else None
    if unique is not None and unique - PRIOR > weight:
        # A whole name each source gives one person: the odds measured for exactly such pairs in the
        # data being linked (the life-year EM's match share, graph.link.date_weights; for this name,
        # its calibrated rarity, NameRarity) replace prior + name level; the years still weigh.
        weight = unique - PRIOR
        if explain:
            parts.append(f"each source gives this name one person: {unique:+.1f} bits before the years")
    if ga and gb:
        weight += GENERATION_AGREE
        if explain:
            parts.append(f"same {markers_text(ga & gb)}")
    elif ga or gb:
        weight += GENERATION_ONE_SIDE
        if explain:
            parts.append(f"{markers_text(ga | gb)} on one side only")
    nationality = _nationality(a.nationality, b.nationality, gaps)
    weight += born[0] + died[0] + nationality[0]
    if explain:
        parts += [_say(t, label, x, y) for t, label, x, y in ((born[1], "born", a.birth_year, b.birth_year),
                                                              (died[1], "died", a.death_year, b.death_year)) if t]
        if nationality[1]:
            parts.append(nationality[1])
        if a_undated or b_undated:
            parts.append("no life dates to compare")
    if a.kind != b.kind and not collective_a and not acronym:  # MoMA files collectives as people
        weight -= 2.0
        if explain:
            parts.append(f"{a.kind} vs {b.kind}")
    total = PRIOR + weight
    if level in YEARS_ONLY_LEVELS:
        total = min(total, REVIEW_CAP)  # given names with nothing in common, or one alone: a curator's call
    probability = 1.0 / (1.0 + 2.0 ** (-total)) if total > -60 else 0.0
    return probability, "; ".join(parts) if explain else ""


UNIQUE_NAME_LEVELS = ("exact", "same words, other order")


def _both_years_agree(a: AliasInfo, b: AliasInfo) -> bool:
    """Both give a birth and a death year, each within a year of the other's."""
    return None not in (a.birth_year, b.birth_year, a.death_year, b.death_year) \
        and abs(a.birth_year - b.birth_year) <= 1 and abs(a.death_year - b.death_year) <= 1  # type: ignore[operator]


def _last(form: str) -> str:
    return form.rpartition(" ")[2]


def _display_order(form_a: str, form_b: str) -> tuple[str, str]:
    """Two forms `compare_names` matched with one surname written first: that one in display order
    ("breer robert c" / "robert breer" -> "robert c breer"), its first word (the other's surname) last."""
    wa, wb = form_a.split(), form_b.split()
    if wa[0] == wb[-1]:
        return " ".join(wa[1:] + wa[:1]), form_b
    return form_a, " ".join(wb[1:] + wb[:1])


def _held_by_another(rarity: NameRarity, name: str, source: str, alias: AliasInfo) -> bool:
    """`source` holds a record of exactly `name` and none of them has `alias`'s life years (each
    year both give within 2): another person of that name, not `alias` written another way."""
    held = rarity.held.get((name, source))
    if not held or alias.birth_year is None and alias.death_year is None:
        return bool(held)
    return not any(_agree_or_unknown(born, alias.birth_year) and _agree_or_unknown(died, alias.death_year)
                   and (born is not None or died is not None) for born, died in held)


def _agree_or_unknown(x: int | None, y: int | None) -> bool:
    return x is None or y is None or abs(x - y) <= 2


def _unique_name_odds(level: str, common: int, form_a: str, form_b: str, gaps: GapWeights,
                      rarity: NameRarity | None, sources: tuple[str, str]) -> float | None:
    """Log2 odds that two dated agents are one person because their whole name (two words or more,
    the same words) is one each source gives only one person: the match share the life-year EM
    estimated over exactly those pairs, in the data being linked, at most this name's calibrated
    rarity (less the name level's own shortfall for another word order). None when the EM did not
    run on whole names."""
    if level not in UNIQUE_NAME_LEVELS or common > 1 or " " not in form_a or " " not in form_b:
        return None
    share = gaps.match_share
    if not gaps.pairs or gaps.key != "whole name" or share is None or not 0.5 < share < 1:
        return None
    shortfall = NAME_LEVELS["exact"] - NAME_LEVELS[level]
    odds = math.log2(share / (1 - share)) - shortfall
    if rarity is not None:
        odds = min(odds, rarity.odds(tuple(min(form_a, form_b, key=len).split()), *sources, shortfall))
    return odds


def _given_covered(form_a: str, form_b: str) -> bool:
    """Every given name of the form written with more initials fits, in order, a given name of the
    other: "c r savage" / "charles r savage", "e degas" / "hilaire germain edgar degas"; not "c s
    price" / "cedric price" (a second given name the other does not have)."""
    a, b = form_a.split()[:-1], form_b.split()[:-1]
    short, long = (a, b) if sum(len(w) == 1 for w in a) >= sum(len(w) == 1 for w in b) else (b, a)
    rest = iter(long)
    return all(any(w == x or (len(w) == 1 and x.startswith(w)) for x in rest) for w in short)


def _different_names(names: set[str]) -> int:
    """How many given names are left when spellings and short forms of one are taken as one
    ("Mikhail" / "Michail", "Alex" / "Alexander")."""
    groups: list[str] = []
    for name in sorted(names, key=len):
        if not any(one_given_name(name, g) for g in groups):
            groups.append(name)
    return len(groups)


def _initial_key(full: str) -> str:
    words = full.split()
    return f"{words[-1]}|{words[0][0]}"


class PairScorer:
    """Blocks and scores the cross-source agent pairs of one set of aliases.

    Aliases that agree on everything scoring reads (kind, names, life years, nationality, ids)
    form one *profile*: a big catalogue names the same person the same way thousands of times.
    Blocking and scoring run over profiles, so a block holds each way of writing a name once
    (`graph.link.profiles`); a scored profile pair is merged through a few member pairs that
    connect all its members (`graph.link.best_first`), not every member pair.

    `candidates` gives only (probability, pa, pb), profile numbers: at a million mentions the
    evidence strings of every candidate pair would cost gigabytes, so `evidence_of` rebuilds them
    for the pairs that merge (given as alias positions in sorted key order, `position`).
    """

    def __init__(self, aliases: dict[str, AliasInfo], position: dict[str, int] | None = None) -> None:
        """`position`: each key's place in sorted key order, when the caller has it (`Clusters.at`)."""
        self.aliases = aliases
        self.position = position if position is not None else {k: i for i, k in enumerate(sorted(aliases))}
        self.profiles = Profiles([a for a in aliases.values() if a.kind in AGENT_KINDS])
        reps = self.profiles.representatives
        self.forms = _unclaimed(self.profiles, *_forms_of_each(reps))
        self.initialisms = {p: i for p, a in enumerate(reps) if (i := _initialisms(a))}
        self._evidence: dict[tuple[int, int], str] = {}
        # Whether any pair can be scored: pairs are cross-source, so one source alone has none (the
        # statistics below are then computed only if subject terms ask for them).
        self.cross_source = len({s for sources in self.profiles.member_sources for s in sources}) > 1

    # Statistics over all the agents being linked, computed when first read (the same values either way).
    @cached_property
    def name_counts(self) -> Counter[str]:
        # a firm's form without "Inc." or "Company" meets bodies only: "David Anderson and Company" is no
        # namesake of the person David Anderson
        return self.profiles.most_in_one_source(lambda p: {f.full for f in self.forms[p] if not f.firm})

    @cached_property
    def surnames(self) -> SurnameFrequency:
        return _surnames_per_source(self.profiles, self.forms)

    @cached_property
    def initial_counts(self) -> Counter[str]:
        """How many agents one source gives each "surname|first initial" (any of their names), or how
        many different given names all sources write with it, if more: "T. Cole" fits Thomas Cole of
        one museum and Timothy Cole of another, and an initial cannot tell which."""
        counts = self.profiles.most_in_one_source(lambda p: {_initial_key(f.full) for f in self.forms[p]
                                                             if len(f.tokens) > 1})
        given: dict[str, set[str]] = defaultdict(set)
        for forms in self.forms:
            for f in forms:
                if len(f.tokens) > 1 and len(f.first) > 1:
                    given[_initial_key(f.full)].add(f.first)
        for key, names in given.items():
            if len(names) > max(counts[key], 1):
                counts[key] = max(counts[key], _different_names(names))
        return counts

    @cached_property
    def acronyms(self) -> dict[int, set[str]]:
        reps = self.profiles.representatives
        acronyms = {p: x for p, a in enumerate(reps) if (x := _acronyms(a))}
        # An acronym two organisations of one source expand to ("MMA") names neither for sure; nor
        # one that two bodies sharing no word of their names expand to, in any sources ("AEG": André
        # Emmerich Gallery, Akers Erwin Gasparella).
        spelled = self.profiles.most_in_one_source(lambda p: acronyms.get(p, set()))
        words: dict[str, list[set[str]]] = defaultdict(list)
        for p, found in acronyms.items():
            for x in found:
                words[x].append(set(fold(reps[p].name).split()) - JOINERS - SMALL_WORDS)
        apart = {x for x, sets in words.items() if any(a.isdisjoint(b) for i, a in enumerate(sets) for b in sets[i + 1:])}
        return {p: {x for x in v if spelled[x] == 1 and x not in apart} for p, v in acronyms.items()}

    @cached_property
    def rarity(self) -> NameRarity:
        return _name_rarity(self.profiles, self.forms)

    @cached_property
    def gaps(self) -> GapWeights:
        multi = [fs[0] if fs and len(fs[0].tokens) > 1 else None for fs in self.forms]
        return estimate(self.profiles.representatives, self.profiles.member_sources,
                        [f.full if f else None for f in multi],
                        [f"{f.last}|{f.first[0]}" if f else None for f in multi])

    def acronym(self, pa: int, pb: int) -> str | None:
        """The acronym one profile is of the other's name, if any."""
        for short, long in ((pa, pb), (pb, pa)):
            shared = self.initialisms.get(short, set()) & self.acronyms.get(long, set())
            if shared:
                return min(shared)
        return None

    def _score(self, pa: int, pb: int, explain: bool = False,
               names: tuple[str | None, float, str, str] | None = None) -> tuple[float, str] | None:
        reps, forms = self.profiles.representatives, self.forms
        # Only names written as an acronym can be one ("NASA"): most pairs skip the lookup.
        acronym = self.acronym(pa, pb) if pa in self.initialisms or pb in self.initialisms else None
        collective, marks = self._collective, self._generations
        return score_pair(reps[pa], reps[pb], forms[pa], forms[pb], self.name_counts, self.surnames,
                          explain=explain, acronym=acronym, rarity=self.rarity,
                          sources=self._sources(pa, pb), gaps=self.gaps, initial_counts=self.initial_counts,
                          names=names, known=(collective[pa], collective[pb], marks[pa], marks[pb]))

    @cached_property
    def _collective(self) -> list[bool]:
        """Per profile: `is_collective` of its name (read for every pair it is in)."""
        return [is_collective(r.name) for r in self.profiles.representatives]

    @cached_property
    def _generations(self) -> list[frozenset[str]]:
        """Per profile: the generation markers of its forms (read for every pair it is in)."""
        return [generations(fs) for fs in self.forms]

    @cached_property
    def form_ids(self) -> numpy.ndarray:
        """Per profile, a number for its forms: profiles that write a name alike (other dates, another
        nationality) share one, so a name comparison is made once for all of them."""
        ids: dict[tuple[NameForm, ...], int] = {}
        return numpy.array([ids.setdefault(fs, len(ids)) for fs in self.forms], dtype=numpy.int64)

    def _sources(self, pa: int, pb: int) -> tuple[str, str]:
        """Two different sources the members of two profiles (or of one) come from, if there are."""
        first = self._first_sources[pa][0]
        # pb's first member source other than `first`: its first source, else its second.
        one, two = self._first_sources[pb]
        other = one if one != first else two
        return (first, other) if other else (first, first)

    @cached_property
    def _first_sources(self) -> list[tuple[str, str | None]]:
        """Per profile: the source of its first member and the first other source among its members."""
        return [(s[0], next((x for x in s if x != s[0]), None)) for s in self.profiles.member_sources]

    @cached_property
    def member_positions(self) -> list[list[int]]:
        """Per profile, its members' positions in sorted key order (`position`; in that order, as `connecting` needs)."""
        position = self.position
        return [[position[k] for k in members] for members in self.profiles.members]

    @cached_property
    def profile_at(self) -> array:
        """The profile of each position in sorted key order (-1: not an agent)."""
        out = array("q", [-1]) * len(self.position)
        for p, positions in enumerate(self.member_positions):
            for i in positions:
                out[i] = p
        return out

    @cached_property
    def _singles(self) -> frozenset[str]:
        """Every one-word name: a bare surname key ("l:matta") is kept only when one exists."""
        return frozenset(f.last for fs in self.forms for f in fs if len(f.tokens) == 1)

    @cached_property
    def _surname_words(self) -> frozenset[str]:
        """Words the data use as a surname at least half as often as as a first word: only a name that
        starts with one may be written surname first ("Ikeda Masuo"). "John" starts thousands of
        names: a key "john|s" for each would put every John S. in one block."""
        firsts: Counter[str] = Counter()
        lasts: Counter[str] = Counter()
        for fs in self.forms:
            for f in fs:
                if len(f.tokens) > 1:
                    firsts[f.first] += 1
                    lasts[f.last] += 1
        return frozenset(w for w, n in lasts.items() if 2 * n >= firsts[w])

    def _surname_first(self, word: str) -> bool:
        return word in self._surname_words

    def block_keys(self, p: int) -> frozenset[str]:
        """The blocking keys of profile p: two profiles are compared only if they share one."""
        forms, rep, singles = self.forms[p], self.profiles.representatives[p], self._singles
        keys = {k for k in blocking_keys(forms, self._surname_first)
                if not (k.startswith("l:") and "|" not in k and k[2:] not in singles)}
        keys |= {"a:" + x for x in self.initialisms.get(p, set()) | self.acronyms.get(p, set())}
        if rep.birth_year and rep.death_year and forms:
            # Identical life dates meet whatever the spelling ("Natalia Goncharova" / "Natalija
            # Gontcharova"); the surname's transliterated initial keeps these blocks small.
            keys.add(f"y:{rep.birth_year}-{rep.death_year}|{translit(forms[0].last)[:1]}")
            # ... and an artist known by the given name alone meets the full name ("Chryssa" / "Chryssa
            # Vardea"): by the given name's initial
            keys.add(f"y:{rep.birth_year}-{rep.death_year}|g{translit(forms[0].first)[:1]}")
        return frozenset(keys)

    def candidates(self, *, min_score: float) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """(probability, pa, pb) arrays: the profile pairs with probability >= min_score
        (pa == pb: one profile whose members come from several sources). Their member pairs are
        joined best first by `graph.link.best_first`. Blocks become profile pairs in arrays
        (`graph.link.blocking`); pairs that cannot score are dropped there in bulk (`_hopeless`); the
        rest are scored on every core (`graph.link.forked`)."""
        if not self.cross_source:
            return numpy.zeros(0), numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.int64)
        n = forked.workers(len(self.profiles))
        _ = self.acronyms  # scoring reads it too: made once, before any fork
        if n > 1:
            # The profiles hold the forms they need; the rest of `name_forms`' cache (up to 200,000 names)
            # would only be pages the fork copies (1M records: about 100 MB off the link stage's peak).
            name_forms.cache_clear()
        # Blocking in a forked child while this process makes the statistics scoring reads (both
        # take seconds at a million mentions); both are done before the scorers fork.
        pairs = forked.beside(self._blocked_pairs) if n > 1 else None
        _ = (self.name_counts, self.surnames, self.rarity, self.gaps, self._first_sources, self.initial_counts,
             self.member_positions, self.profile_at, self._collective, self._generations)
        left, right = pairs() if pairs is not None else self._blocked_pairs()
        # Pairs in the order of their two names' form numbers: pairs that compare the same two ways of
        # writing a name (half of the blocked pairs at scale) come one after another, so `_scored`
        # compares those names once; each part takes a run of that order.
        form_ids = self.form_ids
        order = numpy.lexsort((form_ids[right], form_ids[left]))
        left, right = left[order], right[order]
        bounds = [len(order) * i // n for i in range(n + 1)]
        parts = [partial(self._scored, left[bounds[i]:bounds[i + 1]], right[bounds[i]:bounds[i + 1]], min_score,
                         own=range(i, len(self.profiles), n))
                 for i in range(n)]
        return forked.run(parts)

    def _blocked_pairs(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The profile pairs to score: blocked (`graph.link.blocking`), less those that cannot score."""
        profiles = self.profiles
        blocks: dict[str, list[int]] = defaultdict(list)
        for p in range(len(profiles)):
            for key in self.block_keys(p):
                blocks[key].append(p)
        # In key order; a block of one gives no pair (at a million records three in four keys): its
        # list and the keys' strings are freed before the pairs are made.
        members = [m for k in sorted(blocks) if len(m := blocks[k]) > 1]
        del blocks
        reps, forms = profiles.representatives, self.forms
        return block_pairs(members, partial(_window_order, reps, forms), len(profiles), drop=self._hopeless())

    def _hopeless(self) -> Callable[[numpy.ndarray, numpy.ndarray], numpy.ndarray]:
        """A test of profile pairs (left, right) that `score_pair` would refuse before comparing names,
        for many pairs at once: both profiles from one source only, a collective and a non-collective
        (no acronym possible), or a life year far apart that no rule excuses (`_years`: over 10
        years, not two swapped digits, the other year not within 2). Blocking applies it to each
        chunk of pairs: at a million records three in four blocked pairs are hopeless."""
        profiles, reps = self.profiles, self.profiles.representatives
        code = {s: c for c, s in enumerate(sorted({s for s in profiles.only_source if s}))}
        only = numpy.array([code[s] if s else -1 for s in profiles.only_source], dtype=numpy.int64)
        collective = numpy.array(self._collective, dtype=bool)
        acronyms = numpy.zeros(len(reps), dtype=bool)
        acronyms[list(self.initialisms)] = True
        born, has_born = _year_array([r.birth_year for r in reps])
        died, has_died = _year_array([r.death_year for r in reps])

        def hopeless(left: numpy.ndarray, right: numpy.ndarray) -> numpy.ndarray:
            out = (only[left] >= 0) & (only[left] == only[right])
            out |= (collective[left] != collective[right]) & ~acronyms[left] & ~acronyms[right]
            born_gap = numpy.abs(born[left] - born[right])
            died_gap = numpy.abs(died[left] - died[right])
            both_born, both_died = has_born[left] & has_born[right], has_died[left] & has_died[right]
            # Two swapped digits differ by a multiple of 9: those are left to `transposed`.
            out |= both_born & (born_gap > 10) & (born_gap % 9 != 0) & ~(both_died & (died_gap <= 2))
            out |= both_died & (died_gap > 10) & (died_gap % 9 != 0) & ~(both_born & (born_gap <= 2))
            return out

        return hopeless

    def _scored(self, left: numpy.ndarray, right: numpy.ndarray, min_score: float, *,
                own: range) -> Iterator[tuple[float, int, int]]:
        """These profile pairs that score, and the profiles `own` with themselves (one profile,
        several sources: the same name and dates met twice; spread over the parts like the rest)."""
        profiles = self.profiles
        for p in own:
            if profiles.sources[p] > 1:
                scored = self._score(p, p)
                if scored and scored[0] >= min_score:
                    yield (scored[0], p, p)
        forms, initialisms, form_ids = self.forms, self.initialisms, self.form_ids.tolist()
        reps = profiles.representatives
        compare = compare_names.__wrapped__  # each pair of forms once here (the order above): no cache
        last, names = (-1, -1), None
        for pa, pb in zip(left.tolist(), right.tolist(), strict=True):
            if (form_ids[pa], form_ids[pb]) != last:
                last = (form_ids[pa], form_ids[pb])
                names = compare(forms[pa], forms[pb])
            # Most blocked pairs have names that do not agree at all (`score_pair` would say None after
            # its other checks): the name comparison alone turns them away. So it does for a shared
            # surname alone without both life years agreeing (`score_pair`'s rule; 280k of 2.5M
            # blocked pairs at a million mentions, 91 of them kept).
            if names[0] is None and pa not in initialisms and pb not in initialisms:
                continue
            if names[0] in YEARS_ONLY_LEVELS and not _both_years_agree(reps[pa], reps[pb]):
                continue
            scored = self._score(pa, pb, names=names)
            if scored and scored[0] >= min_score:
                yield (scored[0], pa, pb)

    def evidence_of(self, left: Sequence[int], right: Sequence[int]) -> list[str]:
        """Why each pair of aliases (positions in sorted key order, `left[k]` with `right[k]`) was
        linked. Profile pairs repeat (many members), so each is explained once; at scale the
        explanations are made on every core (`graph.link.forked`)."""
        profile_at = self.profile_at
        wanted = list(zip([profile_at[i] for i in left], [profile_at[j] for j in right], strict=True))
        todo = [pair for pair in dict.fromkeys(wanted) if pair not in self._evidence]
        self._evidence.update(zip(todo, forked.mapped(self._explain, todo), strict=True))
        return [self._evidence[pair] for pair in wanted]

    def _explain(self, pairs: list[tuple[int, int]]) -> list[str]:
        out = []
        for pair in pairs:
            scored = self._score(*pair, explain=True)
            out.append(scored[1] if scored else "")
        return out


def _surnames_per_source(profiles: Profiles, forms: list[tuple[NameForm, ...]]) -> SurnameFrequency:
    counts = profiles.most_in_one_source(lambda p: {f.last for f in forms[p] if len(f.tokens) > 1})
    named: list[int] = []
    for p, fs in enumerate(forms):
        if fs and len(fs[0].tokens) > 1:
            named += [counts[fs[0].last]] * profiles.size[p]
    return SurnameFrequency(counts, sum(named) / len(named) if named else 1.0)


def _name_rarity(profiles: Profiles, forms: list[tuple[NameForm, ...]]) -> NameRarity:
    """Word counts over every agent's main name form, agents per source, and per source pair the
    names each holds exactly once (`NameRarity`), counted over profile members."""
    words: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    mononyms = 0
    sizes: Counter[str] = Counter()
    per_source: Counter[tuple[str, str]] = Counter()
    holders: dict[str, dict[str, AliasInfo]] = defaultdict(dict)  # name -> source -> a holder's profile
    held: dict[tuple[str, str], tuple[tuple[int | None, int | None], ...]] = {}
    for p, rep in enumerate(profiles.representatives):
        counts = dict(profiles.source_counts[p])
        sizes.update(counts)
        if forms[p]:
            main = forms[p][0]
            for token in set(main.tokens):
                words[token] += profiles.size[p]
            if len(main.tokens) == 1:
                mononyms += profiles.size[p]
            else:
                letters[main.first[0]] += profiles.size[p]
            years = (rep.birth_year, rep.death_year)
            for source, n in counts.items():
                # the sources' overlap counts a name in any word order ("Homer Winslow" is "Winslow Homer")
                per_source[(main.sorted_key, source)] += n
                holders[main.sorted_key].setdefault(source, rep)
                known = held.get((main.full, source), ())
                if years not in known:
                    held[(main.full, source)] = (*known, years)
    once: dict[str, list[str]] = defaultdict(list)
    for (name, source), n in per_source.items():
        if n == 1:
            once[name].append(source)
    shared: Counter[tuple[str, str]] = Counter()
    dated: list[tuple[str, str, str, AliasInfo, AliasInfo]] = []
    for name, sources in once.items():
        ordered = sorted(sources)
        for i, x in enumerate(ordered):
            for y in ordered[i + 1:]:
                shared[(x, y)] += 1
                a, b = holders[name][x], holders[name][y]
                if a.birth_year and b.birth_year and " " in name:
                    dated.append((name, x, y, a, b))
    rarity = NameRarity(words, max(sum(sizes.values()), 1), dict(sizes), dict(shared), mononyms=mononyms,
                        letters=letters, held=held)
    dated.sort(key=lambda item: short_hash(item[0], item[1], item[2]))  # a fixed sample for the same data
    pairs = [(rarity.raw(tuple(name.split()), x, y), abs(a.birth_year - b.birth_year) <= 2)  # type: ignore[operator]
             for name, x, y, a, b in dated[:CALIBRATION_SAMPLE]]
    per_pair = Counter((x, y) for _, x, y, _, _ in dated)
    return calibrate(rarity, pairs, tuple(sorted(p for p, n in per_pair.items() if n >= MIN_CALIBRATION_PAIRS)))


def _forms_of_each(aliases: list[AliasInfo]) -> tuple[list[tuple[NameForm, ...]], list[frozenset[str]]]:
    """(`_forms_of` of each alias, the full forms of its main name), made once per way of writing the
    names (profiles that differ only in dates or nationality write them alike: two in five at a
    million mentions). On every core: each way of writing dealt in turn to this process and to forked
    children (`graph.link.forked.beside`; the costly names are not spread evenly over the keys), which
    send their forms back as plain tuples, made into NameForms here (at a million records the forms
    were 12-14 s of one core in the link stage; a NameForm pickles through Python code, a tuple of
    strings in C)."""
    nationalities = frozenset(fold(a.nationality) for a in aliases if a.nationality) - UNKNOWN_NATIONALITY
    written = [(alias.kind == "Organization", alias.name, tuple(alias.names)) for alias in aliases]
    first: dict[tuple[bool, str, tuple[str, ...]], AliasInfo] = {}
    for key, alias in zip(written, aliases, strict=True):
        first.setdefault(key, alias)
    todo = list(first.values())
    n = forked.workers(len(todo))
    others = [forked.beside(partial(_plain_forms_of_each, todo[k::n], nationalities)) for k in range(1, n)]
    here, here_mains = _forms_here(todo[::n], nationalities)
    forms: list[tuple[NameForm, ...]] = [()] * len(todo)
    mains: list[frozenset[str]] = [frozenset()] * len(todo)
    forms[::n], mains[::n] = here, here_mains
    made: dict[tuple[Any, ...], NameForm] = {}  # equal forms are one object, as in one process
    for k, other in enumerate(others, start=1):
        plain_forms, plain_mains = other()
        forms[k::n] = [tuple(made.get(p) or made.setdefault(p, NameForm(*p)) for p in fs) for fs in plain_forms]
        mains[k::n] = plain_mains
    at = {key: i for i, key in enumerate(first)}
    return [forms[at[key]] for key in written], [mains[at[key]] for key in written]


def _plain_forms_of_each(aliases: list[AliasInfo], nationalities: frozenset[str],
                         ) -> tuple[list[tuple[tuple[Any, ...], ...]], list[frozenset[str]]]:
    """`_forms_here`, each form as the tuple of its given fields (what NameForm(*fields) makes again)."""
    forms, mains = _forms_here(aliases, nationalities)
    plain: dict[int, tuple[tuple[Any, ...], ...]] = {}  # by the forms' tuple: aliases written alike share one
    out = [plain.get(id(fs)) or plain.setdefault(id(fs), tuple(_fields(f) for f in fs)) for fs in forms]
    return out, mains


def _fields(form: NameForm) -> tuple[Any, ...]:
    return (form.full, form.tokens, form.first, form.last, form.compact, form.generation, form.organisation,
            form.firm)


def _forms_here(aliases: list[AliasInfo], nationalities: frozenset[str],
                ) -> tuple[list[tuple[NameForm, ...]], list[frozenset[str]]]:
    """`_forms_of` of each alias and the full forms of its main name, made once per way of writing the
    names (profiles that differ only in dates or nationality write them alike: two in five at a
    million mentions). The main name's forms are taken here, while `name_forms` still holds them:
    at a million mentions its cache has let them go by the time `_unclaimed` asks (3 s)."""
    written: dict[tuple[bool, str, tuple[str, ...]], tuple[tuple[NameForm, ...], frozenset[str]]] = {}
    forms, mains = [], []
    for alias in aliases:
        body = alias.kind == "Organization"
        names = (body, alias.name, tuple(alias.names))
        made = written.get(names)
        if made is None:
            made = written[names] = (_forms_of(alias, nationalities),
                                     frozenset(f.full for f in name_forms(alias.name, body)))
        forms.append(made[0])
        mains.append(made[1])
    return forms, mains


def _forms_of(alias: AliasInfo, nationalities: frozenset[str] = frozenset()) -> tuple[NameForm, ...]:
    """The forms of an alias's names; none of a name that names nobody (`says_no_name`): MoMA's, AIC's
    and Tate's "Anonymous" are not one person, nor is NGA's "Private Collector" (an alternate name of
    a dealer) MoMA's."""
    out: list[NameForm] = []
    for name in dict.fromkeys([alias.name, *alias.names]):
        if name != alias.name and (_by_spouse(name) or _member_of(name, alias.name)):
            continue
        if says_no_name(name, nationalities):
            continue
        forms = name_forms(name, alias.kind == "Organization")
        if "(" in name:  # a bracket that only names a culture ("Winslow Homer (American)") is no other name
            forms = tuple(f for f in forms if not says_no_name(f.full, nationalities)) or forms
        if name == alias.name and _by_spouse(name):  # "Mrs. Julien Levy" is not Julien Levy
            forms = tuple(_spouse_form(f) for f in forms)
        for form in forms:
            if form not in out:
                out.append(form)
    return tuple(out)


def _unclaimed(profiles: Profiles, forms: list[tuple[NameForm, ...]],
               mains: list[frozenset[str]]) -> list[tuple[NameForm, ...]]:
    """Each profile's forms without the alternate names that another record of one of its sources
    has as its main name (`mains`: the full forms of each profile's main name): NGA gives Henry
    Harewood Robinson his father's name "Henry Peach Robinson" as an alternate, and holds the father
    as a record of his own. The source's own record of that name claims it; as the son's alternate it
    would only find the father elsewhere."""
    claimed: dict[str, set[str]] = defaultdict(set)  # a main name -> the sources holding a record of it
    source_sets = [set(sources) for sources in profiles.member_sources]
    for p, own in enumerate(mains):
        for full in own:
            claimed[full] |= source_sets[p]
    out = []
    for p, fs in enumerate(forms):
        sources = source_sets[p]
        kept = tuple(f for f in fs if f.full in mains[p] or f.full not in claimed or claimed[f.full].isdisjoint(sources))
        out.append(kept or fs)
    return out


def _by_spouse(name: str) -> bool:
    """"Tanguy, Yves Mrs." (NGA's alternate name for Kay Sage) names her by her husband: not her name."""
    return bool(SPOUSE_FORMS & set(fold(name).replace(".", " ").split()))


def _initialisms(alias: AliasInfo) -> set[str]:
    """Names written as an acronym: one word of 3-8 letters, at least 3 capitals ("NASA", "MoMA")."""
    out = set()
    for name in (alias.name, *alias.names):
        word = name.strip().replace(".", "")
        if 3 <= len(word) <= 8 and word.isalpha() and sum(c.isupper() for c in word) >= 3:
            out.add(word.casefold())
    return out


def _acronyms(alias: AliasInfo) -> set[str]:
    """What an organisation's name abbreviates to, with and without its small words:
    "National Aeronautics and Space Administration" -> nasa; "Museum of Modern Art" -> mma, moma."""
    if alias.kind != "Organization":
        return set()
    out = set()
    for name in (alias.name, *alias.names):
        words = [w for w in fold(name).split() if w not in JOINERS]
        if len(words) < 3:
            continue
        out.add("".join(w[0] for w in words if w not in SMALL_WORDS))
        out.add("".join(w[0] for w in words))
    return {x for x in out if len(x) >= 3}


def _spouse_form(form: NameForm) -> NameForm:
    return NameForm("mrs " + form.full, ("mrs", *form.tokens), "mrs", form.last, "mrs" + form.compact)


@lru_cache(maxsize=200_000)
def is_collective(name: str) -> bool:
    """"Gilbert & George", "Currier and Ives", "Dr. and Mrs. Samuel Finkelstein": two or more agents
    (a joiner between words; "Iain Baxter&" is one artist)."""
    words = [w.casefold() for w in name.replace("&", " & ").split()]
    return any(w in JOINERS for w in words[1:-1])


def _member_of(name: str, collective: str) -> bool:
    """"Peter Fischli" as an alternate name of "Fischli & Weiss": a member, not the collective."""
    if not is_collective(collective):
        return False
    return not set(fold(collective).split()) - JOINERS <= set(fold(name).split())


def _window_order(reps: list[AliasInfo], forms: list[tuple[NameForm, ...]], members: list[int]) -> list[int]:
    """A large block's members in name-then-birth-year order, for its sliding window."""
    return sorted(members, key=lambda p: (forms[p][0].full if forms[p] else "", reps[p].birth_year or 0, reps[p].key))


def _year_array(years: list[int | None]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Years as int64 (0 where unknown) and which are known."""
    known = numpy.array([y is not None for y in years], dtype=bool)
    return numpy.array([y if y is not None else 0 for y in years], dtype=numpy.int64), known
