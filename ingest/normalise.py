"""Normalisation shared by readers and linking: names, life dates, keys (record dates: ingest.dates).

Small and conservative on purpose; each function is tested on real headings from the sample.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from itertools import takewhile

from ingest.demonyms import is_description, is_nationality


def strip_trailing(name: str) -> str:
    """Drop trailing ISBD punctuation, but keep the full stop of an initial ("H. C.")."""
    return strip_end(name)


def split_life_dates(heading: str) -> tuple[str, int | None, int | None]:
    """Split trailing life dates off a name heading: "Homer, Winslow, 1836-1910" -> ("Homer,
    Winslow", 1836, 1910). A lone "1930-" gives a birth year only; "active 1783-1791" (fl.)
    dates are split off but are not birth and death years (see `split_dates`)."""
    name, dates = split_dates(heading)
    if dates is None:
        return name, None, None
    return name, dates.born, dates.died


_PARTICLES = {"da", "de", "di", "del", "della", "van", "von", "der", "den", "du", "le", "la", "of", "ter", "y"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "the elder", "the younger"}
# A title after the name (the part after the first comma), with its place or without, not forenames:
# "Charles II, King of England", "Waltheof, Abbot of Melrose", "9th Earl of Carlisle",
# "Ninth Earl of" (Tate's inverted "Carlisle, George Howard, Ninth Earl of"), "Earl". Not a title
# before given names: "De Belleroche, Count Albert" is Count Albert De Belleroche.
_TITLE_WORDS = (r"king|queen|emperor|empress|pope|saint|st\.|duke|duchess|earl|count|countess|baron|baroness|"
                r"marquis|marquess|marchioness|lord|abbot|abbess|bishop|archbishop|cardinal|prince|princess|sultan|"
                r"shah|tsar|czar|viscount|viscountess")
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
_TITLE_PHRASE = re.compile(rf"^(?:the\s+)?(?:{_ORDINAL}\s+)?(?:{_TITLE_WORDS})\b\s*(?:$|of\b|and\b)", re.I)
_ROMAN_END = re.compile(r"\s[IVX]+$")  # "Charles II": a ruler's name, whose title says which


def is_title(text: str) -> bool:
    """A title as written after a name: "King of England", "9th Earl of Carlisle", "Saint"."""
    return bool(_TITLE_PHRASE.match(text.strip()))


def without_title(name: str) -> str:
    """A name in display order without the title written after it: "George Howard, 9th Earl of
    Carlisle" is George Howard. A one-word name keeps it ("Violet, Duchess of Rutland", "Charles II,
    King of England"): without it, a given name alone says little of who."""
    head, comma, rest = name.partition(",")
    if comma and _TITLE_PHRASE.match(rest.strip()) and len(head.split()) >= 2 and not _ROMAN_END.search(head):
        return head.strip()
    return name


_HONORIFICS = {"sir", "dame", "lady", "lord", "mrs", "mr", "miss", "ms", "dr", "rev", "reverend", "madame", "mme",
               "monsieur", "mlle", "professor", "prof", "captain", "capt", "general", "colonel", "col"}
_FULLER_FORM = re.compile(r"\s*\([^)]*\)")
# Letters after a name that are honours, degrees or memberships, not a part of it: "Augustus John, OM",
# "Michael Hall, Esq.", "Sir Thomas Lawrence, P.R.A.", "Jane Doe MBE", "John Smith, Ph.D.". Read only
# in capitals (or as written here): "Ma Yuan" and "Ba Jin" are names.
POST_NOMINALS = frozenset(
    "esq esquire bart bt om ch obe cbe kbe gbe mbe dbe kg kt cb cmg kcmg gcmg kcb gcb cvo kcvo gcvo lvo mvo "
    "ra ara pra rsa arsa prsa rha rws rwa rba rbs rp re rdi riba aia faia frs fba frse frsa fsa nad na "
    "phd dphil md dds dd lld litt littd mp qc kc".split())
_WRITTEN_AS_IS = {"esq", "esquire", "bart", "bt", "phd", "dphil", "litt", "littd"}  # also in mixed case
# Also a US state, a country or a company form ("Baltimore, MD", "Basel, CH", "GmbH & Co. KG"): only
# with full stops ("M.D.") or beside another honour ("OM, CH").
_DOTTED_ONLY = {"md", "ma", "ch", "kg", "na", "re", "dd", "kt"}
_LAST_PART = re.compile(r"(?:^|[\s,]+)([^\s,]+)\s*$")
_ORDINAL_END = re.compile(r"[\s,]+(\d{1,2}(?:st|nd|rd|th))\s*$", re.I)


def _post_nominal(word: str) -> bool:
    letters = word.replace(".", "")
    folded = letters.lower()
    return folded in POST_NOMINALS and (letters.isupper() or folded in _WRITTEN_AS_IS)


def _plainly_post_nominal(word: str) -> bool:
    return "." in word or word.lower() not in _DOTTED_ONLY


def split_post_nominals(name: str) -> tuple[str, str]:
    """("Hall, Michael", "Esq.") from "Hall, Michael, Esq."; ("Henry Moore", "OM, CH") from "Henry
    Moore OM, CH". Kept when nothing else would be left of a given name: "Goode, M.A." is M. A. Goode
    and "Master M.P." a monogrammist."""
    rest, letters = name.strip(), []
    while (match := _LAST_PART.search(rest)) and _post_nominal(match.group(1)) and match.start() > 0:
        letters.insert(0, match.group(1))
        rest = rest[:match.start()].strip()
    if not any(_plainly_post_nominal(w) for w in letters):  # "Baltimore, MD"; but "OM, CH" is two honours
        return name, ""
    if (ordinal := _ORDINAL_END.search(rest)) and ordinal.start() > 0:  # "Gordon, Sir Harry Percy, 2nd Bt"
        letters[0] = f"{ordinal.group(1)} {letters[0]}"
        rest = rest[:ordinal.start()].strip()
    parts = [p for p in rest.split(",") if p.strip()]
    if len(rest.replace(",", " ").split()) < 2 or ("," in rest and len(parts) < 2):
        return name, ""
    return rest.rstrip(" ,"), ", ".join(letters)


def direct_order(name: str) -> str:
    """Turn an inverted heading into display order: "Homer, Winslow" -> "Winslow Homer".

    "Smith, John, Jr." keeps its suffix at the end; "Corbusier, Le" -> "Le Corbusier";
    "Leonardo, da Vinci" -> "Leonardo da Vinci"; "Charles II, King of England" stays as it is;
    "Galloway, Alan MacDonald, Lord of" -> "Alan MacDonald, Lord of Galloway"; "Mitchell,
    William, mason" drops the lower-case qualifier; MARC $q fuller forms "(George Breckenridge)"
    are dropped.
    """
    name = strip_end(_FULLER_FORM.sub("", name.strip()))
    bare, letters = split_post_nominals(name)
    if letters:  # "Hall, Michael, Esq." -> "Michael Hall, Esq."
        return f"{direct_order(bare)}, {letters}"
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) < 2 or _TITLE_PHRASE.match(parts[1]):
        return name
    if len(parts) >= 3 and parts[2].lower().rstrip(".") in _SUFFIXES:
        return f"{parts[1]} {parts[0]} {parts[2]}"
    if len(parts) == 3 and parts[2].rstrip(".").lower() in _HONORIFICS:
        return f"{parts[2]} {parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2].endswith(" of"):
        return f"{parts[1]}, {parts[2]} {parts[0]}"
    if len(parts) == 3 and parts[2][:1].islower():
        parts = parts[:2]
    if len(parts) == 2:
        first_word = parts[1].split()[0]
        if first_word.lower() in _PARTICLES and first_word[:1].islower():
            return f"{parts[0]} {parts[1]}"
        return f"{parts[1]} {parts[0]}"
    return name


