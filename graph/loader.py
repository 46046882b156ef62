"""The batched loader: the only code that writes catalogue data to a store.

Sends the statements of `graph.statements` in UNWIND batches and adds up what changed.
May import `graph.statements`, `graph.model` and `graph.store`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from graph.statements import merge_nodes
from graph.store import GraphStore, WriteStats


def content_hash(props: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(props, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Loader:
    """Writes rows to a store in batches, adding up what changed."""

    def __init__(self, store: GraphStore, batch_size: int, progress: Callable[[str, int], None] | None = None):
        self.store = store
        self.batch_size = batch_size
        self.progress = progress
        self.stats = WriteStats()

    def send_nodes(self, what: str, label: str, rows: Iterable[dict[str, Any]], extra_label: str | None = None) -> None:
        """Rows of {key, props}: adds the content hash merge_nodes compares."""
        self.send(what, merge_nodes(label, extra_label), ({**row, "hash": content_hash(row["props"])} for row in rows))

    def send(self, what: str, cypher: str, rows: Iterable[dict[str, Any]]) -> None:
        def tick(n: int) -> None:
            if self.progress:
                self.progress(what, n)

        self.stats.add(self.store.write_batches(cypher, rows, self.batch_size, tick))
