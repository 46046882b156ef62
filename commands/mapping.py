"""`glamgraph mapping draft FILE`: write a first mapping for a partner's CSV / JSON export."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def mapping() -> None:
    """Mapping files for CSV / JSON exports (docs/mapping.md)."""


@mapping.command("draft")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the mapping here (default: print it).")
@click.option("--source", help="Source name for the mapping (default: from the file name).")
def draft(file: Path, out_path: Path | None, source: str | None) -> None:
    """Guess a commented mapping from FILE's header and sample rows (FILE may be a folder of such
    files, one JSON file per person say): id columns by the URIs and ids they hold, name,
    alternate-name and date columns by their headers, separators by the cells."""
    from ingest.mapping import MappingError, load_mapping
    from ingest.mapping_draft import draft as make

    try:
        text = make(file, source=source)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    if out_path is None:
        click.echo(text, nl=False)
        return
    out_path.write_text(text, encoding="utf-8")
    try:
        load_mapping(out_path)
    except MappingError as exc:  # a draft that does not load is a bug; say so rather than hide it
        raise click.ClickException(f"the drafted mapping does not load: {exc}") from None
    click.echo(f"wrote {out_path}; check it with: glamgraph ingest {file} --mapping {out_path} --dry-run")
