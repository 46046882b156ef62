"""Parsing in a second process, so that reading overlaps the rest of the read stage.

The ingest's read stage was one loop on one core: parse a record, hash it, compare it with the
sync state, store it. Here a worker process runs the readers (parsing and cleaning: about half of
the stage's time), makes each record's content key, digest and rows (`graph.record_rows.read_record`)
and streams those, in batches, through a pipe to the ingest process, which does the rest: duplicate
ids, the sync state, the file gate, counts and the reject report. (With one worker, hashing and
rows there made it do four fifths of the work while the ingest process mostly waited; with two
workers they belong there, and rows pickle and unpickle faster than the records' objects.) The pipe
holds about a megabyte; behind it a thread of the ingest process takes the messages off the pipe as they come, up
to INBOX_BYTES, so the worker parses on while the ingest process is busy with a slow stretch (and
the ingest process has records to store while the worker parses a slow file); memory stays bounded.

The worker never opens the store or the sync state (the data folder belongs to the ingest
process). Readers ask "is this file unchanged?" (`ingest.jsonutil.unchanged_file`); the worker
answers "no" itself when the file's bytes differ from what the state held when the run started
(`known`: path -> (byte hash, stat signature), as the state had them), and
otherwise asks the ingest process's gate and waits, after sending everything read before, so
the gate sees the run exactly as it would without the worker.

It is a plain child process (`python -m graph.read_worker`), not multiprocessing's spawn, which
would import the caller's main module again (the CLI, pytest, Streamlit). On two cores or more two
workers parse, dealt the inputs in turn, at a lower priority than the ingest process (`WorkerReader`).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import settings
from graph.children import die_with_parent
from graph.collector import FIRST_THRESHOLD

BATCH = 500  # records per message: large enough to amortise pickling, small enough to stream
PIPE_BYTES = 2**20
INBOX_BYTES = 32 * 2**20  # messages taken off the pipe, not yet handled (pickled: about 60 batches)
WORKER_NICE = 10  # the workers' priority below the ingest process (see _yield_to_the_store)
MIN_BYTES = 16 * 2**20  # smaller inputs read faster than a worker starts (about a second)
ROOT = Path(__file__).resolve().parent.parent


class ReadWorkerError(RuntimeError):
    """The worker process stopped before it had read everything."""


def wanted(inputs: list[Any], read_as: list[str], known: list[dict[str, tuple[str, str | None]]] | None = None) -> bool:
    """Read in a worker: setting `read_worker` on, or auto with two cores or more and MIN_BYTES or
    more to parse: the inputs' files, less those whose stat signature is the one the state holds for
    them (`known`, per input as `WorkerReader` takes it: a re-sync that parses little reads in this
    process, where asking about each unchanged file costs no round trip to a worker). Never when an
    input is named twice, read as the same (`read_as`: the file gate's fingerprints): the gate's
    answers for the second depend on what the first read. (The same files read as other sources,
    or inside another input, have other fingerprints: a file the worker finds changed from the
    state's row at the start is then changed for the gate too.) Nor when an input cannot be sent."""
    choice = (settings.get("read_worker") or "auto").strip().lower()
    if choice in ("off", "0", "no", "false") or not inputs or len(set(read_as)) < len(read_as):
        return False
    try:
        pickle.dumps(inputs)
    except Exception:  # noqa: BLE001 - e.g. a format built around a closure: read in this process
        return False
    if choice in ("on", "1", "yes", "true"):
        return True
    if _cores() < 2:
        return False
    return _size(inputs, known or [{} for _ in inputs]) >= MIN_BYTES


def worker_count() -> int:
    """How many worker processes parse (setting `read_workers`): a number, or auto: two on two cores
    or more (they share the cores with the ingest process that stores what they send), else one."""
    choice = (settings.get("read_workers") or "auto").strip().lower()
    if choice.isdigit():
        return max(1, int(choice))
    return 2 if _cores() >= 2 else 1


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _size(inputs: list[Any], known: list[dict[str, tuple[str, str | None]]]) -> int:
    """The bytes to parse, as far as MIN_BYTES: the files whose stat signature the state does not
    hold (for the file itself, or for a file another one depends on and is only read with it)."""
    from graph.unchanged import stat_signature, whole_input

    total = 0
    for item, rows in zip(inputs, known, strict=True):
        signatures = {part for _digest, stat in rows.values() if stat for part in stat.split("|")}
        path = Path(item.path)
        whole = whole_input(path.resolve(), item.format.whole_folder) if rows and item.format.whole_folder else None
        if whole is not None:  # kept under the input, with the folder's files as its depends
            row = rows.get(str(whole[0]))
            signature = stat_signature(str(whole[0]), [str(d) for d in whole[1]])
            if row is not None and signature is not None and row[1] == signature[0]:
                continue
        if path.is_file():
            total += _unknown_size(str(path), signatures)
        for folder, _dirs, _files in os.walk(path) if path.is_dir() else ():
            with os.scandir(folder) as entries:  # a scandir entry's stat is cheaper than a Path's
                for entry in entries:
                    try:
                        total += _unknown_size(entry.path, signatures) if entry.is_file() else 0
                    except OSError:
                        continue
            if total >= MIN_BYTES:
                return total
        if total >= MIN_BYTES:
            return total
    return total


def _unknown_size(path: str, signatures: set[str]) -> int:
    """The file's size, or 0 when the state holds its stat signature (size, times, inode and device:
    the same file, unchanged) and it is not parsed."""
    from graph.unchanged import stat_signature

    signature = stat_signature(path, [])
    if signature is None or signature[0] in signatures:
        return 0
    return os.stat(path).st_size


def _widen(fd: int) -> None:
    """A pipe of about a megabyte (Linux; else the default 64 KB): the worker can run a few batches
    ahead instead of waiting for each one to be taken."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):
        pass


class _Worker:
    """One worker process and the pipes and inbox thread of the ingest process's end."""

    def __init__(self, inputs: list[Any], known: list[dict[str, str]], mine: list[int], origins: list[str]) -> None:
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        _widen(from_worker_w)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.read_worker", str(to_worker_r), str(from_worker_w)],
            pass_fds=(to_worker_r, from_worker_w), env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
        os.close(to_worker_r)
        os.close(from_worker_w)
        self.send = Connection(to_worker_w, readable=False)
        self.recv = Connection(from_worker_r, writable=False)
        self.inbox = _Inbox(self.recv)
        self.send.send((inputs, known, mine, origins))

    def next(self) -> tuple[Any, ...]:
        message = self.inbox.get()
        if message is None:
            code = self.proc.wait()
            raise ReadWorkerError(f"the process reading the catalogue files stopped (exit status {code}); "
                                  "nothing of this run was written, run the ingest again")
        return pickle.loads(message)

    def close(self) -> None:
        """Stop the worker (at once if it is still reading: the run is over), then the thread that
        takes its messages, which ends when the pipe does."""
        self.send.close()  # a worker waiting for an answer gets end-of-file and stops
        self.inbox.stop()
        try:
            self.proc.wait(timeout=1)  # one that finished exits by itself
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait()
        self.inbox.thread.join()
        self.recv.close()  # only now: a pipe is not closed under a thread reading it


class WorkerReader:
    """The ingest process's end: starts the workers and yields each input's results in order.

    With two workers the inputs are dealt out in turn (input i to worker i mod 2): while the ingest
    process takes one input's records from one worker, the other parses the next input. Two
    parsing processes beside the ingest process on two cores let the system share the cores
    between parsing and storing as each needs (at 1M records one worker alone took 237 s of CPU
    and the storing 211 s: the worker set the stage's pace, docs/scale.md)."""

    def __init__(self, inputs: list[Any], known: list[dict[str, str]], workers: int = 1,
                 origins: list[str] | None = None) -> None:
        """`origins`: the inputs' resolved paths, when the caller has them (a resolve looks at every
        folder on the way: at 27,000 inputs the workers spent 10 s of CPU resolving them again)."""
        count = max(1, min(workers, len(inputs)))
        origins = origins if origins is not None else [str(Path(item.path).resolve()) for item in inputs]
        self.workers = [_Worker(inputs, known, list(range(n, len(inputs), count)), origins) for n in range(count)]

    def results(self, index: int, gate: Any) -> Iterator[Any]:
        """The records and rejections of input `index`, answering the worker's questions with
        `gate` (graph.unchanged.FileGate)."""
        worker = self.workers[index % len(self.workers)]
        while True:
            message = worker.next()
            kind = message[0]
            if kind == "batch":
                for key, digest in message[2]:
                    gate.changed(key, digest)
                yield from message[1]
            elif kind == "ask":
                worker.send.send(gate(Path(message[1]), *(Path(d) for d in message[2])))
            elif kind == "end" and message[1] == index:
                return
            else:
                raise ReadWorkerError(f"the reading process sent {kind!r} while input {index} was read")

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


class _Inbox:
    """The worker's messages as bytes, taken off the pipe by a thread (reading the pipe releases the
    GIL) and kept, up to INBOX_BYTES, until the ingest process asks for the next. None: the pipe ended."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.messages: deque[bytes | None] = deque()
        self.held = 0
        self.stopping = False
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="glamgraph-read-inbox", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                message: bytes | None = self.conn.recv_bytes()
            except (EOFError, OSError):
                message = None
            with self.cond:
                self.messages.append(message)
                self.held += len(message or b"")
                self.cond.notify_all()
                while self.held > INBOX_BYTES and not self.stopping:
                    self.cond.wait()
                if message is None or self.stopping:
                    return

    def get(self) -> bytes | None:
        with self.cond:
            while not self.messages:
                self.cond.wait()
            message = self.messages.popleft()
            if message is None:
                self.messages.appendleft(None)  # asked again, it ended again
            else:
                self.held -= len(message)
                self.cond.notify_all()
            return message

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()


# --- the worker's side ---------------------------------------------------------------------------------
class _AskingGate:
    """The worker's `unchanged_file`: answers "changed" itself where the bytes say so, else asks."""

    def __init__(self, send: Connection, recv: Connection, origin: str, known: dict[str, tuple[str, str | None]],
                 pending: list[Any], changes: list[tuple[str, str]]) -> None:
        self.send, self.recv, self.origin, self.known = send, recv, origin, known
        self.pending, self.changes = pending, changes

    def __call__(self, path: Path, *depends: Path) -> bool:
        from graph.unchanged import current_digest

        key = os.path.abspath(str(path))
        inside = key == self.origin or key.startswith(self.origin.rstrip("/") + "/")
        if inside:
            before = self.known.get(key)
            digest, _stat = current_digest(key, [os.path.abspath(str(d)) for d in depends], *(before or (None, None)))
            if digest is None:
                return False
            if before is None or before[0] != digest:
                # told with the next batch (a message per file was a pipe write and a wake-up of the
                # ingest process for each of the 170,000 files of the 1M benchmark)
                self.changes.append((key, digest))
                return False
        _flush(self.send, self.pending, self.changes)  # the gate must see every record read before this file
        self.send.send(("ask", key, [str(d) for d in depends]))
        return bool(self.recv.recv())


def _yield_to_the_store() -> None:
    """A lower scheduling priority than the ingest process: storing is the read stage's one serial
    part, so it gets a core whenever it has records, and the workers parse on what is left. With
    equal priorities three busy processes got two thirds of a core each: at 1M records the workers
    ended their parsing at 155 s and the ingest process stored alone for another 20 s
    (docs/scale.md)."""
    try:
        os.nice(WORKER_NICE)
    except (AttributeError, OSError):  # no nice on this platform: equal priorities
        pass


def _flush(send: Connection, pending: list[Any], changes: list[tuple[str, str]]) -> None:
    """Send the records read since the last batch, with the files found changed meanwhile."""
    if pending or changes:
        send.send(("batch", list(pending), list(changes)))
        pending.clear()
        changes.clear()


def work(recv: Connection, send: Connection) -> None:
    """Read the inputs the ingest process deals this worker, in order, and stream the results back."""
    from graph.record_rows import read_record
    from graph.unchanged import whole_input
    from ingest.jsonutil import unchanged_file
    from ingest.model import Rejected

    inputs, known, mine, origins = recv.recv()
    pending: list[Any] = []
    changes: list[tuple[str, str]] = []  # (file, byte hash) of files found changed, sent with the records
    for index in mine:
        item = inputs[index]
        origin = origins[index]
        gate = _AskingGate(send, recv, origin, known[index], pending, changes)
        path = Path(item.path)
        whole = whole_input(Path(origin), item.format.whole_folder)
        if not (whole is not None and gate(whole[0], *whole[1])):
            source, institution = item.resolved()
            token = unchanged_file.set(gate if path.is_dir() else None)
            try:
                for result in item.records():
                    # its rows made here, on this worker's core (graph.record_rows.read_record)
                    pending.append(result if isinstance(result, Rejected)
                                   else read_record(result, source, institution, origin))
                    if len(pending) >= BATCH:
                        _flush(send, pending, changes)
            finally:
                unchanged_file.reset(token)
        _flush(send, pending, changes)
        send.send(("end", index))


def main() -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingest process's to handle; it stops us
    _yield_to_the_store()
    gc.set_threshold(FIRST_THRESHOLD, *gc.get_threshold()[1:])  # a parse allocates much, cycles rarely
    recv = Connection(int(sys.argv[1]), writable=False)
    send = Connection(int(sys.argv[2]), readable=False)
    try:
        work(recv, send)
    except (BrokenPipeError, EOFError):
        pass  # the ingest process stopped: nothing left to do
    finally:
        send.close()


if __name__ == "__main__":
    main()
