"""The batched loader: the only code that writes catalogue data to a store.

Sends the statements of `graph.statements` in UNWIND batches and adds up what changed.
`write_pending` writes the graph keys a sync run left pending in the state (`graph.state`):
each key is written to what the state says now, or deleted if the state no longer has it, so
writing a key twice (a run that died and the one after it) gives the same graph.
May import `graph.statements`, `graph.model`, `graph.state` and `graph.store`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from graph import model, statements
from graph.state import SyncState, chunks
from graph.store import GraphStore, WriteStats

LABEL_OF_PREFIX = {label.lower(): label for label in model.ENTITY_LABELS}


class Loader:
    """Writes rows to a store in batches, adding up what changed."""

    def __init__(self, store: GraphStore, batch_size: int, progress: Callable[[str, int], None] | None = None):
        self.store = store
        self.batch_size = batch_size
        self.progress = progress
        self.stats = WriteStats()

    def send(self, what: str, cypher: str, rows: Iterable[dict[str, Any]]) -> None:
        def tick(n: int) -> None:
            if self.progress:
                self.progress(what, n)

        self.stats.add(self.store.write_batches(cypher, rows, self.batch_size, tick))


def entity_label(entity_id: str) -> str:
    """Canonical ids start with their label ("person:ulan:500115493")."""
    return LABEL_OF_PREFIX[entity_id.partition(":")[0]]


def write_pending(store: GraphStore, state: SyncState, batch_size: int,
                  progress: Callable[[str, int], None] | None = None) -> WriteStats:
    """Write every pending key (all but the MENTIONS stage's), in an order where each statement finds
    the nodes it connects: institutions, records, entities, aliases, links, record edges, entity edges."""
    load = Loader(store, batch_size, progress)
    institutions = state.pending("institution")
    present = {i: p for i in institutions if (p := state.graph_institution(i)) is not None}
    load.send("institutions", statements.upsert_nodes("Institution"),
              ({"key": i, "props": {"id": i, **p}} for i, p in present.items()))

    records = state.pending("record")
    load.send("records removed", statements.delete_nodes("Record"), ({"key": r} for r in records))
    for part in chunks(records, batch_size):
        by_domain: dict[str, list[dict[str, Any]]] = defaultdict(list)
        held: list[dict[str, Any]] = []
        for rid, authority, domain, _institution, props in state.record_rows(part):
            if authority:
                continue
            by_domain[domain or ""].append({"key": rid, "props": props})
            held.append({"record": rid, "institution": props["institution"]})
        for domain, rows in by_domain.items():
            load.send("records", statements.upsert_nodes("Record", model.RECORD_DOMAIN_LABELS.get(domain)), rows)
        load.send("records", statements.merge_held_by(), held)

    entities = state.pending("entity")
    for part in chunks(entities, batch_size):
        rows = state.entity_rows(part)
        gone: dict[str, list[dict[str, Any]]] = defaultdict(list)
        kept: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entity_id in part:
            if entity_id in rows:
                label, props = rows[entity_id]
                kept[label].append({"key": entity_id, "props": props})
            else:
                gone[entity_label(entity_id)].append({"key": entity_id})
        for label, found in gone.items():
            load.send("entities removed", statements.delete_nodes(label), found)
        for label, found in kept.items():
            load.send("entities", statements.upsert_nodes(label), found)

    aliases = state.pending("alias")
    for part in chunks(aliases, batch_size):
        props = state.alias_props(part)
        load.send("aliases removed", statements.delete_nodes("Alias"), ({"key": k} for k in part if k not in props))
        load.send("aliases", statements.upsert_nodes("Alias"),
                  ({"key": k, "props": {"key": k, **_json(props[k])}} for k in part if k in props))

    links = state.pending("link")
    for part in chunks(links, batch_size):
        load.send("links", statements.delete_refers_to(), ({"key": k} for k in part))
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for alias, (entity, label, props) in state.links_in(part).items():
            by_label[label].append({"alias": alias, "entity": entity, "props": _json(props)})
        for label, rows_ in by_label.items():
            load.send("links", statements.merge_refers_to(label), rows_)

    with_edges = sorted(set(records) | set(state.pending("record_edges")))
    for part in chunks(with_edges, batch_size):
        load.send("record edges", statements.delete_field_edges(), ({"key": r} for r in part))
        grouped: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        for record, relation, entity, label, key, props in state.record_edges(part):
            if label in model.RELATION_TARGETS[relation]:  # a later mention of the same key wins
                grouped[(relation, label)][(record, key)] = {"record": record, "entity": entity, "key": key,
                                                             "props": props}
        for (relation, label), edges in grouped.items():
            load.send(f"{relation} edges", statements.merge_record_edges(relation, label), edges.values())

    wanted: dict[str, list[dict[str, str]]] = defaultdict(list)
    unwanted: dict[str, list[dict[str, str]]] = defaultdict(list)
    for item in state.pending("entity_edge"):
        relation, source, target = item.split("\x1f", 2)
        row = {"source": source, "target": target}
        (wanted if state.has_entity_edge(relation, source, target) else unwanted)[relation].append(row)
    for relation, rows__ in unwanted.items():
        load.send(f"{relation} edges removed", statements.delete_entity_edges(relation, *model.ENTITY_RELATIONS[relation]),
                  rows__)
    for relation, rows__ in wanted.items():
        load.send(f"{relation} edges", statements.merge_entity_edges(relation, *model.ENTITY_RELATIONS[relation]),
                  rows__)

    load.send("institutions removed", statements.delete_nodes("Institution"),
              ({"key": i} for i in institutions if i not in present))
    return load.stats


def _json(text: str) -> dict[str, Any]:
    import json

    return json.loads(text)
