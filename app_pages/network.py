"""Network: explore the neighbourhood of any node, expanding it node by node."""

from __future__ import annotations

import streamlit as st

from app_pages import data, graphview

st.title("Network")
st.caption("Start from a person, place, theme or record; double-click a node (or use its expand button) to add its "
           "neighbours. Each expansion adds at most 25 nodes, so the page never loads the whole graph.")
start = st.query_params.get("id") or st.session_state.get("entity_id") or ""
col_start, col_colour = st.columns([3, 1])
start = col_start.text_input("Start from (entity or record id)", value=start or "", key="network_start",
                             placeholder="e.g. place:label:edinburgh (open an entity to fill this in)")
colour_by = col_colour.radio("Colour by", ["type", "institution"], horizontal=True, key="network_colour")
if not start.strip():
    top = data.rows("top_shared", (("type", None), ("institution", None), ("min_institutions", 2), ("limit", 1)))
    start = top[0]["id"] if top else ""
if not start:
    st.info("The graph is empty: ingest some catalogues first.")
    st.stop()

state = st.session_state.setdefault("network", {"start": None, "expanded": []})
if state["start"] != start:
    state.update(start=start, expanded=[start])


def _on_change() -> None:
    event = st.session_state.get(f"network_graph_{state['start']}") or {}
    if event.get("action") == "expand":
        for node_id in event.get("data", {}).get("node_ids", []):
            if node_id not in state["expanded"]:
                state["expanded"].append(node_id)


graph = graphview.Elements()
try:
    for node_id in state["expanded"][-10:]:
        graph.merge_expansion(data.rows("network_expand", (("id", node_id), ("limit", 25))))
except data.StoreError as exc:
    st.error(f"The graph could not answer: {exc}")
    st.stop()
if not graph.nodes:
    st.warning(f"Nothing in the graph has the id '{start}', or it has no neighbours.")
    st.stop()
# The key names the start node: a new start draws a new picture instead of moving the old one's nodes.
graphview.draw(graph, colour_by=colour_by, key=f"network_graph_{start}", height=600, on_change=_on_change, expandable=True)
st.caption(f"{len(graph.nodes)} nodes, {len(graph.edges)} relationships; expanded: {', '.join(state['expanded'][-10:])}")
with st.expander("Expand a node by id"):
    choice = st.selectbox("Node", sorted(graph.nodes), format_func=lambda i: f"{graph.nodes[i]['name']} ({i})",
                          key="network_pick")
    if st.button("Expand", key="network_expand"):
        if choice not in state["expanded"]:
            state["expanded"].append(choice)
        st.rerun()
