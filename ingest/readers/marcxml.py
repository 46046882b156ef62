"""MARCXML (MARC 21 slim), with or without a namespace, single records or collections.

Streams `record` elements with the hardened parser; each becomes a Record through
`ingest.marc_mapping`. A record that cannot be mapped is rejected and the file goes on; a file
that is not well-formed is read up to the damage, then the damage is reported with its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ingest.marc_mapping import MarcField, record_from_fields
from ingest.model import Institution, Record, Rejected
from ingest.xmlsafe import local_name, release, safe_iterparse

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
    try:
        for _, element in safe_iterparse(path, RECORD_TAGS):
            # A namespace-less <record> inside a MARC-namespaced file would be matched too;
            # only take elements that hold MARC children.
            position += 1
            try:
                leader, fields = fields_of(element)
                if not fields and not leader:
                    position -= 1
                    continue
                yield record_from_fields(
                    leader, fields, source=source, institution=institution, file=str(path), position=position
                )
            except ValueError as exc:
                yield Rejected(str(path), position, None, str(exc))
            finally:
                release(element)
    except etree.XMLSyntaxError as exc:
        yield Rejected(
            str(path),
            position + 1,
            None,
            f"XML is not well-formed at line {exc.lineno}: {exc.msg}; records after this point were not read",
            fatal=True,
        )
