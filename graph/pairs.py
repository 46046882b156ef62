"""The pair finder: ranked pairs of one record from each of two institutions, with the reason
in words and a strength, for joint programmes and grant applications.

The named query `pair_finder` returns, per shared entity, a capped list of records on either
side; here they become record pairs. A pair's strength adds up what its records share:
a specific shared person counts more than a shared place or a generic theme; an entity that
hundreds of records name counts less than one that a few name; a low-confidence link counts
less; overlapping dates add a little.

Pairs come in tiers. First the pairs that share a maker or a subject the catalogues state
(made by, about) and that is specific to them (one shared theme alone, a motif such as
'monocle', comes after those with a person, a place or two themes); below them, whatever the strength, the pairs
resting only on names or places found in free text (a text mention is never "about"), on a
place of making or publication, or on an entity that a large share of one institution's records
name (every NLS record "published in Edinburgh"). Records of test and example sources
(`ingest.samples.TEST_SOURCES`) are left out. This module never imports Streamlit: the app and
`glamgraph pairs` both use it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

import queries
from graph.store import GraphStore
from ingest import gazetteer
from ingest.samples import TEST_SOURCES

TYPE_WEIGHT = {"Person": 3.0, "Organization": 2.5, "Place": 1.5, "Theme": 1.0}
RELATION_WEIGHT = {"CREATED_BY": 1.0, "ABOUT": 1.0, "MADE_IN": 0.8, "PUBLISHED_IN": 0.6, "MENTIONS": 0.3}
STATED = {"CREATED_BY", "ABOUT"}  # what a catalogue says a record is by or about
# An entity named by at least this share (and this many) of one side's records says little about a pair.
GENERIC_SHARE = 0.05
GENERIC_MIN_RECORDS = 20
GENERIC_WEIGHT = 0.3
DATE_BONUS = 0.3
UNCERTAIN_BELOW = 0.9
# How catalogues mark a broad place in the words they use: the place types of the Getty TGN
# headings libraries write ("Highland (unitary authority)", "Yorkshire (general region)", "Firth
# of Forth (bay)") and subject terms a source itself calls non-specific ("London - non-specific").
BROAD_AS_WRITTEN = re.compile(
    r"\((?:unitary authority|general region|region|county|state|province|nation|country|continent|bay|sea|ocean"
    r"|river|lake|island group|archipelago)\)\s*$|\bnon-specific\b", re.IGNORECASE)
# A place one catalogue gives only as a topical term (MARC 650 "Islands" from AAT; a 650 $z
# subdivision is a real place) reached the place through a subject term: for pairing it is no
# more specific than a theme.
TOPICAL_FIELD = re.compile(r"^650(?!.*\$z)")
EXPORT_COLUMNS = (
    "rank", "strength", "reason", "a_institution", "a_record", "a_title", "a_date", "a_rights", "a_url",
    "b_institution", "b_record", "b_title", "b_date", "b_rights", "b_url", "shared",
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
    generic: str | None = None  # why it is generic ("46% of nls's records name it"), else None
    left_evidence: str = ""  # how the first record's catalogue names it
    right_evidence: str = ""
    written_broad: bool = False  # a catalogue's own words mark the place as a region (BROAD_AS_WRITTEN)

    @property
    def broad(self) -> bool:
        """A theme, or a country, state or region: alone it makes a weak pair ('both on monocles',
        'both depict Sweden', 'both depict Yorkshire')."""
        return self.type == "Theme" or (self.type == "Place" and (self.written_broad or gazetteer.is_region(self.name)))

    @property
    def stated(self) -> bool:
        """A maker or subject both catalogues state (not found in text, not only a place of making)."""
        return bool(set(self.left_relations) & STATED and set(self.right_relations) & STATED) and not self.generic


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
    tier: int = 2  # see _tier
    a_titled: bool = True
    b_titled: bool = True

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _specificity(records_naming_it: int) -> float:
    """1 for an entity only these two records name, about 0.3 for one that 200 records name."""
    return 1.0 / (1.0 + math.log10(max(1, records_naming_it - 1)))


def _relation_weight(relations: list[str]) -> float:
    return max((RELATION_WEIGHT.get(r, 0.5) for r in relations), default=0.5)


def _side(relations: list[str], kind: str) -> str:
    """How one record names the entity, strongest relation first."""
    relations_set = set(relations)
    if "CREATED_BY" in relations_set:
        return "by"
    if "ABOUT" in relations_set:
        return "depicts" if kind == "Place" else "about"
    if "MADE_IN" in relations_set:
        return "made in"
    if "PUBLISHED_IN" in relations_set:
        return "published in"
    return "mentions in its text"


_BOTH = {"by": "both by", "about": "both about", "depicts": "both depict", "made in": "both made in",
         "published in": "both published in", "mentions in its text": "both mention in their text"}


_ONE = {"by": "is by", "about": "is about", "depicts": "depicts", "made in": "was made in",
        "published in": "was published in", "mentions in its text": "mentions in its text"}


def _describe(shared: Shared) -> str:
    left, right = _side(shared.left_relations, shared.type), _side(shared.right_relations, shared.type)
    name = shared.name if shared.type != "Theme" else f"'{shared.name}'"
    if left == right:
        text = f"{_BOTH[left]} {name}"
    else:
        text = f"the first {_ONE[left]} {name}; the second {_ONE[right]} {name}"
    if "mentions" in left or "mentions" in right:
        text += " (found in text)"
    if shared.confidence < UNCERTAIN_BELOW:
        text += f" (uncertain link, score {shared.confidence:.2f})"
    if shared.generic:
        text += f" (generic: {shared.generic})"
    return text


def _plain_theme(item: Shared) -> bool:
    """A certain, specific theme both catalogues state as a subject (these go in one phrase)."""
    return (item.type == "Theme" and item.confidence >= UNCERTAIN_BELOW and item.stated
            and _side(item.left_relations, "Theme") == _side(item.right_relations, "Theme") == "about")


def _reasons(shared: list[Shared]) -> list[str]:
    """One phrase per shared entity, strongest first; certain shared subject themes go in one phrase."""
    themes = [s.name for s in shared if _plain_theme(s)]
    phrases: list[str] = []
    for item in shared:
        if _plain_theme(item):
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


def _tier(shared: list[Shared]) -> int:
    """0: a stated, specific maker, person, organisation or place subject, or two broad ones;
    1: one theme or one country or state only ('monocle', 'Sweden' alone make weak pairs);
    2: only text-found names, places of making or publication, or generic entities."""
    stated = [s for s in shared if s.stated]
    if any(not s.broad for s in stated) or len(stated) >= 2:
        return 0
    return 1 if stated else 2


def _evidence(side: dict[str, Any]) -> str:
    written = [w for w in side.get("written") or [] if w]
    fields = [f for f in side.get("fields") or [] if f]
    said = f"“{written[0][:80]}”" if written else ""
    return (said + (f" in {fields[0]}" if fields else "")).strip()


def _generic(count: int, total: int | None, institution: str) -> str | None:
    if total and count >= GENERIC_MIN_RECORDS and count / total >= GENERIC_SHARE:
        return f"{100 * count / total:.0f}% of {institution}'s records name it"
    return None


def rank(rows: list[dict[str, Any]], limit: int = 50, *, topic: bool = False, max_per_record: int = 2,
         totals: tuple[int | None, int | None] = (None, None), names: tuple[str, str] = ("the first", "the second"),
         ) -> list[Pair]:
    """Turn pair_finder rows into pairs, best first (pure: no store needed): the pairs that share
    a stated, specific maker or subject (tier 0) before all others, strongest first in each tier.

    `totals` are the two institutions' record counts, for telling generic entities. With
    `topic`, only pairs where the topic is in the shared entity's name or in a title are kept.
    A record (or records with the same title: images of one work) appears in at most
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
                        a_titled=bool(left.get("title")), b_titled=bool(right.get("title")),
                    )
                shared = Shared(
                    row["entity"], row["name"] or row["entity"], row["type"] or "Theme", left["relations"],
                    right["relations"], min(float(left.get("score") or 1.0), float(right.get("score") or 1.0)),
                    int(row["left_count"]) + int(row["right_count"]),
                    generic=(_generic(int(row["left_count"]), totals[0], names[0])
                             or _generic(int(row["right_count"]), totals[1], names[1])),
                    left_evidence=_evidence(left), right_evidence=_evidence(right),
                    written_broad=any(BROAD_AS_WRITTEN.search(w or "")
                                      for w in (left.get("written") or []) + (right.get("written") or []))
                    or any(TOPICAL_FIELD.match(f or "") for f in (left.get("fields") or []) + (right.get("fields") or [])),
                )
                shared.weight = (
                    TYPE_WEIGHT.get(shared.type, 1.0) * _specificity(shared.records_naming_it) * shared.confidence
                    * min(_relation_weight(shared.left_relations), _relation_weight(shared.right_relations))
                    * (GENERIC_WEIGHT if shared.generic else 1.0)
                )
                pair.shared.append(shared)
                pair.topic_hit = pair.topic_hit or bool(row.get("entity_hit") or left.get("hit") or right.get("hit"))
    for pair in pairs.values():
        pair.shared.sort(key=lambda s: (not s.stated, -s.weight))
        pair.tier = _tier(pair.shared)
        if pair.tier == 0 and not (pair.a_titled and pair.b_titled):
            pair.tier = 1  # a record without a title is hard to put in an application
        raw = sum(s.weight for s in pair.shared)
        pair.reasons = _reasons(pair.shared)
        years = _overlap(pair.a_years, pair.b_years)
        if years:
            raw += DATE_BONUS
            pair.reasons.append(f"both dated {years[0]}" if years[0] == years[1] else f"both dated {years[0]}–{years[1]}")
        pair.strength = round(1.0 - math.exp(-raw), 3)
    ranked = sorted(pairs.values(), key=lambda p: (p.tier, -p.strength, p.a, p.b))
    chosen: list[Pair] = []
    uses: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for pair in ranked:
        a_key, b_key = "a:" + pair.a_work, "b:" + pair.b_work
        if (topic and not pair.topic_hit) or uses.get(a_key, 0) >= max_per_record or uses.get(b_key, 0) >= max_per_record:
            continue
        # Two records of one work each (the same titles on both sides) read as the same pair twice.
        if pair.a_titled and pair.b_titled and (a_key, b_key) in seen:
            continue
        seen.add((a_key, b_key))
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
    exclude_sources: tuple[str, ...] = TEST_SOURCES,
) -> list[Pair]:
    """Ranked pairs of one record held by `a` and one held by `b`, with record cards filled in.
    Records of `exclude_sources` (test and example records, by default) never take part."""
    if a == b:
        raise ValueError("Pick two different institutions.")
    named = queries.get("pair_finder")
    params = named.bind({"a": a, "b": b, "entity": entity or None, "topic": (topic or "").strip() or None,
                         "exclude_sources": list(exclude_sources) or None,
                         "per_entity": per_entity, "limit": max(150, limit * 3)})
    rows = store.query(named.text(store.engine), params).records()
    held = {r["id"]: r for r in store.query(queries.get("institutions").text(store.engine), {}).records()}
    pairs = rank(rows, limit, topic=params["topic"] is not None,
                 totals=(held.get(a, {}).get("records"), held.get(b, {}).get("records")),
                 names=(held.get(a, {}).get("name") or a, held.get(b, {}).get("name") or b))
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
            "a_date": _date(pair.a_card), "b_date": _date(pair.b_card),
            # For the app's cards (not exported): image, how each catalogue names what they share.
            "tier": pair.tier, "a_image": pair.a_card.get("image_url"), "b_image": pair.b_card.get("image_url"),
            "a_evidence": [f"{s.name}: {s.left_evidence}" for s in pair.shared if s.left_evidence],
            "b_evidence": [f"{s.name}: {s.right_evidence}" for s in pair.shared if s.right_evidence],
            "a_creators": pair.a_card.get("creators") or [], "b_creators": pair.b_card.get("creators") or [],
        })
    return rows


