"""Store errors reach the app's user as words, never as a traceback: the graph held by another
program, and a console query stopped at its time limit."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import PAGES
from app_pages import data
from graph.build import ingest
from graph.store import GraphStore
from graph.store.falkordb_store import LOCK_FILE
from tests.conftest import open_embedded
from tests.test_store import small_inputs

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def graph_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's data folder held by another process that serves no graph (its lock held, no
    server yet: an ingest still starting). A served graph is read through its owner (below)."""
    folder = tmp_path / "graph"
    folder.mkdir()
    lock = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.pwrite(lock, str(os.getpid()).encode(), 0)
    monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(folder))
    data.use_store(None)
    data._opened.clear()  # type: ignore[attr-defined]
    yield folder
    data._opened.clear()  # type: ignore[attr-defined]
    os.close(lock)


def test_a_graph_another_process_serves_is_read_through_it(sample_dir: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "graph"
    holder = open_embedded(folder)
    try:
        ingest(small_inputs(sample_dir), holder, report_path=tmp_path / "r.jsonl")
        monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(folder))
        data.use_store(None)
        data._opened.clear()  # type: ignore[attr-defined]
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("app_pages/search.py")
        at.query_params["q"] = "Kirk"
        at.run()
        assert not at.exception and not at.error, ([e.value for e in at.exception], [e.value for e in at.error])
        shown = " ".join(m.value for m in at.markdown)
        assert "Person ·" in shown and "0 matches" not in shown, shown  # the served graph's John Kirk
        assert data._opened().owner == str(os.getpid())  # type: ignore[attr-defined]
    finally:
        data._opened.clear()  # type: ignore[attr-defined]
        holder.close()


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_a_graph_in_use_is_explained_on_every_page(graph_in_use: Path, page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page.endswith("entity.py"):
        return  # without ?id= the entity page asks for one and opens nothing
    errors = " ".join(e.value for e in at.error)
    assert "in use by pid" in errors and "close the other one" in errors


def test_a_console_timeout_is_explained(sample_graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLAMGRAPH_CONSOLE_TIMEOUT", "0.05")
    data.use_store(sample_graph)
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("app_pages/console.py")
        at.run()
        at.radio(key="console_mode").set_value("My own Cypher").run()
        at.text_area(key="console_cypher").set_value(
            "MATCH (a:Alias), (b:Alias) WHERE a.text < b.text RETURN count(*)").run()
        at.button(key="console_run").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("Stopped" in e.value and "0.05 s" in e.value for e in at.error), [e.value for e in at.error]
    finally:
        data.use_store(None)
