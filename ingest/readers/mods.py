"""MODS documents: one `<mods>` record per file, or a `<modsCollection>`.

Streams `mods` elements with the hardened parser and maps each with `ingest.mods_mapping`.
MODS inside OAI-PMH envelopes is read by the `oai` reader, which uses the same mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.guard import describe
from ingest.model import Institution, Record, Rejected
from ingest.mods_mapping import record_from_mods
from ingest.xmlsplit import stream_elements

MODS_NS = "http://www.loc.gov/mods/v3"
MODS_TAGS = (f"{{{MODS_NS}}}mods", "mods")


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    position = 0
    for line, element, problem, fatal in stream_elements(path, MODS_TAGS, "mods"):
        position += 1
        if element is None:
            yield Rejected(str(path), position, None, problem or "unreadable record", fatal=fatal)
            continue
        try:
            record = record_from_mods(element, source=source, institution=institution, file=str(path),
                                      position=position)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            yield Rejected(str(path), position, None, f"line {line}: {describe(exc)}")
            continue
        if problem:
            record.warnings.append(problem)
        yield record
