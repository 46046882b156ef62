"""Shared people: who the institutions have in common."""

from __future__ import annotations

import streamlit as st

from graph.store import StoreError
from pages import data

st.title("People the institutions share")
st.caption(
    "One row per person whom two or more institutions hold, as a catalogued person or through their "
    "records. Query: queries/shared_people.cypher"
)
limit = st.slider("How many people", 10, 500, 50, step=10)
minimum = st.number_input("At least this many institutions", min_value=2, max_value=10, value=2)
try:
    table = data.run_named("shared_people", (("limit", limit), ("min_institutions", int(minimum))))
except StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()
if table.empty:
    st.info("No shared people yet. Ingest some catalogues first: `glamgraph demo` loads the sample.")
else:
    st.metric("People shown", len(table))
    st.dataframe(table, use_container_width=True, hide_index=True)
