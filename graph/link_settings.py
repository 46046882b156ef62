"""How the graph is linked, kept with the graph: one setting in its sync state (`graph.state`).

`use_ids` (False: blind, names and dates only) and the two thresholds are written by the first
ingest into an empty graph and by every `glamgraph link run` given other settings; every later
ingest reads and reuses them, so a graph linked blind stays blind until someone says otherwise.
`glamgraph stats` shows them. They live in the SQLite state beside the graph (the data folder,
for Neo4j too), not as a node: a setting in the graph would make an incremental run differ from
a fresh build of the same records, and be written by runs that change nothing else.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.link.linker import Thresholds
from graph.state import SyncState

KEY = "linked_as"  # the state's setting (graph.state.SyncState.get_setting)


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

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def read(state: SyncState) -> LinkSettings | None:
    """The graph's link settings, or None for a graph that has none yet."""
    return _parse(state.get_setting(KEY))


def _parse(text: str | None) -> LinkSettings | None:
    if not text:
        return None
    r = json.loads(text)
    return LinkSettings(bool(r["use_ids"]), float(r["auto_accept"]), float(r["review_min"]), r.get("changed_at"),
                        r.get("changed_by"))


def read_file(path: Path) -> LinkSettings | None:
    """The settings kept in the state file at `path` (None: no file yet, nothing ingested, or a first
    ingest still writing it: SyncState.write_directly locks the file until it commits). Read-only:
    `glamgraph stats` may run beside an ingest."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.OperationalError:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE name = ?", (KEY,)).fetchone()
    except sqlite3.OperationalError:  # locked by a first ingest, or a state without its tables yet
        return None
    finally:
        db.close()
    return _parse(row[0] if row else None)


def write(state: SyncState, chosen: LinkSettings) -> None:
    state.set_setting(KEY, json.dumps(chosen.as_dict(), sort_keys=True))


def forget(state: SyncState) -> None:
    state.set_setting(KEY, None)


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
