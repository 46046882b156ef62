"""MARCXML (MARC 21 slim), with or without a namespace, single records or collections.

Streams `record` elements with the hardened parser; each becomes a Record through
`ingest.marc_mapping`. A record that cannot be mapped is rejected and the file goes on; a file
that is not well-formed is read up to the damage, then re-read record by record
(`ingest.xmlsplit`): the broken record is rejected with its line and the rest still load. An
unsafe document (external entity, entity bomb, huge text node) is refused as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ingest.guard import describe
from ingest.marc_mapping import MarcField, record_from_fields
from ingest.model import Institution, Record, Rejected
from ingest.xmlsafe import local_name
from ingest.xmlsplit import stream_elements

MARC_NS = "http://www.loc.gov/MARC21/slim"
RECORD_TAGS = (f"{{{MARC_NS}}}record", "record")


def fields_of(element: etree._Element) -> tuple[str, list[MarcField]]:
    leader = ""
    fields: list[MarcField] = []
    for child in element:
        name = local_name(child)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            fields.append(MarcField(child.get("tag", ""), " ", " ", [("", child.text or "")]))
        elif name == "datafield":
            subfields = [(sf.get("code", ""), sf.text or "") for sf in child if local_name(sf) == "subfield"]
            fields.append(MarcField(child.get("tag", ""), child.get("ind1", " "), child.get("ind2", " "), subfields))
    return leader, fields


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    position = 0
    for line, element, problem, fatal in stream_elements(path, RECORD_TAGS, "record"):
        if element is None:
            position += 1
            yield Rejected(str(path), position, None, problem or "unreadable record", fatal=fatal)
            continue
        try:
            leader, fields = fields_of(element)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            position += 1
            yield Rejected(str(path), position, None, f"line {line}: {describe(exc)}")
            continue
        # A namespace-less <record> that holds no MARC (e.g. an OAI-PMH envelope's) is not a record.
        if not fields and not leader:
            continue
        position += 1
        try:
            record = record_from_fields(leader, fields, source=source, institution=institution, file=str(path),
                                        position=position)
        except Exception as exc:  # noqa: BLE001 - one record's damage is that record's rejection
            yield Rejected(str(path), position, _control_001(fields), f"line {line}: {describe(exc)}")
            continue
        if problem:
            record.warnings.append(problem)
        yield record


def _control_001(fields: list[MarcField]) -> str | None:
    return next((f.subfields[0][1] for f in fields if f.tag == "001" and f.subfields), None)
