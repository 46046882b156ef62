"""Candidate pairs computed on every core: parts of the work run in forked processes.

Forked children share the parent's profiles and blocks without copying them up front; each
sends its pairs back as three packed arrays (24 bytes a pair). The parent runs the first part
itself. Pairs are sorted afterwards (`linker._best_first`), so the result does not depend on
which process found a pair.
"""

from __future__ import annotations

import multiprocessing
import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection

Pairs = Iterable[tuple[float, int, int]]
MIN_WORK = 20_000  # below this many profiles a fork costs more than it saves


def workers(size: int) -> int:
    """How many processes to use for `size` profiles: all cores (at most 4), or one when small."""
    if size < MIN_WORK:
        return 1
    try:
        return max(1, min(4, len(os.sched_getaffinity(0))))
    except AttributeError:  # not Linux
        return max(1, min(4, os.cpu_count() or 1))


def _send(part: Callable[[], Pairs], conn: Connection) -> None:
    scores, left, right = array("d"), array("q"), array("q")
    for score, i, j in part():
        scores.append(score)
        left.append(i)
        right.append(j)
    for packed in (scores, left, right):
        conn.send_bytes(packed.tobytes())
    conn.close()


def run(parts: list[Callable[[], Pairs]]) -> Iterator[tuple[float, int, int]]:
    """Every pair of every part: parts[1:] in forked children, parts[0] here."""
    if len(parts) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for part in parts:
            yield from part()
        return
    context = multiprocessing.get_context("fork")
    children = []
    for part in parts[1:]:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_send, args=(part, send), daemon=True)
        process.start()
        send.close()
        children.append((process, receive))
    yield from parts[0]()
    for process, receive in children:
        scores, left, right = array("d"), array("q"), array("q")
        for packed in (scores, left, right):
            packed.frombytes(receive.recv_bytes())
        receive.close()
        process.join()
        if process.exitcode:
            raise RuntimeError(f"a linking worker failed (exit code {process.exitcode})")
        yield from zip(scores, left, right, strict=True)
