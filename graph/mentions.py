"""The extraction stage: record texts and entity names from the store -> MENTIONS edges.

Reads what is already loaded (records' titles and descriptions, canonical entity names, the
entities each record already names in a field), runs `ingest.extract`, and writes the hits
through the loader: `MERGE (r)-[:MENTIONS {key}]->(e)` in UNWIND batches, then removes the
MENTIONS of processed records that the new run did not find. A second run changes nothing.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, astuple, dataclass, field
from typing import Any

from graph import model, statements
from graph.children import die_with_parent
from graph.loader import Loader
from graph.state import SyncState, loads
from graph.statements import READ_FIELD_LINKS, READ_RECORD_TEXTS, TEXT_FIELDS, read_entities
from graph.store import GraphStore, WriteStats
from ingest.extract import Gazetteer, Hit, KeySearch, KnownEntity, Rules, TextItem, build_nlp, extract


@dataclass
class ExtractionReport:
    records: int = 0
    texts: int = 0
    patterns: int = 0
    hits: int = 0
    by_label: dict[str, int] = field(default_factory=dict)
    by_method: dict[str, int] = field(default_factory=dict)
    cross_institution: int = 0  # hits to entities catalogued by another institution than the record's
    dropped_names: dict[str, int] = field(default_factory=dict)
    model: str | None = None
    patterns_in_texts: int = 0  # the patterns that can match in the texts searched: the ruler's
    rules_seconds: float = 0.0  # finding those and building the ruler
    seconds: float = 0.0
    texts_per_second: float = 0.0
    writes: WriteStats = field(default_factory=WriteStats)


@dataclass
class StoreTexts:
    items: list[TextItem]
    institution: dict[str, str]  # record id -> institution
    entities: list[KnownEntity]
    # entity ids -> the institutions with an alias for each (asked for the entities found, after the search)
    catalogued_by: Callable[[list[str]], dict[str, set[str]]]
    field_links: set[tuple[str, str]]  # (record id, entity id) named in a field


def read_store(store: GraphStore, fields: tuple[str, ...] = TEXT_FIELDS) -> StoreTexts:
    items: list[TextItem] = []
    institution: dict[str, str] = {}
    for row in store.query(READ_RECORD_TEXTS).records():
        institution[row["id"]] = row["institution"]
        for name in fields:
            text = row.get(name)
            if text and str(text).strip():
                items.append(TextItem(row["id"], name, str(text)))
    entities: list[KnownEntity] = []
    catalogued_by: dict[str, set[str]] = {}
    for label in model.ENTITY_LABELS:
        for row in store.query(read_entities(label)).records():
            if not row["name"]:
                continue
            entities.append(KnownEntity(row["id"], label, row["name"], tuple(row["names"] or ())))
            catalogued_by[row["id"]] = {i for i in row["institutions"] or () if i}
    links = {(r[0], r[1]) for r in store.query(READ_FIELD_LINKS).rows}
    return StoreTexts(items, institution, entities, lambda _ids: catalogued_by, links)


def state_texts(state: SyncState, ids: list[str] | None, fields: tuple[str, ...] = TEXT_FIELDS) -> StoreTexts:
    """The same inputs as `read_store`, from the sync state instead of the graph: the texts of
    `ids` (None: every record), every entity's names, and the entities those records name in a field."""
    items: list[TextItem] = []
    institution: dict[str, str] = {}
    for rid, inst, props in state.texts(ids):
        institution[rid] = inst or ""
        for name in fields:
            text = props.get(name)
            if text and str(text).strip():
                items.append(TextItem(rid, name, str(text)))
    entities = [KnownEntity(eid, label, name, tuple(loads(names) if names else ()))
                for eid, label, name, names in state.entity_names() if name]
    links = state.field_links(None if ids is None else sorted(institution))
    return StoreTexts(items, institution, entities, state.entity_institutions, links)


def records_naming(state: SyncState, keys: set[str], fields: tuple[str, ...] = TEXT_FIELDS) -> list[str]:
    """The records whose texts hold one of the search keys (`ingest.extract.search_key`): when known
    names appear or disappear, only these can find anything else (`graph.build._plan_extraction`)."""
    search = KeySearch(keys)
    return [rid for rid, *texts in state.text_values(fields)
            if any(text is not None and search.any_in(str(text)) for text in texts)]


