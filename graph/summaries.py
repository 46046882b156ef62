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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph import model, statements
from graph.store import GraphStore, WriteStats, chunked

_LABELS = {label.lower(): label for label in model.ENTITY_LABELS}
SUMMARY_CHUNK = 20_000  # entities per record-summary statement


def refresh(store: GraphStore, ids: Iterable[str] | None = None, *, pairs: bool = True) -> WriteStats:
    """Recompute the summaries of every entity (`ids` None) or of the entities in `ids` (an ingest
    names those whose aliases, links or records changed: no other summary can have changed); a
    re-run over an unchanged graph writes no entity property. The institution pairs are recomputed
    when `pairs`, or when an entity's institutions changed."""
    stats = WriteStats()
    institutions = WriteStats()
    by_label: dict[str, list[str]] = defaultdict(list)
    for entity_id in sorted(set(ids or ())):
        label = _LABELS.get(entity_id.partition(":")[0])  # canonical ids start with their label
        if label:
            by_label[label].append(entity_id)
    for label in model.ENTITY_LABELS:
        if ids is None:
            institutions.add(store.write(statements.summarise_entity_institutions(label)))
            wanted = [row[0] for row in store.query(statements.entity_ids(label)).rows]
        else:
            wanted = by_label[label]
            if wanted:
                institutions.add(store.write(statements.summarise_entity_institutions(label, True), {"ids": wanted}))
        # The record summaries sort every record naming the entities they cover by id: a whole
        # label at once held them all in the server (at 1M records ~700 MB more at its peak).
        for chunk in chunked(wanted, SUMMARY_CHUNK):
            stats.add(store.write(statements.summarise_entity_records(label), {"ids": list(chunk)}))
    stats.add(institutions)
    if pairs or institutions.properties_set:
        stats.add(store.write(statements.CLEAR_INSTITUTION_PAIRS))
        stats.add(store.write(statements.SUMMARISE_INSTITUTION_PAIRS))
    return stats
