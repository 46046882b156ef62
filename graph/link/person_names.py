"""Name features for person linking: variants, blocking keys and a graded name comparison.

Kept apart from `ingest/normalise.py` (which readers share) because these are linking
choices: which honorifics and particles to ignore, which keys put two names in one block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from sys import intern

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

from graph.link import given_names
from graph.link.given_names import same_name_in_another_language
from ingest import gazetteer
from ingest.demonyms import is_description, is_nationality
from ingest.normalise import (
    POST_NOMINALS,
    before_nationality,
    direct_order,
    fold,
    is_title,
    looks_like_organisation,
    split_post_nominals,
    without_title,
)

HONORIFICS = frozenset(
    "sir dame lord lady baron baroness count countess earl duke prince princess king queen "
    "dr mr mrs ms mme mlle rev reverend father brother sister saint st fra "
    # German nobility, inside a name too ("Hans Graf von Ostler", "Freiherr vom Stein")
    "graf grafin freiherr freifrau freiin furst furstin herzog herzogin prinz prinzessin ritter markgraf".split()
)
# Titles that are also surnames ("Richard Prince", "Jessie M. King", "Chip Lord", "Harley Earl"): last in a
# name written in display order, or first before the comma of an inverted one, such a word is the surname.
# (A few catalogues write a title after a surname without the comma, "Belgiojoso Prince": far fewer in the
# sample than people so named.)
SURNAME_TITLES = frozenset("king queen prince lord earl duke baron graf furst herzog prinz ritter".split())
SUFFIXES = frozenset("jr sr ii iii iv ra the elder younger".split())
# Titles that are words of a name too ("General Idea", "Captain Beefheart", "Major Taylor"): left out
# only before a name of two words or more.
LEADING_TITLES = frozenset(
    "professor prof miss madame madam monsieur herr frau fraulein signor signora signore senor senora senhor "
    "senhora captain capt general gen colonel col major admiral commander lieutenant lt bishop archbishop "
    "cardinal rabbi pastor abbe canon judge senator governor president don dona "
    # and in other languages: Italian "Sig.", "Dott.", Dutch "Mevrouw", "Dhr." ("Arch." and "Ing." are given names too)
    "sig sigra dott dottore dottoressa avv mevrouw mevr dhr heer mejuffrouw mademoiselle".split())
PARTICLES = frozenset("von van der den de da das do dos del della di du la le les ten ter y zu af av".split())
# Generation and rank markers, grouped by what they say: "the Elder" = "Sr." = "père" = "I" (the first
# of the name), "the Younger" = "Jr." = "fils" = "II". Two different groups are two people.
GENERATIONS = {"elder": "elder", "sr": "elder", "senior": "elder", "pere": "elder", "i": "elder",
               "younger": "younger", "jr": "younger", "junior": "younger", "fils": "younger", "ii": "younger",
               "iii": "iii", "iv": "iv"}
# "der Ältere", "il Vecchio", "l'aîné"; "der Jüngere", "il Giovane", "le jeune", "el Joven". These are
# surnames too ("Claude Le Jeune", "Bert Vecchio"): a marker only at the end, after a comma or after a
# lower-case article ("Palma il Giovane", "Hans Holbein der Ältere"), never as a word anywhere.
OTHER_GENERATIONS = {"altere": "elder", "aeltere": "elder", "vecchio": "elder", "aine": "elder", "viejo": "elder",
                     "jungere": "younger", "juengere": "younger", "giovane": "younger", "jeune": "younger",
                     "joven": "younger"}
_GENERATION_OTHER = re.compile(r"(?:,\s*(?:(?i:der|il|le|l'|el)\s*)?|\s+(?:der|il|le|l'|el)\s*)(\w+)(\.?)\s*$")
_GENERATION_TAIL = re.compile(r"(?:^|[\s,]+)(?:the\s+)?(elder|younger|sr|jr|senior|junior|père|pere|fils|iii|ii|iv|i)"
                              r"(\.?)\s*$", re.I)
_PAREN = re.compile(r"\(([^)]*)\)")
# The years at a name's end with the date word before them ("ca. 1900", ", b. 1836"); a one-letter word
# is one only after a comma: "Homer, W. D. 1836" keeps its initial
_NAME_DATES = re.compile(r"(?:[\s,(]*\b(?:born|died|fl|active|ca|circa)\b\.?|\s*,\s*(?:b|d|c)\.)?[\s,(]*\b\d{3,4}s?\b.*$", re.I)
_SUPPLIED = re.compile(r"\s*\[[^\]]*\]")  # a cataloguer's "[from old catalog]", "[sic]"
_DIGIT = re.compile(r"\d")
# "Giovanni Antonio Canal, called Canaletto": two names of one person
_CALLED_WORDS = r"(?:(?:also|formerly|previously)\s+)?(?:called|known\s+as)|a\.\s?k\.\s?a\.|alias|dit|dite|detto|detta|genannt"
_CALLED = re.compile(rf"\s*,?\s+(?:{_CALLED_WORDS})\s+(?=\S)", re.I)
_CALLED_BRACKET = re.compile(rf"\s*\((?:{_CALLED_WORDS})\s+([^()]+)\)", re.I)  # "Jacopo Robusti (called Tintoretto)"
# "Jane Smith (née Doe)", "Smith, Jane, geb. Doe": the surname she was born with, after her given names
_NEE_WORDS = r"née|nee|geb\.|geborene|nata|z\s+domu"
_NEE = re.compile(rf"\s*[,(]?\s*\b(?:{_NEE_WORDS})\s+([^,()\d]+?)\s*\)?\s*$", re.I)
# A first look for the words above (most names hold none): plain prefixes, since the alternation of the
# whole words costs twice as much on the linker's hot path. A word added above needs its prefix here.
_CALLED_OR_NEE = re.compile(r"called|known|alias|dit|dett|genannt|a\.\s?k|n[ée]e|geb|nata|domu", re.I)
_YEAR = re.compile(r"\d{3,4}")
# A surname in capitals before the given names, as French, German and Japanese catalogues write it ("PICASSO
# Pablo", "VAN GOGH Vincent", "de LA TOUR Georges", "KATSUSHIKA Hokusai"): read it as "PICASSO, Pablo" too.
_UPPER = "A-ZÀ-ÖØ-Þ"
_UPPER_SURNAME = re.compile(rf"((?:[a-z']{{1,4}}\s+)*[{_UPPER}][{_UPPER}'’-]+(?:\s+[{_UPPER}][{_UPPER}'’-]+)*)\s+(\S.*)")
_UPPER_VOWELS = re.compile(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ü]")
# A nickname in quotes after a word ('Chris "Daze" Ellis', 'Bird, Elzy J. "Bill"'); not a quoted first word
# ('"Sacha" Guitry' is his given name)
_QUOTED = re.compile(r"(\w[\w.]*\s+)\(?[\"“«]\s*([^\"“”«»()]+?)\s*[\"”»]\)?")
_UMLAUT = re.compile(r"[äöüÄÖÜ]")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_LIFE_DATES = re.compile(r",?\s*\b\d{3,4}\s*-\s*(?:\d{3,4})?\W*$")


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way of writing a person's name, reduced to what comparison needs."""

    full: str  # folded, honorifics/suffixes/particles removed: "alexej jawlensky"
    tokens: tuple[str, ...]
    first: str
    last: str
    compact: str = ""  # folded with particles, without spaces: "dewainvalentine"
    generation: str = ""  # "elder", "younger", "iii", "iv" (GENERATIONS), a body's "q:<qualifier>", or ""
    organisation: bool = False  # a body's name: compared as a whole (`_body_level`), never as a person's
    firm: bool = False  # a firm's name without "Inc.": meets bodies' names only ("David Hockney, Inc.")
    # Derived once: linking compares millions of form pairs and hashes forms as cache keys.
    sorted_key: str = field(init=False, repr=False, compare=False)  # the words in sorted order
    first_last: str = field(init=False, repr=False, compare=False)
    sounds: tuple[str, ...] = field(init=False, repr=False, compare=False)  # each word by `sound`
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Interned: an equal word in many forms is one object, and (Python 3.12) an immortal one, so
        # the forked blocker and scorers that read it copy none of its pages (docs/decisions.md).
        for name in ("full", "first", "last", "compact"):
            object.__setattr__(self, name, intern(getattr(self, name)))
        object.__setattr__(self, "tokens", tuple(map(intern, self.tokens)))
        object.__setattr__(self, "sorted_key", intern(" ".join(sorted(self.tokens))))
        object.__setattr__(self, "first_last", intern(f"{self.first} {self.last}" if self.first != self.last else self.last))
        object.__setattr__(self, "sounds", tuple(intern(sound(t)) for t in self.tokens))
        object.__setattr__(self, "_hash", hash((self.full, self.tokens, self.first, self.last, self.compact,
                                                 self.generation, self.organisation, self.firm)))

    def __hash__(self) -> int:
        return self._hash


