"""One malformed record is rejected with file, position and reason; the rest of the file loads.

Fixtures are built here from small valid records, then damaged in one known place.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pymarc

from ingest.model import Institution, Record, Rejected
from ingest.registry import get_format

LIB = Institution("test", "Test", "library")


def read_all(fmt: str, path: Path) -> list[Record | Rejected]:
    return list(get_format(fmt).reader()(path, source="t", institution=LIB))


def marc(record_id: str, title: str) -> bytes:
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader("00000nam a2200000 a 4500")
    record.add_field(pymarc.Field(tag="001", data=record_id))
    record.add_field(pymarc.Field(tag="245", indicators=pymarc.Indicators("0", "0"),
                                  subfields=[pymarc.Subfield("a", title)]))
    return record.as_marc()


def summary(results: list[Record | Rejected]) -> list[str]:
    return [r.source_id if isinstance(r, Record) else f"REJECTED@{r.position}" for r in results]


def test_truncated_marc_record_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "truncated.mrc"
    first, second, third = marc("r1", "First"), marc("r2", "Zweite Ausgabe é"), marc("r3", "Third")
    path.write_bytes(first + second + third[: len(third) // 2])
    results = read_all("marc21", path)
    assert summary(results) == ["r1", "r2", "REJECTED@3"]
    assert results[1].title == "Zweite Ausgabe é"
    bad = results[2]
    assert bad.file == str(path) and bad.reason.startswith(f"byte {len(first) + len(second)}: truncated")


def test_bad_leader_in_the_middle(tmp_path: Path) -> None:
    broken = bytearray(marc("r2", "Second"))
    broken[0:5] = b"12a45"
    path = tmp_path / "bad_leader.mrc"
    first = marc("r1", "First")
    path.write_bytes(first + bytes(broken) + marc("r3", "Third"))
    results = read_all("marc21", path)
    assert summary(results) == ["r1", "REJECTED@2", "r3"]
    assert results[1].reason == f"byte {len(first)}: bad leader: record length b'12a45' is not a number"
    assert results[1].source_id == "r2"  # the directory still says where 001 is


def test_leader_length_counting_characters_does_not_derail_the_file(tmp_path: Path) -> None:
    wrong = bytearray(marc("r1", "Café"))  # 1 two-byte character: the record is 1 byte longer than declared
    wrong[0:5] = b"%05d" % (len(wrong) - 1)
    path = tmp_path / "chars.mrc"
    path.write_bytes(bytes(wrong) + marc("r2", "Second"))
    results = read_all("marc21", path)
    assert summary(results) == ["r1", "r2"]  # read (framed on the terminators), not rejected
    assert results[0].title == "Café"
    assert any("count characters, not bytes" in w for w in results[0].warnings)


def test_cp1251_text_under_a_marc8_flag_is_decoded(sample_dir: Path) -> None:
    """pymarc's 1251.dat says MARC-8 (leader/09 blank) but holds Windows-1251 Cyrillic."""
    results = read_all("marc21", sample_dir / "library_marc/pymarc_test/1251.dat")
    assert len(results) == 6 and all(not isinstance(r, Rejected) for r in results)
    names = {m.name for r in results for m in r.mentions}
    assert "Татьяна Николаевна Ильина" in names
    assert not any(unicodedata.combining(c) for r in results for c in (r.title or ""))
    assert all(any("Windows-1251" in w for w in r.warnings) for r in results)


def test_open_library_records_counting_characters_are_read(sample_dir: Path) -> None:
    folder = sample_dir / "library_marc/openlibrary/bin_input"
    results = [r for name in ("dasrmischepriv00rein_meta.mrc", "new_poganucpeoplethe00stowuoft_meta.mrc")
               for r in read_all("marc21", folder / name)]
    assert all(not isinstance(r, Rejected) for r in results)
    assert results[0].title.startswith("Das römische Privatrecht")  # its UTF-8 was encoded twice, too
    assert results[1].title.startswith("Poganuc people")


def test_invalid_utf8_in_a_utf8_marc_record(tmp_path: Path) -> None:
    good = marc("r2", "Caf\u00e9")
    bad = good.replace("Caf\u00e9".encode(), b"Caf\xff\xfe")  # same length, invalid UTF-8, leader/09 = a
    path = tmp_path / "utf8.mrc"
    path.write_bytes(marc("r1", "First") + bad + marc("r3", "Third"))
    results = read_all("marc21", path)
    assert summary(results) == ["r1", "REJECTED@2", "r3"]
    assert "UnicodeDecodeError" in results[1].reason and "utf-8" in results[1].reason


