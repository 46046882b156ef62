"""Does a runaway console query slow other people's queries inside the graph engine? Times the
named queries a place page runs (the place Paris), uncached, alone and then while a runaway runs
on another connection with the console's engine-enforced limit, and prints both medians and
when the engine stopped the runaway. No browser and no Streamlit: this is the engine's share of
what benchmarks/app_pages.py measures in the browser.

    .venv/bin/python benchmarks/runaway_engine.py --data-dir DIR [--limit 10] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RUNAWAYS = {
    "cartesian product": "MATCH (a:Alias), (b:Alias), (c:Alias) RETURN count(*)",
    "unbounded path": "MATCH p = (a:Record)-[*]-(b:Record) RETURN count(p)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a graph (glamgraph demo) not in use by an app")
    parser.add_argument("--limit", type=float, default=10.0, help="the console's time limit, seconds")
    parser.add_argument("--rounds", type=int, default=5, help="place pages' queries timed alone (and at most while)")
    args = parser.parse_args()
    os.environ["GLAMGRAPH_DATA_DIR"] = str(args.data_dir)
    import queries
    from graph.store import QueryTimeoutError
    from graph.store.open_store import open_store

    store = open_store()
    try:
        place = store.query("MATCH (p:Place) WHERE p.name = 'Paris' RETURN p.id ORDER BY p.id LIMIT 1").rows[0][0]
        page = [("entity", {"id": place}), ("place_map", {"id": place, "limit": 500}),
                ("entity_records", {"id": place, "per_institution": 8}), ("entity_timeline", {"id": place}),
                ("entity_neighbours", {"id": place, "limit": 15}), ("network_expand", {"id": place, "limit": 12}),
                ("entity_aliases", {"id": place, "limit": 200})]

        def place_page() -> float:
            started = time.perf_counter()
            for name, params in page:
                named = queries.get(name)
                store.query(named.text(store.engine), named.bind(params))
            return time.perf_counter() - started

        for label, cypher in RUNAWAYS.items():
            alone = [place_page() for _ in range(args.rounds)]
            stopped: dict[str, object] = {}

            def runaway(cypher: str = cypher, stopped: dict[str, object] = stopped) -> None:
                started = time.perf_counter()
                try:
                    store.query(cypher, {}, timeout_s=args.limit)
                    stopped["how"] = "finished"
                except QueryTimeoutError:
                    stopped["how"] = "stopped by the engine"
                stopped["after"] = time.perf_counter() - started

            thread = threading.Thread(target=runaway)
            thread.start()
            time.sleep(1.0)
            during = []
            while thread.is_alive() and len(during) < args.rounds:
                during.append(place_page())
            thread.join()
            print(f"{label} (limit {args.limit:g} s): {stopped['how']} after {stopped['after']:.2f} s; a place page's "
                  f"queries alone median {statistics.median(alone):.2f} s, meanwhile median "
                  f"{statistics.median(during):.2f} s (worst {max(during):.2f} s, {len(during)} runs)")
    finally:
        store.close()
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