# Alphabets whose names other catalogues write in Latin letters: Greek, Cyrillic, Armenian, Georgian.
# (Chinese, Japanese and Korean names are not read letter by letter: a character's reading depends on
# the language, so those need the Latin form as an alternate name.)
_OTHER_SCRIPT = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u0530-\u058f\u10a0-\u10ff\u1c90-\u1cbf]+")
_GREEK_OU = re.compile(r"(?i)ου|ού")


_HACEK = re.compile(r"[čšžČŠŽ]")
_HACEK_ENGLISH = {"č": "ch", "š": "sh", "ž": "zh", "Č": "Ch", "Š": "Sh", "Ž": "Zh"}
_HACEK_FOLDED = str.maketrans("čšžČŠŽ", "cszCSZ")


def romanised(name: str) -> str:
    """A name's Greek, Cyrillic, Armenian or Georgian letters in Latin letters, the rest as written
    (anyascii: "Казимир Малевич" -> "Kazimir Malevich", "Κωνσταντίνος Καβάφης" -> "Konstantinos Kavafis").
    The soft and hard signs are left out, as names are written in Latin letters ("Илья" -> "Ilya", not
    "Il'ya"), and Greek "ου" is "ou" ("Τσαρούχης" -> "Tsarouchis"), not letter by letter ("oy")."""
    return _OTHER_SCRIPT.sub(lambda run: anyascii(_GREEK_OU.sub("ou", run.group())).replace("'", "").replace('"', ""),
                             name)


@lru_cache(maxsize=200_000)
def name_forms(name: str, organisation: bool = False) -> tuple[NameForm, ...]:
    """The comparable forms of one written name.

    "Lewis Carroll (Charles Lutwidge Dodgson)" gives two forms ("Duchenne (de Boulogne)" a third, the
    bracket read as part of the name); "Homer, Winslow" is put in
    display order; "Sir Jacob Epstein" loses the honorific; "Alexej von Jawlensky" the particle.
    A byname after "called" / "also known as" ("Antonio Averlino, called Filarete") is a name of its own,
    and so is a maiden name after "née" with the given names ("Smith, Jane, née Doe": "jane doe").
    An `organisation`'s name is read as a body's name (`organisation_forms`).
    """
    if _OTHER_SCRIPT.search(name) and (latin := romanised(name)) != name:
        return name_forms(latin, organisation)  # "Казимир Малевич" meets "Kazimir Malevich"
    if not organisation and _HACEK.search(name):
        # Slavic letters with a háček, as a scholarly transliteration and Czech, Slovak, Croatian and
        # Slovene write them ("Aleksandr Rodčenko"): also as English transliterates them ("Rodchenko");
        # folding alone drops the mark ("rodcenko"), which English catalogues never write
        english = name_forms(_HACEK.sub(lambda m: _HACEK_ENGLISH[m.group()], name))
        return tuple(dict.fromkeys(name_forms(name.translate(_HACEK_FOLDED)) + english))
    if organisation:
        return organisation_forms(name)
    if ("[" in name or " ," in name) and (clean := re.sub(r"\s+,", ",", _SUPPLIED.sub("", name))) != name:
        return name_forms(clean)
    if ('"' in name or "“" in name or "«" in name) and (quoted := _QUOTED.search(name)):
        # a nickname in quotes: 'Chris "Daze" Ellis' is Chris Ellis and Daze Ellis (as a bracket inside a
        # name, `_bracket_name`); after an inverted heading's given names, 'Bird, Elzy J. "Bill"' is Elzy J.
        # Bird and Bill Bird, not "Bill" alone
        if name[quoted.end():].strip(" .") or "," not in name:
            return name_forms(_QUOTED.sub(r"\1(\2)", name))
        plain = name[:quoted.start(2)].rstrip(" \"“«(")
        return tuple(dict.fromkeys(name_forms(plain) + name_forms(f"{quoted.group(2)} {name.partition(',')[0]}")))
    if _CALLED_OR_NEE.search(name):
        called = _CALLED.split(_CALLED_BRACKET.sub(r", called \1", name), maxsplit=1)
        if len(called) == 2 and all(part.strip(" ,") for part in called):
            return tuple(dict.fromkeys(name_forms(called[0]) + name_forms(called[1])))
        nee = _NEE.search(_NAME_DATES.sub("", name))
        if nee and nee.start() > 0:
            married = name_forms(name[:nee.start()])
            born = [f for form in married if len(form.tokens) > 1
                    for f in name_forms(" ".join([*form.tokens[:-1], nee.group(1)]))]
            return tuple(dict.fromkeys(married + tuple(born)))
    if _PRACTICE_TAIL.search(_without_place(name)):
        # A profession's plural after names is a firm a museum files as a person, compared as a body's
        # name: "Gwathmey Siegel & Associates Architects" (no person's name ends so), "Philip Johnson /
        # Alan Ritchie Architects", "Weiss/Manfredi Architects" (a firm of all the names before it, not
        # a person and a firm; "Eddie Adams / Associated Press" is the photographer and his agency)
        return organisation_forms(name)
    if "<" in name and (plain := _ANGLE.sub(_angle_qualifier, name).strip()) != name and plain:
        return name_forms(plain)  # the GND's "Cranach, Lucas <der Ältere>", "Müller, Hans <Maler>"
    if "(" in name and (marked := _PAREN.sub(_generation_unbracketed, name)) != name:
        return name_forms(marked)  # "Jan Brueghel (II)", "Hans Holbein (the Younger)": Dutch and German catalogues
    texts = [reading for part in _PAREN.sub(" ", name).split("/") if part.strip() for reading in _readings(part)]
    brackets = _PAREN.findall(name)
    # A bracket is another name ("Lewis Carroll (Charles Lutwidge Dodgson)") unless it holds a year:
    # then it says when, or who with a when ("(American, 1836-1910)", "(active 1890s)").
    # Nor a nationality or a label's description ("(French painter)", "(Dutch)": a form "french painter"
    # would meet every other French painter's).
    texts += [_bracket_name(name, m) for m in _PAREN.finditer(name)
              if not re.fullmatch(r"[\d\s\-–?.,a-z]*", m.group(1)) and not _YEAR.search(m.group(1))
              and not _only_titles(m.group(1)) and not is_nationality(m.group(1), after_surname=True)
              and not is_description(m.group(1))]
    if any(_particle_name(inner) for inner in brackets):
        # "Duchenne (de Boulogne)": a bracketed particle name is the rest of the surname, not another
        # name; another bracket beside it ("(French)") is not part of the surname
        texts.append(_PAREN.sub(lambda m: f" {m.group(1)} " if _particle_name(m.group(1)) else " ", name))
    forms: list[NameForm] = []
    for text in texts:
        text = _NAME_DATES.sub("", text) if _DIGIT.search(text) else text
        if rulers := _ruler_forms(text):
            forms += [f for f in rulers if f not in forms]
            continue
        titled = split_post_nominals(before_nationality(text))[0]
        text, generation = split_generation(without_title(titled))
        if not generation and len(text) < len(titled):  # "George Howard, 9th Earl of Carlisle"
            generation = title_marker(titled[len(text):])
        # an inverted name's first part; "Logitech, Inc." is a firm's name as written, not inverted
        head = fold(text.partition(",")[0]).split() if "," in text and not _firm_tail(text) else None
        if head is not None:
            text = direct_order(text)
        folded = fold(_surname_first_initials(text)).split()
        generation = generation or next((GENERATIONS[t] for t in folded if t in GENERATIONS and t != "i"), "")
        surname = folded[-1] if len(folded) > 1 and folded[-1] in SURNAME_TITLES and head in (None, folded[-1:]) else ""
        # "and" joins two names ("Currier and Ives"), which others write with "&" (folded away)
        tokens = [t for t in folded if t not in HONORIFICS and t not in SUFFIXES and t != "and"]
        if surname and tokens and folded[-2] not in HONORIFICS:
            tokens.append(surname)
        while len(tokens) > 2 and tokens[0] in LEADING_TITLES and _names_after_title(tokens[1:], text):
            tokens = tokens[1:]  # "Professor Vera Quillon", "Lt.-Col. ..."; not "General Idea", "Madame de Monchy"
        core = [t for i, t in enumerate(tokens) if not _particle(tokens, i)] or tokens
        if not core:
            continue
        form = NameForm(" ".join(core), tuple(core), core[0], core[-1], "".join(tokens), generation)
        if form not in forms:
            forms.append(form)
        if len(core) > 1 and len(tokens) > 2 and core[-1] == tokens[-1] and _particle(tokens, len(tokens) - 2):
            # the particles written into the surname: "de La Fage" is also "Lafage" (and "Delafage")
            start = len(tokens) - 2
            while start > 1 and _particle(tokens, start - 1):
                start -= 1
            for joined in dict.fromkeys((tokens[-2] + tokens[-1], "".join(tokens[start:]))):
                words = (*core[:-1], joined)
                form = NameForm(" ".join(words), words, words[0], joined, "".join(tokens), generation)
                if form not in forms:
                    forms.append(form)
    if "," in name and looks_like_organisation(name) and ((body := _without_place(name)) != name or _firm_tail(body)):
        # a firm a museum files as a person ("Logitech, Inc.", or with its address): the firm's name,
        # compared as a body's
        forms += [form for form in organisation_forms(body) if form not in forms]

    return tuple(forms)


