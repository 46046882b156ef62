"""Scale: the sample grown to N records, ingested, measured against the engine's write ceiling, queried.

    .venv/bin/python -m benchmarks.scale --records 100k|300k|1M [--extract off] [--skip-ceiling]

One run does all of it, so the ratios compare like with like on a noisy machine:
1. builds the input (benchmarks/scale_input.py: the sample plus perturbed copies, in /tmp);
2. runs `glamgraph ingest` on it as a separate process and samples the peak memory of that
   process and of the embedded graph server it starts;
3. the write ceiling: the same nodes and edges, read back from the graph, written into fresh
   graphs with plain `UNWIND $rows CREATE` batches of 5,000 (and once more with MERGE);
4. opens the graph (`glamgraph stats`, and a bare open) and times the key queries (median of 5);
   then, while it holds the graph open, `glamgraph stats` and an open again: a process that only
   reads attaches to the running server (graph/store/attached.py), as it does while `glamgraph
   serve` or the app runs.

Prints records/s, the ratio of the ingest to the ceilings, peak memory, on-disk size and the
query medians; `--out FILE` also writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import settings  # noqa: E402
from benchmarks import scale_input  # noqa: E402
from graph import model  # noqa: E402

BATCH = 5000


def _size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def _rss(proc: psutil.Process) -> int:
    return proc.memory_info().rss


def _pss(proc: psutil.Process) -> int:
    """Proportional set size: pages a forked worker shares with its parent are counted once."""
    try:
        return proc.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return _rss(proc)


class PeakMemory:
    """The peak memory (PSS) of one process tree and of the graph server of a data dir.

    Every 0.2 s it reads the resident size (cheap), and the PSS when that says a new peak is possible
    (PSS is never above RSS), at most once a second. Reading the PSS walks every page of the process
    in the kernel, and once the ingest forks, the resident sizes of the processes that share pages add
    up above any PSS, so "possible" held on every tick: at 1M records the sampler took 20-27% of a core
    beside an ingest that needs both (the ceiling runs are not sampled). A peak shorter than a second
    can be missed; the peaks here are stage-long plateaus. Looking for the graph server while it does
    not run yet (a scan of every process) is also done once a second at most."""

    TICK = 0.2  # seconds between resident-size reads
    SLOW = 1.0  # seconds at least between PSS reads, and between looks for a server not running yet

    def __init__(self, pid: int, data_dir: Path) -> None:
        self.pid, self.data_dir = pid, str(data_dir)
        self.cli = self.server = self.both = 0
        self.cpu = 0.0  # CPU seconds the sampler itself used (taken from the ingest's two cores)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _servers(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["name", "cwd", "cmdline"]):
            try:
                if "redis" in (proc.info["name"] or "") and self.data_dir in (
                        (proc.info["cwd"] or "") + " ".join(proc.info["cmdline"] or [])):
                    found.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    def _measure(self, tree: list[psutil.Process], servers: list[psutil.Process],
                 size: Callable[[psutil.Process], int]) -> tuple[int, int]:
        cli = server = 0
        for proc in tree:
            try:
                cli += size(proc)
            except psutil.NoSuchProcess:
                pass
        for proc in servers:
            try:
                server += size(proc)
            except psutil.NoSuchProcess:
                servers.clear()  # the server restarted or stopped: look for it again
        return cli, server

    def _run(self) -> None:
        servers: list[psutil.Process] = []
        last_pss = last_look = float("-inf")
        while not self._stop.is_set():
            now = time.monotonic()
            try:
                root = psutil.Process(self.pid)
                tree = [root, *(c for c in root.children(recursive=True) if "redis" not in c.name())]
            except psutil.NoSuchProcess:
                tree = []
            if not servers and now - last_look >= self.SLOW:
                servers, last_look = self._servers(), now
            cli, server = self._measure(tree, servers, _rss)
            could_peak = cli > self.cli or server > self.server or cli + server > self.both
            if could_peak and now - last_pss >= self.SLOW:
                last_pss = now
                cli, server = self._measure(tree, servers, _pss)
                self.cli, self.server = max(self.cli, cli), max(self.server, server)
                self.both = max(self.both, cli + server)
            self.cpu = time.thread_time()
            time.sleep(self.TICK)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _env(data_dir: Path, extract: bool) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GLAMGRAPH_DATA_DIR": str(data_dir),
            "GLAMGRAPH_EXTRACT": "on" if extract else "off"}


def ingest_child(work: Path, copies: int, data_dir: Path) -> None:
    """The ingest as `glamgraph ingest --json` runs it (commands.ingest.run_ingest), on the scale inputs."""
    from commands.ingest import run_ingest

    found = scale_input.inputs(settings.sample_dir(), work / "input", copies)
    run_ingest(found, dry_run=False, blind_ids=False, report_path=None, batch_size=None, as_json=True,
               data_dir=data_dir, neo4j_uri=None)


def run_ingest(work: Path, copies: int, data_dir: Path, extract: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.scale", "--ingest-child", "--work", str(work),
               "--copies", str(copies), "--data-dir", str(data_dir)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=_env(data_dir, extract), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid, data_dir)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if proc.returncode:
        raise SystemExit(f"ingest failed ({proc.returncode}) after {seconds:.0f} s:\n{err[-3000:]}")
    report = json.loads(out)
    return {"seconds": seconds, "report": report, "cli_mb": memory.cli / 2**20, "server_mb": memory.server / 2**20,
            "both_mb": memory.both / 2**20, "sampler_cpu": memory.cpu}


def _primary(labels: list[str]) -> str:
    return next(label for label in model.NODE_KEYS if label in labels)


def dump_graph(data_dir: Path) -> tuple[dict[tuple[str, ...], list[dict[str, Any]]], dict[tuple[str, str, str], list]]:
    """Every node (by labels) and edge (by type and end labels) of the graph, as UNWIND rows."""
    from graph.store.falkordb_store import FalkorDBStore

    store = FalkorDBStore(data_dir)
    try:
        nodes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for label in model.NODE_KEYS:
            for labels, props in store.query(f"MATCH (n:{label}) RETURN labels(n), properties(n)").rows:
                if _primary(labels) == label:
                    nodes.setdefault(tuple(sorted(labels)), []).append(props)
        edges: dict[tuple[str, str, str], list] = {}
        types = [r[0] for r in store.query("MATCH ()-[r]->() RETURN DISTINCT type(r)").rows]
        for kind in types:
            for a in model.NODE_KEYS:
                for b in model.NODE_KEYS:
                    ka, kb = model.NODE_KEYS[a], model.NODE_KEYS[b]
                    rows = store.query(f"MATCH (x:{a})-[r:{kind}]->(y:{b}) RETURN x.{ka}, y.{kb}, properties(r)").rows
                    if rows:
                        edges[(kind, a, b)] = [{"s": s, "t": t, "props": p} for s, t, p in rows]
        return nodes, edges
    finally:
        store.close()


def _phase(label: str, kind: str | None = None) -> str:
    """The loader's phase (graph.loader.write_pending) that writes these nodes (or these edges)."""
    if kind is None:
        return {"Record": "records", "Alias": "aliases", "Institution": "institutions"}.get(label, "entities")
    if kind == "HELD_BY":
        return "records"
    if kind == "REFERS_TO":
        return "links"
    return "record edges" if label == "Record" else "entity edges"


