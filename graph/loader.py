"""The batched loader: the only code that writes catalogue data to a store.

Sends the statements of `graph.statements` in UNWIND batches and adds up what changed.
`write_pending` writes the graph keys a sync run left pending in the state (`graph.state`):
each key is written to what the state says now, or deleted if the state no longer has it, so
writing a key twice (a run that died and the one after it) gives the same graph.
May import `graph.statements`, `graph.model`, `graph.state` and `graph.store`.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from functools import partial
from itertools import batched
from multiprocessing.connection import Connection
from typing import Any

from graph import model, statements
from graph.children import die_with_parent
from graph.state import SyncState, chunks, loads
from graph.store import GraphStore, StoreError, WriteStats
from graph.store.base import QueryTimeoutError, WriteOutcomeUnknownError
from graph.store.falkordb_bulk import BulkIds, BulkValueError, EdgeTokens, by_names, node_tokens

LABEL_OF_PREFIX = {label.lower(): label for label in model.ENTITY_LABELS}


class Loader:
    """Writes rows to a store in batches, adding up what changed.

    `pipelined` (stores that allow it, `GraphStore.pipelined`): a second thread sends the batches,
    in order, while this one reads and encodes the next ones; `finish()` waits for the last."""

    def __init__(self, store: GraphStore, batch_size: int, progress: Callable[[str, int], None] | None = None,
                 *, pipelined: bool = False):
        self.store = store
        self.batch_size = batch_size
        self.progress = progress
        self.stats = WriteStats()
        self._sender = _Sender(store) if pipelined and store.pipelined else None

    def send(self, what: str, cypher: str, rows: Iterable[dict[str, Any]]) -> None:
        def tick(n: int) -> None:
            if self.progress:
                self.progress(what, n)

        if self._sender is None:
            self.stats.add(self.store.write_batches(cypher, rows, self.batch_size, tick))
            return
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                self._put(what, cypher, batch)
                batch = []
        if batch:
            self._put(what, cypher, batch)

    def _put(self, what: str, cypher: str, batch: list[dict[str, Any]]) -> None:
        assert self._sender is not None
        self._sender.put((self.store.prepare_write(cypher, {"rows": batch}), [(what, len(batch))]))
        self._take()

    # What the pipeline writes, by kind (`BulkLoader` creates the same through the bulk insert).
    def nodes(self, what: str, label: str, extra_label: str | None, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        """Nodes `{"key", "props"}`: created when `fresh`, else written exactly as given."""
        self.send(what, statements.write_nodes(label, extra_label, fresh), rows)

    def held_by(self, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        self.send("records", statements.held_by(fresh), rows)

    def refers_to(self, label: str, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        self.send("links", statements.refers_to(label, fresh), rows)

    def record_edges(self, relation: str, label: str, fresh: bool, rows: Iterable[tuple[str, str, str, Any]]) -> None:
        """Rows (record, entity, key, props)."""
        self.send(f"{relation} edges", statements.record_edges(relation, label, fresh),
                  ({"record": r, "entity": e, "key": k, "props": p} for r, e, k, p in rows))

    def entity_edges(self, relation: str, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        self.send(f"{relation} edges", statements.entity_edges(relation, *model.ENTITY_RELATIONS[relation], fresh), rows)

    def aside(self, parts: list[Callable[[Loader, SyncState], None]], state: SyncState) -> None:
        """Writes that need only what was written so far, and that what follows does not need: here,
        in order (`BulkLoader` writes them on another core, beside what follows)."""
        for part in parts:
            part(self, state)

    def _take(self) -> None:
        """Count the batches the sender has finished (progress is told in this thread)."""
        if self._sender is None:
            return
        while self._sender.done:
            ticks, stats = self._sender.done.popleft()
            self.stats.add(stats)
            if self.progress:
                for what, n in ticks:
                    self.progress(what, n)

    def finish(self) -> WriteStats:
        """Wait until every batch is written (raising the first error) and return what changed."""
        if self._sender is not None:
            self._sender.finish()
            self._take()
        return self.stats

    def abandon(self) -> None:
        """Stop sending (an error or an interrupt in this thread): no batch after the current one goes out."""
        if self._sender is not None:
            self._sender.abandon()


class _Sender:
    """Sends prepared writes in order from one thread. The engine (its own process) runs a batch
    while the loader prepares the next: the two took turns before, and this process's share (rows
    from the sync state, parameters as text) was about a third of the write stage. At most DEPTH
    batches wait; after an error nothing more is sent, and the loader's thread raises it."""

    DEPTH = 2

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=self.DEPTH)
        self.done: deque[tuple[list[tuple[str, int]], WriteStats]] = deque()  # (progress ticks, what changed)
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="glamgraph-writes", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set():
            item = self.queue.get()
            if item is None or self.stopped.is_set():
                return
            prepared, ticks = item
            try:
                stats = self.store.send_prepared(prepared)
            except BaseException as exc:  # noqa: BLE001 - handed to the loader's thread, which raises it
                self.error = exc
                return
            finally:
                self.queue.task_done()
            self.done.append((ticks, stats))

    def _check(self) -> None:
        if self.error is not None:
            raise self.error
        if not self.thread.is_alive():
            raise RuntimeError("the thread sending graph writes stopped")

    def put(self, item: Any) -> None:
        while True:
            self._check()
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def drain(self) -> None:
        """Wait until everything put so far is written (raising the first error)."""
        while self.queue.unfinished_tasks:
            self._check()
            time.sleep(0.01)
        self._check()

    def finish(self) -> None:
        self.put(None)
        while self.thread.is_alive():
            self.thread.join(0.2)
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        self.stopped.set()
        try:
            while True:
                self.queue.get_nowait()
        except queue.Empty:
            pass
        try:
            self.queue.put_nowait(None)
        except queue.Full:
            pass


