"""The hostile corpus (tests/hostile_corpus.py) through the whole ingest into the real embedded
graph: no traceback, no hang, no network, no reading of what the attacks point at, and every
good record in a damaged file loads.

What is watched: an audit hook records any socket use and any Python-level open of the secret
file or the FIFO; libxml2 opens files below Python's reach, so the attacks also point at a FIFO,
which would block whoever opened it (SIGALRM turns a hang into a failure), and the secret's
text must appear nowhere in the graph or the reports.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.build import IngestReport, Input, ingest
from ingest.model import Institution
from ingest.readers.mapped import format_for
from ingest.registry import expand, get_format
from tests.conftest import open_embedded
from tests.hostile_corpus import SECRET, Case, write_corpus

REPO = Path(__file__).resolve().parent.parent
# Reaching out: a connection, a name lookup, a datagram, a URL. (A library checking for IPv6 by
# binding ::1 at import is not network use.)
WATCHED_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect", "ftplib.connect")


class Watch:
    """An audit hook (hooks cannot be removed: `on` switches this one off afterwards)."""

    def __init__(self, forbidden: list[Path]) -> None:
        self.forbidden = {str(p) for p in forbidden} | {str(p.resolve()) for p in forbidden}
        self.seen: list[str] = []
        self.on = False

    def __call__(self, event: str, args: tuple) -> None:
        if not self.on:
            return
        if event.startswith(WATCHED_EVENTS):
            self.seen.append(f"{event} {args!r:.200}")
        elif event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            path = os.fsdecode(args[0])
            if path in self.forbidden or any(path.endswith(f) for f in self.forbidden):
                self.seen.append(f"open {path}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Case], Watch]]:
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    fifo = root / "attack.fifo"
    os.mkfifo(fifo)
    cases = write_corpus(root / "corpus", secret, fifo)
    watch = Watch([secret, fifo])
    sys.addaudithook(watch)
    yield root / "corpus", cases, watch
    watch.on = False


def _inputs(folder: Path, cases: list[Case]) -> list[Input]:
    inputs = []
    for case in cases:
        fmt = format_for(folder / case.mapping) if case.mapping else get_format(case.format)
        source = re.sub(r"[^a-z0-9]+", "_", case.name.lower()).strip("_")
        owner = Institution(source, source, "library")
        for path, found in expand(folder / case.name, fmt):
            inputs.append(Input(path, found, None if found.preset else source, None if found.preset else owner))
    return inputs


def _hang_guard(seconds: int) -> None:
    def hung(*_: object) -> None:
        raise TimeoutError(f"the ingest of the hostile corpus ran longer than {seconds} s (a FIFO opened? a hang?)")

    signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)


@pytest.fixture(scope="module")
def loaded(corpus: tuple[Path, list[Case], Watch], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[IngestReport, set[str], str, Watch]]:
    folder, cases, watch = corpus
    data_dir = tmp_path_factory.mktemp("hostile_graph")
    store = open_embedded(data_dir / "graph")
    report_path = data_dir / "rejected.jsonl"
    try:
        watch.on = True
        _hang_guard(600)
        try:
            # extract=True: the text stage sees the multi-megabyte fields too (spaCy's E088 before).
            report = ingest(_inputs(folder, cases), store, report_path=report_path, batch_size=50, extract=True)
        finally:
            signal.alarm(0)
            watch.on = False
        names = {row[0] for row in store.query("MATCH (r:Record) RETURN r.title").rows}
        names |= {row[0] for row in store.query("MATCH (a:Alias) RETURN a.text").rows}
        everything = " ".join(str(row) for row in store.query("MATCH (n) RETURN properties(n)").rows)
        everything += report_path.read_text(encoding="utf-8")
        yield report, names, everything, watch
    finally:
        store.close()


def test_nothing_escapes_and_every_record_is_counted(loaded: tuple[IngestReport, set[str], str, Watch]) -> None:
    report, _, _, _ = loaded
    assert report.totals["read"] > 100
    for counts in report.sources.values():
        assert counts.read == counts.loaded + counts.rejected, counts


def test_no_network_and_no_file_outside_the_input(loaded: tuple[IngestReport, set[str], str, Watch]) -> None:
    _, _, everything, watch = loaded
    assert watch.seen == []
    assert SECRET not in everything


@pytest.mark.parametrize("fmt", ["marcxml", "mods", "oai", "lido", "ead", "marc21", "marcjson", "nypl", "mapped",
                                 "linked_art", "moma", "tate", "aic", "cmoa"])
def test_every_good_record_in_a_damaged_file_loads(corpus: tuple[Path, list[Case], Watch],
                                                   loaded: tuple[IngestReport, set[str], str, Watch],
                                                   fmt: str) -> None:
    _, cases, _ = corpus
    _, names, _, _ = loaded
    missing = {case.name: [g for g in case.good if g not in names] for case in cases if case.format == fmt}
    assert not {k: v for k, v in missing.items() if v}, "good records lost"


def test_attacks_are_refused_with_a_reason(corpus: tuple[Path, list[Case], Watch],
                                           loaded: tuple[IngestReport, set[str], str, Watch]) -> None:
    folder, _, _ = corpus
    report, _, _, _ = loaded
    reasons = Path(report.rejected_report or "").read_text(encoding="utf-8")
    for fmt in ("marcxml", "mods", "oai", "lido", "ead"):
        for name in ("xxe-utf8", "xxe-utf-16", "xxe-utf-16-be", "xxe-utf7", "xxe-after-1mib-comment", "xxe-fifo"):
            line = next(ln for ln in reasons.splitlines() if f"{fmt}/{name}.xml" in ln)
            assert "external entity" in line, line
    assert reasons.count("is not a context shipped with glamgraph") >= 7
    assert "an unterminated quote?" in reasons and "Artists.csv" in reasons
    assert "is a FIFO, not a regular file" in reasons


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GLAMGRAPH_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, str(REPO / "cli.py"), *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=600)


def test_the_cli_shows_no_traceback(corpus: tuple[Path, list[Case], Watch], tmp_path: Path) -> None:
    folder, _, _ = corpus
    done = _cli("ingest", str(folder / "marc21"), str(folder / "special"), "--format", "marcxml", "--dry-run",
                data_dir=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    fifo = _cli("ingest", str(folder / "special" / "fifo.xml"), "--format", "marcxml", data_dir=tmp_path)
    assert fifo.returncode != 0 and "is a FIFO, not a regular file" in fifo.stderr and "Traceback" not in fifo.stderr
    moma = _cli("ingest", str(folder / "moma"), "--format", "moma", data_dir=tmp_path)
    assert moma.returncode == 0 and "Traceback" not in moma.stderr, moma.stderr
    assert re.search(r"read [\d,]+ = loaded [\d,]+ \+ rejected [1-9]", moma.stdout), moma.stdout
