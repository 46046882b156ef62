"""The batched loader: the only code that writes catalogue data to a store.

Sends the statements of `graph.statements` in UNWIND batches and adds up what changed.
`write_pending` writes the graph keys a sync run left pending in the state (`graph.state`):
each key is written to what the state says now, or deleted if the state no longer has it, so
writing a key twice (a run that died and the one after it) gives the same graph.
May import `graph.statements`, `graph.model`, `graph.state` and `graph.store`.
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any

from graph import model, statements
from graph.state import SyncState, chunks, loads
from graph.store import GraphStore, WriteStats

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
        self._sender.put((self.store.prepare_write(cypher, {"rows": batch}), what, len(batch)))
        self._take()

    def _take(self) -> None:
        """Count the batches the sender has finished (progress is told in this thread)."""
        if self._sender is None:
            return
        while self._sender.done:
            what, n, stats = self._sender.done.popleft()
            self.stats.add(stats)
            if self.progress:
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
        self.done: deque[tuple[str, int, WriteStats]] = deque()
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="glamgraph-writes", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set():
            item = self.queue.get()
            if item is None or self.stopped.is_set():
                return
            prepared, what, n = item
            try:
                stats = self.store.send_prepared(prepared)
            except BaseException as exc:  # noqa: BLE001 - handed to the loader's thread, which raises it
                self.error = exc
                return
            self.done.append((what, n, stats))

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


def entity_label(entity_id: str) -> str:
    """Canonical ids start with their label ("person:ulan:500115493")."""
    return LABEL_OF_PREFIX[entity_id.partition(":")[0]]


Summarise = Callable[[list[str]], dict[str, dict[str, Any]]]


def write_pending(store: GraphStore, state: SyncState, batch_size: int,
                  progress: Callable[[str, int], None] | None = None, *, create_new: bool = False,
                  summarise: Summarise | None = None) -> WriteStats:
    """Write every pending key (all but the MENTIONS stage's), in an order where each statement finds
    the nodes it connects: institutions, records, entities, aliases, links, record edges, entity edges.

    `create_new`: the graph is exactly what the state said when this run started, so the keys the
    run marked new (`SyncState.mark_new`) and the entity edges it added are CREATEd, without the
    index lookup of a MERGE or deleting first what cannot be there. `summarise(ids)`: the summary
    properties (graph.summaries) the entities written are written with."""
    load = Loader(store, batch_size, progress, pipelined=True)
    try:
        _write_pending(load, state, batch_size, create_new, summarise)
        return load.finish()
    finally:
        load.abandon()


def _write_pending(load: Loader, state: SyncState, batch_size: int, create_new: bool,
                   summarise: Summarise | None) -> None:
    new_records = state.new_keys("record") if create_new else set()
    new_entities = state.new_keys("entity") if create_new else set()
    new_aliases = state.new_keys("alias") if create_new else set()
    institutions = state.pending("institution")
    present = {i: p for i in institutions if (p := state.graph_institution(i)) is not None}
    load.send("institutions", statements.upsert_nodes("Institution"),
              ({"key": i, "props": {"id": i, **p}} for i, p in present.items()))

    records = state.pending("record")
    load.send("records removed", statements.delete_nodes("Record"),
              ({"key": r} for r in records if r not in new_records))
    for part in chunks(records, batch_size):
        by_domain: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        held: dict[bool, list[dict[str, Any]]] = defaultdict(list)
        for rid, authority, domain, _institution, props in state.record_rows(part):
            if authority:
                continue
            fresh = rid in new_records
            by_domain[(domain or "", fresh)].append({"key": rid, "props": props})
            held[fresh].append({"record": rid, "institution": props["institution"]})
        for (domain, fresh), rows in by_domain.items():
            load.send("records", statements.write_nodes("Record", model.RECORD_DOMAIN_LABELS.get(domain), fresh), rows)
        for fresh, rows in held.items():
            load.send("records", statements.held_by(fresh), rows)

    entities = state.pending("entity")
    for part in chunks(entities, batch_size):
        rows = state.entity_rows(part)
        summary = summarise(list(rows)) if summarise is not None else {}
        gone: dict[str, list[dict[str, Any]]] = defaultdict(list)
        kept: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for entity_id in part:
            if entity_id in rows:
                label, props = rows[entity_id]
                kept[(label, entity_id in new_entities)].append({"key": entity_id,
                                                                 "props": {**props, **summary.get(entity_id, {})}})
            else:
                gone[entity_label(entity_id)].append({"key": entity_id})
        for label, found in gone.items():
            load.send("entities removed", statements.delete_nodes(label), found)
        for (label, fresh), found in kept.items():
            load.send("entities", statements.write_nodes(label, fresh=fresh), found)

    aliases = state.pending("alias")
    for part in chunks(aliases, batch_size):
        props = state.alias_props(part)
        load.send("aliases removed", statements.delete_nodes("Alias"), ({"key": k} for k in part if k not in props))
        for fresh in (True, False):
            load.send("aliases", statements.write_nodes("Alias", fresh=fresh),
                      ({"key": k, "props": {"key": k, **loads(props[k])}} for k in part
                       if k in props and (k in new_aliases) == fresh))

    links = state.pending("link")
    for part in chunks(links, batch_size):
        # the link of a new alias is new too; any other may exist and is replaced
        load.send("links", statements.delete_refers_to(), ({"key": k} for k in part if k not in new_aliases))
        by_label: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for alias, (entity, label, props) in state.links_in(part).items():
            by_label[(label, alias in new_aliases)].append({"alias": alias, "entity": entity, "props": loads(props)})
        for (label, fresh), rows_ in by_label.items():
            load.send("links", statements.refers_to(label, fresh), rows_)

    with_edges = sorted(set(records) | set(state.pending("record_edges")))
    for part in chunks(with_edges, batch_size):
        # a new record has no edges yet: nothing to delete, its edges are created
        load.send("record edges", statements.delete_field_edges(), ({"key": r} for r in part if r not in new_records))
        grouped: dict[tuple[str, str, bool], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for record, relation, entity, label, key, props in state.record_edges(part):
            if label in model.RELATION_TARGETS[relation]:  # a later mention of the same key wins
                grouped[(relation, label, record in new_records)][(record, key)] = {
                    "record": record, "entity": entity, "key": key, "props": props}
        for (relation, label, fresh), edges in grouped.items():
            load.send(f"{relation} edges", statements.record_edges(relation, label, fresh), edges.values())

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
        load.send(f"{relation} edges", statements.entity_edges(relation, *model.ENTITY_RELATIONS[relation], create_new),
                  rows__)

    load.send("institutions removed", statements.delete_nodes("Institution"),
              ({"key": i} for i in institutions if i not in present))
