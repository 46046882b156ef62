"""A first ingest hands linking's aliases and links to the entity properties (graph.build
`_link_pools`, `_members_of`) instead of reading every alias back from the state: the entities must
be exactly those the state's own members give."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.build import _members_of, _refresh_entities
from graph.link.aliases import AliasInfo
from graph.state import STATE_FILE, SyncState


def test_members_linking_holds_give_the_entities_the_state_gives(demo_dir: Path, tmp_path: Path) -> None:
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)
    state = SyncState(tmp_path / STATE_FILE)
    try:
        stored = dict(state.db.execute("SELECT id, props FROM entities"))
        aliases = {key: AliasInfo.from_props(key, props) for key, props in state.aliases_in(None)}
        known: dict[str, tuple[str, list[AliasInfo]]] = {}
        for key, (entity, label, _props) in sorted(state.links_in().items()):
            known.setdefault(entity, (label, []))[1].append(aliases[key])
        dirty = set(stored)
        from_state = [(e, label, [a.key for a in members]) for e, label, members, _ in _members_of(state, dirty, None)]
        from_links = [(e, label, [a.key for a in members]) for e, label, members, _ in _members_of(state, dirty, known)]
        assert len(from_state) > 40_000
        assert from_links == from_state

        # a state without entities, as a first ingest has it: the same entities from either
        state.begin()
        state.db.execute("DELETE FROM entities")
        changed = _refresh_entities(state, dirty, known=known)
        assert changed == dirty
        assert dict(state.db.execute("SELECT id, props FROM entities")) == stored
        state.db.execute("DELETE FROM entities")
        _refresh_entities(state, dirty)
        assert dict(state.db.execute("SELECT id, props FROM entities")) == stored
        state.rollback()
    finally:
        state.close()


def test_the_entities_linked_to_many_aliases_or_few_are_those_their_links_name(demo_dir: Path, tmp_path: Path) -> None:
    """`SyncState.entities_linked` scans the links for many keys and asks by key for few: the same answer."""
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)
    state = SyncState(tmp_path / STATE_FILE)
    try:
        links = state.links_in()
        for keys in (set(links), set(sorted(links)[::50]), {"no:such:alias"}, set()):
            assert state.entities_linked(keys) == {links[k][0] for k in keys if k in links}
        assert len(state.entities_linked(set(links))) > 40_000
    finally:
        state.close()
