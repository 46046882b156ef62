"""Score the graph's person links against ground truth (`person_authority_ids.csv` format).

Columns: source, record_id, name, authority_ids ("ulan:500...;wd:Q..."), entity_cluster_key.
Two records are one person iff they share `entity_cluster_key`. Pairwise over records with
at least one authority id, cross-source pairs only. A linked pair in different clusters is a
false positive only when the two records have an id scheme in common; otherwise the truth is
unknown: it is left out of precision and counted. Truth pairs whose records disagree badly
(very different names, or life dates far apart) are listed as suspected source-id errors.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler

from ingest.normalise import fold

# Ground-truth source name -> alias key of one of its person records.
ALIAS_KEY_FORMS = {
    "moma": "moma:constituent:{}",
    "nga": "nga:constituent:{}",
    "tate": "tate:artist:{}",
    "aic": "aic:agent:{}",
    "la_moma_exh": "la_moma_exh:person:{}",
    "cmoa": "cmoa:party:{}",
}


class TruthError(ValueError):
    pass


@dataclass(frozen=True)
class TruthRow:
    source: str
    record_id: str
    name: str
    schemes: frozenset[str]
    cluster: str
    key: str | None = None  # the graph's alias key for this record, once found (`resolve_keys`)

    @property
    def alias_key(self) -> str:
        if self.key:
            return self.key
        form = ALIAS_KEY_FORMS.get(self.source, self.source + ":{}")
        return form.format(self.record_id)


@dataclass(frozen=True)
class GraphLink:
    """What the graph says about one alias."""

    entity: str
    name: str
    birth_year: int | None = None
    death_year: int | None = None
    score: float | None = None
    method: str | None = None
    evidence: str | None = None
    status: str | None = None


@dataclass
class Truth:
    rows: list[TruthRow]  # rows with at least one authority id (the others cannot be scored)
    sources: list[str]  # every source the file names

    @property
    def sources_without_ids(self) -> list[str]:
        scored = {r.source for r in self.rows}
        return [s for s in self.sources if s not in scored]


def read_truth(path: Path) -> Truth:
    """The ground truth file; a missing file or column is an error naming it."""
    if not path.exists():
        raise TruthError(f"{path}: no such file")
    rows: list[TruthRow] = []
    sources: set[str] = set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"source", "record_id", "authority_ids", "entity_cluster_key"} - set(reader.fieldnames or [])
        if missing:
            raise TruthError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            sources.add(row["source"].strip())
            ids = [i for i in (row["authority_ids"] or "").split(";") if i.strip()]
            if not ids:
                continue
            schemes = frozenset(i.partition(":")[0].strip() for i in ids)
            rows.append(TruthRow(row["source"].strip(), row["record_id"].strip(), row.get("name") or "",
                                 schemes, row["entity_cluster_key"].strip()))
    return Truth(rows, sorted(sources))


@dataclass
class PairCounts:
    source_a: str
    source_b: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    unknown: int = 0  # linked, different clusters, no id scheme in common: truth unknown
    truth_pairs: int = 0
    suspect_pairs: int = 0  # truth pairs that look like a source error (see `_suspect`)
    suspect_found: int = 0  # ... of which the graph links

    def add_truth(self, found: bool, suspect: bool) -> None:
        self.truth_pairs += 1
        self.tp += found
        self.fn += not found
        self.suspect_pairs += suspect
        self.suspect_found += found and suspect

    def figures(self) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / self.truth_pairs if self.truth_pairs else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        clean = self.truth_pairs - self.suspect_pairs
        recall_clean = (self.tp - self.suspect_found) / clean if clean else None
        return {"source_a": self.source_a, "source_b": self.source_b,
                "precision": _round(precision), "recall": _round(recall), "f1": _round(f1),
                "recall_without_suspected_source_errors": _round(recall_clean),
                "suspected_source_error_pairs": self.suspect_pairs,
                "true_positives": self.tp, "false_positives": self.fp, "false_negatives": self.fn,
                "unknown_truth_pairs": self.unknown, "truth_pairs": self.truth_pairs}


@dataclass
class Evaluation:
    overall: PairCounts
    pairs: list[PairCounts]
    loaded: dict[str, int]  # source -> truth records found in the graph
    not_loaded: list[str]  # sources with scorable truth rows but none of their records in the graph
    without_ids: list[str]  # sources whose truth rows carry no authority id (cannot be scored)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    source_id_errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"overall": self.overall.figures(), "pairs": [p.figures() for p in self.pairs],
                "records_in_graph": self.loaded, "not_loaded": self.not_loaded,
                "sources_without_ids": self.without_ids,
                "worst_false_positives": self.false_positives, "worst_false_negatives": self.false_negatives,
                "suspected_source_id_errors": self.source_id_errors}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def resolve_keys(rows: list[TruthRow], graph: dict[str, GraphLink]) -> list[TruthRow]:
    """Find each truth record's alias in the graph by source and record id: a preset's key form
    (`moma:constituent:12`), or any alias `<source>:<kind>:<record id>` (a mapped authority file:
    `partner:person:CH-1`) or `<source>:<record id>`."""
    index: dict[tuple[str, str], str] = {}
    for key in graph:
        source, _, rest = key.partition(":")
        index.setdefault((source, rest), key)
        index.setdefault((source, rest.partition(":")[2]), key)
    out = []
    for row in rows:
        if row.alias_key in graph:
            out.append(row)
            continue
        found = index.get((row.source, row.record_id))
        out.append(replace(row, key=found) if found else row)
    return out


def auto_only(graph: dict[str, GraphLink]) -> dict[str, GraphLink]:
    """The graph as if links in the review band were not made: each such alias on its own."""
    return {k: replace(g, entity=f"unlinked:{k}") if g.status == "review" else g for k, g in graph.items()}


def evaluate(truth: Truth, graph: dict[str, GraphLink], *, show: int = 10) -> Evaluation:
    rows = resolve_keys(truth.rows, graph)
    sources = truth.sources
    present = [r for r in rows if r.alias_key in graph]
    loaded = {s: sum(1 for r in present if r.source == s) for s in sources}
    without_ids = truth.sources_without_ids
    not_loaded = [s for s in sources if not loaded[s] and s not in without_ids]
    in_graph = sorted({r.source for r in present})
    counts = {pair: PairCounts(*pair) for pair in combinations(in_graph, 2)}
    overall = PairCounts("all", "all")

    truth_pairs: set[tuple[TruthRow, TruthRow]] = set()
    by_cluster: dict[str, list[TruthRow]] = defaultdict(list)
    for r in present:
        by_cluster[r.cluster].append(r)
    for members in by_cluster.values():
        truth_pairs.update(_cross_pairs(members))
    linked_pairs: set[tuple[TruthRow, TruthRow]] = set()
    by_entity: dict[str, list[TruthRow]] = defaultdict(list)
    for r in present:
        by_entity[graph[r.alias_key].entity].append(r)
    for members in by_entity.values():
        linked_pairs.update(_cross_pairs(members))

    fps, fns, errors = [], [], []
    for a, b in sorted(truth_pairs, key=lambda p: (p[0].alias_key, p[1].alias_key)):
        found = (a, b) in linked_pairs
        described = _describe(a, b, graph)
        suspect = _suspect(described)
        if suspect:
            errors.append(described)
        if not found:
            fns.append(described)
        for c in (counts[(a.source, b.source)], overall):
            c.add_truth(found, suspect)
    for a, b in linked_pairs - truth_pairs:
        c = counts[(a.source, b.source)]
        if a.schemes & b.schemes:
            c.fp += 1
            overall.fp += 1
            fps.append(_describe(a, b, graph))
        else:
            c.unknown += 1
            overall.unknown += 1
    for d in fps:
        d["kind"] = "false positive"
    fps.sort(key=lambda d: (-(d["score"] or 0), d["a"]["key"], d["b"]["key"]))
    fns.sort(key=lambda d: (-d["name_similarity"], d["a"]["key"], d["b"]["key"]))
    errors += [d for d in fps if _same_looking(d)]
    errors.sort(key=lambda d: (d["name_similarity"], d["a"]["key"]))
    return Evaluation(overall, [counts[p] for p in sorted(counts)], loaded, not_loaded, without_ids,
                      fps[:show], fns[:show], errors)


def _cross_pairs(members: list[TruthRow]) -> Iterable[tuple[TruthRow, TruthRow]]:
    ordered = sorted(members, key=lambda r: (r.source, r.record_id))
    for a, b in combinations(ordered, 2):
        if a.source != b.source:
            yield (a, b)


def _describe(a: TruthRow, b: TruthRow, graph: dict[str, GraphLink]) -> dict[str, Any]:
    ga, gb = graph[a.alias_key], graph[b.alias_key]
    side = {}
    for name, row, g in (("a", a, ga), ("b", b, gb)):
        side[name] = {"key": row.alias_key, "name": g.name or row.name, "born": g.birth_year, "died": g.death_year,
                      "entity": g.entity, "truth_cluster": row.cluster, "method": g.method, "score": g.score,
                      "evidence": g.evidence}
    scores = [s for s in (ga.score, gb.score) if s is not None]
    return {**side, "score": min(scores) if scores else None,
            "name_similarity": round(JaroWinkler.similarity(fold(side["a"]["name"]), fold(side["b"]["name"])), 3)}


def _suspect(pair: dict[str, Any]) -> bool:
    """The same id on records that look like two people: no name word in common, or life dates > 10 years apart."""
    a, b = pair["a"], pair["b"]
    dates_apart = any(a[k] and b[k] and abs(a[k] - b[k]) > 10 for k in ("born", "died"))
    no_common_word = not set(fold(a["name"]).split()) & set(fold(b["name"]).split())
    if dates_apart or no_common_word:
        pair["reason"] = "one id on two records whose " + ("life dates differ" if dates_apart else "names share no word")
        return True
    return False


def _same_looking(pair: dict[str, Any]) -> bool:
    """Different ids on records with the same name and the same life dates: probably one person."""
    a, b = pair["a"], pair["b"]
    if fold(a["name"]) == fold(b["name"]) and a["born"] and a["born"] == b["born"] and a["died"] == b["died"]:
        pair["reason"] = "different ids on records with the same name and life dates"
        return True
    return False


def graph_links(store: Any) -> dict[str, GraphLink]:
    """Every alias in the graph with its entity and link (the named query `alias_links`)."""
    import queries

    named = queries.get("alias_links")
    result = store.query(named.text(store.engine), named.bind({}))
    return {
        r["alias"]: GraphLink(r["entity"], r["alias_text"] or "", r["birth_year"], r["death_year"], r["score"],
                              r["method"], r["evidence"], r["status"])
        for r in result.records()
    }