def ceiling(nodes: dict, edges: dict, data_dir: Path, verb: str, phases: dict[str, float] | None = None) -> float:
    """Seconds to write the same nodes and edges with plain UNWIND batches (CREATE or MERGE on the key);
    `phases` adds up the seconds by the loader's phase, to set beside the write stage's."""
    from graph.store.falkordb_store import FalkorDBStore

    shutil.rmtree(data_dir, ignore_errors=True)
    store = FalkorDBStore(data_dir)
    try:
        store.ensure_schema()
        started = time.perf_counter()
        for labels, rows in nodes.items():
            label = _primary(list(labels))
            key = model.NODE_KEYS[label]
            text = ":".join(labels)
            if verb == "CREATE":
                cypher = f"UNWIND $rows AS row CREATE (n:{text}) SET n = row"
            else:
                cypher = f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) SET n = row, n:{text}"
            _timed(phases, _phase(label), store.write_batches, cypher, rows, BATCH)
        for (kind, a, b), rows in edges.items():
            ka, kb = model.NODE_KEYS[a], model.NODE_KEYS[b]
            cypher = (f"UNWIND $rows AS row MATCH (x:{a} {{{ka}: row.s}}) MATCH (y:{b} {{{kb}: row.t}}) "
                      f"{verb} (x)-[r:{kind}]->(y) SET r = row.props")
            _timed(phases, _phase(a, kind), store.write_batches, cypher, rows, BATCH)
        return time.perf_counter() - started
    finally:
        store.close()


def _timed(phases: dict[str, float] | None, phase: str, write: Any, *args: Any) -> None:
    started = time.perf_counter()
    write(*args)
    if phases is not None:
        phases[phase] = phases.get(phase, 0.0) + time.perf_counter() - started


