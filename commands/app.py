"""`glamgraph demo` and `glamgraph app`: ingest the sample, start the Streamlit explorer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

import settings
from commands.common import store_options
from commands.ingest import run_ingest, sample_inputs


@click.command()
@click.option("--sample-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the sample catalogues [env GLAMGRAPH_SAMPLE_DIR].")
@click.option("--no-app", is_flag=True, help="Only ingest; do not start the app.")
@click.option("--port", default=8501, show_default=True, help="Port of the app on 127.0.0.1.")
@store_options
def demo(sample_dir: Path | None, no_app: bool, port: int, data_dir: Path | None, neo4j_uri: str | None) -> None:
    """Ingest the sample catalogues, then start the app."""
    sample_dir = sample_dir or settings.sample_dir()
    click.echo(f"Ingesting the sample catalogues in {sample_dir} ...")
    run_ingest(sample_inputs(sample_dir), dry_run=False, blind_ids=False, report_path=None, batch_size=None,
                as_json=False, data_dir=data_dir, neo4j_uri=neo4j_uri)
    if not no_app:
        _start_app(port, data_dir, neo4j_uri)


@click.command()
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
