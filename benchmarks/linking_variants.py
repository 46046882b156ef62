"""How blind linking holds up when one source writes names and dates another way.

The dev set has one pair of museums; a held-out partner writes names its own way. This rewrites
every NGA agent by one rule a real catalogue follows (inverted "Surname, Forename", initials for
given names, middle names left out, upper case, no diacritics, particles after the forename,
surname first without a comma, another spelling of a given name or a surname (transliteration),
birth year one off, death year missing, ...), drops NGA's alternate names (so only the rewritten
form is compared), links MoMA + NGA blind and scores the MoMA-NGA pairs against the truth file
(read only to score). Each rule is one general convention, never a name of the truth.

`--undated` also hides NGA's life years and nationality (a partner's creator list without dates,
as `linking_quality.py --undated` makes, here without its alternate names): the name alone decides.

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/linking_variants.py [--only RULE ...] [--undated] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "le", "la", "ten", "ter"}
HONORIFICS = {"sir", "dame", "lord", "lady", "mr", "mrs", "ms", "dr", "count", "baron"}


def _words(name: str) -> list[str]:
    """The name's words without a second name in brackets ("Lewis Carroll (Charles Dodgson)") or
    a title ("Sir"): a catalogue that abbreviates given names abbreviates the name, not the title."""
    name = re.sub(r"\([^)]*\)", " ", name)
    return [w for w in name.split() if w.lower().strip(".") not in HONORIFICS] or name.split()


def inverted(name: str) -> str:
    w = _words(name)
    return f"{w[-1]}, {' '.join(w[:-1])}" if len(w) > 1 else name


def initials(name: str) -> str:
    """Given names as initials; a title ("Sir") or a particle ("van") stays a word."""
    w = _words(name)
    keep = HONORIFICS | PARTICLES
    return " ".join([x if x.lower().strip(".") in keep else x[0] + "." for x in w[:-1]] + w[-1:]) \
        if len(w) > 1 else name


def first_initial_inverted(name: str) -> str:
    w = _words(name)
    return f"{w[-1]}, {w[0][0]}." if len(w) > 1 else name


def no_middle(name: str) -> str:
    w = _words(name)
    return f"{w[0]} {w[-1]}" if len(w) > 2 else name


def ascii_only(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def particle_after(name: str) -> str:
    """"Vincent van Gogh" -> "Gogh, Vincent van" (a library heading)."""
    w = _words(name)
    for i, x in enumerate(w[1:-1], start=1):
        if x.lower() in PARTICLES:
            return f"{' '.join(w[i + 1:])}, {' '.join(w[:i])} {' '.join(w[i:i + 1])}"
    return name


def surname_first(name: str) -> str:
    """"Masuo Ikeda" -> "Ikeda Masuo": surname first without a comma (East Asian, Hungarian)."""
    w = _words(name)
    return " ".join([w[-1], *w[:-1]]) if len(w) > 1 else name


def surname_in_capitals(name: str) -> str:
    """"Vincent van Gogh" -> "VAN GOGH Vincent": the surname in capitals first (French, German, Japanese
    catalogues)."""
    w = _words(name)
    if len(w) < 2:
        return name
    start = len(w) - 1
    while start > 1 and w[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join([" ".join(w[start:]).upper(), *w[:start]])


def surname_first_initial(name: str) -> str:
    """"Winslow Homer" -> "Homer W.": surname first, given names as initials, no comma."""
    w = _words(name)
    return " ".join([w[-1], *(x[0] + "." for x in w[:-1])]) if len(w) > 1 else name


# Spellings one name takes in another language or transliteration (Carl / Karl, Philipp / Filip,
# Wassily / Vasily, Alexei / Aleksei); the first that applies, once, at its first place in a word.
RESPELLINGS = (("ph", "f"), ("ks", "x"), ("x", "ks"), ("c", "k"), ("k", "c"), ("w", "v"), ("v", "w"),
               ("y", "i"), ("i", "y"), ("tt", "t"), ("ll", "l"), ("ss", "s"))


def respelled(word: str) -> str:
    lower = word.lower()
    for old, new in RESPELLINGS:
        at = lower.find(old)
        if at >= 0:
            out = lower[:at] + new + lower[at + len(old):]
            return "-".join(p[:1].upper() + p[1:] for p in out.split("-")) if word[:1].isupper() else out
    return word


def given_respelled(name: str) -> str:
    """The first given name in another spelling ("Carl" -> "Karl", "Wassily" -> "Vassily")."""
    w = _words(name)
    return " ".join([respelled(w[0]), *w[1:]]) if len(w) > 1 else name


def given_translated(name: str) -> str:
    """The first given name in another language, sharing no spelling with it ("Giuseppe" ->
    "Joseph", "Guillaume" -> "William"): here a made-up word of its own, the same for every agent of
    that given name, whose first letter differs."""
    w = _words(name)
    if len(w) < 2 or len(w[0]) <= 2:
        return name
    code = hashlib.sha1(w[0].lower().encode()).hexdigest()
    word = "".join("bdfgklmnprstvz"[int(c, 16) % 14] + "aeiou"[int(c, 16) % 5] for c in code[:3])
    if word[0] == w[0][:1].lower():
        word = "q" + word[1:]
    return " ".join([word.capitalize(), *w[1:]])


def surname_respelled(name: str) -> str:
    """The surname in another transliteration ("Goncharova" -> "Gonkharova"-like respellings)."""
    w = _words(name)
    return " ".join([*w[:-1], respelled(w[-1])]) if len(w) > 1 else name


_TO_CYRILLIC = [("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("th", "т"),
                ("ph", "ф"), ("ck", "к"), ("qu", "кв"), ("ya", "я"), ("yu", "ю"), ("ou", "у"), ("oo", "у"),
                ("ee", "и"), ("j", "дж"), ("x", "кс"),
                *zip("abcdefghiklmnopqrstuvwyz", "абкдефгхиклмнопкрстуввиз", strict=True)]


def in_cyrillic(name: str) -> str:
    """The name written in Cyrillic letters, as a partner in Russia, Ukraine, Bulgaria or Serbia writes
    every name ("Kandinsky" -> "Кандинский"-like): here letter by letter (digraphs first), a crude
    transcription that is further from the Latin spelling than a real one of a Slavic name."""
    text = ascii_only(name).lower()
    for latin, cyrillic in _TO_CYRILLIC:
        text = text.replace(latin, cyrillic)
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


_GENERATION_AT_END = re.compile(r",?\s+((?:the\s+)?(?:Elder|Younger)|Jr\.?|Sr\.?|I{1,3}|IV)$")


def generation_bracketed(name: str) -> str:
    """A generation marker in brackets, as Dutch and German catalogues write it ("Jan Brueghel (II)",
    "Hans Holbein (the Younger)")."""
    return _GENERATION_AT_END.sub(lambda m: f" ({m.group(1)})", name)


def _odd(key: str) -> bool:
    return sum(map(ord, key)) % 2 == 1


NAME_RULES: dict[str, Callable[[str], str]] = {
    "as given": lambda n: n,
    "inverted": inverted,
    "upper case": str.upper,
    "no diacritics": ascii_only,
    "given names as initials": initials,
    "surname, first initial": first_initial_inverted,
    "middle names left out": no_middle,
    "particle after forename": particle_after,
    "surname first, no comma": surname_first,
    "surname first, initials": surname_first_initial,
    "surname in capitals first": surname_in_capitals,
    "given name respelled": given_respelled,
    "given name in another language": given_translated,
    "surname respelled": surname_respelled,
    "in Cyrillic letters": in_cyrillic,
    "generation marker in brackets": generation_bracketed,
}
DATE_RULES: dict[str, Callable[[Any], Any]] = {
    "birth year one off": lambda a: replace(a, birth_year=a.birth_year + (1 if _odd(a.key) else -1))
    if a.birth_year else a,
    "death year missing": lambda a: replace(a, death_year=None),
    "birth year only as 'circa' decade": lambda a: replace(a, birth_year=a.birth_year // 10 * 10 + 5)
    if a.birth_year else a,
    # Nationality in a vocabulary the other source never uses (country names, another language,
    # codes): each value becomes a code of its own, the same for every agent that has it.
    "nationality in its own words": lambda a: replace(
        a, nationality="n" + hashlib.sha1(a.nationality.encode()).hexdigest()[:6]) if a.nationality else a,
}


def _label_bits(a: Any, undated: bool) -> list[str]:
    """What a museum label writes after its maker's name: the nationality, the life years unless undated."""
    bits = [a.nationality] if a.nationality else []
    if not undated and (a.birth_year or a.death_year):
        bits.append(f"{a.birth_year or ''}-{a.death_year or ''}")
    return bits


