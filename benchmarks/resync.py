"""Re-sync speed: a real source ingested into a fresh embedded graph, then ingested again unchanged,
then again after 1% of its records changed (titles, subjects, makers). Prints the times and the
re-sync's share of the first ingest.

    .venv/bin/python -m benchmarks.resync [--source tate|cmoa|nga|oai] [--percent 1] [--rounds 3] [--extract]

The source is a working copy of the sample's folder (real records); changes are made to the copy.
Times are of the ingest call with the store open (opening and closing the graph is the same for
every run and is printed apart). One re-sync takes about a second, so on a busy machine one
sample says little: `--rounds` changes another 1% that many times and the verdict is on the
median share.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import settings
from graph.build import Input, ingest
from graph.store.falkordb_store import FalkorDBStore
from ingest.registry import expand, get_format


def _tate_change(folder: Path, share: float, rng: random.Random) -> int:
    """Change `share` of the artworks: a third new titles, a third other subjects, a third other makers."""
    files = sorted((folder / "artworks").rglob("*.json"))
    chosen = rng.sample(files, max(1, round(len(files) * share)))
    for n, path in enumerate(chosen):
        data = json.loads(path.read_text(encoding="utf-8"))
        other = json.loads(rng.choice(files).read_text(encoding="utf-8"))
        if n % 3 == 0:
            data["title"] = f"{data.get('title')} (revised)"
        elif n % 3 == 1:
            data["subjects"] = other.get("subjects") or {}
        else:
            data["contributors"] = other.get("contributors") or []
        path.write_text(json.dumps(data), encoding="utf-8")
    return len(chosen)


def _cmoa_change(folder: Path, share: float, rng: random.Random) -> int:
    """Change `share` of the CMOA objects' titles (the JSON files of the dump)."""
    files = sorted(p for p in folder.rglob("*.json"))
    chosen = rng.sample(files, max(1, round(len(files) * share)))
    for path in chosen:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data["title"] = f"{data.get('title')} (revised)"
            path.write_text(json.dumps(data), encoding="utf-8")
    return len(chosen)


def _nga_change(folder: Path, share: float, rng: random.Random) -> int:
    """Change `share` of NGA's constituents' display names (one CSV file: the whole folder is read again)."""
    path = folder / "constituents.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    chosen = rng.sample(range(len(rows)), max(1, round(len(rows) * share)))
    for n in chosen:
        rows[n]["forwarddisplayname"] = f"{rows[n]['forwarddisplayname']} (revised)"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return len(chosen)


CHANGES: dict[str, Callable[[Path, float, random.Random], int]] = {"tate": _tate_change, "cmoa": _cmoa_change,
                                                                    "nga": _nga_change}


def run(source: str, percent: float, extract: bool, rounds: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="glamgraph-resync-") as tmp:
        folder = Path(tmp) / source
        shutil.copytree(settings.sample_dir() / source, folder)
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        fmt = get_format(source)

        def inputs() -> list[Input]:
            return [Input(p, f) for p, f in expand(folder, fmt)]

        started = time.perf_counter()
        store = FalkorDBStore(Path(tmp) / "graph")
        store.ensure_schema()
        opened = time.perf_counter() - started
        rows = []
        labels = ["first ingest", "same again", *(f"{percent:g}% changed" + (f" #{n}" if rounds > 1 else "")
                                                 for n in range(1, rounds + 1))]
        for n, label in enumerate(labels):
            changed = 0
            if "changed" in label:
                changed = CHANGES[source](folder, percent / 100, random.Random(n - 1))
            started = time.perf_counter()
            report = ingest(inputs(), store, report_path=Path(tmp) / "r.jsonl", extract=extract, scopes=[folder])
            seconds = time.perf_counter() - started
            t = report.totals
            stages = " ".join(f"{k} {v:.1f}" for k, v in report.stages.items())
            relinked = ",".join(report.relinked) or "-"
            if getattr(report, "relinked_aliases", 0):
                relinked += f" ({report.relinked_aliases:,} aliases)"
            if report.extraction:
                relinked += f"; texts of {report.extraction['records']:,} records searched"
            rows.append((label, seconds, t["read"], changed or t["added"], t["changed"], report.writes,
                         f"{relinked}  [{stages}]"))
        started = time.perf_counter()
        store.close()
        closed = time.perf_counter() - started
    first = rows[0][1]
    print(f"source {source}: {rows[0][2]:,} records read; extraction {'on' if extract else 'off'}")
    print(f"{'run':<16} {'seconds':>8} {'share':>7} {'changed':>8} {'nodes+':>7} {'edges+':>7} {'props':>8}  relinked  [seconds by stage]")
    for label, seconds, _read, changed, _c, writes, relinked in rows:
        print(f"{label:<16} {seconds:>8.2f} {seconds / first:>7.1%} {changed:>8,} {writes.nodes_created:>7,} "
              f"{writes.relationships_created:>7,} {writes.properties_set:>8,}  {relinked}")
    print(f"(open {opened:.2f} s, close {closed:.2f} s, not in the times above)")
    resync = statistics.median(row[1] for row in rows[2:])
    print(f"re-sync of {percent:g}% changed (median of {len(rows) - 2}): {resync:.2f} s = {resync / first:.1%} of "
          f"the first ingest ({'under' if resync < first / 10 else 'NOT under'} 10%)")


