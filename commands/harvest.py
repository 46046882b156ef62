"""`glamgraph harvest URL`: fetch ListRecords pages from an OAI-PMH endpoint, then ingest them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

import settings
from commands.common import institution_options


@click.command()
@click.argument("url")
@click.option("--prefix", default="oai_dc", show_default=True, help="metadataPrefix to ask for (oai_dc or mods).")
@click.option("--from", "from_", metavar="DATE", help="Only records changed on or after DATE (incremental harvest).")
@click.option("--until", metavar="DATE", help="Only records changed on or before DATE.")
@click.option("--set", "set_spec", metavar="SPEC", help="Only this OAI set.")
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
def harvest(url: str, prefix: str, from_: str | None, until: str | None, set_spec: str | None,
            max_pages: int | None, max_bytes: int, timeout: float, out_dir: Path | None, source: str | None,
            institution: str | None, institution_name: str | None, institution_kind: str, no_ingest: bool,
            dry_run: bool, as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Harvest records from the OAI-PMH endpoint at URL (ListRecords, following resumption tokens).

    The pages are saved to a folder, then read with the `oai` reader and loaded like `ingest`.
    """
    from commands.ingest import run_ingest
    from graph.build import Input
    from ingest.harvest import HarvestError
    from ingest.harvest import harvest as run_harvest
    from ingest.model import Institution
    from ingest.registry import get_format

    host = (urlsplit(url).hostname or "oai").replace(".", "_")
    out_dir = out_dir or (data_dir or settings.data_dir()) / "harvests" / f"{host}-{datetime.now():%Y%m%d-%H%M%S}"

    def progress(pages: int, records: int) -> None:
        if not as_json:
            click.echo(f"  page {pages}: {records:,} records so far", err=True)

    try:
        result = run_harvest(url, out_dir, prefix=prefix, from_=from_, until=until, set_spec=set_spec,
                             max_pages=max_pages, max_bytes=max_bytes, timeout=timeout, progress=progress)
    except HarvestError as exc:
        raise click.ClickException(str(exc)) from None
    if not as_json:
        total = f" of {result.complete_list_size:,}" if result.complete_list_size else ""
        click.echo(f"harvested {result.records:,}{total} records in {len(result.pages)} pages into {out_dir}"
                   + (" (the server has no records matching the request)" if result.no_records else ""))
    if no_ingest or not result.pages:
        return
    name = source or host
    owner = Institution(institution or name, institution_name or institution or name, institution_kind)  # type: ignore[arg-type]
    fmt = get_format("oai")
    inputs = [Input(page, fmt, name, owner) for page in result.pages]
    run_ingest(inputs, dry_run=dry_run, blind_ids=False, report_path=None, batch_size=None, as_json=as_json,
                data_dir=data_dir, neo4j_uri=neo4j_uri)
