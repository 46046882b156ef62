"""Untrusted input: XXE, entity bombs, huge text nodes, network access while parsing.

Every attack payload is written here (never taken from the sample data) and fed to every
XML reader; each must be refused with a clear reason and must not leak what it points at.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from ingest.model import Institution, Record, Rejected
from ingest.registry import get_format
from ingest.xmlsafe import UnsafeXMLError, safe_iterparse

LIB = Institution("test", "Test", "library")
XML_READERS = ("marcxml", "mods", "oai", "ead")
SECRET = "GLAMGRAPH-SECRET-7f3a"

# A minimal valid body per reader, with {text} where the attack goes.
BODIES = {
    "marcxml": '<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000 a 4500</leader>'
               '<controlfield tag="001">x1</controlfield><datafield tag="245" ind1="0" ind2="0">'
               '<subfield code="a">{text}</subfield></datafield></record></collection>',
    "mods": '<mods xmlns="http://www.loc.gov/mods/v3"><identifier type="pid">x:1</identifier>'
            '<titleInfo><title>{text}</title></titleInfo></mods>',
    "oai": '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
           '<identifier>oai:x:1</identifier></header><metadata><oai_dc:dc '
           'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:title>{text}</dc:title></oai_dc:dc></metadata></record></ListRecords></OAI-PMH>',
    "ead": '<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X1</eadid></eadheader><archdesc level="collection">'
           '<did><unittitle>{text}</unittitle></did></archdesc></ead>',
}


def read_all(fmt: str, path: Path) -> list[Record | Rejected]:
    return list(get_format(fmt).reader()(path, source="t", institution=LIB))


def write(tmp_path: Path, fmt: str, doctype: str, text: str) -> Path:
    path = tmp_path / f"{fmt}.xml"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{BODIES[fmt].format(text=text)}', encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", XML_READERS)
def test_bodies_are_valid_without_attack(tmp_path: Path, fmt: str) -> None:
    # The control: the same document without the attack loads one record with the text in its title.
    (record,) = read_all(fmt, write(tmp_path, fmt, "", "Plain title"))
    assert isinstance(record, Record) and record.title == "Plain title"


@pytest.mark.parametrize("fmt", XML_READERS)
def test_xxe_is_refused_and_the_file_is_not_read(tmp_path: Path, fmt: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    results = read_all(fmt, write(tmp_path, fmt, doctype, "&xxe;"))
    assert SECRET not in repr(results)
    assert len(results) == 1 and isinstance(results[0], Rejected) and results[0].fatal
    assert "external entity" in results[0].reason


@pytest.mark.parametrize("tags", [("{http://www.loc.gov/MARC21/slim}record",), ("{urn:none}nothing",)])
@pytest.mark.parametrize("events", [("end",), ("start-ns", "start")])
def test_the_record_parse_refuses_an_external_entity_before_handing_out_anything(
        tmp_path: Path, tags: tuple[str, ...], events: tuple[str, ...]) -> None:
    # The prolog is checked by the parse that reads the records: on its first element, or at its
    # end when no element has the tags asked for (then nothing would be read, but it still says why).
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = write(tmp_path, "marcxml", f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;")
    handed_out = []
    with pytest.raises(UnsafeXMLError, match="external entity"):
        for event in safe_iterparse(path, tags, events):
            handed_out.append(event)
    assert [kind for kind, _ in handed_out] == (["start-ns"] if "start-ns" in events else [])


@pytest.mark.parametrize("fmt", XML_READERS)
def test_billion_laughs_is_refused(tmp_path: Path, fmt: str) -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    results = read_all(fmt, write(tmp_path, fmt, f"<!DOCTYPE x [{entities}]>", "&lol9;"))
    assert len(results) == 1 and isinstance(results[0], Rejected)
    assert results[0].reason.startswith("refused:") and "amplification" in results[0].reason


@pytest.mark.parametrize("fmt", XML_READERS)
def test_huge_text_node_is_refused(tmp_path: Path, fmt: str) -> None:
    results = read_all(fmt, write(tmp_path, fmt, "", "A" * (11 * 1024 * 1024)))
    assert len(results) == 1 and isinstance(results[0], Rejected)
    assert results[0].reason.startswith("refused:") and "too long" in results[0].reason.lower()


def test_parsing_opens_no_url(tmp_path: Path, sample_dir: Path) -> None:
    """An audit hook fails the test if any reader opens a socket or a URL while parsing.

    The payloads name remote DTDs and entities; the sample files name schemas by URL.
    """
    opened: list[str] = []
    watching = [True]

    def hook(event: str, args: tuple) -> None:
        if watching[0] and event in ("urllib.Request", "socket.connect", "socket.getaddrinfo", "http.client.connect"):
            opened.append(f"{event} {args!r}")

    sys.addaudithook(hook)  # hooks cannot be removed; `watching` turns this one off afterwards
    try:
        socket.getaddrinfo("127.0.0.1", 8709)  # the control: the hook does see a lookup
        assert opened and opened[0].startswith("socket.getaddrinfo")
        opened.clear()
        remote = '<!DOCTYPE x SYSTEM "http://127.0.0.1:8709/evil.dtd" [<!ENTITY r SYSTEM "http://127.0.0.1:8709/e">]>'
        for fmt in XML_READERS:
            read_all(fmt, write(tmp_path, fmt, remote, "&r;"))
            read_all(fmt, write(tmp_path, fmt, '<!DOCTYPE x SYSTEM "http://127.0.0.1:8709/evil.dtd">', "t"))
        for relative, fmt in (("library_utk_archivision/mods/archivision_1.xml", "mods"),
                              ("dc_oai_dpla/oai-page.xml", "oai"), ("library_princeton_ead/C0845.EAD.xml", "ead"),
                              ("library_nls_datafoundry/theatre_photos_marc.xml", "marcxml"),
                              ("library_uf_marc/uf_cc0_records.mrc", "marc21"),
                              ("library_nypl_collections/pd_collections.ndjson", "nypl")):
            assert read_all(fmt, sample_dir / relative)
    finally:
        watching[0] = False
    assert opened == []
