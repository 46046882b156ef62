"""The stores: one `GraphStore` interface (`base`) over the embedded FalkorDB and Neo4j engines,
opening a store from settings, paging through it, and full-text input cleaning.

May import `graph.model` and `settings` only: never linking (`graph.link`) or exports (`graph.export`).
The interface and its errors are re-exported here: `from graph.store import GraphStore, StoreError`.
"""

from graph.store.base import (
    GraphStore,
    QueryResult,
    QueryTimeoutError,
    ReadOnlyError,
    StoreError,
    WriteOutcomeUnknownError,
    WriteStats,
    chunked,
    first_value,
    plain,
)

__all__ = ["GraphStore", "QueryResult", "QueryTimeoutError", "ReadOnlyError", "StoreError",
           "WriteOutcomeUnknownError", "WriteStats", "chunked", "first_value", "plain"]
