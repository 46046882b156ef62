"""The `glamgraph` command line: registers the commands of `commands/` (each a thin layer over
ingest/, graph/ and queries/). Nothing imports this module back."""

from __future__ import annotations

import click

from commands.app import app, demo
from commands.export import export
from commands.extract import extract
from commands.harvest import harvest
from commands.ingest import ingest
from commands.link import link
from commands.mapping import mapping
from commands.pairs import pairs
from commands.query import query, stats
from commands.remove import remove
from commands.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="glamgraph")
def main() -> None:
    """glamgraph: library, museum and archive catalogues linked into one knowledge graph.

    The same person, place or theme described by several institutions becomes one node, with
    the evidence for each link kept beside it. The embedded graph is the default; --neo4j (or
    GLAMGRAPH_NEO4J_URI) sends everything to a Neo4j 5 server instead.
    """


for command in (ingest, remove, stats, query, demo, app, link, harvest, extract, export, pairs, mapping, serve):
    main.add_command(command)

if __name__ == "__main__":
    main()