@functools.lru_cache(maxsize=65536)  # headings repeat across records; folding dominated MARC mapping time
def fold(text: str) -> str:
    """Case- and accent-folded text with punctuation removed and spaces collapsed."""
    if text.isascii():  # the same steps, less those that leave ASCII as it is (most names)
        return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.lower())).strip()
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("ł", "l")
    # letters NFKD leaves whole: "Ævar" is written "Aevar", "Œuvres" "Oeuvres", "Þórr" "Thorr"
    cleaned = _PUNCTUATION.sub(" ", stripped.casefold().translate(_LIGATURES))
    return _SPACES.sub(" ", cleaned).strip()


_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_LIGATURES = str.maketrans({"æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ŀ": "l"})


def name_key(name: str) -> str:
    """A comparison key for a person or organisation name in display order."""
    return fold(name)


def clean_text(value: object) -> str | None:
    """Strip a cell or element text; empty becomes None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def short_hash(*parts: str, length: int = 16) -> str:
    """A stable id fragment from identifying fields, for entities a source gives no id."""
    # surrogatepass: a lone surrogate (an invalid byte read with surrogateescape) still hashes.
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:length]


# --- life dates --------------------------------------------------------------------------

# Date words in the languages catalogues are written in: German "geb. 1471, gest. 1528", "* 1471 † 1528",
# French "né en 1840", Italian "nato nel", "um 1500" / "vers 1500" (about), "tätig" / "actif" (active).
_DATE_WORDS = (r"(?:(?:b|born|d|died|fl|flourished|active|ca|circa|c|approximately|approx|founded|established|est|"
               r"geb|geboren|gest|gestorben|né|née|nato|nata|mort|morte|morto|morta|actif|tätig|attivo|um|vers|env|"
               r"född|født|död|død|nacido|nacida|fallecido|overleden|syntynyt|kuollut)"
               r"(?:\.?\s+(?:en|in|nel|im)(?=\s))?|\*|†)")
_ONE_YEAR = r"\d{3,4}\s*\??(?:\s+or\s+\d{1,4}\s*\??)?"  # "1836 or 1837", LC's "1836 or 7"
# A date part as headings and museum bios write it: "1836-1910", "b. 1930", "active approximately
# 1783-1791", "-1687", "1771 or 1772-1828 or 1829", "born 1955", "founded 1987".
_DATE_PART = rf"(?:{_DATE_WORDS}\.?\s*)*(?:{_ONE_YEAR})?\s*(?:(?:[-–—]|(?=†))\s*(?:{_DATE_WORDS}\.?\s*)*(?:{_ONE_YEAR})?)?"
_DATE_TAIL = re.compile(rf"[\s,(]+({_DATE_PART})\s*\)?[.,;]?\s*$", re.I)
_DATE_ONLY = re.compile(rf"^\s*\(?\s*({_DATE_PART})\s*\)?[.,;]?\s*$", re.I)
_FIRST_YEAR = re.compile(r"(\d{3,4})")
# A bracket at the end that holds a year is the maker's bio, whatever else it says: "(American,
# 1836-1910)", "[American, 1836-1910]", "(b. 1836, d. 1910)", "(Leiden 1606 - Amsterdam 1669)". A decade
# ("(active 1890s)") is no year of birth or death.
_BIO_BRACKET = re.compile(r"\s*[\[(<]([^\[\]()<>]*\d{3,4}(?![\ds])[^\[\]()<>]*)[\])>]\s*\.?\s*$")  # GND: "<1880-1950>"
# An earlier date part of the same bio, after a comma: "b. 1836, d. 1910", "born 1836, died 1910".
_EARLIER_DATES = re.compile(rf"[,;]\s*((?:{_DATE_WORDS}\.?\s*)+{_ONE_YEAR}|{_ONE_YEAR}\s*[-–—]\s*(?:{_ONE_YEAR})?)\s*$", re.I)
# A century in place of years after an inverted heading ("Richardson, James S., 19th century", LC's
# "16th cent."): no life dates, and no part of the name. Not after a single name: NGA's "Veronese 16th
# Century", "Unknown, 20th Century" name no one, as written.
_CENTURY_TAIL = re.compile(r",\s*(?:(?:active|fl\.?)\s+)?(?:(?:early|mid|late)[\s-]+)?\d{1,2}(?:st|nd|rd|th)"
                           r"(?:\s*[-–/]\s*\d{1,2}(?:st|nd|rd|th))?[\s-]+cent(?:ury|\.)?\s*\)?\.?\s*$", re.I)
# Lower-case words after a heading's dates: a relator term ("artist", "author, illustrator"), as MARC's $e.
_RELATOR_AFTER_DATES = re.compile(r"(\d\s*\)?)\s*,\s*[a-z][a-z .-]*(?:,\s*[a-z][a-z .-]*)*\.?$")
# Words after a bio's closing year or bracket: "(1840-1926), French", "(1840-1926) peintre", "(1471-1528)
# (attributed)", "1840 - 1926 (French)" (what they may be: `_qualifier`).
_AFTER_DATES = re.compile(r"\d\s*[\])]?((?:\s*,\s*|\s+)(?:\([^\d()\[\]]+\)|[^\d()\[\],;]+))\s*\.?\s*$")
# A day and month before a year: "November 14, 1840", "14 novembre 1840", "14.11.1840", "14/11/1840".
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
           "august|september|october|november|december|janvier|février|fevrier|mars|avril|mai|juin|juillet|"
           "août|aout|septembre|octobre|novembre|décembre|decembre|januar|jänner|februar|märz|juni|juli|"
           "oktober|dezember|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|"
           "dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|januari|"
           "februari|maart|mei|augustus")
_DAY_MONTH = re.compile(rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+"
                        rf"(?:{_MONTHS})\.?,?|\d{{1,2}}[./]\d{{1,2}}[./])\s*(?=\d{{3,4}}\b)", re.I)
_DIGIT = re.compile(r"\d")
_ISO_INTERVAL = re.compile(r"\b(\d{4})-\d{2}-\d{2}\s*/\s*(\d{4})-\d{2}-\d{2}\b")
_ISO_DATE = re.compile(r"\b(\d{4})-\d{2}-\d{2}\b")  # "1840-11-14": its year
_DAY_OR_MONTH = re.compile(r"\d[./-]\d|\d,? \d|[A-Za-zéû]\.? \d{1,2}(?:st|nd|rd|th|er)?,? \d")  # a first look


@dataclass(frozen=True, slots=True)
class LifeDates:
    """Years a heading or a museum bio gives. `active` marks fl./active dates, which are not
    birth and death; `approximate` marks ca./approximately/"?"."""

    born: int | None = None
    died: int | None = None
    active_from: int | None = None
    active_to: int | None = None
    approximate: bool = False


def _year_of(text: str | None) -> int | None:
    match = _FIRST_YEAR.search(text or "")
    return int(match.group(1)) if match else None


# "mentioned 1529 - 1548", "alive in 1925", "documented 1600": years someone was known to be living
_LABEL_WORDS = re.compile(r"\b(?:(d|died|gest|gestorben|mort|morte|morto|morta|muerto|muerta|fallecido|fallecida|overl|"
                          r"overleden|död|død|kuollut)|"
                          r"(b|born|est|established|founded|geb|geboren|né|née|nato|nata|nacido|nacida|född|født|"
                          r"syntynyt)|"
                          r"(fl|flourished|active|mentioned|documented|recorded|alive|working|actif|tätig|"
                          r"attivo|attiva|activo|activa|werkzaam|aktiv))\b|(†)|(\*)")
_ERA = re.compile(r"\b(?:b\.\s?c\.(?:e\.)?|a\.\s?d\.|bce|ce)(?=\W|$)")  # "B.C." is no "b." (born)
_APPROXIMATE = re.compile(r"\b(?:ca|circa|c|approximately|approx|um|vers|env|environ|hacia|omstreeks)\b|\?")
_A_YEAR = re.compile(r"\d{3,4}")


def _date_word(part: str) -> str | None:
    """"born", "died" or "active": the date word nearest before the part's year ("born Germany.
    Active 1867" is active), None without one."""
    year = _A_YEAR.search(part)
    label = None
    for match in _LABEL_WORDS.finditer(part[: year.start()] if year else part):
        label = "died" if match.group(1) or match.group(4) else "born" if match.group(2) or match.group(5) else "active"
    return label


