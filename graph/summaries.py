"""Summaries written at load time so the pages answer without aggregating the whole graph.

After each ingest (and each extraction run), for every Person, Organization, Place and Theme:
- `institutions` / `institution_count`: the institutions whose aliases refer to it;
- `record_institutions` / `record_counts` / `record_count`: the records that name it
  (CREATED_BY, ABOUT, MADE_IN, PUBLISHED_IN, MENTIONS), counted per holding institution;
and on each Institution, the institutions it shares entities with, by entity type, and how many
(`shared_with` / `shared_types` / `shared_counts`, parallel lists; only pairs where its id sorts first).

`shared_people`, `institution_pair_counts` and the pair finder read these (docs/queries.md).
Statements live in `graph.statements`; values travel as parameters only.
"""

from __future__ import annotations

from graph import model, statements
from graph.store import GraphStore, WriteStats


def refresh(store: GraphStore) -> WriteStats:
    """Recompute every summary; a re-run over an unchanged graph writes no entity property."""
    stats = WriteStats()
    for label in model.ENTITY_LABELS:
        stats.add(store.write(statements.summarise_entity_institutions(label)))
        stats.add(store.write(statements.summarise_entity_records(label)))
    stats.add(store.write(statements.CLEAR_INSTITUTION_PAIRS))
    stats.add(store.write(statements.SUMMARISE_INSTITUTION_PAIRS))
    return stats
