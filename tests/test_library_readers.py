"""Per format: a named real record's extracted values, checked against the source file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.model import Institution, Record, Rejected
from ingest.registry import get_format

LIB = Institution("test", "Test", "library")


def records(sample_dir: Path, relative: str, fmt: str) -> list[Record | Rejected]:
    return list(get_format(fmt).reader()(sample_dir / relative, source="t", institution=LIB))


def by_id(items: list[Record | Rejected], source_id: str) -> Record:
    found = [r for r in items if isinstance(r, Record) and r.source_id == source_id]
    assert found, f"record {source_id} not read"
    return found[0]


def mentions(record: Record, relation: str, kind: str) -> dict[str, tuple[str, ...]]:
    return {m.name: m.ids for m in record.mentions if m.relation == relation and m.kind == kind}


def test_marc21_uf_doisneau_exhibition(sample_dir: Path) -> None:
    # uf_cc0_records.mrc record 1: 001 020598225, 245 "Exposição a Renault de Doisneau ...", 600 Doisneau.
    items = records(sample_dir, "library_uf_marc/uf_cc0_records.mrc", "marc21")
    assert len(items) == 391 and all(isinstance(r, Record) for r in items)
    record = by_id(items, "020598225")
    assert record.title.startswith("Exposição a Renault de Doisneau")
    assert record.year_start == 2009
    assert "Robert Doisneau" in mentions(record, "CREATED_BY", "Person")
    assert "Robert Doisneau" in mentions(record, "ABOUT", "Person")
    # 650 $a $y $v: topic, period and form are one Theme each (FAST-style facets, docs/extraction.md)
    assert {"Documentary photography", "20th century", "Exhibitions"} <= set(mentions(record, "ABOUT", "Theme"))
    assert "France" in mentions(record, "ABOUT", "Place")
    # The 7 records without 001 are identified by their 035 (README: "7 have no 001; use 035").
    assert sum(1 for r in items if r.source_id.startswith("on")) == 7


def test_marc21_marc8_record_is_decoded(sample_dir: Path) -> None:
    # regression45.dat: leader/09 blank (MARC-8); 100 $a Prokudin-Gorskiĭ, Sergeĭ Mikhaĭlovich, $d 1863-1944.
    items = records(sample_dir, "library_marc/pymarc_test/regression45.dat", "marc21")
    record = by_id(items, "prk2000001890")
    person = next(m for m in record.mentions if m.relation == "CREATED_BY")
    assert unicodedata.normalize("NFC", person.name) == "Sergeĭ Mikhaĭlovich Prokudin-Gorskiĭ"
    assert (person.birth_year, person.death_year, person.role) == (1863, 1944, "photographer")


def test_marc21_fast_ids_from_dollar_zero(sample_dir: Path) -> None:
    items = records(sample_dir, "library_uf_marc/uf_cc0_records.mrc", "marc21")
    fast = [i for r in items if isinstance(r, Record) for m in r.mentions for i in m.ids if i.startswith("fast:")]
    assert len(set(fast)) >= 40  # README: 82 FAST (OCoLC)fst ids in 53 records


def test_marcjson_test_json_with_control_character(sample_dir: Path) -> None:
    # test.json: 001 5674874, 245 "The freewheelin' Bob Dylan", 100 Dylan, Bob, 1941-
    record = by_id(records(sample_dir, "library_marc/pymarc_test/test.json", "marcjson"), "5674874")
    assert record.title == "The freewheelin' Bob Dylan"
    dylan = next(m for m in record.mentions if m.relation == "CREATED_BY")
    assert (dylan.name, dylan.birth_year) == ("Bob Dylan", 1941)
    assert {"Popular music", "1961-1970"} <= set(mentions(record, "ABOUT", "Theme"))  # topic + $y period
    # the place is "New York" (within New York state); as written, the final initial keeps its stop
    place = next(m for m in record.mentions if m.relation == "PUBLISHED_IN")
    assert (place.name, place.as_written) == ("New York", "New York, N.Y.")


def test_marcxml_recovers_after_a_bare_ampersand(sample_dir: Path) -> None:
    items = records(sample_dir, "library_marc/princeton_bibdata/files/alma/comparison/voyager_scsb_32101089814220.xml",
                    "marcxml")
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert "line 44" in items[0].reason and "not well-formed" in items[0].reason


def test_mods_archivision_fountain_of_neptune(sample_dir: Path) -> None:
    # archivision_1.xml: "Fountain of Neptune", 1560-1575, Ammanati (ULAN 500028632), Florence (GeoNames 3176959).
    record = by_id(records(sample_dir, "library_utk_archivision/mods/archivision_1.xml", "mods"), "archivision:1")
    assert (record.title, record.year_start, record.year_end) == ("Fountain of Neptune", 1560, 1575)
    creators = mentions(record, "CREATED_BY", "Person")
    assert creators["Bartolomeo Ammanati"] == ("ulan:500028632",)
    assert creators["Giambologna"] == ("ulan:500016387",)
    assert mentions(record, "ABOUT", "Place") == {"Florence": ("geonames:3176959",)}
    themes = mentions(record, "ABOUT", "Theme")
    assert themes["Male artists"] == ("lcsh:sh2006008793",) and themes["Renaissance"] == ("aat:300021140",)
    assert record.rights == "In Copyright http://rightsstatements.org/vocab/InC/1.0/"
    ammanati = next(m for m in record.mentions if m.name == "Bartolomeo Ammanati")
    assert (ammanati.birth_year, ammanati.death_year, ammanati.role) == (1511, 1592, "creator")


def test_oai_page_of_mods_records(sample_dir: Path) -> None:
    items = records(sample_dir, "dc_oai_dpla/oai-page.xml", "oai")
    assert len(items) == 10 and all(isinstance(r, Record) for r in items)
    first = by_id(items, "arn00007c00001")
    assert first.title == "Plate 1. Clematis cylindrica"
    assert first.url == "https://id.lib.harvard.edu/curiosity/botanical-illustrations/62-arn00007c00001"
    assert first.image_url == "https://nrs.harvard.edu/urn-3:FMUS.ARN:37524535"  # access="raw object"
    # The item names no creator; its host collection does: "Riocreux, Alfred, 1820-1912".
    (riocreux,) = [m for m in first.mentions if m.relation == "CREATED_BY"]
    assert (riocreux.name, riocreux.birth_year, riocreux.death_year) == ("Alfred Riocreux", 1820, 1912)


def test_oai_dc_vermont_record_in_recovery_mode(sample_dir: Path) -> None:
    # vt.xml uses dcterms: without declaring it: read in recovery mode, with a warning saying so.
    (record,) = records(sample_dir, "dc_oai_dpla/vt.xml", "oai")
    assert record.title == "Cylinder 7 - Flanders Ballad Collection IRENE"
    flanders = next(m for m in record.mentions if m.role == "creator")
    assert (flanders.name, flanders.birth_year, flanders.death_year) == ("Helen Hartness Flanders", 1890, 1972)
    assert {"Ballads", "Burlington (Vt.)"} <= set(mentions(record, "ABOUT", "Theme"))
    assert "Shrewsbury (Vt.)" in mentions(record, "ABOUT", "Place")
    assert record.warnings and "recovery mode" in record.warnings[0] and "dcterms" in record.warnings[0]


def test_oai_unsupported_payload_is_rejected_not_dropped(sample_dir: Path) -> None:
    (item,) = records(sample_dir, "dc_oai_dpla/nara.xml", "oai")
    assert isinstance(item, Rejected) and "<item>" in item.reason


def test_ead_papadaki_papers(sample_dir: Path) -> None:
    items = records(sample_dir, "library_princeton_ead/C0845.EAD.xml", "ead")
    collection = by_id(items, "C0845")
    assert collection.title == "Stamo Papadaki Papers" and (collection.year_start, collection.year_end) == (1922, 1990)
    assert mentions(collection, "CREATED_BY", "Person") == {"Stamo Papadaki": ("viaf:57116259",)}
    about = mentions(collection, "ABOUT", "Person")
    assert about["Le Corbusier"] == ("viaf:56612471",) and about["Oscar Niemeyer"] == ("viaf:95725437",)
    assert "Papadaki family" in mentions(collection, "ABOUT", "Organization")
    assert "Brasília (Brazil) -- Design" in mentions(collection, "ABOUT", "Place")
    assert "Prefabricated houses" in mentions(collection, "ABOUT", "Theme")
    assert collection.description.startswith("Consists of papers of architect")
    # Components are records too: the file has 584 <c> elements.
    assert len(items) == 585
    series = by_id(items, "C0845/aspace_C0845_c0001")
    assert (series.title, series.kind, series.year_start, series.year_end) == (
        "Series 1: Correspondence", "series", 1920, 1992)


def test_nypl_robinson_locke_collection(sample_dir: Path) -> None:
    items = records(sample_dir, "library_nypl_collections/pd_collections.ndjson", "nypl")
    assert len(items) == 652
    record = by_id(items, "507f3140-c5bb-012f-2213-58d385a7bc34")
    assert record.title == "Robinson Locke Collection, 1870-1920."
    assert (record.year_start, record.year_end) == (1870, 1920)
    locke = next(m for m in record.mentions if m.relation == "CREATED_BY")
    assert (locke.name, locke.ids, locke.role, locke.birth_year) == ("Robinson Locke", ("viaf:21503597",),
                                                                     "collector", 1856)
    assert "Scrapbooks" in mentions(record, "ABOUT", "Theme")
    # "Maps" filed alone as a geographic subject (LCSH sh99002035) is a form, not a place
    maps = [r for r in items if any(m.name == "Maps" for m in r.mentions)]
    assert maps and all(m.kind == "Theme" for r in maps for m in r.mentions if m.name == "Maps")
    # A heading's subdivisions say what about the agent: "Capuchins -- Africa, West" is the order
    # (not a person "West Capuchins"), "Cortés, Hernán, 1485-1547 -- Homes and haunts" the man
    agents = {(m.name, m.kind, m.birth_year) for r in items if isinstance(r, Record) for m in r.mentions
              if m.kind in ("Person", "Organization")}
    assert ("Capuchins", "Organization", None) in agents and ("Hernán Cortés", "Person", 1485) in agents
    assert not any("--" in name or "Capuchins" in name and kind == "Person" for name, kind, _ in agents)


@pytest.mark.parametrize("relative, expected", [
    ("library_uf_marc/uf_cc0_records.mrc", "marc21"),
    ("library_marc/pymarc_test/test.json", "marcjson"),
    ("library_nls_datafoundry/hutton_drawings_marc.xml", "marcxml"),
    ("library_marc/stanford_searchworks/linked_related_works_fixture.xml", "marcxml"),
    ("library_utk_archivision/mods/archivision_1.xml", "mods"),
    ("dc_oai_dpla/oai-page.xml", "oai"),
    ("dc_oai_dpla/vt.xml", "oai"),
    ("library_princeton_ead/AC401.EAD.xml", "ead"),
    ("library_nypl_collections/pd_collections.ndjson", "nypl"),
])
def test_formats_are_detected_by_content(sample_dir: Path, relative: str, expected: str) -> None:
    from ingest.registry import detect

    assert detect(sample_dir / relative).name == expected
