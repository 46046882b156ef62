"""The pair finder: ranked pairs of one record from each of two institutions, with the reason
in words and a strength, for joint programmes and grant applications.

The named query `pair_finder` returns, per shared entity, a capped list of records on either
side; here they become record pairs. A pair's strength adds up what its records share:
a specific shared person counts more than a shared place or a generic theme; an entity that
hundreds of records name counts less than one that a few name; a low-confidence link counts
less; overlapping dates add a little. This module never imports Streamlit: the app and
`glamgraph pairs` both use it.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

import queries
from graph.store import GraphStore

TYPE_WEIGHT = {"Person": 3.0, "Organization": 2.5, "Place": 1.5, "Theme": 1.0}
RELATION_WEIGHT = {"CREATED_BY": 1.0, "ABOUT": 1.0, "MADE_IN": 0.8, "PUBLISHED_IN": 0.6, "MENTIONS": 0.5}
DATE_BONUS = 0.3
UNCERTAIN_BELOW = 0.9
EXPORT_COLUMNS = (
    "rank", "strength", "reason", "a_institution", "a_record", "a_title", "a_url", "a_rights",
    "b_institution", "b_record", "b_title", "b_url", "b_rights", "shared",
)


@dataclass
class Shared:
    """One entity both records name, and how much it says about the pair."""

    entity: str
    name: str
    type: str
    left_relations: list[str]
    right_relations: list[str]
    confidence: float
    records_naming_it: int
    weight: float = 0.0


@dataclass
class Pair:
    a: str  # record id on the first institution's side
    b: str
    a_years: tuple[int | None, int | None] = (None, None)
    b_years: tuple[int | None, int | None] = (None, None)
    shared: list[Shared] = field(default_factory=list)
    topic_hit: bool = False
    # What counts as "the same record" for variety: its title (a catalogue may hold ten images
    # of one work, each its own record), else its id.
    a_work: str = ""
    b_work: str = ""
    strength: float = 0.0
    reasons: list[str] = field(default_factory=list)
    a_card: dict[str, Any] = field(default_factory=dict)
    b_card: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _specificity(records_naming_it: int) -> float:
    """1 for an entity only these two records name, about 0.3 for one that 200 records name."""
    return 1.0 / (1.0 + math.log10(max(1, records_naming_it - 1)))


def _relation_weight(relations: list[str]) -> float:
    return max((RELATION_WEIGHT.get(r, 0.5) for r in relations), default=0.5)


def _describe(shared: Shared) -> str:
    left, right, name = set(shared.left_relations), set(shared.right_relations), shared.name
    if shared.type in ("Person", "Organization"):
        if "CREATED_BY" in left and "CREATED_BY" in right:
            text = f"both by {name}"
        elif "CREATED_BY" in left:
            text = f"the second is about {name}, who made the first"
        elif "CREATED_BY" in right:
            text = f"the first is about {name}, who made the second"
        elif "MENTIONS" in left | right and not ("ABOUT" in left and "ABOUT" in right):
            text = f"both mention {name}"
        else:
            text = f"both are about {name}"
    elif shared.type == "Place":
        made = {"MADE_IN", "PUBLISHED_IN"}
        if left & made and right & made:
            text = f"both made in {name}"
        elif "ABOUT" in left and "ABOUT" in right:
            text = f"both depict {name}"
        else:
            text = f"both connected with {name}"
    else:
        text = f"both on the theme '{name}'"
    if shared.confidence < UNCERTAIN_BELOW:
        text += f" (uncertain link, score {shared.confidence:.2f})"
    return text


def _reasons(shared: list[Shared]) -> list[str]:
    """One phrase per shared entity, strongest first; certain shared themes go in one phrase."""
    themes = [s.name for s in shared if s.type == "Theme" and s.confidence >= UNCERTAIN_BELOW]
    phrases: list[str] = []
    for item in shared:
        if item.type == "Theme" and item.confidence >= UNCERTAIN_BELOW:
            if item.name == themes[0]:
                quoted = [f"'{name}'" for name in themes]
                joined = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
                phrases.append(f"both on the theme{'s' if len(themes) > 1 else ''} {joined}")
            continue
        phrases.append(_describe(item))
    return phrases


def _overlap(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> tuple[int, int] | None:
    a0, a1 = a[0], a[1] if a[1] is not None else a[0]
    b0, b1 = b[0], b[1] if b[1] is not None else b[0]
    if a0 is None or b0 is None or a1 is None or b1 is None:
        return None
    start, end = max(a0, b0), min(a1, b1)
    return (start, end) if start <= end else None


def rank(rows: list[dict[str, Any]], limit: int = 50, *, topic: bool = False, max_per_record: int = 2) -> list[Pair]:
    """Turn pair_finder rows into pairs, strongest first (pure: no store needed).

    With `topic`, only pairs where the topic is in the shared entity's name or in a title are
    kept. A record (or records with the same title: images of one work) appears in at most
    `max_per_record` pairs, so one well-connected record does not fill the list."""
    pairs: dict[tuple[str, str], Pair] = {}
    for row in rows:
        for left in row["left"]:
            for right in row["right"]:
                key = (left["id"], right["id"])
                pair = pairs.get(key)
                if pair is None:
                    pair = pairs[key] = Pair(
                        left["id"], right["id"], (left.get("year_start"), left.get("year_end")),
                        (right.get("year_start"), right.get("year_end")),
                        a_work=left.get("title") or left["id"], b_work=right.get("title") or right["id"],
                    )
                shared = Shared(
                    row["entity"], row["name"] or row["entity"], row["type"] or "Theme", left["relations"],
                    right["relations"], min(float(left.get("score") or 1.0), float(right.get("score") or 1.0)),
                    int(row["left_count"]) + int(row["right_count"]),
                )
                shared.weight = (
                    TYPE_WEIGHT.get(shared.type, 1.0) * _specificity(shared.records_naming_it) * shared.confidence
                    * min(_relation_weight(shared.left_relations), _relation_weight(shared.right_relations))
                )
                pair.shared.append(shared)
                pair.topic_hit = pair.topic_hit or bool(row.get("entity_hit") or left.get("hit") or right.get("hit"))
    for pair in pairs.values():
        pair.shared.sort(key=lambda s: -s.weight)
        raw = sum(s.weight for s in pair.shared)
        pair.reasons = _reasons(pair.shared)
        years = _overlap(pair.a_years, pair.b_years)
        if years:
            raw += DATE_BONUS
            pair.reasons.append(f"both dated {years[0]}" if years[0] == years[1] else f"both dated {years[0]}–{years[1]}")
        pair.strength = round(1.0 - math.exp(-raw), 3)
    ranked = sorted(pairs.values(), key=lambda p: (-p.strength, p.a, p.b))
    chosen: list[Pair] = []
    uses: dict[str, int] = {}
    for pair in ranked:
        a_key, b_key = "a:" + pair.a_work, "b:" + pair.b_work
        if (topic and not pair.topic_hit) or uses.get(a_key, 0) >= max_per_record or uses.get(b_key, 0) >= max_per_record:
            continue
        chosen.append(pair)
        uses[a_key] = uses.get(a_key, 0) + 1
        uses[b_key] = uses.get(b_key, 0) + 1
        if len(chosen) >= limit:
            break
    return chosen


def find_pairs(
    store: GraphStore,
    a: str,
    b: str,
    *,
    entity: str | None = None,
    topic: str | None = None,
    limit: int = 50,
    per_entity: int = 6,
) -> list[Pair]:
    """Ranked pairs of one record held by `a` and one held by `b`, with record cards filled in."""
    if a == b:
        raise ValueError("Pick two different institutions.")
    named = queries.get("pair_finder")
    params = named.bind({"a": a, "b": b, "entity": entity or None, "topic": (topic or "").strip() or None,
                         "per_entity": per_entity, "limit": max(150, limit * 3)})
    rows = store.query(named.text(store.engine), params).records()
    pairs = rank(rows, limit, topic=params["topic"] is not None)
    ids = sorted({p.a for p in pairs} | {p.b for p in pairs})
    if ids:
        cards_query = queries.get("record_cards")
        cards = {c["id"]: c for c in store.query(cards_query.text(store.engine), {"ids": ids}).records()}
        for pair in pairs:
            pair.a_card = cards.get(pair.a, {"id": pair.a})
            pair.b_card = cards.get(pair.b, {"id": pair.b})
    return pairs


def record_label(card: dict[str, Any]) -> str:
    """A record as a person would name it: its title, or who made it when it has none."""
    title = card.get("title")
    creators = ", ".join(c for c in card.get("creators") or [] if c)
    if title:
        return title
    return f"untitled {card.get('kind') or 'record'}" + (f" by {creators}" if creators else f" ({card.get('id')})")


def table(pairs: list[Pair]) -> list[dict[str, Any]]:
    """The pairs as rows with EXPORT_COLUMNS (the app's table and both exports)."""
    rows = []
    for number, pair in enumerate(pairs, 1):
        rows.append({
            "rank": number, "strength": pair.strength, "reason": pair.reason,
            "a_institution": pair.a_card.get("institution"), "a_record": pair.a, "a_title": record_label(pair.a_card),
            "a_url": pair.a_card.get("url"), "a_rights": rights_label(pair.a_card),
            "b_institution": pair.b_card.get("institution"), "b_record": pair.b, "b_title": record_label(pair.b_card),
            "b_url": pair.b_card.get("url"), "b_rights": rights_label(pair.b_card),
            "shared": "; ".join(f"{s.type}: {s.name}" for s in pair.shared),
        })
    return rows


def rights_label(card: dict[str, Any]) -> str | None:
    """The record's rights as its source states them, else its source's licence (a URI)."""
    return card.get("rights") or card.get("licence")


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _md_cell(value: Any) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def to_markdown(rows: list[dict[str, Any]], title: str = "Paired records") -> str:
    """A numbered list ready to paste into an application: both records (linked) and why."""
    lines = [f"## {title}", ""]
    for row in rows:
        a = f"[{_md_cell(row['a_title'])}]({row['a_url']})" if row.get("a_url") else _md_cell(row["a_title"])
        b = f"[{_md_cell(row['b_title'])}]({row['b_url']})" if row.get("b_url") else _md_cell(row["b_title"])
        lines.append(f"{row['rank']}. **{_md_cell(row['a_institution'])}**: {a} — **{_md_cell(row['b_institution'])}**: {b}  ")
        lines.append(f"   Why: {_md_cell(row['reason'])} (strength {row['strength']:.2f})")
    return "\n".join(lines) + "\n"
