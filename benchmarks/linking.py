"""Time and peak memory of linking N person mentions (10k, 100k, 1M by default).

Mentions are real MoMA / NGA names (from GLAMGRAPH_SAMPLE_DIR) repeated with perturbations:
initials, dropped middle names, swapped word order, one-letter typos, birth years off by one,
missing dates; spread over four sources. Each size runs in a fresh process so peak RSS is
its own.

Two ways to reach N mentions:
- `--names repeat` (default, as the issue asks): the ~30k real people over and over, so at 1M
  every person has ~33 mentions and blocks grow with N: pairs grow with N squared.
- `--names mixed`: past the real people, new people are made of a real given name, a real
  surname and a real person's life dates, each mentioned 1-4 times: distinct people grow with
  N, as in a real union catalogue, and block sizes stay bounded.

Usage: python benchmarks/linking.py [N ...] [--names repeat|mixed] [--ids]
"""

from __future__ import annotations

import io
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _real_people() -> list[tuple[str, int | None, int | None, str | None]]:
    import settings
    from graph.build import IngestReport, Input, read_inputs
    from ingest.registry import expand, get_format

    inputs = []
    for name in ("moma", "nga"):
        fmt = get_format(name)
        for path, found in expand(settings.sample_dir() / name, fmt):
            inputs.append(Input(path, found))
    collected = read_inputs(inputs, IngestReport(), io.StringIO(), None)
    return [(a.name, a.birth_year, a.death_year, a.nationality) for a in collected.aliases.values() if a.kind == "Person"]


def _perturb(name: str, rng: random.Random) -> str:
    words = name.split()
    roll = rng.random()
    if roll < 0.15 and len(words) > 1:
        words[0] = words[0][0] + "."
    elif roll < 0.25 and len(words) > 2:
        words = [words[0], words[-1]]
    elif roll < 0.3 and len(words) == 2:
        words = words[::-1]
    elif roll < 0.4 and len(words[-1]) > 4:
        i = rng.randrange(1, len(words[-1]) - 1)
        words[-1] = words[-1][:i] + words[-1][i + 1] + words[-1][i] + words[-1][i + 2:]
    return " ".join(words)


def _mixed_people(people: list, n: int, rng: random.Random) -> list:
    """The real people, then new ones built from real parts, each repeated 1-4 times."""
    given = [p[0].split()[0] for p in people if len(p[0].split()) > 1]
    surnames = [p[0].split()[-1] for p in people if len(p[0].split()) > 1]
    out = list(people)
    while len(out) < n:
        _, born, died, nationality = rng.choice(people)
        person = (f"{rng.choice(given)} {rng.choice(surnames)}", born, died, nationality)
        out.extend([person] * rng.randint(1, 4))
    return out[:n]


def make_aliases(n: int, seed: int = 5, names: str = "repeat") -> list:
    from graph.link.aliases import AliasInfo

    rng = random.Random(seed)
    people = _real_people()
    first_seen = len(people)
    if names == "mixed":
        people = _mixed_people(people, n, rng)
    sources = ("alpha", "beta", "gamma", "delta")
    out = []
    for i in range(n):
        name, born, died, nationality = people[i % len(people)]
        if i >= first_seen:
            name = _perturb(name, rng)
            if born and rng.random() < 0.1:
                born += rng.choice((-1, 1))
            if rng.random() < 0.1:
                born = died = None
        source = sources[i % len(sources)]
        out.append(AliasInfo(f"{source}:person:{i}", "Person", name, source, source, birth_year=born,
                             death_year=died, nationality=nationality))
    return out


def run_one(n: int, use_ids: bool, names: str) -> dict:
    from graph.link.linker import link

    aliases = make_aliases(n, names=names)
    def cpu_now() -> float:  # this process and its forked scoring workers
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    started, cpu = time.perf_counter(), cpu_now()
    links = link(aliases, use_ids=use_ids)
    seconds, cpu = time.perf_counter() - started, cpu_now() - cpu
    entities = len({ln.entity_id for ln in links.values()})
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Forked scoring workers (graph/link/forked.py): the largest one's peak; pages it shares with
    # this process are counted in both, so peak + worker peak is an upper bound.
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"worker_peak_rss_mb": round(worker_mb), "mentions": n, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak_mb), "entities": entities,
            "review": sum(1 for ln in links.values() if ln.status == "review")}


def main() -> None:
    argv = sys.argv[1:]
    names = "repeat"
    if "--names" in argv:
        i = argv.index("--names")
        names = argv[i + 1]
        del argv[i:i + 2]
    if names not in ("repeat", "mixed"):
        raise SystemExit("--names must be repeat or mixed")
    args = [a for a in argv if not a.startswith("--")]
    if "--child" in argv:
        print(json.dumps(run_one(int(args[0]), "--ids" in argv, names)))
        return
    print(f"names: {names}")
    sizes = [int(a) for a in args] or [10_000, 100_000, 1_000_000]
    print(f"{'mentions':>10} {'seconds':>9} {'cpu s':>7} {'peak MB':>8} {'worker MB':>9} {'entities':>9} {'review':>7} {'us/mention':>10}")
    previous = None
    for n in sizes:
        child = [sys.executable, __file__, str(n), "--child", "--names", names, *(["--ids"] if "--ids" in argv else [])]
        out = subprocess.run(child, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{n:>10} failed: {out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode}")
            continue
        r = json.loads(out.stdout)
        growth = f"  x{r['seconds'] / previous[1]:.1f} time for x{n / previous[0]:.0f} mentions" if previous else ""
        print(f"{n:>10,} {r['seconds']:>9.2f} {r['cpu_seconds']:>7.2f} {r['peak_rss_mb']:>8,} {r['worker_peak_rss_mb']:>9,} {r['entities']:>9,} {r['review']:>7,} "
              f"{r['seconds'] / n * 1e6:>10.1f}{growth}", flush=True)
        previous = (n, r["seconds"])


if __name__ == "__main__":
    main()