def maker_label(a: Any, undated: bool) -> Any:
    """"Winslow Homer (American, 1836-1910)": the name as a museum label writes its maker, the
    nationality and life years in a bracket after it (without dates, "Winslow Homer (American)")."""
    bits = _label_bits(a, undated)
    return replace(a, name=f"{a.name} ({', '.join(bits)})") if bits and a.kind == "Person" else a


def maker_label_commas(a: Any, undated: bool) -> Any:
    """"Winslow Homer, American, 1836-1910": a label's maker with commas instead of a bracket."""
    bits = _label_bits(a, undated)
    return replace(a, name=", ".join([a.name, *bits])) if bits and a.kind == "Person" else a


def german_life_dates(a: Any, undated: bool) -> Any:
    """"Winslow Homer (* 1836, † 1910)": the life years as German catalogues write them, read back by
    `split_dates` (the alias keeps only what the reading finds)."""
    from ingest.normalise import split_dates

    if a.kind != "Person" or undated or not (a.birth_year or a.death_year):
        return a
    parts = [*([f"* {a.birth_year}"] if a.birth_year else []), *([f"† {a.death_year}"] if a.death_year else [])]
    name, dates = split_dates(f"{a.name} ({', '.join(parts)})")
    return replace(a, name=name, birth_year=dates.born if dates else None, death_year=dates.died if dates else None)


