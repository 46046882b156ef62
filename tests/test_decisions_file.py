"""A damaged curator decisions file: bad lines are skipped with file, line and reason, the good
ones still apply, and every command that reads the file says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.link.decisions import decisions_path, load_decisions

GOOD = {"action": "not_same", "alias": "moma:constituent:1", "other": "nga:constituent:2"}


def _write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(GOOD).encode(),
        b'{"action": "reject", "alias": "caf\xe9", "entity": "person:x"}',  # Latin-1, not UTF-8
        json.dumps({"action": "reject", "alias": ["x"], "entity": "person:1"}).encode(),  # a list, not a string
        json.dumps({"action": "accept", "alias": "a", "entity": {"id": 3}}).encode(),
        b"[1, 2, 3]",
        b'{"action": "merge"',  # cut short
        b"\x00\x00",
        b"[" * 5000 + b"]" * 5000,
        json.dumps({**GOOD, "alias": "moma:constituent:3"}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_bad_lines_are_skipped_with_file_line_and_reason(tmp_path: Path) -> None:
    path = decisions_path(tmp_path)
    _write(path)
    errors: list[str] = []
    decisions = load_decisions(path, errors)
    assert [d.alias for d in decisions] == ["moma:constituent:1", "moma:constituent:3"]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}, line {n}" for n in range(2, 9)]
    assert "not UTF-8" in errors[0]
    assert "'alias' must be a string, not list" in errors[1]
    assert "'entity' must be a string, not dict" in errors[2]


@pytest.mark.parametrize("command", [["ingest", "--dry-run"], ["ingest"]])
def test_ingest_says_which_lines_were_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             command: list[str]) -> None:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GLAMGRAPH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("GLAMGRAPH_EXTRACT", "0")
    monkeypatch.delenv("GLAMGRAPH_NEO4J_URI", raising=False)
    _write(decisions_path(data_dir))
    records = tmp_path / "one.xml"
    records.write_text('<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000 a 4500'
                       '</leader><controlfield tag="001">d1</controlfield><datafield tag="245" ind1="0" ind2="0">'
                       '<subfield code="a">A title</subfield></datafield></record></collection>', encoding="utf-8")
    result = CliRunner().invoke(main, [*command, str(records)])
    assert result.exit_code == 0, result.output
    assert "read 1 = loaded 1 + rejected 0" in result.output
    assert f"warning: {decisions_path(data_dir)}, line 2: not UTF-8" in result.output
    assert result.output.count(f"warning: {decisions_path(data_dir)}, line ") == 7
    assert "decision on unknown alias moma:constituent:3 ignored" in result.output  # the good lines still apply
