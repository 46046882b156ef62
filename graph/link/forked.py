"""Candidate pairs computed on every core: parts of the work run in forked processes.

Forked children share the parent's profiles and blocks without copying them up front; each
sends its pairs back as three packed arrays (24 bytes a pair), and the parent's own part is
packed the same way: all pairs come back as three numpy arrays, never as a Python tuple each.
Pairs are sorted afterwards (`graph.link.best_first`), so the result does not depend on which
process found a pair.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from array import array
from collections.abc import Callable, Iterable
from functools import partial
from multiprocessing.connection import Connection
from typing import Any

import numpy

from graph.children import die_with_parent

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


def _pack(part: Callable[[], Pairs]) -> tuple[array, array, array]:
    scores, left, right = array("d"), array("q"), array("q")
    for score, i, j in part():
        scores.append(score)
        left.append(i)
        right.append(j)
    return scores, left, right


def _send(part: Callable[[], Pairs], conn: Connection) -> None:
    die_with_parent()
    for packed in _pack(part):
        conn.send_bytes(packed.tobytes())
    conn.close()


def run(parts: list[Callable[[], Pairs]]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(scores, left, right) of every pair of every part: parts[1:] in forked children, parts[0] here."""
    if len(parts) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _arrays([_pack(part) for part in parts])
    context = multiprocessing.get_context("fork")
    children = []
    for part in parts[1:]:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_send, args=(part, send), daemon=True)
        process.start()
        send.close()
        children.append((process, receive))
    packed = [_pack(parts[0])]
    for process, receive in children:
        scores, left, right = array("d"), array("q"), array("q")
        for one in (scores, left, right):
            one.frombytes(receive.recv_bytes())
        receive.close()
        process.join()
        if process.exitcode:
            raise RuntimeError(f"a linking worker failed (exit code {process.exitcode})")
        packed.append((scores, left, right))
    return _arrays(packed)


def _arrays(packed: list[tuple[array, array, array]]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    scores = numpy.concatenate([numpy.frombuffer(p[0], dtype=numpy.float64) for p in packed])
    left = numpy.concatenate([numpy.frombuffer(p[1], dtype=numpy.int64) for p in packed])
    right = numpy.concatenate([numpy.frombuffer(p[2], dtype=numpy.int64) for p in packed])
    return scores, left, right


def _send_value(compute: Callable[[], Any], conn: Connection) -> None:
    die_with_parent()
    conn.send_bytes(pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL))
    conn.close()


def mapped(compute: Callable[[list[Any]], list[Any]], items: list[Any]) -> list[Any]:
    """`compute(items)` (one value per item, in order) with the items split over all cores: the first
    share here, the others in forked children (`beside`); their values must be picklable."""
    n = workers(len(items))
    parts = [items[len(items) * k // n:len(items) * (k + 1) // n] for k in range(n)]
    others = [beside(partial(compute, part)) for part in parts[1:]]
    values = compute(parts[0])
    for other in others:
        values += other()
    return values


def beside(compute: Callable[[], Any]) -> Callable[[], Any]:
    """Start `compute()` in a forked child while this process goes on; returns a function that waits
    for its (picklable) value. Without fork it is computed here, at once."""
    if "fork" not in multiprocessing.get_all_start_methods():
        value = compute()
        return lambda: value
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send_value, args=(compute, send), daemon=True)
    process.start()
    send.close()

    def result() -> Any:
        try:
            data = receive.recv_bytes()
        except EOFError:
            data = None
        receive.close()
        process.join()
        if process.exitcode or data is None:
            raise RuntimeError(f"a linking worker failed (exit code {process.exitcode})")
        return pickle.loads(data)  # noqa: S301 - our own forked child's value

    return result