ALIAS_RULES: dict[str, Callable[[Any, bool], Any]] = {
    "life years as German labels write them": german_life_dates,
    "maker label (nationality, years)": maker_label,
    "maker label, nationality, years": maker_label_commas,
}


def variant(aliases: list, rule: str, source: str = "nga", undated: bool = False) -> list:
    from graph.link.person_linker import is_collective

    out = []
    for a in aliases:
        if a.source != source:
            out.append(a)
            continue
        b = replace(a, names=[], ids=list(a.ids))
        if rule in NAME_RULES:
            if a.kind == "Person" and not is_collective(a.name):  # a firm's name is not inverted
                b = replace(b, name=NAME_RULES[rule](a.name))
        elif rule in ALIAS_RULES:
            b = ALIAS_RULES[rule](b, undated)
        else:
            b = DATE_RULES[rule](b)
        if undated:
            b = replace(b, birth_year=None, death_year=None, nationality=None)
        out.append(b)
    return out


def run(rules: list[str], undated: bool = False) -> list[dict[str, Any]]:
    import settings
    from benchmarks.linking_quality import read_aliases
    from graph.link.evaluate import GraphLink, auto_only, evaluate, read_truth
    from graph.link.linker import link

    base = read_aliases()
    truth = read_truth(settings.sample_dir() / "ground_truth" / "person_authority_ids.csv")
    results = []
    for rule in rules:
        aliases = variant(base, rule, undated=undated)
        started = time.perf_counter()
        links = link(aliases, use_ids=False)
        seconds = time.perf_counter() - started
        by_key = {a.key: a for a in aliases}
        graph = {k: GraphLink(ln.entity_id, by_key[k].name, by_key[k].birth_year, by_key[k].death_year, ln.score,
                              ln.method, ln.evidence, ln.status) for k, ln in links.items()}
        both, auto = evaluate(truth, graph, show=0).overall.figures(), \
            evaluate(truth, auto_only(graph), show=0).overall.figures()
        results.append({"rule": rule, "link_seconds": round(seconds, 1), "auto_review": both, "auto_only": auto})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=[*NAME_RULES, *DATE_RULES, *ALIAS_RULES],
                        help="rules to run (default all)")
    parser.add_argument("--undated", action="store_true", help="hide NGA's life years and nationality too")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.only or [*NAME_RULES, *(() if args.undated else DATE_RULES), *ALIAS_RULES],
                  undated=args.undated)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    print(f"{'NGA rewritten as':<34} {'P a+r':>7} {'R a+r':>7} {'fp':>4} {'fn':>4} {'P auto':>7} {'R auto':>7}")
    for r in results:
        b, a = r["auto_review"], r["auto_only"]
        print(f"{r['rule']:<34} {_fmt(b['precision']):>7} {_fmt(b['recall']):>7} {b['false_positives']:>4} "
              f"{b['false_negatives']:>4} {_fmt(a['precision']):>7} {_fmt(a['recall']):>7}")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


if __name__ == "__main__":
    main()
