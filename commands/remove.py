"""`glamgraph remove SOURCE [ID...]`: take records out of the graph on purpose."""

from __future__ import annotations

from pathlib import Path

import click

from commands.common import store_options


@click.command()
@click.argument("source")
@click.argument("ids", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
def remove(source: str, ids: tuple[str, ...], as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Remove records of SOURCE from the graph: the given IDs, or the whole source.

    An ID is a record's source id (e.g. artwork:T00903 for tate:artwork:T00903), its full
    record id, or the OAI-PMH identifier it was harvested under. Their edges go with them;
    people, places and themes no other record names disappear; curator decisions stay in the
    decisions file. A later ingest of files that still hold the records brings them back.
    """
    from commands.ingest import run_ingest

    report = run_ingest([], dry_run=False, blind_ids=False, report_path=None, batch_size=None, as_json=as_json,
                        data_dir=data_dir, neo4j_uri=neo4j_uri, remove=[(source, list(ids) or None)])
    if not report.totals["removed"]:
        what = f"records {', '.join(ids)} of {source}" if ids else f"records of source {source}"
        raise click.ClickException(f"No {what} in the graph; nothing removed.")
