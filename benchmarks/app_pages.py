"""How long each page of the explorer takes to show, in a real browser, on the demo graph.

Ingests the sample catalogues into a fresh data folder (or uses --data-dir as it is), starts
`glamgraph app` on 127.0.0.1 and walks every page in Debian's chromium (Playwright) as a person
would (tests/browser.py), --rounds times, each round a new browser session. Prints, per page, the
seconds from navigation until Streamlit finished: the first visit (the app just started: caches
empty, graph opening) and the median and worst of the later visits. Then one person runs a
runaway query in the console (a cartesian product, then an unbounded path; limit
GLAMGRAPH_CONSOLE_TIMEOUT, 10 s by default) while another opens a place page: it prints when the
query was stopped and how long the other page took, beside that page's normal time (opened the
same way), the time of a bare Streamlit page (what Streamlit itself costs on this machine now),
and the machine's load average. Screenshots go to --screenshots (docs/screenshots for the docs).

    .venv/bin/python benchmarks/app_pages.py [--data-dir DIR] [--port 8612] [--rounds 4] [--screenshots DIR]
    .venv/bin/python benchmarks/app_pages.py --data-dir DIR --runaway-only
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, PAGES, shoot, type_own_cypher, wait_until_done  # noqa: E402

# A cartesian product and an unbounded variable-length path: both run for hours without a limit.
RUNAWAYS = {
    "cartesian product": "MATCH (a:Alias), (b:Alias), (c:Alias) RETURN count(*)",
    "unbounded path": "MATCH p = (a:Record)-[*]-(b:Record) RETURN count(p)",
}


def _runaway(url: str, other_path: str, cypher: str, visits: int = 3) -> dict[str, float]:
    """Start a runaway console query in one session and open `other_path` in another meanwhile.

    The other person's page is timed the same way with and without the runaway (their browser
    already open on the app, the page opened by its URL): the normal median before the runaway
    and its median while the runaway runs. A page reached by a click in the walk, or a browser
    launched while the runaway starts, would not compare like with like."""
    from playwright.sync_api import sync_playwright

    timings: dict[str, float] = {}
    ready, go = threading.Event(), threading.Event()
    running: list[bool] = []

    def other() -> None:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            wait_until_done(page)
            normal = []
            for _ in range(visits):
                started = time.monotonic()
                page.goto(f"{url}/{other_path}")
                normal.append(wait_until_done(page) - started)
            timings["other page normally (median)"] = statistics.median(normal)
            ready.set()
            go.wait()
            time.sleep(1.0)  # the runaway is under way
            during = []
            while running[-1]:  # every visit begun while the runaway runs
                started = time.monotonic()
                page.goto(f"{url}/{other_path}")
                during.append(wait_until_done(page) - started)
            if during:
                timings["other page meanwhile (median)"] = statistics.median(during)
                timings["meanwhile (worst)"] = max(during)
                timings["visits meanwhile"] = len(during)
            browser.close()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        type_own_cypher(page, url, cypher)
        thread = threading.Thread(target=other)
        thread.start()
        ready.wait(timeout=300)
        running.append(True)
        started = time.monotonic()
        page.get_by_role("button", name="Run").click()
        go.set()
        page.wait_for_selector("[data-testid='stAlertContentError']", timeout=120_000)
        timings["runaway stopped after"] = time.monotonic() - started
        running.append(False)
        thread.join(timeout=180)
        browser.close()
    return timings


BARE_PAGE = 'import streamlit as st\nst.title("A bare page")\nst.write("Streamlit and nothing else.")\n'


def _wait_until_healthy(url: str, tries: int) -> None:
    """Wait (half a second a try) until the Streamlit server at `url` answers its health check."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return
        except OSError:
            time.sleep(0.5)


def _bare_streamlit(port: int, visits: int = 5) -> float:
    """The median time of a bare Streamlit page (a title and a line), opened by its URL and timed as
    the walk times pages: what Streamlit itself costs on this machine under its present load."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="glamgraph-bare-"))
    (folder / "bare.py").write_text(BARE_PAGE, encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(folder / "bare.py"), "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_healthy(f"http://127.0.0.1:{port}", tries=120)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            seconds = []
            for _ in range(visits + 1):  # the first visit loads Streamlit's scripts into the cache
                started = time.monotonic()
                page.goto(f"http://127.0.0.1:{port}/")
                seconds.append(wait_until_done(page) - started)
            browser.close()
        return statistics.median(seconds[1:])
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="use this graph as it is (default: ingest the sample afresh)")
    parser.add_argument("--port", type=int, default=8612)
    parser.add_argument("--screenshots", type=Path, help="where to save the screenshots (default: a temp folder)")
    parser.add_argument("--rounds", type=int, default=4, help="walks over all pages (the first one is the first visit)")
    parser.add_argument("--runaway-only", action="store_true",
                        help="only the console runaways beside a place page (one walk for the page's normal time)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.data_dir is None:
        args.data_dir = Path(tempfile.mkdtemp(prefix="glamgraph-bench-"))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli", "demo", "--no-app", "--data-dir", str(args.data_dir)],
                       cwd=REPO, env=env, check=True, capture_output=True)
        print(f"ingested the sample in {time.perf_counter() - started:.1f} s")
    env["GLAMGRAPH_DATA_DIR"] = str(args.data_dir)
    app = subprocess.Popen([sys.executable, "-m", "cli", "app", "--port", str(args.port)], cwd=REPO, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{args.port}"
    try:
        _wait_until_healthy(url, tries=240)
        out = args.screenshots or Path(tempfile.mkdtemp(prefix="glamgraph-shots-"))
        print(f"load average before the walk (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.runaway_only:
            args.rounds = 2  # the first visit, then one warm walk for the place page's normal time
        rounds = [shoot(url, out if i == args.rounds - 1 else Path(tempfile.mkdtemp(prefix="glamgraph-shots-")))
                  for i in range(args.rounds)]
        print(f"{'page':<16}{'first visit':>12}{'median':>9}{'worst':>8}  (seconds; later visits: {args.rounds - 1})")
        place_normal = 0.0
        for index, name in enumerate(PAGES):
            later = [r[index].seconds for r in rounds[1:]] or [rounds[0][index].seconds]
            if name == "place":
                place_normal = statistics.median(later)
            flag = "  EXCEPTION" if any(r[index].exceptions for r in rounds) else ""
            print(f"{name:<16}{rounds[0][index].seconds:>12.2f}{statistics.median(later):>9.2f}{max(later):>8.2f}{flag}")
        print(f"a bare Streamlit page, opened the same way (its median): {_bare_streamlit(args.port + 1):.2f}")
        place_url = rounds[-1][PAGES.index("place")].url.replace(url + "/", "")
        limit = float(env.get("GLAMGRAPH_CONSOLE_TIMEOUT") or 10)
        for label, cypher in RUNAWAYS.items():
            timings = _runaway(url, place_url, cypher)
            print(f"console runaway, {label} (limit {limit:g} s): "
                  + ", ".join(f"{k} {v:g}" if k.startswith("visits") else f"{k} {v:.2f} s" for k, v in timings.items())
                  + f"; the place page in the walk (reached by a click) {place_normal:.2f} s (median)")
        print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"screenshots: {out}")
    finally:
        app.terminate()
        app.wait(timeout=60)


if __name__ == "__main__":
    main()