def test_invalid_utf8_line_in_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "collections.ndjson"
    path.write_bytes(b'{"UUID": "a1", "title": "One"}\n{"UUID": "a2", "title": "Tw\xff"}\n{"UUID": "a3", "title": "Three"}\n'
                     b'{"UUID": "a4", "title": \n')
    results = read_all("nypl", path)
    assert summary(results) == ["a1", "REJECTED@2", "a3", "REJECTED@4"]
    assert results[1].reason.startswith("line 2: not valid UTF-8")
    assert results[3].reason.startswith("line 4: Expecting value")


MARCXML_RECORD = ('<record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">{id}</controlfield>'
                  '<datafield tag="245" ind1="0" ind2="0"><subfield code="a">{title}</subfield></datafield></record>')


def test_broken_marcxml_record_inside_a_good_wrapper(tmp_path: Path) -> None:
    records = [MARCXML_RECORD.format(id=f"r{i}", title=t) for i, t in enumerate(("One", "Aliens & anorexia", "Three",
                                                                                  "Four"), start=1)]
    path = tmp_path / "collection.xml"
    path.write_text('<?xml version="1.0"?>\n<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">\n'
                    + "\n".join(r.replace("<", "<marc:").replace("<marc:/", "</marc:") for r in records)
                    + "\n</marc:collection>\n", encoding="utf-8")
    results = read_all("marcxml", path)
    assert summary(results) == ["r1", "REJECTED@2", "r3", "r4"]
    assert results[1].reason.startswith("XML is not well-formed at line 4: xmlParseEntityRef")  # line 4 = record 2
    assert results[3].title == "Four"


def test_broken_mods_record_inside_a_collection(tmp_path: Path) -> None:
    path = tmp_path / "mods.xml"
    items = [f'<mods><identifier type="pid">p:{i}</identifier><titleInfo><title>{t}</title></titleInfo></mods>'
             for i, t in enumerate(("One", "Two <b>bold", "Three"), start=1)]
    path.write_text('<modsCollection xmlns="http://www.loc.gov/mods/v3">\n' + "\n".join(items) + "\n</modsCollection>",
                    encoding="utf-8")
    results = read_all("mods", path)
    assert summary(results) == ["p:1", "REJECTED@2", "p:3"]
    assert "line 3" in results[1].reason


def test_broken_oai_record_inside_a_listrecords_page(tmp_path: Path) -> None:
    record = ('<record><header><identifier>oai:x:{i}</identifier></header><metadata><oai_dc:dc '
              'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
              '<dc:title>{t}</dc:title></oai_dc:dc></metadata></record>')
    deleted = '<record><header status="deleted"><identifier>oai:x:4</identifier></header></record>'
    body = "\n".join([record.format(i=1, t="One"), record.format(i=2, t="Two & broken"), record.format(i=3, t="Three"),
                      deleted])
    path = tmp_path / "page.xml"
    path.write_text(f'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>\n{body}\n'
                    '</ListRecords></OAI-PMH>', encoding="utf-8")
    results = read_all("oai", path)
    assert summary(results) == ["oai:x:1", "REJECTED@2", "oai:x:3", "REJECTED@4"]
    assert "deleted" in results[3].reason and results[3].source_id == "oai:x:4"


def test_csv_row_with_bad_quoting(tmp_path: Path) -> None:
    path = tmp_path / "Artists.csv"
    path.write_text('ConstituentID,DisplayName,ArtistBio,Nationality,Gender,BeginDate,EndDate,Wiki QID,ULAN\n'
                    '1,Robert Arneson,"American, 1930-1992",American,Male,1930,1992,,\n'
                    '2,Arnaiz, Doroteo,"Spanish, born 1936",Spanish,Male,1936,0,,\n'
                    '3,Bill Arnold,"American, born 1941",American,Male,1941,0,,\n', encoding="utf-8")
    results = list(get_format("moma").reader()(path))
    # Row 2 lost the quotes around "Arnaiz, Doroteo": one cell too many, so it cannot be trusted.
    assert [isinstance(r, Rejected) for r in results] == [False, True, False]
    assert [r.title for r in results if isinstance(r, Record)] == ["Robert Arneson", "Bill Arnold"]
    bad = next(r for r in results if isinstance(r, Rejected))
    assert bad.file == str(path) and bad.position == 2 and "quoting" in bad.reason
