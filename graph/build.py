"""Ingest, end to end: read -> compare with the sync state -> link what changed -> write the delta.

Reading never touches the graph. Each record read is compared with the per-source state
(`graph.state`, a SQLite file beside the graph): new and changed records replace their stored
copy, unchanged ones are only marked as seen, and - unless `append` - records of the same
files or folders that were not seen any more are removed. The aliases those records touched are
folded again from every mention that still names them; linking runs again only for the aliases
a changed alias can reach (`graph.link.local`; else the pools they are in); entities, entity
edges, institutions and page summaries are recomputed where they could have changed. The resulting graph keys go to a pending list in the
state, committed before the graph is written, and the loader (`graph.loader`, statements in
`graph.statements`) writes exactly those. So an unchanged input writes nothing, any sequence of
runs ends in the graph one fresh run of the final sources gives, and a run that dies is
completed by the next one (docs/sync.md). Reading and linking run in a child process that has
ended before the first write (`graph.stage_process`), so the writes do not sit beside what
linking left in memory.

Every record read is counted as loaded or rejected, and each rejected one is written with its
reason to a JSON Lines report.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import settings
from graph import alias_fold, code_version, link_settings, model, stage_process, statements, summaries
from graph.collector import fewer_collections
from graph.inputs import Input
from graph.link.aliases import AliasInfo
from graph.link.decisions import load_decisions
from graph.link.linker import Link, Thresholds, entity_props, link
from graph.link.local import local_links
from graph.link.person_linker import AGENT_KINDS
from graph.loader import write_pending
from graph.places_ahead import PlacesAhead
from graph.record_rows import ReadRecord, read_record, record_props
from graph.record_rows import content_key as _content
from graph.state import EXTRACT_ALL, STATE_FILE, SUMMARISE_ALL, SyncState, checkpoint, chunks, dumps, loads
from graph.store import GraphStore, WriteStats, chunked
from graph.unchanged import FileGate, fingerprint, whole_input
from ingest.extract import Gazetteer, KnownEntity, search_key
from ingest.jsonutil import unchanged_file
from ingest.model import Institution, Mention, Record, Rejected

Progress = Callable[[str, int], None]
READ_BATCH = 1000  # records compared with the state at a time
PROGRESS_STEP = 5000  # items between progress reports of the read and link stages


@dataclass
class SourceCounts:
    source: str
    institution: str
    files: int = 0
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    warnings: int = 0  # loaded records with a part that could not be used
    added: int = 0  # loaded records the graph did not hold
    changed: int = 0  # loaded records that differ from what the graph held
    removed: int = 0  # records taken out: gone from the files read, deleted at the source, or `remove`
    authorities: int = 0  # loaded rows that only describe people/places (no Record node)
    same_record: int = 0  # a record read again with the same id and content (one Record node)
    unchanged_files: int = 0  # files not parsed: unchanged since they were read (graph.unchanged)
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
    link_settings: str = ""  # how the graph is linked (graph.link_settings), as a sentence
    relinked: list[str] = field(default_factory=list)  # alias pools linked again ("Agent", "Place", "Theme")
    relinked_aliases: int = 0  # aliases linked again (graph.link.local: those a change can reach)
    stages: dict[str, float] = field(default_factory=dict)  # seconds: read, link, write, extract
    resumed: int = 0  # graph keys left pending by an interrupted run, written by this one

    @property
    def totals(self) -> dict[str, int]:
        return {k: sum(getattr(c, k) for c in self.sources.values())
                for k in ("read", "loaded", "rejected", "warnings", "added", "changed", "removed")}

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
            "relinked": self.relinked,
            "relinked_aliases": self.relinked_aliases,
            "stages": {k: round(v, 2) for k, v in self.stages.items()},
            # kept apart: `glamgraph ingest --json` prints the progress counts under "stages"
            "stage_seconds": {k: round(v, 2) for k, v in self.stages.items()},
            "resumed": self.resumed,
            "writes": asdict(self.writes),
            "rejected_report": self.rejected_report,
            "extraction": self.extraction,
            "link_settings": self.link_settings,
        }


def state_path(store: GraphStore) -> Path:
    """Where a store's sync state lives: beside the embedded graph, or in the data folder for Neo4j
    (one file per server and database)."""
    data_dir = getattr(store, "data_dir", None)
    if data_dir is not None:
        return Path(data_dir) / STATE_FILE
    ident = f"{getattr(store, 'uri', '')}|{getattr(store, 'database', 'neo4j')}"
    base = Path(getattr(store, "state_dir", None) or settings.data_dir())  # open_store sets --data-dir
    return base / f"sync-state-neo4j-{hashlib.sha1(ident.encode()).hexdigest()[:12]}.sqlite"


def state_path_for(data_dir: Path | None, neo4j_uri: str | None) -> Path:
    """The state file of the graph a command would open (without opening it)."""
    base = Path(data_dir or settings.data_dir())
    uri = neo4j_uri or settings.get("neo4j_uri")
    if not uri:
        return base / STATE_FILE
    ident = f"{uri}|{settings.get('neo4j_database') or 'neo4j'}"
    return base / f"sync-state-neo4j-{hashlib.sha1(ident.encode()).hexdigest()[:12]}.sqlite"


# Pools linked together: a Theme alias that names a person or a place joins that entity, so a
# change in any of them can move a link in the others; an incremental run links all three.
COUPLED_POOLS = frozenset({"Agent", "Place", "Theme"})


def pool(kind: str) -> str:
    """Linking pools: people and organisations, places, themes (a subject term may join another pool)."""
    return "Agent" if kind in AGENT_KINDS else kind


# --- reading: records -> rows of the state (graph.record_rows) ----------------------------------
def _fingerprint(item: Input, origin: str) -> str:
    source, institution = item.resolved()
    read_as = item.format.name
    mapping = getattr(item.format, "mapping", None)
    if mapping is not None:  # the same bytes under an edited mapping are other records
        read_as += ":" + hashlib.sha1(repr(mapping).encode()).hexdigest()[:16]
    return fingerprint(origin, source, institution, read_as)


def known_files(inputs: list[Input], state: SyncState, origins: list[str] | None = None,
                ) -> tuple[list[str], list[dict[str, tuple[str, str | None]]]]:
    """(what each input is read as, and per input: path -> (byte hash, stat signature) of the files
    the state holds as read so). `origins`: the inputs' resolved paths, if known."""
    origins = origins or _origins(inputs)
    marks = [_fingerprint(item, origin) for item, origin in zip(inputs, origins, strict=True)]
    known = [{path: (row[1], row[3]) for path, row in state.file_rows_under(origin).items() if row[0] == mark}
             for origin, mark in zip(origins, marks, strict=True)]
    return marks, known


