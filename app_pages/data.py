"""The app's one data-access module: the cached store and cached named-query results.

graph/ never imports Streamlit; pages never open stores or write Cypher themselves: they call
the functions here, which run named queries from queries/. Tests (and anything else that
already holds an open store) hand it over with `use_store`, because the embedded graph
allows one owner per data folder.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pandas as pd
import streamlit as st

import queries
import settings
from graph import pairs as pair_finder
from graph.link.decisions import Decision, append_decision, decisions_path, load_decisions
from graph.link.identifiers import link as identifier_link
from graph.store import GraphStore, QueryResult, QueryTimeoutError, ReadOnlyError, StoreError
from graph.store.open_store import open_store
from graph.store.textsearch import facets, fulltext_query, rank_hits

# What pages need from graph/ besides query results: errors to catch, the pair export formats,
# identifier links and curator decisions. Pages import these from here, never from graph/.
__all__ = ["Decision", "facets", "QueryTimeoutError", "ReadOnlyError", "StoreError", "append_decision", "decisions_path",
           "identifier_link", "load_decisions", "pair_finder", "friendly_error"]

TTL = int(settings.get("app_cache_seconds") or 300)
ENTITY_TYPES = ("Person", "Organization", "Place", "Theme")
SEARCH_PER_TYPE = 200  # full-text hits kept per type before ranking
_injected: list[GraphStore] = []


def use_store(graph: GraphStore | None) -> None:
    """Make the app use an already open store (None: go back to opening the configured one)."""
    _injected.clear()
    if graph is not None:
        _injected.append(graph)
    st.cache_data.clear()


@st.cache_resource(show_spinner="Opening the graph ...")
def _opened() -> GraphStore:
    return open_store(read_only=True)  # the app only reads: a served graph is read through its owner


def store() -> GraphStore:
    """The open store. When it cannot be opened (the graph in use by another process, Neo4j
    unreachable) the page shows why, in words, and stops: no page gets a traceback."""
    if _injected:
        return _injected[0]
    try:
        opened = _opened()
        if hasattr(opened, "served") and not opened.served():  # the process serving it has stopped
            _opened.clear()
            opened = _opened()
        return opened
    except StoreError as exc:
        st.error(friendly_error(exc))
        st.stop()


def friendly_error(exc: BaseException) -> str:
    """What a store error means for the person using the app, and what to do about it."""
    text = str(exc)
    if isinstance(exc, QueryTimeoutError):
        return f"Stopped: {text} Add a LIMIT or a more selective MATCH, or ask for fewer rows."
    if isinstance(exc, ReadOnlyError):
        return "Refused: this would change the graph, and the explorer only reads. Use `glamgraph ingest` to load data."
    if "in use by pid" in text:
        return (f"The graph cannot be opened: {text} Only one program can own the embedded graph at a time: "
                "close the other one (an ingest still running, or a second copy of the app) and reload this page.")
    if isinstance(exc, StoreError):
        return f"The graph could not answer: {text}"
    return f"The graph could not answer ({type(exc).__name__}): {text}"


def _run(name: str, params: dict[str, Any]) -> QueryResult:
    named = queries.get(name)
    graph = store()
    # Cached calls pass lists as tuples (hashable); the engines want lists.
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}
    return graph.query(named.text(graph.engine), named.bind(params))


@st.cache_data(ttl=TTL, show_spinner=False)
def rows(name: str, params: tuple[tuple[str, Any], ...] = ()) -> list[dict[str, Any]]:
    """A named query's rows as dicts; `params` is a tuple of (name, value) so it can be cached."""
    return _run(name, dict(params)).records()


@st.cache_data(ttl=TTL, show_spinner=False)
def table(name: str, params: tuple[tuple[str, Any], ...] = ()) -> pd.DataFrame:
    result = _run(name, dict(params))
    return pd.DataFrame(result.rows, columns=result.columns)


@st.cache_data(ttl=TTL, show_spinner=False)
def institutions() -> list[dict[str, Any]]:
    return rows("institutions")


def institution_names() -> dict[str, str]:
    return {i["id"]: i["name"] for i in institutions()}


@st.cache_data(ttl=TTL, show_spinner=False)
def search(text: str) -> list[dict[str, Any]]:
    """Every type's best full-text hits for `text`, ranked (graph/store/textsearch.py); the page
    filters, counts facets and pages them without asking the graph again."""
    q = fulltext_query(text, store().engine)
    if not q:
        return []
    hits = rows("search", (("q", q), ("type", None), ("per_type", SEARCH_PER_TYPE)))
    # A name typed in full is looked up as well: the full-text index keeps only each type's best
    # scored hits, and "United States" has hundreds of places that merely contain the words.
    spellings = tuple(dict.fromkeys([text, text.title(), text.capitalize(), text.lower(), text.upper()]))
    known = {h["id"] for h in hits}
    hits += [h for h in rows("search_exact", (("names", spellings),)) if h["id"] not in known]
    return rank_hits(text, hits)


