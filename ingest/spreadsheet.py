"""Rows of a spreadsheet (Excel .xlsx / .xlsm / .xls, OpenDocument .ods) as the mapped reader reads a CSV.

A partner's data person often has the export as a workbook, not a CSV. The first sheet is read with
`python-calamine` (Rust's calamine: no formula evaluation, no external entities in its XML reader);
its first row of two or more cells is the header (lines of one cell above it, an export's title and
date, are skipped), each later row a dict of header -> text, numbered from 1 as CSV rows are. A whole number stored as a float is written as an integer ("1836", not "1836.0"), a date as
ISO ("1836-11-14"), an empty cell as "".

A workbook is a zip of XML: before calamine opens one, its declared member sizes are checked, so a zip
bomb (a few KiB that inflate to gigabytes) is refused whole with a reason, as an XML bomb is by
`ingest.xmlsafe`. A file that is no workbook, or a damaged one, is one fatal rejection naming the file.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from ingest.guard import not_regular
from ingest.model import Rejected

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_INFLATED = 1 << 30  # bytes a workbook's members may inflate to, all together (calamine holds a sheet whole)
TITLE_ROWS = 10  # rows of one cell looked past for the header ("Export of 2026-12-01")
MAX_RATIO = 200  # inflated / stored, for a workbook over 1 MiB inflated (real ones: 5-30)


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def _zip_problem(path: Path) -> str | None:
    """Why a zipped workbook must not be opened (a zip bomb), or None. An .xls is no zip."""
    if path.suffix.lower() == ".xls":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"not a workbook (a {path.suffix} file is a zip archive): {exc}"
    inflated = sum(m.file_size for m in members)
    stored = sum(m.compress_size for m in members) or 1
    if inflated > MAX_INFLATED:
        return f"the workbook inflates to {inflated:,} bytes (limit {MAX_INFLATED:,}): refused as a zip bomb"
    if inflated > 1 << 20 and inflated / stored > MAX_RATIO:
        return (f"the workbook inflates {inflated / stored:,.0f} times ({stored:,} -> {inflated:,} bytes; limit "
                f"{MAX_RATIO}): refused as a zip bomb")
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value).strip()


def spreadsheet_rows(path: Path) -> Iterator[tuple[int, dict[str, str]] | Rejected]:
    """(row number, row) for each data row of the first sheet, or one fatal Rejected."""
    problem = not_regular(path) or _zip_problem(path)
    if problem:
        yield Rejected(str(path), None, None, problem, fatal=True)
        return
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            return
        rows = workbook.get_sheet_by_index(0).iter_rows()  # Python lists one row at a time
    except Exception as exc:  # noqa: BLE001 - calamine's errors (zip, XML, password, format) name the damage
        yield Rejected(str(path), None, None, f"unreadable workbook: {type(exc).__name__}: {exc}", fatal=True)
        return
    header: list[str] | None = None
    position = 0
    above: list[list[str]] = []  # rows of one cell before the header: an export's title lines
    while True:
        try:
            cells = next(rows, None)
        except Exception as exc:  # noqa: BLE001 - damage met while reading on
            yield Rejected(str(path), position + 1, None, f"unreadable workbook row: {type(exc).__name__}: {exc}",
                           fatal=True)
            return
        if cells is None:
            if header is None and above:  # a sheet of one column: its first row was the header after all
                header, rows = above[0], chain(above[1:])
                above = []
                continue
            return
        texts = [_text(c) for c in cells]
        if header is None:
            filled = sum(1 for t in texts if t)
            if filled == 1 and len(above) < TITLE_ROWS:
                above.append(texts)
            elif filled:
                header = [t or f"column {i + 1}" for i, t in enumerate(above[0] if filled == 1 else texts)]
                if filled == 1:  # one column after all: the rows kept above are its first rows
                    rows = chain(above[1:], [texts], rows)
                above = []
            continue
        if not any(texts):
            continue  # a blank row is no row, as in a CSV
        position += 1
        if any(texts[len(header):]):
            yield Rejected(str(path), position, None, "row has more cells than the header")
            continue
        yield position, {name: texts[i] if i < len(texts) else "" for i, name in enumerate(header)}
