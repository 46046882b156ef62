"""Streaming CSV rows with every row accounted for.

Damage stays in the row that holds it:
- invalid UTF-8 bytes are read with `surrogateescape`; `ingest.guard` turns them into U+FFFD
  and puts a warning on the record (one bad byte used to end the file: "read 1" for 2,001 rows);
- quoting is parsed strictly: text after a closing quote, or a quote still open at the end of
  the file, rejects that row;
- a row spanning more than MAX_ROW_LINES lines is taken for an unterminated quote (one such
  quote swallowed 497 rows into one title): its first line is rejected and the lines after it
  are read again as rows of their own.

The delimiter is the header's: a comma, or the semicolon that spreadsheets in French, German,
Italian, Spanish or Dutch settings write, a tab or a bar, whichever splits the header line into the
most columns (a comma on a tie). A semicolon export read with commas was one column of every header.
"""

from __future__ import annotations

import csv
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from ingest.guard import not_regular
from ingest.model import Rejected

# Museum dumps hold long text cells (biographies, provenance); the default 128 KiB limit is
# too small for some, and a limit is still wanted against a runaway unterminated quote.
csv.field_size_limit(min(sys.maxsize, 16 * 1024 * 1024))
# The sample dumps' longest row spans 3 lines; a row longer than this is a quoting error.
MAX_ROW_LINES = 100


class _Lines:
    """The file's physical lines, remembering those of the current row, with a push-back."""

    def __init__(self, handle: Iterator[str]) -> None:
        self._handle = handle
        self._pending: deque[str] = deque()
        self.taken: list[str] = []
        self.line = 0  # physical lines handed out so far

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._pending.popleft() if self._pending else next(self._handle)
        self.taken.append(line)
        self.line += 1
        return line

    def read_again(self, lines: list[str]) -> None:
        self._pending.extendleft(reversed(lines))
        self.line -= len(lines)


DELIMITERS = (",", ";", "\t", "|")


def delimiter_of(header_line: str) -> str:
    """The delimiter that splits a header line into the most columns; a comma on a tie."""
    def columns(delimiter: str) -> int:
        try:
            return len(next(csv.reader([header_line], delimiter=delimiter)))
        except (csv.Error, StopIteration):
            return 0
    return max(DELIMITERS, key=lambda d: (columns(d), d == ","))


def read_csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]] | Rejected]:
    """Yield (row number, row) for each data row, or a Rejected for a row that cannot be read.

    Row numbers count data rows from 1. A row with more cells than the header (a quoting
    error) is rejected rather than silently mis-assigned; missing cells are "" (a row cut short).
    """
    problem = not_regular(path)
    if problem:
        yield Rejected(str(path), None, None, problem, fatal=True)
        return
    try:
        handle = path.open(newline="", encoding="utf-8-sig", errors="surrogateescape")
    except OSError as exc:
        yield Rejected(str(path), None, None, f"cannot open: {exc.strerror or exc}", fatal=True)
        return
    with handle:
        lines = _Lines(handle)
        try:
            first = next(handle, "")
        except (OSError, UnicodeError) as exc:
            yield Rejected(str(path), None, None, f"unreadable CSV header: {exc}", fatal=True)
            return
        lines.read_again([first])
        lines.line = 0
        reader = csv.reader(lines, strict=True, delimiter=delimiter_of(first))
        try:
            header = next(reader)
        except StopIteration:
            return  # an empty file has no rows
        except (csv.Error, OSError) as exc:
            yield Rejected(str(path), None, None, f"unreadable CSV header: {exc}", fatal=True)
            return
        position = 0
        while True:
            lines.taken = []
            first_line = lines.line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except OSError as exc:
                yield Rejected(str(path), position + 1, None, f"read error: {exc}", fatal=True)
                return
            except csv.Error as exc:
                position += 1
                lines.read_again(lines.taken[1:])
                yield Rejected(str(path), position, None, f"line {first_line}: bad CSV quoting ({exc}); "
                               "the lines after it are read again")
                continue
            if not cells and len(lines.taken) <= 1:
                continue  # a blank line is no row (as csv.DictReader has it)
            position += 1
            if len(lines.taken) > MAX_ROW_LINES:
                lines.read_again(lines.taken[1:])
                yield Rejected(str(path), position, None, f"line {first_line}: a quoted cell runs over "
                               f"{len(lines.taken):,} lines (an unterminated quote?); the lines after it are "
                               "read again")
                continue
            if len(cells) > len(header):
                yield Rejected(str(path), position, None, "row has more cells than the header (bad quoting?)")
                continue
            row: dict[str, str] = dict(zip(header, cells, strict=False))
            for name in header[len(cells):]:
                row.setdefault(name, "")
            yield position, row
