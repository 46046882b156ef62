"""Probabilistic person linking: blocking, a Fellegi-Sunter style score, readable evidence.

Every pair of aliases from two different sources that shares a blocking key (surname +
an initial, the sorted name words, a single name, an acronym) is scored as a sum of log2 odds:
name agreement level (less for a name one source gives several people, more for a rare
surname), birth and death years (exact / within 2 / within 5 / within 10 / further),
nationality. The sum plus a prior becomes a probability. Blocks over MAX_BLOCK aliases are
compared in a sliding window. `graph.link.linker` merges the pairs best first, refusing merges that
would put incompatible life dates (or curator "not the same") in one entity. docs/linking.md
lists every weight.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy

from graph.link.aliases import AliasInfo
from graph.link.person_names import (
    NAME_LEVELS,
    NameForm,
    blocking_keys,
    compare_names,
    generations,
    name_forms,
    translit,
)
from ingest.normalise import fold, short_hash

AGENT_KINDS = ("Person", "Organization")
HOPELESS = -40.0  # life years that say "two people" outweigh any name
PRIOR = -10.0  # log2 odds that two blocked names are one person before any evidence
MAX_BLOCK = 100  # larger blocks are compared in a sliding window over their sorted members
WINDOW = 40  # each member of a large block meets this many neighbours after it
GENERATION_AGREE = 1.0  # both say "the Younger" (or Jr., II ...)
GENERATION_ONE_SIDE = -1.0  # one says "II", the other nothing: could be the father
JOINERS = {"&", "and", "und", "et"}
SMALL_WORDS = {"of", "the", "for", "de", "des", "du", "la", "le", "der", "die", "das", "di", "del", "y", "a", "an"}
ACRONYM_WEIGHT = 10.0  # "NASA" for an organisation whose words spell it, and no other of its source's
SPOUSE_FORMS = {"mrs", "mme", "madame", "frau"}
UNKNOWN_NATIONALITY = {"", "nationality unknown", "unknown", "various"}


def transposed(x: int, y: int) -> bool:
    """1914 / 1941: two digits swapped, a common typing error in life dates."""
    a, b = str(x), str(y)
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def _years(x: int | None, y: int | None, other_agrees: bool = False, exact: float = 6.0) -> tuple[float, str | None]:
    """Log2 odds from one pair of life years, and how to say why (a template for `_say`);
    `other_agrees`: the other life year is within 2 years."""
    if x is None or y is None:
        return 0.0, None
    gap = abs(x - y)
    if gap == 0:
        return exact, "{label} {x} = {y}"
    if gap == 1:
        return 4.5, "{label} {x} ~ {y}"
    if gap == 2:
        return 3.0, "{label} {x} ~ {y} (2 years)"
    if gap <= 5:
        return -1.0, "{label} {x} vs {y} ({gap} years)"
    if gap <= 10:
        return -6.0, "{label} {x} vs {y} ({gap} years)"
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


def _nationality(x: str | None, y: str | None) -> tuple[float, str | None]:
    fx, fy = fold(x or ""), fold(y or "")
    if fx in UNKNOWN_NATIONALITY or fy in UNKNOWN_NATIONALITY:
        return 0.0, None
    if fx == fy:
        return 1.0, f"nationality {x}"
    return -1.5, f"nationality {x} vs {y}"


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
    years), when there are enough of them (`calibrate`); else the values measured that way on
    MoMA-NGA (`DEFAULT_CALIBRATION`).
    """

    words: Counter[str]
    total: int
    sizes: dict[str, int]
    shared: dict[tuple[str, str], int]
    slope: float = 0.5
    offset: float = 3.0
    cap: float = 5.5

    def raw(self, tokens: tuple[str, ...], source_a: str, source_b: str) -> float:
        pair = (source_a, source_b) if source_a < source_b else (source_b, source_a)
        bits = math.log2(self.shared.get(pair, 0) + 0.5) - math.log2(self.sizes.get(source_a, 1)) \
            - math.log2(self.sizes.get(source_b, 1))
        for token in tokens:
            bits += math.log2(self.total) - math.log2(max(self.words[token] - 2, 0) + 0.5)
        return bits

    def odds(self, tokens: tuple[str, ...], source_a: str, source_b: str, penalty: float = 0.0) -> float:
        """Calibrated log2 odds that two aliases with this name (minus `penalty` bits for a looser
        name level) are one person, before nationality and kind."""
        return min(self.slope * (self.raw(tokens, source_a, source_b) - penalty) + self.offset, self.cap)


