"""The graph model: labels, relationship types, keys and indexes, in one place.

Both stores build their schema statements from these tables, and the loader builds its
UNWIND statements from them, so a label or a key is named exactly once.
"""

from __future__ import annotations

from ingest.authority import SCHEMES

ENTITY_LABELS = ("Person", "Organization", "Place", "Theme")
RECORD_DOMAIN_LABELS = {"library": "LibraryItem", "museum": "MuseumObject", "archive": "ArchivalItem"}

# Label -> the property that identifies a node uniquely.
NODE_KEYS: dict[str, str] = {
    "Institution": "id",
    "Record": "id",
    "Alias": "key",
    **{label: "id" for label in ENTITY_LABELS},
}

# Record -> entity relationships; MENTIONS comes from free text, the others from fields.
RECORD_RELATIONS = ("CREATED_BY", "ABOUT", "MADE_IN", "PUBLISHED_IN", "MENTIONS")
# Entity -> entity relationships a source may state.
ENTITY_RELATIONS = {
    "BROADER": ("Theme", "Theme"),
    "WITHIN": ("Place", "Place"),
    "BORN_IN": ("Person", "Place"),
    "DIED_IN": ("Person", "Place"),
}
RELATIONSHIP_TYPES = ("HELD_BY", *RECORD_RELATIONS, "REFERS_TO", *ENTITY_RELATIONS)

# Which entity labels each record relation may point at.
RELATION_TARGETS: dict[str, tuple[str, ...]] = {
    "CREATED_BY": ("Person", "Organization"),
    "ABOUT": ENTITY_LABELS,
    "MADE_IN": ("Place",),
    "PUBLISHED_IN": ("Place",),
    "MENTIONS": ENTITY_LABELS,
}

# Range indexes for lookups the queries and the loader make, beyond the keys.
LOOKUP_INDEXES: tuple[tuple[str, str], ...] = (
    ("Record", "source"),
    ("Record", "institution"),
    ("Record", "year_start"),
    ("Alias", "source"),
    *((label, "name") for label in ENTITY_LABELS),
    *((label, "institution_count") for label in ENTITY_LABELS),  # shared_people starts here (graph/summaries.py)
    # pair_finder starts here: the entities records of an institution name, from the summaries
    # (a list property; FalkorDB's range index answers `$a IN e.record_institutions`).
    *((label, "record_institutions") for label in ENTITY_LABELS),
    *(("Person", scheme) for scheme in ("ulan", "wikidata", "viaf", "lcnaf")),
)

# Full-text search over names and titles.
FULLTEXT_INDEX_NAME = "glamgraph_search"
FULLTEXT_FIELDS: dict[str, tuple[str, ...]] = {
    **{label: ("name",) for label in ENTITY_LABELS},
    "Record": ("title",),
}

AUTHORITY_SCHEMES = SCHEMES


def entity_id(label: str, suffix: str) -> str:
    """Canonical entity ids are "<label>:<suffix>", e.g. "person:ulan:500115493"."""
    return f"{label.lower()}:{suffix}"
