"""Reader speed and memory: records/s and peak memory per reader, on the sample and on big files.

    .venv/bin/python benchmarks/readers.py                 # sample sources + 100,000-record files
    .venv/bin/python benchmarks/readers.py --size 20000    # smaller big files
    .venv/bin/python benchmarks/readers.py --no-big        # the sample only

Part 1 reads every source of `ingest.samples.SAMPLE_SOURCES` with its registered reader (so a
reader added to the registry and the samples later is measured too). Part 2 builds files of
`--size`+ records by repeating real sample records (binary MARC records concatenated,
MARCXML / MODS / OAI records repeated inside one wrapper, NDJSON lines, CSV rows) under
/tmp/glamgraph-bench/ and reads them. Each case runs in a fresh process, so "peak RSS" is
that process's high-water mark (`resource.getrusage`) and "+RSS" is the growth while reading,
over the interpreter with the reader imported: a streaming reader keeps +RSS flat however big
the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import settings  # noqa: E402

BIG_DIR = Path("/tmp/glamgraph-bench")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_case(format_name: str, paths: list[str], source: str | None) -> dict[str, float]:
    """Read `paths` with one reader in this process; return counts, seconds and memory."""
    from ingest.model import Institution, Rejected
    from ingest.registry import expand, get_format

    fmt = get_format(format_name)
    reader = fmt.reader()
    owner = Institution("bench", "Benchmark", "library")
    files = [found for p in paths for found, _ in expand(Path(p), fmt)]
    baseline = _rss_mb()
    read = rejected = 0
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        results = reader(path) if fmt.preset else reader(path, source=source or "bench", institution=owner)
        for result in results:
            read += 1
            rejected += isinstance(result, Rejected)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return {"files": len(files), "read": read, "rejected": rejected, "seconds": seconds, "cpu": cpu_seconds,
            "peak_rss_mb": _rss_mb(), "grown_mb": _rss_mb() - baseline}


def measure(format_name: str, paths: list[str], source: str | None = None) -> dict[str, float]:
    """run_case in a fresh interpreter (memory numbers are per case)."""
    command = [sys.executable, __file__, "--case", format_name, "--source", source or "", *paths]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- big files built from real records -------------------------------------------------------

def _repeat_xml(sample: Path, out: Path, size: int, element: str, multiply: Callable[[str, int], str]) -> int:
    """Repeat the `element` records of `sample` inside its own wrapper until there are >= size."""
    text = sample.read_text(encoding="utf-8")
    pattern = re.compile(rf"<((?:[\w.-]+:)?{element})(?=[\s>]).*?</\1\s*>", re.S)
    matches = list(pattern.finditer(text))
    head, tail = text[: matches[0].start()], text[matches[-1].end():]
    body = "\n".join(m.group(0) for m in matches)
    copies = -(-size // len(matches))
    with out.open("w", encoding="utf-8") as handle:
        handle.write(head)
        for n in range(copies):
            handle.write(multiply(body, n))
            handle.write("\n")
        handle.write(tail)
    return copies * len(matches)


def build_marc21(sample_dir: Path, size: int) -> tuple[Path, int]:
    data = (sample_dir / "library_uf_marc" / "uf_cc0_records.mrc").read_bytes()
    count = data.count(b"\x1d")
    copies = -(-size // count)
    out = BIG_DIR / f"uf_x{copies}.mrc"
    if not out.exists():
        with out.open("wb") as handle:
            for _ in range(copies):
                handle.write(data)
    return out, copies * count


def build_marcxml(sample_dir: Path, size: int) -> tuple[Path, int]:
    out = BIG_DIR / f"hutton_{size}.xml"
    n = _repeat_xml(sample_dir / "library_nls_datafoundry" / "hutton_drawings_marc.xml", out, size, "record",
                    lambda body, _: body)
    return out, n


def build_mods(sample_dir: Path, size: int) -> tuple[Path, int]:
    files = sorted((sample_dir / "library_utk_archivision" / "mods").glob("*.xml"))[:1000]
    bodies = [re.sub(r"^<\?xml[^>]*>\s*", "", f.read_text(encoding="utf-8")) for f in files]
    out = BIG_DIR / f"archivision_{size}.xml"
    copies = -(-size // len(bodies))
    with out.open("w", encoding="utf-8") as handle:
        handle.write('<modsCollection xmlns="http://www.loc.gov/mods/v3">\n')
        for _ in range(copies):
            handle.write("\n".join(bodies))
        handle.write("\n</modsCollection>\n")
    return out, copies * len(bodies)


def build_oai(sample_dir: Path, size: int) -> tuple[Path, int]:
    out = BIG_DIR / f"librarycloud_{size}.xml"
    n = _repeat_xml(sample_dir / "dc_oai_dpla" / "oai-page.xml", out, size, "record", lambda body, _: body)
    return out, n


def build_nypl(sample_dir: Path, size: int) -> tuple[Path, int]:
    lines = [line for line in (sample_dir / "library_nypl_collections" / "pd_collections.ndjson").read_bytes()
             .splitlines() if line.strip()]
    copies = -(-size // len(lines))
    out = BIG_DIR / f"nypl_{size}.ndjson"
    with out.open("wb") as handle:
        for _ in range(copies):
            handle.write(b"\n".join(lines) + b"\n")
    return out, copies * len(lines)


def build_moma(sample_dir: Path, size: int) -> tuple[Path, int]:
    lines = (sample_dir / "moma" / "Artists.csv").read_bytes().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    with (sample_dir / "moma" / "Artists.csv").open(encoding="utf-8-sig", newline="") as handle:
        records = sum(1 for _ in csv.reader(handle)) - 1  # quoted cells hold line breaks: rows != lines
    copies = -(-size // records)
    folder = BIG_DIR / f"moma_{size}"
    folder.mkdir(exist_ok=True)
    with (folder / "Artists.csv").open("wb") as handle:
        handle.write(header)
        for _ in range(copies):
            handle.writelines(rows)
    return folder, copies * records


# format name -> builder; a reader without one is measured on the sample only.
BIG_BUILDERS: dict[str, Callable[[Path, int], tuple[Path, int]]] = {
    "marc21": build_marc21, "marcxml": build_marcxml, "mods": build_mods, "oai": build_oai, "nypl": build_nypl,
    "moma": build_moma,
}


def _row(label: str, fmt: str, r: dict[str, float]) -> str:
    rate = r["read"] / r["seconds"] if r["seconds"] else 0.0
    cpu_rate = r["read"] / r["cpu"] if r["cpu"] else 0.0
    return (f"{label:<34} {fmt:<9} {int(r['files']):>6} {int(r['read']):>9,} {int(r['rejected']):>6} "
            f"{r['seconds']:>8.2f} {rate:>10,.0f} {cpu_rate:>10,.0f} {r['peak_rss_mb']:>8.0f} {r['grown_mb']:>7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="records in each big file (at least)")
    parser.add_argument("--no-big", action="store_true", help="only the sample sources")
    parser.add_argument("--formats", help="comma-separated format names to measure (default: all)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.paths, args.source or None)))
        return

    from ingest.samples import sample_plan

    wanted = set(args.formats.split(",")) if args.formats else None
    sample_dir = settings.sample_dir()
    header = (f"{'source':<34} {'format':<9} {'files':>6} {'records':>9} {'rej':>6} {'seconds':>8} {'records/s':>10} "
              f"{'rec/cpu-s':>10} {'peak MB':>8} {'+RSS MB':>7}")
    print("records/s is wall-clock; rec/cpu-s divides by this process's CPU time (steadier on a busy machine).")
    print(f"Sample: {sample_dir}\n{header}\n{'-' * len(header)}")
    groups: dict[tuple[str, str], list[str]] = {}
    for sample in sample_plan(sample_dir):
        if wanted is None or sample.format in wanted:
            groups.setdefault((sample.source or sample.format, sample.format), []).append(str(sample_dir / sample.path))
    for (source, fmt), paths in groups.items():
        print(_row(source, fmt, measure(fmt, paths, source)), flush=True)
    if args.no_big:
        return
    BIG_DIR.mkdir(exist_ok=True)
    print(f"\nBig files (real records repeated, >= {args.size:,} records) in {BIG_DIR}\n{header}\n{'-' * len(header)}")
    for fmt, build in BIG_BUILDERS.items():
        if wanted is not None and fmt not in wanted:
            continue
        path, expected = build(sample_dir, args.size)
        result = measure(fmt, [str(path)])
        print(_row(f"{path.name} ({expected:,})", fmt, result), flush=True)


if __name__ == "__main__":
    main()
