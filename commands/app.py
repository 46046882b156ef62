"""`glamgraph demo` and `glamgraph app`: ingest the sample, start the Streamlit explorer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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
    run_until_stopped(command, env)


def run_until_stopped(command: list[str], env: dict[str, str], grace_s: float = 20.0) -> int:
    """Run Streamlit as a child and pass SIGTERM / SIGINT on to it, then wait for it to exit.

    Killing only this process by its id used to leave Streamlit running and holding the
    graph's lock. Streamlit stops on SIGTERM; its exit closes the embedded graph (atexit), which
    shuts the graph server down and releases the lock. A child that has not gone after
    `grace_s` seconds is killed."""
    child = subprocess.Popen(command, env=env)
    stopping: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    deadline: float | None = None
    try:
        while True:
            try:
                return child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if stopping and deadline is None:
                    deadline = time.monotonic() + grace_s
                if deadline is not None and time.monotonic() > deadline:
                    child.kill()
                    return child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