@st.cache_data(ttl=TTL, show_spinner=False)
def pairs(a: str, b: str, entity: str | None, topic: str | None, limit: int) -> list[dict[str, Any]]:
    """The pair finder's rows (graph/pairs.py ranks them), with EXPORT_COLUMNS."""
    return pair_finder.table(pair_finder.find_pairs(store(), a, b, entity=entity, topic=topic, limit=limit))


def dashboard(type_: str | None, institution: str | None) -> tuple[pd.DataFrame, pd.DataFrame, list[dict[str, Any]]]:
    """The dashboard's tables: shared entities per pair of institutions, the connected share of each
    collection, and the most shared entities (each cached on its own)."""
    return (table("institution_pair_counts", (("type", type_),)), table("connected_share"),
            rows("top_shared", (("type", type_), ("institution", institution), ("min_institutions", 2), ("limit", 25))))


def dashboard_places(institution: str | None) -> list[dict[str, Any]]:
    return rows("institution_places", (("institution", institution), ("limit", 400)))


def dashboard_timeline(institution: str | None) -> list[dict[str, Any]]:
    return rows("timeline", (("institution", institution),))


KIND_ORDER = {"library": 0, "archive": 1, "museum": 2}
SMALL_INSTITUTION = 50  # institutions with fewer records are listed last in the pair finder


@st.cache_data(ttl=TTL, show_spinner=False)
def pairable_institutions() -> list[dict[str, Any]]:
    """Institutions as `institutions()` gives them, with `records` counting only the records the
    pair finder uses (test and example sources left out), those without any left out."""
    counts = {r["institution"]: r["records"] for r in rows(
        "pairable_institutions", (("exclude_sources", tuple(pair_finder.TEST_SOURCES)),))}
    return [{**i, "records": counts[i["id"]]} for i in institutions() if counts.get(i["id"])]


def institution_order(first_kind: str) -> list[str]:
    """Institutions with records for the pair finder: by kind (first_kind first), big ones
    before small ones (under SMALL_INSTITUTION records last), then by name."""
    kinds = dict(KIND_ORDER, **{first_kind: -1})
    held = pairable_institutions()
    return [i["id"] for i in sorted(held, key=lambda i: (i["records"] < SMALL_INSTITUTION, kinds.get(i["kind"], 3),
                                                         -i["records"], i["name"]))]


PAIR_LIMIT = 25


def _warm() -> None:
    try:
        dashboard(None, None)
        dashboard_places(None)
        dashboard_timeline(None)
        first = institution_order("library")
        second = [i for i in institution_order("museum") if i != first[0]]
        if first and second:
            pairs(first[0], second[0], None, None, PAIR_LIMIT)
    except Exception:  # a warm-up that fails costs nothing but the speed it would have bought
        logging.getLogger(__name__).exception("warming the app's caches failed")


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread | None:
    """Once per app process: run the whole-graph queries of the dashboard and the pair finder's
    first view in the background, so the first person to open those pages does not wait for
    them (they aggregate over every alias and take seconds on the demo graph). Not when a
    store was handed over (tests): their store goes away when they end."""
    if _injected:
        return None
    thread = threading.Thread(target=_warm, name="glamgraph-warm-up", daemon=True)
    thread.start()
    return thread


def run_console(cypher: str, params: dict[str, Any], *, spent_s: float = 0.0) -> QueryResult:
    """A user's own Cypher: read-only (the store refuses writes), with a time and a row limit.
    `spent_s`: seconds the page already spent on this run, taken off the engine's limit so the
    query is stopped at the limit counted from the start of the page run. Not cached: the user asked for a
    fresh answer."""
    limit_s = float(settings.get("console_timeout") or 10)
    try:
        return store().query(
            cypher, params,
            timeout_s=max(0.1, limit_s - spent_s),
            max_rows=int(settings.get("console_max_rows") or 1000),
        )
    except StoreError:
        raise
    except Exception as exc:  # a dropped connection or a client-side timeout: a message, not a traceback
        raise StoreError(f"the graph did not answer ({type(exc).__name__}: {exc})") from exc


def engine() -> str:
    return store().engine
