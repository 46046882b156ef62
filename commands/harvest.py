"""`glamgraph harvest URL`: fetch ListRecords pages from an OAI-PMH endpoint, then ingest them.

The sync state remembers, per endpoint, set and metadata prefix, the server's date at the last
complete harvest, so the next one asks only for what changed since (`from`), and what an
interrupted harvest kept, so the next run goes on from there.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

import settings
from commands.common import institution_options


@click.command()
@click.argument("url")
@click.option("--prefix", default="oai_dc", show_default=True, help="metadataPrefix to ask for (oai_dc or mods).")
@click.option("--from", "from_", metavar="DATE",
              help="Only records changed on or after DATE (default: since the last complete harvest of this "
                   "endpoint and set).")
@click.option("--until", metavar="DATE", help="Only records changed on or before DATE.")
@click.option("--set", "set_spec", metavar="SPEC", help="Only this OAI set.")
@click.option("--full", is_flag=True,
              help="Harvest everything again; records of the source the endpoint no longer lists are removed.")
@click.option("--max-pages", type=click.IntRange(1), help="Stop after this many pages.")
@click.option("--max-bytes", type=click.IntRange(1024), default=64 * 1024 * 1024, show_default=True,
              help="Refuse a response larger than this.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for each response.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the harvested pages (default: <data dir>/harvests/<host>-<time>).")
@click.option("--source", metavar="NAME", help="Source name for record ids (default: the host name).")
@institution_options
@click.option("--no-ingest", is_flag=True, help="Only save the pages; do not read them.")
@click.option("--dry-run", is_flag=True, help="Harvest and read; write nothing to the graph.")
@click.option("--json", "as_json", is_flag=True, help="Print the ingest counts as JSON.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the embedded graph [env GLAMGRAPH_DATA_DIR].")
@click.option("--neo4j", "neo4j_uri", metavar="URI", help="Use this Neo4j server instead of the embedded graph.")
def harvest(url: str, prefix: str, from_: str | None, until: str | None, set_spec: str | None, full: bool,
            max_pages: int | None, max_bytes: int, timeout: float, out_dir: Path | None, source: str | None,
            institution: str | None, institution_name: str | None, institution_kind: str, licence: str | None,
            no_ingest: bool,
            dry_run: bool, as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Harvest records from the OAI-PMH endpoint at URL (ListRecords, following resumption tokens).

    The pages are saved to a folder, then read with the `oai` reader and loaded like `ingest`.
    The first harvest of an endpoint (or --full) is a snapshot of the source: records it no
    longer lists are removed. Later harvests ask only for what changed since the last complete
    one; records the server reports as deleted are removed. An interrupted harvest ingests what
    it kept, says so, and the same command goes on from where it stopped.
    """
    from commands.ingest import run_ingest
    from graph.build import Input, state_path_for
    from graph.state import SyncState
    from ingest.harvest import HarvestError, HarvestInterrupted
    from ingest.harvest import harvest as run_harvest
    from ingest.model import Institution
    from ingest.registry import get_format

    host = (urlsplit(url).hostname or "oai").replace(".", "_")
    name = source or host
    owner = Institution(institution or name, institution_name or institution or name, institution_kind,  # type: ignore[arg-type]
                        licence)
    fmt = get_format("oai")
    key = (url, set_spec or "", prefix)
    remember = not (dry_run or no_ingest or until)  # a partial window is not "everything up to now"
    state = SyncState(state_path_for(data_dir, neo4j_uri)) if remember else None
    try:
        last, resume = state.harvest_state(*key) if state else (None, None)
        if resume and (from_ or full):
            resume = None  # the user asked for something else: start that instead
        if resume:
            out_dir = Path(resume["dir"])
            mode, from_ = resume["mode"], resume.get("from")
            kept = sorted(out_dir.glob("page-*.xml"))
            _say(as_json, f"resuming the harvest interrupted after {len(kept)} pages ({resume['records']:,} records "
                          f"kept in {out_dir})")
        else:
            mode = "full" if full or (not from_ and not last) else "incremental"
            from_ = from_ or (last if mode == "incremental" else None)
            out_dir = out_dir or (data_dir or settings.data_dir()) / "harvests" / f"{host}-{datetime.now():%Y%m%d-%H%M%S}"
            kept = []
            if from_ and not as_json:
                click.echo(f"harvesting records changed since {from_}", err=True)

        def progress(pages: int, records: int) -> None:
            _say(as_json, f"  page {len(kept) + pages}: {records:,} records so far")

        try:
            result = run_harvest(url, out_dir, prefix=prefix, from_=from_, until=until, set_spec=set_spec,
                                 max_pages=max_pages, max_bytes=max_bytes, timeout=timeout, progress=progress,
                                 start_token=resume.get("token") if resume else None, first_page=len(kept) + 1)
        except HarvestInterrupted as exc:
            if resume and exc.token is None and not exc.result.pages:
                # The server no longer knows the token: ask again from the start, into the same folder.
                result = run_harvest(url, out_dir, prefix=prefix, from_=from_, until=until, set_spec=set_spec,
                                     max_pages=max_pages, max_bytes=max_bytes, timeout=timeout,
                                     progress=progress, first_page=len(kept) + 1)
            else:
                _interrupted(exc, key, kept, resume, mode, from_, out_dir, state, owner, name, fmt, as_json,
                             data_dir, neo4j_uri, dry_run, no_ingest)
                return
        pages = [*kept, *result.pages]
        total = f" of {result.complete_list_size:,}" if result.complete_list_size else ""
        _say(as_json, f"harvested {result.records:,}{total} records in {len(result.pages)} pages into {out_dir}"
                      + (" (the server has no records matching the request)" if result.no_records else ""))
        if not (no_ingest or not pages):
            inputs = [Input(page, fmt, name, owner) for page in pages]
            run_ingest(inputs, dry_run=dry_run, blind_ids=False, report_path=None, batch_size=None, as_json=as_json,
                       data_dir=data_dir, neo4j_uri=neo4j_uri, append=True,
                       snapshot_sources=[name] if mode == "full" and not max_pages else None)
        if state is not None and not max_pages:
            started = (resume or {}).get("response_date") or result.response_date
            state.put_harvest_state(*key, started or last, None)
    except HarvestError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if state is not None:
            state.close()


