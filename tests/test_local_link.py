"""Linking only the aliases a change can reach gives them exactly the links a whole run gives.

Real aliases of three sample sources (people, places and themes of Tate, MoMA and NGA), linked
whole; then a change (aliases removed, added, renamed, a place turned theme) and both ways of
linking again: `graph.link.local.local_links` on the changed set, `link` on everything."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import random
from collections import Counter
from pathlib import Path

import pytest

from graph.link.aliases import AliasInfo
from graph.link.linker import Link, link
from graph.link.local import local_links, relink_set
from ingest.model import Mention, Record
from tests.conftest import sample_inputs

# Records read from each source (its first ones): seconds, not minutes; Tate's run through its
# artists and subject tree into its artworks.
FIRST = {"tate": 6000, "moma": 1500, "nga": 2000}


def _collect(into: dict[str, AliasInfo], mention: Mention, source: str, institution: str) -> None:
    found = into.get(mention.alias_key)
    if found is None:
        into[mention.alias_key] = AliasInfo.from_mention(mention, source, institution)
    else:
        found.absorb(mention)
    for _relation, target in mention.links:
        _collect(into, target, source, institution)


@functools.cache
def _whole_of(key: int) -> dict[str, Link]:
    return link(_POOLS[key].values())


_POOLS: dict[int, dict[str, AliasInfo]] = {}


def _whole(pool: dict[str, AliasInfo]) -> dict[str, Link]:
    _POOLS[id(pool)] = pool
    return _whole_of(id(pool))


@pytest.fixture(scope="module")
def pool(sample_dir: Path) -> dict[str, AliasInfo]:
    aliases: dict[str, AliasInfo] = {}
    for item in sample_inputs(sample_dir, ("tate", "moma", "nga")):
        source, institution = item.resolved()
        for record in itertools.islice(item.records(), FIRST[source]):
            if isinstance(record, Record):
                for mention in record.mentions:
                    _collect(aliases, mention, source, institution.id)
    return aliases


def _changed(pool: dict[str, AliasInfo], seed: int, people: bool) -> tuple[dict[str, AliasInfo], dict[str, AliasInfo],
                                                                         set[str], dict[str, AliasInfo]]:
    """(before, after, changed keys, what the changed aliases were before) for one random change,
    made mostly to aliases that share an entity (where a change can move links)."""
    rng = random.Random(seed)
    entities = Counter(ln.entity_id for ln in _whole(pool).values())
    shared = {k for k, ln in _whole(pool).items() if entities[ln.entity_id] > 1}
    keys = sorted(k for k, a in pool.items() if (people or a.kind in ("Place", "Theme")) and (k in shared or rng.random() < 0.1))
    held_out = set(rng.sample(keys, len(keys) // 50))
    before = {k: a for k, a in pool.items() if k not in held_out}
    after = dict(before)
    changed: set[str] = set(rng.sample(sorted(held_out), len(held_out) // 2))  # added
    for key in changed:
        after[key] = pool[key]
    candidates = [k for k in keys if k in before]
    for key in rng.sample(candidates, max(1, len(candidates) // 100)):  # removed
        del after[key]
        changed.add(key)
    for key in rng.sample([k for k in candidates if k in after], max(1, len(candidates) // 100)):
        other = pool[rng.choice(candidates)]
        alias = after[key]
        if alias.kind == "Place" and rng.random() < 0.3:  # a place turned into a subject term
            after[key] = dataclasses.replace(alias, kind="Theme", ids=[], names=[alias.name])
        else:  # renamed as another alias of its kind is named
            after[key] = dataclasses.replace(alias, name=other.name, names=[other.name], ids=list(other.ids))
        changed.add(key)
    return before, after, changed, {k: before[k] for k in changed if k in before}


@pytest.mark.parametrize(("seed", "people"), [(1, False), (2, False), (5, True)])
def test_linking_the_reachable_set_equals_linking_everything(pool: dict[str, AliasInfo], seed: int,
                                                             people: bool) -> None:
    before, after, changed, was = _changed(pool, seed, people)
    linked = link(before.values())
    old = {k: (ln.entity_id, ln.label) for k, ln in linked.items()}
    whole = link(after.values())
    local = local_links(after, changed, old, was)
    if local is None:  # allowed (an id two clusters would carry); then nothing is claimed
        pytest.skip("this change needs the whole pool linked")
    keys, links = local
    assert keys >= changed
    assert {k: links[k] for k in keys if k in after} == {k: whole[k] for k in keys if k in after}
    unchanged = {k for k in after if k not in keys}
    assert {k: linked[k] for k in unchanged} == {k: whole[k] for k in unchanged}  # score, evidence and all
    if not any(after[k].kind in ("Person", "Organization") for k in keys if k in after):
        assert len(keys) < len(after) // 4  # no person reached: a few places and themes


def test_a_person_brings_in_every_person_a_place_its_neighbours(pool: dict[str, AliasInfo]) -> None:
    old = {k: (ln.entity_id, ln.label) for k, ln in _whole(pool).items()}
    person = next(k for k, a in sorted(pool.items()) if a.kind == "Person")
    agents = {k for k, a in pool.items() if a.kind in ("Person", "Organization")}
    assert agents <= relink_set(pool, {person}, old)
    members = Counter(entity for entity, _label in old.values())
    place = next(k for k, a in sorted(pool.items()) if a.kind == "Place" and members[old[k][0]] > 1)
    keys = relink_set(pool, {place}, old)
    assert {k for k, (entity, _label) in old.items() if entity == old[place][0]} <= keys
    assert len(keys) < 100 and not keys & agents