DEFAULT_CALIBRATION = (0.5, 3.0, 5.5)  # (slope, offset, cap) fitted on the 1,439 dated unique MoMA-NGA names
MIN_CALIBRATION_PAIRS = 100
CALIBRATION_SAMPLE = 2000


def calibrate(rarity: NameRarity, pairs: list[tuple[float, bool]]) -> NameRarity:
    """Fit (slope, offset, cap) by log loss on (raw odds, dates agree) pairs; too few: the defaults."""
    if len(pairs) < MIN_CALIBRATION_PAIRS:
        slope, offset, cap = DEFAULT_CALIBRATION
        return NameRarity(rarity.words, rarity.total, rarity.sizes, rarity.shared, slope, offset, cap)
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
    return NameRarity(rarity.words, rarity.total, rarity.sizes, rarity.shared, *best[1:])


UNDATED_LEVELS = ("exact", "same words, other order", "same name, a word abbreviated", "same first and last name",
                  "same surname, given names spelled differently", "same surname, given name spelled differently",
                  "same surname, given name shortened")
UNDATED_VARIANT_CAP = 3.0  # without dates a spelling variant (Cornelis / Cornelius) is linked for review at most


def score_pair(a: AliasInfo, b: AliasInfo, fa: tuple[NameForm, ...], fb: tuple[NameForm, ...],
               name_counts: Counter[str], surnames: SurnameFrequency | None = None,
               explain: bool = True, acronym: str | None = None,
               rarity: NameRarity | None = None) -> tuple[float, str] | None:
    """(probability, evidence) that two aliases are one person; None if the names disagree.
    With `explain` False the evidence is "" (candidate generation only needs the number).
    `acronym`: one name is this acronym of the other's ("NASA"), a name level of its own.
    `rarity`: when one side has no life dates, a whole name's rarity decides (`NameRarity`)."""
    if not acronym and is_collective(a.name) != is_collective(b.name):
        return None  # a collective is not one of its members ("Gilbert & George" / "George Gilbert")
    born = _years(a.birth_year, b.birth_year, _agree(a.death_year, b.death_year))
    died = _years(a.death_year, b.death_year, _agree(a.birth_year, b.birth_year), exact=5.0)
    if not explain and HOPELESS in (born[0], died[0]):
        return None  # far-apart life years: no name can make this one person, skip comparing names
    ga, gb = generations(fa), generations(fb)
    if ga and gb and not ga & gb:
        return None  # different generation markers: "Jan Brueghel the Elder" / "Jan Brueghel II"
    level, weight, form_a, form_b = compare_names(fa, fb)
    if level is None and acronym:
        level, weight, form_a, form_b = "acronym of the other name", ACRONYM_WEIGHT, fold(a.name), fold(b.name)
    if level is None:
        return None
    parts = [f"name '{form_a}' / '{form_b}': {level}"] if explain else []
    common = max(name_counts[form_a], name_counts[form_b])
    if common > 1:  # term-frequency adjustment: "John Smith" says less than "Winslow Homer"
        weight -= math.log2(common)
        if explain:
            parts.append(f"{common} people in one source share this name")
    undated = (a.birth_year is None and a.death_year is None) or (b.birth_year is None and b.death_year is None)
    rare = None
    if undated and rarity and level in UNDATED_LEVELS and " " in form_a and " " in form_b:
        shorter = min(form_a, form_b, key=lambda f: (len(f.split()), f))
        tokens = tuple(shorter.split())
        if level == "same first and last name":
            tokens = (tokens[0], tokens[-1])
        rare = rarity.odds(tokens, a.source, b.source, NAME_LEVELS["exact"] - NAME_LEVELS[level])
        if NAME_LEVELS[level] < NAME_LEVELS["same first and last name"]:
            rare = min(rare, UNDATED_VARIANT_CAP)
        weight += rare - PRIOR - NAME_LEVELS[level]  # the whole name's rarity replaces prior + name level
        if explain:
            parts.append(f"no life dates on one side: the name's rarity gives {rare:+.1f} bits")
    surname = form_a.rpartition(" ")[2]
    if rare is None and surnames and " " in form_a and " " in form_b and surname == form_b.rpartition(" ")[2]:
        bonus = surnames.bonus(surname)
        if bonus > 0:
            weight += bonus
            if explain:
                parts.append(f"rare surname ({surnames.counts[surname]} in a source)")
    if ga and gb:
        weight += GENERATION_AGREE
        if explain:
            parts.append(f"same generation ({'/'.join(sorted(ga & gb))})")
    elif ga or gb:
        weight += GENERATION_ONE_SIDE
        if explain:
            parts.append(f"generation ({'/'.join(sorted(ga | gb))}) on one side only")
    nationality = _nationality(a.nationality, b.nationality)
    weight += born[0] + died[0] + nationality[0]
    if explain:
        parts += [_say(t, label, x, y) for t, label, x, y in ((born[1], "born", a.birth_year, b.birth_year),
                                                              (died[1], "died", a.death_year, b.death_year)) if t]
        if nationality[1]:
            parts.append(nationality[1])
        if a.birth_year is None and a.death_year is None or b.birth_year is None and b.death_year is None:
            parts.append("no life dates to compare")
    if a.kind != b.kind and not is_collective(a.name) and not acronym:  # MoMA files collectives as people
        weight -= 2.0
        if explain:
            parts.append(f"{a.kind} vs {b.kind}")
    total = PRIOR + weight
    probability = 1.0 / (1.0 + 2.0 ** (-total)) if total > -60 else 0.0
    return probability, "; ".join(parts) if explain else ""


