"""Curator decisions: a JSON Lines file the user owns, re-applied on every rebuild.

Each line is one `Decision`. The machine never edits or drops lines; later lines win over
earlier ones about the same alias and target. Linking turns them into constraints:
accept / merge -> the alias must share an entity with the target's aliases; reject ->
it must not; not_same -> two aliases must never share an entity.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

ACTIONS = ("accept", "reject", "not_same", "merge")


class DecisionError(ValueError):
    pass


@dataclass
class Decision:
    action: Literal["accept", "reject", "not_same", "merge"]
    alias: str  # Alias.key the decision is about
    entity: str | None = None  # canonical entity id (accept/reject: the link target; merge: merge alias INTO this entity)
    other: str | None = None  # not_same: the other alias key that must never share an entity with `alias`
    note: str = ""
    by: str = ""
    at: str = ""  # ISO timestamp, filled in when appended

    def check(self) -> None:
        for name in ("action", "alias", "entity", "other", "note", "by", "at"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise DecisionError(f"'{name}' must be a string, not {type(value).__name__} ({json.dumps(value)[:60]})")
        if self.action not in ACTIONS:
            raise DecisionError(f"unknown action '{self.action}' (known: {', '.join(ACTIONS)})")
        if not self.alias:
            raise DecisionError("a decision needs the alias key it is about")
        if self.action == "not_same" and not self.other:
            raise DecisionError("not_same needs the other alias key")
        if self.action != "not_same" and not self.entity:
            raise DecisionError(f"{self.action} needs the entity id")
        if self.action == "not_same" and self.other == self.alias:
            raise DecisionError("not_same needs two different aliases")


def decisions_path(data_dir: Path) -> Path:
    return data_dir / "decisions.jsonl"


def append_decision(path: Path, decision: Decision) -> None:
    """Check and append one decision (one JSON object per line); the file is created if missing."""
    decision.check()
    if not decision.at:
        decision.at = datetime.now(UTC).isoformat(timespec="seconds")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(decision), ensure_ascii=False) + "\n")


def load_decisions(path: Path, errors: list[str] | None = None) -> list[Decision]:
    """Every valid decision in the file, in order. A bad line is reported in `errors`
    (file, line and reason) and skipped; it never stops the others."""
    if not path.exists():
        return []
    known = {f.name for f in fields(Decision)}
    decisions: list[Decision] = []
    try:
        handle = path.open("rb")  # bytes: one line of invalid UTF-8 is that line's problem
    except OSError as exc:
        if errors is not None:
            errors.append(f"{path}: cannot read the decisions file: {exc.strerror or exc}")
        return []
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
                if not isinstance(data, dict):
                    raise DecisionError("not a JSON object")
                if "action" not in data or "alias" not in data:
                    raise DecisionError("a decision needs 'action' and 'alias'")
                decision = Decision(**{k: v for k, v in data.items() if k in known})
                decision.check()
            except UnicodeDecodeError as exc:
                if errors is not None:
                    errors.append(f"{path}, line {number}: not UTF-8 ({exc.reason} at byte {exc.start}); line skipped")
                continue
            except (ValueError, TypeError, RecursionError) as exc:  # JSON, DecisionError, wrong fields
                if errors is not None:
                    errors.append(f"{path}, line {number}: {str(exc)[:300]}; line skipped")
                continue
            decisions.append(decision)
    return decisions


def effective(decisions: list[Decision]) -> list[Decision]:
    """The decisions in force: for one (alias, target) the last line wins (an accept after a
    reject of the same link replaces it)."""
    latest: dict[tuple[str, ...], Decision] = {}
    for d in decisions:
        if d.action == "not_same":
            key = ("pair", *sorted((d.alias, d.other or "")))
        else:
            key = ("link", d.alias, d.entity or "")
        latest.pop(key, None)
        latest[key] = d
    return list(latest.values())
