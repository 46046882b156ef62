"""Summaries written at load time so the pages answer without aggregating the whole graph.

After each ingest (and each extraction run), for every Person, Organization, Place and Theme:
- `institutions` / `institution_count`: the institutions whose aliases refer to it;
- `record_institutions` / `record_counts` / `record_count`: the records that name it
  (CREATED_BY, ABOUT, MADE_IN, PUBLISHED_IN, MENTIONS), counted per holding institution;
- `record_firsts` / `record_firsts_ends`: per holding institution, the ids of its first
  `statements.FIRST_RECORDS` such records by id (one block per institution, in the order of
  `record_institutions`; block i ends at `record_firsts_ends[i]`): the pair finder's cards;
and on each Institution, the institutions it shares entities with, by entity type, and how many
(`shared_with` / `shared_types` / `shared_counts`, parallel lists; only pairs where its id sorts first).

`shared_people`, `institution_pair_counts` and the pair finder read these (docs/queries.md).
Statements live in `graph.statements`; values travel as parameters only.

Two ways to the same values: `refresh` has the graph server aggregate them (`glamgraph extract`,
which works on any graph); an ingest computes them from its sync state (`StateSummaries`), which
holds every alias, link and field edge the graph holds, so the server only stores values. A first
ingest's entities are CREATEd with them (at a million records the server's aggregation was a tenth
of the ingest, and setting the values afterwards half of that again); those of the entities the
loader writes are computed ahead, in a forked process, while it writes the records (`Ahead`).
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import signal
import threading
from collections import defaultdict
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

from graph import model, statements
from graph.children import die_with_parent
from graph.state import SyncState
from graph.store import GraphStore, WriteStats, chunked

_LABELS = {label.lower(): label for label in model.ENTITY_LABELS}
SUMMARY_CHUNK = 20_000  # entities per record-summary statement
AHEAD_MIN = 4  # chunks of entities below which the summaries are computed as the loader reaches them
# Chunks computed ahead and not yet taken by the loader (5,000 entities' summaries pickle to 0.4-0.55 MB
# at 1M records: about 64 MB).
AHEAD_CHUNKS = 128


def refresh(store: GraphStore) -> WriteStats:
    """Have the graph server recompute every entity's summaries and the institution pairs (a re-run
    over an unchanged graph writes no entity property)."""
    stats = WriteStats()
    for label in model.ENTITY_LABELS:
        stats.add(store.write(statements.summarise_entity_institutions(label)))
        wanted = [row[0] for row in store.query(statements.entity_ids(label)).rows]
        # The record summaries sort every record naming the entities they cover by id: a whole
        # label at once held them all in the server (at 1M records ~700 MB more at its peak).
        for chunk in chunked(wanted, SUMMARY_CHUNK):
            stats.add(store.write(statements.summarise_entity_records(label), {"ids": list(chunk)}))
    stats.add(refresh_pairs(store))
    return stats


def refresh_pairs(store: GraphStore) -> WriteStats:
    """The institutions' shared-entity counts, from the entities' `institutions`."""
    stats = store.write(statements.CLEAR_INSTITUTION_PAIRS)
    stats.add(store.write(statements.SUMMARISE_INSTITUTION_PAIRS))
    return stats


def mentioned_entities(store: GraphStore) -> set[str]:
    """Every entity a MENTIONS edge points at."""
    return {row[0] for row in store.query(statements.MENTIONED_ENTITIES).rows}


def _by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for entity_id in ids:
        label = _LABELS.get(entity_id.partition(":")[0])  # canonical ids start with their label
        if label:
            grouped[label].append(entity_id)
    return grouped


def record_summary(named: dict[str, str | None]) -> dict[str, Any]:
    """The record summaries of one entity from the records naming it (id -> holding institution),
    as `statements.summarise_entity_records` writes them: records without an institution are left
    out; institutions sorted, record ids sorted within each."""
    held: dict[str, list[str]] = defaultdict(list)
    for record_id, holder in named.items():
        if holder is not None:
            held[holder].append(record_id)
    holders = sorted(held)
    counts = [len(held[h]) for h in holders]
    firsts: list[str] = []
    ends: list[int] = []
    for holder in holders:
        firsts += sorted(held[holder])[:statements.FIRST_RECORDS]
        ends.append(len(firsts))
    return {"record_institutions": holders, "record_counts": counts, "record_count": sum(counts),
            "record_firsts": firsts, "record_firsts_ends": ends}


class StateSummaries:
    """The summaries of entities computed from the sync state as the graph holds it once this run's
    pending keys are written: the institutions of the aliases linked to each entity, the records
    naming it in a field (through the links), and the MENTIONS the graph holds now (the state does
    not know them; records it no longer holds are left out: their deletion is pending). A run whose
    extraction rewrites MENTIONS summarises the entities they pointed at before and after again."""

    def __init__(self, state: SyncState, store: GraphStore | None, *, any_mentions: bool | None = None) -> None:
        self.state = state
        self.store = store
        # `any_mentions` given: the store is not asked (None only with False: nothing is read from it).
        self.any_mentions = bool(store.query(statements.ANY_MENTIONS).rows) if any_mentions is None else any_mentions

    def of(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """entity id -> its summary properties, for the entities among `ids` the state holds."""
        ids = self.state.entity_ids_among(ids)
        institutions = self.state.entity_institutions(ids)
        named: dict[str, dict[str, str | None]] = defaultdict(dict)
        for entity, record, holder, relation, label in self.state.field_records_of(ids):
            if label in model.RELATION_TARGETS[relation]:
                named[entity][record] = holder
        if self.any_mentions:
            pairs = [(row[0], row[1]) for label, some in _by_label(ids).items()
                     for part in chunked(some, SUMMARY_CHUNK)
                     for row in self.store.query(statements.mentions_of(label), {"ids": list(part)}).rows]
            holders = self.state.record_institutions(record for _entity, record in pairs)
            for entity, record in pairs:
                if record in holders:
                    named[entity][record] = holders[record]
        out: dict[str, dict[str, Any]] = {}
        for entity in ids:
            found = sorted(institutions.get(entity, ()))
            out[entity] = {"institutions": found, "institution_count": len(found), **record_summary(named[entity])}
        return out

    def ahead(self, parts: list[list[str]]) -> Ahead | None:
        """`of` for each of `parts` (the loader's chunks of entities, in its order), computed in a
        forked process while the loader writes what comes before the entities; None where it is
        not worth it or cannot be done: fewer than AHEAD_MIN chunks, a state in memory, a graph
        with MENTIONS (read from the graph by this process), a platform that does not fork."""
        if (len(parts) < AHEAD_MIN or self.state.path == ":memory:" or self.any_mentions
                or "fork" not in multiprocessing.get_all_start_methods()):
            return None
        return Ahead(self.state.path, parts)

    def write(self, ids: Iterable[str], chunk: int = 5000) -> tuple[WriteStats, bool]:
        """Set the summaries of the entities among `ids` where the graph holds other values. Returns
        what was written and whether any entity's institutions changed (the pairs follow them)."""
        stats = WriteStats()
        institutions_changed = False
        for label, some in _by_label(sorted(set(ids))).items():
            for part in chunked(some, chunk):
                values = self.of(list(part))
                if not values:
                    continue
                stored = {row[0]: dict(zip(statements.SUMMARY_KEYS, row[1:], strict=True)) for row in
                          self.store.query(statements.read_summaries(label), {"ids": sorted(values)}).rows}
                rows = [{"id": e, "props": v} for e, v in values.items() if stored.get(e) != v]
                institutions_changed |= any(stored.get(row["id"], {}).get("institutions") != row["props"]["institutions"]
                                            for row in rows)
                if rows:
                    stats.add(self.store.write(statements.set_summaries(label), {"rows": rows}))
        return stats, institutions_changed


class Ahead:
    """`StateSummaries.of` for a known sequence of chunks of entities, computed ahead in a forked
    process with its own connection to the state (nothing writes to the state during the write
    stage). At a million records the summaries took 22-29 s of this process's time in the middle
    of the entity writes, which waited for them (the graph server writes the same entities in
    20 s); the child computes them while the records are written, and keeps what it computed
    until asked, up to AHEAD_CHUNKS (a thread of its own sends them), so the pipe does not hold it back.

    Called once per chunk, in order, with the ids of that chunk the state holds."""

    def __init__(self, state_path: str, parts: list[list[str]]) -> None:
        self.parts = iter(parts)
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_compute_ahead, args=(state_path, parts, send), daemon=True,
                                       name="glamgraph-summaries")
        self.process.start()
        send.close()

    def __call__(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        part = next(self.parts, None)
        try:
            data = self.receive.recv_bytes()
        except (EOFError, OSError):
            data = None
        if part is None or data is None:
            raise RuntimeError(f"the process computing the entities' summaries stopped (exit code "
                               f"{self.process.exitcode}); the ingest stops here, and the next one completes its writes")
        values = pickle.loads(data)  # noqa: S301 - our own forked child's values
        if isinstance(values, BaseException):
            raise values
        if not set(part).issuperset(ids):
            raise RuntimeError("summaries computed ahead for other entities than the loader writes")
        return {entity: values[entity] for entity in ids if entity in values}

    def close(self) -> None:
        """Stop the child if it still runs (the run failed, or wrote fewer entities than planned)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()


def _compute_ahead(state_path: str, parts: list[list[str]], send: Connection) -> None:
    """The child: every chunk's summaries, pickled, sent in order by a thread while the next are computed."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is the parent's to handle; it stops us
    # The parent may turn SIGTERM into SystemExit (graph.store.falkordb_store), and a fork inherits
    # that: raised anywhere in this process, it could leave the sender thread waiting for ever and
    # `close()` joining for ever (it did, in the test suite). Terminated, this process just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    ready: queue.Queue[bytes | None] = queue.Queue(AHEAD_CHUNKS)  # memory stays bounded: waits for the loader

    def sender() -> None:
        while (data := ready.get()) is not None:
            send.send_bytes(data)

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    state: SyncState | None = None
    try:
        state = SyncState(state_path)
        summaries = StateSummaries(state, None, any_mentions=False)
        for part in parts:
            ready.put(pickle.dumps(summaries.of(part), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # noqa: BLE001 - raised in the parent where the loader asks
        ready.put(pickle.dumps(RuntimeError(f"computing the entities' summaries failed: {type(exc).__name__}: {exc}")))
    finally:
        if state is not None:
            state.close()
        ready.put(None)
        thread.join()
        send.close()
