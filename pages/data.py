"""The app's one data-access module: the cached store and cached named-query results.

graph/ never imports Streamlit; pages never open stores or write Cypher themselves.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import queries
from graph.open_store import open_store
from graph.store import GraphStore


@st.cache_resource(show_spinner="Opening the graph ...")
def store() -> GraphStore:
    return open_store()


@st.cache_data(ttl=300, show_spinner=False)
def run_named(name: str, params: tuple[tuple[str, Any], ...] = ()) -> pd.DataFrame:
    """Run a named query with its parameters (as a hashable tuple) and return a table."""
    named = queries.get(name)
    graph = store()
    result = graph.query(named.text(graph.engine), named.bind(dict(params)))
    return pd.DataFrame(result.rows, columns=result.columns)
