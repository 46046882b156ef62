"""A re-sync takes a file's bytes as unchanged from what stat says only when that is safe
(graph.unchanged: size, times and inode as when it was hashed, and the file had settled then)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

import graph.unchanged as unchanged
from tests.conftest import open_embedded
from tests.test_sync import edit_title, make_sources, sync


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose bytes the run hashes (the gate's own calls). The read stage runs in this
    process, so the calls are seen here (graph.stage_process would make them in a child)."""
    monkeypatch.setenv("GLAMGRAPH_READ_LINK_PROCESS", "off")
    calls: list[str] = []
    real = unchanged.file_digest

    def counting(path: Path, *depends: Path) -> str | None:
        calls.append(str(path))
        return real(path, *depends)

    monkeypatch.setattr(unchanged, "file_digest", counting)
    return calls


def test_settled_files_are_not_hashed_again_and_every_edit_is_seen(
        sample_dir: Path, tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unchanged, "SETTLED_NS", 0)  # the copies were made just now: take them as settled
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    try:
        sync(store, sources, ["tate"], tmp_path / "a.jsonl")
        hashed.clear()
        second = sync(store, sources, ["tate"], tmp_path / "b.jsonl")
        assert second.totals["changed"] == 0  # type: ignore[attr-defined]
        assert hashed == []  # every file's stat is as when it was hashed
        files = second.sources["tate"].unchanged_files  # type: ignore[attr-defined]

        # An edit is seen (its change time moved), even one that keeps the size and puts the
        # modification time back.
        edit_title(sources, random.Random(3))
        same_size = sources.artworks()[1]
        before = same_size.stat()
        text = same_size.read_bytes()
        at = text.index(b'"title": "') + len(b'"title": "')
        same_size.write_bytes(text[:at] + (b"X" if text[at:at + 1] != b"X" else b"Y") + text[at + 1:])
        os.utime(same_size, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert same_size.stat().st_size == before.st_size and same_size.stat().st_mtime_ns == before.st_mtime_ns
        hashed.clear()
        third = sync(store, sources, ["tate"], tmp_path / "c.jsonl")
        assert third.totals["changed"] == 2, third.totals  # type: ignore[attr-defined]
        assert third.sources["tate"].unchanged_files == files - 2  # type: ignore[attr-defined]
        assert 1 <= len(hashed) <= 2  # only the edited files' bytes were read (one edit may hit the same file)
    finally:
        store.close()


def test_a_file_changed_just_before_its_hash_is_hashed_every_time(
        sample_dir: Path, tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Within SETTLED_NS of its last change a file could change again in the same tick of the
    clock with its stat unchanged: its bytes are read again each run until it has settled."""
    monkeypatch.setattr(unchanged, "SETTLED_NS", 10**15)  # no file here settles (about 12 days)
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    try:
        sync(store, sources, ["tate"], tmp_path / "a.jsonl")
        for run in ("b", "c"):
            hashed.clear()
            report = sync(store, sources, ["tate"], tmp_path / f"{run}.jsonl")
            skipped = report.sources["tate"].unchanged_files  # type: ignore[attr-defined]
            assert skipped > 0 and len(hashed) >= skipped  # each skipped file's bytes were read again
    finally:
        store.close()


def test_a_state_written_before_stat_signatures_is_read(tmp_path: Path) -> None:
    import sqlite3

    from graph.state import SyncState

    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, digest TEXT NOT NULL, "
               "records TEXT NOT NULL)")
    db.execute("INSERT INTO files VALUES ('/x/a.json', 'f', 'd', '[]')")
    db.commit()
    db.close()
    state = SyncState(path)
    try:
        assert state.file_row("/x/a.json") == ("f", "d", "[]", None, None)  # no stat, no problems
    finally:
        state.close()
