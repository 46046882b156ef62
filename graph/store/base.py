"""One small interface over the two graph engines.

A store executes Cypher with parameters; batching, counting and read-only enforcement live
here on the base class, engine differences in the subclasses. Nothing here ever formats user
input into Cypher text: labels and relationship types come from `graph.model` only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import model

# `counts()`: labels and types from graph.model only, never from the data.
LABEL_COUNTS = {label: f"MATCH (n:{label}) RETURN count(n)"
                for label in (*model.NODE_KEYS, *model.RECORD_DOMAIN_LABELS.values())}
RELATIONSHIP_COUNTS = {rel: f"MATCH ()-[r:{rel}]->() RETURN count(r)" for rel in model.RELATIONSHIP_TYPES}
COUNT_HELD = "MATCH (i:Institution)<-[h:HELD_BY]-() RETURN i.id AS id, count(h) AS records"
COUNT_ALIASES = "MATCH (a:Alias) RETURN a.institution AS id, count(a) AS aliases"
LIST_INSTITUTIONS = "MATCH (i:Institution) RETURN i.id AS id, i.name AS name, i.kind AS kind ORDER BY id"


def count_statements() -> list[str]:
    """Every statement `counts()` sends (linted against Neo4j 5 with the pipeline's)."""
    return [*LABEL_COUNTS.values(), *RELATIONSHIP_COUNTS.values(), COUNT_HELD, COUNT_ALIASES, LIST_INSTITUTIONS]


class StoreError(Exception):
    """A failure the user can act on (unreachable server, graph in use, bad query)."""


class ReadOnlyError(StoreError):
    """A write was sent where only reading is allowed."""


class QueryTimeoutError(StoreError):
    """A statement ran longer than its time limit and was stopped."""


class WriteOutcomeUnknownError(StoreError):
    """The connection failed while a write was running: it may or may not have been applied.

    Stores never re-send such a write (a re-sent CREATE duplicates edges); the user re-runs
    the command, which compares content hashes and finishes the job."""


UNKNOWN_WRITE_ADVICE = (
    "It was not sent again (re-sending a write can duplicate data). Run the same command again: "
    "an ingest compares what is already in the graph and finishes the job."
)


@dataclass
class WriteStats:
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    bulk: bool = False  # written through the engine's bulk insert (graph.loader.BulkLoader)

    def add(self, other: WriteStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name) if name != "bulk"
                    else self.bulk or other.bulk)

    @property
    def changed(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__ if name not in ("properties_set", "bulk"))


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False  # more rows existed than max_rows allowed

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


ProgressFn = Callable[[int], None]


class GraphStore(ABC):
    """A graph engine glamgraph can load into and query."""

    engine: str = "abstract"
    # send_prepared may run in a second thread while the caller's thread prepares the next write
    # (graph.loader); only the loader's writes are in flight then, nothing else uses the store.
    pipelined: bool = False

    # --- what each engine implements -------------------------------------------------
    @abstractmethod
    def _run(
        self, cypher: str, params: dict[str, Any], *, read_only: bool, timeout_s: float | None = None
    ) -> tuple[QueryResult, WriteStats]:
        """Execute one statement; read_only must make the engine refuse writes, timeout_s must
        make it stop a statement that runs longer (QueryTimeoutError)."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints and indexes if they are missing (idempotent)."""

    @abstractmethod
    def validate(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        """Raise StoreError if the engine would not accept the statement (no execution)."""

    @abstractmethod
    def schema_statements(self) -> list[str]:
        """The Cypher statements ensure_schema may send (for linting)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection (and, for embedded engines, stop the server)."""

    # --- shared plumbing --------------------------------------------------------------
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a read-only statement; a write is refused by the engine (ReadOnlyError).

        `timeout_s` stops a statement that runs longer; `max_rows` keeps the first rows and
        marks the result `truncated` (the console's limits on users' own Cypher)."""
        result, _ = self._run(cypher, params or {}, read_only=True, timeout_s=timeout_s)
        if max_rows is not None and len(result.rows) > max_rows:
            result = QueryResult(result.columns, result.rows[:max_rows], truncated=True)
        return result

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> WriteStats:
        _, stats = self._run(cypher, params or {}, read_only=False)
        return stats

    def prepare_write(self, cypher: str, params: dict[str, Any]) -> Any:
        """A write made ready to send with `send_prepared` (FalkorDB: its parameters as text)."""
        return cypher, params

    def send_prepared(self, prepared: Any) -> WriteStats:
        cypher, params = prepared
        return self.write(cypher, params)

    def bulk_load_start(self) -> int | None:
        """Engines with a bulk insert (graph.loader.BulkLoader): make an empty graph ready for it and
        return the id its first node gets; None when the graph is not empty or the engine has none."""
        return None

    def prepare_bulk(self, nodes: list[bytes], edges: list[bytes], node_count: int, edge_count: int,
                     properties: int) -> Any:
        raise NotImplementedError(f"{self.engine} has no bulk insert")

    def write_batches(
        self,
        cypher: str,
        rows: Iterable[dict[str, Any]],
        batch_size: int,
        progress: ProgressFn | None = None,
    ) -> WriteStats:
        """Send `rows` as `$rows` to an UNWIND statement, batch_size rows at a time."""
        total = WriteStats()
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                total.add(self.write(cypher, {"rows": batch}))
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            total.add(self.write(cypher, {"rows": batch}))
            if progress:
                progress(len(batch))
        return total

    def counts(self) -> dict[str, Any]:
        """Counts by label, relationship type and institution (for `stats`). One count per label
        and type (both engines answer those from their own counters, without a scan), then one
        pass over institutions and one over aliases: cheap at any graph size."""
        labels = {label: n for label, cypher in LABEL_COUNTS.items()
                  if (n := first_value(self.query(cypher)))}
        relationships = {rel: n for rel, cypher in RELATIONSHIP_COUNTS.items()
                         if (n := first_value(self.query(cypher)))}
        held = {row[0]: row[1] for row in self.query(COUNT_HELD).rows}
        aliases = {row[0]: row[1] for row in self.query(COUNT_ALIASES).rows}
        institutions = [{**row, "records": held.get(row["id"], 0), "aliases": aliases.get(row["id"], 0)}
                        for row in self.query(LIST_INSTITUTIONS).records()]
        return {"engine": self.engine, "labels": dict(sorted(labels.items())),
                "relationships": dict(sorted(relationships.items())), "institutions": institutions}

    def clear(self) -> None:
        """Delete every node and relationship (keeps the schema)."""
        while self.write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n").nodes_deleted:
            pass

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def first_value(result: QueryResult) -> Any:
    return result.rows[0][0] if result.rows else None


def plain(value: Any) -> Any:
    """Engine values (nodes, relationships, paths) as plain dicts and lists."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def chunked(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
