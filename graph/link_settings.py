"""How the graph is linked, kept in the graph itself: one `LinkSettings` node (key "link").

`use_ids` (False: blind, names and dates only) and the two thresholds are written by the first
ingest into an empty graph and by every `glamgraph link run` given other settings; every later
ingest reads and reuses them, so a graph linked blind stays blind until someone says otherwise.
`glamgraph stats` shows them. Reads and writes go through `graph.statements` and the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph import statements
from graph.link.linker import Thresholds
from graph.store import GraphStore

KEY = "link"


class LinkSettingsConflict(ValueError):
    """An ingest asked for other link settings than the graph holds."""


@dataclass(frozen=True)
class LinkSettings:
    use_ids: bool = True
    auto_accept: float = 0.9
    review_min: float = 0.5
    changed_at: str | None = None
    changed_by: str | None = None  # "ingest" (the first one) or "link run"

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.auto_accept, self.review_min)

    def describe(self) -> str:
        how = "with authority ids" if self.use_ids else "blind (names, dates and other evidence; ids not used)"
        when = f"; set by {self.changed_by} at {self.changed_at}" if self.changed_at else ""
        return f"{how}; auto >= {self.auto_accept}, review >= {self.review_min}{when}"

    def row(self) -> dict[str, Any]:
        props = {"use_ids": self.use_ids, "auto_accept": self.auto_accept, "review_min": self.review_min,
                 "changed_at": self.changed_at, "changed_by": self.changed_by}
        return {"key": KEY, "props": {k: v for k, v in props.items() if v is not None}}


def read(store: GraphStore) -> LinkSettings | None:
    """The graph's link settings, or None for a graph that has none yet."""
    rows = store.query(statements.READ_LINK_SETTINGS, {"key": KEY}).records()
    if not rows:
        return None
    r = rows[0]
    return LinkSettings(bool(r["use_ids"]), float(r["auto_accept"]), float(r["review_min"]), r.get("changed_at"),
                        r.get("changed_by"))


def resolve(stored: LinkSettings | None, *, use_ids: bool | None, thresholds: Thresholds | None,
            change: bool) -> tuple[LinkSettings, bool]:
    """(the settings to link with, whether to write them). `use_ids` None: not asked for.

    A graph without settings takes what is asked (ids by default). A graph with settings keeps
    them unless `change` (`link run` with other settings); an ingest asking for another id mode
    is an error (relinking everything another way must be said explicitly)."""
    if stored is None or change:
        base = stored or LinkSettings()
        new = LinkSettings(base.use_ids if use_ids is None else use_ids,
                           thresholds.auto_accept if thresholds else base.auto_accept,
                           thresholds.review_min if thresholds else base.review_min,
                           datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "link run" if change else "ingest")
        same = stored is not None and (new.use_ids, new.auto_accept, new.review_min) == (
            stored.use_ids, stored.auto_accept, stored.review_min)
        return (stored, False) if same else (new, True)
    if use_ids is not None and use_ids != stored.use_ids:
        raise LinkSettingsConflict(
            f"this graph is linked {'with authority ids' if stored.use_ids else 'blind (without ids)'}; "
            f"`glamgraph link run {'--blind-ids' if not use_ids else '--with-ids'}` relinks it the other way")
    return stored, False