def parse_life_dates(text: str | None) -> LifeDates | None:
    """Life dates from a date part or a museum bio: "1836-1910", "b. 1930", "d. 1910", "fl. 1783-1791",
    "active approximately 1783-1791", "ca. 1095-1159", "1930-", "-1687", "born 1955",
    "1771 or 1772-1828 or 1829" (the first of each alternative), "Austrian-American, 1935-1997",
    "born c. 1763, active 1796 - 1824", "active from 1389 - died 1428". Each part between commas
    is read on its own, its years labelled by the date word nearest before them (a range without
    one is birth and death; "active in France, 1905-1968" is a place, then a life). None if there
    is no year."""
    if not text or not re.search(r"\d{3}", text):
        return None
    if _DAY_OR_MONTH.search(text):
        # two full dates with a slash are EDTF's interval: a life; two years are not (NGA's "born 1800/1850")
        text = _ISO_DATE.sub(r"\1", _ISO_INTERVAL.sub(r"\1-\2", _DAY_MONTH.sub("", text)))
    low = text.casefold()
    approximate = bool(_APPROXIMATE.search(low))
    low = _ERA.sub(" ", low)
    born = died = active_from = active_to = None
    found, carried = False, None
    for segment in re.split(r"[,;]|(?=†)", low):
        if not _A_YEAR.search(segment):
            words = segment.strip(" .()").split()
            # "active, 1892-1972": a date word alone says what the next years are
            alone = bool(words) and all(_LABEL_WORDS.fullmatch(w.strip(".")) for w in words)
            carried = _date_word(segment) if alone else None
            continue
        if re.search(r"[-–—]", segment):
            start, end = re.split(r"[-–—]", segment, maxsplit=1)
            first, second = _year_of(start), _year_of(end)
            label_a, label_b = _date_word(start) or carried, _date_word(end)
            if label_a == "active" and label_b is None:
                label_b = "active"
            parts = ((label_a or ("active" if label_b == "active" else "born"), first, True),
                     (label_b or "died", second, False))
        else:
            label = _date_word(segment) or carried or "born"
            year = _year_of(segment)
            parts = ((label, year, True), (label, year, False)) if label == "active" else ((label, year, True),)
        carried = None
        for label, year, is_start in parts:
            if year is None:
                continue
            found = True
            if label == "born":
                born = born if born is not None else year
            elif label == "died":
                died = died if died is not None else year
            elif is_start:
                active_from = active_from if active_from is not None else year
            else:
                active_to = year
    return LifeDates(born, died, active_from, active_to, approximate) if found else None


