"""Ingest speed on the sample: the demo's sources into a fresh embedded graph, then again
(an idempotent re-run), and the time to close and reopen. Prints a table.

    .venv/bin/python -m benchmarks.ingest [--batch-size N ...]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import settings
from graph.build import ingest
from graph.store.falkordb_store import FalkorDBStore
from tests.conftest import sample_inputs


def run(batch_size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "graph"
        inputs = sample_inputs(settings.sample_dir())
        store = FalkorDBStore(data_dir)
        store.ensure_schema()
        started = time.perf_counter()
        first = ingest(inputs, store, report_path=Path(tmp) / "r1.jsonl", batch_size=batch_size)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = ingest(inputs, store, report_path=Path(tmp) / "r2.jsonl", batch_size=batch_size)
        second_seconds = time.perf_counter() - started
        counts = store.counts()
        started = time.perf_counter()
        store.close()
        close_seconds = time.perf_counter() - started
        started = time.perf_counter()
        reopened = FalkorDBStore(data_dir)
        reopened.query("MATCH (n) RETURN count(n)")
        reopen_seconds = time.perf_counter() - started
        reopened.close()
    records = first.totals["loaded"]
    nodes = sum(v for k, v in counts["labels"].items() if k in ("Record", "Alias", "Person", "Organization",
                                                                   "Place", "Theme", "Institution"))
    edges = sum(counts["relationships"].values())
    print(f"batch size {batch_size:>6}: {records:,} records read+loaded in {first_seconds:.1f} s "
          f"({records / first_seconds:,.0f} records/s; {nodes:,} nodes, {edges:,} edges, "
          f"{first.writes.relationships_created / first_seconds:,.0f} edges/s); "
          f"re-run {second_seconds:.1f} s, created {second.writes.nodes_created} nodes / "
          f"{second.writes.relationships_created} edges; close {close_seconds:.1f} s, reopen {reopen_seconds:.1f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process so far: {peak_mb:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch-size", type=int, nargs="*", default=[1000, 5000, 20000])
    for size in parser.parse_args().batch_size:
        run(size)


if __name__ == "__main__":
    main()
