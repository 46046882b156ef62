"""Per-source sync state: a small SQLite file beside the graph that remembers what the graph holds.

For every record: its source, the file or folder it came from (`origin`), a content hash, its
node properties, the mentions it made (which aliases, with what they said, and the record
edges they give) and the entity edges it stated. For every alias, link, canonical entity and
entity edge: what was last written to the graph. An ingest compares what it reads with this
state, so it knows what was added, changed and removed without reading the graph back, and
writes only that (see `graph.build` and docs/sync.md).

Crash safety: the new state and a `pending` list of the graph keys the run will write are
committed together before the graph is touched; the pending list is cleared only after the
graph writes finished. A run that finds pending keys (a crash, Ctrl-C) writes them again, so
the graph ends where the state says, whatever point the previous run died at.

`get_setting` / `set_setting` keep small per-graph settings (e.g. how the graph was linked).
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

STATE_FILE = "sync-state.sqlite"
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, origin TEXT NOT NULL, header_id TEXT, hash TEXT NOT NULL,
    authority INTEGER NOT NULL, domain TEXT, institution TEXT, holder TEXT, props TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_origin ON records(origin);
CREATE INDEX IF NOT EXISTS records_header ON records(source, header_id);
CREATE INDEX IF NOT EXISTS records_institution ON records(id, authority, institution);
CREATE TABLE IF NOT EXISTS mentions (
    record TEXT NOT NULL, ord INTEGER NOT NULL, alias TEXT NOT NULL, info TEXT NOT NULL,
    relation TEXT, edge_key TEXT, edge_props TEXT, PRIMARY KEY (record, ord));
DROP INDEX IF EXISTS mentions_alias;
DROP INDEX IF EXISTS mentions_alias_fold;
CREATE INDEX IF NOT EXISTS mentions_by_alias ON mentions(alias, record, ord, info, relation);
CREATE TABLE IF NOT EXISTS alias_edges (record TEXT NOT NULL, relation TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alias_edges_record ON alias_edges(record);
CREATE TABLE IF NOT EXISTS alias_edge_set (
    relation TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (relation, a, b));
CREATE INDEX IF NOT EXISTS alias_edge_set_a ON alias_edge_set(a);
CREATE INDEX IF NOT EXISTS alias_edge_set_b ON alias_edge_set(b);
CREATE TABLE IF NOT EXISTS institutions (id TEXT PRIMARY KEY, name TEXT, kind TEXT);
CREATE TABLE IF NOT EXISTS origin_institutions (
    origin TEXT NOT NULL, source TEXT NOT NULL, institution TEXT NOT NULL, PRIMARY KEY (origin, source, institution));
CREATE TABLE IF NOT EXISTS aliases (key TEXT PRIMARY KEY, pool TEXT NOT NULL, props TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_pool ON aliases(pool);
CREATE TABLE IF NOT EXISTS links (alias TEXT PRIMARY KEY, entity TEXT NOT NULL, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS links_entity ON links(entity);
CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity_edges (
    relation TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY (relation, source, target));
CREATE TABLE IF NOT EXISTS graph_institutions (id TEXT PRIMARY KEY, props TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, digest TEXT NOT NULL, records TEXT NOT NULL, stat TEXT,
    problems TEXT);
CREATE TABLE IF NOT EXISTS harvests (
    endpoint TEXT NOT NULL, set_spec TEXT NOT NULL, prefix TEXT NOT NULL, last_datestamp TEXT, resume TEXT,
    PRIMARY KEY (endpoint, set_spec, prefix));
"""

# Secondary indexes of the tables a read stage appends to. A first ingest drops them while it reads
# and builds them after (`SyncState.defer_indexes`): inserting a million records' rows into these
# B-trees in the order read, far larger than SQLite's page cache, took 77 s; inserting without them and
# building them by sorting afterwards took 35 s (the 1M benchmark's state, docs/scale.md).
# `records_institution` and the `relation` at the end of `mentions_by_alias` let the summaries' join
# (`field_records_of`) read indexes only, no table row per mention and record: 4.5 -> 1.4 s for the 160k
# entities of the 300k benchmark's state.
_DEFERRABLE_INDEXES = {
    "records_origin": "CREATE INDEX IF NOT EXISTS records_origin ON records(origin)",
    "records_header": "CREATE INDEX IF NOT EXISTS records_header ON records(source, header_id)",
    "records_institution": "CREATE INDEX IF NOT EXISTS records_institution ON records(id, authority, institution)",
    "mentions_by_alias": "CREATE INDEX IF NOT EXISTS mentions_by_alias ON mentions(alias, record, ord, info, relation)",
    "alias_edges_record": "CREATE INDEX IF NOT EXISTS alias_edges_record ON alias_edges(record)",
}
assert all(statement in _SCHEMA for statement in _DEFERRABLE_INDEXES.values())  # one definition of each
_JSON_ROWS = 1000  # from this many keys on, pending rows are sent as one JSON array (SyncState._put_pending)
CACHE_KB = 64 * 1024  # SQLite's page cache per connection (its default is 2 MB; see SyncState.__init__)

# A file read through before (`SyncState.file_row`): fingerprint, byte hash, records json, stat
# signature, problems json.
FileRow = tuple[str, str, str, str | None, str | None]

# Kinds of pending graph keys, in the order the loader writes them.
PENDING_KINDS = ("institution", "record", "entity", "alias", "link", "record_edges", "entity_edge", "extract",
                 "summary")
NEW = "new"  # pending marks: keys the graph did not hold when the run that wrote them started
EXTRACT_ALL = "*"  # a pending "extract" key: every record's text is extracted again
SUMMARISE_ALL = "*"  # a pending "summary" key: every entity's summaries are recomputed (else: those named)


