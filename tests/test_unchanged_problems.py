"""Unchanged inputs with problems are not parsed again, yet report them again (graph.unchanged).

Real exports carry warnings (NGA's links name constituents its constituents file lacks) and the odd
rejected row. A file's rejected records and warnings are kept with its row in the sync state, so a
re-sync that skips the file reports the same lines and counts as reading it would. A folder whose
reader joins several files (NGA) is skipped only when every file in it is unchanged. A file that
stops early (a fatal rejection) is read again every time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.build import IngestReport, Input, ingest
from graph.store import GraphStore
from ingest.registry import expand, get_format
from tests.conftest import open_embedded
from tests.test_sync import nga_share


@pytest.fixture(params=["off", "on"], ids=["in-process", "read-worker"])
def read_worker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of reading: the gate is asked by the readers here, or by the read worker's messages."""
    monkeypatch.setenv("GLAMGRAPH_READ_WORKER", request.param)
    return request.param


def _run(store: GraphStore, inputs: list[Input], report: Path) -> IngestReport:
    return ingest(inputs, store, report_path=report)


def _inputs(folder: Path, fmt: str) -> list[Input]:
    return [Input(path, found) for path, found in expand(folder, get_format(fmt))]


def _counts(report: IngestReport, source: str) -> tuple[int, int, int, int, int]:
    s = report.sources[source]
    return s.read, s.loaded, s.rejected, s.warnings, s.authorities


def test_an_unchanged_nga_folder_is_skipped_with_its_warnings_and_an_edit_reads_it_again(
        sample_dir: Path, tmp_path: Path, read_worker: str) -> None:
    nga = tmp_path / "nga"
    nga_share(sample_dir / "nga", nga)
    store = open_embedded(tmp_path / "graph")
    try:
        first = _run(store, _inputs(nga, "nga"), tmp_path / "a.jsonl")
        assert first.sources["nga"].warnings > 0  # real links to constituents the file lacks
        assert first.sources["nga"].unchanged_files == 0
        second = _run(store, _inputs(nga, "nga"), tmp_path / "b.jsonl")
        assert second.sources["nga"].unchanged_files == 1
        assert _counts(second, "nga") == _counts(first, "nga")
        assert second.writes == type(second.writes)()
        # The same report lines, in the same order, as when the folder was read.
        assert (tmp_path / "b.jsonl").read_text() == (tmp_path / "a.jsonl").read_text()

        # One changed file of the folder: all of it is read again, and the change is in the graph.
        path = nga / "constituents.csv"
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
            header = list(rows[0])
        row = next(r for r in rows if r["forwarddisplayname"])
        row["forwarddisplayname"] += " Renamed"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        third = _run(store, _inputs(nga, "nga"), tmp_path / "c.jsonl")
        assert third.sources["nga"].unchanged_files == 0
        assert third.sources["nga"].changed == 1
        assert _counts(third, "nga") == _counts(first, "nga")
        renamed = store.query("MATCH (a:Alias {key: $key}) RETURN a.text", {"key": f"nga:constituent:{row['constituentid']}"})
        assert renamed.rows == [[row["forwarddisplayname"]]]

        # A new file in the folder is a change too.
        (nga / "notes.txt").write_text("added\n", encoding="utf-8")
        fourth = _run(store, _inputs(nga, "nga"), tmp_path / "d.jsonl")
        assert fourth.sources["nga"].unchanged_files == 0
        fifth = _run(store, _inputs(nga, "nga"), tmp_path / "e.jsonl")
        assert fifth.sources["nga"].unchanged_files == 1
        assert (tmp_path / "e.jsonl").read_text() == (tmp_path / "a.jsonl").read_text()
    finally:
        store.close()


def test_a_rejected_row_is_reported_again_from_the_state(sample_dir: Path, tmp_path: Path, read_worker: str) -> None:
    moma = tmp_path / "moma"
    moma.mkdir()
    source = sample_dir / "moma" / "Artists.csv"
    lines = source.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[5]]))
    row[header.index("DisplayName")] = ""  # a real row without its name: rejected, the rest is read
    with (moma / "Artists.csv").open("w", newline="", encoding="utf-8") as f:
        f.writelines(lines[:5])
        csv.writer(f, lineterminator="\n").writerow(row)
        f.writelines(lines[6:400])
    store = open_embedded(tmp_path / "graph")
    try:
        first = _run(store, _inputs(moma, "moma"), tmp_path / "a.jsonl")
        assert first.sources["moma"].rejected == 1
        second = _run(store, _inputs(moma, "moma"), tmp_path / "b.jsonl")
        assert second.sources["moma"].unchanged_files == 1
        assert _counts(second, "moma") == _counts(first, "moma")
        assert (tmp_path / "b.jsonl").read_text() == (tmp_path / "a.jsonl").read_text()
        assert "missing ConstituentID or DisplayName" in (tmp_path / "b.jsonl").read_text()
    finally:
        store.close()


def test_a_file_that_stops_early_is_read_again(tmp_path: Path, read_worker: str) -> None:
    folder = tmp_path / "marc"
    folder.mkdir()
    (folder / "broken.json").write_text('{"leader": "00000nam", "fields": [', encoding="utf-8")
    store = open_embedded(tmp_path / "graph")
    try:
        first = _run(store, _inputs(folder, "marcjson"), tmp_path / "a.jsonl")
        source = next(iter(first.sources))
        assert first.sources[source].rejected == 1
        second = _run(store, _inputs(folder, "marcjson"), tmp_path / "b.jsonl")
        assert second.sources[source].unchanged_files == 0
        assert second.sources[source].rejected == 1
    finally:
        store.close()


def test_nga_given_as_one_of_its_files_is_read_again_when_another_changes(
        sample_dir: Path, tmp_path: Path, read_worker: str) -> None:
    """NGA's reader reads the whole folder of the file it is given: that file's bytes alone do not
    say its records are unchanged."""
    nga = tmp_path / "nga"
    nga_share(sample_dir / "nga", nga)
    inputs = [Input(nga / "constituents.csv", get_format("nga"))]
    store = open_embedded(tmp_path / "graph")
    try:
        first = _run(store, inputs, tmp_path / "a.jsonl")
        second = _run(store, inputs, tmp_path / "b.jsonl")
        assert second.sources["nga"].unchanged_files == 1
        assert _counts(second, "nga") == _counts(first, "nga")
        terms = nga / "objects_terms_2021.csv"
        lines = terms.read_text(encoding="utf-8").splitlines(keepends=True)
        terms.write_text("".join(lines[:-1]), encoding="utf-8")  # one subject term of one object less
        third = _run(store, inputs, tmp_path / "c.jsonl")
        assert third.sources["nga"].unchanged_files == 0
        assert third.sources["nga"].changed == 1
    finally:
        store.close()
