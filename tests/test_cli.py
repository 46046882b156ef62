"""The `glamgraph` CLI through click's CliRunner, asserting on the graph and on exact messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GLAMGRAPH_NEO4J_URI", raising=False)
    return CliRunner()


def kirk_files(sample_dir: Path) -> list[str]:
    return sorted(str(p) for p in (sample_dir / "library_nls_datafoundry").glob("john_kirk_survey_0*_marc.xml"))


def test_help_explains_every_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "stats", "query", "demo", "app"):
        assert command in result.output
        sub = runner.invoke(main, [command, "--help"])
        assert sub.exit_code == 0 and "--data-dir" in sub.output and "--neo4j" in sub.output


def test_dry_run_counts_and_writes_nothing(runner: CliRunner, sample_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ingest", "--dry-run", "--json", str(sample_dir / "library_nls_datafoundry")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    # The dataset readmes beside the MARCXML files are not read, and the user is told so.
    assert "Skipped 5 file(s) that are not catalogue files of a known format:" in result.stderr
    assert "readme/Hutton_Drawings_readme.txt" in result.stderr
    (nls,) = report["sources"]
    assert nls["source"] == "library_nls_datafoundry" and nls["files"] == 7
    assert nls["read"] == nls["loaded"] + nls["rejected"] == 647
    assert isinstance(report["stages"], dict)  # the progress bars' counts, per stage (none drawn: not a terminal)
    assert not (tmp_path / "data" / "graph.db").exists()


def test_unknown_format_and_file_errors(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ingest", str(FIXTURES / "notes.txt")])
    assert result.exit_code == 1
    assert f"Cannot tell the format of {FIXTURES / 'notes.txt'}. Give one with --format; known formats:" in result.output
    assert "glamgraph mapping draft" in result.output  # a file of the partner's own shape: how to map it
    result = runner.invoke(main, ["ingest", "--format", "nope", str(FIXTURES / "notes.txt")])
    assert result.exit_code == 1
    assert "Unknown format 'nope'. Known formats: " in result.output and "marcxml" in result.output


def test_ingest_stats_query(runner: CliRunner, sample_dir: Path) -> None:
    files = kirk_files(sample_dir)
    result = runner.invoke(main, ["ingest", *files, "--source", "nls", "--institution-name",
                                  "National Library of Scotland"])
    assert result.exit_code == 0, result.output
    assert "read 15 = loaded 15 + rejected 0" in result.output

    result = runner.invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["engine"] == "falkordb"
    (nls,) = stats["institutions"]
    assert (nls["id"], nls["kind"], nls["records"]) == ("nls", "library", 15)
    assert stats["labels"]["LibraryItem"] == 15 and stats["relationships"]["HELD_BY"] == 15

    result = runner.invoke(main, ["query", "shared_people", "--param", "nope=1"])
    assert result.exit_code == 1
    assert "Query 'shared_people' has no parameter $nope; it takes: $min_institutions, $limit." in result.output
    result = runner.invoke(main, ["query", "no_such_query"])
    assert result.exit_code == 1 and "No query named 'no_such_query'. Known queries: " in result.output
    result = runner.invoke(main, ["query", "shared_people", "--param", "limit=5", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []  # one institution only: nobody is shared


def test_bad_parameter_value_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "shared_people", "--param", "limit"])
    assert result.exit_code == 2 and "'limit' is not key=value." in result.output