def run_oai(percent: float, extract: bool) -> None:
    """The harvest path: every Tate artwork served as oai_dc by a local OAI-PMH provider; a full
    harvest into a fresh graph, then an incremental one after `percent` of the records changed
    (only those travel and are read)."""
    from ingest.harvest import harvest
    from tests.oai_provider import Provider, dc_from_tate, serve, tate_records

    records = tate_records(settings.sample_dir(), 100_000)
    provider = Provider(clock="2026-05-01T00:00:00Z", page_size=500)
    for identifier, data in records:
        provider.put(identifier, dc_from_tate(data))
    provider.clock = "2026-05-02T00:00:00Z"
    fmt = get_format("oai")
    rows = []
    with tempfile.TemporaryDirectory(prefix="glamgraph-resync-oai-") as tmp, serve(provider) as url:
        store = FalkorDBStore(Path(tmp) / "graph")
        store.ensure_schema()
        since = None
        for label in ("full harvest", f"{percent:g}% changed"):
            if since:
                rng = random.Random(1)
                provider.clock = "2026-05-09T00:00:00Z"
                for n, (identifier, data) in enumerate(rng.sample(records, max(1, round(len(records) * percent / 100)))):
                    other = rng.choice(records)[1]
                    changed = dict(data, title=f"{data.get('title')} (revised)") if n % 3 == 0 else (
                        dict(data, subjects=other.get("subjects")) if n % 3 == 1 else
                        dict(data, contributors=other.get("contributors")))
                    provider.put(identifier, dc_from_tate(changed))
                provider.clock = "2026-05-10T00:00:00Z"
            started = time.perf_counter()
            result = harvest(url, Path(tmp) / label.replace(" ", "_"), from_=since)
            fetched = time.perf_counter() - started
            inputs = [Input(page, fmt, "tatedc", None) for page in result.pages]
            report = ingest(inputs, store, report_path=Path(tmp) / "r.jsonl", extract=extract, append=True,
                            snapshot_sources=None if since else ["tatedc"])
            seconds = time.perf_counter() - started
            stages = " ".join(f"{k} {v:.1f}" for k, v in report.stages.items())
            rows.append((label, seconds, fetched, result.records, report.writes,
                         (",".join(report.relinked) or "-") + f"  [{stages}]"))
            since = result.response_date
        store.close()
    first = rows[0][1]
    print(f"OAI-PMH harvest of {len(records):,} real Tate artworks as oai_dc; extraction {'on' if extract else 'off'}")
    print(f"{'run':<16} {'seconds':>8} {'share':>7} {'fetch':>6} {'records':>8} {'nodes+':>7} {'edges+':>7}  relinked")
    for label, seconds, fetched, count, writes, relinked in rows:
        print(f"{label:<16} {seconds:>8.2f} {seconds / first:>7.1%} {fetched:>6.1f} {count:>8,} "
              f"{writes.nodes_created:>7,} {writes.relationships_created:>7,}  {relinked}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=[*sorted(CHANGES), "oai"], default="tate",
                        help="oai: the harvest path (a local OAI-PMH provider serving Tate artworks)")
    parser.add_argument("--percent", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3, help="re-syncs, each after another change (median)")
    parser.add_argument("--extract", action="store_true", help="Run the MENTIONS stage too.")
    args = parser.parse_args()
    if args.source == "oai":
        run_oai(args.percent, args.extract)
    else:
        run(args.source, args.percent, args.extract, max(1, args.rounds))


if __name__ == "__main__":
    main()
