"""The explorer's pages, run by Streamlit's AppTest against the real sample graph.

The embedded graph allows one owner per data folder, so the pages are handed the session's
open `sample_graph` store (app_pages.data.use_store) instead of opening their own."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from streamlit.testing.v1 import AppTest

import queries
from app_pages import data
from graph import pairs
from graph.store import GraphStore

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


@pytest.fixture(scope="module")
def app_graph(sample_graph: GraphStore) -> Iterator[GraphStore]:
    data.use_store(sample_graph)
    yield sample_graph
    data.use_store(None)


def _page(page: str, **query_params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query_params.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [str(e.proto) for e in at.get("page_link")]
    return "\n".join(parts)


def _named(graph: GraphStore, name: str, **params: object) -> list[dict]:
    query = queries.get(name)
    return graph.query(query.text(graph.engine), query.bind(params)).records()


def _known_artist(sample_dir: Path, graph: GraphStore) -> str:
    """A person the ground truth says MoMA and NGA both hold, as the graph names them."""
    with (sample_dir / "ground_truth" / "person_links.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if {row["source_a"], row["source_b"]} == {"moma", "nga"} and float(row["name_similarity"]) == 1.0:
                found = graph.query("MATCH (a:Alias {key: $key})-[:REFERS_TO]->(p:Person) RETURN p.name",
                                    {"key": f"nga:constituent:{row['record_b' if row['source_b'] == 'nga' else 'record_a']}"})
                if found.rows:
                    return found.rows[0][0]
    pytest.fail("no MoMA-NGA person from the ground truth is in the sample graph")


def test_search_finds_a_known_artist(app_graph: GraphStore, sample_dir: Path) -> None:
    artist = _known_artist(sample_dir, app_graph)
    at = _page("search")
    at.text_input(key="search_text").input(artist).run()
    assert not at.exception, at.exception
    links = [e.proto.label for e in at.get("page_link")]
    assert artist in links, f"'{artist}' not among the hits: {links[:10]}"
    # The hit says where it comes from: both museums hold the artist.
    assert any("The Museum of Modern Art" in c.value and "National Gallery of Art" in c.value for c in at.caption)


def test_search_filters_by_type_and_institution_with_counts(app_graph: GraphStore, sample_dir: Path) -> None:
    artist = _known_artist(sample_dir, app_graph)
    at = _page("search", q=artist)
    assert not at.exception, at.exception
    assert at.text_input(key="search_text").value == artist  # the URL filled the box
    types = at.selectbox(key="search_type")
    assert "Person" in types.options[1] or any(o.startswith("Person (") for o in types.options), types.options
    counted = {o.split(" (")[0]: int(o.rsplit("(", 1)[1].rstrip(")")) for o in types.options[1:]}
    assert counted["Person"] >= 1 and all(n > 0 for n in counted.values())
    types.select("Person").run()
    assert not at.exception, at.exception
    assert list(at.query_params["type"]) in (["Person"], list("Person"))  # the choice is in the URL
    assert artist in [e.proto.label for e in at.get("page_link")]
    kinds = [m.value.split(" · ")[0] for m in at.markdown if m.value.split(" · ")[0] in counted]
    assert kinds and set(kinds) == {"Person"}
    # Each institution option carries the number of hits it holds; choosing one keeps only its hits.
    options = at.selectbox(key="search_institution").options
    assert all(o.endswith(")") for o in options)


def test_search_puts_a_shared_place_first_and_pages(app_graph: GraphStore) -> None:
    """The places most institutions share come first when their name is typed, before people
    and themes whose names only start the same (the issue: "Paris" gave "Parish" first)."""
    places = _named(app_graph, "top_shared", type="Place", min_institutions=3, limit=5)
    assert places
    for place in places:
        at = _page("search", q=place["name"])
        assert not at.exception, at.exception
        links = [(e.proto.label, unquote(e.proto.query_string)) for e in at.get("page_link")]
        at_place = next(i for i, (_, query) in enumerate(links) if query == f"id={place['id']}".replace(" ", "+"))
        # Only hits named exactly the same (a theme "United States" beside the place) may come before it.
        assert all(label == place["name"] for label, _ in links[:at_place + 1]), links[:at_place + 1]
    # Paging: a short common prefix gives more than one page; Next shows the following hits.
    at = _page("search", q="the")
    page_one = [e.proto.label for e in at.get("page_link")]
    at.button(key="search_next").click().run()
    assert not at.exception, at.exception
    page_two = [e.proto.label for e in at.get("page_link")]
    assert page_two and page_two != page_one
    assert list(at.query_params["page"]) in (["2"], list("2"))


def test_entity_page_lists_records_from_two_institutions(app_graph: GraphStore) -> None:
    shared = _named(app_graph, "top_shared", type="Theme", min_institutions=2, limit=10)
    entity = next(s for s in shared if s["records"] and len(_named(app_graph, "entity_records", id=s["id"])) >= 2)
    holders = [g["institution"] for g in _named(app_graph, "entity_records", id=entity["id"])]
    at = _page("entity", id=entity["id"])
    assert not at.exception, at.exception
    assert at.title[0].value == entity["name"]
    names = {i["id"]: i["name"] for i in _named(app_graph, "institutions")}
    text = _texts(at)
    for institution in holders[:2]:
        assert f"**{names[institution]}**" in text
    assert at.dataframe, "the aliases table is missing"


def test_entity_page_unknown_id_says_so(app_graph: GraphStore) -> None:
    at = _page("entity", id="person:does-not-exist")
    assert not at.exception
    assert "Nothing in the graph has the id" in at.error[0].value


def test_pair_finder_returns_pairs_with_reasons(app_graph: GraphStore) -> None:
    at = _page("pairs")
    assert not at.exception, at.exception
    assert any("pairs, best first" in m.value for m in at.markdown)
    first, second = at.selectbox(key="pairs_a").value, at.selectbox(key="pairs_b").value
    found = pairs.find_pairs(app_graph, first, second, limit=25)
    rows = pairs.table(found)
    assert rows and all(r["reason"] for r in rows)
    assert all(0 < r["strength"] <= 1 for r in rows)
    # Tiers first (stated makers and subjects before text-found or generic), strength within a tier.
    keys = [(r["tier"], -r["strength"]) for r in rows]
    assert keys == sorted(keys)
    # Each pair is shown as two cards, each linking to its record's page.
    links = {unquote(e.proto.query_string) for e in at.get("page_link")}
    shown = pairs.table(pairs.find_pairs(app_graph, first, second, limit=int(at.number_input(key="pairs_limit").value)))
    assert f"id={shown[0]['a_record']}" in links and f"id={shown[0]['b_record']}" in links


def test_pair_finder_never_pairs_test_or_example_records(app_graph: GraphStore) -> None:
    from ingest.samples import TEST_SOURCES

    institutions = [i["id"] for i in _named(app_graph, "institutions") if i["records"]]
    with_tests = app_graph.query("MATCH (r:Record) WHERE r.source IN $s RETURN DISTINCT r.institution",
                                 {"s": list(TEST_SOURCES)}).rows
    assert with_tests, "the sample has test records (LoC's converter tests): the check below would be empty"
    for (institution,) in with_tests:
        for other in institutions[:6]:
            if other == institution:
                continue
            for pair in pairs.find_pairs(app_graph, institution, other, limit=25):
                assert pair.a_card.get("source") not in TEST_SOURCES, pair.a_card


def test_find_pairs_from_an_entity_page(app_graph: GraphStore) -> None:
    place = _named(app_graph, "top_shared", type="Place", min_institutions=3, limit=1)[0]
    at = _page("entity", id=place["id"])
    assert not at.exception, at.exception
    button = next(e.proto for e in at.get("page_link") if e.proto.label == "Find pairs")
    assert unquote(button.query_string) == f"entity={place['id']}".replace(" ", "+")
    at = _page("pairs", entity=place["id"])
    assert not at.exception, at.exception
    chosen = [s for s in at.selectbox if s.key and s.key.startswith("pairs_entity_")][0]
    assert chosen.value == place["id"]
    assert any(place["name"] in m.value for m in at.markdown), "no pair names the chosen place"


def test_pair_export_has_the_expected_columns(app_graph: GraphStore) -> None:
    institutions = sorted((i for i in _named(app_graph, "institutions") if i["records"]), key=lambda i: -i["records"])
    combos = [(a["id"], b["id"]) for a in institutions if a["kind"] == "library"
              for b in institutions if b["kind"] == "museum"]
    rows = next((found for a, b in combos if (found := pairs.table(pairs.find_pairs(app_graph, a, b, limit=5)))), [])
    assert rows, f"no library-museum pair of institutions shares anything: {combos}"
    exported = list(csv.DictReader(pairs.to_csv(rows).splitlines()))
    assert list(exported[0]) == list(pairs.EXPORT_COLUMNS)
    assert len(exported) == len(rows)
    markdown = pairs.to_markdown(rows)
    assert markdown.count("   Why: ") == len(rows)


def test_console_refuses_a_write(app_graph: GraphStore) -> None:
    at = _page("console")
    at.radio(key="console_mode").set_value("My own Cypher").run()
    at.text_area(key="console_cypher").input("CREATE (n:ConsoleProbe {id: 'probe'}) RETURN n").run()
    at.button(key="console_run").click().run()
    assert not at.exception, at.exception
    assert at.error and "Refused" in at.error[0].value
    assert app_graph.query("MATCH (n:ConsoleProbe) RETURN count(n)").rows[0][0] == 0


def test_console_runs_a_named_query(app_graph: GraphStore) -> None:
    at = _page("console")
    at.selectbox(key="console_name").select("institutions").run()
    at.button(key="FormSubmitter:console_params-Run").click().run()
    assert not at.exception, at.exception
    assert at.success and "rows" in at.success[0].value
    assert list(at.dataframe[0].value["id"])  # institution ids in the table


@pytest.mark.parametrize("page", ["shared", "network", "review"])
def test_page_shows_without_error(app_graph: GraphStore, page: str) -> None:
    at = _page(page)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title


def test_review_buttons_write_curator_decisions(app_graph: GraphStore, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.link.decisions import decisions_path, load_decisions

    monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(tmp_path))
    at = _page("review")
    assert not at.exception, at.exception
    at.button(key="review_accept_0").click().run()
    at.button(key="review_notsame_1").click().run()
    decisions = load_decisions(decisions_path(tmp_path))
    assert [d.action for d in decisions] == ["accept", "not_same"]
    links = _named(app_graph, "review_links", min_score=0.0, max_score=0.95, limit=25)
    assert decisions[0].alias == links[0]["alias"] and decisions[0].entity == links[0]["entity"]
    assert decisions[1].alias == links[1]["alias"] and decisions[1].other and decisions[1].other != links[1]["alias"]
    assert at.button(key="review_accept_0").disabled  # decided rows cannot be decided twice


def test_review_filters_by_kind(app_graph: GraphStore) -> None:
    at = _page("review")
    at.selectbox(key="review_kind").select("Place").run()
    assert not at.exception, at.exception
    places = _named(app_graph, "review_links", min_score=0.0, max_score=0.95, limit=25, kind="Place")
    shown = [c.value for c in at.caption if " · score " in c.value]
    assert places and len(shown) == len(places)
    assert all(c.startswith("label:place") for c in shown)  # only place links (method label:place)


def test_console_examples_are_placeholders_not_values(app_graph: GraphStore) -> None:
    at = _page("console")
    at.selectbox(key="console_name").select("top_shared").run()
    assert not at.exception, at.exception
    named = queries.get("top_shared")
    for p in named.params:
        if p.type == "str" and p.default is None:
            field = at.text_input(key=f"console_p_top_shared_{p.name}")
            assert field.value == "" and (p.example is None or str(p.example) in field.placeholder), p.name
    at.button(key="FormSubmitter:console_params-Run").click().run()
    assert at.success and not at.error
    # Run with nothing typed: no institution filter, so more than one institution is in the answer.
    institutions = {i for row in at.dataframe[0].value["institutions"] for i in json.loads(row)}
    assert len(institutions) > 1


def test_console_stops_a_runaway_query_at_the_limit(app_graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLAMGRAPH_CONSOLE_TIMEOUT", "1")
    at = _page("console")
    at.radio(key="console_mode").set_value("My own Cypher").run()
    at.text_area(key="console_cypher").input("MATCH (a:Alias), (b:Alias), (c:Alias) RETURN count(*)").run()
    started = time.monotonic()
    at.button(key="console_run").click().run()
    took = time.monotonic() - started
    assert not at.exception, at.exception
    assert at.error and at.error[0].value.startswith("Stopped after 1 s"), [e.value for e in at.error]
    assert took < 5, took  # stopped near the limit, not after the query ran its course (benchmarks/app_pages.py times it)
    # The connection is free again: the next query answers at once.
    assert app_graph.query("MATCH (n:Institution) RETURN count(n)", timeout_s=2).rows[0][0] > 0


def test_record_page_shows_what_a_person_needs_and_hides_the_raw_data(app_graph: GraphStore) -> None:
    record = app_graph.query(
        "MATCH (r:Record)-[:CREATED_BY]->(p:Person) WHERE r.title IS NOT NULL AND r.rights IS NOT NULL "
        "RETURN r.id, r.title, p.id ORDER BY r.id LIMIT 1").rows[0]
    at = _page("entity", id=record[0])
    assert not at.exception, at.exception
    assert at.title[0].value == record[1]
    text = _texts(at)
    assert "**Held by:**" in text and "**Rights:**" in text and "**Made by**" in text
    assert f"id={record[2]}" in {unquote(e.proto.query_string) for e in at.get("page_link")}  # the maker is a link
    assert not at.json  # the raw data only behind the toggle
    at.toggle(key=f"raw-{record[0]}").set_value(True).run()
    assert at.json
