"""Museum readers on the real sample files: named records checked against their source files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from lxml import etree

from ingest.model import Institution, Mention, Record, Rejected
from ingest.readers import aic, cmoa, lido, linked_art, tate

FIXTURES = Path(__file__).parent / "fixtures" / "museum"
TEST_MUSEUM = Institution("testmus", "Test Museum", "museum")


def _records(results: list[Record | Rejected]) -> dict[str, Record]:
    return {r.source_id: r for r in results if isinstance(r, Record)}


def _by_key(record: Record) -> dict[str, object]:
    return {m.alias_key: m for m in record.mentions}


def test_lido_ddb_record(sample_dir: Path) -> None:
    path = sample_dir / "lido_examples/nfdi4objects/AQinDa_DDB-real-data/LWL-Museum.xml"
    record = _records(list(lido.read(path, source="lido_examples", institution=TEST_MUSEUM)))[
        "DE-MUS-100818/lido/obj/33419853"]
    assert record.title == "Bildnis des Camille Falconet"
    assert record.kind == "Druckgrafik"
    assert (record.date_text, record.year_start, record.year_end) == ("1762/1780", 1762, 1780)
    assert record.rights == "CC0 1.0 Public Domain Dedication"
    assert record.image_url == "http://www.bildindex.de/bilder/d/lwl-c567588pad"
    assert record.holder is not None and record.holder.name.startswith("LWL-Museum für Kunst und Kultur")
    creators = {m.name: m for m in record.mentions if m.relation == "CREATED_BY"}
    moitte = creators["Pierre Etienne Moitte"]
    assert (moitte.role, moitte.ids, moitte.birth_year, moitte.death_year) == ("Radierer", ("gnd:124363075",), 1737, 1780)
    subjects = {(m.kind, m.name): m for m in record.mentions if m.relation == "ABOUT"}
    assert subjects[("Person", "Camille Falconet")].ids == ("gnd:128756438",)
    assert ("Theme", "Porträt einer historischen Person (Falconet, Camille) (allein)") in subjects


def test_lido_places_with_ids_and_hierarchy(sample_dir: Path) -> None:
    kenom = sample_dir / "lido_examples/nfdi4objects/kenom_oai_chunk20.xml"
    record = _records(list(lido.read(kenom, source="t", institution=TEST_MUSEUM)))["record_DE-68_kenom_123644"]
    places = {m.name: m for m in record.mentions if m.relation == "MADE_IN"}
    assert places["Büsum"].ids == ("geonames:2940669",)
    assert "wikidata:Q1194" in places["Schleswig-Holstein"].ids
    themes = {m.name: m.ids for m in record.mentions if m.kind == "Theme"}
    assert themes["Seehund"] == ("gnd:4180639-6",)
    romania = sample_dir / "lido_inp_romania/inp-clasate-istoria-stiintei-si-tehnicii-2014-02-02.dev.xml"
    tram = _records(list(lido.read(romania, source="t", institution=TEST_MUSEUM)))["00F9478BE8AC401DBB7092A46ECE160F"]
    edinburgh = next(m for m in tram.mentions if m.relation == "MADE_IN")
    assert (edinburgh.name, [(rel, m.name) for rel, m in edinburgh.links]) == ("Edinburg", [("WITHIN", "Scoția")])


def test_lido_oai_envelope_and_wrap_give_the_same_records(sample_dir: Path) -> None:
    folder = sample_dir / "lido_examples/nfdi4objects"
    wrap = _records(list(lido.read(folder / "kenom_oai_chunk20.xml", source="s", institution=TEST_MUSEUM)))
    oai = _records(list(lido.read(folder / "kenom_oai_pmh_envelope_same_records.xml", source="s",
                                  institution=TEST_MUSEUM)))
    assert len(wrap) == 20 and set(wrap) == set(oai)
    assert {k: r.title for k, r in wrap.items()} == {k: r.title for k, r in oai.items()}


def test_lido_broken_record_inside_a_good_wrapper() -> None:
    results = list(lido.read(FIXTURES / "lido_one_broken.xml", source="t", institution=TEST_MUSEUM))
    loaded = [r for r in results if isinstance(r, Record)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [r.title for r in loaded] == ["First good record", "Last good record"]
    assert [(r.position, r.source_id) for r in rejected] == [(2, "test-broken-2"), (3, None)]
    assert "not well-formed" in rejected[0].reason and "line 13" in rejected[0].reason
    assert rejected[0].file.endswith("lido_one_broken.xml")
    assert rejected[1].reason == "lido:lido has no lidoRecID"


def test_linked_art_person_ids_and_no_fake_viaf(sample_dir: Path) -> None:
    path = sample_dir / "linked_art_moma_exhibitions/person/10.json"
    source = json.loads(path.read_text())
    assert any("viaf.org/viaf/Q" in i["id"] for i in source["identified_by"] if "id" in i)  # the README's warning
    [record] = linked_art.read(path, source="la_moma_exh", institution=TEST_MUSEUM)
    assert isinstance(record, Record) and record.kind == "authority"
    [person] = record.mentions
    assert person.alias_key == linked_art.alias_key("10") == "la_moma_exh:person:10"
    assert (person.name, person.birth_year) == ("Irene Aronson", 1918)
    assert person.ids == ("ulan:500042413", "wikidata:Q19748568")


def test_linked_art_exhibition_and_object(sample_dir: Path) -> None:
    [show] = linked_art.read(sample_dir / "linked_art_moma_exhibitions/exhibition/1015.json", source="la_moma_exh",
                             institution=TEST_MUSEUM)
    assert isinstance(show, Record) and (show.kind, show.title, show.year_start) == ("exhibition", "Claes Oldenburg", 1969)
    roles = {(m.alias_key, m.relation, m.role) for m in show.mentions}
    assert roles == {("la_moma_exh:person:27103", "ABOUT", "Artist"), ("la_moma_exh:person:27058", "CREATED_BY", "Director")}
    [painting] = linked_art.read(sample_dir / "linked_art_examples/ima/ima-turner.json", source="la",
                                 institution=TEST_MUSEUM)
    assert isinstance(painting, Record)
    assert (painting.title, painting.kind, painting.year_start, painting.institution_id) == (
        "View of Exeter College from the Turl", "Engraving", 1806, "ima")
    creator = next(m for m in painting.mentions if m.relation == "CREATED_BY")
    assert (creator.name, creator.ids) == ("Joseph Mallord William Turner", ("ulan:500026846",))
    oxford = next(m for m in painting.mentions if m.relation == "ABOUT")
    assert (oxford.kind, oxford.name, oxford.ids) == ("Place", "Oxford", ("tgn:7011931",))


_NETWORK_BLOCKED = {"on": False}


def _block_network(event: str, args: tuple) -> None:
    if _NETWORK_BLOCKED["on"] and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        raise RuntimeError(f"network access during parsing: {event} {args!r}")


sys.addaudithook(_block_network)  # audit hooks cannot be removed; the flag scopes it to one test


def test_linked_art_parses_without_network(sample_dir: Path) -> None:
    """Every sample document parses with its remote @context while any network call would raise."""
    files = sorted((sample_dir / "linked_art_moma_exhibitions").rglob("*.json"))[:50]
    files += sorted((sample_dir / "linked_art_examples").rglob("*-*.json"))
    _NETWORK_BLOCKED["on"] = True
    try:
        for file in files:
            document = json.loads(file.read_text())
            assert document["@context"].startswith("https://linked.art/")
            graph = linked_art.parse_document(document)
            assert len(graph) > 3, file
        with pytest.raises(RuntimeError, match="network access"):
            import socket
            socket.getaddrinfo("linked.art", 443)  # the hook really fires
    finally:
        _NETWORK_BLOCKED["on"] = False


def test_tate_artist_places_and_subject_chains(sample_dir: Path) -> None:
    records = _records(list(tate.read(sample_dir / "tate")))
    abbott = records["artist:2756"].mentions[0]
    assert abbott.alias_key == tate.alias_key(2756) and abbott.name == "Berenice Abbott"
    places = {rel: (m.name, [(r, p.name) for r, p in m.links]) for rel, m in abbott.links}
    assert places == {"BORN_IN": ("Springfield, United States", [("WITHIN", "United States")]),
                      "DIED_IN": ("Monson, United States", [("WITHIN", "United States")])}
    work = records["artwork:T00903"]
    source = json.loads(next((sample_dir / "tate/artworks").rglob("t00903-*.json")).read_text())
    assert work.title == source["title"] == "Mobile Stabile"
    creator = next(m for m in work.mentions if m.relation == "CREATED_BY")
    assert (creator.alias_key, creator.name, creator.role) == ("tate:artist:2075", "William Turnbull", "artist")
    figure = next(m for m in work.mentions if m.name == "figure")
    chain, node = [], figure
    while node.links:
        rel, node = node.links[0]
        chain.append((rel, node.name))
    assert chain == [("BROADER", "from recognisable sources"), ("BROADER", "abstraction")]
    assert records["subject:221"].mentions[0].alias_key == figure.alias_key  # the tree file names the same theme


def test_tate_place_subjects_read_narrowest_first(sample_dir: Path) -> None:
    # Tate writes the broader place first and marks a general subject "- non-specific".
    records = _records(list(tate.read(sample_dir / "tate")))

    def about(acno: str) -> dict[str, Mention]:
        return {m.as_written: m for m in records[f"artwork:{acno}"].mentions if m.relation == "ABOUT"}

    park = about("AR00524")["New York, Central Park"]
    assert (park.kind, park.name, [(r, p.name) for r, p in park.links]) == (
        "Place", "Central Park, New York", [("WITHIN", "New York")])
    chicago = about("T12503")["Chicago - non-specific"]
    assert (chicago.kind, chicago.name, chicago.links) == ("Place", "Chicago", ())
    assert about("T12503")["interior - non-specific"].name == "interior"
    sussex = about("T05298")["Sussex, West"]
    assert (sussex.name, sussex.links) == ("West Sussex", ())


def test_cmoa_creator_party_and_birth_place(sample_dir: Path) -> None:
    path = sample_dir / "cmoa/cmoa/0010467b-dd3b-42e3-a9e6-d80763b41f57.json"
    [record] = cmoa.read(path)
    assert isinstance(record, Record) and (record.title, record.year_start) == ("John", 1897)
    [creator] = record.mentions
    assert creator.alias_key == cmoa.alias_key("387146d9-09c6-4982-884d-4cd393b8c1a1")
    assert (creator.name, creator.birth_year, creator.death_year) == ("John Wesley Beatty", 1851, 1924)
    assert [(rel, m.name) for rel, m in creator.links] == [("BORN_IN", "Pittsburgh, Pennsylvania"),
                                                          ("DIED_IN", "Clifton Springs, New York")]
    assert record.image_url and "irn=106577" in record.image_url


def test_aic_agents_and_artworks(sample_dir: Path) -> None:
    records = _records(list(aic.read(sample_dir / "aic")))
    agent = records["agent:102"].mentions[0]
    assert (agent.alias_key, agent.name, agent.birth_year) == ("aic:agent:102", "Alvar Aalto", 1898)
    work = records["artwork:20"]
    assert (work.title, work.kind, work.year_start) == ("It Rocks but is Not Sunk", "Print", 1854)
    assert [(m.alias_key, m.name) for m in work.mentions if m.relation == "CREATED_BY"] == [
        ("aic:agent:35543", "Charles Meryon")]
    assert work.image_url and "67f10695-cb9d-f716-9cd0-902217ebb317" in work.image_url


def test_bad_json_file_is_rejected_and_the_rest_loads() -> None:
    results = list(cmoa.read(FIXTURES / "bad_json"))
    assert [type(r).__name__ for r in results] == ["Record", "Rejected"]
    good, bad = results
    assert isinstance(good, Record) and (good.title, good.year_start) == ("A test object", 1890)
    assert isinstance(bad, Rejected) and bad.file.endswith("b_truncated.json")
    assert "not valid JSON at line 1" in bad.reason


def test_every_museum_sample_file_is_accounted_for(sample_graph) -> None:
    report = sample_graph.sample_report
    for name in ("tate", "cmoa", "aic", "lido_romania", "lido_examples", "la_moma_exh", "linked_art_examples"):
        counts = report.sources[name]
        assert counts.read > 0 and counts.read == counts.loaded + counts.rejected, name
    assert report.sources["linked_art_examples"].rejected == 1  # ima/turner.json is IMA's plain JSON, no @context


def test_lido_duplicates_load_once_and_institutions_come_from_records(sample_dir: Path, sample_graph) -> None:
    """The same KENOM records in a lidoWrap and in an OAI-PMH envelope load once; records that share
    a lidoRecID but say different things (two versions of the Primavera) are kept apart."""
    ids = set()
    for file in (sample_dir / "lido_examples").rglob("*.xml"):
        tree = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
        ids |= {e.text.strip() for e in tree.iter("{http://www.lido-schema.org}lidoRecID")}
    rows = sample_graph.query("MATCH (r:Record {source: $s}) RETURN count(r)", {"s": "lido_examples"}).rows
    counts = sample_graph.sample_report.sources["lido_examples"]
    assert counts.same_record > 0 and rows[0][0] == counts.loaded - counts.same_record
    assert len(ids) < rows[0][0] < counts.read
    held = sample_graph.query(
        "MATCH (r:Record {id: $id})-[:HELD_BY]->(i:Institution) RETURN i.name",
        {"id": "lido_examples:record_DE-68_kenom_123644"}).rows
    assert held == [["Schleswig-Holsteinische Landesbibliothek"]]


def test_graph_has_tate_chains_and_birth_places(sample_graph) -> None:
    rows = sample_graph.query(
        "MATCH (:Record {id: $id})-[:ABOUT]->(t:Theme)-[:BROADER]->(b:Theme) RETURN t.name, b.name ORDER BY t.name",
        {"id": "tate:artwork:T00903"}).rows
    assert ["figure", "from recognisable sources"] in [list(r) for r in rows]
    # CMOA's "Pittsburgh, Pennsylvania" is one place with its "Pittsburgh, PA" and the others' "Pittsburgh"
    born = sample_graph.query(
        "MATCH (a:Alias {key: $key})-[:REFERS_TO]->(p:Person)-[:BORN_IN]->(pl:Place)<-[:REFERS_TO]-(x:Alias) "
        "RETURN pl.name, collect(DISTINCT x.text)",
        {"key": "cmoa:party:387146d9-09c6-4982-884d-4cd393b8c1a1"}).rows
    assert [row[0] for row in born] == ["Pittsburgh"]
    assert {"Pittsburgh, Pennsylvania", "Pittsburgh, PA, USA", "Pittsburgh"} <= set(born[0][1])
