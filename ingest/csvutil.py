"""Streaming CSV rows with every row accounted for.

Damage stays in the row that holds it:
- invalid UTF-8 bytes are read with `surrogateescape`; `ingest.guard` turns them into U+FFFD
  and puts a warning on the record (one bad byte used to end the file: "read 1" for 2,001 rows);
- quoting is parsed strictly: text after a closing quote, or a quote still open at the end of
  the file, rejects that row;
- a row spanning more than MAX_ROW_LINES lines is taken for an unterminated quote (one such
  quote swallowed 497 rows into one title): its first line is rejected and the lines after it
  are read again as rows of their own.

A file that is not UTF-8 but Windows-1252 (Latin-1), as spreadsheets in western European settings
save CSV, is read as such (`encoding_of`): "Dürer" was "D\ufffdrer", met by no other source.

The delimiter is the header's: a comma, or the semicolon that spreadsheets in French, German,
Italian, Spanish or Dutch settings write, a tab or a bar, whichever splits the header line into the
most columns (a comma on a tie). A semicolon export read with commas was one column of every header.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import deque
from collections.abc import Iterator
from itertools import chain
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


SNIFF = 1 << 20  # bytes looked at for the encoding
_HIGH = re.compile(rb"[\x80-\xff]")
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Windows-1252's letters (À-ÿ but × and ÷, Š Œ Ž š œ ž Ÿ) and the punctuation its text holds (… ‘ ’ “ ” – —)
_CP1252_LETTERS = frozenset(range(0xC0, 0x100)) - {0xD7, 0xF7} | {0x8A, 0x8C, 0x8E, 0x9A, 0x9C, 0x9E, 0x9F}
_CP1252_PUNCTUATION = frozenset({0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xA0, 0xA9, 0xAB, 0xB0, 0xB4, 0xB7, 0xBB})


def encoding_of(path: Path) -> str:
    """"utf-8-sig"; "utf-16" after its byte-order mark; or "cp1252" for a file whose first MiB is not UTF-8,
    holds no UTF-8 sequence at all, and whose other bytes are nearly all Windows-1252 letters beside a letter
    or its punctuation ("Caf\xe9", "M\xfcller", "1840\x961926"). A UTF-8 file with a damaged byte stays UTF-8
    (the byte becomes U+FFFD with a warning: `ingest.guard`), and so does a stray byte between spaces."""
    try:
        with path.open("rb") as handle:
            data = handle.read(SNIFF)
    except OSError:
        return "utf-8-sig"  # the open that follows reports it
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # Excel's "Unicode text": UTF-16 with its byte-order mark (and tabs)
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if len(data) == SNIFF and exc.start >= len(data) - 3:
            return "utf-8-sig"  # the sample ends inside a character
    if _UTF8_MULTI.search(data):
        return "utf-8-sig"

    def letter(i: int) -> bool:
        return 0 <= i < len(data) and (chr(data[i]).isascii() and chr(data[i]).isalpha() or data[i] in _CP1252_LETTERS)

    highs = [m.start() for m in _HIGH.finditer(data)]
    latin = sum(1 for i in highs if data[i] in _CP1252_PUNCTUATION
                or data[i] in _CP1252_LETTERS and (letter(i - 1) or letter(i + 1)))
    return "cp1252" if latin >= 0.8 * len(highs) else "utf-8-sig"


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
        handle = path.open(newline="", encoding=encoding_of(path), errors="surrogateescape")
    except OSError as exc:
        yield Rejected(str(path), None, None, f"cannot open: {exc.strerror or exc}", fatal=True)
        return
    with handle:
        try:
            first = next(handle, "")  # the header line, for its delimiter
        except (OSError, UnicodeError) as exc:
            yield Rejected(str(path), None, None, f"unreadable CSV header: {exc}", fatal=True)
            return
        lines = _Lines(chain([first], handle))
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
