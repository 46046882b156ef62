"""`glamgraph ingest` and the ingest run that `demo` and `harvest` share."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

import settings
from commands.common import ProgressPrinter, echo_link_warnings, institution_options, opened_store, store_options


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", metavar="NAME", help="Reader to use (default: detected from content).")
@click.option("--source", metavar="NAME", help="Source name for record ids (default: the preset's or the folder's).")
@institution_options
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing to the graph.")
@click.option("--append", is_flag=True,
              help="Add and update records only; records missing from these files are kept (default: removed).")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read CSV / JSON / JSON Lines with this TOML mapping file (see docs/mapping.md).")
@click.option("--blind-ids", is_flag=True,
              help="Link without authority ids (to measure name-based linking). Kept in the graph: later ingests "
                   "link the same way until `glamgraph link run --with-ids`.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the rejected-records report (JSON Lines).")
@click.option("--batch-size", type=click.IntRange(1), help="Rows per UNWIND batch [env GLAMGRAPH_BATCH_SIZE].")
@click.option("--max-rejected", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Exit with an error (status 1) when a source rejects more than this share of what it read.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
def ingest(paths: tuple[Path, ...], format_name: str | None, source: str | None, institution: str | None,
           institution_name: str | None, institution_kind: str, licence: str | None, dry_run: bool, append: bool,
           mapping_path: Path | None, blind_ids: bool,
           report_path: Path | None, batch_size: int | None, max_rejected: float, as_json: bool,
           data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Read catalogue files or folders and bring the graph in line with them.

    Each ingest is a snapshot of the files and folders named: new and changed records are
    written, unchanged ones are left alone, and records that were read from these paths before
    but are not in them any more are removed (--append keeps them). Prints records read =
    loaded + rejected per source; rejected records go to a report. A source that rejects
    everything (or more than --max-rejected of it) makes the exit status 1, with the first reasons.
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
            licence = licence or (fmt.mapping.licence if fmt.mapping else None)
        if not any(expand(path, fmt) for path in paths):
            raise click.ClickException(f"No catalogue files found in {', '.join(map(str, paths))}.")
    except (UnknownFormatError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    inputs = []
    skipped: list[Path] = []
    for path in paths:
        # Files found under one folder the user named share one source (the folder's name).
        name = source or (path.stem if path.is_file() else path.resolve().name)
        owner = Institution(institution or name, institution_name or institution or name,
                            institution_kind, licence)  # type: ignore[arg-type]
        for found, f in expand(path, fmt, skipped):
            inputs.append(Input(found, f, None if f.preset else name, None if f.preset else owner))
    report_skipped(skipped)
    run_ingest(inputs, dry_run=dry_run, blind_ids=blind_ids, report_path=report_path, batch_size=batch_size,
               as_json=as_json, data_dir=data_dir, neo4j_uri=neo4j_uri, append=append, scopes=list(paths),
               max_rejected=max_rejected)


def report_skipped(skipped: list[Path]) -> None:
    """Say which files in the given folders were not read (not catalogue files, or not the --format)."""
    if skipped:
        shown = ", ".join(str(p) for p in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        click.echo(f"Skipped {len(skipped)} file(s) that are not catalogue files of a known format: {shown}", err=True)


def run_ingest(inputs: list[Any], *, dry_run: bool, blind_ids: bool, report_path: Path | None,
               batch_size: int | None, as_json: bool, data_dir: Path | None, neo4j_uri: str | None,
               append: bool = False, scopes: list[Path] | None = None,
               remove: list[tuple[str, list[str] | None]] | None = None,
               snapshot_sources: list[str] | None = None, max_rejected: float | None = None) -> Any:
    from graph import link_settings
    from graph.build import ingest as run
    from graph.build import state_path_for
    from graph.link.decisions import decisions_path
    from graph.link.linker import Thresholds
    from graph.link_settings import LinkSettingsConflict

    base = data_dir or settings.data_dir()
    try:
        thresholds = Thresholds.from_settings()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    linking = {"decisions_file": decisions_path(base), "thresholds": thresholds, "append": append, "scopes": scopes,
               "remove": remove, "snapshot_sources": snapshot_sources}
    report_path = report_path or base / "reports" / f"rejected-{datetime.now():%Y%m%d-%H%M%S}.jsonl"
    size = batch_size or settings.batch_size()
    use_ids = False if blind_ids else None  # None: as the graph is linked already (graph.link_settings)
    try:
        with ProgressPrinter(enabled=not as_json) as progress:
            if dry_run:
                # Nothing is opened, but the dry run links as the real one would: with the settings
                # the graph is linked with (its sync state), and refuses what the real one refuses.
                stored = link_settings.read_file(state_path_for(data_dir, neo4j_uri))
                chosen, _ = link_settings.resolve(stored, use_ids=use_ids, thresholds=thresholds, change=False)
                report = run(inputs, None, report_path=report_path, batch_size=size, use_ids=chosen.use_ids,
                             progress=progress, **{**linking, "thresholds": chosen.thresholds})
            else:
                with opened_store(data_dir, neo4j_uri) as store:
                    report = run(inputs, store, report_path=report_path, batch_size=size, use_ids=use_ids,
                                 progress=progress, extract=settings.extract_enabled(), **linking)
    except LinkSettingsConflict as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({**report.to_json(), "stages": progress.done}, indent=2))
        _fail_on_rejections(report, max_rejected)
        return report
    click.echo(f"{'source':<24} {'files':>5} {'read':>8} {'loaded':>8} {'rejected':>8} {'warnings':>8}"
               f" {'added':>8} {'changed':>8} {'removed':>8}")
    for c in report.sources.values():
        click.echo(f"{c.source:<24} {c.files:>5} {c.read:>8,} {c.loaded:>8,} {c.rejected:>8,} {c.warnings:>8,}"
                   f" {c.added:>8,} {c.changed:>8,} {c.removed:>8,}")
    t = report.totals
    click.echo(f"read {t['read']:,} = loaded {t['loaded']:,} + rejected {t['rejected']:,}"
               f"{' (dry run: nothing written)' if dry_run else ''}")
    if report.resumed:
        click.echo(f"completed {report.resumed:,} graph writes an interrupted run had left pending")
    click.echo(f"aliases {report.aliases:,}; entities " + ", ".join(f"{k} {v:,}" for k, v in report.entities.items()))
    click.echo(f"linked {report.link_settings}")
    if report.moved_aliases:
        click.echo(f"{report.moved_aliases:,} aliases moved to another entity (their record edges moved too)")
    if report.extraction:
        x = report.extraction
        click.echo(f"found in text: {x['hits']:,} MENTIONS ({x['cross_institution']:,} of entities another "
                   f"institution catalogues) in {x['texts']:,} texts")
    if t["rejected"] or t["warnings"]:
        click.echo(f"rejected records and warnings, with reasons: {report.rejected_report}")
    echo_link_warnings(report.link_warnings)  # curator decisions skipped, ids not used, each with why
    click.echo(f"{report.seconds:.1f} s")
    _fail_on_rejections(report, max_rejected)
    return report


def _fail_on_rejections(report: Any, max_rejected: float | None) -> None:
    """Exit 1 when a source rejected everything or more than `max_rejected` of what it read,
    printing the first reasons from the report (a mapping naming a wrong column, a wrong format)."""
    if max_rejected is None:
        return
    failing = [c for c in report.sources.values()
               if c.read and (not c.loaded or c.rejected / c.read > max_rejected)]
    if not failing:
        return
    reasons: list[str] = []
    names = {c.source for c in failing}
    try:
        with open(report.rejected_report, encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                if item.get("source") in names and "reason" in item and len(reasons) < 5:
                    where = f"{item.get('file')}" + (f", row {item['position']}" if item.get("position") else "")
                    reasons.append(f"  {where}: {item['reason']}")
    except (OSError, ValueError):
        pass
    shares = ", ".join(f"{c.source} rejected {c.rejected:,} of {c.read:,}" for c in failing)
    raise click.ClickException(f"{shares} (more than {max_rejected:.0%} allowed by --max-rejected); "
                               "first reasons:\n" + "\n".join(reasons))


def sample_inputs(sample_dir: Path) -> list[Any]:
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
