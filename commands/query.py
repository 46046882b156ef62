"""`glamgraph stats` and `glamgraph query`: read the graph."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from commands.common import opened_store, store_options


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
def stats(as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Counts by institution, label and relationship type, and how the graph is linked."""
    from graph.build import state_path
    from graph.link_settings import read_file

    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
        counts = store.counts()
        linked = read_file(state_path(store))
    counts["link_settings"] = linked.as_dict() if linked else None
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(f"engine: {counts['engine']}")
    click.echo(f"linked: {linked.describe() if linked else 'not yet (no ingest)'}")
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


@click.command()
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
    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
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