# The German National Library's (GND) qualifier in angle brackets: a generation ("<der Ältere>"), a trade
# ("<Maler>"), years or a place ("<1880-1950>", "<Köln>"); never another name.
_ANGLE = re.compile(r"\s*<([^<>]*)>")


def _only_generation(text: str) -> bool:
    """The text is a generation marker and nothing else: "II", "the Younger", "der Ältere"."""
    rest, generation = split_generation(f"x {text}")
    return bool(generation) and rest.strip(" ,") == "x"


def _angle_qualifier(bracket: re.Match[str]) -> str:
    """" der Ältere" for "<der Ältere>" (read by `split_generation` at the name's end); "" for any other."""
    inner = bracket.group(1).strip()
    return f" {inner}" if _only_generation(inner) else ""


def _generation_unbracketed(bracket: re.Match[str]) -> str:
    """" II" for "(II)", " the Younger" for "(the Younger)": a bracket holding only a generation marker,
    which `split_generation` then reads at the name's end; any other bracket as it is."""
    inner = bracket.group(1).strip()
    return f" {inner}" if _only_generation(inner) else bracket.group(0)


def _readings(text: str) -> tuple[str, ...]:
    """A name as written, after its reading with a surname in capitals put first ("PICASSO Pablo" ->
    "PICASSO, Pablo"): a word of three or more capitals with a vowel, not initials ("JMW Turner", "KP
    Jayasankar") nor a body's acronym ("IBM Corporation"); the name as written stays a form ("GAO Chu").
    A name with umlauts is read with them written out too ("Dürer": "Duerer")."""
    readings = _surname_in_capitals(text)
    if _UMLAUT.search(text):
        # "Dürer" as German writes it without the dots: "Duerer" (folding gives "Durer", as English writes it)
        readings += tuple(r.translate(_UMLAUTS) for r in readings)
    return readings


def _surname_in_capitals(text: str) -> tuple[str, ...]:
    match = _UPPER_SURNAME.fullmatch(text.strip()) if "," not in text else None
    if match is None:
        return (text,)
    upper, rest = match.groups()
    given = rest.split()[0]
    if not given[:1].isupper() or given.isupper() and not _initial(given) \
            or not any(len(w) > 2 and _UPPER_VOWELS.search(w) for w in upper.split()) or looks_like_organisation(text):
        return (text,)
    if all(w.replace(".", "").lower() in POST_NOMINALS for w in upper.split()):  # Tate's "OBE Gillian Ayres"
        return f"{rest}, {upper}", text
    return f"{upper}, {rest}", text


def _only_titles(text: str) -> bool:
    """"(Prof.)", "(Mrs.)", "(RA)": a bracket of titles names no one."""
    words = fold(text).split()
    return bool(words) and all(w in HONORIFICS or w in LEADING_TITLES or w in POST_NOMINALS for w in words)


def _bracket_name(name: str, bracket: re.Match[str]) -> str:
    """The name a bracket gives. Inside a name it is another given name or a nickname, with the surname:
    "Jean (Hans) Arp" is also "Hans Arp", "Lindt, Charlotte (Lotte) Walter" "Lotte Lindt" (alone,
    "Hans" would meet anyone of that one name). At the end it is another name ("Man Ray (Emmanuel
    Radnitzky)") or the given names in full (`_fuller_form`)."""
    inner, head, after = bracket.group(1), name[:bracket.start()], name[bracket.end():]
    inner = re.sub(r"^(?:or|formerly|later|previously)\s+", "", inner)  # "Othon Coubine (or Otakar Kubin)"
    rest = _NAME_DATES.sub("", after).strip(" ,.;")
    # inside: words follow at once ("A.E.G. (...), Germany" ends the name at its comma)
    if rest and "(" not in rest and head.strip() and not after.lstrip().startswith((",", ";")):
        surname = head.partition(",")[0] if "," in head else rest.split()[-1]
        return f"{inner} {surname}"
    return _fuller_form(name, inner)


def _fuller_form(name: str, inner: str) -> str:
    """A bracket that spells out an inverted name's given names is their fuller form, as LC headings
    write it (MARC's $q): "Eliot, T. S. (Thomas Stearns)" is also "Thomas Stearns Eliot", not a
    "Thomas Stearns". Any other bracket is another name as it stands."""
    surname, comma, given = name.partition("(")[0].partition(",")
    short, full = fold(given).split(), fold(inner).split()
    if comma and short and len(full) >= len(short) and all(f.startswith(g) for g, f in zip(short, full, strict=False)):
        return f"{inner} {surname}"
    return inner


