"""`glamgraph link ...`: re-link, review uncertain links, record curator decisions, evaluate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

import settings
from commands.common import echo_link_warnings, opened_store, store_options


@click.group()
def link() -> None:
    """Cross-institution linking: re-run it, review it, overrule it, measure it."""


@link.command("run")
@click.option("--blind-ids/--with-ids", "blind_ids", default=None,
              help="Link without / with authority ids from now on [default: as the graph is linked].")
@click.option("--auto-accept", type=click.FloatRange(0, 1), help="New auto-accept threshold (kept with the graph).")
@click.option("--review-min", type=click.FloatRange(0, 1), help="New review threshold (kept with the graph).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
def run(blind_ids: bool | None, auto_accept: float | None, review_min: float | None, as_json: bool,
        data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Re-link every alias in the graph (curator decisions applied) and move what changed.

    Without options the graph's own link settings are used (`glamgraph stats` shows them);
    --blind-ids / --with-ids and the thresholds change them for this and every later ingest."""
    from graph.build import ingest, state_path
    from graph.link.decisions import decisions_path
    from graph.link.linker import Thresholds
    from graph.link_settings import read_file

    base = data_dir or settings.data_dir()
    with opened_store(data_dir, neo4j_uri) as store:
        stored = read_file(state_path(store))
        thresholds = None
        if auto_accept is not None or review_min is not None:
            current = stored.thresholds if stored else Thresholds()
            thresholds = Thresholds(current.auto_accept if auto_accept is None else auto_accept,
                                    current.review_min if review_min is None else review_min)
            if thresholds.review_min > thresholds.auto_accept:
                raise click.BadParameter("--review-min must not exceed --auto-accept")
        elif stored is None:
            try:
                thresholds = Thresholds.from_settings()
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
        change = blind_ids is not None or thresholds is not None
        report = ingest([], store, report_path=base / "reports" / "link-run.jsonl",
                        use_ids=None if blind_ids is None else not blind_ids, decisions_file=decisions_path(base),
                        thresholds=thresholds, change_link_settings=change, relink=True)
    summary = {"entities": report.entities, "links_by_status": report.links_by_status,
               "moved_aliases": report.moved_aliases, "decisions": report.decisions,
               "warnings": report.link_warnings, "seconds": round(report.seconds, 2),
               "link_settings": report.link_settings}
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo("entities " + ", ".join(f"{k} {v:,}" for k, v in report.entities.items()))
    click.echo("links " + ", ".join(f"{k} {v:,}" for k, v in report.links_by_status.items()))
    click.echo(f"{report.moved_aliases:,} aliases moved; {report.decisions} curator decisions applied")
    click.echo(f"linked {report.link_settings}")
    echo_link_warnings(report.link_warnings)  # curator decisions skipped, ids not used, each with why


@link.command()
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True, help="Lowest score shown.")
@click.option("--max-score", type=click.FloatRange(0, 1), help="Scores below this are shown [default: the auto-accept threshold].")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@click.option("--kind", type=click.Choice(["Person", "Organization", "Place", "Theme"]),
              help="Only aliases of this kind (a curator reviewing places, say).")
@click.option("--source", help="Only aliases from this source (e.g. nls, moma).")
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
@store_options
def review(min_score: float, max_score: float | None, limit: int, kind: str | None, source: str | None,
           as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """List uncertain links (weakest first) with their evidence."""
    import queries

    named = queries.get("review_links")
    try:
        top = max_score if max_score is not None else settings.link_threshold("link_auto_accept")
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    params = named.bind({"min_score": min_score, "max_score": top, "limit": limit, "kind": kind, "source": source})
    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
        rows = store.query(named.text(store.engine), params).records()
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r['score']:.3f} {r['status']:<7} {r['alias']} '{r['alias_text']}' -> {r['entity']} "
                   f"'{r['entity_name']}'\n        {r['method']}: {r['evidence']}")
    click.echo(f"({len(rows)} links with {min_score} <= score < {top}; "
               "`glamgraph link decide accept|reject ALIAS --entity ID` to decide)")