def split_dates(heading: str) -> tuple[str, LifeDates | None]:
    """Split trailing life dates off a heading: "Cocking, Thomas, active approximately
    1783-1791" -> ("Cocking, Thomas", LifeDates(active_from=1783, active_to=1791, ...)). A bracket
    that holds the dates after a qualifier, as museum labels write a maker ("Winslow Homer
    (American, 1836-1910)"), goes with them: the name is what comes before it. So does a relator
    term after the dates ("Homer, Winslow, 1836-1910, artist."), and the lines below a name are
    its bio ("Winslow Homer\nAmerican, 1836-1910", as museum labels are exported), and a nationality
    between the name and the dates ("Winslow Homer, American, 1836-1910": `before_nationality`)."""
    first, _, below = heading.partition("\n")
    if first.strip() and below.strip():
        name, dates = split_dates(first)
        return name, dates or parse_bio(" ".join(below.split()))[1]
    heading = strip_end(heading)
    if not _DIGIT.search(heading):  # most names (98% of the sample's): no year to look for
        return before_nationality(heading), None
    if _DAY_OR_MONTH.search(heading):
        heading = _ISO_DATE.sub(r"\1", _DAY_MONTH.sub("", heading))
    relator = _RELATOR_AFTER_DATES.search(heading)
    if relator:
        heading = heading[:relator.start(1)] + relator.group(1)
    elif (after := _AFTER_DATES.search(heading)) and _qualifier(after.group(1)):
        heading = strip_end(heading[:after.start(1)])
    bracket = _BIO_BRACKET.search(heading)
    # not a meeting's "(3rd : 1879 : Brussels, Belgium)"
    if bracket and " : " not in bracket.group(1) and heading[:bracket.start()].strip() \
            and (dates := parse_life_dates(bracket.group(1))):
        return before_nationality(strip_end(heading[:bracket.start()])), dates
    match = _DATE_TAIL.search(heading)
    if match and _capitalised_word(heading, match):
        # "Max Born 1882-1970", "Jean Nato 1950": a date word written as a name, right after the name, is
        # the surname; "Dürer, Albrecht, geb. 1471" and "(Geb. 1471" are date words
        match = _DATE_TAIL.search(heading, match.start(1) + len(match.group(1).split()[0]))
    if match and re.search(r"\d{3}", match.group(1)):
        start = match.start(1)
        while earlier := _EARLIER_DATES.search(heading, 0, match.start()):
            start = earlier.start(1)
            match = earlier
        dates = parse_life_dates(heading[start:])
        if dates is not None:
            name = strip_end(heading[: match.start()].rstrip(" ("))
            if name.count("(") > name.count(")"):  # the dates closed a bracket opened by a qualifier
                name = strip_end(name[: name.rindex("(")])
            return before_nationality(name), dates
    century = _CENTURY_TAIL.search(heading)
    if century and "," in (rest := strip_end(heading[:century.start()])):
        heading = rest
    return before_nationality(heading), None