def _origins(inputs: list[Input]) -> list[str]:
    """Each input's resolved path: the key of its records and files in the state (resolved once per
    run: a resolve looks at every folder on the way, which at 27,000 inputs took seconds)."""
    return [str(Path(item.path).resolve()) for item in inputs]


def _worker(inputs: list[Input], state: SyncState, origins: list[str]) -> Any:
    """A read worker (graph.read_worker) for big inputs, told the byte hashes the state holds."""
    from graph import read_worker

    marks, known = known_files(inputs, state, origins)
    if not read_worker.wanted(inputs, marks, known):
        return None
    return read_worker.WorkerReader(inputs, known, read_worker.worker_count(), origins)


def _read(inputs: list[Input], state: SyncState, report: IngestReport, rejected_out: Any,
          progress: Progress | None) -> tuple[set[str], set[str]]:
    """Read every input into the state; returns (origins read, origins that could not be read through).

    Files unchanged since they were last read cleanly are not parsed (`graph.unchanged`). Big
    inputs are parsed in a worker process (`graph.read_worker`) while this one stores the records."""
    origins = _origins(inputs)
    worker = _worker(inputs, state, origins)
    try:
        return _read_all(inputs, origins, state, report, rejected_out, progress, worker)
    finally:
        if worker is not None:
            worker.close()


def _read_all(inputs: list[Input], input_origins: list[str], state: SyncState, report: IngestReport, rejected_out: Any,
              progress: Progress | None, worker: Any) -> tuple[set[str], set[str]]:
    origins: set[str] = set()
    broken: set[str] = set()
    seen: dict[str, tuple[str, str]] = {}  # record id -> (content, where): records that share an id
    run_ids: set[str] = set()
    for index, item in enumerate(inputs):
        source, institution = item.resolved()
        origin = input_origins[index]
        origins.add(origin)
        state.put_institution(institution.id, institution.name, institution.kind)
        state.set_origin_institution(origin, source, institution.id)
        counts = report.sources.setdefault(source, SourceCounts(source, institution.id))
        counts.files += 1
        gate = FileGate(state, origin, _fingerprint(item, origin), seen, run_ids)
        if worker is None and (whole := whole_input(Path(origin), item.format.whole_folder)) and gate(whole[0], *whole[1]):
            _count_skipped(state, gate, counts, rejected_out)
            gate.save()  # a stat signature it learnt (the next run then need not hash the folder)
            continue
        # An input read as a whole (its reader joins the folder's files) keeps all its records and
        # problems under the input itself.
        unit = origin if item.format.whole_folder else None
        batch: list[tuple[tuple[dict[str, Any], list[Any], list[Any]], str]] = []
        # The worker asks the gate itself (graph.read_worker); in this process the readers ask it.
        token = unchanged_file.set(gate if worker is None and Path(item.path).is_dir() else None)
        try:
            results = worker.results(index, gate) if worker is not None else (
                r if isinstance(r, Rejected) else read_record(r, source, institution, origin) for r in item.records())
            for result in results:
                counts.read += 1
                if isinstance(result, Rejected):
                    counts.rejected += 1
                    line = asdict(result)
                    # A file that stops early or deletes records is read again next time; other
                    # rejections are reported again from the state when it is skipped (graph.unchanged).
                    gate.problem(unit or result.file, None if result.fatal or result.deleted else line)
                    _report_line(rejected_out, source, line)
                    if result.fatal:
                        broken.add(origin)  # what this file held before is kept, not removed
                    if result.deleted and result.source_id:
                        _flush(state, batch, report)
                        batch = []
                        for rid in state.records_of(source, [result.source_id]):
                            state.delete_record(rid)
                            counts.removed += 1
                    continue
                counts.loaded += 1
                original_id = result.id
                if result.is_authority:
                    counts.authorities += 1
                elif not _keep_apart(result, seen, result.content):
                    counts.same_record += 1
                if result.id != original_id:
                    result.rename()
                if result.holder is not None:
                    state.keep_institution(result.holder.id, result.holder.name, result.holder.kind)
                for warning in result.warnings:
                    counts.warnings += 1
                    line = {"warning": warning, "file": result.file, "position": result.position,
                            "source_id": result.source_id}
                    gate.problem(unit or result.file, line)
                    _report_line(rejected_out, source, line)
                rows = result.rows
                kept = seen.get(result.id)
                gate.read(unit or result.file, result.id, kept[0] if kept else result.content, kept[1] if kept else "",
                          result.is_authority, rows[0]["hash"], result.id != original_id)
                batch.append((rows, source))
                if len(batch) >= READ_BATCH:
                    _flush(state, batch, report)
                    batch = []
                if progress and counts.read % PROGRESS_STEP == 0:
                    progress(f"read {source}", PROGRESS_STEP)
        finally:
            unchanged_file.reset(token)
        _flush(state, batch, report)
        _count_skipped(state, gate, counts, rejected_out)
        gate.save()
    return origins, broken


