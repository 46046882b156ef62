"""`glamgraph export`: the graph out again, as neo4j-admin bulk-import files and as Linked Art."""

from __future__ import annotations

from pathlib import Path

import click

import settings
from commands.common import opened_store, store_options


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


@click.command()
@click.option("--neo4j-admin", "admin_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write node/relationship CSVs + headers for `neo4j-admin database import full` here.")
@click.option("--linked-art", "tree", type=click.Path(file_okay=False, path_type=Path),
              help="Write Linked Art documents here, one file per record and entity (<endpoint>/<id>.json).")
@click.option("--jsonl", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the same Linked Art documents to this file, one JSON document per line.")
@click.option("--turtle", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the same Linked Art graph as Turtle to this file.")
@click.option("--base", metavar="URI", help="Base URI of exported records and entities [env GLAMGRAPH_LD_BASE].")
@click.option("--limit", type=click.IntRange(1), help="Linked data only: at most this many nodes per label (a preview).")
@click.option("--page-size", type=click.IntRange(1), default=2000, show_default=True,
              help="Nodes read per query while exporting.")
@store_options
def export(admin_dir: Path | None, tree: Path | None, jsonl: Path | None, turtle: Path | None, base: str | None,
           limit: int | None, page_size: int, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Export the graph: neo4j-admin bulk-import files, Linked Art JSON-LD (a folder tree and/or
    JSON Lines), Turtle.

    Prints the size and the time of each export.
    """
    if not (admin_dir or tree or jsonl or turtle):
        raise click.UsageError("Say what to export: --neo4j-admin DIR, --linked-art DIR, --jsonl FILE and/or "
                               "--turtle FILE.")
    from graph.export import linked_art as export_linked_art
    from graph.export import neo4j_admin as export_neo4j_admin

    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
        if admin_dir:
            done = export_neo4j_admin.export(store, admin_dir, page=page_size)
            click.echo(f"neo4j-admin: {done.node_count:,} nodes, {done.relationship_count:,} relationships, "
                       f"{_size(done.bytes)} in {admin_dir} ({done.seconds:.1f} s)")
            if done.replaced_delimiters:
                click.echo(f"  {done.replaced_delimiters} values contained U+001F (the array delimiter); "
                           "it was replaced by a space")
            click.echo(f"  then run: sh {admin_dir / 'import.sh'} [database]")
        if tree or jsonl or turtle:
            done_ld = export_linked_art.export(store, tree=tree, jsonl=jsonl, turtle=turtle, page=page_size,
                                               limit=limit, base=base or settings.get("ld_base") or "")
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(done_ld.by_type.items()))
            click.echo(f"Linked Art: {done_ld.documents:,} documents ({kinds})")
            if tree:
                click.echo(f"  {done_ld.files:,} files in {tree}")
            if jsonl:
                click.echo(f"  JSON Lines: {_size(done_ld.jsonl_bytes)} in {jsonl}")
            if turtle:
                click.echo(f"Turtle: {done_ld.triples:,} triples, {_size(done_ld.turtle_bytes)} in {turtle}")
            click.echo(f"  linked data written in {done_ld.seconds:.1f} s")
