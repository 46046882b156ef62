"""Places with coordinates: what the readers keep from the sources, what the gazetteer resolves
offline (and what it refuses to guess), and the coordinates that reach the graph."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from lxml import etree

from graph.places_ahead import MIN_ALIASES, PlacesAhead
from graph.store import GraphStore
from ingest import gazetteer
from ingest.model import Institution, Record
from ingest.readers import lido, linked_art, mods

TEST = Institution("test", "Test", "museum")


def _places(records: list) -> list:
    return [m for r in records if isinstance(r, Record) for m in r.mentions if m.kind == "Place"]


def test_mods_cartographics_coordinates_go_to_the_place_beside_them(sample_dir: Path) -> None:
    folder = sample_dir / "library_utk_archivision" / "mods"
    files = sorted(folder.glob("*.xml"))[:60]
    checked = 0
    for path in files:
        root = etree.parse(str(path))
        ns = {"m": "http://www.loc.gov/mods/v3"}
        subjects = [s for s in root.iterfind(".//m:subject", ns) if s.find("m:cartographics/m:coordinates", ns) is not None]
        if not subjects:
            continue
        want = {}
        for subject in subjects:
            geo = subject.findall("m:geographic", ns)
            lat, lon = (float(x) for x in subject.find("m:cartographics/m:coordinates", ns).text.split(","))
            want[geo[0].text.strip()] = (lat, lon)
        got = {m.name: (m.lat, m.lon) for m in _places(list(mods.read(path, source="utk", institution=TEST)))}
        for name, coords in want.items():
            assert got.get(name) == coords, (path.name, name, got)
            checked += 1
    assert checked >= 10


def test_lido_gml_point_of_an_event_place(sample_dir: Path) -> None:
    path = sample_dir / "lido_examples/nfdi4objects/AQinDa_DDB-real-data/Wannseekonferenz.xml"
    text = path.read_text(encoding="utf-8")
    event_place = text[text.index("<lido:eventPlace>"):]
    first_pos = re.search(r"<gml:pos>([-\d.]+) ([-\d.]+)</gml:pos>", event_place)
    places = _places(list(lido.read(path, source="lido", institution=TEST)))
    located = [p for p in places if p.lat is not None]
    assert located, [p.name for p in places]
    assert (located[0].lat, located[0].lon) == (float(first_pos.group(1)), float(first_pos.group(2)))


def test_linked_art_defined_by_wkt_point() -> None:
    document = {
        "@context": "https://linked.art/ns/v1/linked-art.json",
        "id": "https://linkedart.example.com/object/1", "type": "HumanMadeObject", "_label": "A view",
        "identified_by": [{"type": "Name", "content": "A view"}],
        "produced_by": {"type": "Production", "took_place_at": [{
            "id": "https://linkedart.example.com/place/7", "type": "Place", "_label": "Somewhere",
            "identified_by": [{"type": "Name", "content": "Somewhere"}],
            "defined_by": "POINT(-3.1883 55.9533)"}]},
    }
    record = linked_art.map_document(document, source="la", institution=TEST, file="x.json", position=1)
    place = next(m for m in record.mentions if m.kind == "Place")
    assert (place.lat, place.lon) == (55.9533, -3.1883)
    assert gazetteer.wkt_point("POLYGON((0 0, 1 1, 1 0, 0 0))") is None


def test_gazetteer_resolves_only_what_is_certain() -> None:
    # A GeoNames id the gazetteer knows gives that city's coordinates.
    paris = gazetteer.by_geonames_id("geonames:2988507")
    assert paris and paris.country == "FR"
    # A qualifier that names the country or US state picks the city...
    assert gazetteer.by_label("Paris (France)") == paris
    texas = gazetteer.by_label("Paris, Texas")
    assert texas and texas.country == "US" and texas.admin1 == "TX"
    # ...a bare name only when one city is far larger than every other of that name...
    assert gazetteer.by_label("Paris") == paris
    # ...and nothing when two are alike (Springfield: many US cities of similar size) or the
    # name is a small town a bare label may mean elsewhere.
    assert gazetteer.by_label("Springfield") is None
    assert gazetteer.by_label("Hingham") is None
    assert gazetteer.by_label("Greenwich") is None
    assert gazetteer.by_label("Cambridge") is None
    cambridge = gazetteer.by_label("Cambridge (Mass.)")
    assert cambridge and cambridge.admin1 == "MA"
    assert gazetteer.by_label("Notre-Dame, Paris") is None  # a building is not a city
    assert gazetteer.locate([], ["Paris (France)", "Paris, Texas"]) is None  # names that disagree
    # A bare name that would fit a large city elsewhere, when another name of the place says where it is.
    assert gazetteer.by_label("Orkney") is not None
    assert gazetteer.locate([], ["Orkney (Scotland, United Kingdom)", "Orkney"]) is None
    assert gazetteer.by_label("New Jersey, USA") is None  # a state, not a city named after it


# Labels and ids of every kind `by_label` and `locate` decide on (above), and some they know nothing of.
LABELS = ["Paris (France)", "Paris, Texas", "Paris", "Springfield", "Hingham", "Cambridge (Mass.)", "Notre-Dame, Paris",
          "Orkney (Scotland, United Kingdom)", "Orkney", "New Jersey, USA", "Edinburgh", "Nowhere at all", ""]
IDS = ["geonames:2988507", "geonames:2650225", "geonames:0", "geonames:x"]
QUERIES = ([([], [label]) for label in LABELS] + [([], LABELS[i:i + 2]) for i in range(len(LABELS) - 1)]
           + [([i], ["Springfield"]) for i in IDS] + [(IDS, LABELS)])


def _ahead(labels: list[str], ids: list[str], aliases: int = MIN_ALIASES) -> PlacesAhead:
    gazetteer._index.cache_clear()  # a process that has the index uses it (and forks nothing)
    ahead = PlacesAhead()
    ahead.labels, ahead.ids = set(labels), set(ids)
    ahead.start(aliases)
    return ahead


def test_answers_worked_out_in_another_process_locate_as_the_index_does() -> None:
    # graph.build has the gazetteer's answers about the changed places' names worked out in a forked
    # process while it links; `locate` here gives what the index gives, and builds no index.
    want = [gazetteer.locate(ids, names) for ids, names in QUERIES]
    assert sum(found is not None for found in want) >= 5
    ahead = _ahead(LABELS, IDS)
    answers_file = ahead._path
    try:
        ahead.prime()
        assert [gazetteer.locate(ids, names) for ids, names in QUERIES] == want
        assert gazetteer._index.cache_info().currsize == 0
        assert gazetteer.locate([], ["Rome"]) is not None  # a label not answered ahead: the index, as before
        assert gazetteer._index.cache_info().currsize == 1
    finally:
        gazetteer.prime(gazetteer.Answers({}, {}))
    assert answers_file is not None and not answers_file.exists()


def test_when_the_process_fails_or_is_not_needed_nothing_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "answers", lambda labels, ids: os._exit(3))
    failed = _ahead(["Paris (France)"], [])
    failed.prime()  # the process ended without answers: nothing is handed over
    assert "Paris (France)" not in gazetteer._primed.labels
    assert gazetteer.by_label("Paris (France)") == gazetteer._index().by_id[2988507]
    monkeypatch.setattr(gazetteer, "answers", lambda labels, ids: time.sleep(60))
    unneeded = _ahead(["Paris (France)"], [])
    process, answers_file = unneeded._process, unneeded._path
    unneeded.stop()  # no place changed: the process is ended, not waited for
    assert process is not None and not process.is_alive()
    assert answers_file is not None and not answers_file.exists()
    # A small re-link waits for no process: the index is built here when needed, as before.
    assert _ahead(["Paris (France)"], [], aliases=MIN_ALIASES - 1)._process is None


def test_places_in_the_graph_carry_coordinates(sample_graph: GraphStore) -> None:
    rows = sample_graph.query(
        "MATCH (p:Place) RETURN p.coordinates_from AS how, count(p) AS n, "
        "sum(CASE WHEN p.lat >= -90 AND p.lat <= 90 AND p.lon >= -180 AND p.lon <= 180 THEN 1 ELSE 0 END) AS valid"
    ).records()
    by_source = {("source" if r["how"] == "source" else "gazetteer" if r["how"] else "none"): 0 for r in rows}
    for r in rows:
        key = "source" if r["how"] == "source" else "gazetteer" if r["how"] else "none"
        by_source[key] += r["n"]
        if r["how"]:
            assert r["valid"] == r["n"]
    assert by_source.get("source", 0) >= 50, by_source  # UTK's 92 GeoNames places among them
    assert by_source.get("gazetteer", 0) >= 50, by_source
