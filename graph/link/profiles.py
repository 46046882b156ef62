"""Profiles: agent aliases grouped by everything person linking compares.

A union catalogue writes "Homer, Winslow, 1836-1910" in thousands of records and sources;
each of those aliases scores the same against any other. Linking blocks and scores one
representative per profile, then connects the members (`connecting`), which keeps the work
proportional to the distinct ways a name is written, not to the number of mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property
from operator import attrgetter
from typing import Any

from graph.link.aliases import AliasInfo
from graph.link.life_years import active_years


def profile_key(alias: AliasInfo) -> tuple[Any, ...]:
    """What scoring and merge checks read of an alias (not its key, source or record)."""
    return (alias.kind, alias.name, tuple(alias.names), alias.birth_year, alias.death_year, alias.nationality,
            tuple(sorted(alias.ids)) if alias.ids else (), active_years(alias) if alias.bio else None)


class Profiles:
    """Aliases (taken in key order) grouped into profiles numbered 0..n-1."""

    def __init__(self, aliases: Iterable[AliasInfo]) -> None:
        index: dict[tuple[Any, ...], int] = {}
        self.representatives: list[AliasInfo] = []
        self.members: list[list[str]] = []
        self.member_sources: list[list[str]] = []
        reps, members, member_sources = self.representatives, self.members, self.member_sources
        for alias in sorted(aliases, key=attrgetter("key")):  # a million at scale: the loop is kept lean
            key = profile_key(alias)
            p = index.get(key)
            if p is None:
                index[key] = len(reps)
                reps.append(alias)
                members.append([alias.key])
                member_sources.append([alias.source])
            else:
                members[p].append(alias.key)
                member_sources[p].append(alias.source)
        del index
        self.size = [len(m) for m in self.members]
        # (source, members from it) per profile: the statistics below count per source, several times.
        self.source_counts = [((s[0], 1),) if len(s) == 1 else tuple(Counter(s).items()) for s in self.member_sources]
        self.sources = [len(counts) for counts in self.source_counts]
        # The one source all members come from, or None: two such profiles of one source never pair.
        self.only_source = [s[0] if n == 1 else None for s, n in zip(self.member_sources, self.sources, strict=True)]
        # (first member, first member from another source than it) per profile: partners in O(1).
        self.firsts = [(0, next((i for i, x in enumerate(s) if x != s[0]), None)) for s in self.member_sources]

    @cached_property
    def of(self) -> dict[str, int]:
        """The profile of each alias key (made when asked: linking itself works on positions)."""
        return {key: p for p, members in enumerate(self.members) for key in members}

    def __len__(self) -> int:
        return len(self.representatives)

    def most_in_one_source(self, values: Callable[[int], set[str]]) -> Counter[str]:
        """For each value (a name, a surname): the most aliases one source gives it.

        Counted inside a source, not across them: "Winslow Homer" in four sources is one person
        four times, while three "John Smith" constituents in one source are three people.
        """
        by_source: Counter[tuple[str, str]] = Counter()
        for p, counts in enumerate(self.source_counts):
            found = values(p)
            if not found:
                continue
            for source, n in counts:
                for value in found:
                    by_source[(source, value)] += n
        counts: Counter[str] = Counter()
        for (_, value), n in by_source.items():
            counts[value] = max(counts[value], n)
        return counts

    def _partner(self, p: int, source: str, values: list[list[Any]]) -> Any:
        """The first member of profile p whose source is not `source` (its entry in `values`)."""
        first, other = self.firsts[p]
        if self.member_sources[p][first] != source:
            return values[p][first]
        return values[p][other] if other is not None else None

    def connecting(self, pa: int, pb: int, values: list[list[Any]]) -> list[tuple[Any, Any]]:
        """Cross-source member pairs that connect the members of two profiles (or of one, pa == pb)
        as every cross-source pair would, together with each profile's own (`connecting(p, p)`,
        which linking scores too): each member meets the first member of the other side from
        another source. Members are given as their entries in `values` (one list per profile,
        in member order, ordered as the keys are: `members` itself, or the keys' positions)."""
        if pa == pb:
            return self._connecting_self(pa, values)
        va, vb, sa, sb = values[pa], values[pb], self.member_sources[pa], self.member_sources[pb]
        # A member's partner on the other side: its first member, or, for a member from that first
        # member's source, its first member from another source (None: it has none).
        first_a, first_b, source_a, source_b = va[0], vb[0], sa[0], sb[0]
        other_a, other_b = self.firsts[pa][1], self.firsts[pb][1]
        alt_a = va[other_a] if other_a is not None else None
        alt_b = vb[other_b] if other_b is not None else None
        out = []
        for key, source in zip(va, sa, strict=True):
            partner = alt_b if source == source_b else first_b
            if partner is not None:
                out.append((key, partner) if key < partner else (partner, key))
        # From b's side a pair is new unless its a-partner already named this member as its own partner.
        back_first = alt_b if source_a == source_b else first_b  # b's partner of first_a
        back_alt = (alt_b if sa[other_a] == source_b else first_b) if other_a is not None else None
        for key, source in zip(vb, sb, strict=True):
            if source == source_a:
                partner, back = alt_a, back_alt
            else:
                partner, back = first_a, back_first
            if partner is not None and back != key:
                out.append((key, partner) if key < partner else (partner, key))
        return out

    def _connecting_self(self, p: int, values: list[list[Any]]) -> list[tuple[Any, Any]]:
        seen: dict[tuple[Any, Any], None] = {}
        for key, source in zip(values[p], self.member_sources[p], strict=True):
            partner = self._partner(p, source, values)
            if partner is not None:
                seen[(key, partner) if key < partner else (partner, key)] = None
        return list(seen)