def _particle_name(text: str) -> bool:
    """A bracket's text that starts with a surname particle ("de Boulogne")."""
    words = fold(text).split()
    return bool(words) and words[0] in PARTICLES


# A bracket that only says what kind of body this is ("Chambolle-Duru (Firm)", "(Musical group)"),
# not which one of several of that name.
BODY_TYPES = frozenset(
    "firm organization organisation group musical society association agency gallery art publisher publishers "
    "company corporation project program programme institution museum foundation club press studio workshop "
    "school band collective printer printers bookbinder bookbinders architects architect".split())
QUALIFIER = "q:"  # a marker (`NameForm.generation`) holding a body's qualifier: "q:ohio"


# A ruler's name as catalogues head it: a given name (two for a pope, "John Paul II"), a regnal number
# and the title after a comma ("Elizabeth I, Queen of England", "Napoleon I, Emperor of the French").
_RULER = re.compile(r"([^\W\d_][^\s,]*(?:\s+[^\W\d_][^\s,]*)?)\s+((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*,\s*(.+?)[\s,]*")


def _ruler_forms(text: str) -> tuple[NameForm, ...]:
    """A ruler's name is the given name and its number ("elizabeth i"), the realm a title marker, as a
    peer's ("Charles I, King of England" and "Charles I, King of Spain" are two people; "George III,
    King", with no realm, may be either). The number is a generation marker too, so that a museum's
    "Elizabeth I" without a title (a one-word name with a generation, as "Hiroshige II" is) meets it by
    the same form: a one-word name with a number is also read with the number as a word."""
    stripped = text.strip()
    match = _RULER.fullmatch(stripped)
    if match is None or not is_title(match.group(3)):
        number = _ROMAN_TAIL.search(stripped)  # most names have none: asked before the generation
        if number is None:
            return ()
        given, generation = split_generation(stripped)
        alone = fold(given)
        if not generation or not alone or " " in alone:
            return ()
        numbered = (alone, number.group(1).lower())
        return (NameForm(alone, (alone,), alone, alone, alone, generation),
                NameForm(" ".join(numbered), numbered, numbered[0], numbered[1], "".join(numbered), generation))
    words = (*fold(match.group(1)).split(), match.group(2).lower())
    marker = title_marker(match.group(3)) if "of" in fold(match.group(3)).split() else ""
    ruler = NameForm(" ".join(words), words, words[0], words[-1], "".join(words), marker)
    generation = split_generation(f"{match.group(1)} {match.group(2)}")[1] if len(words) == 2 else ""
    return (ruler, replace(ruler, generation=generation)) if generation else (ruler,)


_ROMAN_TAIL = re.compile(r"\s((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))$")


def organisation_forms(name: str) -> tuple[NameForm, ...]:
    """A body's name as written and, with a comma, turned round ("Art Institute of Chicago, The").

    Unlike a person's, its bracket is no other name but a qualifier saying which body of that name
    this is: "Federal Art Project (Ohio)" is not the one "(Wisconsin)" and not the Library of Congress
    of "McManus-Young Collection (Library of Congress)". The qualifier is kept as the form's marker,
    which works as a generation marker does: two different ones are two bodies, one on one side only
    may be the same body ("Metropolitan Museum of Art (New York, N.Y.)"). A bracket naming only a kind
    of body ("(Firm)") or dates says nothing of which one: left out.

    A place written after the name ("Corning Glass Works, Corning, NY") gives one more form, the name
    without it: an address says where a firm was when one catalogue described it, not which body of
    that name it is."""
    qualifiers = [fold(q) for q in _PAREN.findall(name)]
    qualifier = " ".join(q for q in qualifiers
                         if q and not set(q.split()) <= BODY_TYPES and not re.fullmatch(r"[\d\s]*", q))
    bare = _LIFE_DATES.sub("", _PAREN.sub(" ", name))  # "Twain, Mark, 1835-1910" (a 610 holding a person)
    body = _without_place(bare)
    turned = bare if body != bare or _firm_tail(bare) else direct_order(bare)
    # "Knoll Associates, Inc." is the "Knoll Associates" another catalogue names: what kind of firm
    # it is says nothing of which one. That form meets bodies' names only ("David Hockney, Inc." is not
    # the artist), so one word left is a firm's name too ("Zanotta S.p.A." / "Zanotta", "Vitra AG" /
    # "Vitra GmbH"): no person's name, with or without a designator, meets it.
    plain = _CORPORATE_LEAD.sub("", body)
    plains = [plain]
    while (shorter := _CORPORATE.sub("", plain).rstrip(" ,")) != plain:  # "Nitto Seimo Co. Ltd.", "Artek Oy Ab"
        plains.append(plain := shorter)
    if (bare_practice := _PRACTICE_TAIL.sub("", plain)) != plain and _PRACTICE_TAIL.search(plain).group(1).lower() \
            not in ("associates", "partners"):
        plains.append(bare_practice)  # "Kohn Pedersen Fox Associates Architects" is "... Fox Associates"
    plains = [p for p in plains if fold(p) and fold(p) != fold(body)]
    forms: list[NameForm] = []
    for text in dict.fromkeys([bare, turned, body, *plains]):
        words = [_BODY_ABBREVIATIONS.get(w, w) for w in fold(text).split() if w not in _BODY_LEFT_OUT]
        if not words:
            continue
        if words[0] in _KIN_FIRST and len(words) > 1:  # "Gebrüder Thonet", "Fratelli Alinari": "... brothers"
            words = [*words[1:], _KIN_FIRST[words[0]]]
        elif words[-1] in _KIN_LAST:  # "Bisson Frères", "E. Bakalowitz & Söhne"
            words[-1] = _KIN_LAST[words[-1]]
        form = NameForm(" ".join(words), tuple(words), words[0], words[-1], "".join(words),
                        QUALIFIER + qualifier if qualifier else "", organisation=True, firm=text in plains)
        if form not in forms:
            forms.append(form)
    if (under := _under_jurisdiction(bare)) is not None:
        # "United States. Farm Security Administration", as library headings name a government's body, is
        # the "Farm Security Administration" a museum names; the jurisdiction is its qualifier, so that
        # "Canada. Department of Agriculture" stays another body than the United States' one
        jurisdiction, body_name = under
        marker = QUALIFIER + jurisdiction  # beside a bracket's qualifier, a marker of its own
        forms += [replace(f, generation=marker) for f in organisation_forms(body_name)
                  if len(f.tokens) > 1 and replace(f, generation=marker) not in forms]
    return tuple(forms)


def _under_jurisdiction(name: str) -> tuple[str, str] | None:
    """(jurisdiction, body) of a heading "<country or US state>. <body>", or None."""
    head, dot, rest = name.partition(". ")
    if not dot or not rest.strip() or len(head) < 4 or not head[:1].isupper():
        return None
    countries, states = gazetteer.regions()
    place = fold(head)
    return (place, rest) if place in countries or place in states else None


# What kind of firm a name says, at its end ("Inc.", "Ltd.", "GmbH", "S.p.A.", "S.r.l.", "Oy", "A/S", "Pty Ltd") or,
# as Scandinavian, German and French names write it, at its start ("AB Gustavsberg", "AG Vereinigte
# Lausitzer Glaswerke", "SARL Forge de Laguiole")
_CORPORATE = re.compile(r"(?:\b(?:inc|ltd|llc|co|corp|plc|gmbh|ag|sa|bv|nv|kg|sarl|sas|srl|oy|oyj|ab|asa|aps|ltda|"
                        r"pty|kk|limited|incorporated|company|corporation)|s\.?p\.?a|s\.?r\.?l|s\.?a\.?s|a/s|s\.l)\.?$", re.I)