def _report_line(rejected_out: Any, source: str, line: dict[str, Any]) -> None:
    """One rejected record or warning in the JSON Lines report."""
    rejected_out.write(json.dumps({"source": source, **line}, ensure_ascii=False) + "\n")


def _count_skipped(state: SyncState, gate: FileGate, counts: SourceCounts, rejected_out: Any) -> None:
    """The records of files not parsed because unchanged: read, loaded and seen (not removed); their
    rejected records and warnings counted and reported again, as reading them would."""
    counts.unchanged_files += gate.skipped_files
    gate.skipped_files = 0
    for line in gate.replayed:
        if "warning" in line:
            counts.warnings += 1
        else:
            counts.read += 1
            counts.rejected += 1
        _report_line(rejected_out, counts.source, line)
    gate.replayed.clear()
    if not gate.skipped:
        return
    counts.read += len(gate.skipped)
    counts.loaded += len(gate.skipped)
    counts.authorities += sum(1 for _, authority in gate.skipped if authority)
    state.mark_seen(rid for rid, _ in gate.skipped)
    gate.skipped.clear()


def _flush(state: SyncState, batch: list[tuple[tuple[dict[str, Any], list[Any], list[Any]], str]],
           report: IngestReport) -> None:
    """Compare a batch of records (as their rows) with the state; store the new and changed ones."""
    if not batch:
        return
    stored = state.stored_hashes([rows[0]["id"] for rows, _ in batch])
    moved: list[tuple[str, str]] = []
    fresh: list[tuple[dict[str, Any], list[Any], list[Any]]] = []  # ids the state does not hold: stored together
    for rows, source in batch:
        row = rows[0]
        record_id, record_hash, origin = row["id"], row["hash"], row["origin"]
        before = stored.get(record_id)
        counts = report.sources[source]
        if before is not None and before[0] == record_hash:
            if before[1] != origin:
                moved.append((record_id, origin))
            continue
        if before is None:
            counts.added += 1
            fresh.append(rows)
        else:
            counts.changed += 1
            state.put_new_records(fresh)  # in the order read: an id read twice in the batch is replaced after
            fresh = []
            state.put_record(*rows)
        stored[record_id] = (record_hash, origin)  # a record read twice in one run: the last wins
    state.put_new_records(fresh)
    state.mark_seen(rows[0]["id"] for rows, _ in batch)
    state.set_origin(moved)


# --- aliases, links, entities ----------------------------------------------------------------------
def _refresh_aliases(state: SyncState, progress: Progress | None = None,
                     places: PlacesAhead | None = None) -> tuple[set[str], set[str], dict[str, str]]:
    """Fold every alias a changed record touched again (on every core: graph.alias_fold); returns (the
    aliases whose properties changed, removed ones included, and marks them pending; every alias
    touched; the stored properties of the changed ones that existed before). `places` gets the names
    and ids of the place and subject aliases folded (what their entities' coordinates are looked up by)."""
    changed: set[str] = set()
    touched: set[str] = set()
    was: dict[str, str] = {}
    puts: list[tuple[str, str, str]] = []
    new: list[str] = []
    rows, stored = state.dirty_alias_rows()
    if progress:  # the bar shows its time running while the parts are folded
        progress("fold aliases", 0)
    parts = alias_fold.fold_all(rows, stored)
    del rows
    for part in parts:
        touched.update(part.keys)
        for key in part.gone:
            state.delete_alias(key)
            changed.add(key)
            was[key] = stored[key]
        for key, kind, props in part.changed:
            puts.append((key, pool(kind), props))
            changed.add(key)
            before = stored.get(key)
            if before is None:
                new.append(key)
            else:
                was[key] = before
        if places is not None:
            places.merge(part.places)
        if progress:
            progress("fold aliases", len(part.keys))
    state.put_aliases(puts)
    state.mark_new("alias", new)
    state.add_pending("alias", sorted(changed))
    return changed, touched, was


# entity id -> (label, its aliases in key order): what linking knows of a new entity (`_link_pools`)
Members = dict[str, tuple[str, list[AliasInfo]]]


