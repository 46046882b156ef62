"""How the graph is linked is kept with the graph (its sync state): reused by later ingests, shown by
stats, changed only by `link run` with other settings; a mapped source is scored by `link evaluate`
by record id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "mapping"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GLAMGRAPH_EXTRACT", "off")
    data = tmp_path / "data"

    def run(*args: str) -> object:
        return CliRunner().invoke(main, [*args, "--data-dir", str(data)])

    return run


def _ingest(cli, name: str, *extra: str):
    return cli("ingest", str(FIXTURES / f"{name}.csv"), "--mapping", str(FIXTURES / f"{name}.toml"), *extra)


def _settings(cli) -> dict:
    result = cli("stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["link_settings"]


def test_blind_graph_stays_blind_until_link_run_says_otherwise(cli) -> None:
    result = _ingest(cli, "creators", "--blind-ids")
    assert result.exit_code == 0, result.output
    assert "linked blind" in result.output
    assert _settings(cli)["use_ids"] is False
    later = _ingest(cli, "concordance")  # no flag: the graph's setting, not "with ids"
    assert later.exit_code == 0 and "linked blind" in later.output
    assert _settings(cli)["use_ids"] is False
    relinked = cli("link", "run", "--with-ids", "--auto-accept", "0.95")
    assert relinked.exit_code == 0, relinked.output
    stored = _settings(cli)
    assert stored["use_ids"] is True and stored["auto_accept"] == 0.95 and stored["changed_by"] == "link run"
    conflict = _ingest(cli, "concordance", "--blind-ids")
    assert conflict.exit_code == 1 and "link run --blind-ids" in conflict.output
    again = cli("link", "run")  # no options: unchanged
    assert again.exit_code == 0 and _settings(cli) == stored
    assert "linked: with authority ids; auto >= 0.95" in cli("stats").output
    # Kept in the state beside the graph, not as a node (an incremental run must equal a fresh build).
    assert "LinkSettings" not in json.loads(cli("stats", "--json").output)["labels"]


def test_a_dry_run_links_as_the_graph_is_linked(cli) -> None:
    assert _ingest(cli, "creators", "--blind-ids").exit_code == 0
    dry = _ingest(cli, "concordance", "--dry-run")  # no flag: the graph's setting, as a real run
    assert dry.exit_code == 0, dry.output
    assert "linked blind" in dry.output and "dry run" in dry.output
    assert _settings(cli)["use_ids"] is False
    assert cli("link", "run", "--with-ids").exit_code == 0
    refused = _ingest(cli, "concordance", "--dry-run", "--blind-ids")  # as the real run would refuse it
    assert refused.exit_code == 1 and "link run --blind-ids" in refused.output


def test_a_neo4j_graph_keeps_its_state_in_the_data_folder_given(tmp_path: Path) -> None:
    """Ingest (state_path of the opened store) and the commands that only know the options
    (state_path_for) find the same state file, in the --data-dir given."""
    from types import SimpleNamespace

    from graph.build import state_path, state_path_for

    uri = "bolt://db.example.org:7687"
    store = SimpleNamespace(uri=uri, database="neo4j", state_dir=tmp_path)
    assert state_path(store) == state_path_for(tmp_path, uri)  # type: ignore[arg-type]
    assert state_path(store).parent == tmp_path


def test_evaluate_scores_a_mapped_source_by_record_id(cli, tmp_path: Path) -> None:
    assert _ingest(cli, "creators", "--blind-ids").exit_code == 0
    assert _ingest(cli, "objects").exit_code == 0
    truth = tmp_path / "truth.csv"
    truth.write_text("source,record_id,name,authority_ids,entity_cluster_key\n"
                     "partner,CH-1,Hans von Aachen,ulan:500115493,c1\n"
                     "partner,CH-2,Marta Kowalska,ulan:500000002,c2\n"
                     "partner,CH-4,Wei Zhang,ulan:500000004,c4\n", encoding="utf-8")
    result = cli("link", "evaluate", "--truth", str(truth), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["records_in_graph"]["partner"] == 3 and figures["not_loaded"] == []
    assert "auto_only" in figures
    text = cli("link", "evaluate", "--truth", str(truth)).output
    assert "not loaded" not in text


def test_evaluate_says_which_graph_sources_a_truth_file_does_not_name(cli, tmp_path: Path) -> None:
    """A mapped export loaded under another name than the truth file's (`partner` in the graph, `museum`
    in the truth) is not scored; evaluate says so and how to name it."""
    assert _ingest(cli, "creators", "--blind-ids").exit_code == 0
    truth = tmp_path / "truth.csv"
    truth.write_text("source,record_id,name,authority_ids,entity_cluster_key\n"
                     "museum,CH-1,Hans von Aachen,ulan:500115493,c1\n", encoding="utf-8")
    text = cli("link", "evaluate", "--truth", str(truth)).output
    assert "not loaded (no record of theirs in the graph): museum" in text
    assert "the graph's sources the truth file does not name: partner" in text
