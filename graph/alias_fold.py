"""Folding the aliases a run touched: each alias's properties from what its mentions say, on every core.

An alias's properties are its mentions' contributions folded together (`AliasInfo.absorb_contribution`),
alias by alias, independently: the sorted mention rows of the state (`SyncState.dirty_alias_rows`) are
cut at alias boundaries and the parts folded in forked children beside this process
(`graph.link.forked.beside`), each sending back only the properties that changed, as JSON text. At a
million records folding was 11 s of one core in the link stage while the other had nothing to do
(docs/scale.md, session 45). The result is the same, in the same key order, however it is cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graph.collector import no_collections
from graph.link import forked
from graph.link.aliases import AliasInfo
from graph.places_ahead import PlacesAhead
from graph.state import dumps, loads

Row = tuple[str, str | None, int | None, str | None]  # (alias, record, position, contribution JSON)
MIN_ROWS = 50_000  # below this many mention rows a fork costs more than it saves


def _parse_contribution(info: str) -> tuple[dict[str, Any], bool]:
    """A mention's contribution, and whether all its values are truthy."""
    contribution = loads(info)
    return contribution, all(value for value in contribution.values())


def alias_contributions(rows: list[Row], stored: dict[str, str],
                        ) -> Iterator[tuple[str, list[dict[str, Any]], str | None]]:
    """(key, what its mentions say, stored props) of each alias of `rows` (`SyncState.dirty_alias_rows`,
    or a run of them that holds whole aliases), in key order; repeats left out where folding them
    again changes nothing."""
    key: str | None = None
    found: list[dict[str, Any]] = []
    before: str | None = None
    parsed: dict[str, tuple[dict[str, Any], bool]] = {}
    said: set[str] = set()
    plain = True
    for alias, _record, _ord, info in rows:
        if alias != key:
            if key is not None:
                yield key, found, before
            key, found, before, said, plain = alias, [], stored.get(alias), set(), True
        if info is None:
            continue
        # A popular alias is named the same way by thousands of records: absorbing a repeat
        # changes nothing (AliasInfo.absorb keeps the first truthy value, adds only new ids and
        # names) as long as no contribution of the alias holds a falsy value (0, ""), which
        # `x or y` could swap for None; from such a one on, every contribution is kept.
        contribution, truthy = parsed.get(info) or parsed.setdefault(info, _parse_contribution(info))
        plain = plain and truthy
        if plain and info in said:
            continue
        said.add(info)
        found.append(contribution)
    if key is not None:
        yield key, found, before


@dataclass
class Folded:
    """What folding a run of aliases found."""

    keys: list[str] = field(default_factory=list)  # every alias folded, in key order
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (key, kind, props) whose props changed
    gone: list[str] = field(default_factory=list)  # aliases no mention names any more, that the state holds
    places: PlacesAhead = field(default_factory=PlacesAhead)  # told the place and subject aliases folded


def fold(key: str, contributions: list[dict[str, Any]]) -> AliasInfo:
    """One alias from its contributions (in the state's order)."""
    first = contributions[0]
    info = AliasInfo(key, first["kind"], first["name"], first["source"], first["institution"])
    for c in contributions:
        info.absorb_contribution(c)
    return info


@no_collections()
def fold_rows(rows: list[Row], stored: dict[str, str]) -> Folded:
    """Fold the aliases of `rows` (whole aliases, sorted) against their `stored` props."""
    out = Folded()
    for key, contributions, before in alias_contributions(rows, stored):
        out.keys.append(key)
        if not contributions:
            if before is not None:
                out.gone.append(key)
            continue
        info = fold(key, contributions)
        out.places.add(info)
        props = dumps(info.props())
        if before != props:
            out.changed.append((key, info.kind, props))
    return out


def split(rows: list[Row], parts: int) -> list[list[Row]]:
    """`rows` cut into about equal runs, each holding whole aliases."""
    cuts = [0]
    for k in range(1, parts):
        at = max(len(rows) * k // parts, cuts[-1])
        while 0 < at < len(rows) and rows[at][0] == rows[at - 1][0]:
            at += 1
        cuts.append(at)
    cuts.append(len(rows))
    return [rows[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def fold_all(rows: list[Row], stored: dict[str, str]) -> list[Folded]:
    """Fold every alias of `rows`: the first part here, the others in forked children meanwhile;
    the parts in key order."""
    parts = split(rows, 1 if len(rows) < MIN_ROWS else forked.workers(forked.MIN_WORK))
    if len(parts) <= 1:
        return [fold_rows(rows, stored)]
    others = [forked.beside(partial(fold_rows, part, stored)) for part in parts[1:]]
    first = fold_rows(parts[0], stored)
    return [first, *(other() for other in others)]