def _link_pools(state: SyncState, pools: set[str] | None, report: IngestReport, *, use_ids: bool,
                decisions: list[Any], thresholds: Thresholds | None,
                progress: Progress | None = None) -> tuple[set[str], set[str], Members | None]:
    """Link the aliases of `pools` (None: all) again and store what changed. Returns (entities whose
    members or links changed, aliases whose entity or label changed, each entity's members when the
    state held no entity before: `_refresh_entities` need not read them back)."""
    # Read back from the state, not kept from folding them (`_refresh_aliases`): kept, they were made
    # among that step's temporaries, and at a million records the link stage held 500 MB more.
    aliases = [AliasInfo.from_props(key, props) for key, props in state.aliases_in(pools)]
    if progress:  # the bar shows its time running while `link` works; the count comes at its end
        progress("link aliases", 0)
    links = link(aliases, use_ids=use_ids, decisions=decisions, thresholds=thresholds,
                 warnings=report.link_warnings)
    if progress:
        progress("link aliases", len(aliases))
    report.relinked_aliases = len(aliases)
    members: Members | None = None
    if pools is None and not state.has_entities():  # a first ingest: the entities are all new
        members = {}
        for alias in aliases:  # in key order (`aliases_in`), as each entity's members are read back
            found = links.get(alias.key)
            if found is not None:
                members.setdefault(found.entity_id, (found.label, []))[1].append(alias)
    if pools is None:
        old = state.links_in()
    else:  # by the link's label: the link of an alias removed this run is found too
        old = state.links_with_labels(sorted({k for k in (*model.ENTITY_LABELS, *AGENT_KINDS) if pool(k) in pools}))
    return (*_store_links(state, links, old, report), members)


def _store_links(state: SyncState, links: dict[str, Link], old: dict[str, tuple[str, str, str]],
                 report: IngestReport) -> tuple[set[str], set[str]]:
    """Store the links that differ from `old` (the stored links of the aliases linked again; those
    without a link now are deleted). Returns (entities whose members or links changed, aliases whose
    entity or label changed)."""
    dirty_entities: set[str] = set()
    moved: set[str] = set()
    puts: list[tuple[str, str, str, str]] = []
    for key, ln in links.items():
        props = dumps({"score": ln.score, "method": ln.method, "evidence": ln.evidence, "status": ln.status})
        new = (ln.entity_id, ln.label, props)
        before = old.pop(key, None)
        if before == new:
            continue
        puts.append((key, *new))
        dirty_entities.add(ln.entity_id)
        if before is None or before[:2] != new[:2]:
            moved.add(key)
            if before is not None:
                dirty_entities.add(before[0])
                report.moved_aliases += 1
    state.put_links(puts)
    for key, before in old.items():  # aliases of these pools that no longer exist
        state.delete_link(key)
        dirty_entities.add(before[0])
        moved.add(key)
    state.add_pending("link", sorted([p[0] for p in puts] + list(old)))
    return dirty_entities, moved


def _members_of(state: SyncState, dirty: set[str], known: Members | None,
                ) -> Iterator[tuple[str, str, list[AliasInfo], tuple[str, str] | None]]:
    """(entity id, label, its aliases, stored (label, props) or None) of each of `dirty`, in id order:
    from `known` (a state without entities: nothing stored) or read from the state."""
    if known is None:
        for entity_id, label, members, before in state.entity_members(sorted(dirty)):
            yield entity_id, label, [AliasInfo.from_props(k, p) for k, p in members], before
        return
    for entity_id in sorted(dirty):
        label, members = known.get(entity_id, ("", []))
        yield entity_id, label, members, None


def _refresh_entities(state: SyncState, dirty: set[str], progress: Progress | None = None,
                      names: set[str] | None = None, known: Members | None = None) -> set[str]:
    """Recompute the properties of entities whose members changed; returns those that changed.
    `names`: gets the search keys of the names that appeared or disappeared (`_name_changes`);
    `known`: the entities' members, when linking has them and the state holds no entity yet."""
    changed: set[str] = set()
    puts: list[tuple[str, str, str]] = []
    new: list[str] = []
    for done, (entity_id, label, members, before) in enumerate(_members_of(state, dirty, known), 1):
        if progress and done % PROGRESS_STEP == 0:
            progress("entity properties", PROGRESS_STEP)
        if not members:
            if before is not None:
                state.delete_entity(entity_id)
                changed.add(entity_id)
                if names is not None:
                    names |= _name_changes(entity_id, before, None)
            continue
        props = {"id": entity_id, **entity_props(label, members)}
        text = dumps(props)
        if before != (label, text):
            puts.append((entity_id, label, text))
            changed.add(entity_id)
            if before is None:
                new.append(entity_id)
            if names is not None:
                names |= _name_changes(entity_id, before, (label, props))
    state.put_entities(puts)
    state.mark_new("entity", new)
    state.add_pending("entity", sorted(changed))
    return changed


def _name_changes(entity_id: str, before: tuple[str, str] | None, after: tuple[str, dict[str, Any]] | None) -> set[str]:
    """The search keys of the names an entity gave the text search before (label, stored props) and
    not now, or now and not before: the texts holding none of them find the same (graph.mentions)."""
    def surfaces(label: str, props: dict[str, Any]) -> set[tuple[str, str]]:
        if not props.get("name"):
            return set()  # an entity without a name is not searched for (graph.mentions.state_texts)
        entity = KnownEntity(entity_id, label, props["name"], tuple(props.get("names") or ()))
        # The rules the search uses (graph.mentions.find_hits: the defaults).
        return {(label, surface) for surface, reason in Gazetteer().surfaces(entity) if not reason}

    old = surfaces(before[0], loads(before[1])) if before is not None else set()
    new = surfaces(*after) if after is not None else set()
    return {search_key(surface) for _label, surface in old ^ new}


