"""A small OAI-PMH data provider on 127.0.0.1 for the harvest tests: ListRecords with from/until,
sets, resumption tokens (pages of `page_size`), deleted records, and failures on demand.

Its records are REAL records of the sample (Tate artworks) written as oai_dc, so the harvested
graph has real titles, makers and subjects. The provider's clock is set by the test: datestamps
and responseDate are what the test says, so incremental harvests are deterministic.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

OAI = "http://www.openarchives.org/OAI/2.0/"


def dc_from_tate(data: dict) -> str:
    """A Tate artwork (JSON of the open dump) as an oai_dc element: title, makers, subjects, date."""
    parts = [f"<dc:title>{escape(data.get('title') or '')}</dc:title>"]
    parts += [f"<dc:creator>{escape(c['mda'])}</dc:creator>" for c in data.get("contributors") or [] if c.get("mda")]

    def leaves(node: dict) -> Iterator[str]:
        children = node.get("children") or []
        if not children and node.get("name"):
            yield node["name"]
        for child in children:
            yield from leaves(child)

    parts += [f"<dc:subject>{escape(s)}</dc:subject>" for s in leaves(data.get("subjects") or {})]
    if data.get("dateText"):
        parts.append(f"<dc:date>{escape(data['dateText'])}</dc:date>")
    if data.get("medium"):
        parts.append(f"<dc:description>{escape(data['medium'])}</dc:description>")
    if data.get("url"):
        parts.append(f"<dc:identifier>{escape(data['url'])}</dc:identifier>")
    return ('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">' + "".join(parts) + "</oai_dc:dc>")


@dataclass
class Provider:
    clock: str = "2026-01-01T00:00:00Z"
    page_size: int = 5
    records: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id -> (datestamp, dc or None: deleted)
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    fail_next: list[str] = field(default_factory=list)  # "badResumptionToken" or "http500", used up in order

    def put(self, identifier: str, dc: str | None) -> None:
        """Add, change (dc) or delete (None) a record now."""
        self.records[identifier] = (self.clock, dc)

    def answer(self, query: dict[str, list[str]]) -> tuple[int, bytes]:
        self.requests.append(query)
        one = {k: v[0] for k, v in query.items()}
        token = one.get("resumptionToken")
        if token and self.fail_next:
            failure = self.fail_next.pop(0)
            if failure == "http500":
                return 500, b"server error"
            return 200, self._error("badResumptionToken", "expired")
        if one.get("verb") != "ListRecords":
            return 200, self._error("badVerb", "only ListRecords here")
        if token:
            state = json.loads(token)
            start, since, until = state["start"], state["from"], state["until"]
        else:
            if one.get("metadataPrefix") != "oai_dc":
                return 200, self._error("cannotDisseminateFormat", "oai_dc only")
            start, since, until = 0, one.get("from"), one.get("until")
        chosen = sorted((i, d, x) for i, (d, x) in self.records.items()
                        if (not since or _day(d, since) >= since) and (not until or _day(d, until) <= until))
        if not chosen:
            return 200, self._error("noRecordsMatch", "nothing changed")
        page = chosen[start:start + self.page_size]
        body = []
        for identifier, datestamp, dc in page:
            status = ' status="deleted"' if dc is None else ""
            body.append(f"<record><header{status}><identifier>{escape(identifier)}</identifier>"
                        f"<datestamp>{datestamp}</datestamp></header>"
                        + (f"<metadata>{dc}</metadata>" if dc is not None else "") + "</record>")
        more = start + self.page_size < len(chosen)
        next_token = json.dumps({"start": start + self.page_size, "from": since, "until": until}) if more else ""
        body.append(f'<resumptionToken completeListSize="{len(chosen)}">{escape(next_token)}</resumptionToken>')
        return 200, self._wrap("<ListRecords>" + "".join(body) + "</ListRecords>")

    def _wrap(self, inner: str) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="{OAI}"><responseDate>{self.clock}'
                f"</responseDate>{inner}</OAI-PMH>").encode()

    def _error(self, code: str, text: str) -> bytes:
        return self._wrap(f'<error code="{code}">{text}</error>')


def _day(datestamp: str, bound: str) -> str:
    """Compare at the bound's granularity (a day bound against a full datestamp)."""
    return datestamp[: len(bound)]


@contextmanager
def serve(provider: Provider) -> Iterator[str]:
    """Run the provider on a free port of 127.0.0.1; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            status, body = provider.answer(parse_qs(parts.query))
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oai"
    finally:
        server.shutdown()
        server.server_close()


def tate_records(sample_dir: Path, count: int) -> list[tuple[str, dict]]:
    """`count` real Tate artworks spread over the dump: (OAI identifier, artwork JSON)."""
    files = sorted((sample_dir / "tate" / "artworks").rglob("*.json"))
    picked = files[:: max(1, len(files) // count)][:count]
    out = []
    for path in picked:
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((f"oai:tate.example:{data['acno']}", data))
    return out
