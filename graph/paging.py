"""Read a whole graph in pages, for exports: never one giant query.

Nodes are read by key ranges (`WHERE n.id > $after ORDER BY n.id LIMIT $page`), which the key
indexes serve on both engines and which stays correct however large the graph is; a node's
outgoing relationships are read for one page of node keys at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph import model
from graph.store import GraphStore

NODE_LABELS = tuple(model.NODE_KEYS)  # Institution, Record, Alias, Person, Organization, Place, Theme


def node_pages(store: GraphStore, label: str, page: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of `{"labels": [...], "props": {...}}` for every node with `label`, in key order."""
    key = model.NODE_KEYS[label]
    cypher = (
        f"MATCH (n:{label}) WHERE n.{key} > $after "
        f"RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.{key} LIMIT $page"
    )
    after = ""
    while True:
        rows = store.query(cypher, {"after": after, "page": page}).rows
        if not rows:
            return
        yield [{"labels": labels, "props": props} for labels, props in rows]
        after = rows[-1][1][key]
        if len(rows) < page:
            return


def relationship_pages(store: GraphStore, label: str, page: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of the relationships going out of `label` nodes: start key, type, end label and key, props."""
    key = model.NODE_KEYS[label]
    keys_cypher = f"MATCH (n:{label}) WHERE n.{key} > $after RETURN n.{key} AS k ORDER BY k LIMIT $page"
    edges_cypher = (
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})-[x]->(m) "
        "RETURN k AS start, type(x) AS type, labels(m) AS end_labels, m.id AS end_id, m.key AS end_key, "
        "properties(x) AS props"
    )
    after = ""
    while True:
        keys = [row[0] for row in store.query(keys_cypher, {"after": after, "page": page}).rows]
        if not keys:
            return
        rows = store.query(edges_cypher, {"keys": keys}).rows
        yield [
            {"start": start, "type": rel_type, "end_label": main_label(end_labels),
             "end": end_id if end_id is not None else end_key, "props": props}
            for start, rel_type, end_labels, end_id, end_key, props in rows
        ]
        after = keys[-1]
        if len(keys) < page:
            return


def main_label(labels: list[str]) -> str:
    """The label that names a node's id space (Record, not LibraryItem)."""
    for label in labels:
        if label in model.NODE_KEYS:
            return label
    return labels[0] if labels else ""


def nodes_with_edges(store: GraphStore, label: str, page: int,
                     limit: int | None = None) -> Iterator[list[dict[str, Any]]]:
    """Pages of nodes with their outgoing relationships: `{"labels", "props", "edges": [{type, label, id, name}]}`.

    Nodes and edges come from two queries joined here: FalkorDB plans an OPTIONAL MATCH after
    UNWIND as a scan (~0.1 s per node), a single MATCH pattern as a traversal.
    """
    key = model.NODE_KEYS[label]
    keys_cypher = f"MATCH (n:{label}) WHERE n.{key} > $after RETURN n.{key} AS k ORDER BY k LIMIT $page"
    nodes_cypher = f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN k, labels(n) AS labels, properties(n) AS props"
    edges_cypher = (
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})-[x]->(m) "
        "RETURN k, type(x) AS type, labels(m) AS labels, m.id AS id, m.name AS name"
    )
    after = ""
    left = limit if limit is not None else -1
    while left != 0:
        keys = [row[0] for row in store.query(keys_cypher, {"after": after, "page": page}).rows]
        if left > 0:
            keys = keys[:left]
            left -= len(keys)
        if not keys:
            return
        edges: dict[str, list[dict[str, Any]]] = {}
        for k, rel_type, labels, end_id, name in store.query(edges_cypher, {"keys": keys}).rows:
            edges.setdefault(k, []).append({"type": rel_type, "label": main_label(labels), "id": end_id, "name": name})
        nodes = {k: (labels, props) for k, labels, props in store.query(nodes_cypher, {"keys": keys}).rows}
        yield [{"labels": nodes[k][0], "props": nodes[k][1], "edges": edges.get(k, [])} for k in keys if k in nodes]
        after = keys[-1]
        if len(keys) < page:
            return
