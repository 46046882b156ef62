"""The running app in a real browser: Playwright driving Debian's chromium (installed by .ci/run).

The app runs as `streamlit run` in its own process on 127.0.0.1 with its own data folder (the
embedded graph allows one owner per folder, and the session's sample_graph holds its own), so
this test ingests the sample once more into that folder (~10 s)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM, PAGES, shoot  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PORTS = range(8610, 8620)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@pytest.fixture(scope="module")
def running_app(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium; .ci/run does)")
    pytest.importorskip("playwright", reason="playwright is not installed (pip install -e '.[test]')")
    data_dir = tmp_path_factory.mktemp("browser_graph")
    env = {**os.environ, "GLAMGRAPH_DATA_DIR": str(data_dir), "GLAMGRAPH_SAMPLE_DIR": str(sample_dir)}
    env.pop("GLAMGRAPH_NEO4J_URI", None)
    subprocess.run([sys.executable, "-m", "cli", "demo", "--no-app"], cwd=REPO, env=env, check=True,
                   capture_output=True)
    port = _free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if app.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the app did not start: {app.stderr.read().decode()[-2000:] if app.stderr else ''}")
                time.sleep(0.5)
        yield url
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()


def test_every_page_opens_in_chromium_without_an_exception(running_app: str, tmp_path: Path) -> None:
    shots = shoot(running_app, tmp_path)
    assert [s.name for s in shots] == [name for _, name in PAGES]
    failures = {s.name: s.exceptions for s in shots if s.exceptions}
    assert not failures, failures
    for shot in shots:
        assert shot.path.stat().st_size > 10_000, f"{shot.name}: screenshot looks empty"
    print("\n" + "\n".join(f"{s.name:<16} {s.seconds:>6.2f} s" for s in shots))
