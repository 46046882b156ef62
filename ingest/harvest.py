"""Harvesting an OAI-PMH endpoint: ListRecords pages, followed by resumption token.

Each response page is saved as it came (`page-0001.xml`, ...) in a folder, then read by the
`oai` reader like any other file, so a harvest can be inspected, re-read and re-ingested
without asking the server again. The first request carries metadataPrefix, from, until and
set; later ones only the resumptionToken, as the protocol requires.

A 503 answer with Retry-After (the protocol's flow control) is waited out and retried. A harvest
that fails after some pages raises `HarvestInterrupted` with what was kept and the token to go on
from, so the caller can ingest the kept pages and resume later (`start_token`, `first_page`).

Safety: only http(s) URLs; a timeout; each response is read up to `max_bytes` and refused
beyond; pages are parsed with the hardened parser (no DTD, no entities, no network), and a
page that declares an external entity is refused.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ingest.mods_mapping import lname, text_of
from ingest.xmlsafe import check_prolog, refusal, safe_parser

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
MAX_RETRY_AFTER = 120  # seconds; a server asking for longer is waited for only this long
USER_AGENT = "glamgraph-oai-harvester/0.1"


class HarvestError(RuntimeError):
    pass


@dataclass
class HarvestResult:
    pages: list[Path] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    records: int = 0  # <record> elements seen in the pages (deleted ones included)
    complete_list_size: int | None = None
    no_records: bool = False  # the server answered noRecordsMatch
    response_date: str | None = None  # the server's clock at the first answer: the next harvest's `from`


class HarvestInterrupted(HarvestError):
    """The harvest failed after some pages were saved: `result` holds them, `token` the resumption
    token to go on from (None when the server refused it: start again)."""

    def __init__(self, message: str, result: HarvestResult, token: str | None) -> None:
        super().__init__(message)
        self.result = result
        self.token = token


def first_request(base_url: str, prefix: str, from_: str | None = None, until: str | None = None,
                  set_spec: str | None = None) -> str:
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    if from_:
        params["from"] = from_
    if until:
        params["until"] = until
    if set_spec:
        params["set"] = set_spec
    return _with_query(base_url, params)


def _with_query(base_url: str, params: dict[str, str]) -> str:
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HarvestError(f"Not an http(s) OAI-PMH base URL: {base_url!r}")
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params)))


def fetch(url: str, max_bytes: int, timeout: float, retries: int = 2) -> bytes:
    """GET one page; a 503 with Retry-After (OAI-PMH flow control) is retried up to `retries` times."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/xml, application/xml"})
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
                body = response.read(max_bytes + 1)
            break
        except urllib.error.HTTPError as exc:
            wait = exc.headers.get("Retry-After", "") if exc.headers else ""
            if exc.code == 503 and attempt < retries and wait.strip().isdigit():
                time.sleep(min(int(wait), MAX_RETRY_AFTER))
                continue
            raise HarvestError(f"Request failed: {url}: HTTP {exc.code} {exc.reason}") from None
        except OSError as exc:  # URLError, timeouts
            raise HarvestError(f"Request failed: {url}: {exc}") from None
    if len(body) > max_bytes:
        raise HarvestError(f"Response to {url} is larger than the {max_bytes:,}-byte limit; refused")
    return body


def _page_info(path: Path) -> tuple[int, str | None, int | None, tuple[str, str] | None]:
    """(records, resumption token, completeListSize, (error code, message)) of one saved page."""
    root = _root(path)
    error = next((e for e in root if lname(e) == "error"), None)
    if error is not None:
        return 0, None, None, (error.get("code") or "", text_of(error) or "")
    listing = next((e for e in root if lname(e) == "ListRecords"), None)
    if listing is None:
        raise HarvestError(f"{path.name}: no <ListRecords> in the response")
    records = sum(1 for e in listing if lname(e) == "record")
    token_element = next((e for e in listing if lname(e) == "resumptionToken"), None)
    token = text_of(token_element) if token_element is not None else None
    size = token_element.get("completeListSize") if token_element is not None else None
    return records, token, int(size) if size and size.isdigit() else None, None


def _root(path: Path) -> Any:
    try:
        check_prolog(path)
        root = etree.parse(str(path), safe_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        raise HarvestError(f"{path.name}: {refusal(exc) or f'not well-formed XML: {exc.msg}'}") from None
    if lname(root) != "OAI-PMH":
        raise HarvestError(f"{path.name}: the server did not answer with OAI-PMH XML (root element <{lname(root)}>)")
    return root


def response_date(path: Path) -> str | None:
    """The <responseDate> of a saved answer."""
    found = next((e for e in _root(path) if lname(e) == "responseDate"), None)
    return text_of(found) if found is not None else None


def harvest(
    base_url: str,
    out_dir: Path,
    *,
    prefix: str = "oai_dc",
    from_: str | None = None,
    until: str | None = None,
    set_spec: str | None = None,
    max_pages: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
    start_token: str | None = None,
    first_page: int = 1,
) -> HarvestResult:
    """Fetch ListRecords pages into out_dir until the resumption token is empty.

    `start_token` goes on from a resumption token (an interrupted harvest), numbering pages from
    `first_page`. A failure after the first page raises HarvestInterrupted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = HarvestResult()
    url: str | None = (_with_query(base_url, {"verb": "ListRecords", "resumptionToken": start_token})
                       if start_token else first_request(base_url, prefix, from_, until, set_spec))
    token: str | None = start_token
    seen_tokens: set[str] = set()
    while url:
        if max_pages is not None and len(result.pages) >= max_pages:
            break
        result.requests.append(url)
        page = out_dir / f"page-{first_page + len(result.pages):04d}.xml"
        try:
            page.write_bytes(fetch(url, max_bytes, timeout))
            records, next_token, size, error = _page_info(page)
        except HarvestError as exc:
            page.unlink(missing_ok=True)
            if result.pages or start_token:
                raise HarvestInterrupted(str(exc), result, token) from None
            raise
        if error:
            page.unlink()
            code, message = error
            if code == "noRecordsMatch":
                result.no_records = True
                break
            if code == "badArgument" and from_ and "T" in from_ and not result.requests[1:] and not start_token:
                # A server with day granularity refuses a full timestamp: ask again by day.
                return harvest(base_url, out_dir, prefix=prefix, from_=from_[:10], until=until, set_spec=set_spec,
                               max_pages=max_pages, max_bytes=max_bytes, timeout=timeout, progress=progress)
            failure = f"The OAI-PMH server answered {code}: {message} ({url})"
            if result.pages or start_token:
                raise HarvestInterrupted(failure, result, None if code == "badResumptionToken" else token)
            raise HarvestError(failure)
        if result.response_date is None:
            result.response_date = response_date(page)
        token = next_token
        result.pages.append(page)
        result.records += records
        result.complete_list_size = size or result.complete_list_size
        if progress:
            progress(len(result.pages), result.records)
        if token and token in seen_tokens:
            raise HarvestError(f"The server sent the same resumptionToken twice ({token!r}); stopped to avoid a loop")
        if token:
            seen_tokens.add(token)
        url = _with_query(base_url, {"verb": "ListRecords", "resumptionToken": token}) if token else None
    return result
