"""Drive the running app in Debian's chromium with Playwright: open each page, wait for it to
finish, save a screenshot, and report Streamlit exception boxes and how long each page took.

Used by tests/test_app_browser.py and, to refresh the README's pictures, by hand:
    .venv/bin/python tests/browser.py http://127.0.0.1:8610 docs/screenshots
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# url path (with query string) -> screenshot file name
PAGES = (
    ("", "search"),  # the default page lives at the root
    ("", "search_results"),  # the same, with a search typed in
    ("", "entity"),  # reached by clicking the first search hit, as a person would
    ("shared", "shared"),
    ("pairs", "pairs"),
    ("network", "network"),  # starts from the most shared entity
    ("console", "console"),
    ("review", "review"),
)


@dataclass
class PageShot:
    name: str
    seconds: float
    exceptions: list[str]
    path: Path


def _wait_until_done(page, timeout_s: float = 60) -> None:
    """Streamlit shows a status widget while a script runs; wait for it to go, then settle."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        running = page.query_selector("[data-testid='stStatusWidget']")
        skeleton = page.query_selector("[data-testid='stSkeleton']")
        if running is None and skeleton is None:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1.0:
                return
        else:
            quiet_since = None
        time.sleep(0.1)


def shoot(base_url: str, out_dir: Path, search_text: str = "Ruins") -> list[PageShot]:
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path, name in PAGES:
            page.set_viewport_size({"width": 1400, "height": 1000})
            started = time.monotonic()
            page.goto(f"{base_url.rstrip('/')}/{path}")
            _wait_until_done(page)
            if name in ("search_results", "entity"):
                box = page.get_by_label("Search for")
                box.fill(search_text)
                box.press("Enter")
                time.sleep(0.5)
                _wait_until_done(page)
            if name == "entity":
                started = time.monotonic()  # time the entity page, not the search before it
                page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a").first.click()
                time.sleep(0.5)
                _wait_until_done(page)
            if name == "console":
                page.get_by_role("button", name="Run").click()
                time.sleep(0.5)
                _wait_until_done(page)
            seconds = time.monotonic() - started - 1.0  # minus the quiet second we wait for
            time.sleep(1.5)  # let charts and the graph component draw
            # Fit the picture to the page: Streamlit scrolls inside its own container.
            height = page.evaluate(
                "() => (document.querySelector('[data-testid=\"stMainBlockContainer\"]') || document.body).scrollHeight")
            page.set_viewport_size({"width": 1400, "height": max(700, min(int(height) + 60, 2400))})
            time.sleep(0.3)
            target = out_dir / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            errors = [e.inner_text()[:500] for e in page.query_selector_all("[data-testid='stException']")]
            # An st.error box is a page telling the user something failed: as bad here.
            errors += [e.inner_text()[:500] for e in page.query_selector_all("[data-testid='stAlertContentError']")]
            shots.append(PageShot(name, round(seconds, 2), errors, target))
        browser.close()
    return shots


if __name__ == "__main__":
    for shot in shoot(sys.argv[1], Path(sys.argv[2])):
        print(f"{shot.name:<16} {shot.seconds:>6.2f} s  {'EXCEPTION: ' + shot.exceptions[0] if shot.exceptions else 'ok'}")
