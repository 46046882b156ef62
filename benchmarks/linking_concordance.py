"""How well the graph's links reproduce a partner's concordance: a file that says, per row, which record
of another source the row's person is (a people list with a `moma:id` column, say).

Ingest the other source and the partner's file (with `--blind-ids`, so the ids cannot decide), then:

    python benchmarks/linking_concordance.py FILE --source concordances --id-column ch:id \\
        --column moma:id --against moma [--data-dir GRAPH]

Rows whose other-source record is not in the graph are left out. Prints how many of the rest the graph
puts in one entity with that record (automatic links, links for review), misses, and rows joined to
another record of that source instead. A concordance has errors of its own: the misses are listed
to be read, not assumed wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from graph.store.open_store import open_store
    from ingest.authority import is_placeholder
    from ingest.csvutil import read_csv_rows

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--source", required=True, help="The partner file's source name in the graph.")
    parser.add_argument("--id-column", required=True, help="The column of the partner's own record id.")
    parser.add_argument("--column", required=True, help="The column naming the other source's record.")
    parser.add_argument("--against", required=True, help="The other source's name in the graph.")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()

    store = open_store(args.data_dir, read_only=True)
    entity, status = {}, {}
    for key, target, state in store.query("MATCH (a:Alias)-[r:REFERS_TO]->(e) WHERE a.source IN $sources "
                                          "RETURN a.key, e.id, r.status", {"sources": [args.source, args.against]}).rows:
        entity[key], status[key] = target, state
    members: dict[str, list[str]] = defaultdict(list)
    by_record: dict[tuple[str, str], str] = {}  # (source, record id) -> alias key, as `link evaluate` finds it
    for key, target in entity.items():
        members[target].append(key)
        source, _, rest = key.partition(":")
        by_record.setdefault((source, rest.partition(":")[2]), key)

    counts = {"rows": 0, "evaluable": 0, "auto": 0, "review": 0, "missed": 0, "joined to another": 0}
    misses, others = [], []
    for item in read_csv_rows(args.file):
        if not isinstance(item, tuple):
            continue  # a row that cannot be read
        row = item[1]
        value = (row.get(args.column) or "").strip()
        if not value or is_placeholder(value):
            continue
        counts["rows"] += 1
        mine = by_record.get((args.source, (row.get(args.id_column) or "").strip()))
        theirs = by_record.get((args.against, value))
        if mine is None or theirs is None:
            continue
        counts["evaluable"] += 1
        name = row.get("name") or next((v for k, v in row.items() if "name" in k.lower() and v), mine)
        wrong = [k for k in members[entity[mine]] if k.startswith(args.against + ":") and k != theirs]
        if wrong:
            counts["joined to another"] += 1
            others.append(f"{name}: with {', '.join(wrong)}, not {theirs}")
        if entity[mine] == entity[theirs]:
            counts["auto" if status[mine] == status[theirs] == "auto" else "review"] += 1
        else:
            counts["missed"] += 1
            misses.append(f"{name}: not with {theirs}")
    print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    if counts["evaluable"]:
        found = counts["auto"] + counts["review"]
        print(f"recall auto + review {found / counts['evaluable']:.4f}, auto only {counts['auto'] / counts['evaluable']:.4f}")
    for line in misses[:args.show]:
        print("missed:", line)
    for line in others[:args.show]:
        print("joined to another:", line)


if __name__ == "__main__":
    main()
