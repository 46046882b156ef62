"""MARC-in-JSON (the Library of Congress / code4lib serialisation pymarc writes and reads).

A file holds one record object or an array of them: `{"leader": "...", "fields": [{"001":
"..."}, {"245": {"ind1": " ", "ind2": " ", "subfields": [{"a": "..."}]}}]}`. The file is
loaded by `pymarc.JSONReader` (its non-strict JSON accepts the raw control characters real
exports contain; a strict `json.load` refuses them). pymarc does not stream JSON, so files
are capped at MAX_BYTES. Each record object is checked and mapped on its own, so one
malformed object is rejected with its position while the others load.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymarc

from ingest.guard import describe
from ingest.marc_mapping import MarcField, record_from_fields
from ingest.model import Institution, Record, Rejected

_BREAKS = re.compile(r"\s*[\r\n\t]+\s*")
MAX_BYTES = 256 * 1024 * 1024


def _flatten(text: str) -> str:
    # Values with raw line breaks (the non-strict JSON lets them through) become one line.
    return unicodedata.normalize("NFC", _BREAKS.sub(" ", text))


def fields_of(obj: Any) -> tuple[str, list[MarcField]]:
    """One MARC-in-JSON record object -> (leader, fields); ValueError says what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError(f"a record must be a JSON object, not {type(obj).__name__}")
    leader, raw_fields = obj.get("leader"), obj.get("fields")
    if not isinstance(leader, str):
        raise ValueError("record has no \"leader\" string")
    if not isinstance(raw_fields, list):
        raise ValueError("record has no \"fields\" array")
    fields = []
    for number, item in enumerate(raw_fields, start=1):
        if not isinstance(item, dict) or len(item) != 1:
            raise ValueError(f"field {number} is not an object with exactly one tag")
        tag, value = next(iter(item.items()))
        if isinstance(value, str):
            fields.append(MarcField(tag, " ", " ", [("", value)]))
            continue
        if not isinstance(value, dict) or not isinstance(value.get("subfields"), list):
            raise ValueError(f"field {number} ({tag}) has neither a value nor a subfields array")
        subfields = []
        for sub in value["subfields"]:
            if not isinstance(sub, dict):
                raise ValueError(f"field {number} ({tag}) has a subfield that is not an object")
            subfields += [(code, _flatten(str(text))) for code, text in sub.items()]
        fields.append(MarcField(tag, str(value.get("ind1", " ")), str(value.get("ind2", " ")), subfields))
    return leader, fields


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield Rejected(str(path), None, None, f"MARC-in-JSON file of {size:,} bytes is over the {MAX_BYTES:,}-byte "
                       "limit (it is read whole); split it or convert it to binary MARC", fatal=True)
        return
    try:
        with path.open(encoding="utf-8") as handle:
            records = pymarc.JSONReader(handle).records
    except (ValueError, OSError, RecursionError, MemoryError) as exc:  # JSON, UTF-8, nesting, size
        yield Rejected(str(path), None, None, f"not readable as MARC-in-JSON: {describe(exc)}", fatal=True)
        return
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list):
        yield Rejected(str(path), None, None, "not MARC-in-JSON: the file must hold a record object or an array of "
                       f"them, not a {type(records).__name__}", fatal=True)
        return
    for position, obj in enumerate(records, start=1):
        try:
            leader, fields = fields_of(obj)
            yield record_from_fields(leader, fields, source=source, institution=institution, file=str(path),
                                     position=position)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            yield Rejected(str(path), position, None, f"record {position}: {describe(exc)}")