def _date(card: dict[str, Any]) -> str | None:
    if card.get("date"):
        # A digitisation date is not the work's date: say which it is.
        return ("digitised " if card.get("date_kind") == "digitised" else "") + str(card["date"])
    start, end = card.get("year_start"), card.get("year_end")
    if start is None:
        return None
    return str(start) if end in (None, start) else f"{start}–{end}"


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


def _md_facts(row: dict[str, Any], side: str) -> str:
    facts = [_md_cell(row.get(f"{side}_date")) if row.get(f"{side}_date") else "",
             f"rights: {_md_cell(row.get(f'{side}_rights'))}" if row.get(f"{side}_rights") else ""]
    facts = [f for f in facts if f]
    return f" ({'; '.join(facts)})" if facts else ""


def to_markdown(rows: list[dict[str, Any]], title: str = "Paired records") -> str:
    """A numbered list ready to paste into an application: both records (linked) and why."""
    lines = [f"## {title}", ""]
    for row in rows:
        a = f"[{_md_cell(row['a_title'])}]({row['a_url']})" if row.get("a_url") else _md_cell(row["a_title"])
        b = f"[{_md_cell(row['b_title'])}]({row['b_url']})" if row.get("b_url") else _md_cell(row["b_title"])
        a += _md_facts(row, "a")
        b += _md_facts(row, "b")
        lines.append(f"{row['rank']}. **{_md_cell(row['a_institution'])}**: {a} — **{_md_cell(row['b_institution'])}**: {b}  ")
        lines.append(f"   Why: {_md_cell(row['reason'])} (strength {row['strength']:.2f})")
    return "\n".join(lines) + "\n"
