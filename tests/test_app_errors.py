"""Store errors reach the app's user as words, never as a traceback: the graph held by another
program, and a console query stopped at its time limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import PAGES
from app_pages import data
from graph.store import GraphStore
from tests.conftest import open_embedded

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def graph_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's data folder owned by another store (its lock held), as when an ingest runs."""
    folder = tmp_path / "graph"
    holder = open_embedded(folder)
    monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(folder))
    data.use_store(None)
    data._opened.clear()  # type: ignore[attr-defined]
    yield folder
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
