"""Linking again only where a change can reach: the aliases whose links a change can move.

`graph.link.linker.link` reads statistics over all the people and organisations it links (name
counts, name rarity, date-gap weights estimated by EM), so people are always linked together;
places and themes meet only through what they share. `relink_set` closes the changed aliases
under everything linking compares, until nothing new joins:

- every member of the entity an alias belonged to before (a removed alias's old entity too);
- for a theme: the themes with its label key or one of its ids, the places with its label (a
  subject term joins such a place); a theme written as a person's name ("Homer, Winslow") may join
  a person, so it brings in the people;
- for a place: the places of its name (a qualifier decides within a name, `place_groups`) or with
  one of its ids, the themes with its label;
- one person or organisation brings in all of them, and every theme written as a person's name.

Linking that set alone gives each of its aliases the link a whole run gives: every merge, every
score and every test of linking involves only aliases of the set, and the statistics over people
are taken over all of them. What remains is the canonical id: two clusters that would carry the
same id are told apart in the order of the whole run. So `local_links` gives up (None: link
everything) when an entity outside the set holds an id the set's clusters would carry, or when
an entity outside the set carries a fallback id that such a meeting once gave it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graph.link.aliases import AliasInfo
from graph.link.label_keys import place_name, theme_key
from graph.link.linker import Link, link
from graph.link.person_linker import AGENT_KINDS
from graph.link.subject_terms import inverted_person_name
from graph.model import entity_id
from ingest.normalise import fold

Old = dict[str, tuple[str, str]]  # alias -> (entity id, label) as stored before this run


def _meeting_keys(alias: AliasInfo) -> list[str]:
    """Keys on which a theme or place meets others in linking: ids, label keys, its folded label."""
    if alias.kind == "Theme":
        return [*(f"Theme|id|{i}" for i in alias.ids), f"theme|{theme_key(alias.name)}", f"label|{fold(alias.name)}"]
    if alias.kind == "Place":
        return [*(f"Place|id|{i}" for i in alias.ids), f"place|{place_name(alias.name)}", f"label|{fold(alias.name)}"]
    return []


class _Neighbours:
    """Which themes and places an alias can meet in linking."""

    def __init__(self, aliases: dict[str, AliasInfo]) -> None:
        self.by_key: dict[str, set[str]] = defaultdict(set)  # a meeting key -> aliases
        self.agents: list[str] = []
        self.person_terms: list[str] = []  # themes written as a person's name
        for key, alias in aliases.items():
            if alias.kind in AGENT_KINDS:
                self.agents.append(key)
            elif alias.kind == "Theme" and inverted_person_name(alias.name):
                self.person_terms.append(key)
            for k in _meeting_keys(alias):
                self.by_key[k].add(key)

    def of(self, alias: AliasInfo) -> Iterable[str]:
        for k in _meeting_keys(alias):
            yield from self.by_key[k]


def relink_set(aliases: dict[str, AliasInfo], changed: Iterable[str], old: Old,
               before: dict[str, AliasInfo] | None = None) -> set[str]:
    """The aliases (present, or removed this run) whose links the `changed` ones can move; see above.
    `before`: what changed aliases were before this run (a removed place leaves its name's group)."""
    neighbours = _Neighbours(aliases)
    members: dict[str, list[str]] = defaultdict(list)
    for key, (entity, _label) in old.items():
        members[entity].append(key)
    found: set[str] = set()
    frontier = set(changed)
    people = False
    for alias in (before or {}).values():
        people = people or alias.kind in AGENT_KINDS
        frontier.update(neighbours.of(alias))
    while frontier:
        found |= frontier
        reached: set[str] = set()
        for key in frontier:
            linked = old.get(key)
            if linked is not None:
                reached.update(members[linked[0]])
                people = people or linked[1] in AGENT_KINDS
            alias = aliases.get(key)
            if alias is not None:
                people = people or alias.kind in AGENT_KINDS
                reached.update(neighbours.of(alias))
        if people:
            reached.update(neighbours.agents)
            reached.update(neighbours.person_terms)
        frontier = reached - found
    return found


def local_links(aliases: dict[str, AliasInfo], changed: Iterable[str], old: Old,
                before: dict[str, AliasInfo] | None = None, **settings: Any) -> tuple[set[str], dict[str, Link]] | None:
    """(the aliases linked again, their links) for a run where `changed` aliases changed, or None
    when the whole pool must be linked (see above). `settings` go to `link` (no curator decisions:
    they may join anything, so a run with decisions links everything)."""
    keys = relink_set(aliases, changed, old, before)
    for key, (entity, label) in old.items():
        # A place or theme cluster whose id is one of its alias keys lost its label or id to another
        # cluster of the whole run: which one wins depends on clusters outside the set.
        if key not in keys and label in ("Place", "Theme") and entity == entity_id(label, key):
            return None
    links = link([aliases[k] for k in sorted(keys) if k in aliases], **settings)
    ids = {ln.entity_id for ln in links.values()}
    if any(entity in ids for key, (entity, _label) in old.items() if key not in keys):
        return None
    return keys, links
