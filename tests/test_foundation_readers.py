"""The first readers (MoMA, NGA, MARCXML) against values read by eye from the sample files,
and authority ids in their many written forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.authority import normalise_id
from ingest.model import Record
from ingest.readers import marcxml, moma, nga
from ingest.samples import LC


def test_moma_artist(sample_dir: Path) -> None:
    # Artists.csv: 10,Irene Aronson,"American, born Germany 1918",American,female,1918,0,Q19748568,500042413
    records = {r.source_id: r for r in moma.read(sample_dir / "moma") if isinstance(r, Record)}
    assert len(records) == 11023
    (person,) = records["constituent:10"].mentions
    assert (person.name, person.birth_year, person.death_year) == ("Irene Aronson", 1918, None)
    assert person.ids == ("ulan:500042413", "wikidata:Q19748568", "moma:10")
    assert person.alias_key == "moma:constituent:10" and records["constituent:10"].is_authority


def test_nga_constituent_and_object(sample_dir: Path) -> None:
    records = {r.source_id: r for r in nga.read(sample_dir / "nga") if isinstance(r, Record)}
    # constituents.csv: 961,500115600,"Zanguidi, called Bertoia, Jacopo","Jacopo Zanguidi, called Bertoia",...,1544,1574,...,Q1643157
    (bertoia,) = records["constituent:961"].mentions
    assert bertoia.name == "Jacopo Zanguidi, called Bertoia"
    assert (bertoia.birth_year, bertoia.death_year, bertoia.kind) == (1544, 1574, "Person")
    assert bertoia.ids == ("ulan:500115600", "wikidata:Q1643157")
    assert "Zanguidi, called Bertoia, Jacopo" in bertoia.alt_names
    # objects_constituents: 52894,961,1,artist; objects_terms: Keyword "Massacre of the Innocents",
    # Theme "Life of Christ", School "Parmese" (not a subject).
    work = records["object:52894"]
    assert work.domain == "museum" and work.url == "https://www.nga.gov/collection/art-object-page.52894.html"
    by_relation = {(m.relation, m.name) for m in work.mentions}
    assert ("CREATED_BY", "Jacopo Zanguidi, called Bertoia") in by_relation
    assert {("ABOUT", "Massacre of the Innocents"), ("ABOUT", "Life of Christ")} <= by_relation
    assert not any(m.name == "Parmese" for m in work.mentions)



def test_nga_active_years_are_no_life_years(sample_dir: Path) -> None:
    """NGA gives a person known by when they were active a window (beginyear mostly 80 or 20 years
    before the first active year), not a birth: only the years the text states are life years."""
    records = {r.source_id: r for r in nga.read(sample_dir / "nga") if isinstance(r, Record)}

    def years(cid: str) -> tuple[int | None, int | None]:
        (person,) = records[f"constituent:{cid}"].mentions
        return person.birth_year, person.death_year

    # 10117 "Westlund, Harry","American, active late 20th century",...,1950,2000; 5841 "born 1941",1941
    assert years("10117") == (None, None) and years("5841") == (1941, None)
    # 91 Andrea di Bartolo,"Sienese, active  from 1389 - died 1428",1369,1428: the death is stated
    assert years("91") == (None, 1428)
    # 1425 Joshua Johnson,"American, born c. 1763, active 1796 - 1824",1763,1843: the birth is stated
    assert years("1425") == (1763, None)
    # 7190 Rudolf L. Baumfeld,"Austrian, active in the United States, 1903-1988": a place, a life
    assert years("7190") == (1903, 1988)
    # 6494 Currier and Ives, corporate, "1857 - 1907": an organisation's own years
    assert years("6494") == (1857, 1907)
    # the year the text does not state, put 100 years away: 3218 Julian Trevelyan "British, born 1910",
    # 1910,2010 (he died in 1988); a text without years keeps the columns' years unless a window
    assert years("3218") == (1910, None)
    # 2399 Rodolphe Bresdin "French, 1822 - 1885",1825,1885: the text, not the column
    assert years("2399") == (1822, 1885)
    # a couple's text gives each one's years; the columns mixed his birth and her death: 109 "Kainen,
    # Jacob, Mr. and Mrs.","he: 1909 - 2001, she: 1922 - 2009",1909,2009; 92 "he: died 1985; she: died 1998"
    assert years("109") == (1909, 2001) and years("92") == (None, 1985)

def test_marcxml_record(sample_dir: Path) -> None:
    path = sample_dir / "library_marc" / "lc_marc2bibframe2_testdata" / "marc.xml"
    (record,) = [r for r in marcxml.read(path, source="loc", institution=LC) if isinstance(r, Record)]
    # 001 13600108; 245 $a "Ole Lukøie /"; 100 $a "Andersen, H. C." $q "(Hans Christian)," $d "1805-1875."
    assert record.id == "loc:13600108" and record.title == "Ole Lukøie"
    (author,) = [m for m in record.mentions if m.source_field == "100"]
    assert author.relation == "CREATED_BY" and author.kind == "Person"
    assert (author.birth_year, author.death_year) == (1805, 1875)
    assert author.name == "H. C. Andersen" and author.alt_names == ("Hans Christian Andersen",)


@pytest.mark.parametrize(
    ("value", "scheme", "expected"),
    [
        ("500115600", "ulan", "ulan:500115600"),
        (500115600.0, "ulan", "ulan:500115600"),
        ("http://vocab.getty.edu/page/ulan/500115600", None, "ulan:500115600"),
        ("https://vocab.getty.edu/ulan/500115600/", None, "ulan:500115600"),
        ("q1643157", "wikidata", "wikidata:Q1643157"),
        ("http://www.wikidata.org/entity/Q1643157", None, "wikidata:Q1643157"),
        ("http://id.loc.gov/authorities/names/n79021164", None, "lcnaf:n79021164"),
        ("https://id.loc.gov/authorities/subjects/sh85007461.html", None, "lcsh:sh85007461"),
        ("(OCoLC)fst01204155", None, "fast:1204155"),
        ("http://id.worldcat.org/fast/1204155", None, "fast:1204155"),
        ("http://viaf.org/viaf/96994048/", None, "viaf:96994048"),
        # VIAF cluster members name their source's own id (forms from the sample's MADS / Alma records).
        ("http://viaf.org/viaf/sourceID/LC%7Cn++79091094#skos:Concept", None, "lcnaf:n79091094"),
        ("http://viaf.org/viaf/sourceID/LC|no2012097098", None, "lcnaf:no2012097098"),
        ("http://viaf.org/viaf/sourceID/DNB|118540238", None, "gnd:118540238"),
        ("http://viaf.org/viaf/sourceID/LC%7Cn#skos:Concept", None, None),
        ("http://viaf.org/viaf/Q16193244", None, "wikidata:Q16193244"),  # Linked Art's QID-in-VIAF URIs
        ("https://sws.geonames.org/2643743/", None, "geonames:2643743"),
        ("", "ulan", None),
        ("0", "ulan", None),
        ("not an id", "ulan", None),
    ],
)
def test_authority_ids(value: object, scheme: str | None, expected: str | None) -> None:
    assert normalise_id(value, scheme) == expected  # type: ignore[arg-type]