_NEVER_SURNAMES = {"active", "circa", "ca", "fl", "flourished", "died", "approximately", "approx", "actif", "tätig",
                   "attivo", "um", "vers", "env"}


def _capitalised_word(heading: str, match: re.Match[str]) -> bool:
    """Whether a date tail starts with a capitalised date word that may be a surname ("Born", "Nato",
    "Mort"), without a full stop, after a space only."""
    first = match.group(1).split(maxsplit=1)[0] if match.group(1).strip() else ""
    return first[:1].isupper() and first[-1:].isalpha() and first.lower() not in _NEVER_SURNAMES \
        and not heading[match.start():match.start(1)].strip()


def _qualifier(text: str) -> bool:
    """Whether words after a bio's dates qualify it rather than name someone: lower-case ("peintre",
    "(attributed)") or a nationality ("French"); not "(Charles Lutwidge Dodgson)", not a second name."""
    words = text.strip(" ,.()")
    return bool(words) and len(words.split()) <= 4 and (words[0].islower() or is_nationality(words))


def before_nationality(name: str) -> str:
    """The name before a nationality a label writes between it and the dates: "Winslow Homer, American"
    (from "Winslow Homer, American, 1836-1910"), "Grant, Duncan, British", "Lyonel Feininger, American,
    born Germany", a mononym's "Takis, Greek" (but "Vishniac, Roman": `is_nationality`); a label's lower-case
    description in another language too ("Claude Monet, peintre français": `is_description`)."""
    parts = re.split(r"[,;]", name)  # "Homer, Winslow; American; 1836-1910"
    for i in range(1, len(parts)):
        if is_nationality(parts[i], after_surname=i == 1 and len(parts[0].split()) == 1) or is_description(parts[i]):
            return strip_end(name[:len(",".join(parts[:i]))])
    return name


_KEEP_DOT = {"inc", "jr", "sr", "co", "ltd", "corp", "bros", "st", "esq", "n.j", "n.y", "d.c"}


def strip_end(text: str) -> str:
    """Trailing ISBD punctuation off a heading, keeping the full stop of an initial or an
    abbreviation ("Davis, George B." and "Emigre Inc." keep theirs; "Scotland." loses it)."""
    text = text.strip().rstrip(",;:/= ").rstrip()
    while text.endswith("."):
        last = text[:-1].split()[-1] if text[:-1].split() else ""
        last = last.rsplit(",", 1)[-1]
        if len(last) == 1 or last.lower() in _KEEP_DOT or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", last):
            break
        text = text[:-1].rstrip(",;:/= ").rstrip()
    return text


def strip_honorific(name: str) -> tuple[str, str | None]:
    """Split a leading honorific off a display name: "Mrs. John W. Beatty" -> ("John W.
    Beatty", "Mrs."); "Sir Joshua Reynolds" -> ("Joshua Reynolds", "Sir")."""
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in _HONORIFICS:
        return " ".join(words[1:]), words[0]
    return name, None


# --- persons and organisations ----------------------------------------------------------

_ORG_WORDS = re.compile(
    r"\b(?:inc|ltd|llc|gmbh|co|corp|corporation|company|companies|museum|museums|gallery|galleries|galerie|"
    r"society|association|institute|institution|university|college|library|foundation|fund|trust|press|"
    r"studio|studios|workshop|manufactory|manufacturing|church|cathedral|abbey|priory|collegiate|chapel|"
    r"hospital|council|committee|department|bureau|club|group|brothers|bros|publishers|publishing|editions|"
    r"verlag|atelier|architects|associates|partners|school|academy|government|ministry|office|agency|"
    r"archives|center|centre|theatre|theater|orchestra|records|magazine|newspaper|bank|factory|works|"
    r"firm|family|collection|kunsthalle|kunstverein|mus[ée]e|biblioth[eè]que|et\s+cie|&\s*co|"
    r"s\.p\.a|s\.r\.l|a/s|plc|sarl|oyj)\b\.?",  # the designators no person's name holds as a word
    re.I,
)


# How a museum qualifies an attribution in a maker's name ("Workshop of Rogier van der Weyden",
# "Attributed to Winslow Homer", "Rembrandt and workshop"): the qualifier says how the object relates
# to the maker, and the rest is the maker's name.
# The same in the other languages catalogues are written in: "Werkstatt des Rembrandt", "attribué à",
# "bottega di", "toegeschreven aan", "Rembrandt und Werkstatt", "Rembrandt (attributed to)".
_ATTRIBUTION_BEFORE = re.compile(
    r"^((?:(?:formerly|previously|once|traditionally)\s+)?attributed\s+to|(?:workshop|studio|atelier|follower|followers|circle|school|manner|style|"
    r"imitator|pupil|assistant)\s+of|copy\s+(?:after|of)|after|possibly|probably|"
    r"attribu[ée]e?\s+[àa]|(?:atelier|entourage|cercle|[ée]cole|suiveur|genre|mani[èe]re|[ée]l[èe]ve|style)\s+(?:de|d['’]|du|des)|"
    r"(?:copie\s+)?d['’]apr[èe]s|"
    r"zugeschrieben|(?:werkstatt|umkreis|nachfolger|schule|kreis|art|sch[üu]ler|stil)\s+(?:des|der|von|van)|"
    r"(?:kopie\s+)?nach|"
    r"attribuit[oa]\s+a|(?:bottega|cerchia|scuola|seguace|maniera|allievo|stile)\s+(?:di|del|dei|della|d['’])|copia\s+da|"
    r"atribuid[oa]\s+a|(?:taller|c[íi]rculo|escuela|seguidor|estilo)\s+(?:de|del)|"
    r"toegeschreven\s+aan|(?:atelier|werkplaats|kring|school|navolger|stijl|leerling)\s+van|(?:kopie\s+)?naar)"
    r"(?:\s+|(?<=['’]))(?=\S)", re.I)
