"""What several commands share: the store options and opening, institution options, progress lines.

Imports nothing from `cli.py` or other command modules (cli.py imports the commands, never the reverse).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from graph.store import GraphStore, StoreError

DATA_DIR_HELP = "Folder of the embedded graph [env GLAMGRAPH_DATA_DIR]."
NEO4J_HELP = "Use the Neo4j server at this Bolt URI instead of the embedded graph [env GLAMGRAPH_NEO4J_URI]."


def institution_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--institution, --institution-name, --institution-kind, --licence: who holds the records read,
    and under which licence they publish them."""
    func = click.option("--licence", metavar="LICENCE", callback=_licence,
                        help="The licence the records are published under, carried into every export: a URI, or "
                             "CC0, CC BY 4.0, Public Domain (presets know their own).")(func)
    func = click.option("--institution-kind", type=click.Choice(["library", "museum", "archive"]), default="library",
                        show_default=True, help="What kind of institution holds the records.")(func)
    func = click.option("--institution-name", metavar="TEXT", help="Display name of that institution.")(func)
    return click.option("--institution", metavar="ID",
                        help="Institution id the records belong to (default: the source).")(func)


def _licence(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from ingest.rights import licence_uri

    if value is None:
        return None
    uri = licence_uri(value)
    if uri is None:
        raise click.BadParameter(f"{value!r} names no licence: give its URI or CC0, CC BY 4.0, Public Domain")
    return uri


def store_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--neo4j", "neo4j_uri", metavar="URI", help=NEO4J_HELP)(func)
    func = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help=DATA_DIR_HELP)(func)
    return func


@contextmanager
def opened_store(data_dir: Path | None, neo4j_uri: str | None, *, read_only: bool = False) -> Iterator[GraphStore]:
    """The store, closed afterwards; errors as one line for the user. `read_only` commands read an
    embedded graph another process serves (the app, `glamgraph serve`) through that process."""
    from graph.store.open_store import open_store

    try:
        store = open_store(data_dir, neo4j_uri, read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    owner = getattr(store, "owner", None)
    if owner:
        click.echo(f"(reading the graph through pid {owner}, which serves it)", err=True)
    try:
        yield store
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


class ProgressPrinter:
    """A progress bar per stage on stderr (rich): count, rate, elapsed and, where the stage says
    its total, time left. Quiet when stderr is not a terminal (pipes, CI, `--json`). `done`
    keeps every stage's count either way (the --json report prints them)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.done: dict[str, int] = {}
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, what: str, n: int, total: int | None = None) -> None:
        self.done[what] = self.done.get(what, 0) + n
        if not self.enabled:
            return
        if self._bars is None:
            self._bars = _bars()
            self._bars.start()
        if what not in self._tasks:
            self._tasks[what] = self._bars.add_task(what, total=total)
        self._bars.update(self._tasks[what], advance=n, **({"total": total} if total is not None else {}))

    def close(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None

    def __enter__(self) -> ProgressPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bars() -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")

    return Progress(TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), Rate(),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True))


SHOWN_WARNINGS = 10  # link warnings printed; `--json` gives them all


def echo_link_warnings(warnings: list[str]) -> None:
    """Linking's warnings (unusable curator decisions, ids a source gives to several people) on stderr:
    the first SHOWN_WARNINGS, then how many more `--json` lists."""
    for warning in warnings[:SHOWN_WARNINGS]:
        click.echo(f"warning: {warning}", err=True)
    if len(warnings) > SHOWN_WARNINGS:
        click.echo(f"warning: ... and {len(warnings) - SHOWN_WARNINGS:,} more linking warnings (--json lists them all)",
                   err=True)
