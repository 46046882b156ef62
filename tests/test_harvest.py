"""The OAI-PMH harvester against a small server started here on 127.0.0.1 that serves the real files.

The server splits the real Harvard LibraryCloud ListRecords page (dc_oai_dpla/oai-page.xml,
10 MODS records, with its real resumption token) into two pages: records 1-5 with the real
token, records 6-10 with an empty token that ends the list. oai_dc requests get the real
David Rumsey and Ohio hub records in one ListRecords page.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from cli import main
from ingest.harvest import HarvestError, harvest

PORTS = range(8701, 8710)
TOKEN = "AoEuYXJuMDAwMDdjMDAwMTE=:botanicals:10:mods"  # the token in the real oai-page.xml


def _pages(sample_dir: Path) -> dict[str, bytes]:
    text = (sample_dir / "dc_oai_dpla" / "oai-page.xml").read_text(encoding="utf-8")
    head, rest = text.split("<record>", 1)
    records = ["<record>" + r for r in rest.split("<record>")]
    records[-1], tail = records[-1].split("<resumptionToken", 1)
    tail = "<resumptionToken" + tail
    assert TOKEN in tail and len(records) == 10
    first = head + "".join(records[:5]) + tail
    last = head + "".join(records[5:]) + re.sub(r"<resumptionToken[^>]*>.*?</resumptionToken>",
                                                 '<resumptionToken completeListSize="10"/>', tail)
    dc_records = []
    for name in ("rumsey.xml", "wi.xml"):
        record = (sample_dir / "dc_oai_dpla" / name).read_text(encoding="utf-8")
        dc_records.append(re.sub(r"^<\?xml[^>]*>\s*", "", record))
    dc_page = ('<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>'
               + "".join(r.replace("<record>", '<record xmlns="http://www.openarchives.org/OAI/2.0/">', 1)
                         for r in dc_records) + "</ListRecords></OAI-PMH>")
    return {"first": first.encode(), "last": last.encode(), "dc": dc_page.encode()}


class OAIServer:
    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.requests: list[dict[str, list[str]]] = []
        self.busy = 0  # answer this many requests with 503 Retry-After first

    def answer(self, query: dict[str, list[str]]) -> bytes:
        self.requests.append(query)
        token = query.get("resumptionToken", [None])[0]
        prefix = query.get("metadataPrefix", [None])[0]
        if token == TOKEN:
            return self.pages["last"]
        if token or query.get("verb") != ["ListRecords"]:
            return self._error("badResumptionToken" if token else "badVerb", "not understood")
        if prefix == "mods":
            return self.pages["first"]
        if prefix == "oai_dc":
            if query.get("from") == ["2030-01-01"]:
                return self._error("noRecordsMatch", "no records changed since then")
            return self.pages["dc"]
        return self._error("cannotDisseminateFormat", f"no {prefix}")

    @staticmethod
    def _error(code: str, text: str) -> bytes:
        return (f'<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                f'<error code="{code}">{text}</error></OAI-PMH>').encode()


@pytest.fixture
def oai_server(sample_dir: Path) -> Iterator[tuple[str, OAIServer]]:
    state = OAIServer(_pages(sample_dir))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            if state.busy:
                state.busy -= 1
                self.send_response(503)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = state.answer(parse_qs(parts.query)) if parts.path == "/oai" else b"not here"
            self.send_response(200 if parts.path == "/oai" else 404)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = None
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    if server is None:
        pytest.skip("no free port in 127.0.0.1:8701-8709")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oai", state
    finally:
        server.shutdown()
        server.server_close()


def test_harvest_follows_the_resumption_token(oai_server: tuple[str, OAIServer], tmp_path: Path) -> None:
    url, state = oai_server
    result = harvest(url, tmp_path / "pages", prefix="mods", from_="2021-01-01", until="2021-12-31",
                     set_spec="botanicals")
    assert len(result.pages) == 2 and result.records == 10 and result.complete_list_size == 10
    first, second = state.requests
    assert first == {"verb": ["ListRecords"], "metadataPrefix": ["mods"], "from": ["2021-01-01"],
                     "until": ["2021-12-31"], "set": ["botanicals"]}
    assert second == {"verb": ["ListRecords"], "resumptionToken": [TOKEN]}  # nothing else, as OAI-PMH requires


def test_harvest_command_ingests_both_pages(oai_server: tuple[str, OAIServer], tmp_path: Path) -> None:
    url, _ = oai_server
    result = CliRunner().invoke(main, ["harvest", url, "--prefix", "mods", "--out", str(tmp_path / "pages"),
                                       "--source", "harvard", "--dry-run", "--json",
                                       "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    (source,) = counts["sources"]
    assert (source["source"], source["files"], source["read"], source["loaded"], source["rejected"]) == (
        "harvard", 2, 10, 10, 0)


def test_harvest_oai_dc_into_the_graph(oai_server: tuple[str, OAIServer], tmp_path: Path) -> None:
    url, _ = oai_server
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["harvest", url, "--out", str(tmp_path / "dc"), "--source", "hubs",
                                       "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "harvested 2 records in 1 pages" in result.output
    assert "read 2 = loaded 2 + rejected 0" in result.output
    from graph.store.falkordb_store import FalkorDBStore

    store = FalkorDBStore(data)
    try:
        titles = store.query("MATCH (r:Record {source: $s}) RETURN r.title ORDER BY r.title", {"s": "hubs"}).rows
    finally:
        store.close()
    # The first dc:title / dcterms:title of rumsey.xml and wi.xml.
    assert [t[0] for t in titles] == [
        "City of Calcutta. Published under the direction of Colonel S.G. Burrard, R.E.F.R.S.. Officiating Surveyor "
        "General of India. September 1911. With additions and corrections to April 1912.",
        "Valrie Kantorski & Ann Pope"]


def test_no_records_match_is_an_empty_harvest(oai_server: tuple[str, OAIServer], tmp_path: Path) -> None:
    url, _ = oai_server
    result = harvest(url, tmp_path / "none", from_="2030-01-01")
    assert result.no_records and result.pages == [] and result.records == 0


def test_oai_errors_and_limits_are_clear(oai_server: tuple[str, OAIServer], tmp_path: Path) -> None:
    url, _ = oai_server
    with pytest.raises(HarvestError, match="cannotDisseminateFormat: no marc21"):
        harvest(url, tmp_path / "x", prefix="marc21")
    with pytest.raises(HarvestError, match="larger than the 2,048-byte limit"):
        harvest(url, tmp_path / "y", prefix="mods", max_bytes=2048)
    with pytest.raises(HarvestError, match="Not an http"):
        harvest("file:///etc/passwd", tmp_path / "z")


def test_503_retry_after_is_waited_out(oai_server: tuple[str, OAIServer], tmp_path: Path) -> None:
    url, state = oai_server
    state.busy = 1
    result = harvest(url, tmp_path / "busy", prefix="mods")
    assert result.records == 10 and state.busy == 0
    state.busy = 5
    with pytest.raises(HarvestError, match="HTTP 503"):
        harvest(url, tmp_path / "busier", prefix="mods", max_pages=1)
