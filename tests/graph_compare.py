"""Compare two graphs exactly: every node (labels, properties) and every edge (type, ends, properties)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from graph.store import GraphStore


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Sorted node and edge descriptions of a whole graph; nodes are named by their key (id or key)."""
    nodes = sorted(_text([sorted(labels), props]) for labels, props in
                   store.query("MATCH (n) RETURN labels(n), properties(n)").rows)
    edges = sorted(_text(row) for row in store.query(
        "MATCH (a)-[r]->(b) RETURN type(r), coalesce(a.id, a.key), coalesce(b.id, b.key), properties(r)").rows)
    return nodes, edges


def differences(left: GraphStore, right: GraphStore, limit: int = 8) -> list[str]:
    """What one graph has and the other lacks (empty when they are equal)."""
    out: list[str] = []
    # Each graph has its own server: dumping both at once lets one answer while the other is parsed.
    with ThreadPoolExecutor(2) as pool:
        dumped = list(pool.map(dump, (left, right)))
    for what, a, b in zip(("node", "edge"), *dumped, strict=True):
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        out += [f"{what} only in the first: {x}" for x in only_a[:limit]]
        out += [f"{what} only in the second: {x}" for x in only_b[:limit]]
        if len(a) != len(b):
            out.append(f"{what}s: {len(a)} against {len(b)}")
    return out