def _say(as_json: bool, text: str) -> None:
    if not as_json:
        click.echo(text, err=True)


def _interrupted(exc: Any, key: tuple[str, str, str], kept: list[Path], resume: dict[str, Any] | None, mode: str,
                 from_: str | None, out_dir: Path, state: Any, owner: Any, name: str, fmt: Any, as_json: bool,
                 data_dir: Path | None, neo4j_uri: str | None, dry_run: bool, no_ingest: bool) -> None:
    """Ingest what an interrupted harvest kept (adding, not removing), remember where to go on, say so."""
    from commands.ingest import run_ingest
    from graph.build import Input

    pages = [*kept, *exc.result.pages]
    records = (resume or {}).get("records", 0) + exc.result.records
    if pages and not no_ingest:
        run_ingest([Input(p, fmt, name, owner) for p in pages], dry_run=dry_run, blind_ids=False, report_path=None,
                   batch_size=None, as_json=as_json, data_dir=data_dir, neo4j_uri=neo4j_uri, append=True)
    if state is not None:
        state.put_harvest_state(*key, state.harvest_state(*key)[0], {
            "dir": str(out_dir), "token": exc.token, "records": records, "mode": mode, "from": from_,
            "response_date": (resume or {}).get("response_date") or exc.result.response_date})
    again = ("go on from the last page" if exc.token else
             "ask the server again from the start (it no longer accepts the resumption token)")
    raise click.ClickException(
        f"{exc} - the harvest stopped after {len(pages)} pages: {records:,} records were kept in {out_dir}"
        + (" and ingested" if pages and not no_ingest else "")
        + f". Run the same command again to {again}.")
