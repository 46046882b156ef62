"""Export sizes and times on the sample: the demo's sources into a fresh embedded graph, then
each export (neo4j-admin CSVs, Linked Art JSON Lines, the Linked Art folder tree + Turtle) and
the time Debian's `rapper` takes to parse the Turtle back. Prints one line per format.

    .venv/bin/python -m benchmarks.exports [--page-size N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import settings
from graph.build import ingest
from graph.export import linked_art as export_linked_art
from graph.export import neo4j_admin as export_neo4j_admin
from graph.store.falkordb_store import FalkorDBStore
from tests.conftest import sample_inputs


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def run(page: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = FalkorDBStore(Path(tmp) / "graph")
        try:
            store.ensure_schema()
            ingest(sample_inputs(settings.sample_dir()), store, report_path=Path(tmp) / "rejected.jsonl")
            admin = export_neo4j_admin.export(store, out / "neo4j-admin", page=page)
            print(f"neo4j-admin CSV : {admin.node_count:,} nodes, {admin.relationship_count:,} relationships, "
                  f"{_mb(admin.bytes)}, {admin.seconds:.1f} s")
            done = export_linked_art.export(store, jsonl=out / "sample.jsonl", base=settings.get("ld_base") or "",
                                            page=page)
            print(f"Linked Art JSONL: {done.documents:,} documents, {_mb(done.jsonl_bytes)}, {done.seconds:.1f} s")
            both = export_linked_art.export(store, tree=out / "linked-art", turtle=out / "sample.ttl",
                                            base=settings.get("ld_base") or "", page=page)
            print(f"tree + Turtle   : {both.files:,} files, {both.triples:,} triples, {_mb(both.turtle_bytes)}, "
                  f"{both.seconds:.1f} s (graph/export/rdf.py)")
        finally:
            store.close()
    import shutil
    import subprocess

    if shutil.which("rapper"):
        started = time.perf_counter()
        ran = subprocess.run(["rapper", "-i", "turtle", "-c", str(out / "sample.ttl")], capture_output=True, text=True)
        print(f"rapper Turtle   : {ran.stderr.strip().splitlines()[-1]} in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--page-size", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="Write the exports here (default: a temporary folder).")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.page_size, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(args.page_size, Path(tmp))


if __name__ == "__main__":
    main()
