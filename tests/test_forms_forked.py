"""The name forms of the agents being linked, made on every core (graph.link.person_linker
`_forms_of_each`: forked children send theirs back as plain tuples), are exactly those one process
makes: the demo's agents."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.link import forked, person_linker
from graph.link.aliases import AliasInfo
from graph.link.date_weights import UNKNOWN_NATIONALITY
from graph.link.person_linker import AGENT_KINDS
from graph.link.profiles import Profiles
from graph.state import STATE_FILE, SyncState
from ingest.normalise import fold


def test_forms_made_in_forked_parts_are_those_one_process_makes(demo_dir: Path, tmp_path: Path) -> None:
    shutil.copyfile(demo_dir / STATE_FILE, tmp_path / STATE_FILE)
    state = SyncState(tmp_path / STATE_FILE)
    try:
        aliases = [AliasInfo.from_props(k, p) for k, p in state.aliases_in(None)]
    finally:
        state.close()
    reps = Profiles([a for a in aliases if a.kind in AGENT_KINDS]).representatives
    written = {(a.kind == "Organization", a.name, tuple(a.names)) for a in reps}
    assert forked.workers(len(written)) > 1  # the demo's agents are dealt to a forked child too

    forms, mains = person_linker._forms_of_each(reps)
    person_linker.name_forms.cache_clear()  # nothing the fork's parent made is reused below
    nationalities = frozenset(fold(a.nationality) for a in reps if a.nationality) - UNKNOWN_NATIONALITY
    alone, alone_mains = person_linker._forms_here(reps, nationalities)
    assert forms == alone
    assert mains == alone_mains
    # the derived fields match too (a NameForm compares by its given fields only)
    assert [[(f.sorted_key, f.first_last, f.sounds, hash(f)) for f in fs] for fs in forms] == \
        [[(f.sorted_key, f.first_last, f.sounds, hash(f)) for f in fs] for fs in alone]
    # aliases written alike share one tuple of forms, as in one process
    by_written: dict[tuple[bool, str, tuple[str, ...]], int] = {}
    for alias, fs in zip(reps, forms, strict=True):
        assert by_written.setdefault((alias.kind == "Organization", alias.name, tuple(alias.names)), id(fs)) == id(fs)
