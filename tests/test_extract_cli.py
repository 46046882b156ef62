"""`glamgraph extract` and `glamgraph extract evaluate` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GLAMGRAPH_NEO4J_URI", raising=False)
    monkeypatch.delenv("GLAMGRAPH_SPACY_MODEL", raising=False)
    return CliRunner()


def test_evaluate_needs_a_graph(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "evaluate", "--model", "none"])
    assert result.exit_code == 1
    assert "The graph has no entities to build the name ruler from; run `glamgraph demo --no-app`" in result.output


def test_ingest_extracts_then_extract_changes_nothing_and_evaluate_prints_scores(
        runner: CliRunner, sample_dir: Path) -> None:
    hutton = sample_dir / "library_nls_datafoundry" / "hutton_drawings_marc.xml"
    result = runner.invoke(main, ["ingest", str(hutton), "--source", "nls"])
    assert result.exit_code == 0, result.output
    assert "found in text: " in result.output and " MENTIONS (" in result.output
    result = runner.invoke(main, ["extract"])
    assert result.exit_code == 0, result.output
    assert "edges created 0, deleted 0;" in result.output
    result = runner.invoke(main, ["extract", "evaluate", "--model", "none"])
    assert result.exit_code == 0, result.output
    assert "gold set: 200 sentences, 583 entities" in result.output
    assert "names" in result.output and "overall" in result.output
    result = runner.invoke(main, ["extract", "--model", "no_such_model_xyz"])
    assert result.exit_code == 1 and "spaCy model 'no_such_model_xyz' is not installed" in result.output
