"""Folding the aliases in parts on every core (graph.alias_fold) gives what folding them in one pass
gives: the demo's aliases, folded again from its state's mentions, in forked parts and in one."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph import alias_fold
from graph.build import _refresh_aliases
from graph.places_ahead import PlacesAhead
from graph.state import STATE_FILE, SyncState, dumps


def _all_dirty(state: SyncState) -> None:
    state.db.execute("INSERT OR IGNORE INTO dirty_aliases (key) SELECT key FROM aliases")


def test_the_parts_cut_at_alias_boundaries_fold_as_one_pass_does(demo_dir: Path, tmp_path: Path) -> None:
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)
    state = SyncState(tmp_path / STATE_FILE)
    try:
        stored_props = dict(state.db.execute("SELECT key, props FROM aliases"))
        state.begin()
        _all_dirty(state)
        rows, stored = state.dirty_alias_rows()
        state.rollback()
        assert len(rows) > alias_fold.MIN_ROWS  # the demo's run forks too
        whole = alias_fold.fold_rows(rows, {})
        # every alias comes out as the state holds it, in key order
        assert whole.keys == sorted(stored_props)
        assert {key: props for key, _kind, props in whole.changed} == stored_props
        assert whole.gone == []
        # unchanged props are not sent back
        assert alias_fold.fold_rows(rows, stored).changed == []
        for parts in (2, 3, 7):
            cut = alias_fold.split(rows, parts)
            assert [r for part in cut for r in part] == rows
            assert all(a[-1][0] != b[0][0] for a, b in zip(cut, cut[1:], strict=False))  # no alias cut in two
            folded = [alias_fold.fold_rows(part, {}) for part in cut]
            assert [k for f in folded for k in f.keys] == whole.keys
            assert [c for f in folded for c in f.changed] == whole.changed
        forked = alias_fold.fold_all(rows, {})
        assert [c for f in forked for c in f.changed] == whole.changed
        labels, ids = set(), set()
        for f in forked:
            labels |= f.places.labels
            ids |= f.places.ids
        assert (labels, ids) == (whole.places.labels, whole.places.ids)
        assert any(i.startswith("geonames:") for i in ids)
    finally:
        state.close()


def test_a_refresh_marks_changed_new_and_gone_aliases(demo_dir: Path, tmp_path: Path) -> None:
    """Through `graph.build._refresh_aliases`: an alias whose props differ is changed (its old props in
    `was`), one the state did not hold is new, one without mentions is removed."""
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)
    state = SyncState(tmp_path / STATE_FILE)
    try:
        keys = sorted(k for (k,) in state.db.execute("SELECT key FROM aliases"))
        edited, missing, orphan = keys[100], keys[200], keys[300]
        state.begin()
        state.db.execute("UPDATE aliases SET props = ? WHERE key = ?", (dumps({"kind": "Person"}), edited))
        state.db.execute("DELETE FROM aliases WHERE key = ?", (missing,))
        state.db.execute("DELETE FROM mentions WHERE alias = ?", (orphan,))
        _all_dirty(state)
        state.db.execute("INSERT OR IGNORE INTO dirty_aliases (key) VALUES (?)", (missing,))
        places = PlacesAhead()
        changed, touched, was = _refresh_aliases(state, None, places)
        assert changed == {edited, missing, orphan}
        assert touched == set(keys)
        assert set(was) == {edited, orphan} and was[edited] == dumps({"kind": "Person"})
        assert state.alias_props([missing, orphan, edited]).keys() == {missing, edited}
        assert set(state.pending("alias")) == {edited, missing, orphan}
        assert places.labels  # the place names were handed on for the gazetteer
        state.rollback()
    finally:
        state.close()
