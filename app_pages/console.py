"""Cypher console: run a named query from queries/ with a form for its parameters, or your own
Cypher; read-only, with a time limit and a row limit."""

from __future__ import annotations

import json
import time

import pandas as pd
import streamlit as st

import queries
import settings
from app_pages import data, graphview

started = time.monotonic()  # the time limit counts from here (the rerun the Run button started)
st.title("Cypher console")
st.caption(f"Read-only: a query that writes is refused. Time limit {settings.get('console_timeout')} s, "
           f"at most {settings.get('console_max_rows')} rows. Engine: {data.engine()}.")
library = queries.load_all()
mode = st.radio("Query", ["Named query", "My own Cypher"], horizontal=True, key="console_mode")
params: dict[str, object] = {}
if mode == "Named query":
    names = sorted(library)
    name = st.selectbox("Named query", names, key="console_name",
                        index=names.index("shared_people") if "shared_people" in names else 0)
    named = library[name]
    st.markdown(f"**{named.answers}**")
    st.caption("Empty fields take the query's default, or no filter; the grey text in a field is only an example.")
    with st.form("console_params"):
        raw: dict[str, object] = {}
        for p in named.params:
            label = f"${p.name} ({p.type}{', required' if p.required else ''}"
            label += f", default {p.default})" if p.default is not None else ")"
            # Examples are placeholders, never values: a filled-in example silently filters the
            # answer (top_shared quietly limited to one institution).
            hint = f"e.g. {p.example}" if p.example is not None else None
            key = f"console_p_{name}_{p.name}"
            if p.type == "int":
                raw[p.name] = st.number_input(label, value=int(p.default) if p.default is not None else None, step=1,
                                              key=key, placeholder=hint)
            elif p.type == "float":
                raw[p.name] = st.number_input(label, value=float(p.default) if p.default is not None else None, key=key,
                                              placeholder=hint)
            elif p.type == "bool":
                raw[p.name] = st.checkbox(label, value=str(p.default).lower() in {"1", "true", "yes"}, key=key)
            else:
                raw[p.name] = st.text_input(label, value=str(p.default) if p.default is not None else "", key=key,
                                            placeholder=hint)
        submitted = st.form_submit_button("Run")
    cypher = named.text(data.engine())
    st.code(cypher, language="cypher")
    if submitted:
        try:
            params = named.bind({k: v for k, v in raw.items() if v not in ("", None)})
        except queries.QueryError as exc:
            st.error(f"{exc} (the grey text in a field is an example you can type in).")
            st.stop()
else:
    cypher = st.text_area("Cypher", key="console_cypher", height=160,
                          value="MATCH (p:Person)<-[:CREATED_BY]-(r:Record)\nRETURN p.name AS person, count(r) AS records\n"
                                "ORDER BY records DESC LIMIT 20")
    raw_params = st.text_input("Parameters (JSON object)", value="{}", key="console_params_json")
    try:
        params = json.loads(raw_params or "{}")
        if not isinstance(params, dict):
            raise ValueError
    except ValueError:
        st.error("Parameters must be a JSON object, e.g. {\"name\": \"Homer\"}.")
        st.stop()
    submitted = st.button("Run", key="console_run")

if not submitted:
    st.stop()
limit_s = float(settings.get("console_timeout") or 10)
try:
    with st.spinner(f"Running … the graph stops it after {limit_s:g} s."):
        result = data.run_console(cypher, params, spent_s=time.monotonic() - started)
except data.ReadOnlyError:
    st.error("Refused: this query would change the graph, and the console only reads. "
             "Use `glamgraph ingest` to load data.")
    st.stop()
except data.QueryTimeoutError:
    st.error(f"Stopped after {limit_s:g} s: the query ran too long, and the graph stopped it (the time limit is "
             "GLAMGRAPH_CONSOLE_TIMEOUT). Add a LIMIT, a more selective MATCH, or bound the path length (e.g. [*1..3]).")
    st.stop()
except data.StoreError as exc:
    st.error(f"The graph could not run this query: {exc}")
    st.stop()

st.success(f"{len(result.rows)} rows" + (" (more were cut off by the row limit)" if result.truncated else ""))


def _cell(value: object) -> object:
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, dict | list) else value


frame = pd.DataFrame([[_cell(v) for v in row] for row in result.rows], columns=result.columns)
tab_table, tab_graph = st.tabs(["Table", "Graph"])
with tab_table:
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button("Download CSV", frame.to_csv(index=False), file_name="query.csv", mime="text/csv",
                       key="console_csv")
with tab_graph:
    graph = graphview.Elements()
    by_internal: dict[object, str] = {}
    values = [v for row in result.rows for v in row]
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "_labels" in item:
                node_id = str(item.get("id") or item.get("key") or item["_id"])
                by_internal[item["_id"]] = node_id
                graph.node(node_id, str(item.get("name") or item.get("title") or item.get("text") or node_id),
                           (item["_labels"] or ["?"])[0], item.get("institution"))
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "_type" in item:
                start, end = by_internal.get(item.get("_start")), by_internal.get(item.get("_end"))
                if start and end:
                    graph.edge(start, end, item["_type"])
    if graph.nodes:
        graphview.draw(graph, key="console_graph", height=450)
    else:
        st.info("The result holds no nodes; return whole nodes (e.g. RETURN p, r) to see them as a graph.")
