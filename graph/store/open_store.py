"""Choose and open a store from settings: Neo4j when a URI is given, else the embedded graph."""

from __future__ import annotations

from pathlib import Path

import settings
from graph.store.base import GraphStore
from graph.store.falkordb_store import FalkorDBStore, GraphInUseError


def open_store(data_dir: Path | None = None, neo4j_uri: str | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the configured store with its schema in place. `read_only`: the caller only reads, so an
    embedded graph another process serves is read through that process (graph/store/attached.py)."""
    uri = neo4j_uri or settings.get("neo4j_uri")
    if uri:
        from graph.store.neo4j_store import Neo4jStore

        neo4j_store = Neo4jStore(
            uri,
            settings.get("neo4j_user") or "neo4j",
            settings.get("neo4j_password"),
            settings.get("neo4j_database") or "neo4j",
        )
        # The sync state (and with it the link settings) of a Neo4j graph lives in the data folder.
        neo4j_store.state_dir = Path(data_dir or settings.data_dir())
        store: GraphStore = neo4j_store
    else:
        folder = Path(data_dir or settings.data_dir())
        graph_name = settings.get("graph_name") or "glamgraph"
        try:
            store = FalkorDBStore(folder, graph_name)
        except GraphInUseError as busy:
            if not read_only:
                raise
            from graph.store.attached import attach

            store = attach(folder, graph_name, busy)
    try:
        store.ensure_schema()
        if isinstance(store, FalkorDBStore):
            store.wait_for_indexes()  # else full-text search finds nothing for a second after opening
    except Exception:
        store.close()
        raise
    return store
