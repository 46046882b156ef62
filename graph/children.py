"""Processes an ingest starts end with it, kill -9 included.

An orphan keeps what the ingest gave it: the stdout and stderr of whoever ran the ingest (a caller
waiting for them to close waits for ever), a pipe it blocks on sending to (the summaries computed
ahead did, for an hour, in the suite's kill -9 test), the sync state's transaction. Every child
calls `die_with_parent` first.
"""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process when its parent ends (Linux; elsewhere nothing happens).
    `parent`: the pid it must be, if the caller knows it; else the parent now (a parent that died
    between the fork and this call is then not seen: the child's parent is already another)."""
    expected = os.getppid() if parent is None else parent
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != expected:  # the parent died before the call above
        os._exit(1)
