"""Drive the running app in Debian's chromium with Playwright: open each page as a person would,
wait for it to finish, save a screenshot, and report Streamlit exception boxes, requests that
left the machine and how long each page took.

Used by tests/test_app_browser.py and benchmarks/app_pages.py, and to refresh the docs' pictures:
    .venv/bin/python tests/browser.py http://127.0.0.1:8610 docs/screenshots
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SEARCH_FOR = "Paris"
# name -> what the step does (see _step); the screenshot is saved as <name>.png
PAGES = (
    "search",  # the root, which opens /search
    "search_results",  # /search?q=Paris: the place first, facets with counts, a map of the places among the hits
    "place",  # the first hit clicked: the place's page with its map, timeline and labelled network
    "record",  # the place's first record clicked: the record page
    "shared",  # the dashboard: map and timeline
    "pairs",  # the pair finder's cards
    "network",  # starts from the most shared entity
    "console",  # a named query run
    "review",
)
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}


@dataclass
class PageShot:
    name: str
    seconds: float
    exceptions: list[str]
    path: Path
    url: str = ""
    facts: dict[str, object] = field(default_factory=dict)


def wait_until_done(page, timeout_s: float = 300) -> float:
    """Streamlit shows a status widget while a script runs; wait for it to go, then settle.
    Returns when (time.monotonic()) the page was first seen finished: the quiet second after it
    is only to be sure, and a fixed second subtracted instead overstates a page on a busy machine,
    where each look at the page takes a while."""
    from playwright.sync_api import TimeoutError as PageTimeout

    try:
        page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
        # Every page has a title: before it shows, the script has not even started (on a busy
        # machine that can take longer than the quiet second below).
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_s * 1000)
    except PageTimeout:
        raise AssertionError(f"{page.url} showed no page title in {timeout_s:.0f} s; "
                             f"the page read: {what_it_shows(page)!r}") from None
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        # stApp says whether the script runs (the status widget is hidden with --client.toolbarMode minimal).
        state = page.get_attribute("[data-testid='stApp']", "data-test-script-state")
        running = page.query_selector("[data-testid='stStatusWidget']")
        skeleton = page.query_selector("[data-testid='stSkeleton']")
        spinner = page.query_selector("[data-testid='stSpinner']")
        if state == "notRunning" and running is None and skeleton is None and spinner is None:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1.0:
                return quiet_since
        else:
            quiet_since = None
        time.sleep(0.1)
    return time.monotonic()



def what_it_shows(page, limit: int = 1500) -> str:
    """The visible text of the page and the state of its script, for a failure message."""
    try:
        state = page.get_attribute("[data-testid='stApp']", "data-test-script-state", timeout=2000)
        text = page.inner_text("body", timeout=2000)
    except Exception as exc:  # noqa: BLE001 - a message about a failure must not fail itself
        return f"(could not be read: {exc})"
    return f"[script {state}] " + " ".join(text.split())[:limit]


def errors_on(page) -> list[str]:
    found = [e.inner_text()[:500] for e in page.query_selector_all("[data-testid='stException']")]
    # An st.error box is a page telling the user something failed: as bad here.
    return found + [e.inner_text()[:500] for e in page.query_selector_all("[data-testid='stAlertContentError']")]


def main_links(page) -> list[tuple[str, str]]:
    """(text, href) of the page links in the main area, in order."""
    return [(a.inner_text().strip(), a.get_attribute("href") or "")
            for a in page.query_selector_all("[data-testid='stMain'] [data-testid='stPageLink'] a")]


def _navigate(page, base: str, path: str) -> float:
    started = time.monotonic()
    page.goto(f"{base}/{path}")
    return wait_until_done(page) - started


def _title(page) -> str:
    title = page.query_selector("[data-testid='stMain'] h1")
    return title.inner_text() if title else ""


def _click(page, href_part: str, timeout_s: float = 300) -> float:
    """Click a page link and wait for the new page (its title changes) to finish."""
    link = page.locator(f"[data-testid='stMain'] [data-testid='stPageLink'] a[href*='{href_part}']").first
    before = _title(page)
    started = time.monotonic()
    link.click()
    deadline = started + timeout_s
    while _title(page) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    return wait_until_done(page) - started


def type_own_cypher(page, base: str, cypher: str) -> None:
    """Open the console, choose "My own Cypher" and type `cypher`, ready for its Run button."""
    _navigate(page, base, "console")
    page.get_by_text("My own Cypher").click()
    wait_until_done(page)
    box = page.get_by_role("textbox", name="Cypher")
    box.fill(cypher)
    box.press("Control+Enter")
    wait_until_done(page)


def _step(page, base: str, name: str, facts: dict[str, object]) -> float:
    if name == "search":
        return _navigate(page, base, "")
    if name == "search_results":
        seconds = _navigate(page, base, f"search?q={SEARCH_FOR}")
        links = main_links(page)
        facts["first_hit"] = links[0] if links else None
        facts["type_facet"] = [i.input_value() for i in page.locator("[data-testid='stSelectbox']").first.locator("input").all()]
        return seconds
    if name == "place":
        seconds = _click(page, "entity?id=place")
        facts["map"] = page.get_by_text("places with coordinates").count()
        facts["timeline"] = page.get_by_text("dated records").count()
        return seconds
    if name == "record":
        record = next((href for text, href in main_links(page)
                       if "entity?id=" in href and "place" not in href and "person" not in href
                       and "theme" not in href and "organization" not in href), None)
        if record is None:
            raise AssertionError("the place page lists no record")
        return _click(page, record.split("/")[-1])
    if name == "console":
        seconds = _navigate(page, base, "console")
        page.get_by_role("button", name="Run").click()
        time.sleep(0.5)
        wait_until_done(page)
        return seconds
    return _navigate(page, base, name)


def shoot(base_url: str, out_dir: Path, pages: tuple[str, ...] = PAGES) -> list[PageShot]:
    """Open the pages in order in one browser tab; each PageShot says how long its page took."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    base = base_url.rstrip("/")
    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside: list[str] = []  # "resource type url" of every request that left the machine
        page.on("request", lambda r: outside.append(f"{r.resource_type} {r.url}")
                if urlparse(r.url).scheme in ("http", "https", "ws", "wss")
                and urlparse(r.url).hostname not in LOCAL_HOSTS else None)
        for name in pages:
            page.set_viewport_size({"width": 1400, "height": 1000})
            facts: dict[str, object] = {}
            seconds = _step(page, base, name, facts)
            time.sleep(1.5)  # let charts and the graph component draw
            # Fit the picture to the page: Streamlit scrolls inside its own container.
            height = page.evaluate(
                "() => (document.querySelector('[data-testid=\"stMainBlockContainer\"]') || document.body).scrollHeight")
            page.set_viewport_size({"width": 1400, "height": max(700, min(int(height) + 60, 4000))})
            time.sleep(0.3)
            target = out_dir / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            facts["outside_requests"] = list(outside)
            shots.append(PageShot(name, round(seconds, 2), errors_on(page), target, page.url, facts))
        browser.close()
    return shots


if __name__ == "__main__":
    for shot in shoot(sys.argv[1], Path(sys.argv[2])):
        print(f"{shot.name:<16} {shot.seconds:>6.2f} s  {'EXCEPTION: ' + shot.exceptions[0] if shot.exceptions else 'ok'}")
