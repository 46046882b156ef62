"""`glamgraph pairs`: ranked pairs of one record from each of two institutions, with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import click

from commands.common import opened_store, store_options


@click.command()
@click.argument("first")
@click.argument("second")
@click.option("--entity", metavar="ID", help="Only pairs that share this person/place/theme id.")
@click.option("--topic", metavar="TEXT", help="Only pairs whose shared entity or a title contains TEXT.")
@click.option("--limit", default=25, show_default=True, type=click.IntRange(1, 500), help="How many pairs.")
@click.option("--format", "output", type=click.Choice(["table", "csv", "markdown", "json"]), default="table",
              show_default=True, help="Output format (csv and markdown are the app's exports).")
@click.option("--output", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@store_options
def pairs(first: str, second: str, entity: str | None, topic: str | None, limit: int, output: str,
          out_path: Path | None, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Pairs of one record held by FIRST and one held by SECOND (institution ids, e.g. nls nga),
    strongest first, each with the reason in words and a strength from 0 to 1."""
    import queries
    from graph import pairs as finder

    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
        listing = queries.get("institutions")
        known = {row["id"] for row in store.query(listing.text(store.engine)).records()}
        for name in (first, second):
            if name not in known:
                raise click.BadParameter(f"no institution '{name}'; known: {', '.join(sorted(known))}.",
                                         param_hint="FIRST/SECOND")
        try:
            found = finder.find_pairs(store, first, second, entity=entity, topic=topic, limit=limit)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    rows = finder.table(found)
    if output == "csv":
        text = finder.to_csv(rows)
    elif output == "markdown":
        text = finder.to_markdown(rows, f"Paired records: {first} and {second}")
    elif output == "json":
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    else:
        lines = [f"{r['rank']:>3}. {r['strength']:.2f}  {r['a_title'][:45]}  <->  {r['b_title'][:45]}\n"
                 f"       {r['reason']}" for r in rows]
        text = "\n".join(lines) + f"\n({len(rows)} pairs)\n"
    if out_path:
        out_path.write_text(text, encoding="utf-8")
        click.echo(f"{len(rows)} pairs written to {out_path}")
    else:
        click.echo(text, nl=False)