def extract_into(
    store: GraphStore,
    *,
    model_name: str | None = None,
    rules: Rules | None = None,
    batch_size: int = 5000,
    nlp_batch_size: int = 1000,
    n_process: int = 1,
    progress: Callable[[str, int], None] | None = None,
) -> ExtractionReport:
    """Find known names in every record's text and write them as MENTIONS edges."""
    return extract_texts(store, read_store(store), model_name=model_name, rules=rules, batch_size=batch_size,
                         nlp_batch_size=nlp_batch_size, n_process=n_process, progress=progress)


def extract_records(store: GraphStore, state: SyncState, ids: list[str] | None, *, model_name: str | None = None,
                    batch_size: int = 5000, progress: Callable[[str, int], None] | None = None,
                    search: Search | None = None) -> ExtractionReport:
    """The sync run's MENTIONS stage: only the records `ids` (None: all), inputs from the state.
    `search`: the same records' search already started (`start_search`) while the run wrote the rest."""
    search = search or Search(state, ids, model_name, background=False)
    hits, report, records = search.result(progress)
    return write_hits(store, records, hits, report, batch_size=batch_size, progress=progress)


def start_search(state: SyncState, ids: list[str] | None, *, model_name: str | None = None) -> Search:
    """Start searching the texts of `ids` (None: all) in a forked process, from what the state holds
    now: the run writes the records, entities and links to the graph meanwhile (the search needs
    none of that; the MENTIONS it finds are written after them, by `extract_records`)."""
    return Search(state, ids, model_name, background=True)


def extract_texts(
    store: GraphStore,
    data: StoreTexts,
    *,
    model_name: str | None = None,
    rules: Rules | None = None,
    batch_size: int = 5000,
    nlp_batch_size: int = 1000,
    n_process: int = 1,
    progress: Callable[[str, int], None] | None = None,
) -> ExtractionReport:
    """Find known names in the texts of `data` and make the MENTIONS of its records exactly the hits."""
    hits, report = find_hits(data, model_name=model_name, rules=rules, nlp_batch_size=nlp_batch_size,
                             n_process=n_process, progress=progress)
    return write_hits(store, sorted(data.institution), hits, report, batch_size=batch_size, progress=progress)


def find_hits(
    data: StoreTexts,
    *,
    model_name: str | None = None,
    rules: Rules | None = None,
    nlp_batch_size: int = 1000,
    n_process: int = 1,
    progress: Callable[[str, int], None] | None = None,
) -> tuple[list[Hit], ExtractionReport]:
    """The hits in the texts of `data` and the report of finding them (nothing written)."""
    started = time.perf_counter()
    # Known names in a fixed order, so the gazetteer never depends on the order a store returns them.
    data.entities.sort(key=lambda e: e.id)
    gazetteer = Gazetteer.build(data.entities, rules)
    building = time.perf_counter()
    # The ruler holds only the names these texts can contain (the same hits, built in a fraction
    # of the time: ingest.extract.Gazetteer.found_in).
    in_texts, holds = gazetteer.found_in_each(item.text for item in data.items)
    nlp = build_nlp(in_texts, model_name)
    # Without a model only the ruler finds spans, and only in a text that holds one of its names'
    # keys: the other texts (12,005 of the demo's 26,280) skip the pipeline (tests/test_extract_names.py).
    searched = data.items if model_name else [item for item, held in zip(data.items, holds, strict=True) if held]
    report = ExtractionReport(records=len({i.record_id for i in data.items}), texts=len(data.items),
                              patterns=gazetteer.size, patterns_in_texts=in_texts.size,
                              dropped_names=dict(gazetteer.dropped), model=model_name,
                              rules_seconds=round(time.perf_counter() - building, 3))

    def tick(n: int) -> None:
        if progress:
            progress("extract texts", n)

    extracting = time.perf_counter()
    tick(len(data.items) - len(searched))
    hits = list(extract(searched, nlp, gazetteer, skip=lambda r, e: (r, e) in data.field_links,
                        batch_size=nlp_batch_size, n_process=n_process, progress=tick))
    report.texts_per_second = len(data.items) / max(time.perf_counter() - extracting, 1e-9)
    report.hits = len(hits)
    report.by_label = dict(Counter(h.label for h in hits))
    report.by_method = dict(Counter(h.method for h in hits))
    catalogued_by = data.catalogued_by(sorted({h.entity_id for h in hits}))
    report.cross_institution = sum(
        1 for h in hits if catalogued_by.get(h.entity_id, set()) - {data.institution.get(h.record_id)}
    )
    report.seconds = time.perf_counter() - started
    return hits, report