_ATTRIBUTION_AFTER = re.compile(
    r"\s*,?\s+(?:and|&|und|et|e|y|en)\s+(workshop|studio|assistants|circle|werkstatt|atelier|bottega|taller)\s*$", re.I)
_ATTRIBUTION_BRACKET = re.compile(
    r"\s*(?:,|\()\s*(attributed(?:\s+to)?|(?:workshop|studio|circle|school|follower|manner|style)(?:\s+of)?|"
    r"after|copy\s+after|attribu[ée]e?(?:\s+[àa])?|atelier|zugeschrieben|werkstatt|umkreis|schule|nachfolger|"
    r"attribuit[oa]|bottega|cerchia|scuola|atribuid[oa]|taller|toegeschreven(?:\s+aan)?|kring|navolger)\s*\)?\s*$",
    re.I)


def _a_place(text: str) -> bool:
    from ingest import gazetteer  # the gazetteer's index loads only when an attribution asks

    return gazetteer.by_label(text) is not None or gazetteer.is_region(text)


def split_attribution(name: str) -> tuple[str, str | None]:
    """(maker, qualifier) of a maker's name as objects are attributed: "Workshop of Rogier van der
    Weyden" -> ("Rogier van der Weyden", "workshop of"); "Rembrandt and workshop" -> ("Rembrandt",
    "and workshop"). Not when the rest names no person: "School of the Art Institute of Chicago",
    "School of Architecture, Catholic University" are bodies of their own."""
    before = _ATTRIBUTION_BEFORE.match(name)
    if before:
        rest = name[before.end():]
        # "École de Nancy", "School of Paris": a movement named by its place
        if rest[:1].isupper() and not looks_like_organisation(rest) and not _a_place(rest):
            return rest, " ".join(before.group(1).lower().split())
    after = _ATTRIBUTION_AFTER.search(name)
    if after and name[:after.start()].strip():
        return name[:after.start()].strip(), "and " + after.group(1).lower()
    bracket = _ATTRIBUTION_BRACKET.search(name) if name.rstrip().endswith(")") or "," in name else None
    if bracket and name[:bracket.start()].strip():
        return name[:bracket.start()].strip(), " ".join(bracket.group(1).lower().split())
    return name, None


def looks_like_organisation(name: str, bio: str | None = None) -> bool:
    """A heuristic for sources that do not say: organisation words in the name ("Emigre Inc.",
    "Carnegie and Co., Bazaar Decorators", "Dunkeld Cathedral") or a "founded"/"established"
    bio (MoMA writes "American, founded 1987")."""
    if bio and re.search(r"\b(?:founded|established|est\.)\b", bio, re.I):
        return True
    return bool(_ORG_WORDS.search(name))


_BUILDING_WORDS = re.compile(
    r"\b(?:church|cathedral|abbey|priory|chapel|kirk|friary|castle|palace|tower|house|bridge|hospital|"
    r"monastery|nunnery|convent|minster|tolbooth|mill|station)$",
    re.I,
)


def looks_like_building(name: str) -> bool:
    """NLS catalogues buildings under 600/610 ("Dunkeld Cathedral", "St. Machar's Cathedral
    (Aberdeen, Scotland)", "Gowrie House"): names that end in a building word are places. An
    inverted personal heading is a person whatever word it ends in ("Seal, David Abbey")."""
    base = re.sub(r"\s*\([^()]*\)\s*$", "", name.strip()).rstrip(". ")
    return bool(_BUILDING_WORDS.search(base)) and len(base.split()) >= 2 and "," not in base


@dataclass(frozen=True, slots=True)
class PersonName:
    name: str  # display order, no dates: "Winslow Homer"
    heading: str  # as catalogued, without dates: "Homer, Winslow"
    dates: LifeDates | None = None
    nationality: str | None = None
    honorific: str | None = None
    organisation: bool = False

    @property
    def key(self) -> str:
        return name_key(self.name)


_BIO = re.compile(r"^\s*(?P<nat>[^\d,()]*?[A-Za-z][^\d,()]*?)?\s*,?\s*(?P<dates>[^,]*\d{3}.*)?$")


def parse_bio(bio: str | None) -> tuple[str | None, LifeDates | None]:
    """A museum's short bio: "American, 1836–1910" -> ("American", 1836-1910); "Dutch, born
    1985"; "Nationality unknown" -> (None, None)."""
    if not bio:
        return None, None
    text = bio.strip().strip("()")
    nationality, _, rest = text.partition(",")
    if re.search(r"\d{3}", nationality):
        nationality, rest = "", text
    nationality = nationality.strip()
    if not nationality or "unknown" in nationality.lower() or not nationality[:1].isupper():
        nationality = ""
    return nationality or None, parse_life_dates(rest)


