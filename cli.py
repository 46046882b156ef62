"""The `glamgraph` command line: a thin layer over ingest/, graph/ and queries/."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

if __name__ == "__main__":
    # Run through the importable module `cli`, not `__main__`: the command modules import
    # helpers from `cli`, and a second copy of this file would import them half-built.
    import cli as _cli

    _cli.main()
    raise SystemExit(0)

import settings
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
    from graph.open_store import open_store

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="glamgraph")
def main() -> None:
    """glamgraph: library, museum and archive catalogues linked into one knowledge graph.

    The same person, place or theme described by several institutions becomes one node, with
    the evidence for each link kept beside it. The embedded graph is the default; --neo4j (or
    GLAMGRAPH_NEO4J_URI) sends everything to a Neo4j 5 server instead.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", metavar="NAME", help="Reader to use (default: detected from content).")
@click.option("--source", metavar="NAME", help="Source name for record ids (default: the preset's or the folder's).")
@institution_options
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing to the graph.")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read CSV / JSON / JSON Lines with this TOML mapping file (see docs/mapping.md).")
@click.option("--blind-ids", is_flag=True, help="Link without authority ids (to measure name-based linking).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the rejected-records report (JSON Lines).")
@click.option("--batch-size", type=click.IntRange(1), help="Rows per UNWIND batch [env GLAMGRAPH_BATCH_SIZE].")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
def ingest(paths: tuple[Path, ...], format_name: str | None, source: str | None, institution: str | None,
           institution_name: str | None, institution_kind: str, dry_run: bool, mapping_path: Path | None,
           blind_ids: bool,
           report_path: Path | None, batch_size: int | None, as_json: bool, data_dir: Path | None,
           neo4j_uri: str | None) -> None:
    """Read catalogue files or folders and load them into the graph.

    Prints records read = loaded + rejected per source; rejected records go to a report.
    """
    from graph.build import Input
    from ingest.model import Institution
    from ingest.registry import UnknownFormatError, expand, get_format

    try:
        fmt = get_format(format_name) if format_name else None
        if mapping_path is not None:
            from ingest.readers.mapped import MappingError, format_for

            try:
                fmt = format_for(mapping_path)
            except MappingError as exc:
                raise click.ClickException(str(exc)) from None
            source = source or (fmt.mapping.source if fmt.mapping else None)
            if fmt.mapping and fmt.mapping.institution and not institution:
                mapped = fmt.mapping.institution
                institution, institution_name, institution_kind = mapped.id, mapped.name, mapped.kind
        if not any(expand(path, fmt) for path in paths):
            raise click.ClickException(f"No catalogue files found in {', '.join(map(str, paths))}.")
    except (UnknownFormatError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    inputs = []
    skipped: list[Path] = []
    for path in paths:
        # Files found under one folder the user named share one source (the folder's name).
        name = source or (path.stem if path.is_file() else path.resolve().name)
        owner = Institution(institution or name, institution_name or institution or name, institution_kind)  # type: ignore[arg-type]
        for found, f in expand(path, fmt, skipped):
            inputs.append(Input(found, f, None if f.preset else name, None if f.preset else owner))
    report_skipped(skipped)
    _run_ingest(inputs, dry_run=dry_run, blind_ids=blind_ids, report_path=report_path, batch_size=batch_size,
                as_json=as_json, data_dir=data_dir, neo4j_uri=neo4j_uri)


def report_skipped(skipped: list[Path]) -> None:
    """Say which files in the given folders were not read (not catalogue files, or not the --format)."""
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        click.echo(f"Skipped {len(skipped)} file(s) that are not catalogue files of a known format: {shown}", err=True)


def _run_ingest(inputs: list[Any], *, dry_run: bool, blind_ids: bool, report_path: Path | None,
                batch_size: int | None, as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    from graph.build import ingest as run
    from graph.decisions import decisions_path
    from graph.linking import Thresholds

    base = data_dir or settings.data_dir()
    try:
        thresholds = Thresholds.from_settings()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    linking = {"decisions_file": decisions_path(base), "thresholds": thresholds}
    report_path = report_path or base / "reports" / f"rejected-{datetime.now():%Y%m%d-%H%M%S}.jsonl"
    progress = ProgressPrinter(enabled=not as_json)
    size = batch_size or settings.batch_size()
    if dry_run:
        report = run(inputs, None, report_path=report_path, batch_size=size, use_ids=not blind_ids, progress=progress,
                     **linking)
    else:
        with opened_store(data_dir, neo4j_uri) as store:
            report = run(inputs, store, report_path=report_path, batch_size=size, use_ids=not blind_ids,
                         progress=progress, extract=settings.extract_enabled(), **linking)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
        return
    click.echo(f"{'source':<24} {'files':>5} {'read':>8} {'loaded':>8} {'rejected':>8} {'warnings':>8}")
    for c in report.sources.values():
        click.echo(f"{c.source:<24} {c.files:>5} {c.read:>8,} {c.loaded:>8,} {c.rejected:>8,} {c.warnings:>8,}")
    t = report.totals
    click.echo(f"read {t['read']:,} = loaded {t['loaded']:,} + rejected {t['rejected']:,}"
               f"{' (dry run: nothing written)' if dry_run else ''}")
    click.echo(f"aliases {report.aliases:,}; entities " + ", ".join(f"{k} {v:,}" for k, v in report.entities.items()))
    if report.moved_aliases:
        click.echo(f"{report.moved_aliases:,} aliases moved to another entity (their record edges moved too)")
    if report.extraction:
        x = report.extraction
        click.echo(f"found in text: {x['hits']:,} MENTIONS ({x['cross_institution']:,} of entities another "
                   f"institution catalogues) in {x['texts']:,} texts")
    if t["rejected"] or t["warnings"]:
        click.echo(f"rejected records and warnings, with reasons: {report.rejected_report}")
    click.echo(f"{report.seconds:.1f} s")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
def stats(as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Counts by institution, label and relationship type."""
    with opened_store(data_dir, neo4j_uri) as store:
        counts = store.counts()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(f"engine: {counts['engine']}")
    click.echo("institutions:")
    for i in counts["institutions"]:
        click.echo(f"  {i['id']:<12} {i['kind']:<8} records {i['records']:>7,}  aliases {i['aliases']:>7,}  {i['name']}")
    click.echo("labels:")
    for label, n in counts["labels"].items():
        click.echo(f"  {label:<14} {n:>9,}")
    click.echo("relationships:")
    for rel, n in counts["relationships"].items():
        click.echo(f"  {rel:<14} {n:>9,}")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        if "=" not in value:
            raise click.BadParameter(f"'{value}' is not key=value.", param_hint="--param")
        key, _, raw = value.partition("=")
        params[key.strip().lstrip("$")] = raw
    return params


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "param_values", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="Output format.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@store_options
def query(name: str | None, param_values: tuple[str, ...], list_queries: bool, output: str, as_json: bool,
          data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Run a named query from queries/ (read-only), or list them with --list."""
    import queries

    output = "json" if as_json else output
    try:
        library = queries.load_all()
        if list_queries or not name:
            described = [q.describe() for q in library.values()]
            if output == "json":
                click.echo(json.dumps(described, indent=2))
            else:
                for q in described:
                    params = ", ".join(f"${p['name']} ({p['type']}, e.g. {p['example']})" for p in q["parameters"])
                    click.echo(f"{q['name']}: {q['description']}" + (f"\n    params: {params}" if params else ""))
            return
        named = queries.get(name)
        params = named.bind(_parse_params(param_values))
    except queries.QueryError as exc:
        raise click.ClickException(str(exc)) from None
    with opened_store(data_dir, neo4j_uri) as store:
        result = store.query(named.text(store.engine), params)
    if output == "json":
        click.echo(json.dumps(result.records(), indent=2, ensure_ascii=False, default=str))
    elif output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([[json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for v in row]
                          for row in result.rows])
    else:
        click.echo(" | ".join(result.columns))
        for row in result.rows:
            click.echo(" | ".join("" if v is None else str(v) for v in row))
        click.echo(f"({len(result.rows)} rows)")


def _sample_inputs(sample_dir: Path) -> list[Any]:
    from graph.build import Input
    from ingest.registry import expand, get_format
    from ingest.samples import sample_plan

    plan = sample_plan(sample_dir)
    if not plan:
        raise click.ClickException(
            f"No sample catalogues found in {sample_dir}. Set GLAMGRAPH_SAMPLE_DIR to the folder of the sample data."
        )
    inputs = []
    for sample in plan:
        fmt = get_format(sample.format)
        for path, found in expand(sample_dir / sample.path, fmt):
            inputs.append(Input(path, found, sample.source, sample.institution))
    return inputs


@main.command()
@click.option("--sample-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the sample catalogues [env GLAMGRAPH_SAMPLE_DIR].")
@click.option("--no-app", is_flag=True, help="Only ingest; do not start the app.")
@click.option("--port", default=8501, show_default=True, help="Port of the app on 127.0.0.1.")
@store_options
def demo(sample_dir: Path | None, no_app: bool, port: int, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Ingest the sample catalogues, then start the app."""
    sample_dir = sample_dir or settings.sample_dir()
    click.echo(f"Ingesting the sample catalogues in {sample_dir} ...")
    _run_ingest(_sample_inputs(sample_dir), dry_run=False, blind_ids=False, report_path=None, batch_size=None,
                as_json=False, data_dir=data_dir, neo4j_uri=neo4j_uri)
    if not no_app:
        _start_app(port, data_dir, neo4j_uri)


@main.command()
@click.option("--port", default=8501, show_default=True, help="Port of the app on 127.0.0.1.")
@store_options
def app(port: int, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Start the Streamlit explorer on 127.0.0.1 (no usage statistics are sent)."""
    _start_app(port, data_dir, neo4j_uri)


def _start_app(port: int, data_dir: Path | None, neo4j_uri: str | None) -> None:
    env = dict(os.environ)
    if data_dir:
        env["GLAMGRAPH_DATA_DIR"] = str(data_dir)
    if neo4j_uri:
        env["GLAMGRAPH_NEO4J_URI"] = neo4j_uri
    command = [
        sys.executable, "-m", "streamlit", "run", str(settings.REPO_ROOT / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
    ]
    click.echo(f"Starting the app on http://127.0.0.1:{port} (Ctrl-C stops it)")
    try:
        subprocess.run(command, env=env, check=False)
    except KeyboardInterrupt:
        pass


from commands.link import link as link_group  # noqa: E402  (the group imports helpers defined above)

main.add_command(link_group)

from commands.harvest import harvest as _harvest  # noqa: E402

main.add_command(_harvest)

from commands.extract import extract as _extract  # noqa: E402  (commands import cli's helpers)

main.add_command(_extract)

from commands.export import export  # noqa: E402  (the command imports helpers defined above)

main.add_command(export)

from commands.pairs import pairs as _pairs  # noqa: E402  (commands import cli's helpers)

main.add_command(_pairs)
