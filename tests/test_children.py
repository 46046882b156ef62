"""A process an ingest starts ends when the ingest is killed (kill -9): an orphan held the caller's
stdout open and blocked on a pipe for an hour in the suite's crash test."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from graph.children import die_with_parent


def _alive(pid: int) -> bool:
    """Running or sleeping: not gone and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _grandchild(die: bool) -> None:
    if die:
        die_with_parent()
    time.sleep(60)


def _parent(die: bool, tell: multiprocessing.connection.Connection) -> None:
    child = multiprocessing.get_context("fork").Process(target=_grandchild, args=(die,), daemon=False)
    child.start()
    tell.send(child.pid)
    time.sleep(60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
@pytest.mark.parametrize("die", [True, False])
def test_a_child_ends_with_its_killed_parent(die: bool) -> None:
    context = multiprocessing.get_context("fork")
    receive, tell = context.Pipe(duplex=False)
    parent = context.Process(target=_parent, args=(die, tell))
    parent.start()
    child = receive.recv()
    assert _alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.join()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert _alive(child) is not die  # with the call it is gone; without it, it would live on (checked)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