def parse_person_name(text: str, bio: str | None = None) -> PersonName:
    """Any of the forms catalogues use for a name: an inverted heading "Homer, Winslow,
    1836-1910", a display name "Winslow Homer (American, 1836–1910)", a name with a leading
    honorific "Mrs. John W. Beatty"; `bio` is a separate museum bio column."""
    text = re.sub(r"\s+", " ", text.strip())
    nationality, dates = parse_bio(bio)
    paren = re.search(r"\s*\(([^()]*)\)\s*$", text)
    if paren and re.search(r"\d{3}", paren.group(1)):
        nat, paren_dates = parse_bio(paren.group(1))
        nationality, dates = nationality or nat, dates or paren_dates
        text = text[: paren.start()]
    heading, heading_dates = split_dates(text)
    dates = heading_dates or dates
    organisation = looks_like_organisation(heading, bio)
    display = heading if organisation else direct_order(heading)
    display, honorific = (display, None) if organisation else strip_honorific(display)
    return PersonName(display, heading, dates, nationality, honorific, organisation)


# --- places -------------------------------------------------------------------------------

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}
STATE_AFTER_NAME = re.compile(r"(.+?)\s+([A-Z]{2})")  # "Pittsburgh PA": a US state's code after the name
# The LC abbreviations that appear in place qualifiers ("Princeton (N.J.)", "Kenwood (Chicago, Ill.)").
LC_STATE_ABBREVIATIONS = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California", "colo": "Colorado",
    "conn": "Connecticut", "del": "Delaware", "d.c": "District of Columbia", "fla": "Florida", "ga": "Georgia",
    "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "ky": "Kentucky", "la": "Louisiana", "me": "Maine",
    "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi",
    "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nev": "Nevada", "n.h": "New Hampshire",
    "n.j": "New Jersey", "n.m": "New Mexico", "n.y": "New York", "n.c": "North Carolina", "n.d": "North Dakota",
    "okla": "Oklahoma", "or": "Oregon", "pa": "Pennsylvania", "r.i": "Rhode Island", "s.c": "South Carolina",
    "s.d": "South Dakota", "tenn": "Tennessee", "tex": "Texas", "vt": "Vermont", "va": "Virginia",
    "wash": "Washington", "w. va": "West Virginia", "wis": "Wisconsin", "wyo": "Wyoming",
}
CONTINENTS = {"world", "europe", "asia", "africa", "north america", "south america", "oceania", "antarctica",
              "north and central america", "middle east", "australia"}
# Getty-style place types written in parentheses after a name: "Crail (inhabited place)".
_PLACE_TYPE = re.compile(r"^[a-z][a-z /-]*$")
# Parenthesised words that belong to the name itself: "Korea (South)".
_NAME_QUALIFIERS = {"south", "north", "east", "west", "republic", "state", "province", "region", "kingdom"}


@dataclass(frozen=True, slots=True)
class PlaceName:
    """A place heading taken apart: the place itself, then the broader places that contain it
    (nearest first), as far as the source says."""

    name: str
    within: tuple[str, ...] = ()
    place_type: str | None = None
    modern_name: str | None = None  # "present-day Croatia"

    @property
    def chain(self) -> tuple[str, ...]:
        return (self.name, *self.within)

    @property
    def key(self) -> str:
        """The chain, and the place type: "Beauly (river)" and "Beauly (inhabited place)" are two places."""
        return fold(", ".join(self.chain)) + (f" ({fold(self.place_type)})" if self.place_type else "")

    @property
    def label(self) -> str:
        """The name with its place type when the source gives one: "Beauly (river)"."""
        return f"{self.name} ({self.place_type})" if self.place_type else self.name


def _expand_state(part: str) -> str:
    bare = part.strip().rstrip(".")
    return LC_STATE_ABBREVIATIONS.get(bare.lower()) or US_STATES.get(bare) or part.strip()


def _split_type(part: str) -> tuple[str, str | None, tuple[str, ...]]:
    """"Crail (inhabited place)" -> ("Crail", "inhabited place", ()); "Princeton (N.J.)" ->
    ("Princeton", None, ("New Jersey",)); "Korea (South)" stays whole."""
    match = re.search(r"\s*\(([^()]*)\)\s*$", part)
    if not match:
        return part.strip(), None, ()
    inside = match.group(1).strip()
    base = part[: match.start()].strip()
    if inside.lower() in _NAME_QUALIFIERS:
        return part.strip(), None, ()
    if _PLACE_TYPE.match(inside) and inside.lower().rstrip(".") not in LC_STATE_ABBREVIATIONS:
        return base, inside, ()
    qualifiers = tuple(_expand_state(q) for q in inside.split(",") if q.strip())
    return base, None, qualifiers


