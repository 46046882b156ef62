"""The write stage alone: a built graph's sync state written again into a fresh embedded graph, as a
first ingest's write stage writes it, timed phase by phase.

    .venv/bin/python -m benchmarks.write_stage --from /tmp/glamgraph-scale/graph-15 [--work DIR]

`--from` is a data folder an ingest filled (`benchmarks.scale` leaves graph-<copies> folders in its
work folder; graph-15 is the 1M run's). Its state is copied, every key marked pending and new (what
a first ingest's link stage leaves), and `graph.build._write` writes it with CREATE, as the ingest
does; the page cache is dropped first where this user may (as after the link stage's process). The
phases (records, entities, aliases, links, edges) are timed from the loader's progress calls, so
they can be set against the CREATE ceiling of the same nodes and edges (docs/scale.md).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from graph import build
from graph.state import STATE_FILE, SyncState
from graph.store.falkordb_store import FalkorDBStore

_PENDING = [  # (kind, SQL selecting its keys); those marked new too
    ("record", "SELECT id AS k FROM records", True),
    ("entity", "SELECT id AS k FROM entities", True),
    ("alias", "SELECT key AS k FROM aliases", True),
    ("link", "SELECT alias AS k FROM links", False),
    ("entity_edge", "SELECT relation || char(31) || source || char(31) || target AS k FROM entity_edges", False),
    ("institution", "SELECT id AS k FROM graph_institutions", False),
]


def prepare(source: Path, target: Path) -> dict[str, int]:
    """Copy the state of `source` to `target` with every key pending (and new where the loader creates)."""
    shutil.copyfile(source / STATE_FILE, target)
    db = sqlite3.connect(target, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.execute("DELETE FROM pending")
        for kind, select, new in _PENDING:
            db.execute(f"INSERT INTO pending (kind, key) SELECT ?, k FROM ({select})", (kind,))  # noqa: S608 - fixed text
            if new:
                db.execute(f"INSERT INTO pending (kind, key) SELECT 'new', ? || char(31) || k FROM ({select})",  # noqa: S608
                           (kind,))
        db.execute("INSERT INTO pending (kind, key) VALUES ('summary', '*')")
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return dict(db.execute("SELECT kind, count(*) FROM pending GROUP BY kind").fetchall())
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, required=True, help="a data folder an ingest filled")
    parser.add_argument("--work", type=Path, default=Path("/tmp/glamgraph-write-stage"), help="the fresh graph goes here")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    started = time.perf_counter()
    counts = prepare(args.source, args.work / STATE_FILE)
    print(f"state prepared in {time.perf_counter() - started:.1f} s: {counts}", flush=True)
    subprocess.run(["sh", "-c", "sync; echo 1 > /proc/sys/vm/drop_caches"], stderr=subprocess.DEVNULL, check=False)
    store = FalkorDBStore(args.work)
    store.ensure_schema()
    state = SyncState(args.work / STATE_FILE)
    phases: dict[str, list[float]] = {}

    def progress(what: str, _n: int, _total: int | None = None) -> None:
        now = time.perf_counter()
        phases.setdefault(what, [now, now])[1] = now

    report = build.IngestReport(dry_run=False, rejected_report="")
    started = time.perf_counter()
    try:
        build._write(store, state, report, create_new=True, batch_size=5000, progress=progress, extract=False)  # noqa: SLF001
    finally:
        state.close()
        store.close()
    print(f"write stage {report.stages.get('write', 0):.1f} s, summaries {report.stages.get('summaries', 0):.1f} s "
          f"(whole call {time.perf_counter() - started:.1f} s)")
    print(f"{'from (s)':>9} {'to (s)':>8} {'took (s)':>9}  phase")
    for what, (first, last) in sorted(phases.items(), key=lambda item: item[1][0]):
        print(f"{first - started:9.1f} {last - started:8.1f} {last - first:9.1f}  {what}")


if __name__ == "__main__":
    main()
