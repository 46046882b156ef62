"""How fast Ctrl-C / SIGTERM stop an ingest: runs `glamgraph ingest` on a sample source into a fresh
data folder, sends the signal once loading has begun, prints the seconds until the process ended,
then runs the same command again and prints whether it completed.

    .venv/bin/python -m benchmarks.stop [--source nga] [--signal SIGINT|SIGTERM]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import settings

REPO = Path(__file__).resolve().parent.parent


def run(source: str, sig: str) -> None:
    with tempfile.TemporaryDirectory(prefix="glamgraph-stop-") as tmp:
        env = {**os.environ, "GLAMGRAPH_DATA_DIR": tmp, "PYTHONPATH": str(REPO)}
        env.pop("GLAMGRAPH_NEO4J_URI", None)
        command = [sys.executable, "-m", "cli", "ingest", str(settings.sample_dir() / source)]
        process = subprocess.Popen(command, cwd=REPO, env=env, text=True, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        assert process.stdout is not None
        for line in process.stdout:
            if "records:" in line or "edges:" in line:  # the loader's progress: writing has begun
                break
        sent = time.monotonic()
        process.send_signal(getattr(signal, sig))
        process.communicate(timeout=300)
        stopped = time.monotonic() - sent
        again = subprocess.run(command, cwd=REPO, env=env, text=True, capture_output=True, timeout=1800)
        print(f"{sig} during the ingest of {source}: stopped in {stopped:.2f} s (exit {process.returncode}); "
              f"the same command again: exit {again.returncode}")
        for line in again.stdout.splitlines():
            if line.startswith("completed "):
                print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="nga")
    parser.add_argument("--signal", dest="sig", choices=["SIGINT", "SIGTERM"], default="SIGINT")
    args = parser.parse_args()
    run(args.source, args.sig)


if __name__ == "__main__":
    main()