class PairScorer:
    """Blocks and scores the cross-source agent pairs of one set of aliases.

    `candidates` yields only (probability, i, j), positions in `keys` (the alias keys, sorted):
    at a million mentions the evidence strings of every candidate pair would cost gigabytes, so
    `evidence` rebuilds them for the pairs that merge.
    """

    def __init__(self, aliases: dict[str, AliasInfo]) -> None:
        self.aliases = aliases
        self.keys = sorted(aliases)
        self.position = {k: i for i, k in enumerate(self.keys)}
        self.agents = [a for a in aliases.values() if a.kind in AGENT_KINDS]
        self.forms = {a.key: _forms_of(a) for a in self.agents}
        self.name_counts = _names_per_source(self.agents, self.forms)
        self.surnames = _surnames_per_source(self.agents, self.forms)
        self.rarity = _name_rarity(self.agents, self.forms)
        self.initialisms = {a.key: i for a in self.agents if (i := _initialisms(a))}
        self.acronyms = {a.key: x for a in self.agents if (x := _acronyms(a))}
        # An acronym two organisations of one source expand to ("MMA") names neither for sure.
        spelled = _most_in_one_source([a for a in self.agents if a.key in self.acronyms],
                                      lambda a: self.acronyms[a.key])
        self.acronyms = {k: {x for x in v if spelled[x] == 1} for k, v in self.acronyms.items()}

    def acronym(self, ka: str, kb: str) -> str | None:
        """The acronym one alias is of the other's name, if any."""
        for short, long in ((ka, kb), (kb, ka)):
            shared = self.initialisms.get(short, set()) & self.acronyms.get(long, set())
            if shared:
                return min(shared)
        return None

    def candidates(self, *, min_score: float) -> Iterator[tuple[float, int, int]]:
        """(probability, i, j) for cross-source pairs with probability >= min_score, i < j."""
        aliases, forms = self.aliases, self.forms
        singles = {f.last for fs in forms.values() for f in fs if len(f.tokens) == 1}
        blocks: dict[str, list[str]] = defaultdict(list)
        keys_of: dict[str, set[str]] = {}
        for alias in self.agents:
            keys = {k for k in blocking_keys(forms[alias.key]) if not (k.startswith("l:") and "|" not in k
                                                                       and k[2:] not in singles)}
            keys |= {"a:" + x for x in self.initialisms.get(alias.key, set()) | self.acronyms.get(alias.key, set())}
            if alias.birth_year and alias.death_year and forms[alias.key]:
                # Identical life dates meet whatever the spelling ("Natalia Goncharova" / "Natalija
                # Gontcharova"); the surname's transliterated initial keeps these blocks small.
                keys.add(f"y:{alias.birth_year}-{alias.death_year}|{translit(forms[alias.key][0].last)[:1]}")
            keys_of[alias.key] = keys
            for key in keys:
                blocks[key].append(alias.key)
        for block_key in sorted(blocks):
            for ka, kb in _pairs(blocks[block_key], aliases, forms):
                a, b = aliases[ka], aliases[kb]
                if a.source == b.source:
                    continue
                if min(keys_of[ka] & keys_of[kb]) != block_key:
                    continue  # scored in the first block the pair shares
                scored = score_pair(a, b, forms[ka], forms[kb], self.name_counts, self.surnames,
                                    explain=False, acronym=self.acronym(ka, kb), rarity=self.rarity)
                if scored and scored[0] >= min_score:
                    i, j = self.position[ka], self.position[kb]
                    yield (scored[0], min(i, j), max(i, j))

    def evidence(self, ka: str, kb: str) -> str:
        scored = score_pair(self.aliases[ka], self.aliases[kb], self.forms[ka], self.forms[kb], self.name_counts,
                            self.surnames, acronym=self.acronym(ka, kb), rarity=self.rarity)
        return scored[1] if scored else ""


