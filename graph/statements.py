"""Every Cypher statement the pipeline sends: the loader's writes and the extraction stage's reads.

Every write is `UNWIND $rows AS row ...` built from `graph.model`; values travel as parameters
only. Each statement writes a key's whole state (MERGE + `SET n = props`, or DETACH DELETE), so
sending the same rows twice gives the same graph: what a run left pending can be sent again.
May import `graph.model` only: the loader, build and mentions import it, never the reverse.
"""

from __future__ import annotations

from graph import model


def merge_nodes(label: str, extra_label: str | None = None) -> str:
    """MERGE nodes on their key; properties are written only when their hash changed, so a
    re-run of the same input touches no index (FalkorDB re-indexes on every SET)."""
    key = model.NODE_KEYS[label]
    set_label = f", n:{extra_label}" if extra_label else ""
    return (
        f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) "
        f"WITH n, row WHERE n.content_hash IS NULL OR n.content_hash <> row.hash "
        f"SET n += row.props, n.content_hash = row.hash{set_label}"
    )


def upsert_nodes(label: str, extra_label: str | None = None) -> str:
    """Write nodes exactly as given (`SET n = props` removes what the source no longer says)."""
    key = model.NODE_KEYS[label]
    set_label = f", n:{extra_label}" if extra_label else ""
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n = row.props{set_label}"


# CREATE for what the sync state says the graph does not hold yet (graph.loader `fresh` keys):
# no index lookup per row. Only used by the run that found the keys new, never for keys an
# interrupted run left pending (those may be half written), so nothing is created twice.
# Every edge statement below takes `fresh`: CREATE then, MERGE otherwise (the only difference).
def create_nodes(label: str, extra_label: str | None = None) -> str:
    extra = f":{extra_label}" if extra_label else ""
    return f"UNWIND $rows AS row CREATE (n:{label}{extra}) SET n = row.props"


def write_nodes(label: str, extra_label: str | None = None, fresh: bool = False) -> str:
    """New nodes created, others written exactly as given (`upsert_nodes`)."""
    return (create_nodes if fresh else upsert_nodes)(label, extra_label)


def _verb(fresh: bool) -> str:
    return "CREATE" if fresh else "MERGE"


def held_by(fresh: bool = False) -> str:
    return (
        "UNWIND $rows AS row MATCH (r:Record {id: row.record}) MATCH (i:Institution {id: row.institution}) "
        f"{_verb(fresh)} (r)-[:HELD_BY]->(i)"
    )


def record_edges(relation: str, target_label: str, fresh: bool = False) -> str:
    return (
        f"UNWIND $rows AS row MATCH (r:Record {{id: row.record}}) MATCH (e:{target_label} {{id: row.entity}}) "
        f"{_verb(fresh)} (r)-[x:{relation} {{key: row.key}}]->(e) SET x += row.props"
    )


def refers_to(target_label: str, fresh: bool = False) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:Alias {{key: row.alias}}) MATCH (e:{target_label} {{id: row.entity}}) "
        f"{_verb(fresh)} (a)-[x:REFERS_TO]->(e) SET x += row.props"
    )


def entity_edges(relation: str, source_label: str, target_label: str, fresh: bool = False) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) MATCH (b:{target_label} {{id: row.target}}) "
        f"{_verb(fresh)} (a)-[:{relation}]->(b)"
    )


def delete_nodes(label: str) -> str:
    """Remove nodes with every edge they have (a record's edges, an alias's link, an entity's edges)."""
    key = model.NODE_KEYS[label]
    return f"UNWIND $rows AS row MATCH (n:{label} {{{key}: row.key}}) DETACH DELETE n"


def delete_refers_to() -> str:
    return "UNWIND $rows AS row MATCH (a:Alias {key: row.key})-[x:REFERS_TO]->() DELETE x"


FIELD_RELATIONS = tuple(r for r in model.RECORD_RELATIONS if r != "MENTIONS")


def delete_field_edges() -> str:
    """A record's edges from its fields (not MENTIONS, not HELD_BY), before they are written again."""
    return (f"UNWIND $rows AS row MATCH (r:Record {{id: row.key}})-[x:{'|'.join(FIELD_RELATIONS)}]->() "
            "DELETE x")


def delete_entity_edges(relation: str, source_label: str, target_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}})-[x:{relation}]->"
        f"(b:{target_label} {{id: row.target}}) DELETE x"
    )


def delete_mentions() -> str:
    """A record's MENTIONS, before its text is searched again."""
    return "UNWIND $rows AS row MATCH (r:Record {id: row.key})-[x:MENTIONS]->() DELETE x"


def delete_stale_mentions() -> str:
    """MENTIONS of a re-extracted record that the new run no longer finds ("entity id|key" in row.keep)."""
    return (
        "UNWIND $rows AS row MATCH (r:Record {id: row.record})-[x:MENTIONS]->(e) "
        "WHERE NOT (e.id + '|' + x.key) IN row.keep DELETE x"
    )


