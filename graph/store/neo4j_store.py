"""Neo4j 5 through the official driver (Bolt): parameters only, one transaction per batch.

Writes run in explicit transactions that are never retried: a connection lost before the
commit rolls the transaction back (reported, safe to re-run), one lost during the commit leaves
the outcome unknown (WriteOutcomeUnknownError), and neither is sent again. Time limits are
Neo4j transaction timeouts, enforced by the server.

Every session of one store shares a bookmark manager, so each statement sees what the statements
before it wrote (read-your-writes across sessions, also on a cluster), and `ensure_schema`
waits until new indexes are online before anything reads through them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graph import model
from graph.store.base import (
    UNKNOWN_WRITE_ADVICE,
    GraphStore,
    QueryResult,
    QueryTimeoutError,
    ReadOnlyError,
    StoreError,
    WriteOutcomeUnknownError,
    WriteStats,
)


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_id": value.element_id, "_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {
            "_id": value.element_id,
            "_type": value.type,
            "_start": value.start_node.element_id if value.start_node else None,
            "_end": value.end_node.element_id if value.end_node else None,
            **dict(value),
        }
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def constraint_statements() -> list[str]:
    return [
        f"CREATE CONSTRAINT glamgraph_{label.lower()}_{key} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for label, key in model.NODE_KEYS.items()
    ]


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
INDEX_WAIT_SECONDS = 300


def index_statements() -> list[str]:
    statements = [
        f"CREATE INDEX glamgraph_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in model.LOOKUP_INDEXES
    ]
    labels = "|".join(model.FULLTEXT_FIELDS)
    fields = sorted({f for fs in model.FULLTEXT_FIELDS.values() for f in fs})
    statements.append(
        f"CREATE FULLTEXT INDEX {model.FULLTEXT_INDEX_NAME} IF NOT EXISTS FOR (n:{labels}) "
        f"ON EACH [{', '.join('n.' + f for f in fields)}]"
    )
    return statements


class Neo4jStore(GraphStore):
    engine = "neo4j"

    def __init__(self, uri: str, user: str, password: str | None, database: str = "neo4j") -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri
        self.database = database
        self.state_dir: Path | None = None  # the data folder its sync state lives in (graph.build.state_path)
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()  # causal chain over this store's sessions
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password or ""))
            self._driver.verify_connectivity()
        except AuthError as exc:
            raise StoreError(
                f"Neo4j at {uri} refused user '{user}': wrong user name or password "
                "(set GLAMGRAPH_NEO4J_USER and GLAMGRAPH_NEO4J_PASSWORD)."
            ) from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            text = str(exc)
            reason = re.search(r"reason (.*?)\)", text)
            short = reason.group(1) if reason else text.splitlines()[0] if text else type(exc).__name__
            raise StoreError(f"Cannot reach Neo4j at {uri}: {short}. Is the server running?") from exc

    def _run(
        self, cypher: str, params: dict[str, Any], *, read_only: bool, timeout_s: float | None = None
    ) -> tuple[QueryResult, WriteStats]:
        import neo4j
        from neo4j.exceptions import ClientError, DriverError, IncompleteCommit, Neo4jError

        def collect(result: Any) -> tuple[QueryResult, Any]:
            rows = [[_plain(v) for v in record.values()] for record in result]
            return QueryResult(list(result.keys()), rows), result.consume().counters

        try:
            if read_only:
                # A read may be retried by the driver on a transient failure: it changes nothing.
                with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                          bookmark_manager=self._bookmarks) as session:
                    work = neo4j.unit_of_work(timeout=timeout_s)(lambda tx: collect(tx.run(cypher, params)))
                    result, counters = session.execute_read(work)
            else:
                with self._driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS,
                                          bookmark_manager=self._bookmarks) as session:
                    tx = session.begin_transaction(timeout=timeout_s)
                    try:
                        result, counters = collect(tx.run(cypher, params))
                        tx.commit()
                    finally:
                        if not tx.closed():
                            tx.close()  # rolls back; never raises for a connection already gone
        except IncompleteCommit as exc:
            raise WriteOutcomeUnknownError(
                f"The connection to Neo4j at {self.uri} was lost while a write was being committed; "
                f"it may or may not have been applied. {UNKNOWN_WRITE_ADVICE}"
            ) from exc
        except ClientError as exc:
            code = exc.code or ""
            if "TransactionTimedOut" in code:
                raise QueryTimeoutError(f"The query ran longer than {timeout_s:g} s and was stopped.") from exc
            if "AccessMode" in code or "not allowed in read access mode" in str(exc.message):
                raise ReadOnlyError("This query writes to the graph, and only reading is allowed here.") from exc
            raise StoreError(f"Neo4j refused the query: {exc.message}") from exc
        except Neo4jError as exc:
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimeoutError(f"The query ran longer than {timeout_s:g} s and was stopped.") from exc
            raise StoreError(f"Neo4j error: {exc.message}") from exc
        except DriverError as exc:
            what = "" if read_only else " The write was not committed (Neo4j rolled it back)."
            raise StoreError(f"Lost the connection to Neo4j at {self.uri}: {exc}.{what}") from exc
        stats = WriteStats(
            nodes_created=counters.nodes_created,
            nodes_deleted=counters.nodes_deleted,
            relationships_created=counters.relationships_created,
            relationships_deleted=counters.relationships_deleted,
            properties_set=counters.properties_set,
        )
        return result, stats

    def validate(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        self.query("EXPLAIN " + cypher, params)

    def schema_statements(self) -> list[str]:
        return constraint_statements() + index_statements()

    def ensure_schema(self) -> None:
        for statement in self.schema_statements():
            self.write(statement)
        self.wait_for_indexes()

    def wait_for_indexes(self, timeout_s: float = INDEX_WAIT_SECONDS) -> None:
        """New indexes populate in the background; a full-text query meanwhile finds nothing."""
        self.query(AWAIT_INDEXES, {"seconds": int(timeout_s)})

    def close(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
            self._driver = None
