"""Linking: which aliases are one entity. Candidates and blocking, name and date comparison,
clustering under constraints, label keys for places and themes, authority identifiers, curator
decisions, the evaluation against ground truth, and which aliases a change can reach (`local`).

Works on aliases in memory, never on the store: may import `graph.model`, `ingest` and `settings`,
not `graph.store`, `graph.export` or the pipeline (`graph.build`, `graph.loader`).
"""
