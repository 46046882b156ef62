"""Profiles.connecting: the few member pairs that stand for every cross-source pair of two profiles."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.link.aliases import AliasInfo
from graph.link.profiles import Profiles

SOURCES = ("moma", "nga", "tate", "cmoa")


def _profiles(sources_a: list[str], sources_b: list[str]) -> Profiles:
    """Two profiles (two life dates) whose members come from the given sources, keys interleaved."""
    aliases = [AliasInfo(f"k{i:03d}a", "Person", "Jane Doe", s, s, birth_year=1900) for i, s in enumerate(sources_a)]
    aliases += [AliasInfo(f"k{i:03d}b", "Person", "Jane Doe", s, s, birth_year=1901) for i, s in enumerate(sources_b)]
    return Profiles(aliases)


def _components(keys: list[str], pairs: list[tuple[str, str]]) -> set[frozenset[str]]:
    parent = {k: k for k in keys}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, set[str]] = {}
    for k in keys:
        groups.setdefault(find(k), set()).add(k)
    return {frozenset(g) for g in groups.values()}


def _reference(profiles: Profiles, pa: int, pb: int) -> set[tuple[str, str]]:
    """Every member with the first member of the other side from another source, as first written."""
    out = set()
    for p, other in ((pa, pb), (pb, pa)) if pa != pb else ((pa, pa),):
        for key, source in zip(profiles.members[p], profiles.member_sources[p], strict=True):
            partner = next((k for k, s in zip(profiles.members[other], profiles.member_sources[other], strict=True)
                            if s != source), None)
            if partner is not None:
                out.add((key, partner) if key < partner else (partner, key))
    return out


member_sources = st.lists(st.sampled_from(SOURCES), min_size=1, max_size=7)


@settings(max_examples=300, deadline=None)
@given(member_sources, member_sources)
def test_connecting_gives_the_pairs_and_clusters_of_every_cross_source_pair(sources_a: list[str],
                                                                          sources_b: list[str]) -> None:
    profiles = _profiles(sources_a, sources_b)
    assert len(profiles) == 2
    values = profiles.members
    source = {k: s for p in (0, 1) for k, s in zip(profiles.members[p], profiles.member_sources[p], strict=True)}
    for pa, pb in ((0, 1), (1, 0), (0, 0), (1, 1)):
        pairs = profiles.connecting(pa, pb, values)
        assert len(pairs) == len(set(pairs)), "a pair given twice"
        assert set(pairs) == _reference(profiles, pa, pb)
        # Linking also scores each profile with itself (one with several sources): with those pairs,
        # the members end up as together as with every cross-source pair among them.
        if pa != pb:
            pairs = pairs + profiles.connecting(pa, pa, values) + profiles.connecting(pb, pb, values)
        keys = sorted({k for p in {pa, pb} for k in profiles.members[p]})
        every = [(a, b) for a in keys for b in keys if a < b and source[a] != source[b]]
        assert _components(keys, pairs) == _components(keys, every)


def test_connecting_on_positions_as_on_keys() -> None:
    profiles = _profiles(["nga", "nga", "moma", "tate"], ["moma", "nga", "moma"])
    positions = [[int(k[1:4]) * 2 + (k[-1] == "b") for k in members] for members in profiles.members]
    by_key = {(int(a[1:4]) * 2 + (a[-1] == "b"), int(b[1:4]) * 2 + (b[-1] == "b"))
              for a, b in profiles.connecting(0, 1, profiles.members)}
    assert {tuple(sorted(p)) for p in profiles.connecting(0, 1, positions)} == {tuple(sorted(p)) for p in by_key}