def all_statements() -> list[str]:
    """Every statement the loader may send (the lint test checks each against Neo4j 5)."""
    statements = [merge_nodes(label) for label in model.NODE_KEYS]
    statements += [merge_nodes("Record", extra) for extra in model.RECORD_DOMAIN_LABELS.values()]
    statements += [upsert_nodes(label) for label in model.NODE_KEYS]
    statements += [upsert_nodes("Record", extra) for extra in model.RECORD_DOMAIN_LABELS.values()]
    statements += [delete_nodes(label) for label in model.NODE_KEYS]
    statements += [create_nodes(label) for label in model.NODE_KEYS]
    statements += [create_nodes("Record", extra) for extra in model.RECORD_DOMAIN_LABELS.values()]
    for fresh in (False, True):
        statements.append(held_by(fresh))
        statements += [record_edges(relation, target, fresh) for relation, targets in model.RELATION_TARGETS.items()
                       for target in targets if not (fresh and relation == "MENTIONS")]
        statements += [refers_to(label, fresh) for label in model.ENTITY_LABELS]
        statements += [entity_edges(rel, a, b, fresh) for rel, (a, b) in model.ENTITY_RELATIONS.items()]
    statements += [delete_entity_edges(rel, a, b) for rel, (a, b) in model.ENTITY_RELATIONS.items()]
    statements += [delete_refers_to(), delete_field_edges(), delete_mentions()]
    statements += [s for s in mention_statements() if s not in statements]
    statements += summary_statements()
    return statements


# The extraction stage (graph/mentions.py): reads of record texts and known names, MENTIONS writes.
TEXT_FIELDS = ("title", "description")

READ_RECORD_TEXTS = (
    "MATCH (r:Record) WHERE r.title IS NOT NULL OR r.description IS NOT NULL "
    "RETURN r.id AS id, r.institution AS institution, r.title AS title, r.description AS description"
)
READ_FIELD_LINKS = (
    "MATCH (r:Record)-[x]->(e) WHERE NOT type(x) IN ['HELD_BY', 'MENTIONS'] RETURN DISTINCT r.id AS record, e.id AS entity"
)


def read_entities(label: str) -> str:
    """Names of one entity label and the institutions that catalogue it (through aliases)."""
    if label not in model.ENTITY_LABELS:
        raise ValueError(f"unknown entity label {label}")
    return (
        f"MATCH (e:{label}) OPTIONAL MATCH (a:Alias)-[:REFERS_TO]->(e) "
        "RETURN e.id AS id, e.name AS name, e.names AS names, collect(DISTINCT a.institution) AS institutions"
    )


def mention_statements() -> list[str]:
    """Every statement the extraction stage sends."""
    return [READ_RECORD_TEXTS, READ_FIELD_LINKS, *(read_entities(label) for label in model.ENTITY_LABELS),
            *(record_edges("MENTIONS", label) for label in model.ENTITY_LABELS),
            delete_stale_mentions()]


# Summaries the pages read instead of aggregating the whole graph (graph/summaries.py).
SUMMARY_RELATIONS = "CREATED_BY|ABOUT|MADE_IN|PUBLISHED_IN|MENTIONS"


def _summarised(label: str, some: bool) -> str:
    """The entities a summary statement recomputes: all of a label, or those whose ids are in $ids."""
    if label not in model.ENTITY_LABELS:
        raise ValueError(f"unknown entity label {label}")
    return f"UNWIND $ids AS id MATCH (e:{label} {{id: id}}) " if some else f"MATCH (e:{label}) "


def entity_ids(label: str) -> str:
    """The ids of every entity of one label."""
    if label not in model.ENTITY_LABELS:
        raise ValueError(f"unknown entity label {label}")
    return f"MATCH (e:{label}) RETURN e.id"


def summarise_entity_institutions(label: str) -> str:
    """Per canonical entity: the institutions whose aliases refer to it (sorted). Written only
    where the value changed, so a re-run writes nothing."""
    return (
        _summarised(label, False) + "OPTIONAL MATCH (a:Alias)-[:REFERS_TO]->(e) "
        "WITH DISTINCT e, a.institution AS inst ORDER BY inst "
        "WITH e, collect(inst) AS institutions "
        "WHERE e.institutions IS NULL OR e.institutions <> institutions "
        "SET e.institutions = institutions, e.institution_count = size(institutions)"
    )


# How many record ids per entity and institution the summaries keep (the first by id): the pair
# finder's cards come from them without walking every record naming the entity, for any
# `$per_entity` up to this (its default, and the app's, is 6).
FIRST_RECORDS = 6


