"""Draw nodes and edges with st-link-analysis (shared by the entity, network and console pages)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import streamlit as st
from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

TYPE_COLOURS = {"Person": "#d1495b", "Organization": "#edae49", "Place": "#00798c", "Theme": "#66a182",
                "Record": "#30638e", "Institution": "#8d6a9f"}
PALETTE = ("#30638e", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#f28f3b", "#2e4057", "#c8553d")
ICONS = {"Person": "person", "Organization": "business", "Place": "place", "Theme": "label", "Record": "description"}


class _NodeStyle(NodeStyle):
    """st-link-analysis draws captions at font-size 3.2, unreadable until zoomed in: larger here."""

    def dump(self) -> dict[str, Any]:
        dumped = super().dump()
        # min-zoomed-font-size 0: the labels stay when a larger graph is zoomed out to fit.
        dumped["style"].update({"font-size": 10, "min-zoomed-font-size": 0, "text-max-width": "100px",
                                "text-wrap": "ellipsis", "text-background-color": "#ffffff",
                                "text-background-opacity": 0.7})
        return dumped


class Elements:
    """Nodes and edges collected once each, ready for st_link_analysis."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, dict[str, Any]] = {}

    def node(self, node_id: str, name: str, type_: str | None, institution: str | None = None) -> None:
        if (type_ or "Record") == "Record" and (not name or name == node_id):
            name = f"untitled record ({institution})" if institution else "untitled record"
        if node_id and node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "name": (name or node_id)[:60], "type": type_ or "Record",
                                   "institution": institution or "shared"}

    def edge(self, source: str, target: str, label: str) -> None:
        if source in self.nodes and target in self.nodes:
            key = f"{source}|{label}|{target}"
            self.edges.setdefault(key, {"id": key, "source": source, "target": target, "label": label})

    def merge_expansion(self, rows: list[dict[str, Any]]) -> None:
        """Add network_expand rows (one node's neighbourhood)."""
        for row in rows:
            self.node(row["source_id"], row["source_name"], row["source_type"], row["source_institution"])
            self.node(row["target_id"], row["target_name"], row["target_type"], row["target_institution"])
            start, end = (row["source_id"], row["target_id"]) if row["outgoing"] else (row["target_id"], row["source_id"])
            self.edge(start, end, row["relation"])


# Deterministic layouts: the same nodes land in the same places on every run (cose starts from
# random positions and, redrawn with new nodes, could pile them all into one spot).
STAR = {"name": "concentric", "padding": 10, "fit": True, "animate": False, "minNodeSpacing": 25,
        "nodeDimensionsIncludeLabels": True}


def legend(colours: dict[str, str]) -> str:
    chips = "".join(f"<span style='display:inline-block;margin-right:14px'><span style='display:inline-block;width:11px;"
                    f"height:11px;border-radius:6px;background:{c};margin-right:5px;vertical-align:-1px'></span>"
                    f"{html.escape(g)}</span>" for g, c in colours.items())
    return f"<div style='font-size:0.85rem'>{chips}</div>"


def draw(elements: Elements, *, colour_by: str = "type", key: str, height: int = 500,
         on_change: Callable[[], None] | None = None, expandable: bool = False) -> None:
    if not elements.nodes:
        st.info("Nothing to draw.")
        return
    groups = sorted({n[colour_by] for n in elements.nodes.values()})
    colours = {g: TYPE_COLOURS.get(g) or PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    nodes = [{"data": {**n, "label": n[colour_by]}} for n in elements.nodes.values()]
    edges = [{"data": e} for e in elements.edges.values()]
    styles = [_NodeStyle(g, colours[g], "name", ICONS.get(g) if colour_by == "type" else None) for g in groups]
    edge_styles = [EdgeStyle(label, caption="label", directed=True) for label in sorted({e["label"] for e in elements.edges.values()})]
    st.markdown(legend(colours), unsafe_allow_html=True)
    if expandable:
        st.caption("Double-click a node (or use its expand button) to add its neighbours.")
    st_link_analysis({"nodes": nodes, "edges": edges}, layout=STAR, node_styles=styles, edge_styles=edge_styles,
                     height=height, key=key, on_change=on_change, node_actions=["expand", "remove"] if expandable else [])
