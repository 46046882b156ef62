"""Ingest, end to end: read -> collect mentions -> link -> load.

Reading never touches the graph and linking works on aliases, not rows; only the final
loading step writes, through `graph.loader` (statements in `graph.statements`). Every record read is counted as loaded or
rejected, and each rejected one is written with its reason to a JSON Lines report.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import settings
from graph import model, statements
from graph.link.aliases import AliasInfo
from graph.link.decisions import load_decisions
from graph.link.linker import Link, Thresholds, entity_props, link
from graph.loader import Loader
from graph.store import GraphStore, WriteStats
from ingest.model import Institution, Mention, Record, Rejected
from ingest.registry import Format

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Input:
    path: Path
    format: Format
    source: str | None = None
    institution: Institution | None = None

    def resolved(self) -> tuple[str, Institution]:
        preset = self.format.default_institution()
        institution = self.institution or preset
        if institution is None:
            name = self.path.stem if self.path.is_file() else self.path.name
            institution = Institution(name, name, "library")
        source = self.source or (self.format.name if self.format.preset else institution.id)
        return source, institution

    def records(self) -> Iterable[Record | Rejected]:
        read = self.format.reader()
        if self.format.preset:
            return read(self.path)
        source, institution = self.resolved()
        return read(self.path, source=source, institution=institution)


@dataclass
class SourceCounts:
    source: str
    institution: str
    files: int = 0
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    warnings: int = 0  # loaded records with a part that could not be used
    authorities: int = 0  # loaded rows that only describe people/places (no Record node)
    same_record: int = 0  # a record read again with the same id and content (one Record node)
    # loaded - authorities - same_record = the source's Record nodes


@dataclass
class IngestReport:
    sources: dict[str, SourceCounts] = field(default_factory=dict)
    rejected_report: str | None = None
    dry_run: bool = False
    seconds: float = 0.0
    aliases: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    moved_aliases: int = 0
    links_by_status: dict[str, int] = field(default_factory=dict)
    decisions: int = 0
    link_warnings: list[str] = field(default_factory=list)  # unusable curator decisions, with why
    writes: WriteStats = field(default_factory=WriteStats)
    extraction: dict[str, Any] | None = None  # the MENTIONS stage (graph.mentions), when it ran

    @property
    def totals(self) -> dict[str, int]:
        return {k: sum(getattr(c, k) for c in self.sources.values()) for k in ("read", "loaded", "rejected", "warnings")}

    def to_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 2),
            "totals": self.totals,
            "sources": [asdict(c) for c in self.sources.values()],
            "aliases": self.aliases,
            "entities": self.entities,
            "moved_aliases": self.moved_aliases,
            "links_by_status": self.links_by_status,
            "decisions": self.decisions,
            "link_warnings": self.link_warnings,
            "writes": asdict(self.writes),
            "rejected_report": self.rejected_report,
            "extraction": self.extraction,
        }


@dataclass
class _Collected:
    institutions: dict[str, Institution] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    aliases: dict[str, AliasInfo] = field(default_factory=dict)
    record_edges: list[tuple[str, str, Mention]] = field(default_factory=list)  # (record id, relation, mention)
    entity_edges: set[tuple[str, str, str]] = field(default_factory=set)  # (relation, alias, alias)


def _record_row(record: Record, licence: str | None) -> dict[str, Any]:
    props = {
        "institution": record.institution_id, "source": record.source, "source_id": record.source_id,
        "domain": record.domain, "kind": record.kind, "title": record.title, "date_text": record.date_text,
        "year_start": record.year_start, "year_end": record.year_end, "date_kind": record.date_kind,
        "date_edtf": record.date_edtf, "description": record.description,
        "url": record.url, "image_url": record.image_url, "rights": record.rights, "ids": list(record.ids) or None,
        "licence": licence,
        "numbers": [f"{kind}:{value}" for kind, value in record.numbers] or None,
        "types": [f"{uri} {label}" for uri, label in record.types] or None,
        "materials": [f"{uri or '-'} {label}" for uri, label in record.materials] or None,
    }
    return {"key": record.id, "domain": record.domain, "props": {k: v for k, v in props.items() if v is not None}}


def _collect_mention(collected: _Collected, mention: Mention, source: str, institution: str) -> None:
    existing = collected.aliases.get(mention.alias_key)
    if existing is None:
        collected.aliases[mention.alias_key] = AliasInfo.from_mention(mention, source, institution)
    else:
        existing.absorb(mention)
    for relation, target in mention.links:
        _collect_mention(collected, target, source, institution)
        collected.entity_edges.add((relation, mention.alias_key, target.alias_key))


def _content(record: Record) -> int:
    """What a record says (not where it was read): equal for the same record read twice."""
    if record.source_digest:
        return hash(record.source_digest)
    return hash((record.title, record.date_text, record.date_edtf, record.kind, record.description, record.url,
                 record.image_url, record.rights, record.ids, record.numbers, record.types, record.materials,
                 tuple(sorted((m.relation, m.alias_key, m.role or "") for m in record.mentions))))


def _keep_apart(record: Record, seen: dict[str, tuple[int, str]]) -> bool:
    """Give a record a different id when another record of its source already has its id; False
    when it is the same record read again (another file or envelope with the same content).

    Catalogues reuse control numbers (LC's conversion test files all start at 001 "1"), so a
    second record with an id already read in this run and other content is a different record:
    it loads, kept apart by file and position ("1@ConvSpec-250-270/marc.xml#3"), with a warning;
    nothing is merged. The same inputs in the same order give the same ids (a re-run is idempotent)."""
    path = Path(record.file) if record.file else None
    where = f"{path.parent.name}/{path.name}#{record.position}" if path else f"#{record.position}"
    content = _content(record)
    first = seen.get(record.id)
    if first is None:
        seen[record.id] = (content, where)
        return True
    if first[0] == content:
        return False
    original = record.source_id
    record.source_id = f"{original}@{where}"
    count = 1
    while record.id in seen:  # the same file and position read twice in one run
        count += 1
        record.source_id = f"{original}@{where}~{count}"
    seen[record.id] = (content, where)
    record.warnings.append(f"{where}: record id {original!r} was already read ({first[1]}) for a record with "
                           f"other content; this record is kept apart as {record.source_id!r}")
    return True


def read_inputs(inputs: list[Input], report: IngestReport, rejected_out: Any, progress: Progress | None) -> _Collected:
    collected = _Collected()
    seen: dict[str, tuple[int, str]] = {}
    for item in inputs:
        source, institution = item.resolved()
        collected.institutions[institution.id] = institution
        counts = report.sources.setdefault(source, SourceCounts(source, institution.id))
        counts.files += 1
        for result in item.records():
            counts.read += 1
            if isinstance(result, Rejected):
                counts.rejected += 1
                rejected_out.write(json.dumps({"source": source, **asdict(result)}, ensure_ascii=False) + "\n")
                continue
            counts.loaded += 1
            if result.is_authority:
                counts.authorities += 1
            elif not _keep_apart(result, seen):
                counts.same_record += 1
            if result.holder is not None:
                collected.institutions.setdefault(result.holder.id, result.holder)
            for warning in result.warnings:
                counts.warnings += 1
                rejected_out.write(json.dumps({"source": source, "warning": warning, "file": result.file,
                                               "position": result.position, "source_id": result.source_id},
                                              ensure_ascii=False) + "\n")
            if not result.is_authority:
                collected.records.append(_record_row(result, institution.licence))
            for mention in result.mentions:
                _collect_mention(collected, mention, source, institution.id)
                if mention.relation in model.RECORD_RELATIONS and not result.is_authority:
                    collected.record_edges.append((result.id, mention.relation, mention))
            if progress and counts.read % 5000 == 0:
                progress(f"read {source}", 5000)
    return collected


def ingest(
    inputs: list[Input],
    store: GraphStore | None,
    *,
    report_path: Path,
    batch_size: int = 5000,
    use_ids: bool = True,
    progress: Progress | None = None,
    decisions_file: Path | None = None,
    thresholds: Thresholds | None = None,
    extract: bool = False,
) -> IngestReport:
    """Read `inputs` and load them into `store` (None: a dry run that only reads and counts).

    Linking re-runs over every alias in the store plus the new ones, applying the curator
    decisions in `decisions_file` (see `graph.link.decisions`) every time. `extract` runs the
    text-extraction stage afterwards (MENTIONS edges, `graph.mentions`).
    """
    started = time.perf_counter()
    report = IngestReport(dry_run=store is None, rejected_report=str(report_path))
    decisions = load_decisions(decisions_file, report.link_warnings) if decisions_file else []
    report.decisions = len(decisions)

    def run_link(aliases: Iterable[AliasInfo]) -> dict[str, Link]:
        links = link(aliases, use_ids=use_ids, decisions=decisions, thresholds=thresholds,
                     warnings=report.link_warnings)
        report.entities = _entity_counts(links)
        report.links_by_status = dict(sorted(Counter(ln.status for ln in links.values()).items()))
        return links

    report_path.parent.mkdir(parents=True, exist_ok=True)
    with report_path.open("w", encoding="utf-8") as rejected_out:
        collected = read_inputs(inputs, report, rejected_out, progress)
    report.aliases = len(collected.aliases)
    if store is None:
        run_link(collected.aliases.values())
        report.seconds = time.perf_counter() - started
        return report

    previous: dict[str, str | None] = {}
    all_aliases = dict(collected.aliases)
    for row in store.query(statements.READ_ALIASES).rows:
        key, props, entity = row
        previous[key] = entity
        if key not in all_aliases:
            all_aliases[key] = AliasInfo.from_props(key, props)
    links = run_link(all_aliases.values())

    load = Loader(store, batch_size, progress)
    load.send_nodes("institutions", "Institution", (
        {"key": i.id, "props": {k: v for k, v in (("name", i.name), ("kind", i.kind), ("licence", i.licence)) if v}}
        for i in collected.institutions.values()
    ))
    for domain, extra in model.RECORD_DOMAIN_LABELS.items():
        load.send_nodes("records", "Record", (r for r in collected.records if r["domain"] == domain), extra)
    load.send("records", statements.merge_held_by(), (
        {"record": r["key"], "institution": r["props"]["institution"]} for r in collected.records
    ))
    _load_entities(load, all_aliases, links)
    load.send_nodes("aliases", "Alias", (
        {"key": a.key, "props": a.props()} for a in collected.aliases.values()
    ))

    moved = [(key, old, links[key]) for key, old in previous.items() if old and old != links[key].entity_id]
    report.moved_aliases = len(moved)
    labels = {label.lower(): label for label in model.ENTITY_LABELS}
    for relation, targets in model.RELATION_TARGETS.items():
        for target in targets:
            for old_label in model.ENTITY_LABELS:
                rows = [{"alias": k, "old": old, "entity": ln.entity_id} for k, old, ln in moved
                        if ln.label == target and labels.get(old.partition(":")[0]) == old_label]
                if rows:
                    load.send("moves", statements.move_record_edges(relation, target, old_label), rows)
    load.send("moves", statements.delete_stale_refers_to(), (
        {"alias": k, "entity": ln.entity_id} for k, _, ln in moved
    ))
    for label in model.ENTITY_LABELS:
        load.send("links", statements.merge_refers_to(label), (
            {"alias": ln.alias_key, "entity": ln.entity_id,
             "props": {"score": ln.score, "method": ln.method, "evidence": ln.evidence, "status": ln.status}}
            for ln in links.values() if ln.label == label
        ))
    _load_record_edges(load, collected, links)
    _load_entity_edges(load, collected, links)
    for label in model.ENTITY_LABELS:
        load.stats.add(store.write(statements.delete_orphan_entities(label)))
    if extract:
        from graph.mentions import extract_into

        found = extract_into(store, model_name=settings.spacy_model(), batch_size=batch_size, progress=progress)
        load.stats.add(found.writes)
        report.extraction = asdict(found)
    report.writes = load.stats
    report.seconds = time.perf_counter() - started
    return report


def _entity_counts(links: dict[str, Link]) -> dict[str, int]:
    counts: dict[str, set[str]] = defaultdict(set)
    for ln in links.values():
        counts[ln.label].add(ln.entity_id)
    return {label: len(ids) for label, ids in sorted(counts.items())}


def _load_entities(load: Loader, aliases: dict[str, AliasInfo], links: dict[str, Link]) -> None:
    members: dict[tuple[str, str], list[AliasInfo]] = defaultdict(list)
    for key, ln in links.items():
        members[(ln.label, ln.entity_id)].append(aliases[key])
    for label in model.ENTITY_LABELS:
        load.send_nodes("entities", label, (
            {"key": entity, "props": entity_props(label, group)}
            for (lab, entity), group in members.items() if lab == label
        ))


def _load_record_edges(load: Loader, collected: _Collected, links: dict[str, Link]) -> None:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for record_id, relation, mention in collected.record_edges:
        ln = links[mention.alias_key]
        if ln.label not in model.RELATION_TARGETS[relation]:
            continue
        props = {"alias": mention.alias_key, "role": mention.role, "as_written": mention.as_written,
                 "source_field": mention.source_field}
        grouped[(relation, ln.label)].append({
            "record": record_id, "entity": ln.entity_id,
            "key": f"{mention.alias_key}|{mention.role or ''}|{mention.source_field or ''}",
            "props": {k: v for k, v in props.items() if v is not None},
        })
    for (relation, label), rows in grouped.items():
        load.send(f"{relation} edges", statements.merge_record_edges(relation, label), rows)


def _load_entity_edges(load: Loader, collected: _Collected, links: dict[str, Link]) -> None:
    grouped: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for relation, a, b in collected.entity_edges:
        la, lb = links[a], links[b]
        if (la.label, lb.label) == model.ENTITY_RELATIONS.get(relation) and la.entity_id != lb.entity_id:
            grouped[relation].add((la.entity_id, lb.entity_id))
    for relation, pairs in grouped.items():
        source_label, target_label = model.ENTITY_RELATIONS[relation]
        load.send(f"{relation} edges", statements.merge_entity_edges(relation, source_label, target_label),
                  ({"source": s, "target": t} for s, t in sorted(pairs)))