def _check_graph(store: GraphStore, state: SyncState) -> bool:
    """The state describes the graph beside it; if that graph is empty (a new data folder, a cleared
    Neo4j database), what the state remembers is gone and is forgotten too. False when the graph
    holds what the state does not know (a graph loaded before the state existed): nothing may then
    be CREATEd on the state's word that it is new."""
    empty_graph = not store.query("MATCH (n) RETURN n.id LIMIT 1").rows
    if state.is_empty():
        return empty_graph
    if empty_graph:
        state.reset()
        link_settings.forget(state)  # a new graph is linked as its first ingest says
    return True


@fewer_collections()
def ingest(
    inputs: list[Input],
    store: GraphStore | None,
    *,
    report_path: Path,
    batch_size: int = 5000,
    use_ids: bool | None = None,
    progress: Progress | None = None,
    decisions_file: Path | None = None,
    thresholds: Thresholds | None = None,
    extract: bool = False,
    append: bool = False,
    scopes: list[Path] | None = None,
    remove: list[tuple[str, list[str] | None]] | None = None,
    snapshot_sources: list[str] | None = None,
    relink: bool = False,
    state: SyncState | None = None,
    change_link_settings: bool = False,
) -> IngestReport:
    """Sync `inputs` into `store` (None: a dry run that reads, links and counts in memory).

    Each run is a snapshot of what it reads: records of the same files and folders (`scopes`,
    default the inputs' paths) that were not read again are removed, unless `append`; records of
    `snapshot_sources` not read again are removed too (a full harvest). `remove`
    takes out (source, ids) on purpose (ids None: the whole source). Curator decisions in
    `decisions_file` are applied whenever linking runs; `relink` links every alias again.
    `extract` runs the text-extraction stage for the records that need it (MENTIONS edges).
    """
    started = time.perf_counter()
    report = IngestReport(dry_run=store is None, rejected_report=str(report_path))
    decisions = load_decisions(decisions_file, report.link_warnings) if decisions_file else []
    report.decisions = len(decisions)
    own_state = state is None
    deferred_checkpoint = False
    if state is None:
        state = SyncState(":memory:" if store is None else state_path(store))
    try:
        known = _check_graph(store, state) if store is not None else False

        def prepare(into: SyncState, told: Progress | None) -> tuple[IngestReport, bool]:
            create = _prepare(inputs, into, report, known=known, started=started, report_path=report_path,
                              use_ids=use_ids, progress=told, decisions=decisions, thresholds=thresholds,
                              extract=extract and store is not None, append=append, scopes=scopes, remove=remove,
                              snapshot_sources=snapshot_sources, relink=relink, change_link_settings=change_link_settings)
            return report, create

        if store is not None and own_state and stage_process.wanted():
            # Read and link in a child that ends before the write (graph.stage_process): it opens the
            # state itself, so this process's connection is closed across the fork and opened after.
            path = state.path
            state.close()
            try:
                report, create_new = stage_process.run(lambda told: _in_own_state(path, prepare, told), progress,
                                                       meanwhile=_import_spacy if extract else None)
            finally:
                state = SyncState(path)
            deferred_checkpoint = True
        else:
            report, create_new = prepare(state, progress)
        if store is None:
            report.seconds = time.perf_counter() - started
            return report
        _write(store, state, report, create_new=create_new, batch_size=batch_size, progress=progress, extract=extract,
               checkpoint_log=deferred_checkpoint)
    finally:
        state.rollback()
        if own_state:
            state.close()
    report.seconds = time.perf_counter() - started
    return report


def _import_spacy() -> None:
    """While the child reads and links: the text search forks from this process after it, and so
    starts without spaCy's import (~0.8 s, most of a small re-sync's search)."""
    try:
        import spacy

        spacy.blank("en")  # loads the English language data the search's pipeline is built on
    except Exception:  # noqa: BLE001, S110 - the search itself reports a broken spaCy
        pass


def _in_own_state(path: str, prepare: Callable[[SyncState, Progress | None], Any], progress: Progress | None) -> Any:
    state = SyncState(path)
    state.defer_checkpoint()  # the ingest process checkpoints while it writes the graph (ingest)
    try:
        return prepare(state, progress)
    finally:
        state.close()


