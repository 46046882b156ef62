"""Scoring extraction against the hand-marked gold set (tests/gold/extraction.jsonl).

Each gold line: {"id", "source" (file under the sample folder), "record_id", "text", "entities":
[{"start", "end", "label", "text"}]} with labels Person / Organization / Place. A predicted span
counts as right only when its start, end and label all equal a gold span's (exact match, the
CoNLL convention); themes are not scored (they are concepts, not named entities, and the gold
set does not mark them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.extract import Gazetteer, KnownEntity, Span, build_nlp, doc_spans

SCORED_LABELS = ("Person", "Organization", "Place")


@dataclass(frozen=True)
class GoldSentence:
    id: str
    source: str
    record_id: str
    text: str
    entities: tuple[tuple[int, int, str], ...]


def load_gold(path: Path) -> list[GoldSentence]:
    """Read the gold set; a line whose offsets do not match its text is an error naming the line."""
    sentences = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            spans = []
            for e in row["entities"]:
                if row["text"][e["start"]:e["end"]] != e["text"] or e["label"] not in SCORED_LABELS:
                    raise ValueError(f"{path}, line {number} ({row['id']}): bad entity {e}")
                spans.append((e["start"], e["end"], e["label"]))
            sentences.append(GoldSentence(row["id"], row["source"], row["record_id"], row["text"], tuple(spans)))
    return sentences


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def score(gold: Iterable[Iterable[tuple[int, int, str]]], predicted: Iterable[Iterable[tuple[int, int, str]]]
          ) -> dict[str, Counts]:
    """Exact-match counts per label and "overall", sentence by sentence."""
    counts = {label: Counts() for label in (*SCORED_LABELS, "overall")}
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        g = {s for s in gold_spans if s[2] in SCORED_LABELS}
        p = {s for s in predicted_spans if s[2] in SCORED_LABELS}
        for label in SCORED_LABELS:
            gl, pl = {s for s in g if s[2] == label}, {s for s in p if s[2] == label}
            counts[label].tp += len(gl & pl)
            counts[label].fp += len(pl - gl)
            counts[label].fn += len(gl - pl)
        counts["overall"].tp += len(g & p)
        counts["overall"].fp += len(p - g)
        counts["overall"].fn += len(g - p)
    return counts


def predict(nlp, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(s.start, s.end, s.label) for s in doc_spans(doc)] for doc in nlp.pipe(texts, batch_size=256)]


def evaluate_methods(gold: list[GoldSentence], entities: list[KnownEntity], model: str | None
                     ) -> dict[str, dict[str, dict[str, float | int]] | str]:
    """Scores of: the name ruler alone, the model alone, and both (model runs skipped, with the
    reason, when the model is not installed)."""
    gazetteer = Gazetteer.build(entities)
    texts = [g.text for g in gold]
    gold_spans = [g.entities for g in gold]
    results: dict[str, dict[str, dict[str, float | int]] | str] = {}
    pipelines: list[tuple[str, Gazetteer | None, str | None]] = [("names", gazetteer, None)]
    if model:
        pipelines += [(f"model {model}", None, model), (f"names + model {model}", gazetteer, model)]
    for name, gaz, model_name in pipelines:
        try:
            nlp = build_nlp(gaz, model_name)
        except ValueError as exc:
            results[name] = f"skipped: {exc}"
            continue
        counts = score(gold_spans, predict(nlp, texts))
        results[name] = {label: c.as_dict() for label, c in counts.items()}
    return results


def format_scores(results: dict[str, dict[str, dict[str, float | int]] | str]) -> str:
    lines = []
    for method, by_label in results.items():
        lines.append(f"\n{method}")
        if isinstance(by_label, str):
            lines.append(f"  {by_label}")
            continue
        lines.append(f"  {'type':<13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
        for label, c in by_label.items():
            lines.append(f"  {label:<13} {c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f} "
                         f"{c['tp']:>5} {c['fp']:>5} {c['fn']:>5}")
    return "\n".join(lines).lstrip("\n")


def spans_of(spans: list[Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in spans]
