"""Known names that appear or disappear: only the texts that hold one are searched again, and the
graph still ends exactly as one fresh build of the same sources (MENTIONS included). And the ruler
built from only the names a set of texts can hold finds what the ruler of every name finds.

Real Tate artworks: half of them first, then the other half added (their artists, places and
themes become known names that the first half's titles hold), then taken out again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.build import Input, ingest
from graph.mentions import state_texts
from graph.state import STATE_FILE, SyncState
from graph.store import GraphStore
from ingest.extract import Gazetteer, build_nlp, extract
from ingest.registry import expand, get_format
from tests.conftest import open_embedded
from tests.graph_compare import differences


def _inputs(folder: Path) -> list[Input]:
    return [Input(path, fmt) for path, fmt in expand(folder, get_format("tate"))]


def _move(paths: list[Path], source: Path, target: Path) -> None:
    for relative in paths:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).replace(target / relative)


def _mentions(store: GraphStore) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in store.query("MATCH (r:Record)-[:MENTIONS]->(e) RETURN r.id, e.id").rows}


def _entities(store: GraphStore) -> set[str]:
    return {r[0] for r in store.query("MATCH (e:Entity) RETURN e.id").rows}


def _same_as_fresh(living: GraphStore, tate: Path, data_dir: Path) -> None:
    fresh = open_embedded(data_dir)
    try:
        ingest(_inputs(tate), fresh, report_path=data_dir.parent / f"{data_dir.name}.jsonl", extract=True)
        assert differences(living, fresh) == []
    finally:
        fresh.close()


def test_names_that_appear_and_disappear_search_only_the_texts_that_hold_them(sample_dir: Path, tmp_path: Path) -> None:
    tate, aside = tmp_path / "src" / "tate", tmp_path / "aside"
    shutil.copytree(sample_dir / "tate", tate, ignore=shutil.ignore_patterns("processed"))
    second_half = [p.relative_to(tate) for p in sorted((tate / "artworks").rglob("*.json"))][1::2]
    _move(second_half, tate, aside)
    living = open_embedded(tmp_path / "living")
    try:
        first = ingest(_inputs(tate), living, report_path=tmp_path / "r1.jsonl", extract=True, scopes=[tate])
        first_texts = first.extraction["records"]
        before, entities_before = _mentions(living), _entities(living)

        _move(second_half, aside, tate)  # the other half arrives: new artists, places and themes
        added = ingest(_inputs(tate), living, report_path=tmp_path / "r2.jsonl", extract=True, scopes=[tate])
        searched = added.extraction["records"]
        # The new artworks, and beside them only the old ones whose titles hold a name that appeared.
        assert len(second_half) < searched < len(second_half) + first_texts, (len(second_half), searched, first_texts)
        first_records = {r for r, _e in before}
        gained = {(r, e) for r, e in _mentions(living) - before if e not in entities_before and r in first_records}
        assert gained, "no title of the first half names an entity the second half brought: the test tests nothing"
        _same_as_fresh(living, tate, tmp_path / "fresh-all")

        _move(second_half, tate, aside)  # and leaves again: those names disappear
        gone = ingest(_inputs(tate), living, report_path=tmp_path / "r3.jsonl", extract=True, scopes=[tate])
        assert 0 < gone.extraction["records"] < first_texts
        assert _mentions(living) == before
        _same_as_fresh(living, tate, tmp_path / "fresh-half")
    finally:
        living.close()


def test_the_ruler_of_the_names_texts_can_hold_finds_what_the_ruler_of_every_name_finds(
        demo_dir: Path, tmp_path: Path) -> None:
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)  # the demo's texts and known names
    state = SyncState(tmp_path / STATE_FILE)
    try:
        data = state_texts(state, None)
    finally:
        state.close()
    data.entities.sort(key=lambda e: e.id)
    gazetteer = Gazetteer.build(data.entities)
    in_texts = gazetteer.found_in(item.text for item in data.items)
    assert 0 < in_texts.size < gazetteer.size / 10, (in_texts.size, gazetteer.size)
    every_name = list(extract(data.items, build_nlp(gazetteer), gazetteer))
    assert len(every_name) > 1000
    assert list(extract(data.items, build_nlp(in_texts), gazetteer)) == every_name
    # and in the texts that hold a key of one of its names, the others skipped
    again, holds = gazetteer.found_in_each(item.text for item in data.items)
    assert again.patterns == in_texts.patterns
    holding = [item for item, held in zip(data.items, holds, strict=True) if held]
    assert 0 < len(holding) < len(data.items)
    assert list(extract(holding, build_nlp(in_texts), gazetteer)) == every_name


def test_the_searchs_field_links_are_the_record_edges_pairs(demo_dir: Path, tmp_path: Path) -> None:
    """`SyncState.field_links` (what the search skips) is `record_edges` without the edges' properties:
    the same (record, entity) pairs, for every record and for some."""
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)
    state = SyncState(tmp_path / STATE_FILE)
    try:
        ids = [rid for rid, _institution, _props in state.texts(None)]
        every = {(record, entity) for record, _, entity, *_ in state.record_edges(ids)}
        some = ids[::7]
        assert len(every) > 10_000
        assert state.field_links(None) == every
        assert state.field_links(some) == {pair for pair in every if pair[0] in set(some)}
        assert state.field_links([]) == set()
    finally:
        state.close()
