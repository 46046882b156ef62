"""One date parser for every reader and the export: catalogue date text -> a year range.

A date as catalogues write it ("ca. 1890", "183-?", "1926-1922", "ca. 2800-1550 BCE",
"19th century", "secolul al XIX-lea", "15.08.1923", "1353 [1934]") becomes a `DateRange`:
first and last year (historical years: -2800 is 2800 BCE, there is no year 0), whether it is
approximate ("ca.") or uncertain ("?"), and the same range as an EDTF string (ISO 8601-2,
whose years are astronomical: 2800 BCE is -2799). `start <= end` always; years outside
-5000..2100 are not dates. The `edtf` package checks these strings in the tests; it is too
slow (milliseconds a string) to run on every record here (see docs/decisions.md).

Rules, each from a real sample value:
- MARC's unknown digits: "183-?" / "183u" / "183X" -> 1830-1839, "18--" / "18uu" -> 1800-1899.
- Decades and centuries: "1950s" -> 1950-1959, "1800s" and "19th century" -> 1800-1899;
  "early/mid/late", "first/second half", quarters, and the Romanian forms of the LIDO sample.
- Abbreviated ends: "1966-7" -> 1966-1967, "1904-08" -> 1904-1908; reversed ranges are sorted.
- BCE/BC and CE/AD; a trailing BCE covers an unmarked start ("13-9 BCE").
- A later event in a later clause ("1827, printed 1893", "1939, cast 1959") is not the date.
- "X [Y]" and "X i.e. Y": Y is the date (a corrected or converted year: "Heisei 10 [1998").
- Copyright "c1994" / "©1994" is an exact year, "c. 1994" / "ca." / "circa" / "um" approximate.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ingest.model import Record

MIN_YEAR, MAX_YEAR = -5000, 2100

# What a record's date says: the thing was made, published, an event was held, the digital
# copy was made (not the thing: kept out of year_start/year_end), or the source does not say.
DATE_KINDS = ("made", "published", "held", "digitised", "dated")


@dataclass(frozen=True, slots=True)
class DateRange:
    start: int | None = None
    end: int | None = None
    approximate: bool = False
    uncertain: bool = False
    open_end: bool = False  # "1981-": started then, no end known

    @property
    def years(self) -> tuple[int | None, int | None]:
        return self.start, self.end

    @property
    def edtf(self) -> str | None:
        """The range as EDTF: "1890~", "1830/1839?", "-2799/-1549~", "1981/.."."""
        if self.start is None:
            return None
        mark = "%" if self.approximate and self.uncertain else "~" if self.approximate else "?" if self.uncertain else ""
        first = _edtf_year(self.start)
        if self.open_end:
            return f"{first}{mark}/.."
        if self.end == self.start:
            return first + mark
        return f"{first}{mark}/{_edtf_year(self.end)}{mark}"  # type: ignore[arg-type]


NO_DATE = DateRange()


def iso_year(year: int) -> int:
    """The ISO 8601 / XSD 1.1 / EDTF year of a historical year (1 BCE is year 0)."""
    return year + 1 if year < 0 else year


def historical_year(iso: int) -> int:
    return iso - 1 if iso <= 0 else iso


def _edtf_year(year: int) -> str:
    value = iso_year(year)
    return f"-{abs(value):04d}" if value < 0 else f"{value:04d}"


def year_range(text: object) -> tuple[int | None, int | None]:
    """(first, last) year of a date text; (None, None) when it holds no date."""
    return parse_date(text).years


def positive_year(value: object) -> int | None:
    """A year from a numeric cell; museums write 0 for "unknown"."""
    if value is None:
        return None
    try:
        year = int(float(str(value).strip()))
    except (ValueError, OverflowError):  # "x", "nan"; "1e400" is infinite
        return None
    return year if 0 < year <= MAX_YEAR else None


def from_years(start: object, end: object = None, *, approximate: bool = False) -> DateRange:
    """A range from two year cells (either may be empty); sorted, bounded."""
    first, last = _int_year(start), _int_year(end)
    if first is None:
        first = last
    if last is None:
        last = first
    if first is None or last is None:
        return NO_DATE
    return DateRange(min(first, last), max(first, last), approximate=approximate)


def _int_year(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(float(str(value).strip()))
    except (ValueError, OverflowError):
        return None
    return year if MIN_YEAR <= year <= MAX_YEAR and year != 0 else None


def parse_date(text: object) -> DateRange:
    """The year range of a date as catalogues write it (see the module docstring)."""
    if text is None:
        return NO_DATE
    return _parse(str(text).strip()[:300])


# --- EDTF / ISO 8601, as sources give them in EAD @normal, MODS w3cdtf/edtf, Linked Art ---
_EDTF_ONE = r"(-?\d{1,4})([0-9X]?)(?:-\d{2}(?:-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?([~?%]?)"
_EDTF = re.compile(rf"{_EDTF_ONE}(?:/(?:{_EDTF_ONE}|\.\.)?)?")


def _edtf_bound(year: str, unit: str) -> tuple[int, int] | None:
    if unit == "X":
        base = int(year) * 10
        return historical_year(base), historical_year(base + 9)
    if unit:
        year += unit
    if len(year.lstrip("-")) < 4 and not year.startswith("-"):
        return None  # "183" is not EDTF for a year; let the catalogue rules read it
    value = historical_year(int(year))
    return value, value


def _parse_edtf(text: str) -> DateRange | None:
    short = re.fullmatch(r"(\d{2})(\d{2})-(\d{2})", text)
    if short and int(short.group(3)) > int(short.group(2)):
        return None  # "1904-08" in a catalogue is 1904 to 1908, not August 1904
    match = _EDTF.fullmatch(text)
    if not match:
        return None
    first = _edtf_bound(match.group(1), match.group(2))
    if first is None:
        return None
    marks = match.group(3) + (match.group(6) or "")
    if text.endswith("/..") or text.endswith("/"):
        return _bounded(DateRange(first[0], first[0], "~" in marks or "%" in marks, "?" in marks or "%" in marks,
                                  open_end=True))
    last = _edtf_bound(match.group(4), match.group(5)) if match.group(4) else first
    if last is None:
        return None
    low, high = min(first[0], last[0]), max(first[1], last[1])
    return _bounded(DateRange(low, high, "~" in marks or "%" in marks, "?" in marks or "%" in marks))


def _bounded(found: DateRange) -> DateRange:
    if found.start is None or found.end is None:
        return NO_DATE
    if not (MIN_YEAR <= found.start <= MAX_YEAR and MIN_YEAR <= found.end <= MAX_YEAR):
        return NO_DATE
    return found


# --- catalogue text ---
_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|"
    r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
    r"januar|februar|m[äa]rz|juni|juli|oktober|dezember|"
    r"ianuarie|februarie|martie|aprilie|mai|iunie|iulie|august|septembrie|octombrie|noiembrie|decembrie"
)
_NO_DATE_WORDS = re.compile(
    r"^\s*(?:n\.\s?d\.?|s\.\s?d\.?|undated|no date|not dated|date not known|unknown|various dates|"
    r"dates not examined|various)\b", re.I)
_LATER = re.compile(
    r"\b(?:printed|reprinted|cast|restored|retouched|reproduced|enlarged|renovated|remodell?ed|additions?|"
    r"expanded|rebuilt|re-?done|reconstructed|later|bulk|new|impression|copy|p?c(?=\s?\d))|[©℗]", re.I)
_CLAUSE = re.compile(r"\s*[;,]\s*(?=\D)|\s*;\s*|,\s*(?=[©℗]|c\s?\d)", re.I)
_APPROX = re.compile(r"\b(?:c\.|ca\.?|cca\.?|circa|approx\.?|approximately|aprox\.?|about|around|um|probably|"
                     r"likely|circa)(?=\s|\d|$)|\bc\.(?=\d)", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
          "xix": 19, "xx": 20, "xxi": 21}
_ORDINAL_WORDS = {"primul": 1, "prima": 1, "primele": 1, "al doilea": 2, "a doua": 2, "al treilea": 3,
                  "al terilea": 3, "a treia": 3, "al patrulea": 4, "ultimul": 4, "ultima": 2}
def _era(name: str) -> str:
    return rf"(?:\s?(?P<{name}>b\.?\s?c\.?(?:\s?e\.?)?|bce|a\.?\s?d\.?|c\.?\s?e\.?(?![a-z])))?"
_BRACKETED_EQUIVALENT = re.compile(r"^(?P<before>.*?\d.*?)\s\[(?:i\.\s?e\.,?\s*)?(?P<inside>[^\]]*\d{3,4}[^\]]*)\]?\s*$",
                                   re.I)


def _era_sign(era: str | None) -> int:
    if not era:
        return 0
    return -1 if era.replace(".", "").replace(" ", "").lower().startswith("b") else 1


# A "part" is one thing that names years: century, decade, MARC unknown digits or a year.
_PART = re.compile(
    r"(?P<century>(?P<cnum>\d{1,2})(?:st|nd|rd|th|c\b)[\s-]*(?:-\s*)?(?:century|cent\.?|c\.?)?)(?=\W|$)" + _era("cera")
    + r"|(?P<decade>(?<!\d)\d{3}0)'?s\b"
    + r"|(?P<unknown>(?<!\d)\d{2,3}(?:[-u?x|]{1,2})(?=[^\w]|$))"
    + r"|(?P<year>(?<!\d)(?<!\d\.)\d{1,4}(?![\d]))" + _era("yera"),
    re.I,
)
_CENTURY_TEXT = re.compile(
    r"(?P<qual>(?:early|mid|late|middle|first half|second half|2nd half|1st half|last half|first quarter|"
    r"last quarter|"
    r"începutul|inceputul|înc\.|sf[âăa]r[șs]itul|sf\.|mijlocul|mijl\.|jumătatea|"
    r"(?:prima|a doua|a ii a|a ii-a) jumătate (?:a|al)|primul sfert al|ultimul sfert al|"
    r"(?:primul|prima) (?:deceniu|decadă) (?:a|al)|primele decenii ale|"
    r"deceniul al (?P<decword>[ivx]+|terilea|treilea)(?:-lea)? al|[1-4]/[24])[\s-]*(?:to\s+|-\s*)?)?"
    r"(?:(?:the\s+|of\s+the\s+)?(?P<num>\d{1,2})(?:st|nd|rd|th)\b[\s-]*(?:century|cent\.?)"
    r"|(?:secolului|secolul|sec\.)\s*(?:al\s+)?(?P<roman>[ivx]+)\b(?:-lea)?)" + _era("tera"),
    re.I,
)


def _century_span(n: int, qual: str | None, decword: str | None) -> tuple[int, int]:
    base = (n - 1) * 100
    q = (qual or "").lower().strip(" -").replace("to", "").strip()
    if decword:
        index = _ROMAN.get(decword.lower(), 3)
        return base + (index - 1) * 10, base + index * 10 - 1
    table = (
        (("early", "începutul", "inceputul", "înc."), (0, 35)),
        (("mid", "middle", "mijlocul", "mijl.", "jumătatea"), (35, 65)),
        (("late", "sfârșitul", "sfarsitul", "sfărșitul", "sf."), (65, 99)),
        (("first half", "1st half", "prima jumătate", "2/2"), (0, 49)),
        (("second half", "2nd half", "last half", "a doua jumătate", "a ii a jumătate", "a ii-a jumătate"), (50, 99)),
        (("first quarter", "primul sfert", "1/4"), (0, 24)),
        (("last quarter", "ultimul sfert", "4/4"), (75, 99)),
        (("2/4",), (25, 49)),
        (("primul deceniu", "prima decadă", "prima deceniu", "primul decadă"), (0, 9)),
        (("primele decenii",), (0, 35)),
    )
    if q.startswith("2/2"):
        return base + 50, base + 99
    if q.startswith("3/4"):
        return base + 50, base + 74
    for words, (low, high) in table:
        if any(q.startswith(w) for w in words):
            return base + low, base + high
    return base, base + 99


def _clean(text: str) -> str:
    text = text.replace("–", "-").replace("—", "-").replace("‐", "-").replace("−", "-")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # "1,700 BCE"
    text = re.sub(r"\s*\((?=[^)]*[a-zA-Zăâîșț])[^)]*\)?", " ", text)  # "(designed)", "(bulk 1930-1960)"
    # Day and month: "June 9-11, 1953", "15.08.1923", "3/6/1930", "01-Jan-1930", "1852/XII".
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?", lambda m: m.group(0)[:4], text)
    text = re.sub(r"\b\d{1,2}[./]\d{1,2}[./](\d{4})\b", r"\1", text)
    text = re.sub(r"\b\d{1,2}[./](\d{4})\b", r"\1", text)
    text = re.sub(r"\b(\d{4})/(?:[ivx]+|\d{1,2})\b(?!\d)", r"\1", text, flags=re.I)
    text = re.sub(rf"\b\d{{1,2}}-(?:{_MONTHS})-(\d{{2,4}})\b", lambda m: m.group(1) if len(m.group(1)) == 4 else "",
                  text, flags=re.I)
    text = re.sub(rf"(?<![\w])(?:{_MONTHS})\.?\s*-\s*(?:{_MONTHS})(?![\w])\.?", " ", text, flags=re.I)
    text = re.sub(rf"(?<![\w])(?:{_MONTHS})(?![\w])\.?(?:\s+\d{{1,2}}(?:\s*-\s*\d{{1,2}})?(?!\d)(?:st|nd|rd|th)?,?)?",
                  " ", text, flags=re.I)
    text = re.sub(r"(?<!\d)\b\d{1,2}\s*(?=\d{4}\b)", " ", text)  # "03 Nov 2008" after the month went
    text = re.sub(r"(\d{4})\s+\d{1,2}(?=\s*(?:-|$))", r"\1", text)  # "1971 September 14-1980 June 17"
    text = text.replace("[", "").replace("]", "")
    text = re.sub(r"(?<!\d)(\d{4})(\s*(?:-|/|or|to)\s*)(\d{1,2})(?![\d.])", _expand_short_end, text)
    text = re.sub(r"(?<!\d)\d/\d(?!\d)", " ", text)  # quarters and halves, read with the century
    text = re.sub(r"(?<!\d)(\d{3})-(?=\d{3}-)", r"\g<1>0s-", text)  # "187-188-": two decades
    # "19th-early 20th century": the first ordinal is a century too.
    text = re.sub(r"(\d{1,2}(?:st|nd|rd|th))(?=\s*-\s*(?:(?:early|mid|late)[\s-]*)?\d{1,2}(?:st|nd|rd|th)\s*cent)",
                  r"\1 century", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" .")


def _expand_short_end(match: re.Match[str]) -> str:
    """"1966-7" -> "1966-1967", "1904-08" -> "1904-1908", "1860 or 63" -> "1860 or 1863"."""
    start, short = match.group(1), match.group(3)
    end = int(start[: 4 - len(short)] + short)
    if end < int(start):
        end += 10 ** len(short)
    return f"{start}{match.group(2)}{end}"


@functools.lru_cache(maxsize=65536)
def _parse(text: str) -> DateRange:
    if not text or _NO_DATE_WORDS.match(text) or not re.search(r"\d|\b[ivx]+\b", text, re.I):
        return NO_DATE
    edtf = _parse_edtf(text)
    if edtf is not None:
        return edtf
    # "X [Y]" / "X i.e. Y": Y is the corrected or converted (Gregorian) date.
    corrected = re.search(r"\bi\.\s?e\.,?\s*(.+)$", text, re.I)
    if corrected:
        text = corrected.group(1)
    else:
        equivalent = _BRACKETED_EQUIVALENT.match(text)
        if equivalent and not re.search(r"-\s*$", equivalent.group("before")):
            text = equivalent.group("inside")
    approximate = bool(_APPROX.search(text))
    uncertain = "?" in text
    text = _clean(text)
    lows: list[int] = []
    highs: list[int] = []
    open_end = False
    dated_clause = False
    for clause in _CLAUSE.split(text):
        if not clause:
            continue
        if dated_clause and _LATER.search(clause):
            continue
        found = _clause_years(clause)
        if found is None:
            continue
        low, high, clause_open = found
        dated_clause = True
        lows.append(low)
        highs.append(high)
        open_end = open_end or clause_open
    if not lows:
        return NO_DATE
    start, end = min(lows), max(highs)
    return _bounded(DateRange(start, end, approximate, uncertain, open_end=open_end and start == end))


def _clause_years(clause: str) -> tuple[int, int, bool] | None:
    """(first, last, open) years named in one clause, or None."""
    spans: list[tuple[int, int, int, str]] = []  # (low, high, era sign, digits as written)
    taken = [False] * len(clause)

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    for match in _CENTURY_TEXT.finditer(clause):
        number = int(match.group("num")) if match.group("num") else _ROMAN.get((match.group("roman") or "").lower())
        if not number or number > 21:
            continue
        low, high = _century_span(number, match.group("qual"), match.group("decword"))
        spans.append((low, high, _era_sign(match.group("tera")), "C"))
        for i in range(match.start(), match.end()):
            taken[i] = True
    for match in _PART.finditer(clause):
        if not free(match.start(), match.end()):
            continue
        era = match.group("cera") or match.group("yera")
        sign = _era_sign(era)
        if match.group("century"):
            n = int(match.group("cnum"))
            if n == 0 or n > 21:
                continue
            spans.append(((n - 1) * 100, (n - 1) * 100 + 99, sign, "C"))
        elif match.group("decade"):
            decade = int(match.group("decade"))
            spans.append((decade, decade + 99, 0, "C") if decade % 100 == 0 else (decade, decade + 9, 0, "D"))
        elif match.group("unknown"):
            token = match.group("unknown")
            digits = re.match(r"\d+", token).group(0)  # type: ignore[union-attr]
            if len(digits) == 3:
                spans.append((int(digits) * 10, int(digits) * 10 + 9, 0, "D"))
            elif re.search(r"[u|x-]{2}", token[2:], re.I) or token[2:].lower().startswith("u"):
                spans.append((int(digits) * 100, int(digits) * 100 + 99, 0, "C"))
            else:
                continue
        else:
            digits = match.group("year")
            if len(digits) == 1 and not sign:
                continue  # a lone digit is a count or a day, not a year
            spans.append((int(digits), int(digits), sign, digits))
    if not spans:
        return None
    # A trailing BCE covers unmarked numbers before it when they read as a falling BCE range.
    if any(sign < 0 for *_, sign, _d in spans):
        last_bce = max(i for i, s in enumerate(spans) if s[2] < 0)
        for i in range(last_bce):
            low, high, sign, digits = spans[i]
            if sign == 0 and low >= spans[last_bce][0]:
                spans[i] = (low, high, -1, digits)
    years: list[tuple[int, int]] = []
    for i, (low, high, sign, digits) in enumerate(spans):
        if sign < 0:
            low, high = -high, -low
            if digits == "C":  # the 5th century BCE is -500..-401
                low, high = low - 1, high - 1
            low, high = low or -1, high or -1
        elif digits not in ("C", "D") and i > 0 and len(digits) < 4 and spans[i - 1][2] >= 0:
            prev_digits = spans[i - 1][3]
            prev = spans[i - 1][0]
            if len(prev_digits) == 4 and len(digits) <= 2 and prev >= 1000:  # "1966-7", "1904-08"
                low = high = int(str(prev)[: 4 - len(digits)] + digits)
                if low < prev:  # "1899-01" rolls into the next century
                    low = high = low + 100
        years.append((low, high))
    years = [(max(low, 1) if low == 0 else low, high) for low, high in years if MIN_YEAR <= low and high <= MAX_YEAR]
    if not years:
        return None
    low, high = min(y[0] for y in years), max(y[1] for y in years)
    # "1981-", "(1948- )": a year, a dash, then nothing or the bracket's end
    open_end = bool(re.search(r"\d{4}\s*-\s*(?:$|[)\]])", clause)) and len(years) == 1
    return low, high, open_end


def choose(text: object, start: object = None, end: object = None, *, fields_first: bool = False) -> DateRange:
    """The date of a record that gives a display text and maybe machine-readable start/end fields.

    By default the text wins (catalogue-derived year fields are often wrong: CMOA gives
    1980 for "1971, printed 1980") and the fields fill in only when the text names no year.
    `fields_first` is for fields a cataloguer writes on purpose (EAD @normal, LIDO
    earliestDate/latestDate, MARC 008, Linked Art timespans): they win and the text adds "ca."/"?".
    """
    parsed = parse_date(text)
    low = parse_date(start) if isinstance(start, str) else from_years(start)
    high = parse_date(end) if isinstance(end, str) else from_years(end)
    given = _join(low, high)
    if given.start is None:
        return parsed
    if parsed.start is None or fields_first:
        return DateRange(given.start, given.end, given.approximate or parsed.approximate,
                         given.uncertain or parsed.uncertain, open_end=given.open_end)
    return parsed


def _join(low: DateRange, high: DateRange) -> DateRange:
    if low.start is None and high.start is None:
        return NO_DATE
    if low.start is None:
        low = high
    if high.start is None:
        high = low
    first, last = min(low.start, high.start), max(low.end, high.end)  # type: ignore[type-var]
    return DateRange(first, last, low.approximate or high.approximate, low.uncertain or high.uncertain)


def set_dates(record: Record, text: object, kind: str, start: object = None, end: object = None, *,
              fields_first: bool = False) -> DateRange:
    """Put one date on a record: its text, years, EDTF form and kind (see DATE_KINDS).

    A "digitised" date (when the digital copy was made) keeps its text and EDTF form but no
    year_start/year_end: those are the years the thing was made or published."""
    found = choose(text, start, end, fields_first=fields_first)
    if isinstance(text, str) and text.strip():
        record.date_text = text.strip()
    elif found.start is not None and record.date_text is None:
        record.date_text = found.edtf
    if found.start is None and not record.date_text:
        return found
    record.date_kind = kind
    record.date_edtf = found.edtf
    if kind == "digitised":
        record.year_start = record.year_end = None
    else:
        record.year_start, record.year_end = found.start, found.end
    return found
