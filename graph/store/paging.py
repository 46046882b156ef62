"""Read a whole graph in pages, for exports: never one giant query.

Node keys are read with `ORDER BY key SKIP $skip LIMIT $page`, then the nodes and their outgoing
relationships for one page of keys at a time. Not key ranges (`WHERE n.id > $after`): FalkorDB
orders some non-ASCII strings differently from how `>` compares them, so a range page lost
'place:label:ʻamman' on the sample.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph import model
from graph.store.base import GraphStore

NODE_LABELS = tuple(model.NODE_KEYS)  # Institution, Record, Alias, Person, Organization, Place, Theme


def key_pages(store: GraphStore, label: str, page: int, limit: int | None = None) -> Iterator[list[Any]]:
    """The keys of all `label` nodes (at most `limit`), `page` at a time, in key order."""
    key = model.NODE_KEYS[label]
    cypher = f"MATCH (n:{label}) RETURN n.{key} AS k ORDER BY k SKIP $skip LIMIT $page"
    skip = 0
    while limit is None or skip < limit:
        size = page if limit is None else min(page, limit - skip)
        keys = [row[0] for row in store.query(cypher, {"skip": skip, "page": size}).rows]
        if keys:
            yield keys
        if len(keys) < size:
            return
        skip += len(keys)


def node_pages(store: GraphStore, label: str, page: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of `{"labels": [...], "props": {...}}` for every node with `label`, in key order."""
    key = model.NODE_KEYS[label]
    cypher = (f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) "
              "RETURN k, labels(n) AS labels, properties(n) AS props")
    for keys in key_pages(store, label, page):
        found = {k: (labels, props) for k, labels, props in store.query(cypher, {"keys": keys}).rows}
        yield [{"labels": found[k][0], "props": found[k][1]} for k in keys if k in found]


def relationship_pages(store: GraphStore, label: str, page: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of the relationships going out of `label` nodes: start key, type, end label and key, props."""
    key = model.NODE_KEYS[label]
    edges_cypher = (
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})-[x]->(m) "
        "RETURN k AS start, type(x) AS type, labels(m) AS end_labels, m.id AS end_id, m.key AS end_key, "
        "properties(x) AS props"
    )
    for keys in key_pages(store, label, page):
        rows = store.query(edges_cypher, {"keys": keys}).rows
        yield [
            {"start": start, "type": rel_type, "end_label": main_label(end_labels),
             "end": end_id if end_id is not None else end_key, "props": props}
            for start, rel_type, end_labels, end_id, end_key, props in rows
        ]


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
    nodes_cypher = f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN k, labels(n) AS labels, properties(n) AS props"
    edges_cypher = (
        f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})-[x]->(m) "
        "RETURN k, type(x) AS type, labels(m) AS labels, m.id AS id, m.name AS name"
    )
    for keys in key_pages(store, label, page, limit):
        edges: dict[str, list[dict[str, Any]]] = {}
        for k, rel_type, labels, end_id, name in store.query(edges_cypher, {"keys": keys}).rows:
            edges.setdefault(k, []).append({"type": rel_type, "label": main_label(labels), "id": end_id, "name": name})
        nodes = {k: (labels, props) for k, labels, props in store.query(nodes_cypher, {"keys": keys}).rows}
        yield [{"labels": nodes[k][0], "props": nodes[k][1], "edges": edges.get(k, [])} for k in keys if k in nodes]
