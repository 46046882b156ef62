"""Streaming CSV rows with every row accounted for."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from ingest.model import Rejected

# Museum dumps hold long text cells (biographies, provenance); the default 128 KiB limit is
# too small for some, and a limit is still wanted against a runaway unterminated quote.
csv.field_size_limit(min(sys.maxsize, 16 * 1024 * 1024))


def read_csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]] | Rejected]:
    """Yield (row number, row) for each data row, or a Rejected for a row that cannot be read.

    Row numbers count data rows from 1. A row with more cells than the header (a quoting
    error) is rejected rather than silently mis-assigned.
    """
    with path.open(newline="", encoding="utf-8-sig", errors="strict") as handle:
        reader = csv.DictReader(handle, restkey="__extra__")
        position = 0
        while True:
            position += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield Rejected(str(path), position, None, f"unreadable CSV row: {exc}")
                if isinstance(exc, UnicodeDecodeError):
                    return
                continue
            if "__extra__" in row:
                yield Rejected(str(path), position, None, "row has more cells than the header (bad quoting?)")
                continue
            yield position, row
