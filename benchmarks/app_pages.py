"""How long each page of the explorer takes to show, in a real browser, on the sample.

Ingests the sample catalogues into a fresh data folder (or uses --data-dir as it is), starts
the app on 127.0.0.1, opens every page in Debian's chromium (Playwright) and prints the
seconds from navigation until Streamlit finished running the page. The first page also pays
for opening the graph. Screenshots go to --screenshots (docs/screenshots refreshes the README's).

    .venv/bin/python benchmarks/app_pages.py [--data-dir DIR] [--port 8612] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import shoot  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="use this graph as it is (default: ingest the sample afresh)")
    parser.add_argument("--port", type=int, default=8612)
    parser.add_argument("--screenshots", type=Path, help="where to save the screenshots (default: a temp folder)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over all pages (the first one is cold)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.data_dir is None:
        args.data_dir = Path(tempfile.mkdtemp(prefix="glamgraph-bench-"))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from cli import main; main()", "demo", "--no-app", "--data-dir",
                        str(args.data_dir)], cwd=REPO, env=env, check=True, capture_output=True)
        print(f"ingested the sample in {time.perf_counter() - started:.1f} s")
    env["GLAMGRAPH_DATA_DIR"] = str(args.data_dir)
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(args.port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        out = args.screenshots or Path(tempfile.mkdtemp(prefix="glamgraph-shots-"))
        rounds = [shoot(url, out) for _ in range(args.rounds)]
        print(f"{'page':<16}" + "".join(f"{'round ' + str(i + 1):>10}" for i in range(len(rounds))) + "  (seconds)")
        for index, shot in enumerate(rounds[0]):
            print(f"{shot.name:<16}" + "".join(f"{r[index].seconds:>10.2f}" for r in rounds)
                  + ("  EXCEPTION" if any(r[index].exceptions for r in rounds) else ""))
        print(f"screenshots: {out}")
    finally:
        app.terminate()
        app.wait(timeout=30)


if __name__ == "__main__":
    main()
