"""The ingest's text search in a forked process (graph.mentions.Search): the same hits, report and
records as searching in the process itself, and a child that fails only means searching here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph import mentions
from graph.build import ingest, state_path
from graph.state import SyncState
from tests.conftest import open_embedded, sample_inputs

TIMINGS = ("seconds", "rules_seconds", "texts_per_second")


@pytest.fixture(scope="module")
def state(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("background")
    store = open_embedded(folder / "graph")
    try:
        inputs = [i for i in sample_inputs(sample_dir, ("library_nls_datafoundry",)) if "hutton" in i.path.name]
        ingest(inputs, store, report_path=folder / "rejected.jsonl", extract=True)
        opened = SyncState(state_path(store))
        yield opened
        opened.close()
    finally:
        store.close()


def _same(left: tuple, right: tuple) -> None:
    hits, report, records = left
    assert hits and hits == right[0]
    assert records and records == right[2]
    drop = {name: None for name in TIMINGS}
    assert {**vars(report), **drop} == {**vars(right[1]), **drop}


def test_the_forked_search_finds_what_searching_here_finds(state: SyncState) -> None:
    here = mentions.Search(state, None, None, background=False).result()
    search = mentions.start_search(state, None)
    assert search._process is not None  # really in a child
    _same(search.result(), here)
    some = sorted(here[2])[::3]
    _same(mentions.start_search(state, some).result(), mentions.Search(state, some, None, background=False).result())


def test_a_failing_child_means_searching_here(state: SyncState, monkeypatch: pytest.MonkeyPatch) -> None:
    here = mentions.Search(state, None, None, background=False).result()
    parent = os.getpid()
    real = mentions.state_texts

    def only_here(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(*args, **kwargs)

    monkeypatch.setattr(mentions, "state_texts", only_here)
    search = mentions.start_search(state, None)
    assert search._collect() is None  # the child sent nothing
    _same(mentions.start_search(state, None).result(), here)
