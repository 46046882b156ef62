"""`glamgraph serve`: keep the embedded graph open so that reading it costs no load."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from commands.common import DATA_DIR_HELP, opened_store


@click.command()
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=DATA_DIR_HELP)
def serve(data_dir: Path | None) -> None:
    """Keep the embedded graph open until Ctrl-C.

    Loading a graph takes seconds (far more at a million records); while it is served, commands
    that only read it (stats, query, pairs, export, link review and evaluate, the app) read it
    through this process and start answering at once. Commands that change the graph (ingest,
    remove, link run and decide) are refused until it stops: this process stays the only writer.
    """
    with opened_store(data_dir, None) as store:
        click.echo(f"Serving the graph in {store.data_dir} (pid {os.getpid()}); Ctrl-C stops.", err=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            click.echo("Stopping ...", err=True)