# How bodies' names abbreviate their common words ("Harper & Bros.", "Container Corp. of America"), and
# the words "and" is written as: a body's name is compared with these written out and without "and".
_BODY_ABBREVIATIONS = {"bros": "brothers", "co": "company", "corp": "corporation", "mfg": "manufacturing",
                       "assn": "association", "assoc": "associates", "assocs": "associates", "dept": "department",
                       "natl": "national", "intl": "international", "univ": "university", "inst": "institute",
                       "soc": "society"}
_BODY_LEFT_OUT = frozenset(("the", "and", "und", "et"))
# A family firm's "brothers" and "sons" in the languages catalogues write them: first in German, Dutch,
# Italian, Spanish and Portuguese names ("Gebrüder Thonet", "Fratelli Alinari"), last in French and English
# ones ("Bisson Frères", "Thonet Brothers", "Brunschwig & Fils"): compared as the English, after the name.
_KIN_FIRST = {"gebruder": "brothers", "gebr": "brothers", "gebroeders": "brothers", "fratelli": "brothers",
              "hermanos": "brothers", "irmaos": "brothers", "brothers": "brothers"}
_KIN_LAST = {"freres": "brothers", "sohne": "sons", "soehne": "sons", "zonen": "sons", "figli": "sons",
             "hijos": "sons", "fils": "sons", "filhos": "sons"}
# A profession's plural after a firm's names ("... Architects", "... & Partners"): what the firm's people do.
_PRACTICE_TAIL = re.compile(r"\s+(architects|associates|partners|designers|engineers|planners|consultants)\.?$", re.I)
_CORPORATE_LEAD = re.compile(r"^(?:AB|AG|SA|SARL|SAS|OY|Oy|NV|BV|KK)\s+(?=[A-ZÀ-Þ])")


def _firm_tail(name: str) -> bool:
    """The part after the last comma says what kind of firm this is ("Apple, Inc.", "NEC Design, Ltd.")."""
    return bool(_CORPORATE.fullmatch(name.rpartition(",")[2].strip()))


def _without_place(name: str) -> str:
    """A body's name without the place written after it ("Corning Glass Works, Corning, NY", "Knoll
    International, Inc., New York"): the last part a country or US state, the part before it its city
    unless that part ends the name itself ("Inc.")."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or not all(parts):
        return name
    # What kind of firm it is ends its name: what follows is where it was ("Cassina, S.p.A., Milan",
    # "Tendo Co., Ltd., Tokyo, Japan"), whichever city that is
    end = next((i for i in range(1, len(parts) - 1) if _CORPORATE.fullmatch(parts[i])), None)
    if end is not None and not _CORPORATE.fullmatch(parts[-1]):
        while end + 1 < len(parts) and _CORPORATE.fullmatch(parts[end + 1]):
            end += 1
        return ", ".join(parts[:end + 1])
    countries, states = gazetteer.regions()
    if fold(parts[-1]) not in countries and fold(parts[-1]) not in states:
        return name
    city = len(parts) >= 3 and not _CORPORATE.search(parts[-2]) and not looks_like_organisation(parts[-2])
    return ", ".join(parts[:-2 if city else -1])


# Names that say who made or held a thing is not known or not told: "Anonymous", "Unknown artist",
# "Private Collector", "Various artists". Every such name is one in each catalogue, never one person.
_NOT_KNOWN = frozenset("anonymous anonyme anonym anonimo anonima anon unknown unbekannt inconnu inconnue "
                       "desconocido sconosciuto onbekend unidentified unattributed private various".split())
_NOT_KNOWN_REST = frozenset("artist artists maker makers author authors photographer printer publisher designer "
                            "collector collection owner hand master workshop not identified the and of a an "
                            "century centuries th st nd rd ad bc school style circle follower".split())
_CENTURY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$|^\d{3,4}s?$")


def says_no_name(name: str, nationalities: frozenset[str] = frozenset()) -> bool:
    """A name that names nobody: the maker is not known ("Anonymous", "Artist unknown", "Private
    Collector") or only a culture and a time is ("Spanish", "French 18th Century"; `nationalities`:
    the folded nationalities the sources being linked give their people)."""
    words = fold(_PAREN.sub(" ", name) if "(" in name else name).split()  # fold splits "a/b" too
    culture = _words_of(nationalities)
    if _NOT_KNOWN.isdisjoint(words) and culture.isdisjoint(words):  # most names: a word of neither kind
        return False
    if any(w in _NOT_KNOWN for w in words) and all(
            w in _NOT_KNOWN or w in _NOT_KNOWN_REST or w in culture or _CENTURY.match(w) for w in words):
        return True
    rest = [w for w in words if not (_CENTURY.match(w) or w in _NOT_KNOWN_REST)]
    return bool(rest) and " ".join(rest) in nationalities


@lru_cache(maxsize=8)
def _words_of(texts: frozenset[str]) -> frozenset[str]:
    return frozenset(w for t in texts for w in t.split())


def _names_after_title(rest: list[str], text: str) -> bool:
    """Whether the words after a leading title are a person's names: two or more besides particles
    (not "de Monchy"), and no company's ("General Electric Company", filed by MoMA as a person)."""
    return sum(1 for i, t in enumerate(rest) if not _particle(rest, i)) >= 2 and not looks_like_organisation(text)


def _initial(word: str) -> bool:
    """"W", "W.", "E.C.": a given name written as its initial(s)."""
    letters = word.replace(".", "")
    return letters.isalpha() and (len(letters) == 1 or word.count(".") >= len(letters))


def _surname_first_initials(text: str) -> str:
    """"Homer W." -> "W. Homer", "Cartier-Bresson H." -> "H. Cartier-Bresson": given names written as
    initials after a one-word surname (a citation form); a one-letter word is never a surname. With
    two words before the initials ("Breer Robert C.") which is the surname is open: left as written."""
    words = text.split()
    if len(words) < 2 or _initial(words[0]) or not all(_initial(w) for w in words[1:]):
        return text
    return " ".join([*words[1:], words[0]])


def _particle(tokens: list[str], i: int) -> bool:
    """A surname particle ("van", "de", "y") to leave out of the comparable name. The first word of
    a name in display order is one only in a two-word name ("Le Corbusier"): "La Monte Young" and
    "De Wain Valentine" start with a given name."""
    if tokens[i] not in PARTICLES:
        return False
    if len(tokens[i]) == 1:  # "y" joins two surnames ("Ortega y Gasset"); first or last it is an initial
        return 0 < i < len(tokens) - 1
    return i > 0 or len(tokens) < 3 or tokens[1] in PARTICLES


def split_generation(text: str) -> tuple[str, str]:
    """("Jan Brueghel", "younger") from "Jan Brueghel the Younger", "Brueghel, Jan, II" or "Jan
    Brueghel II"; a lone "I" counts only without a full stop ("John I." is an initial)."""
    match = _GENERATION_TAIL.search(text.strip())
    last = text.rstrip(" .").rpartition(" ")[2].lower()
    if match is None and (last if last.isascii() else fold(last)) in OTHER_GENERATIONS:
        match = _GENERATION_OTHER.search(text.strip())
    if not match or len(text[:match.start()].split()) < 1:
        return text, ""
    word = fold(match.group(1))
    if word == "i" and match.group(2):
        return text, ""
    return text[:match.start()].strip(" ,"), GENERATIONS.get(word) or OTHER_GENERATIONS.get(word, "")


