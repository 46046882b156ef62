"""OAI-PMH responses and harvested records: Dublin Core (oai_dc, qualified DC) or MODS payloads.

Reads every OAI `record` element (with or without the OAI namespace; a file may also be a
single bare record, as DPLA hubs store them). The header identifier is the record id; a
header with status="deleted" is counted and rejected as deleted. The payload is the first
element of `metadata` (or of the record itself): MODS goes through `ingest.mods_mapping`,
Dublin Core through `ingest.dc_mapping`; anything else is rejected naming its element.

Some real hub files declare prefixes they use only partly or write a malformed namespace
URI; they are parsed in libxml2's recovery mode and each record carries that as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.dc_mapping import is_dc, record_from_dc
from ingest.guard import describe
from ingest.model import Institution, Record, Rejected
from ingest.mods_mapping import children, lname, record_from_mods, text_of
from ingest.xmlsplit import stream_elements

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
_ROOT = re.compile(r"<(?![?!])([\w.:-]+)")
RECORD_TAGS = (f"{{{OAI_NS}}}record", "record")


def _payload(record: Any) -> Any | None:
    metadata = next(iter(children(record, "metadata")), None)
    holder = metadata if metadata is not None else record
    for child in holder:
        if isinstance(child.tag, str) and lname(child) not in ("header", "about"):
            if lname(child) in ("mods", "dc", "qualifieddc", "dcterms", "record"):
                return child
            if is_dc(holder):
                return holder
            return child
    return None


def map_record(
    element: Any, *, source: str, institution: Institution, file: str, position: int
) -> Record | Rejected:
    """One OAI `record` element -> Record, or Rejected (deleted, unknown payload, no id)."""
    header = next(iter(children(element, "header")), None)
    identifier = text_of(next(iter(children(header, "identifier")), None)) if header is not None else None
    if header is not None and header.get("status") == "deleted":
        return Rejected(file, position, identifier, "deleted in the repository (header status=\"deleted\")",
                        deleted=True)
    payload = _payload(element)
    if payload is None and is_dc(element):
        payload = element
    if payload is None:
        return Rejected(file, position, identifier, "OAI record has no metadata")
    try:
        found: Record | Rejected | None = None
        if lname(payload) == "mods":
            found = record_from_mods(payload, source=source, institution=institution, file=file, position=position,
                                     fallback_id=identifier)
        elif is_dc(payload):
            found = record_from_dc(payload, source=source, institution=institution, file=file, position=position,
                                   fallback_id=identifier)
        if isinstance(found, Record):
            found.header_id = identifier
        if found is not None:
            return found
    except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
        return Rejected(file, position, identifier, describe(exc))
    return Rejected(file, position, identifier, f"metadata format <{payload.tag}> is not supported (oai_dc, MODS are)")


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    position = 0
    for _line, element, problem, fatal in stream_elements(path, RECORD_TAGS, "record"):
        if element is not None and element.getparent() is not None and lname(element.getparent()) == "metadata":
            continue  # a payload that happens to be called <record> (e.g. MARCXML), not an OAI record
        position += 1
        if element is None:
            yield Rejected(str(path), position, None, problem or "unreadable record", fatal=fatal)
            continue
        result = map_record(element, source=source, institution=institution, file=str(path), position=position)
        if isinstance(result, Record) and problem:
            result.warnings.append(problem)
        yield result
    if position == 0:
        root = root_name(path)
        if root != "OAI-PMH":  # an OAI response with no records (ListSets, an empty page) is fine
            yield Rejected(str(path), None, None, f"no OAI-PMH or Dublin Core/MODS record found (root element <{root}>); "
                           "this is not a format glamgraph reads", fatal=True)


def root_name(path: Path) -> str:
    """The local name of the document element, from the start of the file."""
    with path.open("rb") as handle:
        head = handle.read(65536).decode("utf-8", "replace")
    match = _ROOT.search(head)
    return match.group(1).rsplit(":", 1)[-1] if match else "?"
