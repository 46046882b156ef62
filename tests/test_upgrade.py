"""A newer glamgraph over a graph an older one built gives what a fresh build would (graph.code_version).

Files are skipped when their bytes and what they were read as are unchanged (graph.unchanged), and only
aliases a change can reach are linked again (graph.build._link). Both remember the code that did the
work: another reading code parses every file again, another linking code links every alias again. The
older code is simulated by changing the digests it would have had; everything else is the real ingest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import build, code_version, unchanged
from graph.build import Input, ingest
from ingest.registry import expand, get_format
from tests.conftest import open_embedded
from tests.test_sync import nga_share


def _inputs(folder: Path) -> list[Input]:
    return [Input(path, found) for path, found in expand(folder, get_format("nga"))]


def test_other_reading_code_reads_unchanged_files_again_and_other_linking_code_links_again(
        sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nga = tmp_path / "nga"
    nga_share(sample_dir / "nga", nga)
    store = open_embedded(tmp_path / "graph")
    try:
        monkeypatch.setattr(unchanged, "READ_VERSION", "2:an-older-reader")
        monkeypatch.setattr(code_version, "LINKING", "an-older-linker")
        first = ingest(_inputs(nga), store, report_path=tmp_path / "a.jsonl")
        assert first.sources["nga"].unchanged_files == 0 and first.relinked == ["all"]

        same = ingest(_inputs(nga), store, report_path=tmp_path / "b.jsonl")
        assert same.sources["nga"].unchanged_files == 1 and same.relinked == []  # the same code: nothing to do

        monkeypatch.undo()  # this version's code
        upgraded = ingest(_inputs(nga), store, report_path=tmp_path / "c.jsonl")
        assert upgraded.sources["nga"].unchanged_files == 0  # read again by this reader
        assert upgraded.relinked == ["all"] and upgraded.relinked_aliases > 0  # linked again by these rules
        assert build.code_version.LINKING == code_version.code_digest("graph/link")

        again = ingest(_inputs(nga), store, report_path=tmp_path / "d.jsonl")
        assert again.sources["nga"].unchanged_files == 1 and again.relinked == []
    finally:
        store.close()


def test_the_digests_follow_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any edit to a reading module (or the JSON it reads) gives another digest; files elsewhere do not."""
    assert unchanged.READ_VERSION == f"2:{code_version.READING}"
    (tmp_path / "ingest" / "contexts").mkdir(parents=True)
    (tmp_path / "ingest" / "reader.py").write_text("X = 1\n")
    (tmp_path / "ingest" / "contexts" / "context.json").write_text("{}")
    (tmp_path / "ingest" / "notes.md").write_text("notes")
    monkeypatch.setattr(code_version, "ROOT", tmp_path)
    before = code_version.code_digest("ingest")
    (tmp_path / "ingest" / "notes.md").write_text("other notes")
    assert code_version.code_digest("ingest") == before
    (tmp_path / "ingest" / "contexts" / "context.json").write_text('{"a": 1}')
    edited = code_version.code_digest("ingest")
    assert edited != before
    (tmp_path / "ingest" / "reader.py").write_text("X = 2\n")
    assert code_version.code_digest("ingest") not in (before, edited)