def markers_text(markers: frozenset[str]) -> str:
    """"generation (younger)", "qualifier (ohio)", "title (of carlisle)": what a set of markers says,
    for evidence."""
    bodies = sorted(m.removeprefix(QUALIFIER) for m in markers if m.startswith(QUALIFIER))
    titles = sorted(m.partition(":")[2].partition(":")[2] for m in markers if m.startswith(TITLE))
    people = sorted(m for m in markers if not m.startswith((QUALIFIER, TITLE)))
    return "; ".join(f"{label} ({'/'.join(found)})" for label, found in (
        ("generation", people), ("qualifier", bodies), ("title", titles)) if found)


# A marker (`NameForm.generation`) holding a peer's title: "t:9:carlisle" for "9th Earl of Carlisle" and
# "Ninth Earl of Carlisle" alike. Like a generation marker, two that differ are two people ("Earl of
# Pembroke" / "Earl of Orkney", "4th Earl of Pembroke" / "7th"), one on one side only may be the same
# person written without the title; but a title without its ordinal, or its place spelled another way
# ("Lansdowne" / "Landsdowne"), is the same title (`same_marker`).
TITLE = "t:"
_ORDINAL_WORDS = {w: str(i) for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1)}


def title_marker(title: str) -> str:
    """"t:9:carlisle" from ", 9th Earl of Carlisle"; "t::earl" from ", Earl" (no place)."""
    words = fold(title).split()
    ordinal = next((_ORDINAL_WORDS.get(w) or w.rstrip("stndrh") for w in words
                    if w in _ORDINAL_WORDS or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", w)), "")
    if "of" in words:
        place = words[words.index("of") + 1:]
        place = place[:place.index("and")] if "and" in place else place
    else:
        place = words[-1:]
    return f"{TITLE}{ordinal}:{' '.join(place)}"


def markers_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name a generation or title and none of one says what one of the other does: two people.
    Two titles that differ are two people whatever else agrees ("Quorvald II, King of Ruritania" / "...,
    King of Brivaldia": the regnal number is a generation marker of both)."""
    titles_a, titles_b = [m for m in a if m.startswith(TITLE)], [m for m in b if m.startswith(TITLE)]
    if titles_a and titles_b and not any(same_marker(x, y) for x in titles_a for y in titles_b):
        return True
    return bool(a) and bool(b) and not a & b and not any(same_marker(x, y) for x in a for y in b)


def same_marker(a: str, b: str) -> bool:
    """Two markers that say the same: equal, or two titles of one place (spelled alike) whose ordinals,
    where both give one, are the same."""
    if a == b:
        return True
    if not (a.startswith(TITLE) and b.startswith(TITLE)):
        return False
    ordinal_a, _, place_a = a[len(TITLE):].partition(":")
    ordinal_b, _, place_b = b[len(TITLE):].partition(":")
    return (not ordinal_a or not ordinal_b or ordinal_a == ordinal_b) and bool(place_a) and bool(place_b) \
        and (place_a == place_b or JaroWinkler.similarity(place_a, place_b) >= 0.9)


@lru_cache(maxsize=200_000)  # asked for both sides of every scored pair
def generations(forms: tuple[NameForm, ...]) -> frozenset[str]:
    return frozenset(f.generation for f in forms if f.generation)


def blocking_keys(forms: tuple[NameForm, ...], surname_first: Callable[[str], bool] | None = None) -> set[str]:
    """Keys that put possibly-equal names in one block: surname + first initial, the sorted
    tokens (reversed East Asian order), and single names on their own."""
    keys: set[str] = set()
    for form in forms:
        keys.add("s:" + form.sorted_key)
        keys.add("c:" + form.compact)
        if form.firm and len(form.tokens) == 1:
            continue  # "Zanotta" of "Zanotta S.p.A." meets only that body's name, exactly: never every Zanotta
        if len(form.tokens) == 1:
            keys.add("l:" + form.last)
        else:
            keys.add(f"l:{form.last}|{form.first[0]}")
            if sound(form.first)[:1] != form.first[:1]:  # Wassily / Vasily, Carl / Karl meet under "v", "k"
                keys.add(f"l:{form.last}|{sound(form.first)[:1]}")
            heard = f"l:{sound(form.last)}|{sound(form.first)[:1]}"  # "Kalder" meets "Calder" under "kalder"
            if heard != f"l:{form.last}|{form.first[0]}":
                keys.add(heard)
            # Any later word with any earlier initial: "Henri Le Secq" meets "Jean-Louis-Henri Le Secq des Tournelles".
            for i in range(1, min(len(form.tokens), 6)):
                for j in range(i):
                    keys.add(f"l:{form.tokens[i]}|{form.tokens[j][0]}")
            if surname_first is None or surname_first(form.first):
                keys.add(f"l:{form.first}|{form.tokens[1][0]}")  # surname first: "Ikeda Masuo" meets "M. Ikeda"
            keys.add(f"p:{form.last[:4]}|{form.first[0]}")  # spelling variants of the surname
            if (group := given_names.group_of(form.first)) is not None:  # Giuseppe / Joseph, no dates needed
                keys.add(f"l:{form.last}|g{group}")
            keys.add("l:" + form.last)  # single-name forms ("Matta") meet full names here
    return keys


# Name agreement levels, strongest first: (label, weight in log2 odds).
OTHER_GIVEN_NAMES = "same surname, other given names"
GIVEN_IN_ANOTHER_LANGUAGE = "same surname, given name in another language"
GIVEN_NAME_ALONE = "single name equals given name"
# Levels that only both life years can make a link of, and then for review: a shared surname with given
# names that share nothing, or an artist known by the given name alone ("Chryssa" / "Chryssa Vardea",
# but also "Hans" / "Hans Hofmann" if a source wrote so): the name says too little by itself.
YEARS_ONLY_LEVELS = (OTHER_GIVEN_NAMES, GIVEN_NAME_ALONE)
NAME_LEVELS = {
    "exact": 11.0,
    "same words, other order": 10.0,
    "same name, a word abbreviated": 10.0,
    "same first and last name": 8.0,
    "same first and last name, middle names differ": 6.0,
    "close spelling": 7.0,
    "same surname, given name shortened": 6.0,
    "name contained in the longer name": 6.0,
    "same surname, given names spelled differently": 7.0,
    "same surname, given name spelled differently": 5.0,
    # Giuseppe / Joseph, Guillaume / William, Hans / Johann (graph/link/given_names.py): one given name
    # as another language writes it, as strong as a spelling of it; without dates never a link (person_linker.score_pair).
    GIVEN_IN_ANOTHER_LANGUAGE: 5.0,
    "same surname, given name abbreviated": 4.5,
    "similar surname, given name abbreviated": 3.5,
    "single name equals surname": 3.0,
    # Every word the same by sound ("Kalder" / "Calder", "Tchaikovsky" / "Chaikovsky"): another
    # transliteration or a language's spelling; as strong as a close spelling.
    "same name, another spelling": 7.0,
    # "Eva Watson-Schütze" / "E. Watson", "Gabriel García Márquez" / "G. García": the first part
    # of a double surname; a middle name could be a surname too, so weaker still.
    "first part of a double surname, given name abbreviated": 3.5,
    # Steve / Stephen, Léon / Lev: a nickname or another language's form; weak alone, so only
    # both life years agreeing (or one and a rare surname, for review) make it a link.
    "same surname, given names begin alike": 0.0,
    # Giuseppe / Joseph, Guillaume / William, Hans / Johann: a given name in another language that
    # shares no spelling with it. Weaker still: only a surname and both life years the same (with
    # a rare surname) make such a pair a link, for review at most; each person a source gives that
    # surname costs as a namesake does (`score_pair`); without dates it is never a link.
    OTHER_GIVEN_NAMES: -2.0,
    GIVEN_NAME_ALONE: 0.0,
}


@lru_cache(maxsize=500_000)  # common names meet each other again and again
def compare_names(a: tuple[NameForm, ...], b: tuple[NameForm, ...], *,
                  same_surname: bool = False) -> tuple[str | None, float, str, str]:
    """The best agreement level over all form pairs: (level, weight, form of a, form of b).
    `same_surname`: only pairs of forms whose surnames are the same word, or the same by sound (a
    name without life dates may differ in its given names only, or by sound). A close spelling is then
    read as every word the same by sound ("natalia goncharova" / "natalja gontcharova"), else, with one
    surname, as a given name spelled differently ("cornelis" / "cornelius")."""
    best: tuple[str | None, float, str, str] = (None, 0.0, "", "")
    for fa in a:
        for fb in b:
            if fa.generation and fb.generation and not same_marker(fa.generation, fb.generation):
                continue  # "the Elder" is not "II"
            if (fa.firm and not fb.organisation) or (fb.firm and not fa.organisation):
                continue  # a firm's name without "Inc." is no person's name
            if same_surname and fa.last != fb.last and fa.sounds[-1] != fb.sounds[-1]:
                continue
            level, weight = _level(fa, fb), 0.0
            if same_surname and level in WHOLE_NAME_SPELLINGS:
                level = "same name, another spelling" if fa.sounds == fb.sounds or _sound_alike_but_initials(fa, fb) else (
                    _given_spelling_level(fa, fb) or _given_initial_level(fa, fb) if fa.last == fb.last else None)
            if level:
                weight = NAME_LEVELS[level]
            elif (fa.first == fb.last or fb.first == fa.last) and not (fa.organisation or fb.organisation):
                # the surname written first, without a comma
                turned = _rotated(fa) if fa.first == fb.last else None
                level = _level(turned, fb) if turned is not None else None
                if not level and fb.first == fa.last:
                    turned = _rotated(fb)
                    level = _level(fa, turned)
                # an initial put first is no given name: "George H. Seeley" is not "H. Seeley George"
                if level and not (_words_fit(fa, fb) or level in _SURNAME_AND_GIVEN and len(turned.first) > 1):
                    level = None
                if level:
                    level, weight = f"{SURNAME_FIRST}{level}", NAME_LEVELS[level] - SURNAME_FIRST_COST
            if level and (best[0] is None or weight > best[1]):
                best = (level, weight, fa.full, fb.full)
    return best


# "Mock Richard Basil" / "Richard Mock", "Ikeda Masuo" / "M. Ikeda": one source writes the surname
# first without a comma. Which word is the surname is not written down, so a bit weaker.
SURNAME_FIRST = "surname written first, "
SURNAME_FIRST_COST = 1.0


# Read in the other order, these say the given name too is the same one, another form of it or its
# initial ("Goncharova Natalija Sergeevna" / "Natalia Goncharova"): no word of its own is then needed
# (`_words_fit`).
_SURNAME_AND_GIVEN = frozenset({"same first and last name", "same first and last name, middle names differ",
                                "same surname, given name shortened", "same surname, given name spelled differently",
                                "same surname, given names spelled differently", "same surname, given name abbreviated"})


def _words_fit(a: NameForm, b: NameForm) -> bool:
    """Every whole word (not an initial) of the name with fewer of them is in the other: read in
    another order, a name must not bring a word of its own ("George H. Seeley" / "Hornby Lester
    George", "André Bloc" / "Breton André")."""
    wa, wb = {t for t in a.tokens if len(t) > 1}, {t for t in b.tokens if len(t) > 1}
    return wa <= wb if len(wa) <= len(wb) else wb <= wa


def _rotated(form: NameForm) -> NameForm:
    """"mock richard basil" read as "richard basil mock"."""
    if len(form.tokens) < 2:
        return form
    tokens = (*form.tokens[1:], form.tokens[0])
    return NameForm(" ".join(tokens), tokens, tokens[0], tokens[-1], form.compact, form.generation)


def _turned(a: NameForm, b: NameForm) -> bool:
    """The surname moved to the other end and the given name's syllables written together or apart:
    "Kim Whanki" / "Whan-ki Kim", "Zao Wouki" / "Wou-Ki Zao" (East Asian names in either order)."""
    whole, tokens = b.compact, a.tokens
    # the ends first: most pairs that get here (compact names of one length) fail there, without a join
    return (whole.endswith(tokens[0]) and whole.startswith(tokens[1]) and whole == "".join((*tokens[1:], tokens[0]))) \
        or (whole.startswith(tokens[-1]) and whole.endswith(tokens[-2]) and whole == "".join((tokens[-1], *tokens[:-1])))


def _level(a: NameForm, b: NameForm) -> str | None:
    if a.full == b.full or a.compact == b.compact:
        return "exact"
    if a.organisation or b.organisation:
        return _body_level(a, b)
    if len(a.tokens) > 1 and a.sorted_key == b.sorted_key:
        return "same words, other order"
    if len(a.tokens) > 1 and len(b.tokens) > 1:
        if len(a.compact) == len(b.compact) and _turned(a, b):
            return "same words, other order"
        # the surname the same, or the same by sound (another transliteration: Rodchenko / Rodtschenko)
        same_last = a.last == b.last or a.sounds[-1] == b.sounds[-1]
        close = _surnames_close(a.last, b.last)
        # Surnames that differ (most blocked pairs) skip the levels that need them alike.
        level = _alike_surname_level(a, b, same_last, close) if same_last or close else None
        if level:
            return level
        if _in_order(a.tokens, b.tokens) or _in_order(b.tokens, a.tokens):
            return "name contained in the longer name"
        if _double_surname(a, b) or _double_surname(b, a):
            return "first part of a double surname, given name abbreviated"
        if same_last and same_name_in_another_language(a.first, b.first) and not _middles_differ(a.tokens, b.tokens):
            return GIVEN_IN_ANOTHER_LANGUAGE
        if same_last and translit(a.first)[0] == translit(b.first)[0]:
            return "same surname, given names begin alike"
        if a.last == b.last and min(len(a.first), len(b.first)) > 2:
            return OTHER_GIVEN_NAMES
        return None
    single, full = (a, b) if len(a.tokens) == 1 else (b, a)
    if single.last == full.last:
        return "single name equals surname"
    if single.last == full.first and len(single.last) > 3:
        return GIVEN_NAME_ALONE  # "Chryssa" / "Chryssa Vardea": known by the given name
    return None


# Levels that compare the whole name's spelling; with one surname, the difference is in the given names.
WHOLE_NAME_SPELLINGS = ("close spelling", "same name, another spelling")


def _given_spelling_level(a: NameForm, b: NameForm) -> str | None:
    """Two names of one surname (or one by sound): "same surname, given name(s) spelled
    differently" if the first given names are another spelling of one another ("maurice" /
    "maurike", "barnett" / "barnet"), else None."""
    if min(len(a.first), len(b.first)) <= 3 or not _spelled_alike(a.first, b.first):
        return None
    if len(a.tokens) == len(b.tokens) > 2 and all(
            _spelled_alike(x, y) for x, y in zip(a.tokens[1:-1], b.tokens[1:-1], strict=True)):
        return "same surname, given names spelled differently"
    return "same surname, given name spelled differently"


def _given_initial_level(a: NameForm, b: NameForm) -> str | None:
    """"art spiegelman" / "a spiegelman" is close in spelling as a whole, and read with one surname it
    is a given name written as its initial."""
    if _initial_compatible(a.first, b.first) or _initials_of_given(a.tokens, b.tokens):
        return "same surname, given name abbreviated"
    return None


def _alike_surname_level(a: NameForm, b: NameForm, same_last: bool, close: bool) -> str | None:
    """`_level` of two names of two words or more whose surnames are the same (`same_last`, also by
    sound) or close in spelling (`close`), for the levels that need one of those."""
    if _abbreviated(a.tokens, b.tokens):
        return "same name, a word abbreviated"
    if a.first_last == b.first_last:
        if _middles_differ(a.tokens, b.tokens):
            return "same first and last name, middle names differ"
        return "same first and last name"
    if close and a.first[0] == b.first[0] and JaroWinkler.similarity(a.full, b.full) >= 0.94:
        return "close spelling"
    if a.sounds == b.sounds or (a.last != b.last and _sound_alike_but_initials(a, b)):  # every word the same by sound
        return "same name, another spelling"
    if same_last and _shortened(a.first, b.first):
        return "same surname, given name shortened"
    if same_last and (level := _given_spelling_level(a, b)):
        return level
    if same_last and (_initial_compatible(a.first, b.first) or _initials_of_given(a.tokens, b.tokens)):
        return "same surname, given name abbreviated"
    if close and _initial_compatible(a.first, b.first):
        return "similar surname, given name abbreviated"
    return None


def _sound_alike_but_initials(a: NameForm, b: NameForm) -> bool:
    """The same name by sound but for middle initials on one side: "Ross Moffet" / "Ross E. Moffett"."""
    long, short = (a, b) if len(a.tokens) > len(b.tokens) else (b, a)
    return len(short.tokens) == 2 and long.sounds[0] == short.sounds[0] and long.sounds[-1] == short.sounds[-1] \
        and all(len(t) == 1 for t in long.tokens[1:-1])


def _body_level(a: NameForm, b: NameForm) -> str | None:
    """Two names, one of a body: the same words, one misspelt at most. A person's rules would read
    "United States Sanitary Commission" / "United States Bicentennial Commission" as the same first
    and last name, and a body named inside a longer one's name is another body."""
    if len(a.tokens) != len(b.tokens) or len(a.tokens) < 2:
        return None
    differ = [(x, y) for x, y in zip(a.tokens, b.tokens, strict=True) if x != y]
    if a.organisation and b.organisation and len(differ) >= 2 \
            and all(min(len(x), len(y)) == 1 and x[0] == y[0] for x, y in differ) \
            and any(len(x) > 3 for x, y in zip(a.tokens, b.tokens, strict=True) if x == y):
        return "same name, a word abbreviated"  # "U.S. Coast Guard" / "United States Coast Guard"
    if a.organisation and b.organisation and differ and all(_umlaut_out(x) == _umlaut_out(y) for x, y in differ):
        return "same name, another spelling"  # "Wiener Werkstätte" / "Wiener Werkstaette"
    if len(differ) == 1 and min(len(differ[0][0]), len(differ[0][1])) > 3 \
            and JaroWinkler.similarity(*differ[0]) >= 0.9:
        return "close spelling"
    return None


def _umlaut_out(word: str) -> str:
    """A folded word with an umlaut written out ("ae", "oe", "ue") read as its vowel (fold drops the dots)."""
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _double_surname(short: NameForm, long: NameForm) -> bool:
    """"e watson" / "eva watson schutze": the short name's surname is the long one's next to last
    word, its given name fits the long one's first (not a name of two words: no middle to hold)."""
    return len(short.tokens) == 2 and len(long.tokens) >= 3 and short.last == long.tokens[-2] \
        and _initial_compatible(short.first, long.first)


def _initials_of_given(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names written as initials only, matching given names of the other in order, not only
    the first: "e degas" / "hilaire germain edgar degas" (known by a later given name)."""
    short, long = (a[:-1], b[:-1]) if len(a) <= len(b) else (b[:-1], a[:-1])
    if not short or len(short) >= len(long) or any(len(w) > 1 for w in short):
        return False
    rest = iter(w[0] for w in long)
    return all(w in rest for w in short)


def _middles_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both give middle names and none of one fits any of the other ("henry peach robinson" /
    "henry harewood robinson": father and son); an initial fits its word ("h" / "harewood")."""
    ma, mb = a[1:-1], b[1:-1]
    if not ma or not mb:
        return False
    return not any(x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x in ma for y in mb)


def _abbreviated(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """"john b greene" ~ "john beasley greene": same words, a middle one cut to an initial; the
    first name and the surname whole ("e mitchell" / "ellin mitchell" is only an initial)."""
    if len(a) != len(b) or len(a) < 3 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    return all(x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in zip(a[1:-1], b[1:-1], strict=True))


# Spellings that transliterations of one name differ by: Aleksandr / Alexander, Alexej / Alexei,
# Nikolayevich / Nikolaevich, Wassily / Vasily. Applied only to compare given names.
_TRANSLIT = (("ks", "x"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("j", "i"), ("y", "i"))
_DOUBLED = re.compile(r"(.)\1")  # a doubled letter, written once ("Nattalia" / "Natalia")


@lru_cache(maxsize=200_000)
def translit(word: str) -> str:
    for old, new in _TRANSLIT:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


# What one sound is written as in different languages and transliterations, reduced to one
# spelling: Tchaikovsky / Tschaikowsky / Chaikovsky, Mikhail / Michail, Calder / Kalder,
# Marcks / Marx, Natalija / Natalia.
_SOUNDS = tuple((re.compile(pattern), new) for pattern, new in (
    (r"t?sch|tch", "ch"), (r"kh", "ch"), (r"ph", "f"), (r"c(?!h)", "k"), (r"x", "ks"), (r"w", "v"), (r"[jy]", "i"),
    (r"ue", "u"), (r"oe", "o"), (r"ou", "u")))


@lru_cache(maxsize=200_000)
def sound(word: str) -> str:
    for pattern, new in _SOUNDS:  # compiled once: a million names at scale
        word = pattern.sub(new, word)
    return _DOUBLED.sub(r"\1", word)


# What a given name adds to become its feminine form in many languages (Paul / Paula, Joseph /
# Josephine, Henri / Henriette, Jan / Jana).
FEMININE_ENDINGS = ("a", "ia", "ina", "ine", "ette")


def feminine_form(a: str, b: str) -> bool:
    """One given name is the other's feminine form: a spelling apart, but two people. Paul / Paula,
    Antonio / Antonia, Mario / Maria, Louis / Louise (an "e" after a final "s"); not Georg /
    George or Maria / Marie."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long.startswith(short):
        rest = long[len(short):]
        return rest in FEMININE_ENDINGS or (rest == "e" and short.endswith("s"))
    return len(a) == len(b) > 2 and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}


def one_given_name(a: str, b: str) -> bool:
    """Two written given names that may be one: a spelling or a short form ("Alex" / "Alexander")."""
    return a == b or _spelled_alike(a, b) or _shortened(a, b)


def _spelled_alike(a: str, b: str) -> bool:
    return sound(a) == sound(b) or JaroWinkler.similarity(translit(a), translit(b)) >= 0.9


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of `short` appears in `long`, in the same order."""
    if len(short) >= len(long):
        return False
    rest = iter(long)
    return all(word in rest for word in short)


def _surnames_close(a: str, b: str) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= 0.9


def _shortened(a: str, b: str) -> bool:
    """"alex" ~ "alexander" (a short form, not an initial)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return 3 <= len(short) < len(long) and long.startswith(short)


def _initial_compatible(a: str, b: str) -> bool:
    """"r" ~ "robert", "rob" ~ "robert"; "robert" !~ "richard"."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) <= 2 and long.startswith(short[0]) or (len(short) >= 3 and long.startswith(short))