@link.command()
@click.argument("action", type=click.Choice(["accept", "reject", "not_same", "merge"]))
@click.argument("alias")
@click.option("--entity", help="Canonical entity id: the link target (accept/reject) or where to merge the alias.")
@click.option("--other", help="not_same: the other alias key.")
@click.option("--note", default="", help="Why (kept with the decision).")
@click.option("--by", "by", default="", help="Who decided.")
@store_options
def decide(action: str, alias: str, entity: str | None, other: str | None, note: str, by: str,
           data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Record a curator decision in decisions.jsonl; it is applied on every rebuild
    (`glamgraph link run` applies it now)."""
    from graph.link.decisions import Decision, DecisionError, append_decision, decisions_path

    decision = Decision(action, alias, entity, other, note, by)  # type: ignore[arg-type]
    try:
        decision.check()
    except DecisionError as exc:
        raise click.UsageError(str(exc)) from None
    with opened_store(data_dir, neo4j_uri) as store:
        found = _existing(store, alias, entity, other)
    if found:
        raise click.ClickException(found)
    path = decisions_path(data_dir or settings.data_dir())
    append_decision(path, decision)
    click.echo(f"recorded in {path}: {action} {alias} " + (entity or other or ""))


def _existing(store: Any, alias: str, entity: str | None, other: str | None) -> str | None:
    """An error message if the decision names an alias or entity the graph does not have."""
    for key in filter(None, (alias, other)):
        if not store.query("MATCH (a:Alias {key: $key}) RETURN a.key", {"key": key}).rows:
            return f"No alias '{key}' in the graph (alias keys look like moma:constituent:123)."
    if entity and not store.query("MATCH (e) WHERE e.id = $id AND (e:Person OR e:Organization OR e:Place OR e:Theme) "
                                  "RETURN e.id", {"id": entity}).rows:
        return f"No entity '{entity}' in the graph (entity ids look like person:ulan:500115493)."
    return None


@link.command()
@click.option("--truth", "truth_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Ground truth CSV (source, record_id, name, authority_ids, entity_cluster_key).")
@click.option("--show", type=click.IntRange(0), default=10, show_default=True,
              help="How many worst false positives / negatives to print.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@store_options
def evaluate(truth_path: Path, show: int, as_json: bool, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Precision, recall and F1 of the graph's person links against ground truth, per source pair."""
    from graph.link.evaluate import TruthError, auto_only, graph_links, read_truth
    from graph.link.evaluate import evaluate as score

    try:
        truth = read_truth(truth_path)
    except TruthError as exc:
        raise click.ClickException(str(exc)) from None
    with opened_store(data_dir, neo4j_uri, read_only=True) as store:
        links = graph_links(store)
    result = score(truth, links, show=show)
    auto = score(truth, auto_only(links), show=0)
    if as_json:
        click.echo(json.dumps({**result.to_json(), "auto_only": auto.to_json()}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'pair':<24} {'':<13} {'precision':>9} {'recall':>7} {'f1':>7} {'tp':>6} {'fp':>4} {'fn':>4} "
               f"{'unknown':>7} {'suspect':>7} {'recall*':>7}")
    for both, only in zip([*result.pairs, result.overall], [*auto.pairs, auto.overall], strict=True):
        for label, c in (("auto + review", both), ("auto only", only)):
            f = c.figures()
            click.echo(f"{c.source_a + '-' + c.source_b:<24} {label:<13} {_fmt(f['precision']):>9} "
                       f"{_fmt(f['recall']):>7} {_fmt(f['f1']):>7} {c.tp:>6} {c.fp:>4} {c.fn:>4} {c.unknown:>7} "
                       f"{c.suspect_pairs:>7} {_fmt(f['recall_without_suspected_source_errors']):>7}")
    click.echo("auto + review: every link the graph holds; auto only: links in the review band left out. "
               "unknown: linked pairs with no id scheme in common (truth unknown, left out of precision); "
               "suspect: truth pairs that look like a source error (listed below); recall*: recall without them")
    if result.without_ids:
        click.echo(f"no authority ids in the truth file (cannot be scored): {', '.join(result.without_ids)}")
    if result.not_loaded:
        click.echo(f"not loaded (no record of theirs in the graph): {', '.join(result.not_loaded)}")
        unnamed = sorted({key.partition(":")[0] for key in links} - set(truth.sources))
        if unnamed:  # a mapped export loaded under another name than the truth file gives it
            click.echo(f"  the graph's sources the truth file does not name: {', '.join(unnamed)}; a source is "
                       "scored under the name the truth file gives it: set `name` in the mapping's [source] "
                       "(or ingest with --source) to that name")
    for title, items in (("worst false positives", result.false_positives),
                         ("worst false negatives", result.false_negatives),
                         ("suspected errors in the sources' ids", result.source_id_errors[:show])):
        if items:
            click.echo(f"\n{title}:")
        for d in items:
            a, b = d["a"], d["b"]
            click.echo(f"  {a['key']} '{a['name']}' {_life(a)} | {b['key']} '{b['name']}' {_life(b)}"
                       + (f"  [{d['reason']}]" if d.get("reason") else ""))
            for side in (a, b):
                click.echo(f"      {side['key']} -> {side['entity']} ({side['method']}, {side['score']}): {side['evidence']}")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _life(side: dict[str, Any]) -> str:
    return f"({side['born'] or '?'}-{side['died'] or ''})"