# The state's JSON goes through orjson (several times the standard library's speed: the read stage
# encodes every mention, the link and write stages decode them). What it refuses (a lone surrogate
# a hostile JSON file can carry, integers past 64 bits) goes through the standard encoder with the
# same options; dataclasses and datetimes go to `default=str` as with the standard encoder. The
# texts differ only in how floats below 1e-4 or from 1e16 are written, never between two values
# written by the same version.
_ORJSON_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
                   | orjson.OPT_PASSTHROUGH_DATETIME)
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys): equal values give equal text, so text comparison is enough."""
    try:
        return orjson.dumps(value, default=str, option=_ORJSON_OPTIONS).decode()
    except (orjson.JSONEncodeError, TypeError):
        return _ENCODER.encode(value)


def loads(text: str | bytes) -> Any:
    """A value `dumps` wrote (orjson reads the standard library's output too, apart from NaN)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def within(origin: str, scopes: set[str]) -> bool:
    """Whether a file or folder path is one of `scopes` or lies under one of them."""
    path = origin.rstrip("/") or "/"
    while True:
        if path in scopes:
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _json_keys(keys: list[str]) -> str | None:
    """`keys` as a JSON array SQLite's json_each gives back exactly, or None: a key holding a NUL (SQLite's
    JSON text ends there) or one JSON cannot hold (a lone surrogate, which SQLite rejects row by row too)."""
    try:
        text = orjson.dumps(keys).decode()
    except (orjson.JSONEncodeError, TypeError):
        return None
    return None if "\\u0000" in text else text


def checkpoint(path: str) -> None:
    """Copy the state's write-ahead log into its database file, as far as readers allow; never waits
    for nor blocks a reader or the writer (a passive checkpoint)."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        db.close()


def _indexed[T](method: Callable[..., T]) -> Callable[..., T]:
    """A SyncState method that looks rows up by a deferrable index: builds the deferred ones first."""
    @functools.wraps(method)
    def wrapper(self: SyncState, *args: Any, **kwargs: Any) -> T:
        self.build_indexes()
        return method(self, *args, **kwargs)
    return wrapper


class SyncState:
    """The SQLite state of one graph. One writer at a time: the graph's own lock guards it."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)  # transactions by hand (begin/commit)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        # A bigger page cache: a first ingest's inserts into tables far larger than 2 MB spill and
        # re-read pages all the time (the 1M state's inserts, indexes built after: 43 s with 2 MB,
        # 35 s with 64 MB).
        self.db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        # Large sorts (a first ingest's deferred indexes) sort in a second thread too: the mentions'
        # covering index of the 1M state builds in 5.0-5.4 s instead of 6.3-7.7 s.
        self.db.execute("PRAGMA threads=2")
        self.db.executescript(_SCHEMA)  # also builds any deferred index a run that stopped left out
        self._deferred = False
        self._held_new: list[str] = []  # records stored while the indexes are deferred: pending and new, marked later
        self._gone_any = False  # whether `gone` holds a row (a first ingest's lookups in it are skipped)
        self._direct = False
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY)")
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS dirty_aliases (key TEXT PRIMARY KEY)")
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS gone (id TEXT PRIMARY KEY)")  # records this run removed
        file_columns = {row[1] for row in self.db.execute("PRAGMA table_info(files)")}
        if "stat" not in file_columns:  # an older state
            self.db.execute("ALTER TABLE files ADD COLUMN stat TEXT")
        if "problems" not in file_columns:  # an older state: its rows are of files read without a problem
            self.db.execute("ALTER TABLE files ADD COLUMN problems TEXT")
        if self.get_setting("schema_version") is None:
            self.set_setting("schema_version", SCHEMA_VERSION)
        if self.get_setting("alias_edge_set") is None:  # a state written before that table existed
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM alias_edge_set")
            self.db.execute("INSERT INTO alias_edge_set (relation, a, b, n) "
                            "SELECT relation, a, b, count(*) FROM alias_edges GROUP BY relation, a, b")
            self.set_setting("alias_edge_set", "1")
            self.db.execute("COMMIT")

    def defer_checkpoint(self) -> None:
        """Leave the write-ahead log to `checkpoint` (in another thread or process): neither this
        connection's commits nor its close copy it into the database file. A first ingest's one
        transaction logs gigabytes; copying them on commit took 10.8 s of the 300k benchmark's link
        stage, while the graph's write stage leaves a core free for it."""
        self.db.execute("PRAGMA wal_autocheckpoint=0")
        self.db.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)

    def write_directly(self) -> bool:
        """For a state that holds nothing yet, about to take a whole catalogue in one transaction:
        write its pages straight into the database file, with a rollback journal, until the next
        commit or rollback (then the write-ahead log again). In the log, every page of a first
        ingest is written twice, once to the log and once copied into the file (at a million
        records 3.5 GB each, the copy 28-30 s of a core). A new file's pages need no journal: a
        run that stops rolls back to the empty state, as it does from the log. False (nothing
        changed) outside that case, or when another connection keeps the log in use."""
        if self.path == ":memory:" or self.db.in_transaction or not self.is_empty():
            return False
        try:
            mode = self.db.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError:  # "database is locked" (at once): it stays in the log
            mode = "wal"
        self._direct = mode == "delete"
        return self._direct

    def _end_direct(self) -> None:
        if self._direct:
            self._direct = False
            self.db.execute("PRAGMA journal_mode=WAL")

    # --- transactions -------------------------------------------------------------------
    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.build_indexes()  # never a state committed without them
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._end_direct()

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")  # a drop of the deferred indexes goes with the rest
        self._deferred = False
        self._held_new = []
        self._end_direct()

    def defer_indexes(self) -> None:
        """Drop the secondary indexes of records, mentions and alias edges until `build_indexes`
        (inside this run's transaction): for a state that holds no records yet, about to read a whole
        catalogue. Every method that looks rows up by them builds them first; `commit` does too."""
        if not self.db.in_transaction:
            raise RuntimeError("defer_indexes only inside a transaction (begin)")
        for name in _DEFERRABLE_INDEXES:
            self.db.execute(f"DROP INDEX IF EXISTS {name}")
        self._deferred = True

    def build_indexes(self) -> None:
        """Build the indexes `defer_indexes` dropped (nothing when none were)."""
        self._mark_held()
        if self._deferred:
            for statement in _DEFERRABLE_INDEXES.values():
                self.db.execute(statement)
            self._deferred = False

    def _mark_held(self) -> None:
        """Mark the records `put_new_records` held back pending and new, in key order: one pass that
        appends to the `pending` table's B-tree instead of an insert at a random place per record
        (5 s of a million-record first ingest)."""
        if self._held_new:
            held = sorted(self._held_new)
            self._held_new = []
            self.add_pending("record", held)
            self.mark_new("record", held)

    def close(self) -> None:
        self.rollback()
        self.db.close()

    # --- per-graph settings ---------------------------------------------------------------
    def get_setting(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE name = ?", (name,))
        else:
            self.db.execute("INSERT INTO meta (name, value) VALUES (?, ?) "
                            "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    # --- whole state ------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None and \
            self.db.execute("SELECT 1 FROM aliases LIMIT 1").fetchone() is None

    def reset(self) -> None:
        """Forget everything the graph held (the graph was emptied or replaced behind our back)."""
        for table in ("records", "mentions", "alias_edges", "alias_edge_set", "origin_institutions", "aliases", "links",
                      "entities", "entity_edges", "graph_institutions", "pending", "files"):
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are constants above

    # --- records ------------------------------------------------------------------------------
    def stored_hashes(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """id -> (hash, origin) of the records among `ids` that the state holds."""
        out: dict[str, tuple[str, str]] = {}
        for part in chunks(ids):
            marks = ",".join("?" * len(part))
            for rid, digest, origin in self.db.execute(
                    f"SELECT id, hash, origin FROM records WHERE id IN ({marks})", part):  # noqa: S608
                out[rid] = (digest, origin)
        return out

    def mark_seen(self, ids: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO seen (id) VALUES (?)", ((i,) for i in ids))

    def set_origin(self, rows: list[tuple[str, str]]) -> None:
        self.db.executemany("UPDATE records SET origin = ? WHERE id = ?", ((o, i) for i, o in rows))

    def record_aliases(self, record_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT alias FROM mentions WHERE record = ?", (record_id,))]

    @_indexed
    def delete_record(self, record_id: str) -> bool:
        """Forget a record and its mentions; the aliases it mentioned become dirty. True when the
        state held the record."""
        self.db.execute("INSERT OR IGNORE INTO dirty_aliases (key) SELECT alias FROM mentions WHERE record = ?",
                        (record_id,))
        self.db.execute("DELETE FROM mentions WHERE record = ?", (record_id,))
        stated = self.db.execute("SELECT relation, a, b FROM alias_edges WHERE record = ?", (record_id,)).fetchall()
        if stated:
            self._count_alias_edges(stated, -1)
            self.db.execute("DELETE FROM alias_edges WHERE record = ?", (record_id,))
        held = self.db.execute("DELETE FROM records WHERE id = ?", (record_id,)).rowcount > 0
        if held:
            self.db.execute("INSERT OR IGNORE INTO gone (id) VALUES (?)", (record_id,))
            self._gone_any = True
        self.add_pending("record", [record_id])
        return held

    def put_record(self, row: dict[str, Any], mentions: list[tuple[int, str, str, str | None, str | None, str | None]],
                   alias_edges: list[tuple[str, str, str]]) -> None:
        """Store a new or changed record (its old mentions are replaced)."""
        self.delete_record(row["id"])  # a record held until now goes to `gone`: not marked new below
        self.put_new_records([(row, mentions, alias_edges)])

    def put_new_records(self, items: list[tuple[dict[str, Any], list[Any], list[Any]]]) -> None:
        """Store records the state does not hold, in batches (no old mentions to replace; the first
        ingest of a catalogue is all new records). Those not in `gone` are new to the graph."""
        if not items:
            return
        ids = [row["id"] for row, _, _ in items]
        if self._deferred and not self._gone_any:  # a first ingest: all new, marked once the reading ends
            self._held_new += ids
        else:
            gone: set[str] = set()
            for part in chunks(ids) if self._gone_any else ():
                marks = ",".join("?" * len(part))
                gone.update(r[0] for r in self.db.execute(f"SELECT id FROM gone WHERE id IN ({marks})", part))  # noqa: S608
            self.add_pending("record", ids)
            self.mark_new("record", [rid for rid in ids if rid not in gone])  # not in the graph when this run started
        self.db.executemany(
            "INSERT INTO records (id, source, origin, header_id, hash, authority, domain, institution, holder, props) "
            "VALUES (:id, :source, :origin, :header_id, :hash, :authority, :domain, :institution, :holder, :props)",
            [row for row, _, _ in items])
        self.db.executemany("INSERT INTO mentions (record, ord, alias, info, relation, edge_key, edge_props) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", ((row["id"], *m) for row, ms, _ in items for m in ms))
        edges = [(row["id"], *e) for row, _, es in items for e in es]
        self.db.executemany("INSERT INTO alias_edges (record, relation, a, b) VALUES (?, ?, ?, ?)", edges)
        self._count_alias_edges((e[1:] for e in edges), 1)
        self.db.executemany("INSERT OR IGNORE INTO dirty_aliases (key) VALUES (?)",
                            ((m[1],) for _, ms, _ in items for m in ms))

    def _count_alias_edges(self, edges: Iterable[tuple[str, str, str]], step: int) -> None:
        """Keep `alias_edge_set`: each distinct alias edge with how many records state it. Entity edges
        are computed from it (a popular subject's BROADER edge is stated by thousands of records)."""
        counts = Counter(tuple(e) for e in edges)
        self.db.executemany("INSERT INTO alias_edge_set (relation, a, b, n) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT(relation, a, b) DO UPDATE SET n = n + excluded.n",
                            ((*e, n * step) for e, n in counts.items()))
        if step < 0:
            self.db.executemany("DELETE FROM alias_edge_set WHERE relation = ? AND a = ? AND b = ? AND n <= 0",
                                counts)

    @_indexed
    def unseen_in(self, scopes: list[str], keep_origins: set[str]) -> list[str]:
        """Records whose origin lies in one of `scopes` (a file, or a folder and what is under it)
        and that this run did not read; records of an origin in `keep_origins` are kept."""
        wanted = set(scopes)
        origins = [o for (o,) in self.db.execute("SELECT DISTINCT origin FROM records")
                   if o not in keep_origins and within(o, wanted)]
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS scoped_origins (origin TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM scoped_origins")
        self.db.executemany("INSERT OR IGNORE INTO scoped_origins (origin) VALUES (?)", ((o,) for o in origins))
        # One indexed pass over the origins in scope, not a scan of every record per scope.
        return sorted(r[0] for r in self.db.execute(
            "SELECT r.id FROM scoped_origins s JOIN records r ON r.origin = s.origin "
            "WHERE r.id NOT IN (SELECT id FROM seen)"))

    @_indexed
    def unseen_of(self, sources: list[str]) -> list[str]:
        """Records of `sources` that this run did not read (a full harvest is a snapshot of a source)."""
        found: list[str] = []
        for source in sources:
            found += [r[0] for r in self.db.execute(
                "SELECT id FROM records WHERE source = ? AND id NOT IN (SELECT id FROM seen)", (source,))]
        return sorted(set(found))

    @_indexed
    def records_of(self, source: str, ids: list[str] | None = None) -> list[str]:
        """Record ids of a source (all, or those whose source id or OAI header id is in `ids`)."""
        if ids is None:
            return [r[0] for r in self.db.execute("SELECT id FROM records WHERE source = ?", (source,))]
        found: set[str] = set()
        for given in ids:
            for (rid,) in self.db.execute("SELECT id FROM records WHERE source = ? AND (id = ? OR id = ? OR header_id = ?)",
                                          (source, given, f"{source}:{given}", given)):
                found.add(rid)
        return sorted(found)

    def record_rows(self, ids: list[str]) -> Iterator[tuple[str, bool, str | None, str | None, dict[str, Any]]]:
        """(id, authority, domain, institution, props) of the stored records among `ids`."""
        for part in chunks(ids):
            marks = ",".join("?" * len(part))
            for rid, authority, domain, institution, props in self.db.execute(
                    f"SELECT id, authority, domain, institution, props FROM records WHERE id IN ({marks})",  # noqa: S608
                    part):
                yield rid, bool(authority), domain, institution, loads(props)

    def field_links(self, ids: list[str] | None) -> set[tuple[str, str]]:
        """(record, entity) of the field edges of `ids` (None: of every non-authority record): what
        the text search skips. `record_edges` without decoding each edge's properties (the search of a
        first ingest asks for every record: on the demo's state 0.48 -> 0.29 s)."""
        query = ("SELECT DISTINCT m.record, l.entity FROM mentions m "
                 "JOIN records r ON r.id = m.record AND r.authority = 0 "
                 "JOIN links l ON l.alias = m.alias WHERE m.relation IS NOT NULL")
        if ids is None:
            return set(self.db.execute(query))
        found: set[tuple[str, str]] = set()
        for part in chunks(ids):
            found.update(self.db.execute(f"{query} AND m.record IN ({','.join('?' * len(part))})", part))  # noqa: S608
        return found

    def record_edges(self, ids: list[str]) -> Iterator[tuple[str, str, str, str, str, dict[str, Any]]]:
        """(record, relation, entity, label, key, props) for the field edges of `ids`, through the links."""
        for part in chunks(ids):
            marks = ",".join("?" * len(part))
            for row in self.db.execute(
                    "SELECT m.record, m.relation, l.entity, l.label, m.edge_key, m.edge_props FROM mentions m "
                    "JOIN records r ON r.id = m.record AND r.authority = 0 "
                    f"JOIN links l ON l.alias = m.alias WHERE m.record IN ({marks}) AND m.relation IS NOT NULL "  # noqa: S608
                    "ORDER BY m.record, m.ord", part):
                yield row[0], row[1], row[2], row[3], row[4], loads(row[5])

    @_indexed
    def records_mentioning(self, aliases: list[str]) -> list[str]:
        found: set[str] = set()
        for part in chunks(aliases):
            marks = ",".join("?" * len(part))
            found.update(r[0] for r in self.db.execute(
                f"SELECT DISTINCT record FROM mentions WHERE relation IS NOT NULL AND alias IN ({marks})", part))  # noqa: S608
        return sorted(found)

    def texts(self, ids: list[str] | None) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
        """(id, institution, props) of non-authority records: all (None) or those among `ids`."""
        if ids is None:
            rows: Iterable[Any] = self.db.execute(
                "SELECT id, institution, props FROM records WHERE authority = 0 ORDER BY id")
            for rid, institution, props in rows:
                yield rid, institution, loads(props)
            return
        for rid, authority, _, institution, props in self.record_rows(sorted(ids)):
            if not authority:
                yield rid, institution, props

    def text_values(self, fields: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        """(id, *the values of `fields`) of every non-authority record, without decoding the rest of
        its properties (a scan of every text is three times faster so)."""
        columns = ", ".join("json_extract(props, ?)" for _ in fields)
        yield from self.db.execute(f"SELECT id, {columns} FROM records WHERE authority = 0",  # noqa: S608 - only placeholders
                                   [f"$.{name}" for name in fields])

    # --- aliases ------------------------------------------------------------------------------
    @_indexed
    def dirty_alias_rows(self) -> tuple[list[tuple[str, str | None, int | None, str | None]], dict[str, str]]:
        """The dirty aliases' mention rows (alias, record, position, contribution JSON; one row with
        None for an alias without mentions), sorted, and their stored props; empties the dirty list.
        `graph.alias_fold` folds them into each alias's properties (in parts, on every core)."""
        # The mentions come from the covering index mentions_by_alias; sorted here (Python orders
        # str by code point, as SQLite's BINARY collation orders UTF-8 bytes; (record, ord) is unique,
        # and an alias without mentions has one row).
        rows = sorted(self.db.execute(
            "SELECT d.key, m.record, m.ord, m.info FROM dirty_aliases d LEFT JOIN mentions m "
            "ON m.alias = d.key").fetchall())
        stored = dict(self.db.execute(
            "SELECT d.key, a.props FROM dirty_aliases d JOIN aliases a ON a.key = d.key").fetchall())
        self.db.execute("DELETE FROM dirty_aliases")
        return rows, stored

    def put_aliases(self, rows: list[tuple[str, str, str]]) -> None:
        self.db.executemany("INSERT INTO aliases (key, pool, props) VALUES (?, ?, ?) ON CONFLICT(key) "
                            "DO UPDATE SET pool = excluded.pool, props = excluded.props", rows)

    def alias_props(self, keys: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in chunks(keys):
            marks = ",".join("?" * len(part))
            out.update(self.db.execute(f"SELECT key, props FROM aliases WHERE key IN ({marks})", part).fetchall())  # noqa: S608
        return out

    def alias_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM aliases").fetchone()[0])

    def delete_alias(self, key: str) -> None:
        self.db.execute("DELETE FROM aliases WHERE key = ?", (key,))

    def aliases_in(self, pools: Iterable[str] | None) -> Iterator[tuple[str, dict[str, Any]]]:
        if pools is None:
            rows: Iterable[Any] = self.db.execute("SELECT key, props FROM aliases ORDER BY key")
        else:
            wanted = sorted(pools)
            marks = ",".join("?" * len(wanted))
            rows = self.db.execute(f"SELECT key, props FROM aliases WHERE pool IN ({marks}) ORDER BY key", wanted)  # noqa: S608
        for key, props in rows:
            yield key, loads(props)

    # --- links and entities ---------------------------------------------------------------------
    def links_in(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str, str]]:
        """alias -> (entity, label, props json) for all links or those of `keys`."""
        if keys is None:
            return {r[0]: (r[1], r[2], r[3]) for r in self.db.execute("SELECT alias, entity, label, props FROM links")}
        out: dict[str, tuple[str, str, str]] = {}
        for part in chunks(sorted(keys)):
            marks = ",".join("?" * len(part))
            for r in self.db.execute(f"SELECT alias, entity, label, props FROM links WHERE alias IN ({marks})", part):  # noqa: S608
                out[r[0]] = (r[1], r[2], r[3])
        return out

    def entities_linked(self, keys: set[str]) -> set[str]:
        """The entities the links of `keys` point at. When `keys` are a good part of all links (a first
        ingest: every alias), one scan of the links answers, not a query per 500 keys (at a million
        records 0.6 s against 1.9 s, asked twice per run)."""
        if len(keys) * 4 > self.db.execute("SELECT count(*) FROM links").fetchone()[0]:
            return {entity for alias, entity in self.db.execute("SELECT alias, entity FROM links") if alias in keys}
        return {entity for entity, _label, _props in self.links_in(keys).values()}

    def links_with_labels(self, labels: list[str]) -> dict[str, tuple[str, str, str]]:
        marks = ",".join("?" * len(labels))
        return {r[0]: (r[1], r[2], r[3]) for r in self.db.execute(
            f"SELECT alias, entity, label, props FROM links WHERE label IN ({marks})", labels)}  # noqa: S608

    def put_links(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.db.executemany("INSERT INTO links (alias, entity, label, props) VALUES (?, ?, ?, ?) ON CONFLICT(alias) "
                            "DO UPDATE SET entity = excluded.entity, label = excluded.label, props = excluded.props",
                            rows)

    def delete_link(self, alias: str) -> None:
        self.db.execute("DELETE FROM links WHERE alias = ?", (alias,))

    def entity_members(self, ids: list[str]) -> Iterator[
            tuple[str, str, list[tuple[str, dict[str, Any]]], tuple[str, str] | None]]:
        """(entity id, label, [(alias key, alias props)] by key, stored (label, props)) for `ids`."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_entities (id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted_entities")
        self.db.executemany("INSERT OR IGNORE INTO wanted_entities (id) VALUES (?)", ((i,) for i in ids))
        rows = self.db.execute(
            "SELECT w.id, l.label, a.key, a.props, e.label, e.props FROM wanted_entities w "
            "LEFT JOIN links l ON l.entity = w.id LEFT JOIN aliases a ON a.key = l.alias "
            "LEFT JOIN entities e ON e.id = w.id ORDER BY w.id, a.key").fetchall()
        current: str | None = None
        label = ""
        members: list[tuple[str, dict[str, Any]]] = []
        before: tuple[str, str] | None = None
        for eid, link_label, key, props, old_label, old_props in rows:
            if eid != current:
                if current is not None:
                    yield current, label, members, before
                current, label, members = eid, "", []
                before = (old_label, old_props) if old_label is not None else None
            if key is not None:
                label = link_label
                members.append((key, loads(props)))
        if current is not None:
            yield current, label, members, before

    def put_entities(self, rows: list[tuple[str, str, str]]) -> None:
        self.db.executemany("INSERT INTO entities (id, label, props) VALUES (?, ?, ?) ON CONFLICT(id) "
                            "DO UPDATE SET label = excluded.label, props = excluded.props", rows)

    def delete_entity(self, entity_id: str) -> None:
        self.db.execute("DELETE FROM entities WHERE id = ?", (entity_id,))

    def entity_rows(self, ids: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        for part in chunks(ids):
            marks = ",".join("?" * len(part))
            for eid, label, props in self.db.execute(
                    f"SELECT id, label, props FROM entities WHERE id IN ({marks})", part):  # noqa: S608
                out[eid] = (label, loads(props))
        return out

    def entity_names(self) -> Iterator[tuple[str, str, Any, str | None]]:
        """(id, label, name, names as JSON) of every entity in id order, the rest of its properties
        left undecoded (the text search reads every entity's names on each run)."""
        yield from self.db.execute("SELECT id, label, json_extract(props, '$.name'), json_extract(props, '$.names') "
                                   "FROM entities ORDER BY id")

    def entity_institutions(self, ids: Iterable[str] | None = None) -> dict[str, set[str]]:
        """entity id -> the institutions that catalogue it (through its aliases); all, or `ids`'."""
        query = "SELECT l.entity, json_extract(a.props, '$.institution') FROM links l JOIN aliases a ON a.key = l.alias"
        rows: Iterable[Any]
        if ids is None:
            rows = self.db.execute(query)
        else:
            rows = (row for part in chunks(sorted(set(ids))) for row in self.db.execute(
                f"{query} WHERE l.entity IN ({','.join('?' * len(part))})", part))  # noqa: S608 - placeholders
        out: dict[str, set[str]] = {}
        for entity, institution in rows:
            found = out.setdefault(entity, set())
            if institution:
                found.add(institution)
        return out

    def entity_ids_among(self, ids: Iterable[str] | None) -> list[str]:
        """The entities the state holds, in id order: all (None) or those among `ids`."""
        if ids is None:
            return [r[0] for r in self.db.execute("SELECT id FROM entities ORDER BY id")]
        found: list[str] = []
        for part in chunks(sorted(set(ids))):
            found.extend(r[0] for r in self.db.execute(
                f"SELECT id FROM entities WHERE id IN ({','.join('?' * len(part))})", part))  # noqa: S608
        return sorted(found)

    @_indexed
    def field_records_of(self, ids: list[str]) -> Iterator[tuple[str, str, str | None, str, str]]:
        """(entity, record, the record's institution, relation, the entity's label) for every field
        edge the graph holds (non-authority records) from a record to one of the entities `ids`."""
        for part in chunks(ids):
            yield from self.db.execute(
                "SELECT l.entity, m.record, r.institution, m.relation, l.label FROM links l "
                "JOIN mentions m ON m.alias = l.alias JOIN records r ON r.id = m.record AND r.authority = 0 "
                f"WHERE l.entity IN ({','.join('?' * len(part))}) AND m.relation IS NOT NULL", part)  # noqa: S608

    def record_institutions(self, ids: Iterable[str]) -> dict[str, str | None]:
        """record id -> institution of the non-authority records among `ids` the state holds."""
        out: dict[str, str | None] = {}
        for part in chunks(sorted(set(ids))):
            out.update(self.db.execute(
                "SELECT id, institution FROM records WHERE authority = 0 AND "  # noqa: S608 - placeholders
                f"id IN ({','.join('?' * len(part))})", part).fetchall())
        return out

    def has_entities(self) -> bool:
        return self.db.execute("SELECT 1 FROM entities LIMIT 1").fetchone() is not None

    def entity_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT label, count(*) FROM entities GROUP BY label ORDER BY label").fetchall())

    def link_status_counts(self) -> dict[str, int]:
        return dict(self.db.execute(  # counted by SQLite: every run reports them
            "SELECT coalesce(json_extract(props, '$.status'), 'auto') AS status, count(*) FROM links "
            "GROUP BY status ORDER BY status").fetchall())

    def link_targets(self) -> dict[str, tuple[str, str]]:
        """alias -> (entity, label) of every link."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT alias, entity, label FROM links")}

    # --- entity edges ------------------------------------------------------------------------------
    def refresh_entity_edges(self, relations: dict[str, tuple[str, str]], entities: Iterable[str] | None = None) -> list[str]:
        """Recompute the entity edges from the records' alias edges through the links; returns the
        changed edges ("relation|source|target") and stores the new set.

        `entities`: only edges with an end among these can have changed (the entities of every alias
        a changed record named, and the old and new entity of every link that changed: an alias edge
        added or removed, or moved by a link, has an end there); only those are recomputed."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS want_edges (relation TEXT, source TEXT, target TEXT, "
                        "PRIMARY KEY (relation, source, target))")
        self.db.execute("DELETE FROM want_edges")
        if entities is None:
            for relation, (source_label, target_label) in relations.items():
                self.db.execute(
                    "INSERT OR IGNORE INTO want_edges SELECT DISTINCT e.relation, la.entity, lb.entity FROM alias_edge_set e "
                    "JOIN links la ON la.alias = e.a JOIN links lb ON lb.alias = e.b "
                    "WHERE e.relation = ? AND la.label = ? AND lb.label = ? AND la.entity <> lb.entity",
                    (relation, source_label, target_label))
            added = self.db.execute("SELECT * FROM want_edges EXCEPT SELECT * FROM entity_edges").fetchall()
            removed = self.db.execute("SELECT * FROM entity_edges EXCEPT SELECT * FROM want_edges").fetchall()
            changed = sorted({f"{r}\x1f{s}\x1f{t}" for r, s, t in [*added, *removed]})
            if changed:
                self.db.execute("DELETE FROM entity_edges")
                self.db.execute("INSERT INTO entity_edges SELECT * FROM want_edges")
            return changed
        for table in ("touched_entities", "touched_aliases"):
            self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY)")
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are constants
        self.db.executemany("INSERT OR IGNORE INTO touched_entities (id) VALUES (?)", ((e,) for e in entities))
        self.db.execute("INSERT OR IGNORE INTO touched_aliases SELECT l.alias FROM touched_entities t "
                        "JOIN links l ON l.entity = t.id")
        for relation, (source_label, target_label) in relations.items():
            for end in ("a", "b"):  # each end through its index (CROSS JOIN: SQLite keeps this join order)
                self.db.execute(
                    "INSERT OR IGNORE INTO want_edges SELECT DISTINCT e.relation, la.entity, lb.entity "
                    f"FROM touched_aliases t CROSS JOIN alias_edge_set e ON e.{end} = t.id "  # noqa: S608 - a or b
                    "CROSS JOIN links la ON la.alias = e.a CROSS JOIN links lb ON lb.alias = e.b "
                    "WHERE +e.relation = ? AND la.label = ? AND lb.label = ? AND la.entity <> lb.entity",
                    (relation, source_label, target_label))
        have = set(self.db.execute(
            "SELECT relation, source, target FROM entity_edges WHERE source IN (SELECT id FROM touched_entities) "
            "OR target IN (SELECT id FROM touched_entities)").fetchall())
        want = set(self.db.execute("SELECT relation, source, target FROM want_edges").fetchall())
        self.db.executemany("DELETE FROM entity_edges WHERE relation = ? AND source = ? AND target = ?",
                            sorted(have - want))
        self.db.executemany("INSERT INTO entity_edges (relation, source, target) VALUES (?, ?, ?)",
                            sorted(want - have))
        return sorted(f"{r}\x1f{s}\x1f{t}" for r, s, t in have ^ want)

    def has_entity_edge(self, relation: str, source: str, target: str) -> bool:
        return self.db.execute("SELECT 1 FROM entity_edges WHERE relation = ? AND source = ? AND target = ?",
                               (relation, source, target)).fetchone() is not None

    # --- institutions ----------------------------------------------------------------------------
    def put_institution(self, institution_id: str, name: str, kind: str) -> None:
        self.db.execute("INSERT INTO institutions (id, name, kind) VALUES (?, ?, ?) ON CONFLICT(id) "
                        "DO UPDATE SET name = excluded.name, kind = excluded.kind", (institution_id, name, kind))

    def keep_institution(self, institution_id: str, name: str, kind: str) -> None:
        """A holder named by a record: its name is kept if the institution is already known."""
        self.db.execute("INSERT OR IGNORE INTO institutions (id, name, kind) VALUES (?, ?, ?)",
                        (institution_id, name, kind))

    def set_origin_institution(self, origin: str, source: str, institution: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO origin_institutions (origin, source, institution) VALUES (?, ?, ?)",
                        (origin, source, institution))

    def drop_origins(self, scopes: list[str], keep: set[str]) -> None:
        """Inputs that were in a snapshot's scope but not read this time no longer name an institution."""
        wanted = set(scopes)
        gone = [o for (o,) in self.db.execute("SELECT DISTINCT origin FROM origin_institutions").fetchall()
                if o not in keep and within(o, wanted)]
        self.db.executemany("DELETE FROM origin_institutions WHERE origin = ?", ((o,) for o in gone))

    def drop_source_origins(self, source: str) -> None:
        self.db.execute("DELETE FROM origin_institutions WHERE source = ?", (source,))

    def refresh_institutions(self) -> list[str]:
        """Institutions the graph should hold (named by an input or holding a record) against those it
        holds; returns the changed ids and stores the new set."""
        want: dict[str, str] = {}
        for iid, name, kind in self.db.execute(
                "SELECT i.id, i.name, i.kind FROM institutions i WHERE i.id IN "
                "(SELECT institution FROM origin_institutions UNION SELECT holder FROM records WHERE holder IS NOT NULL)"):
            want[iid] = dumps({"name": name, "kind": kind})
        have = dict(self.db.execute("SELECT id, props FROM graph_institutions").fetchall())
        changed = sorted({k for k in want if have.get(k) != want[k]} | (set(have) - set(want)))
        for iid in changed:
            if iid in want:
                self.db.execute("INSERT INTO graph_institutions (id, props) VALUES (?, ?) ON CONFLICT(id) "
                                "DO UPDATE SET props = excluded.props", (iid, want[iid]))
            else:
                self.db.execute("DELETE FROM graph_institutions WHERE id = ?", (iid,))
        return changed

    def graph_institution(self, institution_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT props FROM graph_institutions WHERE id = ?", (institution_id,)).fetchone()
        return loads(row[0]) if row else None

    # --- pending graph writes ----------------------------------------------------------------------
    def add_pending(self, kind: str, keys: Iterable[str]) -> None:
        self._put_pending(kind, "", keys)

    def _put_pending(self, kind: str, prefix: str, keys: Iterable[str]) -> None:
        """Rows (kind, prefix + key) of `pending`. Many keys go as one JSON array that SQLite unpacks
        (json_each): a first ingest marks millions of keys pending and new, and binding them a row at
        a time took 1.1 s a million in the link stage's one core, against 0.45 s. A key holding a NUL
        (which SQLite's JSON text ends at) is bound a row at a time."""
        keys = keys if isinstance(keys, list) else list(keys)
        text = _json_keys(keys) if len(keys) >= _JSON_ROWS else None
        if text is not None:
            try:
                self.db.execute("INSERT OR IGNORE INTO pending (kind, key) SELECT ?, ? || value FROM json_each(?)",
                                (kind, prefix, text))
                return
            except sqlite3.OperationalError:  # an SQLite built without its JSON functions
                pass
        self.db.executemany("INSERT OR IGNORE INTO pending (kind, key) VALUES (?, ?)",
                            ((kind, prefix + k) for k in keys))

    def pending(self, kind: str) -> list[str]:
        self._mark_held()
        return [r[0] for r in self.db.execute("SELECT key FROM pending WHERE kind = ? ORDER BY key", (kind,))]

    def pending_count(self) -> int:
        self._mark_held()
        return int(self.db.execute("SELECT count(*) FROM pending WHERE kind <> ?", (NEW,)).fetchone()[0])

    def mark_new(self, kind: str, keys: Iterable[str]) -> None:
        """Keys of `kind` that the graph did not hold when this run started (the loader CREATEs them).
        Kept beside the pending keys; every run starts by forgetting them (`start_run`)."""
        self._put_pending(NEW, f"{kind}\x1f", keys)

    def new_keys(self, kind: str) -> set[str]:
        self._mark_held()
        prefix = f"{kind}\x1f"
        return {r[0][len(prefix):] for r in self.db.execute(
            "SELECT key FROM pending WHERE kind = ? AND substr(key, 1, ?) = ?", (NEW, len(prefix), prefix))}

    def start_run(self) -> None:
        """Forget what an earlier run marked new (written, or half written by a run that died)."""
        self.clear_pending(NEW)
        self.db.execute("DELETE FROM gone")
        self._gone_any = False

    def clear_pending(self, kind: str | None = None) -> None:
        self._mark_held()
        if kind is None:
            self.db.execute("DELETE FROM pending")
        else:
            self.db.execute("DELETE FROM pending WHERE kind = ?", (kind,))

    # --- files read cleanly (graph.unchanged) ---------------------------------------------------------
    def file_row(self, path: str) -> FileRow | None:
        """(fingerprint, byte hash, records json: [[record id, content key, where, authority, record
        hash]], stat signature or None, problems json or None: the rejected records and warnings it
        gave, as report lines) of a file read through before (graph.unchanged)."""
        row = self.db.execute("SELECT fingerprint, digest, records, stat, problems FROM files WHERE path = ?",
                              (path,)).fetchone()
        return (row[0], row[1], row[2], row[3], row[4]) if row else None

    def file_rows_under(self, origin: str) -> dict[str, FileRow]:
        """path -> the row (`file_row`) of the file `origin` and of the files under it."""
        return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in self.db.execute(
            "SELECT path, fingerprint, digest, records, stat, problems FROM files WHERE path = ? OR (path > ? AND path < ?)",
            (origin, origin + "/", origin + "0"))}  # '0' follows '/': the range of paths under the folder

    def put_file_row(self, path: str, fingerprint: str, digest: str, records: list[list[Any]],
                     stat: str | None = None, problems: list[dict[str, Any]] | None = None) -> None:
        self.db.execute("INSERT INTO files (path, fingerprint, digest, records, stat, problems) VALUES (?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT(path) DO UPDATE SET fingerprint = excluded.fingerprint, digest = excluded.digest, "
                        "records = excluded.records, stat = excluded.stat, problems = excluded.problems",
                        (path, fingerprint, digest, dumps(records), stat,
                         # key order kept: they are written to the report again as they were
                         json.dumps(problems, ensure_ascii=False) if problems else None))

    def set_file_stats(self, stats: dict[str, str]) -> None:
        """Remember what stat says of files found unchanged by their bytes (graph.unchanged)."""
        self.db.executemany("UPDATE files SET stat = ? WHERE path = ?", [(v, k) for k, v in stats.items()])

    @_indexed
    def record_hashes_of(self, origin: str) -> dict[str, str]:
        """id -> content hash of the records the state holds from `origin`."""
        return dict(self.db.execute("SELECT id, hash FROM records WHERE origin = ?", (origin,)))

    def delete_file_row(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    # --- harvests ------------------------------------------------------------------------------------
    def harvest_state(self, endpoint: str, set_spec: str, prefix: str) -> tuple[str | None, dict[str, Any] | None]:
        """(last datestamp of a completed harvest, what an interrupted one kept) of an endpoint and set."""
        row = self.db.execute("SELECT last_datestamp, resume FROM harvests WHERE endpoint = ? AND set_spec = ? "
                              "AND prefix = ?", (endpoint, set_spec, prefix)).fetchone()
        if row is None:
            return None, None
        return row[0], loads(row[1]) if row[1] else None

    def put_harvest_state(self, endpoint: str, set_spec: str, prefix: str, last_datestamp: str | None,
                          resume: dict[str, Any] | None) -> None:
        self.db.execute(
            "INSERT INTO harvests (endpoint, set_spec, prefix, last_datestamp, resume) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(endpoint, set_spec, prefix) DO UPDATE SET last_datestamp = excluded.last_datestamp, "
            "resume = excluded.resume",
            (endpoint, set_spec, prefix, last_datestamp, dumps(resume) if resume else None))
