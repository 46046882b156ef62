"""Time and peak memory of linking N person mentions (10k, 100k, 1M by default).

Mentions are real MoMA / NGA names (from GLAMGRAPH_SAMPLE_DIR) repeated with perturbations:
initials, dropped middle names, swapped word order, one-letter typos, birth years off by one,
missing dates; spread over four sources. Each size runs in a fresh process so peak RSS is
its own. Usage: python benchmarks/linking.py [N ...] [--blind/--ids]
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


def make_aliases(n: int, seed: int = 5) -> list:
    from graph.aliases import AliasInfo

    rng = random.Random(seed)
    people = _real_people()
    sources = ("alpha", "beta", "gamma", "delta")
    out = []
    for i in range(n):
        name, born, died, nationality = people[i % len(people)]
        if i >= len(people):
            name = _perturb(name, rng)
            if born and rng.random() < 0.1:
                born += rng.choice((-1, 1))
            if rng.random() < 0.1:
                born = died = None
        source = sources[i % len(sources)]
        out.append(AliasInfo(f"{source}:person:{i}", "Person", name, source, source, birth_year=born,
                             death_year=died, nationality=nationality))
    return out


def run_one(n: int, use_ids: bool) -> dict:
    from graph.linking import link

    aliases = make_aliases(n)
    started = time.perf_counter()
    links = link(aliases, use_ids=use_ids)
    seconds = time.perf_counter() - started
    entities = len({ln.entity_id for ln in links.values()})
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mentions": n, "seconds": round(seconds, 2), "peak_rss_mb": round(peak_mb), "entities": entities,
            "review": sum(1 for ln in links.values() if ln.status == "review")}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--child" in sys.argv:
        print(json.dumps(run_one(int(args[0]), "--ids" in sys.argv)))
        return
    sizes = [int(a) for a in args] or [10_000, 100_000, 1_000_000]
    print(f"{'mentions':>10} {'seconds':>9} {'peak MB':>8} {'entities':>9} {'review':>7} {'us/mention':>10}")
    previous = None
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, str(n), "--child"], capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{n:>10} failed: {out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode}")
            continue
        r = json.loads(out.stdout)
        growth = f"  x{r['seconds'] / previous[1]:.1f} time for x{n / previous[0]:.0f} mentions" if previous else ""
        print(f"{n:>10,} {r['seconds']:>9.2f} {r['peak_rss_mb']:>8,} {r['entities']:>9,} {r['review']:>7,} "
              f"{r['seconds'] / n * 1e6:>10.1f}{growth}", flush=True)
        previous = (n, r["seconds"])


if __name__ == "__main__":
    main()
