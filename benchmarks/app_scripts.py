"""How long each page's script runs on the server, without a browser: Streamlit's AppTest runs
every page of the explorer on a graph (the first round with the app's caches empty, then warm)
and prints the seconds per page. Beside benchmarks/app_pages.py (what a person waits for in the
browser) this tells the server's share from the browser's (loading Streamlit's scripts, drawing
charts and cards), and the machine's load average, since the machine may be shared.

    .venv/bin/python benchmarks/app_scripts.py --data-dir DIR [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a graph (glamgraph demo) not in use by an app")
    parser.add_argument("--rounds", type=int, default=3, help="the first round is cold, the others warm")
    args = parser.parse_args()
    os.environ["GLAMGRAPH_DATA_DIR"] = str(args.data_dir)
    from streamlit.testing.v1 import AppTest

    from app_pages import data
    from graph.store.open_store import open_store

    store = open_store()
    data.use_store(store)  # one owner of the embedded graph: the pages use this store
    try:
        place = store.query("MATCH (p:Place) WHERE p.name = 'Paris' RETURN p.id ORDER BY p.id LIMIT 1").rows[0][0]
        record = store.query("MATCH (r:Record)-[:ABOUT]->(:Place {id: $id}) RETURN r.id ORDER BY r.id LIMIT 1",
                             {"id": place}).rows[0][0]
        pages = [("search", "search", {}), ("search_results", "search", {"q": "Paris"}),
                 ("place", "entity", {"id": place}), ("record", "entity", {"id": record}), ("shared", "shared", {}),
                 ("pairs", "pairs", {}), ("network", "network", {}), ("console", "console", {}),
                 ("review", "review", {})]
        seconds: dict[str, list[float]] = {name: [] for name, _, _ in pages}
        for _ in range(args.rounds):
            for name, page, params in pages:
                at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
                for key, value in params.items():
                    at.query_params[key] = value
                at.switch_page(f"app_pages/{page}.py")
                started = time.perf_counter()
                at.run()
                seconds[name].append(time.perf_counter() - started)
                if at.exception:
                    print(f"{name}: EXCEPTION {at.exception[0].value[:200]}")
    finally:
        data.use_store(None)
        store.close()
    print(f"{'page':<16}{'cold':>7}{'median':>9}{'worst':>8}  (seconds of server script; warm rounds: {args.rounds - 1})")
    for name, values in seconds.items():
        warm = values[1:] or values
        print(f"{name:<16}{values[0]:>7.2f}{statistics.median(warm):>9.2f}{max(warm):>8.2f}")
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