def _prepare(inputs: list[Input], state: SyncState, report: IngestReport, *, known: bool, started: float,
             report_path: Path, use_ids: bool | None, progress: Progress | None, decisions: list[Any],
             thresholds: Thresholds | None, extract: bool, append: bool, scopes: list[Path] | None,
             remove: list[tuple[str, list[str] | None]] | None, snapshot_sources: list[str] | None,
             relink: bool, change_link_settings: bool) -> bool:
    """The read and link stages, in one transaction of the state that ends committed with everything
    to write marked pending. Returns whether what is new may be CREATEd."""
    # How to link is the graph's own setting (graph.link_settings, kept in the state): the first
    # ingest stores what it is given (use_ids / thresholds None: not asked), later ones reuse it,
    # and only `change_link_settings` (`glamgraph link run` with other settings) changes it.
    chosen, write_settings = link_settings.resolve(link_settings.read(state), use_ids=use_ids,
                                                   thresholds=thresholds, change=change_link_settings)
    use_ids, thresholds = chosen.use_ids, chosen.thresholds
    report.link_settings = chosen.describe()
    report.resumed = state.pending_count()
    # CREATE what is new only when the graph is exactly what the state says: no interrupted run's
    # half-written keys (they are MERGEd again), no graph the state never knew.
    create_new = known and not report.resumed
    state.write_directly()  # a first ingest: no write-ahead log to copy afterwards
    state.begin()
    state.start_run()
    if write_settings:  # committed with the rest of this run's state, or not at all
        link_settings.write(state, chosen)
    first = state.is_empty()
    if first:  # a first ingest: its records' lookup indexes are built once they are all read
        state.defer_indexes()
    report_path.parent.mkdir(parents=True, exist_ok=True)
    with report_path.open("w", encoding="utf-8") as rejected_out:
        origins, broken = _read(inputs, state, report, rejected_out, progress)
    if first and progress:  # the bar shows its time running while the indexes are built
        progress("index records", 0)
    state.build_indexes()
    mark = _stage(report, "read", started)
    if not append and (inputs or scopes):
        # the inputs' own paths were resolved once by the read stage (its `origins`)
        scope = sorted({str(Path(p).resolve()) for p in scopes} if scopes is not None else origins)
        for rid in state.unseen_in(scope, broken):
            _count_removed(report, rid)
            state.delete_record(rid)
        state.drop_origins(scope, origins | broken)
    if snapshot_sources and not broken:
        for rid in state.unseen_of(snapshot_sources):
            _count_removed(report, rid)
            state.delete_record(rid)
    for source, ids in remove or ():
        for rid in state.records_of(source, ids):
            _count_removed(report, rid)
            state.delete_record(rid)
        if ids is None:
            state.drop_source_origins(source)
    places = PlacesAhead()  # the gazetteer's answers about them, worked out beside the linking
    changed_aliases, touched_aliases, was = _refresh_aliases(state, progress, places)
    places.start(len(touched_aliases))
    # The names that appear or disappear tell which texts to search again, when the graph's texts
    # were searched with the same rules before (else all are: _plan_extraction).
    names = set() if extract and state.get_setting("gazetteer") == _searched_with() else None
    try:
        dirty_entities = _link(state, report, changed_aliases, was, relink=relink, use_ids=use_ids,
                               decisions=decisions, thresholds=thresholds, progress=progress, names=names,
                               places=places)
    finally:
        places.stop()
    # Entity edges and summaries can only change at an entity a touched alias belongs to, or whose
    # links changed (graph.state.refresh_entity_edges).
    touched = dirty_entities | state.entities_linked(touched_aliases)
    if state.pending("record") or state.pending("link"):
        state.add_pending("entity_edge", state.refresh_entity_edges(
            model.ENTITY_RELATIONS, None if report.relinked == ["all"] else touched))
    state.add_pending("summary", [SUMMARISE_ALL] if report.relinked == ["all"] else sorted(touched))
    state.add_pending("institution", state.refresh_institutions())
    _plan_extraction(state, extract, names)
    report.entities = state.entity_counts()
    report.links_by_status = state.link_status_counts()
    report.aliases = state.alias_count()
    state.commit()
    _stage(report, "link", mark)
    return create_new


def _write(store: GraphStore, state: SyncState, report: IngestReport, *, create_new: bool, batch_size: int,
           progress: Progress | None, extract: bool, checkpoint_log: bool = False) -> None:
    """Write what the state holds pending, then the summaries; the pending list is cleared last, so a
    run that dies here is completed by the next one. `checkpoint_log`: the read-and-link process left
    the state's write-ahead log to copy (SyncState.defer_checkpoint); a thread copies it meanwhile."""
    mark = time.perf_counter()
    wrote = state.pending_count() > 0
    # The texts are searched (spaCy, in a second process) while the records, entities and links
    # are written: the search needs only the state; its MENTIONS are written after the rest.
    search = _start_search(state) if extract and state.pending("extract") else None
    # The summaries the pages read (graph/summaries.py) follow what changed: computed from the
    # state, written with the entities written anyway, set on the others where they differ. Those
    # of the entities written are computed ahead, in a process of their own, while the records are.
    summarise = summaries.StateSummaries(state, store) if wrote else None
    ahead = summarise.ahead(list(chunks(state.pending("entity"), batch_size))) if summarise is not None else None
    checkpointer = None
    if checkpoint_log:  # started after the forks: a process forked with threads may deadlock
        checkpointer = threading.Thread(target=checkpoint, args=(state.path,), name="glamgraph-checkpoint")
        checkpointer.start()
    try:
        _write_stages(store, state, report, create_new=create_new, batch_size=batch_size, progress=progress,
                      search=search, summarise=summarise, ahead=ahead, mark=mark)
    finally:
        if ahead is not None:
            ahead.close()
        if checkpointer is not None:
            checkpointer.join()


