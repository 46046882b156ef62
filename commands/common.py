"""What several commands share: the store options and opening, institution options, progress lines.

Imports nothing from `cli.py` or other command modules (cli.py imports the commands, never the reverse).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from graph.store import GraphStore, StoreError

DATA_DIR_HELP = "Folder of the embedded graph [env GLAMGRAPH_DATA_DIR]."
NEO4J_HELP = "Use the Neo4j server at this Bolt URI instead of the embedded graph [env GLAMGRAPH_NEO4J_URI]."


def institution_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--institution, --institution-name, --institution-kind: who holds the records read."""
    func = click.option("--institution-kind", type=click.Choice(["library", "museum", "archive"]), default="library",
                        show_default=True, help="What kind of institution holds the records.")(func)
    func = click.option("--institution-name", metavar="TEXT", help="Display name of that institution.")(func)
    return click.option("--institution", metavar="ID",
                        help="Institution id the records belong to (default: the source).")(func)


def store_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--neo4j", "neo4j_uri", metavar="URI", help=NEO4J_HELP)(func)
    func = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=DATA_DIR_HELP)(func)
    return func


@contextmanager
def opened_store(data_dir: Path | None, neo4j_uri: str | None) -> Iterator[GraphStore]:
    from graph.store.open_store import open_store

    try:
        store = open_store(data_dir, neo4j_uri)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield store
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


class ProgressPrinter:
    """Prints a line per stage, at most every two seconds, on stderr."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.done: dict[str, int] = {}
        self.last = 0.0

    def __call__(self, what: str, n: int) -> None:
        self.done[what] = self.done.get(what, 0) + n
        now = time.monotonic()
        if self.enabled and now - self.last > 2:
            self.last = now
            click.echo(f"  {what}: {self.done[what]:,}", err=True)