def write_hits(store: GraphStore, records: list[str], hits: list[Hit], report: ExtractionReport, *,
               batch_size: int = 5000, progress: Callable[[str, int], None] | None = None) -> ExtractionReport:
    """Make the MENTIONS of `records` (the ids searched, in order) exactly `hits`."""
    started = time.perf_counter()
    load = Loader(store, batch_size, progress, pipelined=True)
    try:
        keep: dict[str, list[str]] = defaultdict(list)
        for label in model.ENTITY_LABELS:
            rows = list(mention_rows(hits, label))
            for row in rows:
                keep[row["record"]].append(f"{row['entity']}|{row['key']}")
            load.send("MENTIONS edges", statements.record_edges("MENTIONS", label), rows)
        load.send("stale MENTIONS", statements.delete_stale_mentions(), (
            {"record": record_id, "keep": keep.get(record_id, [])} for record_id in records
        ))
        report.writes = load.finish()
    finally:
        load.abandon()
    report.seconds += time.perf_counter() - started
    return report


class Search:
    """Finding the hits in the texts of the state's records `ids` (None: all), as `find_hits` does
    with the default rules: in a forked process when `background` (and the platform forks), else
    when the result is asked for.

    The child reads the state through its own connection (the parent writes nothing to the state
    until it has the result), shares the parent's memory copy-on-write, and sends back only the
    hits, the report and the ids searched, as JSON; it never touches the graph. If it fails for any
    reason the search runs again here, so a real error (an uninstalled model) surfaces as it would."""

    def __init__(self, state: SyncState, ids: list[str] | None, model_name: str | None, *, background: bool) -> None:
        self.state, self.ids, self.model_name = state, ids, model_name
        self._process: Any = None
        self._receive: Any = None
        if background and state.path != ":memory:" and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=self._run_child, args=(send,), daemon=True)
            self._process.start()
            send.close()

    def _search_here(self, state: SyncState, progress: Callable[[str, int], None] | None = None,
                     ) -> tuple[list[Hit], ExtractionReport, list[str]]:
        data = state_texts(state, self.ids)
        hits, report = find_hits(data, model_name=self.model_name, progress=progress)
        return hits, report, sorted(data.institution)

    def _run_child(self, send: Any) -> None:
        # An interrupt is the parent's to handle (it stops this child); any failure here only means
        # the parent searches itself, so nothing is printed.
        die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # terminated, it ends (not the parent's SystemExit)
        try:
            state = SyncState(self.state.path)  # never the parent's connection
            try:
                hits, report, records = self._search_here(state)
            finally:
                state.close()
            send.send_bytes(json.dumps({"hits": [astuple(h) for h in hits], "report": asdict(report),
                                        "records": records}).encode())
        except Exception:  # noqa: BLE001, S110 - the parent sees no answer and searches again itself
            pass
        finally:
            send.close()

    def result(self, progress: Callable[[str, int], None] | None = None,
               ) -> tuple[list[Hit], ExtractionReport, list[str]]:
        """(hits, report, ids of the records searched); waits for the child when there is one."""
        found = self._collect()
        if found is None:
            return self._search_here(self.state, progress)
        if progress and found[1].texts:
            progress("extract texts", found[1].texts)  # the child's progress, counted when it is in
        return found

    def _collect(self) -> tuple[list[Hit], ExtractionReport, list[str]] | None:
        if self._process is None:
            return None
        try:
            payload = json.loads(self._receive.recv_bytes())
        except (EOFError, OSError, ValueError):
            return None  # the child ended without an answer: search here
        finally:
            self.close()
        report = payload["report"]
        report.pop("writes", None)
        return [Hit(*h) for h in payload["hits"]], ExtractionReport(**report), payload["records"]

    def close(self) -> None:
        """Stop the child if it still runs (the run failed or was interrupted before the result)."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()
        self._process = None


def mention_rows(hits: list[Hit], label: str) -> Iterator[dict[str, Any]]:
    """One edge per record, entity and text field; the first hit in that field gives the snippet."""
    seen: set[tuple[str, str, str]] = set()
    for h in hits:
        if h.label != label or (h.record_id, h.entity_id, h.field) in seen:
            continue
        seen.add((h.record_id, h.entity_id, h.field))
        yield {"record": h.record_id, "entity": h.entity_id, "key": f"text:{h.field}",
               "props": {"method": h.method, "score": h.score, "snippet": h.snippet, "as_written": h.text,
                         "source_field": h.field}}
