"""Files read before and unchanged since are not parsed again.

A snapshot ingest of a folder must account for every record in it, but a re-sync where 1% of
the records changed spent most of its time parsing and hashing the other 99% again. The sync
state (`graph.state`, table `files`) remembers, per file read through (no record that stopped
the file or deleted another), a hash of its bytes, what it was read as (origin, source,
institution, format: the `fingerprint`), the records it gave and its rejected records and warnings
(report lines, written again when the file is skipped). The next run hashes the bytes (cheap) and,
when they and the fingerprint are equal and the state still holds those records unchanged,
counts the records as read and seen without parsing the file. Like git and rsync, it takes the
hash again only when what stat says of the file (size, modification and change times, inode)
differs from what it said when the file was last hashed, or when the file had changed less than
`SETTLED_NS` before that hash was taken.

The pipeline asks through `gate(path)`; `ingest.jsonutil.unchanged_file` lets the JSON dump
readers (one document per file) ask for each file of a folder before parsing it, and a reader
whose records of one file also read other files asks `gate(path, *depends)` (Tate's subject
lists and its names files): the hash then covers those files' bytes too.

What a skipped file contributes to a run is exactly what reading it would: its records are
marked seen (not removed), and they take their place in the run's record-id order for the
readers' duplicate-id rule (`graph.build._keep_apart`), with the content key stored when they
were read. A file is read again whenever any of that cannot be shown.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import code_version
from graph.state import FileRow, SyncState, dumps, loads

# Part of every file's fingerprint: files read by other reading code are parsed again.
READ_VERSION = f"2:{code_version.READING}"


# What stat says of a file vouches for its bytes (their hash is not taken again) only when the file
# had last changed this long before it was hashed: a write in the same tick of the clock as the one
# before it could leave size and times as they were (git calls this a "racy" file).
SETTLED_NS = 2_000_000_000


def stat_signature(path: str, depends: list[str]) -> tuple[str, int] | None:
    """(size, times, inode and device of the file and of the files its records depend on, the latest
    of their modification and change times in ns), or None when the file cannot be looked at."""
    parts = []
    latest = 0
    for n, name in enumerate((path, *depends)):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            if n == 0:
                return None
            parts.append("-")  # a missing dependency hashes as missing (file_digest): the same here
            continue
        except OSError:
            return None
        parts.append(f"{st.st_size}.{st.st_mtime_ns}.{st.st_ctime_ns}.{st.st_ino}.{st.st_dev}")
        latest = max(latest, st.st_mtime_ns, st.st_ctime_ns)
    return "|".join(parts), latest


def current_digest(path: str, depends: list[str], digest: str | None,
                   stat: str | None) -> tuple[str | None, tuple[str, int] | None]:
    """(the byte hash of the file and its depends, their stat signature now): `digest`, the hash
    known from before, when stat says nothing changed since it was taken (`stat` then), else a
    hash taken now (None when the file cannot be read)."""
    now = stat_signature(path, depends)
    if digest is not None and now is not None and stat == now[0]:
        return digest, now
    return file_digest(Path(path), *(Path(d) for d in depends)), now


def file_digest(path: Path, *depends: Path) -> str | None:
    """A hash of a file's bytes (and of the files its records also depend on, if any). A folder read
    as a whole (`whole_input`) is hashed by the files in it, given as its depends: names and bytes."""
    try:
        try:
            data = path.read_bytes()  # no stat before: the common case is a file
        except OSError:
            if not path.is_dir():
                raise
            data = b""
        digest = hashlib.sha1(data)
        for other in depends:
            digest.update(b"\x00" + str(other).encode() + b"\x00")
            digest.update(other.read_bytes() if other.exists() else b"\x01missing")
        return digest.hexdigest()
    except OSError:
        return None


def whole_input(path: Path, whole_folder: bool) -> tuple[Path, list[Path]] | None:
    """What to ask the gate for an input taken as one unit: (the file, []) for a file. A reader that
    parses a folder as a whole (`ingest.registry.Format.whole_folder`: NGA's records join several
    CSV files) depends on every file in it, also when it is given one of them: (the folder or that
    file, the folder's other files), all of whose records are then kept under the input. None for a
    folder whose reader asks for its files one by one."""
    if whole_folder and (path.is_dir() or path.is_file()):
        folder = path if path.is_dir() else path.parent
        # As ingest.registry.expand sees a folder: no hidden files, no symlinks, regular files only.
        files = sorted(p for p in folder.rglob("*") if not p.name.startswith(".") and p.is_file()
                       and not p.is_symlink())
        return path, [p for p in files if p != path]
    if path.is_file():
        return path, []
    return None


@dataclass
class FileGate:
    """Answers "may this file be skipped?" for one input of one run, and keeps what the run
    learns about the files it does read."""

    state: SyncState
    origin: str  # the input the file belongs to (the records' origin in the state)
    fingerprint: str
    seen: dict[str, tuple[str, str]]  # the run's record id -> (content key, where): see _keep_apart
    run_ids: set[str]  # every record id read or skipped so far in the run
    skipped: list[tuple[str, bool]] = field(default_factory=list)  # (record id, authority) of skipped files
    skipped_files: int = 0
    asked: dict[str, str] = field(default_factory=dict)  # resolved path -> byte hash, files read this run
    entries: dict[str, list[list[Any]]] = field(default_factory=dict)  # resolved path -> records read
    unclean: set[str] = field(default_factory=set)  # files that must be read again next time (see `read`, `problem`)
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # resolved path -> its report lines
    replayed: list[dict[str, Any]] = field(default_factory=list)  # report lines of skipped files, to write again
    stats: dict[str, str] = field(default_factory=dict)  # resolved path -> stat signature to remember
    restat: set[str] = field(default_factory=set)  # files skipped whose stat signature is new
    _resolved: dict[str, str] = field(default_factory=dict)
    _rows: dict[str, FileRow] | None = None  # path -> the state's files row
    _hashes: dict[str, str] | None = None  # record id -> content hash, of the origin's stored records

    def resolve(self, file: str) -> str:
        found = self._resolved.get(file)
        if found is None:  # absolute, not resolved: a file reached through another link is just read again
            found = self._resolved[file] = os.path.abspath(file)
        return found

    def __call__(self, path: Path, *depends: Path) -> bool:
        """True when `path` (and the files in `depends`) is unchanged since it was read cleanly and
        its records are taken as read."""
        key = self.resolve(str(path))
        deps = [self.resolve(str(d)) for d in depends]
        if self._rows is None:  # one query for the rows of the input's files, not one per file
            self._rows = self.state.file_rows_under(self.origin)
        inside = key == self.origin or key.startswith(self.origin.rstrip("/") + "/")
        row = self._rows.get(key) if inside else self.state.file_row(key)  # (outside: through a link)
        hashed_at = time.time_ns()  # before stat, and stat before reading (a later write changes the stat)
        digest, stat = current_digest(key, deps, *((row[1], row[3]) if row is not None else (None, None)))
        if digest is None:
            return False
        settled = stat is not None and stat[1] + SETTLED_NS < hashed_at
        if row is None or row[0] != self.fingerprint or row[1] != digest:
            self.asked[key] = digest
            if settled:
                self.stats[key] = stat[0]  # type: ignore[index]
            return False
        entries = loads(row[2])
        ids = [e[0] for e in entries]
        if self._hashes is None:  # once per input, and only when a file may be skipped
            self._hashes = self.state.record_hashes_of(self.origin)
        if any(self._hashes.get(rid) != record_hash or rid in self.run_ids
               for rid, _content, _where, _authority, record_hash in entries) or len(set(ids)) != len(ids):
            self.asked[key] = digest
            if settled:
                self.stats[key] = stat[0]  # type: ignore[index]
            return False
        if settled and row[3] != stat[0]:  # type: ignore[index]
            self.stats[key] = stat[0]  # type: ignore[index]
            self.restat.add(key)
        for rid, content, where, authority, _hash in entries:
            if not authority:  # as _read does: authority records do not take part in _keep_apart
                self.seen[rid] = (content, where)
            self.run_ids.add(rid)
            self.skipped.append((rid, bool(authority)))
        if row[4]:  # its rejected records and warnings are reported again, as reading it would
            self.replayed.extend(loads(row[4]))
        self.skipped_files += 1
        return True

    def changed(self, key: str, digest: str) -> None:
        """A file the read worker (graph.read_worker) found changed from the state's row: it is read."""
        self.asked[self.resolve(key)] = digest

    def read(self, file: str | None, record_id: str, content: str, where: str, authority: bool,
             record_hash: str, kept_apart: bool) -> None:
        """A record parsed from `file` this run."""
        again = record_id in self.run_ids
        self.run_ids.add(record_id)
        if file is None:
            return
        key = self.resolve(file)
        if kept_apart or again:  # its id or its winning version depends on what else the run reads
            self.unclean.add(key)
        self.entries.setdefault(key, []).append([record_id, content, where, int(authority), record_hash])

    def problem(self, file: str | None, line: dict[str, Any] | None = None) -> None:
        """A rejected record or a warning in `file`, as the report's `line`: kept with the file, so a
        run that skips it reports the line again. Without a line (a record that stops the file or
        deletes another, which reading must act on) the file is read again next time."""
        if file is None:
            return
        key = self.resolve(file)
        if line is None:
            self.unclean.add(key)
        else:
            self.problems.setdefault(key, []).append(line)

    def save(self) -> None:
        """Remember the files read cleanly this run; forget the others that were read."""
        for key, digest in self.asked.items():
            entries = self.entries.get(key)
            if key in self.unclean or not entries:
                self.state.delete_file_row(key)
            else:
                self.state.put_file_row(key, self.fingerprint, digest, entries, self.stats.get(key),
                                        self.problems.get(key))
        self.state.set_file_stats({key: self.stats[key] for key in self.restat})


def fingerprint(origin: str, source: str, institution: Any, format_name: str) -> str:
    """What a file was read as: the same bytes read as another source or institution give other records."""
    return dumps([READ_VERSION, origin, source, institution.id, institution.name, institution.kind,
                  getattr(institution, "licence", None), format_name])
