"""The read and link stages of an ingest in a child process that has ended before the graph is written.

Linking a million mentions leaves about 2 GB resident in the process that did it (Python's small
object arenas stay mapped while a few live objects pin each one; clearing caches and trimming the
heap gave back a fifth). The write stage needs none of it, but the graph server grows by some
3 GB while it runs: the two together peaked at 5.1 GB at a million records. Run in a forked child
that exits, all of that memory is the system's again before the first write.

The child opens its own connection to the sync state (a SQLite connection is never carried across
a fork) and holds the run's transaction from the first read to the commit; the parent opens the
state again afterwards and writes what the child committed as pending. Progress is relayed to
the parent's callback as it comes; the child's report comes back as its value, and an error is
raised in the parent as it was raised in the child (with the child's traceback as a note).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import settings
from graph.children import die_with_parent

Progress = Callable[..., None]


class StageProcessError(RuntimeError):
    """The child process stopped without a value or an error (killed, out of memory)."""


def wanted() -> bool:
    """Setting `read_link_process` on (default) and a platform that forks."""
    choice = (settings.get("read_link_process") or "on").strip().lower()
    return choice not in {"off", "0", "false", "no"} and "fork" in multiprocessing.get_all_start_methods()


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it survives pickling, else a StageProcessError that says what it was."""
    text = "".join(traceback.format_exception(exc))
    try:
        exc.add_note(f"(raised in the ingest's read-and-link process)\n{text}")
        return pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own object, just made
    except Exception:  # noqa: BLE001 - any exception that cannot be pickled is described instead
        return StageProcessError(f"{type(exc).__name__}: {exc}\n{text}")


def _child(compute: Callable[[Progress], Any], send: Connection, parent: int) -> None:
    # the read-and-link child would go on holding the state's transaction, and might commit it
    die_with_parent(parent)
    # Terminated by the parent, it ends: not the parent's SIGTERM-as-SystemExit (inherited by the
    # fork; graph.store.falkordb_store), which would run this child's error path instead. Its
    # state transaction is never committed either way.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def relay(*args: Any) -> None:
        send.send(("progress", args))

    try:
        message: tuple[str, Any] = ("value", compute(relay))
    except BaseException as exc:  # noqa: BLE001 - every error goes to the parent, which raises it
        message = ("error", _portable(exc))
    send.send(message)
    send.close()


def run(compute: Callable[[Progress], Any], progress: Progress | None,
        meanwhile: Callable[[], None] | None = None) -> Any:
    """compute(progress) in a forked child; returns its (picklable) value or raises its error.
    `meanwhile` runs here once the child has started (this process only waits for it)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # Not a daemon: linking forks its own workers, which a daemon process may not.
    process = context.Process(target=_child, args=(compute, send, os.getpid()), name="glamgraph-read-link")
    process.start()
    send.close()
    finished = False
    try:
        if meanwhile is not None:
            meanwhile()
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                process.join()
                raise StageProcessError(
                    f"the ingest's read-and-link process stopped (exit code {process.exitcode}"
                    f"{', killed: out of memory?' if process.exitcode == -9 else ''}); the graph was not "
                    "touched, and the next ingest takes up this run's work") from None
            if kind == "progress":
                if progress is not None:
                    progress(*payload)
                continue
            finished = True
            if kind == "error":
                raise payload
            return payload
    finally:
        receive.close()
        if not finished and process.is_alive():  # this process was interrupted: the child's run is void
            process.terminate()
        process.join()
