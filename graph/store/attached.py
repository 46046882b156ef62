"""Reading a graph that another glamgraph process already serves.

One process owns a data folder (its lock) and runs the graph server; loading the graph into a new
server takes seconds (about 3 s on the sample, far more at a million records). A command that only
reads (stats, query, pairs, export, review, evaluate, the app) and finds the folder owned by a
live process with a running server connects to that server instead: it opens in milliseconds and
never starts a second server on the same files. It can only read: every write is refused, and the
owner stays the only writer. `glamgraph serve` keeps a graph open for exactly this.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from redislite.falkordb_client import Graph

from graph.store.base import QueryResult, ReadOnlyError, WriteStats
from graph.store.embedded_process import lock_holder, servers_in, settings_file
from graph.store.falkordb_store import DB_FILE, LOCK_FILE, FalkorDBStore, GraphInUseError, _never_resend


def served_socket(data_dir: Path) -> Path | None:
    """The socket of the server running on `data_dir`'s graph, when one runs and says where it listens."""
    try:
        with open(settings_file(Path(data_dir) / DB_FILE), encoding="utf-8") as handle:
            socket = Path(json.load(handle)["unixsocket"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # The registry may be a dead owner's: only a live server working in this folder counts.
    if not socket.exists() or all(folder != socket.parent for _pid, folder in servers_in(Path(data_dir))):
        return None
    return socket


def _owner(data_dir: Path) -> str:
    try:
        fd = os.open(Path(data_dir) / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return ""
    try:
        return lock_holder(fd)
    finally:
        os.close(fd)


class AttachedFalkorDBStore(FalkorDBStore):
    """A read-only connection to the server another process owns (see the module docstring)."""

    def __init__(self, data_dir: Path, socket: Path, owner: str, graph_name: str = "glamgraph") -> None:
        import redis

        self.data_dir = Path(data_dir)
        self.owner = owner
        self._lock_fd = None
        self._watchdog = None
        self._server_dir = None
        self._dirty = False
        client = redis.Redis(unix_socket_path=str(socket), decode_responses=True)
        _never_resend(client)
        self._client = client
        self._graph = Graph(client, graph_name)
        self._closed = False

    def _run(self, cypher: str, params: dict[str, Any], *, read_only: bool,
             timeout_s: float | None = None) -> tuple[QueryResult, WriteStats]:
        if not read_only:
            raise ReadOnlyError(
                f"The graph in {self.data_dir} is served by pid {self.owner}: this command reads it through "
                "that process and cannot write. Stop that process to change the graph."
            )
        return super()._run(cypher, params, read_only=True, timeout_s=timeout_s)

    def served(self) -> bool:
        """Whether the owner still serves the graph (it may have stopped since we connected)."""
        from redis.exceptions import RedisError

        try:
            return bool(self._client.ping())
        except RedisError:
            return False

    def ensure_schema(self) -> None:
        """The owner keeps the schema; a reader never writes it."""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._client.close()


def attach(data_dir: Path, graph_name: str, busy: GraphInUseError, wait_s: float = 10.0) -> AttachedFalkorDBStore:
    """Connect to the server of the live process that owns `data_dir`, or raise `busy` (the reason
    the folder could not be opened) when there is none to connect to. A server still loading the
    graph (or not yet registered) is waited for, up to `wait_s`."""
    from redis.exceptions import BusyLoadingError
    from redis.exceptions import ConnectionError as RedisConnectionError

    deadline = time.monotonic() + wait_s
    while True:
        owner = _owner(data_dir)
        if not owner.isdigit() or not servers_in(Path(data_dir)):
            raise busy  # no server to read through (none yet, or the folder is held some other way)
        socket = served_socket(data_dir)
        if socket is not None:
            store = AttachedFalkorDBStore(data_dir, socket, owner, graph_name)
            try:
                store._client.ping()
                return store
            except (BusyLoadingError, RedisConnectionError):  # still loading, or just gone
                store.close()
        if time.monotonic() > deadline:
            raise busy
        time.sleep(0.1)