def summarise_entity_records(label: str) -> str:
    """Per canonical entity in $ids: how many records of each institution name it (parallel lists,
    sorted by institution) and in all, and the ids of the first FIRST_RECORDS of each
    institution by id (`record_firsts`, one block per institution in the same order; block i
    ends at `record_firsts_ends[i]`). Always for given ids: `graph.summaries` sends a whole label
    in chunks (sorting every record of a label at once held them all in the server)."""
    return (
        _summarised(label, True) + f"OPTIONAL MATCH (r:Record)-[:{SUMMARY_RELATIONS}]->(e) "
        "WITH DISTINCT e, r "
        "WITH e, r, r.institution AS holder ORDER BY r.id "
        f"WITH e, holder, count(r) AS n, collect(r.id)[..{FIRST_RECORDS}] AS firsts ORDER BY holder "
        "WITH e, collect(holder) AS holders, collect(CASE WHEN holder IS NULL THEN NULL ELSE n END) AS counts, "
        "collect(CASE WHEN holder IS NULL THEN NULL ELSE firsts END) AS blocks "
        "WITH e, holders, counts, reduce(ids = [], block IN blocks | ids + block) AS firsts, "
        "reduce(ends = [], block IN blocks | ends + [coalesce(last(ends), 0) + size(block)]) AS ends "
        "WHERE e.record_institutions IS NULL OR e.record_institutions <> holders OR e.record_counts <> counts "
        "OR e.record_firsts IS NULL OR e.record_firsts <> firsts OR e.record_firsts_ends <> ends "
        "SET e.record_institutions = holders, e.record_counts = counts, "
        "e.record_count = reduce(t = 0, c IN counts | t + c), e.record_firsts = firsts, e.record_firsts_ends = ends"
    )


# Per pair of institutions (first < second) and entity type: how many entities both hold, kept
# on the first institution as three parallel lists (the other institution, the type, the count).
SUMMARISE_INSTITUTION_PAIRS = (
    "MATCH (e) WHERE e.institution_count > 1 "
    "WITH e, [l IN labels(e) WHERE l IN ['Person', 'Organization', 'Place', 'Theme']][0] AS type "
    "UNWIND e.institutions AS first UNWIND e.institutions AS second "
    "WITH type, first, second, e WHERE first < second "
    "WITH first, second, type, count(DISTINCT e) AS shared ORDER BY second, type "
    "WITH first, collect(second) AS others, collect(type) AS types, collect(shared) AS counts "
    "MATCH (i:Institution {id: first}) "
    "SET i.shared_with = others, i.shared_types = types, i.shared_counts = counts"
)
CLEAR_INSTITUTION_PAIRS = (
    "MATCH (i:Institution) WHERE i.shared_with IS NOT NULL REMOVE i.shared_with, i.shared_types, i.shared_counts"
)


# The entities records mention (a sync run's summaries follow them when it searches those texts again).
MENTIONED_BY = "UNWIND $ids AS id MATCH (:Record {id: id})-[:MENTIONS]->(e) RETURN DISTINCT e.id"

# The summaries an ingest computes from its sync state (graph.summaries.StateSummaries): the entity
# properties above, read back and written as values; MENTIONS, which the state does not hold, read
# from the graph.
SUMMARY_KEYS = ("institutions", "institution_count", "record_institutions", "record_counts", "record_count",
                "record_firsts", "record_firsts_ends")
ANY_MENTIONS = "MATCH (:Record)-[:MENTIONS]->() RETURN 1 LIMIT 1"
MENTIONED_ENTITIES = "MATCH (:Record)-[:MENTIONS]->(e) RETURN DISTINCT e.id"


def mentions_of(label: str) -> str:
    """(entity, record) of the MENTIONS that point at the entities in $ids."""
    return _summarised(label, True) + "MATCH (r:Record)-[:MENTIONS]->(e) RETURN e.id, r.id"


def read_summaries(label: str) -> str:
    return _summarised(label, True) + "RETURN e.id, " + ", ".join(f"e.{key}" for key in SUMMARY_KEYS)


def set_summaries(label: str) -> str:
    if label not in model.ENTITY_LABELS:
        raise ValueError(f"unknown entity label {label}")
    return f"UNWIND $rows AS row MATCH (e:{label} {{id: row.id}}) SET e += row.props"


def summary_statements() -> list[str]:
    return [MENTIONED_BY, ANY_MENTIONS, MENTIONED_ENTITIES,
            *(f(label) for label in model.ENTITY_LABELS for f in (mentions_of, read_summaries, set_summaries)),
            *(summarise_entity_institutions(label) for label in model.ENTITY_LABELS),
            *(summarise_entity_records(label) for label in model.ENTITY_LABELS),
            *(entity_ids(label) for label in model.ENTITY_LABELS),
            CLEAR_INSTITUTION_PAIRS, SUMMARISE_INSTITUTION_PAIRS]
