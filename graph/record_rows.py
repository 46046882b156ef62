"""A record as the sync state keeps it: its content key, digest and rows.

Pure functions of one record: no state, no store. `read_record` makes them where the record was
parsed (a read worker, graph.read_worker), so the ingest process, which stores every record in
turn, receives strings and tuples instead of building the records' objects again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from graph import model
from graph.state import dumps, loads
from ingest.model import Institution, Mention, Record

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


class ReadRecord:
    """What the read stage needs of a record once parsed: where it was read, its warnings, the
    institution it names, its content key and its state rows (with the digest in the row).
    `source_id` may change (graph.build._keep_apart); `rename` then makes the rows say so."""

    __slots__ = ("source", "source_id", "file", "position", "is_authority", "holder", "warnings", "content",
                 "rows", "institution")

    def __init__(self, source: str, source_id: str, file: str | None, position: int | None, is_authority: bool,
                 holder: Institution | None, warnings: list[str], content: str,
                 rows: tuple[dict[str, Any], list[Any], list[Any]], institution: str) -> None:
        self.source, self.source_id, self.file, self.position = source, source_id, file, position
        self.is_authority, self.holder, self.warnings, self.content = is_authority, holder, warnings, content
        self.rows, self.institution = rows, institution

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as its fields: it crosses the worker's pipe
        return ReadRecord, (self.source, self.source_id, self.file, self.position, self.is_authority, self.holder,
                            self.warnings, self.content, self.rows, self.institution)

    @property
    def id(self) -> str:
        return f"{self.source}:{self.source_id}"

    def rename(self) -> None:
        """The rows for the record's current `source_id`: its id and props, then its digest (what
        `record_rows` gives for the record so renamed; mentions and edges do not name the record)."""
        row, mentions, edges = self.rows
        props = loads(row["props"])
        props["id"], props["source_id"] = self.id, self.source_id  # the keys keep their places
        row["id"], row["props"] = self.id, dumps(props)
        row["hash"] = digest(row, mentions, edges, self.institution)


def read_record(record: Record, source: str, institution: Institution, origin: str) -> ReadRecord:
    """A parsed record as the read stage takes it: the input's licence where the record gives none,
    then its content key and rows."""
    if record.licence is None:
        record.licence = institution.licence
    return ReadRecord(record.source, record.source_id, record.file, record.position, record.is_authority,
                      record.holder, record.warnings, content_key(record),
                      record_rows(record, source, institution.id, origin), institution.id)