def _most_in_one_source(agents: list[AliasInfo], values: Callable[[AliasInfo], set[str]]) -> Counter[str]:
    """For each value (a name, a surname): the most aliases one source gives it.

    Counted inside a source, not across them: "Winslow Homer" in four sources is one person
    four times, while three "John Smith" constituents in one source are three people.
    """
    by_source: Counter[tuple[str, str]] = Counter()
    for alias in agents:
        by_source.update((alias.source, v) for v in values(alias))
    counts: Counter[str] = Counter()
    for (_, value), n in by_source.items():
        counts[value] = max(counts[value], n)
    return counts


def _names_per_source(agents: list[AliasInfo], forms: dict[str, tuple[NameForm, ...]]) -> Counter[str]:
    return _most_in_one_source(agents, lambda a: {f.full for f in forms[a.key]})


def _surnames_per_source(agents: list[AliasInfo], forms: dict[str, tuple[NameForm, ...]]) -> SurnameFrequency:
    counts = _most_in_one_source(agents, lambda a: {f.last for f in forms[a.key] if len(f.tokens) > 1})
    named = [counts[forms[a.key][0].last] for a in agents if forms[a.key] and len(forms[a.key][0].tokens) > 1]
    return SurnameFrequency(counts, sum(named) / len(named) if named else 1.0)


def _name_rarity(agents: list[AliasInfo], forms: dict[str, tuple[NameForm, ...]]) -> NameRarity:
    """Word counts over every agent's main name form, agents per source, and per source pair the
    names each holds exactly once (`NameRarity`)."""
    words: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    per_source: Counter[tuple[str, str]] = Counter()
    holders: dict[str, list[AliasInfo]] = defaultdict(list)
    for alias in agents:
        sizes[alias.source] += 1
        if forms[alias.key]:
            main = forms[alias.key][0]
            words.update(set(main.tokens))
            per_source[(main.full, alias.source)] += 1
            holders[main.full].append(alias)
    once: dict[str, list[str]] = defaultdict(list)
    for (name, source), n in per_source.items():
        if n == 1:
            once[name].append(source)
    shared: Counter[tuple[str, str]] = Counter()
    dated: list[tuple[str, AliasInfo, AliasInfo]] = []
    for name, sources in once.items():
        for i, x in enumerate(sorted(sources)):
            for y in sorted(sources)[i + 1:]:
                shared[(x, y)] += 1
                a = next(h for h in holders[name] if h.source == x)
                b = next(h for h in holders[name] if h.source == y)
                if a.birth_year and b.birth_year and " " in name:
                    dated.append((name, a, b))
    rarity = NameRarity(words, max(sum(sizes.values()), 1), dict(sizes), dict(shared))
    dated.sort(key=lambda item: short_hash(item[0]))  # a fixed sample, the same for the same data
    pairs = [(rarity.raw(tuple(name.split()), a.source, b.source), abs(a.birth_year - b.birth_year) <= 2)  # type: ignore[operator]
             for name, a, b in dated[:CALIBRATION_SAMPLE]]
    return calibrate(rarity, pairs)


def _forms_of(alias: AliasInfo) -> tuple[NameForm, ...]:
    out: list[NameForm] = []
    for name in dict.fromkeys([alias.name, *alias.names]):
        if name != alias.name and (_by_spouse(name) or _member_of(name, alias.name)):
            continue
        forms = name_forms(name)
        if name == alias.name and _by_spouse(name):  # "Mrs. Julien Levy" is not Julien Levy
            forms = tuple(_spouse_form(f) for f in forms)
        for form in forms:
            if form not in out:
                out.append(form)
    return tuple(out)


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


def _pairs(members: list[str], aliases: dict[str, AliasInfo],
           forms: dict[str, tuple[NameForm, ...]]) -> Iterator[tuple[str, str]]:
    """Every pair of a small block; in a large one ("l:smith|j" in a big catalogue), each member
    with its WINDOW next neighbours in name-then-birth-year order (sorted neighbourhood), so
    cost stays linear and members without dates still take part."""
    if len(members) <= MAX_BLOCK:
        for i, ka in enumerate(members):
            for kb in members[i + 1:]:
                yield ka, kb
        return
    ordered = sorted(members, key=lambda k: (forms[k][0].full if forms[k] else "", aliases[k].birth_year or 0, k))
    for i, ka in enumerate(ordered):
        for kb in ordered[i + 1:i + 1 + WINDOW]:
            yield ka, kb