def _write_stages(store: GraphStore, state: SyncState, report: IngestReport, *, create_new: bool, batch_size: int,
                  progress: Progress | None, search: Any, summarise: summaries.StateSummaries | None,
                  ahead: summaries.Ahead | None, mark: float) -> None:
    # MENTIONS count in the record summaries: the entities the searched records mention before the
    # run rewrites them (removed records' go with them) and after.
    mentioned = _mentioned(store, state, report) if search is not None else set()
    every_mention = mentioned is None  # every entity MENTIONS point at before the search and after it
    if mentioned is None:
        mentioned = summaries.mentioned_entities(store)
    try:
        report.writes = write_pending(store, state, batch_size, progress, create_new=create_new,
                                      summarise=ahead or (summarise.of if summarise is not None else None),
                                      bulk=settings.bulk_load())
        mark = _stage(report, "write", mark)
        if search is not None:
            report.extraction = _extract(store, state, batch_size, progress, search)
            report.writes.add(WriteStats(**report.extraction["writes"]))
            mentioned |= (summaries.mentioned_entities(store) if every_mention
                          else _mentioned(store, state, report) or set())
            mark = _stage(report, "extract", mark)
    finally:
        if search is not None:
            search.close()
    if summarise is not None:
        wanted = state.pending("summary")
        written = set(state.pending("entity"))
        # A resumed run summarises every entity: the run it completes may have moved MENTIONS already.
        everything = SUMMARISE_ALL in wanted or bool(report.resumed)
        others = state.entity_ids_among(None) if everything else wanted
        stats, institutions_changed = summarise.write(e for e in others if e not in written)
        if mentioned:  # after the search: the MENTIONS it wrote count
            again, changed_again = summaries.StateSummaries(state, store).write(mentioned)
            stats.add(again)
            institutions_changed |= changed_again
        if everything or written or state.pending("institution") or institutions_changed:
            stats.add(summaries.refresh_pairs(store))
        report.writes.add(stats)
        _stage(report, "summaries", mark)
    state.begin()
    state.clear_pending()
    state.commit()


def _stage(report: IngestReport, name: str, since: float) -> float:
    now = time.perf_counter()
    report.stages[name] = now - since
    return now


def _count_removed(report: IngestReport, record_id: str) -> None:
    source = record_id.partition(":")[0]
    counts = report.sources.get(source)
    if counts is None:
        counts = report.sources.setdefault(source, SourceCounts(source, ""))
    counts.removed += 1


def _link(state: SyncState, report: IngestReport, changed_aliases: set[str], was: dict[str, str], *, relink: bool,
          use_ids: bool, decisions: list[Any], thresholds: Thresholds | None,
          progress: Progress | None = None, names: set[str] | None = None,
          places: PlacesAhead | None = None) -> set[str]:
    """Link again where it can change anything: the aliases changed aliases can reach
    (`graph.link.local`), else their pools, or everything when the linking settings or curator
    decisions changed (or decisions exist: they may span pools). Returns the entities whose
    members or links changed."""
    # the linking code too: aliases an older glamgraph linked are linked again by this one's rules
    settings_now = dumps({"use_ids": use_ids, "thresholds": asdict(thresholds or Thresholds()),
                          "decisions": [asdict(d) for d in decisions], "code": code_version.LINKING})
    full = relink or bool(decisions) or state.get_setting("link_settings") != settings_now
    if full:
        pools: set[str] | None = None
    else:
        kinds = {key: loads(p).get("kind", "Person") for key, p in state.alias_props(sorted(changed_aliases)).items()}
        pools = {pool(k) for k in kinds.values()}
        # A removed alias is gone from the state; the pool of its old entity is linked again.
        gone = [key for key in changed_aliases if key not in kinds]
        for _entity, label, _props in state.links_in(gone).values():
            pools.add(pool(label))
        if not pools:
            state.set_setting("link_settings", settings_now)
            return set()
        if pools & COUPLED_POOLS:  # a subject term may join a person or a place (graph.link.subject_terms)
            pools |= COUPLED_POOLS
    local = None
    if pools is not None and pools <= COUPLED_POOLS:
        aliases = {key: AliasInfo.from_props(key, props) for key, props in state.aliases_in(COUPLED_POOLS)}
        old = state.link_targets()
        before = {key: AliasInfo.from_props(key, loads(props)) for key, props in was.items()}
        local = local_links(aliases, changed_aliases, old, before, use_ids=use_ids, thresholds=thresholds,
                            warnings=report.link_warnings)
    if local is not None:
        keys, links = local
        report.relinked = sorted({pool(ln.label) for ln in links.values()} | {pool(old[k][1]) for k in keys if k in old})
        report.relinked_aliases = len(keys)
        dirty_entities, moved = _store_links(state, links, state.links_in(keys), report)
        known = None
    else:
        report.relinked = sorted(pools) if pools is not None else ["all"]
        dirty_entities, moved, known = _link_pools(state, pools, report, use_ids=use_ids, decisions=decisions,
                                                   thresholds=thresholds, progress=progress)
    # An alias's own properties feed its entity's properties (one query for all: a first ingest changes every alias).
    dirty_entities.update(state.entities_linked(changed_aliases))
    if places is not None and any(entity.startswith(model.entity_id("Place", "")) for entity in dirty_entities):
        places.prime()  # only a Place's properties look anything up in the gazetteer
    _refresh_entities(state, dirty_entities, progress, names, known)
    del known
    # The field edges of the records naming an alias whose link moved are written again. An alias
    # new to the state is named only by records this run stored, which are written whole anyway
    # (on a first ingest: every alias, and a query of every mention saved).
    state.add_pending("record_edges", state.records_mentioning(sorted(key for key in moved
                                                                      if key in was or key not in changed_aliases)))
    state.set_setting("link_settings", settings_now)
    return dirty_entities


# What the texts were last searched with, kept in the state: another value (another spaCy model,
# other rules, no search since the last run without extraction) means every text is searched again.
# Bump the version when the rules (ingest.extract.Rules) or search keys change.
SEARCH_VERSION = "names-1"


