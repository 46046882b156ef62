"""Normalisation shared by readers and linking: names, life dates, year ranges, keys.

Small and conservative on purpose; each function is tested on real headings from the sample.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_YEAR = r"(\d{3,4})"
_RANGE = re.compile(rf"{_YEAR}\s*[-–—/]\s*{_YEAR}?")
_CENTURY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\s+century", re.I)
_DECADE = re.compile(r"\b(\d{3})0s\b")
_SINGLE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")


def year_range(text: str | None) -> tuple[int | None, int | None]:
    """Normalised (start, end) years of a date as catalogues write it.

    "ca. 1890" -> (1890, 1890); "1885-1890" -> (1885, 1890); "19th century" -> (1801, 1900);
    "[1923?]" -> (1923, 1923); "1950s" -> (1950, 1959); nothing recognisable -> (None, None).
    """
    if not text:
        return None, None
    text = str(text)
    match = _RANGE.search(text)
    if match:
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else None
        if end is not None and end < start and len(match.group(2)) < len(match.group(1)):
            end = None
        return start, end if end is not None else start
    match = _CENTURY.search(text)
    if match:
        century = int(match.group(1))
        return (century - 1) * 100 + 1, century * 100
    match = _DECADE.search(text)
    if match:
        decade = int(match.group(1)) * 10
        return decade, decade + 9
    years = [int(y) for y in _SINGLE.findall(text) if 500 <= int(y) <= 2100]
    if years:
        return min(years), max(years)
    return None, None


def positive_year(value: object) -> int | None:
    """A year from a numeric CSV cell; museums write 0 for "unknown"."""
    if value is None:
        return None
    try:
        year = int(float(str(value).strip()))
    except ValueError:
        return None
    return year if year > 0 else None


_LIFE_DATES = re.compile(
    r",?\s*\(?\s*(?:b\.|born|d\.|died|fl\.|active|ca\.|approximately|\s)*"
    r"(\d{3,4})?\??\s*[-–]\s*(?:ca\.\s*)?(\d{3,4})?\??\s*\)?\.?\s*$"
)


def strip_trailing(name: str) -> str:
    """Drop trailing ISBD punctuation, but keep the full stop of a final initial ("H. C.")."""
    name = name.strip().rstrip(",;:/ ")
    while name.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", name):
        name = name[:-1].rstrip(",;:/ ")
    return name


def split_life_dates(heading: str) -> tuple[str, int | None, int | None]:
    """Split trailing life dates off a name heading: "Homer, Winslow, 1836-1910" -> ("Homer,
    Winslow", 1836, 1910). A lone "1930-" gives a birth year only."""
    heading = strip_trailing(heading)
    match = _LIFE_DATES.search(heading)
    if match and (match.group(1) or match.group(2)):
        name = strip_trailing(heading[: match.start()])
        born = int(match.group(1)) if match.group(1) else None
        died = int(match.group(2)) if match.group(2) else None
        return name, born, died
    return heading, None, None


def direct_order(name: str) -> str:
    """Turn an inverted heading into display order: "Homer, Winslow" -> "Winslow Homer".

    Only one comma is treated as inversion; "Smith, John, Jr." keeps its suffix at the end.
    """
    name = strip_trailing(name)
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2].lower().rstrip(".") in {"jr", "sr", "ii", "iii", "iv"}:
        return f"{parts[1]} {parts[0]} {parts[2]}"
    return name


@functools.lru_cache(maxsize=65536)  # headings repeat across records; folding dominated MARC mapping time
def fold(text: str) -> str:
    """Case- and accent-folded text with punctuation removed and spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("ł", "l")
    cleaned = re.sub(r"[^\w\s]", " ", stripped.casefold())
    return re.sub(r"\s+", " ", cleaned).strip()


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
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]
