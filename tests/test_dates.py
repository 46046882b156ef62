"""The one date parser (ingest/dates.py): catalogue forms, and every date of the sample.

The EDTF strings it writes are read back by the `edtf` package (an implementation of the Library
of Congress specification this project did not write): the bounds must agree.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.dates import MAX_YEAR, MIN_YEAR, iso_year, parse_date
from ingest.model import Record
from ingest.registry import expand, get_format
from ingest.samples import SAMPLE_SOURCES


@pytest.mark.parametrize(
    ("text", "start", "end", "approximate", "uncertain"),
    [
        # MARC's unknown digits: a decade or a century, not the year 183.
        ("183-?", 1830, 1839, False, True),
        ("186-", 1860, 1869, False, False),
        ("[189-?]-[199-]", 1890, 1999, False, True),
        ("18--", 1800, 1899, False, False),
        ("19uu", 1900, 1999, False, False),
        ("200u", 2000, 2009, False, False),
        # Reversed and abbreviated ranges.
        ("1926-1922", 1922, 1926, False, False),
        ("1966–7", 1966, 1967, False, False),
        ("1904-08", 1904, 1908, False, False),
        ("1860 or 63", 1860, 1863, False, False),
        # BCE: a trailing era covers an unmarked start; historical years (no year 0).
        ("ca. 2800-1550 BCE", -2800, -1550, True, False),
        ("13-9 BCE", -13, -9, False, False),
        ("27 BCE-128 CE", -27, 128, False, False),
        ("5th century BCE", -500, -401, False, False),
        ("ca. 1,700 BCE", -1700, -1700, True, False),
        # "ca." is approximation; "c1994" (copyright) is not.
        ("ca. 1890", 1890, 1890, True, False),
        ("c1994", 1994, 1994, False, False),
        ("Um 1950", 1950, 1950, True, False),
        # Centuries and decades, English and Romanian.
        ("19th century", 1800, 1899, False, False),
        ("mid-19th century", 1835, 1865, False, False),
        ("2nd half of the 17th cent.", 1650, 1699, False, False),
        ("1950s", 1950, 1959, False, False),
        ("secolul al XIX-lea", 1800, 1899, False, False),
        ("a doua jumătate a secolului al XIX-lea", 1850, 1899, False, False),
        ("deceniul al III-lea al sec.XX", 1920, 1929, False, False),
        # Later events and converted calendars.
        ("1827, printed 1893", 1827, 1827, False, False),
        ("1939, cast 1959", 1939, 1939, False, False),
        ("Heisei 10 [1998", 1998, 1998, False, False),
        ("1040-1042 [1630-1633]", 1630, 1633, False, False),
        ("1804 [i.e. 1808?]", 1808, 1808, False, True),
        # Days and months are not years.
        ("June 9-11, 1953", 1953, 1953, False, False),
        ("15.08.1923", 1923, 1923, False, False),
        ("1971 September 14-1980 June 17", 1971, 1980, False, False),
        # EDTF / ISO as sources encode them.
        ("-2799/-1549", -2800, -1550, False, False),
        ("2001-10-07T07:00:00Z", 2001, 2001, False, False),
        ("183X?", 1830, 1839, False, True),
    ],
)
def test_catalogue_forms(text: str, start: int, end: int, approximate: bool, uncertain: bool) -> None:
    found = parse_date(text)
    assert (found.start, found.end, found.approximate, found.uncertain) == (start, end, approximate, uncertain)


@pytest.mark.parametrize("text", ["n.d.", "undated", "||||", "####", "s.d.", "date not known", "03-Sept-02"])
def test_no_date(text: str) -> None:
    assert parse_date(text).start is None


@pytest.mark.parametrize("text", ["1981-", "(1981- )", "Jane Doe (1981-) Death timespan", "[1981-]"])
def test_open_range_keeps_its_start(text: str) -> None:
    found = parse_date(text)
    assert (found.start, found.end, found.open_end, found.edtf) == (1981, 1981, True, "1981/..")


@cache
def _edtf_bounds(edtf_text: str) -> tuple[int, int | None]:
    from edtf import parse_edtf

    parsed = parse_edtf(edtf_text)
    upper = parsed.upper_strict()
    return parsed.lower_strict().tm_year, upper.tm_year if hasattr(upper, "tm_year") else None


@pytest.fixture(scope="module")
def sample_records(sample_dir: Path) -> list[Record]:
    """Every catalogue record of the sample (authority rows left out), read once for this module."""
    records = []
    for sample in SAMPLE_SOURCES:
        fmt = get_format(sample.format)
        options = {} if fmt.preset else {"source": sample.source, "institution": sample.institution}
        for path, found in expand(sample_dir / sample.path, fmt):
            records += [r for r in found.reader()(path, **options) if isinstance(r, Record) and not r.is_authority]
    return records


def test_every_sample_date(sample_records: list[Record]) -> None:
    """Every date string in the sample: begin <= end, years in -5000..2100, and the EDTF form read
    by the `edtf` package gives the same bounds."""
    records = sample_records
    texts = {r.date_text for r in records if r.date_text}
    assert len(texts) > 2000  # the whole sample, not a handful
    for text in texts:
        found = parse_date(text)
        if found.start is None:
            continue
        assert found.start <= found.end, text  # type: ignore[operator]
        assert MIN_YEAR <= found.start and found.end <= MAX_YEAR, text  # type: ignore[operator]
        low, high = _edtf_bounds(found.edtf)  # type: ignore[arg-type]
        assert low == iso_year(found.start), (text, found.edtf)
        if not found.open_end:
            assert high == iso_year(found.end), (text, found.edtf)  # type: ignore[arg-type]
    dated = [r for r in records if r.year_start is not None]
    assert all(r.year_start <= r.year_end for r in dated)  # type: ignore[operator]
    assert all(MIN_YEAR <= r.year_start and r.year_end <= MAX_YEAR for r in dated)  # type: ignore[operator]
    assert all(r.date_kind in ("made", "published", "held", "dated") for r in dated)


def test_digitisation_dates_are_not_years_of_making(sample_records: list[Record]) -> None:
    """NLS records describe digital copies: their 264 date (2005) is when the copy was made."""
    records = [r for r in sample_records if r.source == "nls"]
    digitised = [r for r in records if r.date_kind == "digitised"]
    assert digitised and all(r.year_start is None for r in digitised)
    # Where the record names the original's date (518, 008 type r), that is the date.
    originals = [r for r in records if r.year_start is not None]
    assert originals and all(r.year_start < 1950 for r in originals)
