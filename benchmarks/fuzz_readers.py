"""Fuzz every reader for a while and print what was tried and what escaped.

    python -m benchmarks.fuzz_readers --minutes 10            # all readers, time shared equally
    python -m benchmarks.fuzz_readers --minutes 2 --only marc21 ead

Runs the targets of tests/fuzz_targets.py (mutated copies of real sample records) round-robin
in rounds of --round inputs per reader, each round with a fresh random seed, until the time is
up. A crash (an exception escaping a reader, a result that is neither Record nor Rejected, a
reader running longer than --hang seconds) is shrunk by hypothesis, saved under --crashes and
printed; cut it down to a small made-up file in tests/fixtures/fuzz/ so the suite replays it.
Exit status 1 when anything escaped.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.fuzz_targets import Target, mutation, run_case, save_crash, targets


def fuzz_round(target: Target, examples: int, hang: int, crashes: Path) -> tuple[int, str | None]:
    """(inputs tried, crash description or None) for one round of one target."""
    tried = [0]
    failing: list[bytes] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck),
              print_blob=False)
    @given(data=mutation(target))
    def check(data: bytes) -> None:
        tried[0] += 1
        try:
            run_case(target, data, seconds=hang)
        except BaseException:
            failing[:] = [data]
            raise

    try:
        check()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - what escaped is the finding
        saved = save_crash(target, failing[0], crashes) if failing else None
        return tried[0], f"{type(exc).__name__}: {exc}"[:400] + f"\n  input saved: {saved}\n" + "".join(
            traceback.format_exception(exc)[-3:])
    return tried[0], None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--only", nargs="*", help="target names (default: all)")
    parser.add_argument("--round", type=int, default=100, help="inputs per reader per round")
    parser.add_argument("--hang", type=int, default=30, help="seconds after which a reader counts as hung")
    parser.add_argument("--crashes", type=Path, default=Path("/tmp/glamgraph-fuzz-crashes"))
    args = parser.parse_args(argv)
    logging.getLogger("rdflib").setLevel(logging.ERROR)  # mutated IRIs make rdflib warn at every input
    chosen = [t for t in targets() if not args.only or t.name in args.only]
    end = time.monotonic() + args.minutes * 60
    tried = {t.name: 0 for t in chosen}
    crashes: dict[str, list[str]] = {t.name: [] for t in chosen}
    started = time.monotonic()
    while time.monotonic() < end:
        for target in chosen:
            if time.monotonic() >= end:
                break
            count, crash = fuzz_round(target, args.round, args.hang, args.crashes)
            tried[target.name] += count
            if crash:
                crashes[target.name].append(crash)
                print(f"CRASH {target.name}: {crash}", flush=True)
    seconds = time.monotonic() - started
    print(f"\n{'reader':<20}{'inputs':>10}{'crashes':>9}")
    for name in tried:
        print(f"{name:<20}{tried[name]:>10,}{len(crashes[name]):>9}")
    total = sum(tried.values())
    print(f"{'total':<20}{total:>10,}{sum(map(len, crashes.values())):>9}   in {seconds:,.0f} s "
          f"({total / max(seconds, 1e-9):,.0f} inputs/s)")
    return 1 if any(crashes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