def _searched_with() -> str:
    return f"{SEARCH_VERSION} {settings.spacy_model() or ''}"


def _plan_extraction(state: SyncState, extract: bool, names: set[str] | None) -> None:
    """Which records' MENTIONS are found again: the records written again (new, changed, or with a
    field edge that moved) and those whose texts hold a name that appeared or disappeared (`names`:
    their search keys); every record when the texts were not searched with the same rules before
    (`names` None)."""
    if not extract:
        state.set_setting("gazetteer", None)  # MENTIONS may go stale: the next extracting run does all
        return
    if names is None:
        state.set_setting("gazetteer", _searched_with())
        state.add_pending("extract", [EXTRACT_ALL])
        return
    state.add_pending("extract", state.pending("record"))
    state.add_pending("extract", state.pending("record_edges"))
    if names:
        from graph.mentions import records_naming

        state.add_pending("extract", records_naming(state, names))


# Above this many records searched again, the summaries are all refreshed instead of looking up
# what those records mention (a refresh costs about the same per entity either way).
MENTIONED_LOOKUP = 100_000


def _mentioned(store: GraphStore, state: SyncState, report: IngestReport) -> set[str] | None:
    """The entities the records whose texts are searched again mention in the graph now; None when
    every summary is refreshed instead: all texts searched, more than MENTIONED_LOOKUP records, or a
    resumed run (the one it completes may have rewritten MENTIONS already)."""
    ids = _extraction_ids(state)
    if ids is None or report.resumed or len(ids) > MENTIONED_LOOKUP:
        return None
    found: set[str] = set()
    for chunk in chunked(ids, 5000):
        found.update(row[0] for row in store.query(statements.MENTIONED_BY, {"ids": list(chunk)}).rows)
    return found


def _extraction_ids(state: SyncState) -> list[str] | None:
    wanted = state.pending("extract")
    return None if EXTRACT_ALL in wanted else wanted


def _start_search(state: SyncState) -> Any:
    from graph.mentions import start_search

    return start_search(state, _extraction_ids(state), model_name=settings.spacy_model())


def _extract(store: GraphStore, state: SyncState, batch_size: int, progress: Progress | None,
             search: Any = None) -> dict[str, Any]:
    from graph.mentions import extract_records

    found = extract_records(store, state, _extraction_ids(state), model_name=settings.spacy_model(),
                            batch_size=batch_size, progress=progress, search=search)
    return asdict(found)


# --- in memory, for measuring linking (tests and benchmarks) ------------------------------------------
@dataclass
class _Collected:
    institutions: dict[str, Institution] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    aliases: dict[str, AliasInfo] = field(default_factory=dict)
    record_edges: list[tuple[str, str, Mention]] = field(default_factory=list)  # (record id, relation, mention)
    entity_edges: set[tuple[str, str, str]] = field(default_factory=set)  # (relation, alias, alias)


def _collect_mention(collected: _Collected, mention: Mention, source: str, institution: str) -> None:
    existing = collected.aliases.get(mention.alias_key)
    if existing is None:
        collected.aliases[mention.alias_key] = AliasInfo.from_mention(mention, source, institution)
    else:
        existing.absorb(mention)
    for relation, target in mention.links:
        _collect_mention(collected, target, source, institution)
        collected.entity_edges.add((relation, mention.alias_key, target.alias_key))


@lru_cache(maxsize=64)
def _folder_and_name(file: str) -> str:
    """'folder/name' of a record's file (records of one file share it: one Path per file, not per record)."""
    path = Path(file)
    return f"{path.parent.name}/{path.name}"


def _keep_apart(record: Record | ReadRecord, seen: dict[str, tuple[str, str]], content: str) -> bool:
    """Give a record a different id when another record of its source already has its id; False
    when it is the same record read again (another file or envelope with the same content).

    Catalogues reuse control numbers (LC's conversion test files all start at 001 "1"), so a
    second record with an id already read in this run and other content is a different record:
    it loads, kept apart by file and position ("1@ConvSpec-250-270/marc.xml#3"), with a warning;
    nothing is merged. The same inputs in the same order give the same ids (a re-run is idempotent)."""
    where = f"{_folder_and_name(record.file)}#{record.position}" if record.file else f"#{record.position}"
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
    """Every record and alias of `inputs` in memory (no state, no graph): what linking measurements need."""
    collected = _Collected()
    seen: dict[str, tuple[str, str]] = {}
    for item in inputs:
        source, institution = item.resolved()
        collected.institutions[institution.id] = institution
        counts = report.sources.setdefault(source, SourceCounts(source, institution.id))
        counts.files += 1
        for result in item.records():
            counts.read += 1
            if isinstance(result, Rejected):
                counts.rejected += 1
                _report_line(rejected_out, source, asdict(result))
                continue
            counts.loaded += 1
            if result.is_authority:
                counts.authorities += 1
            elif not _keep_apart(result, seen, _content(result)):
                counts.same_record += 1
            counts.warnings += len(result.warnings)
            if not result.is_authority:
                collected.records.append({"key": result.id, "domain": result.domain, "props": record_props(result)})
            for mention in result.mentions:
                _collect_mention(collected, mention, source, institution.id)
                if mention.relation in model.RECORD_RELATIONS and not result.is_authority:
                    collected.record_edges.append((result.id, mention.relation, mention))
    return collected

