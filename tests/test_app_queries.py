"""The app's named queries: headers match the text, Neo4j 5 accepts them (lint), FalkorDB
accepts them (EXPLAIN), and each runs on the sample graph with its example parameters."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import queries
from graph.store import GraphStore, QueryTimeoutError, ReadOnlyError

APP_QUERIES = (
    "search", "entity", "entity_records", "entity_aliases", "entity_neighbours", "entity_timeline", "place_map",
    "institution_pair_counts", "top_shared", "connected_share", "pair_finder", "network_expand", "institutions",
    "record_cards", "search_exact", "timeline", "institution_places", "pair_entities", "record_page", "shared_places",
    "pairable_institutions",
)
LINT = Path(__file__).resolve().parent.parent / "tools" / "cypher_lint.mjs"


def _examples(named: queries.NamedQuery) -> dict[str, object]:
    return named.bind({}, use_examples=True)


@pytest.mark.parametrize("name", APP_QUERIES)
def test_header_lists_exactly_the_parameters_used(name: str) -> None:
    named = queries.get(name)
    for engine in ("falkordb", "neo4j"):
        assert queries.body_params(named.text(engine)) == {p.name for p in named.params}, engine


def test_neo4j_accepts_the_app_queries() -> None:
    if not shutil.which("node") or not (LINT.parent.parent / "node_modules" / "@neo4j-cypher").exists():
        pytest.skip("node or node_modules/@neo4j-cypher missing: run .ci/setup")
    items = [{"id": name, "query": queries.get(name).text("neo4j"), "parameters": _examples(queries.get(name))}
             for name in APP_QUERIES]
    out = subprocess.run(["node", str(LINT)], input=json.dumps(items), capture_output=True, text=True, check=True,
                         cwd=LINT.parent.parent)
    errors = {r["id"]: r["errors"] for r in json.loads(out.stdout) if r["errors"]}
    assert not errors, errors


@pytest.mark.parametrize("name", APP_QUERIES)
def test_runs_on_the_sample_graph(sample_graph: GraphStore, name: str) -> None:
    named = queries.get(name)
    sample_graph.validate(named.text(sample_graph.engine), _examples(named))
    result = sample_graph.query(named.text(sample_graph.engine), _examples(named))
    assert result.columns
    if name in ("institutions", "entity", "entity_records", "entity_aliases", "top_shared", "connected_share",
                "institution_pair_counts", "network_expand", "record_cards"):
        assert result.rows, f"{name} found nothing on the sample with its example parameters"


def test_search_finds_words_of_a_title_and_a_name_prefix(sample_graph: GraphStore) -> None:
    from graph.store.textsearch import fulltext_query

    named = queries.get("search")
    title = sample_graph.query("MATCH (r:Record {institution: 'nls'}) WHERE r.title IS NOT NULL "
                               "RETURN r.id, r.title ORDER BY r.id LIMIT 1").rows[0]
    q = fulltext_query(title[1][:-1], sample_graph.engine)  # the last word cut short: a prefix
    hits = sample_graph.query(named.text(sample_graph.engine), named.bind({"q": q, "type": "Record", "per_type": 500})).records()
    assert title[0] in [h["id"] for h in hits]
    assert fulltext_query('x:(y) "zed" -@', "falkordb") == "x y zed*"
    assert fulltext_query('homer wins', "neo4j") == "homer AND wins*"


def test_console_limits_on_the_store(sample_graph: GraphStore) -> None:
    with pytest.raises(ReadOnlyError):
        sample_graph.query("MATCH (n:Record) SET n.touched = true RETURN count(n)", timeout_s=5)
    limited = sample_graph.query("MATCH (n:Alias) RETURN n.key", max_rows=7)
    assert len(limited.rows) == 7 and limited.truncated
    with pytest.raises(QueryTimeoutError):
        # A cross product of every alias with every alias: far longer than 50 ms.
        sample_graph.query("MATCH (a:Alias), (b:Alias) WHERE a.text < b.text RETURN count(*)", timeout_s=0.05)


def test_summaries_keep_the_first_records_of_each_institution(sample_graph: GraphStore) -> None:
    """`record_firsts`: per entity and institution, the ids of the first FIRST_RECORDS records by id
    that name it (graph/summaries.py), in the order of `record_institutions`."""
    from graph.statements import FIRST_RECORDS, SUMMARY_RELATIONS

    named: dict[str, dict[str, list[str]]] = {}
    for entity, holder, record in sample_graph.query(
            f"MATCH (r:Record)-[:{SUMMARY_RELATIONS}]->(e) RETURN DISTINCT e.id, r.institution, r.id").rows:
        named.setdefault(entity, {}).setdefault(holder, []).append(record)
    kept = sample_graph.query("MATCH (e) WHERE e.record_firsts IS NOT NULL RETURN e.id, e.record_institutions, "
                              "e.record_counts, e.record_firsts, e.record_firsts_ends").rows
    assert len(kept) >= len(named) > 1000
    several = 0
    for entity, holders, counts, firsts, ends in kept:
        by_holder = named.get(entity, {})
        assert holders == sorted(by_holder) and counts == [len(by_holder[h]) for h in holders], entity
        assert len(ends) == len(holders) and (not ends or ends[-1] == len(firsts)), entity
        for i, holder in enumerate(holders):
            block = firsts[ends[i - 1] if i else 0:ends[i]]
            assert block == sorted(by_holder[holder])[:FIRST_RECORDS], (entity, holder)
            several += len(by_holder[holder]) > FIRST_RECORDS
    assert several, "no entity has more records of one institution than the summaries keep: nothing checked the cap"


def test_summaries_name_the_institutions_of_every_entitys_aliases(sample_graph: GraphStore) -> None:
    """Every entity carries its summaries (an ingest computes them from its sync state,
    graph.summaries.StateSummaries): `institutions` are those of the aliases that refer to it, as
    walking the graph finds them; `record_count` adds up `record_counts`."""
    walked: dict[str, set[str]] = {}
    for entity, institution in sample_graph.query(
            "MATCH (a:Alias)-[:REFERS_TO]->(e) RETURN DISTINCT e.id, a.institution").rows:
        if institution is not None:
            walked.setdefault(entity, set()).add(institution)
    entities = sample_graph.query("MATCH (e) WHERE e:Person OR e:Organization OR e:Place OR e:Theme "
                                  "RETURN e.id, e.institutions, e.institution_count, e.record_counts, e.record_count").rows
    assert len(entities) > 1000 and sum(1 for row in entities if len(row[1] or []) > 1) > 100
    for entity, institutions, count, record_counts, record_count in entities:
        assert institutions == sorted(walked.get(entity, ())) and count == len(institutions), entity
        assert record_count == sum(record_counts), entity


@pytest.mark.parametrize("params", [
    {"a": "nls", "b": "nga"}, {"a": "nga", "b": "tate", "per_entity": 3, "limit": 40}, {"a": "nga", "b": "nga"},
    {"a": "tate", "b": "nga", "per_entity": 1, "exclude_sources": ["loc_pymarc"]},
    {"a": "nga", "b": "loc", "exclude_sources": ["loc_pymarc"]},
])
def test_pair_finder_from_the_summaries_equals_the_walk(sample_graph: GraphStore, params: dict) -> None:
    """Without a topic the pair finder takes each side's count and first records from the
    summaries; walking every record naming each entity (as it does with a topic) gives the same rows."""
    named = queries.get("pair_finder")
    text = named.text(sample_graph.engine)
    walk = text.replace("e.record_firsts_ends IS NOT NULL", "false")
    assert walk != text, "the pair finder no longer reads the summaries this way: update this test"
    bound = named.bind(params)
    rows = sample_graph.query(text, bound).records()
    assert rows and rows == sample_graph.query(walk, bound).records()