class BulkLoader(Loader):
    """Creates the nodes and edges of a write into an empty graph with the store's bulk insert
    (`GraphStore.bulk_load_start` and `prepare_bulk`; FalkorDB's GRAPH.BULK: graph.store.falkordb_bulk).

    In an empty graph every key is new, so writing a node or an edge is creating it, whether the
    state marked it new or not. Nodes are numbered in the order the tokens create them (a batch's
    nodes group by group of the same property names); an edge is created between the nodes its row
    names, by label and key, and not at all when one of them was not written (as Cypher's MATCH
    finds nothing). Tokens are gathered into calls of about CALL_BYTES, sent in order by the
    pipelined sender. Before the first edge, the first nodes' ids are checked against the graph."""

    CALL_BYTES = 16 << 20
    LOOKUP_BATCH = 8192  # edges whose ends are looked up at once (BulkIds.lookup)

    def __init__(self, store: GraphStore, batch_size: int, progress: Callable[[str, int], None] | None,
                 first_id: int, *, aside_state: str | None = None) -> None:
        super().__init__(store, batch_size, progress, pipelined=True)
        self.ids = BulkIds(first_id)
        self._nodes: list[bytes] = []
        self._edges = EdgeTokens()
        self._node_count = 0  # nodes in the call being gathered, and the properties they set
        self._node_properties = 0
        self._size = 0
        self._ticks: list[tuple[str, int]] = []
        self._checked: list[tuple[int, str, str]] | None = []  # (node id, label, key) to check; None: done
        self.skipped_edges = 0  # edges whose ends were not written (Cypher's MATCH would find nothing)
        # The process `aside` hands work to, forked now, while this process is small: forked later, the
        # two held this process's pages twice (each page either writes to is copied; the 1M ingest's
        # peak went over 4 GB). It is told the ids of the nodes its edges may end at as they are numbered.
        self._aside = (_Aside(self, aside_state) if aside_state not in (None, ":memory:")
                       and "fork" in multiprocessing.get_all_start_methods() else None)

    def send(self, what: str, cypher: str, rows: Iterable[dict[str, Any]]) -> None:
        rows = list(rows)
        if rows:  # Cypher (deletes; none in an empty graph) goes after everything gathered before it
            self._flush()
            super().send(what, cypher, rows)

    def nodes(self, what: str, label: str, extra_label: str | None, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        key = model.NODE_KEYS[label]
        groups = by_names(row["props"] for row in rows)
        if not groups:
            return
        # numbered as the tokens create them: group by group
        ordered = [props[key] for group in groups.values() for props in group]
        first = self.ids.next
        self.ids.add(label, ordered)
        if self._aside is not None and label in _ASIDE_ENDS:
            self._aside.numbered(label, first, ordered)
        if self._checked is not None and len(self._checked) < 2:
            self._checked += [(first, label, ordered[0]), (self.ids.next - 1, label, ordered[-1])][:2 - len(self._checked)]
        tokens, properties = node_tokens(f"{label}:{extra_label}" if extra_label else label, groups)
        self._nodes.extend(tokens)
        self._node_count += len(ordered)
        self._node_properties += properties
        self._size += sum(len(t) for t in tokens)
        self._tick(what, len(ordered))

    def _edges_of(self, what: str, edge_type: str, source_label: str, target_label: str,
                  ends: Iterable[tuple[str, str, dict[str, Any] | None]]) -> None:
        """Edges between the nodes (source key, target key, properties) name; those whose ends were not
        written are left out (counted), as Cypher's MATCH would find nothing."""
        if self._checked is not None:
            self._check_ids()
        edges = self._edges
        before = edges.count
        for some in batched(ends, self.LOOKUP_BATCH):
            sources = self.ids.lookup(source_label, [end[0] for end in some])
            targets = self.ids.lookup(target_label, [end[1] for end in some])
            for (_, _, props), a, b in zip(some, sources, targets, strict=True):
                if a < 0 or b < 0:
                    self.skipped_edges += 1
                else:
                    edges.add(edge_type, a, b, props)
        self._tick(what, edges.count - before)

    def held_by(self, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        self._edges_of("records", "HELD_BY", "Record", "Institution", ((r["record"], r["institution"], None) for r in rows))

    def refers_to(self, label: str, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        self._edges_of("links", "REFERS_TO", "Alias", label, ((r["alias"], r["entity"], r["props"]) for r in rows))

    def record_edges(self, relation: str, label: str, fresh: bool, rows: Iterable[tuple[str, str, str, Any]]) -> None:
        # as `CREATE (r)-[x:REL {key: row.key}]->(e) SET x += row.props`: the key first
        self._edges_of(f"{relation} edges", relation, "Record", label,
                       ((r, e, {"key": k, **p} if p else {"key": k}) for r, e, k, p in rows))

    def entity_edges(self, relation: str, fresh: bool, rows: Iterable[dict[str, Any]]) -> None:
        self._edges_of(f"{relation} edges", relation, *model.ENTITY_RELATIONS[relation],
                       ((r["source"], r["target"], None) for r in rows))

    def aside(self, parts: list[Callable[[Loader, SyncState], None]], state: SyncState) -> None:
        """`parts` in the forked child (its own loader with the same node ids, its own connection to the
        state) while this process writes what follows: edges create no nodes, so the nodes this loader
        numbers next get the ids it expects. The child takes parts from the front; this process, done
        with the rest, takes them from the back (`finish`), so neither waits long for the other.
        Everything gathered so far is written first (the child's edges find their ends). All here
        without a child (the state in memory, no fork) or when it was given work already."""
        if self._aside is None or self._aside.parts is not None:
            super().aside(parts, state)
            return
        if self._checked is not None:
            self._check_ids()  # flushes and drains too
        self._flush()
        assert self._sender is not None
        self._sender.drain()
        self._take()
        self._aside.start(parts, state)

    def _take(self) -> None:
        super()._take()
        if self._aside is not None:
            self._aside.take(self)

    def _tick(self, what: str, count: int) -> None:
        if count:
            self._ticks.append((what, count))
        if self._size + self._edges.size >= self.CALL_BYTES:
            self._flush()

    def _flush(self) -> None:
        if not self._nodes and not self._edges.count:
            return
        assert self._sender is not None
        prepared = self.store.prepare_bulk(self._nodes, self._edges.tokens(), self._node_count, self._edges.count,
                                           self._node_properties + self._edges.properties)
        self._sender.put((prepared, self._ticks))
        self._nodes, self._edges, self._size, self._ticks = [], EdgeTokens(), 0, []
        self._node_count = self._node_properties = 0
        self._take()

    def _check_ids(self) -> None:
        """The nodes sent so far have the ids the edges will name (a graph created empty numbers them
        in order); checked once, before any edge, on the first and last node numbered."""
        wanted, self._checked = self._checked or [], None
        self._flush()
        assert self._sender is not None
        self._sender.drain()
        self._take()
        for node_id, label, key in wanted:
            found = self.store.query(f"MATCH (n:{label}) WHERE id(n) = $id RETURN n.{model.NODE_KEYS[label]}",
                                     {"id": node_id}).rows
            if not found or found[0][0] != key:
                raise StoreError(f"The graph's bulk insert did not number its nodes as expected (node {node_id} should "
                                 f"be {label} {key!r}, the graph has {found[0][0] if found else 'nothing'!r}); no edge "
                                 "was written. Run the same command again: it writes the rest without the bulk insert.")

    def finish(self) -> WriteStats:
        if self._aside is not None and self._aside.parts is not None:
            while (part := self._aside.next_part(front=False)) is not None:
                part(self, self._aside.state)
        self._flush()
        stats = super().finish()
        if self._aside is not None:
            self._aside.join(self)
            self._aside = None
        return stats

    def abandon(self) -> None:
        super().abandon()
        if self._aside is not None:
            self._aside.stop()


# Errors a child hands over as they are (one message, they pickle); any other becomes a StoreError.
_SENDABLE_ERRORS = (StoreError, QueryTimeoutError, WriteOutcomeUnknownError, BulkValueError)
_ASIDE_ENDS = frozenset({"Record", *model.ENTITY_LABELS})  # the ends of record edges


class _Aside:
    """The child of a `BulkLoader` that writes what `aside` gives it. Forked with the loader, it first
    takes the node ids as they are numbered (`numbered`), then the parts (`start`). It reports its
    progress as it goes and, at the end, what it wrote (or its error); the parent's loader takes
    those in its own thread. Which parts are taken is shared memory: [next from the front, end of
    those not taken from the back]."""

    def __init__(self, parent: BulkLoader, state_path: str) -> None:
        context = multiprocessing.get_context("fork")
        self.parts: list[Callable[[Loader, SyncState], None]] | None = None
        self.state: SyncState | None = None
        self.bounds = context.Array("q", [0, 0])
        self.receive, send = context.Pipe(duplex=False)
        self.orders, tell = context.Pipe(duplex=False)
        self.tell = tell
        self.process = context.Process(target=_aside_child, args=(parent.store, parent.batch_size, self, state_path,
                                                                   send), daemon=True, name="glamgraph-writes-aside")
        self.process.start()
        send.close()
        self.orders.close()
        self.result: tuple[WriteStats, int] | None = None

    def numbered(self, label: str, first: int, keys: list[str]) -> None:
        self._tell(("ids", label, first, keys))

    def start(self, parts: list[Callable[[Loader, SyncState], None]], state: SyncState) -> None:
        self.parts, self.state = parts, state
        with self.bounds.get_lock():
            self.bounds[0], self.bounds[1] = 0, len(parts)
        self._tell(("start", parts))

    def _tell(self, order: tuple[Any, ...]) -> None:
        try:
            self.tell.send(order)
        except OSError:  # the child is gone (killed, out of memory)
            self.process.join(1)
            raise self._gone() from None

    def _gone(self) -> StoreError:
        return StoreError(f"the process writing the record edges stopped (exit code {self.process.exitcode}); "
                          "the ingest stops here, and the next one completes its writes")

    def next_part(self, *, front: bool) -> Callable[[Loader, SyncState], None] | None:
        """The next part not taken, from the front (the child) or the back (the loader); None: all taken."""
        assert self.parts is not None
        lock = self.bounds.get_lock()
        if not lock.acquire(timeout=60):  # held by a process that died holding it
            raise StoreError("the processes writing the record edges lost track of each other; the ingest "
                             "stops here, and the next one completes its writes")
        try:
            start, end = self.bounds[0], self.bounds[1]
            if start >= end:
                return None
            if front:
                self.bounds[0] = start + 1
                return self.parts[start]
            self.bounds[1] = end - 1
            return self.parts[end - 1]
        finally:
            lock.release()

    def take(self, parent: BulkLoader, *, wait: bool = False) -> None:
        """Progress and the result the child sent so far (all of it when `wait`)."""
        while self.result is None and (wait or self.receive.poll()):
            try:
                message = self.receive.recv()
            except (EOFError, OSError):
                raise self._gone() from None
            if message[0] == "tick":
                if parent.progress:
                    parent.progress(message[1], message[2])
            elif message[0] == "done":
                self.result = message[1], message[2]
            else:
                raise message[1]

    def join(self, parent: BulkLoader) -> None:
        if self.parts is None:  # never given work
            self.stop()
            return
        self.take(parent, wait=True)
        assert self.result is not None
        self.process.join()
        self.receive.close()
        self.tell.close()
        stats, skipped = self.result
        parent.stats.add(stats)
        parent.skipped_edges += skipped

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()
        self.tell.close()


def _aside_child(store: GraphStore, batch_size: int, aside: _Aside, state_path: str, send: Connection) -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles an interrupt and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as graph.summaries' child: terminated, just end
    aside.tell.close()
    state: SyncState | None = None
    load: BulkLoader | None = None
    try:
        ids = BulkIds(0)
        while True:
            try:
                order = aside.orders.recv()
            except EOFError:  # the parent's loader ended without giving work
                return
            if order[0] == "ids":
                _, label, first, keys = order
                ids.next = first
                ids.add(label, keys)
            else:
                aside.parts = order[1]
                break
        state = SyncState(state_path)
        state.db.execute("PRAGMA cache_size=-8192")  # it reads each part's rows once: 8 MB, not the usual 64
        # The store's client takes a new connection in a forked process (redis-py's pool checks the pid).
        load = BulkLoader(store, batch_size, lambda what, n: send.send(("tick", what, n)), 0)
        load.ids, load._checked = ids, None  # the nodes written before the work was given, checked there
        while (part := aside.next_part(front=True)) is not None:
            part(load, state)
        stats = load.finish()
        send.send(("done", stats, load.skipped_edges))
    except BaseException as exc:  # noqa: BLE001 - raised in the parent
        send.send(("error", exc if type(exc) in _SENDABLE_ERRORS
                   else StoreError(f"writing the record edges failed: {type(exc).__name__}: {exc}")))
    finally:
        if load is not None:
            load.abandon()
        if state is not None:
            state.close()
        send.close()


def entity_label(entity_id: str) -> str:
    """Canonical ids start with their label ("person:ulan:500115493")."""
    return LABEL_OF_PREFIX[entity_id.partition(":")[0]]


Summarise = Callable[[list[str]], dict[str, dict[str, Any]]]


def write_pending(store: GraphStore, state: SyncState, batch_size: int,
                  progress: Callable[[str, int], None] | None = None, *, create_new: bool = False,
                  summarise: Summarise | None = None, bulk: bool = False) -> WriteStats:
    """Write every pending key (all but the MENTIONS stage's), in an order where each statement finds
    the nodes it connects: institutions, records, entities, aliases, links, record edges, entity edges.

    `create_new`: the graph is exactly what the state said when this run started, so the keys the
    run marked new (`SyncState.mark_new`) and the entity edges it added are CREATEd, without the
    index lookup of a MERGE or deleting first what cannot be there. `bulk` (with `create_new`): when
    the graph is empty and its engine has a bulk insert, everything is created through it
    (`BulkLoader`; `WriteStats.bulk` then says so). `summarise(ids)`: the summary properties
    (graph.summaries) the entities written are written with."""
    first_id = store.bulk_load_start() if bulk and create_new else None
    load = (Loader(store, batch_size, progress, pipelined=True) if first_id is None
            else BulkLoader(store, batch_size, progress, first_id, aside_state=state.path))
    try:
        _write_pending(load, state, batch_size, create_new, summarise, all_new=first_id is not None)
        stats = load.finish()
        stats.bulk = first_id is not None
        return stats
    finally:
        load.abandon()


def _write_pending(load: Loader, state: SyncState, batch_size: int, create_new: bool,
                   summarise: Summarise | None, *, all_new: bool = False) -> None:
    # In a graph that was empty (a bulk load) every key written is new: `all_new` says so, not the sets.
    def new_keys(kind: str) -> set[str]:
        return state.new_keys(kind) if create_new and not all_new else set()

    new_records = new_keys("record")
    new_entities = new_keys("entity")
    new_aliases = new_keys("alias")
    institutions = state.pending("institution")
    present = {i: p for i in institutions if (p := state.graph_institution(i)) is not None}
    load.nodes("institutions", "Institution", None, False,
               ({"key": i, "props": {"id": i, **p}} for i, p in present.items()))

    records = state.pending("record")
    if not all_new:
        load.send("records removed", statements.delete_nodes("Record"),
                  ({"key": r} for r in records if r not in new_records))
    for part in chunks(records, batch_size):
        by_domain: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        held: dict[bool, list[dict[str, Any]]] = defaultdict(list)
        for rid, authority, domain, _institution, props in state.record_rows(part):
            if authority:
                continue
            fresh = all_new or rid in new_records
            by_domain[(domain or "", fresh)].append({"key": rid, "props": props})
            held[fresh].append({"record": rid, "institution": props["institution"]})
        for (domain, fresh), rows in by_domain.items():
            load.nodes("records", "Record", model.RECORD_DOMAIN_LABELS.get(domain), fresh, rows)
        for fresh, rows in held.items():
            load.held_by(fresh, rows)

    entities = state.pending("entity")
    for part in chunks(entities, batch_size):
        rows = state.entity_rows(part)
        summary = summarise(list(rows)) if summarise is not None else {}
        gone: dict[str, list[dict[str, Any]]] = defaultdict(list)
        kept: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for entity_id in part:
            if entity_id in rows:
                label, props = rows[entity_id]
                kept[(label, all_new or entity_id in new_entities)].append({"key": entity_id,
                                                                 "props": {**props, **summary.get(entity_id, {})}})
            else:
                gone[entity_label(entity_id)].append({"key": entity_id})
        for label, found in gone.items():
            load.send("entities removed", statements.delete_nodes(label), found)
        for (label, fresh), found in kept.items():
            load.nodes("entities", label, None, fresh, found)

    # Record edges need only records and entities: they may be written beside the rest (`Loader.aside`).
    with_edges = sorted(set(records) | set(state.pending("record_edges")))
    load.aside([partial(_write_record_edges, part, new_records, all_new)
                for part in chunks(with_edges, batch_size)], state)

    aliases = state.pending("alias")
    for part in chunks(aliases, batch_size):
        props = state.alias_props(part)
        load.send("aliases removed", statements.delete_nodes("Alias"), ({"key": k} for k in part if k not in props))
        for fresh in (True,) if all_new else (True, False):
            load.nodes("aliases", "Alias", None, fresh,
                       ({"key": k, "props": {"key": k, **loads(props[k])}} for k in part
                        if k in props and (all_new or (k in new_aliases) == fresh)))

    links = state.pending("link")
    for part in chunks(links, batch_size):
        # the link of a new alias is new too; any other may exist and is replaced
        if not all_new:
            load.send("links", statements.delete_refers_to(), ({"key": k} for k in part if k not in new_aliases))
        by_label: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for alias, (entity, label, props) in state.links_in(part).items():
            by_label[(label, all_new or alias in new_aliases)].append({"alias": alias, "entity": entity, "props": loads(props)})
        for (label, fresh), rows_ in by_label.items():
            load.refers_to(label, fresh, rows_)

    wanted: dict[str, list[dict[str, str]]] = defaultdict(list)
    unwanted: dict[str, list[dict[str, str]]] = defaultdict(list)
    for item in state.pending("entity_edge"):
        relation, source, target = item.split("\x1f", 2)
        row = {"source": source, "target": target}
        (wanted if state.has_entity_edge(relation, source, target) else unwanted)[relation].append(row)
    for relation, rows__ in unwanted.items():
        load.send(f"{relation} edges removed", statements.delete_entity_edges(relation, *model.ENTITY_RELATIONS[relation]),
                  rows__)
    # a pending entity edge the state holds was added by this run (graph.state.refresh_entity_edges)
    for relation, rows__ in wanted.items():
        load.entity_edges(relation, create_new, rows__)

    load.send("institutions removed", statements.delete_nodes("Institution"),
              ({"key": i} for i in institutions if i not in present))


def _write_record_edges(part: list[str], new_records: set[str], all_new: bool,
                        load: Loader, state: SyncState) -> None:
    """The field edges (CREATED_BY, ABOUT, MADE_IN, PUBLISHED_IN) of the records `part`."""
    # a new record has no edges yet: nothing to delete, its edges are created
    if not all_new:
        load.send("record edges", statements.delete_field_edges(), ({"key": r} for r in part if r not in new_records))
    grouped: dict[tuple[str, str, bool], dict[tuple[str, str], tuple[str, str, str, Any]]] = defaultdict(dict)
    for record, relation, entity, label, key, props in state.record_edges(part):
        if label in model.RELATION_TARGETS[relation]:  # a later mention of the same key wins
            grouped[(relation, label, all_new or record in new_records)][(record, key)] = (record, entity, key, props)
    for (relation, label, fresh), edges in grouped.items():
        load.record_edges(relation, label, fresh, edges.values())
