"""A record as the sync state keeps it: its content key, digest and rows.

Pure functions of one record: no state, no store.
"""

from __future__ import annotations

import hashlib
from typing import Any

from graph import model
from graph.state import dumps
from ingest.model import Mention, Record

_OPTIONAL = ("birth_year", "death_year", "nationality", "gender", "bio", "lat", "lon")


def contribution(mention: Mention, source: str, institution: str) -> dict[str, Any]:
    """What one mention says about its alias (folded into AliasInfo with the alias's other mentions):
    every value but None and empty lists. (Once per mention read: no dict of all values first.)"""
    out: dict[str, Any] = {}
    for name, value in (("kind", mention.kind), ("name", mention.name), ("source", source),
                        ("institution", institution), ("ids", list(mention.ids)),
                        ("alt_names", list(mention.alt_names))):
        if value is not None and value != []:
            out[name] = value
    for name in _OPTIONAL:
        value = getattr(mention, name)
        if value is not None and value != []:
            out[name] = value
    return out


def record_props(record: Record) -> dict[str, Any]:
    props = {
        "id": record.id, "institution": record.institution_id, "source": record.source,
        "source_id": record.source_id, "domain": record.domain, "kind": record.kind, "title": record.title,
        "date_text": record.date_text, "year_start": record.year_start, "year_end": record.year_end,
        "date_kind": record.date_kind, "date_edtf": record.date_edtf,
        "description": record.description, "url": record.url, "image_url": record.image_url,
        "rights": record.rights, "ids": list(record.ids) or None, "licence": record.licence,
        "numbers": [f"{kind}:{value}" for kind, value in record.numbers] or None,
        "types": [f"{uri} {label}" for uri, label in record.types] or None,
        "materials": [f"{uri or '-'} {label}" for uri, label in record.materials] or None,
    }
    return {k: v for k, v in props.items() if v is not None}


def record_rows(record: Record, source: str, institution: str, origin: str,
                ) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """A record as the state keeps it: (row, mentions, alias edges); the row's `hash` is its digest."""
    mentions: list[tuple[int, str, str, str | None, str | None, str | None]] = []
    edges: list[tuple[str, str, str]] = []

    def visit(mention: Mention, top: bool) -> None:
        relation = key = props = None
        if top and mention.relation in model.RECORD_RELATIONS and not record.is_authority:
            relation = mention.relation
            key = f"{mention.alias_key}|{mention.role or ''}|{mention.source_field or ''}"
            values = {"alias": mention.alias_key, "role": mention.role, "as_written": mention.as_written,
                      "source_field": mention.source_field}
            props = dumps({k: v for k, v in values.items() if v is not None})
        mentions.append((len(mentions), mention.alias_key, dumps(contribution(mention, source, institution)),
                         relation, key, props))
        for rel, target in mention.links:
            visit(target, False)
            edges.append((rel, mention.alias_key, target.alias_key))

    for mention in record.mentions:
        visit(mention, True)
    holder = record.holder.id if record.holder is not None else None
    row = {"id": record.id, "source": record.source, "origin": origin, "header_id": record.header_id,
           "hash": None, "authority": int(record.is_authority), "domain": record.domain,
           "institution": record.institution_id, "holder": holder, "props": dumps(record_props(record))}
    row["hash"] = digest(row, mentions, edges, institution)
    return row, mentions, edges


def digest(row: dict[str, Any], mentions: list[Any], edges: list[Any], institution: str) -> str:
    """A hash of everything a record gives the graph: its rows (its fields and mentions; not where
    in the file it sits, nor the reader's warnings). Taken from the rows, which every record read
    needs anyway, in one C-level repr of strings and tuples (the record's dataclass repr cost as
    much as the rows themselves)."""
    text = repr((institution, row["id"], row["source"], row["header_id"], row["authority"], row["domain"],
                 row["institution"], row["holder"], row["props"], mentions, edges))
    return hashlib.sha1(text.encode()).hexdigest()


def content_key(record: Record) -> str:
    """What a record says (not where it was read): equal for the same record read twice. A stable
    key (not Python's per-process hash): files skipped as unchanged bring it from the state."""
    if record.source_digest:
        return hashlib.sha1(repr(record.source_digest).encode()).hexdigest()
    return hashlib.sha1(repr((record.title, record.date_text, record.date_edtf, record.kind, record.description,
                              record.url, record.image_url, record.rights, record.ids, record.numbers, record.types,
                              record.materials, tuple(sorted((m.relation, m.alias_key, m.role or "")
                                                             for m in record.mentions)))).encode()).hexdigest()