def _median_ms(fn: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def time_queries(data_dir: Path, extract: bool) -> dict[str, float]:
    from graph.store.falkordb_store import FalkorDBStore
    from graph.store.open_store import open_store
    from queries import load_all

    out: dict[str, float] = {}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli", "stats", "--data-dir", str(data_dir)], cwd=ROOT,
                          env=_env(data_dir, extract), capture_output=True, text=True)
    out["glamgraph stats (s)"] = time.perf_counter() - started
    if done.returncode:
        out["glamgraph stats failed"] = (done.stderr.strip().splitlines() or ["?"])[-1][:80]
    started = time.perf_counter()
    store = FalkorDBStore(data_dir)
    store.query("MATCH (n:Institution) RETURN count(n)")
    out["open (s)"] = time.perf_counter() - started
    named = load_all()
    try:
        def run(name: str, **params: Any) -> list[dict[str, Any]]:
            q = named[name]
            return store.query(q.text(store.engine), q.bind(params), timeout_s=120).records()

        top = run("shared_people", limit=1)
        entity = top[0]["id"] if top else None
        out["pair_finder nls-nga (ms)"] = _median_ms(lambda: run("pair_finder", a="nls", b="nga"))
        out["shared_people (ms)"] = _median_ms(lambda: run("shared_people"))
        out["institution_pair_counts (ms)"] = _median_ms(lambda: run("institution_pair_counts"))
        if entity:
            page = (("entity", {}), ("entity_records", {"per_institution": 8}), ("entity_timeline", {}),
                    ("entity_neighbours", {"limit": 15}), ("network_expand", {"limit": 40}),
                    ("entity_aliases", {"limit": 200}))
            for name, params in page:
                out[f"  {name} (ms)"] = _median_ms(lambda n=name, p=params: run(n, id=entity, **p))
            out[f"entity page {entity} (ms)"] = sum(v for k, v in out.items() if k.startswith("  entity")
                                                    or k.startswith("  network"))
        # While this process holds the graph open (as `glamgraph serve` or the app would), commands
        # that read it attach to its server instead of loading the graph again.
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "cli", "stats", "--data-dir", str(data_dir)], cwd=ROOT,
                              env=_env(data_dir, extract), capture_output=True, text=True)
        out["glamgraph stats, graph served (s)"] = time.perf_counter() - started
        if done.returncode or "through pid" not in done.stderr:
            out["glamgraph stats, served: not attached"] = (done.stderr.strip().splitlines() or ["?"])[-1][:80]
        started = time.perf_counter()
        reader = open_store(data_dir, read_only=True)
        reader.query("MATCH (n:Institution) RETURN count(n)")
        out["open, graph served (s)"] = time.perf_counter() - started
        reader.close()
    finally:
        store.close()
    return out


def _disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", default="100k", help="about how many records: 100k, 300k, 1M")
    parser.add_argument("--work", type=Path, default=Path("/tmp/glamgraph-scale"), help="input and graphs go here")
    parser.add_argument("--extract", choices=("on", "off"), default="off",
                        help="text extraction of known names during the ingest (never statistical NER)")
    parser.add_argument("--skip-ceiling", action="store_true", help="only the ingest and the queries")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--ingest-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ingest_child:
        ingest_child(args.work, args.copies, args.data_dir)
        return
    copies = scale_input.copies_for(_size(args.records))
    started = time.perf_counter()
    scale_input.build(settings.sample_dir(), args.work / "input", copies)
    print(f"input: the sample and {copies - 1} perturbed copies ({args.work / 'input'}; "
          f"{time.perf_counter() - started:.0f} s to build)", flush=True)
    graph_dir = args.work / f"graph-{copies}"
    shutil.rmtree(graph_dir, ignore_errors=True)
    ingest = run_ingest(args.work, copies, graph_dir, args.extract == "on")
    totals = ingest["report"]["totals"]
    writes = ingest["report"]["writes"]
    records = totals["read"]
    result: dict[str, Any] = {
        "records read": records, "copies": copies, "ingest (s)": ingest["seconds"],
        "records/s": records / ingest["seconds"], "nodes created": writes["nodes_created"],
        "edges created": writes["relationships_created"], "peak MB cli": ingest["cli_mb"],
        "peak MB graph server": ingest["server_mb"], "peak MB cli+server": ingest["both_mb"],
        "memory sampler CPU (s)": round(ingest["sampler_cpu"], 1),
        "on disk MB": _disk_mb(graph_dir),
    }
    for stage, seconds in ingest["report"].get("stage_seconds", {}).items():
        result[f"  ingest stage {stage} (s)"] = seconds
    print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}), flush=True)
    if not args.skip_ceiling:
        nodes, edges = dump_graph(graph_dir)
        result["graph nodes"] = sum(map(len, nodes.values()))
        result["graph edges"] = sum(map(len, edges.values()))
        for verb in ("CREATE", "MERGE"):
            phases: dict[str, float] = {}
            seconds = ceiling(nodes, edges, args.work / f"ceiling-{verb.lower()}", verb, phases)
            result[f"{verb} ceiling (s)"] = seconds
            result[f"ingest / {verb} ceiling"] = ingest["seconds"] / seconds
            if verb == "CREATE":  # set beside `benchmarks.write_stage`'s phases
                for phase, phase_seconds in phases.items():
                    result[f"  CREATE ceiling {phase} (s)"] = phase_seconds
            shutil.rmtree(args.work / f"ceiling-{verb.lower()}", ignore_errors=True)
            print(f"{verb} ceiling {seconds:.1f} s", flush=True)
        del nodes, edges
    result.update(time_queries(graph_dir, args.extract == "on"))
    width = max(map(len, result))
    print(f"\nscale benchmark, {args.records} requested, extraction {args.extract}")
    for key, value in result.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
        print(f"{key:<{width}}  {shown:>14}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