# LCSH free-floating subdivisions under names of places (Subject Headings Manual H 1140), the ones
# catalogues use most: in "France -- Biography -- Portraits" or "Florida -- Maps" the place is the
# heading before them, never "Portraits" or "Maps".
_PLACE_SUBDIVISIONS = frozenset(fold(s) for s in (
    "Administrative and political divisions", "Aerial views", "Antiquities", "Armed Forces", "Bibliography",
    "Biography", "Boundaries", "Buildings, structures, etc.", "Caricatures and cartoons", "Census", "Charters",
    "Church history", "Civilization", "Climate", "Commerce", "Commercial policy", "Cultural policy",
    "Defenses", "Description and travel", "Directories", "Early works to 1800", "Economic conditions",
    "Economic policy", "Emigration and immigration", "Encyclopedias", "Ethnic relations", "Exhibitions",
    "Fiction", "Foreign relations", "Gazetteers", "Genealogy", "Geography", "Guidebooks", "History",
    "History, Military", "History, Naval", "History, Local", "Imprints", "In art", "In literature",
    "Intellectual life", "Juvenile literature", "Kings and rulers", "Languages", "Maps", "Manuscripts",
    "Military policy", "Militia", "Moral conditions", "Newspapers", "Officials and employees",
    "Periodicals", "Photographs", "Pictorial works", "Poetry", "Politics and government", "Popular culture",
    "Population", "Portraits", "Posters", "Race relations", "Registers", "Relations", "Religion",
    "Religious life and customs", "Road maps", "Rural conditions", "Social conditions", "Social life and customs",
    "Social policy", "Songs and music", "Sources", "Statistics", "Surveys", "Topographic maps", "Tours",
    "Views", "Nautical charts", "Remote-sensing images", "Quotations, maxims, etc.",
))


def _is_place_subdivision(part: str) -> bool:
    """A part of "A -- B" that names a place inside A ("France -- Paris"), not a subdivision."""
    return fold(part) not in _PLACE_SUBDIVISIONS and part[:1].isupper() and not re.search(r"\d", part)


def parse_place(text: str | None, *, broadest_first: bool | None = None) -> PlaceName | None:
    """A place as catalogues write it -> PlaceName with its broader places, nearest first.

    "Paris (France)" -> Paris within France; "France -- Paris" -> Paris within France;
    "Paris, Île-de-France" -> Paris within Île-de-France; Getty TGN strings (NLS 651 `$2 TGN`)
    "Europe, United Kingdom, Scotland, Fife, Crail (inhabited place)" -> Crail within Fife,
    Scotland, United Kingdom, Europe (type "inhabited place"); "Philadelphia (Philadelphia county,
    Pennsylvania, United States)"; "Pittsburgh PA" / "Kenwood (Chicago, Ill.)" expand US states;
    "Batinska, Yugoslavia, present-day Croatia" keeps the modern name apart. `broadest_first`
    forces the order of a comma list (True for TGN strings); by default a list that starts with
    a continent is read broadest first.
    """
    if not text:
        return None
    text = re.sub(r"\s+", " ", text.strip().strip("[]")).strip()
    text = strip_end(text)
    if not text or fold(text) in _PLACE_SUBDIVISIONS:
        return None  # NYPL files the form subdivision "Maps" alone as a geographic subject
    modern = None
    parts: list[str]
    if "--" in text:
        parts = [p.strip() for p in text.split("--") if p.strip()]
        if not parts or fold(parts[0]) in _PLACE_SUBDIVISIONS:
            return None
        parts = parts[:1] + list(takewhile(_is_place_subdivision, parts[1:]))  # "France -- Biography -- Portraits"
        parts.reverse()
    else:
        parts = [p.strip() for p in re.split(r",(?![^()]*\))", text) if p.strip()]
        kept = []
        for part in parts:
            if part.lower().startswith("present-day "):
                modern = part[len("present-day "):].strip()
            else:
                kept.append(part)
        parts = kept or parts
        first = _split_type(parts[0])[0].lower()
        if broadest_first or (broadest_first is None and len(parts) > 1 and first in CONTINENTS):
            parts.reverse()
    if not parts:
        return None
    name, place_type, qualifiers = _split_type(parts[0])
    state = STATE_AFTER_NAME.fullmatch(name)
    if state and state.group(2) in US_STATES and len(parts) == 1 and not qualifiers:
        name, qualifiers = state.group(1), (US_STATES[state.group(2)],)
    within: list[str] = list(qualifiers)
    for part in parts[1:]:
        base, _, more = _split_type(part)
        within += [_expand_state(base), *more]
    within = [w for w in within if w and fold(w) != fold(name)]
    return PlaceName(name, tuple(dict.fromkeys(within)), place_type, modern)


# --- subject headings ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubjectHeading:
    """An LCSH/FAST-style heading split into facets, as FAST does: the topic ($a then $x
    subdivisions), places ($z, broadest first as LCSH writes them), periods ($y) and forms ($v)."""

    topic: tuple[str, ...]
    places: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    vocabulary: str | None = None

    @property
    def label(self) -> str:
        return " -- ".join(self.topic)

    @property
    def subdivided(self) -> bool:
        return len(self.topic) > 1 or bool(self.places or self.periods or self.forms)


def _subject_part(value: str) -> str:
    return strip_end(value.strip().strip("[]")).strip()


def split_subject(subfields: list[tuple[str, str]]) -> SubjectHeading:
    """Facets of a 650/651-style heading given as (code, value) pairs; "$a Arabic fiction $z Syria
    $x History and criticism $y 20th century $v Periodicals" -> topic ("Arabic fiction", "History
    and criticism"), places ("Syria",), periods ("20th century",), forms ("Periodicals",)."""
    facets: dict[str, list[str]] = {"topic": [], "z": [], "y": [], "v": []}
    vocabulary = None
    for code, value in subfields:
        part = _subject_part(value or "")
        if code == "2":
            vocabulary = part.lower() or None
        if not part:
            continue
        if code in ("a", "x"):
            facets["topic"].append(part)
        elif code in ("z", "y", "v"):
            facets[code].append(part)
    return SubjectHeading(tuple(facets["topic"]), tuple(facets["z"]), tuple(facets["y"]), tuple(facets["v"]),
                          vocabulary)
