"""A re-sync whose texts are searched again summarises the entities those records mention before
and after again, not the whole graph (graph.build._mentioned), and ends in the graph a fresh build
gives: a MENTIONS taken away by an edit lowers its entity's record counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph import summaries
from tests.conftest import open_embedded
from tests.graph_compare import differences
from tests.test_sync import _load, _save, fresh_build, make_sources, sync


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The entity ids each setting of summaries after the writes is asked for."""
    asked: list[list[str]] = []
    real = summaries.StateSummaries.write

    def spy(self: Any, ids: Any, **kwargs: Any) -> Any:
        ids = list(ids)
        asked.append(ids)
        return real(self, ids, **kwargs)

    monkeypatch.setattr(summaries.StateSummaries, "write", spy)
    return asked


def _retitle(artwork: Path, title: str) -> None:
    data = _load(artwork)
    data["title"] = title
    _save(artwork, data)


def _count(store: Any, entity_id: str) -> int:
    return store.query("MATCH (e {id: $id}) RETURN e.record_count", {"id": entity_id}).rows[0][0]


def test_a_title_that_names_someone_and_then_no_longer_refreshes_that_entity_only(
        sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "living")
    try:
        sync(store, sources, ["tate", "moma"], tmp_path / "a.jsonl")
        # A real artist of the working copy, named in the title of a real artwork by someone else.
        artwork = sources.artworks()[0]
        entity_id, name = store.query(
            "MATCH (e:Person) WHERE e.name STARTS WITH 'Robert Motherwell' RETURN e.id, e.name").rows[0]
        before = _count(store, entity_id)
        asked = _spy(monkeypatch)
        steps = [(f"Homage to {name}", before + 1), ("Untitled", before)]
        for n, (title, expected) in enumerate(steps):
            asked.clear()
            _retitle(artwork, title)
            report = sync(store, sources, ["tate"], tmp_path / f"r{n}.jsonl")
            assert report.extraction is not None  # type: ignore[attr-defined]
            # Only the entities the retitled record names (and those its edit touched) are summarised
            # again, after the search; never the whole graph.
            everyone = store.query("MATCH (e) WHERE e.record_count IS NOT NULL RETURN count(e)").rows[0][0]
            assert asked and entity_id in asked[-1], asked
            assert all(len(ids) < everyone / 10 for ids in asked), [len(ids) for ids in asked]
            assert _count(store, entity_id) == expected
            fresh = fresh_build(sources, tmp_path / f"fresh{n}")
            try:
                assert differences(store, fresh) == []
            finally:
                fresh.close()
    finally:
        store.close()
