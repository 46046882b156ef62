"""A union-find that refuses merges which would put incompatible aliases in one entity.

Each cluster keeps a summary (birth/death year range, authority ids by scheme, generation markers,
curator "never with" aliases) so a merge is checked in constant time, not by comparing all
members; and the distinct name words of its agent members, so that a cluster never holds two
names that share no word (two artists meeting through a third record), checked for merges of up
to MAX_NAME_CHECK member pairs. A summary is made when a cluster first meets another (most
aliases of a big catalogue are merged into a few clusters, so a million up-front summaries would
mostly be thrown away), and aliases with the same names share one set of name words.
"""

from __future__ import annotations

from graph.link.aliases import AliasInfo
from graph.link.life_years import transposed  # the same typo rule as pair scoring
from graph.link.person_names import NameForm, generations, markers_differ, markers_text, name_forms, sound

MAX_YEAR_SPREAD = 10  # life years further apart than this are two people
MAX_NAME_CHECK = 2500  # member pairs compared for "names share a word"; bigger merges skip the check
EXCLUSIVE_SCHEMES = ("ulan", "wikidata")  # two different values: two people (sources err; ids win then)
_NO_GENERATIONS: frozenset[str] = frozenset()


class _Summary:
    """What merge checks read of a cluster (a million are made at scale: slots, no defaults machinery)."""

    __slots__ = ("birth", "death", "ids", "generations", "words", "agents")

    def __init__(self, birth: tuple[int, int] | None, death: tuple[int, int] | None, ids: dict[str, set[str]],
                 generations: frozenset[str], words: set[frozenset[str]], agents: int) -> None:
        self.birth, self.death, self.ids = birth, death, ids
        self.generations = generations  # "elder", "younger", ... of the agents' names
        self.words = words  # the agent members' name words, each set once
        self.agents = agents  # agent members (with repeats of the same words)


def _span(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


def _apart(span: tuple[int, int] | None) -> bool:
    return span is not None and span[1] - span[0] > MAX_YEAR_SPREAD and not transposed(*span)


def _agree(span: tuple[int, int] | None, a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Both clusters know this life year and all their values lie within 2 years."""
    return a is not None and b is not None and span is not None and span[1] - span[0] <= 2


_SMALL = frozenset({"and", "of", "the", "for", "und", "et", "y"})


def _name_words(forms: list[NameForm]) -> frozenset[str]:
    """Every word of an agent's names (and how it sounds, `sound`), plus each name's initials ("nasa"
    for "National Aeronautics and Space Administration"), so an acronym shares a word with what it
    abbreviates."""
    words = {w for f in forms for w in f.tokens}
    words |= {sound(w) for w in words}  # "Karl Chernik" shares a word with "Carl Tschernik" (another spelling)
    for f in forms:
        if len(f.tokens) >= 3:
            words.add("".join(t[0] for t in f.tokens))
            words.add("".join(t[0] for t in f.tokens if t not in _SMALL))
    return frozenset(words)


def _apart_records(sa: _Summary, sb: _Summary, births: tuple[int, int] | None,
                   deaths: tuple[int, int] | None) -> str | None:
    """Why two clusters cannot be one person, from their summaries (`births`, `deaths`: the spans
    of both together), or None."""
    # One far-off life year is tolerated when the other agrees (a source typed one wrong).
    if _apart(births) and not _agree(deaths, sa.death, sb.death):
        return f"birth years {births[0]} and {births[1]} are too far apart"  # type: ignore[index]
    if _apart(deaths) and not _agree(births, sa.birth, sb.birth):
        return f"death years {deaths[0]} and {deaths[1]} are too far apart"  # type: ignore[index]
    if sa.ids and sb.ids:
        for scheme in EXCLUSIVE_SCHEMES:
            va, vb = sa.ids.get(scheme), sb.ids.get(scheme)
            if va and vb and va.isdisjoint(vb):
                return f"different {scheme} ids"
    if markers_differ(sa.generations, sb.generations):
        return "different markers: " + markers_text(sa.generations | sb.generations)
    if sa.agents * sb.agents <= MAX_NAME_CHECK:
        for x in sa.words:
            for y in sb.words:
                if x and y and x.isdisjoint(y):  # two names that share nothing meet only through a third
                    return "two members' names share no word"
    return None


class Clusters:
    """Clusters of aliases, addressed by alias key; inside, each alias is its position in key order
    (`at`), so the million finds and merges of person linking index lists, not dicts of strings."""

    def __init__(self, aliases: dict[str, AliasInfo], *, use_ids: bool) -> None:
        self.keys = sorted(aliases)  # position order = key order: comparing positions compares keys
        self.at = {k: i for i, k in enumerate(self.keys)}
        self.aliases = [aliases[k] for k in self.keys]
        self.use_ids = use_ids
        self.parent = list(range(len(self.keys)))  # parent[i] == i: i is a root
        self.size: dict[int, int] = {}  # roots of more than one alias
        self.summary: dict[int, _Summary] = {}  # roots that met another cluster (`_summary`)
        self.never: dict[int, set[int]] = {}  # root -> aliases it must never hold
        self._names: dict[tuple[bool, str, tuple[str, ...]], tuple[frozenset[str], frozenset[str]]] = {}
        # Two roots refused, with their sizes then: a cluster only changes by growing, so the same
        # two roots at the same sizes are refused again without a check. At scale most refusals
        # repeat (each member of a profile meets the same other cluster): 524k of 564k at 1M mentions.
        self._refused: dict[tuple[int, int], tuple[int, int]] = {}

    def _summary(self, root: int) -> _Summary:
        """The summary of a root; a root without one is a single alias, summarised now."""
        found = self.summary.get(root)
        if found is not None:
            return found
        alias = self.aliases[root]
        born, died = alias.birth_year, alias.death_year
        marks, words, agents = _NO_GENERATIONS, set(), 0
        if alias.kind in ("Person", "Organization"):
            body = alias.kind == "Organization"
            names = (body, alias.name, tuple(alias.names))
            if names not in self._names:
                forms = [f for n in dict.fromkeys([alias.name, *alias.names]) for f in name_forms(n, body)]
                self._names[names] = (generations(tuple(forms)), _name_words(forms))
            marks, one = self._names[names]
            words, agents = {one}, 1
        ids: dict[str, set[str]] = {}
        if self.use_ids:
            for full in alias.ids:
                scheme, _, value = full.partition(":")
                if scheme in EXCLUSIVE_SCHEMES:
                    ids.setdefault(scheme, set()).add(value)
        s = _Summary((born, born) if born else None, (died, died) if died else None, ids, marks, words, agents)
        self.summary[root] = s
        return s

    def find(self, key: str) -> str:
        """The key of the root of key's cluster."""
        return self.keys[self.find_at(self.at[key])]

    def find_at(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while x != root:
            following = parent[x]
            parent[x] = root
            x = following
        return root

    def forbid(self, a: str, b: str) -> None:
        """a and b must never share an entity (a curator's "not the same" or a rejection)."""
        ia, ib = self.at[a], self.at[b]
        self.never.setdefault(self.find_at(ia), set()).add(ib)
        self.never.setdefault(self.find_at(ib), set()).add(ia)

    def conflict(self, a: str, b: str, *, check_records: bool) -> str | None:
        """Why the clusters of a and b must stay apart, or None."""
        ra, rb = self.find_at(self.at[a]), self.find_at(self.at[b])
        return None if ra == rb else self._conflict(ra, rb, check_records)

    def _conflict(self, ra: int, rb: int, check_records: bool) -> str | None:
        """`conflict` for two different roots."""
        if self.never:  # curator decisions: few or none
            apart = self._curator_apart(ra, rb)
            if apart:
                return apart
        if not check_records:
            return None
        sa, sb = self._summary(ra), self._summary(rb)
        return _apart_records(sa, sb, _span(sa.birth, sb.birth), _span(sa.death, sb.death))

    def _curator_apart(self, ra: int, rb: int) -> str | None:
        for x in self.never.get(ra, ()):
            if self.find_at(x) == rb:
                return f"curator: {self.keys[x]} is not the same as a member"
        for x in self.never.get(rb, ()):
            if self.find_at(x) == ra:
                return f"curator: {self.keys[x]} is not the same as a member"
        return None

    def union(self, a: str, b: str, *, check_records: bool = True) -> bool:
        """Merge the clusters of a and b unless they conflict; True if they are now one."""
        ra, rb = self.find_at(self.at[a]), self.find_at(self.at[b])
        return ra == rb or self.join_at(ra, rb, check_records)

    def join_at(self, ra: int, rb: int, check_records: bool = True) -> bool:
        """`union` for two different roots (the caller found them): a million merges find each root
        once, and read each summary once (the checks and the merge in one place)."""
        size = self.size
        size_a, size_b = size.get(ra, 1), size.get(rb, 1)
        if check_records:
            pair, sizes = ((ra, rb), (size_a, size_b)) if ra < rb else ((rb, ra), (size_b, size_a))
            if self._refused.get(pair) == sizes:
                return False
        if self.never and self._curator_apart(ra, rb):
            if check_records:
                self._refused[pair] = sizes
            return False
        sa, sb = self._summary(ra), self._summary(rb)
        births, deaths = _span(sa.birth, sb.birth), _span(sa.death, sb.death)
        if check_records and _apart_records(sa, sb, births, deaths):
            self._refused[pair] = sizes
            return False
        if (size_a, rb) < (size_b, ra):
            ra, rb, sa, sb = rb, ra, sb, sa
        self.parent[rb] = ra
        size[ra] = size_a + size_b
        size.pop(rb, None)
        del self.summary[rb]
        sa.birth, sa.death = births, deaths
        if sb.ids:
            for scheme, values in sb.ids.items():
                sa.ids.setdefault(scheme, set()).update(values)
        if sb.generations:
            sa.generations = sa.generations | sb.generations
        sa.words |= sb.words
        sa.agents += sb.agents
        if rb in self.never:
            self.never.setdefault(ra, set()).update(self.never.pop(rb))
        return True

    def export_state(self, positions: list[int]) -> tuple[list[int], list[int], dict[int, int], dict[int, _Summary],
                                                          dict[int, set[int]]]:
        """What `import_state` needs to take over the clusters of `positions` (all their members) from
        this copy: each position's root, and the roots' sizes, summaries and curator constraints."""
        roots = [self.find_at(i) for i in positions]
        mine = set(positions)
        return (positions, roots, {r: n for r, n in self.size.items() if r in mine},
                {r: s for r, s in self.summary.items() if r in mine}, {r: v for r, v in self.never.items() if r in mine})

    def import_state(self, state: tuple[list[int], list[int], dict[int, int], dict[int, _Summary],
                                        dict[int, set[int]]]) -> None:
        """Take the clusters of some positions as another copy of these clusters left them
        (`export_state`), when only that copy joined any of them."""
        positions, roots, size, summary, never = state
        parent = self.parent
        for i, root in zip(positions, roots, strict=True):
            parent[i] = root
            self.size.pop(i, None)
            self.summary.pop(i, None)
            self.never.pop(i, None)
        self.size.update(size)
        self.summary.update(summary)
        self.never.update(never)

    def groups_at(self) -> dict[int, list[int]]:
        """Root position -> member positions, in position order."""
        out: dict[int, list[int]] = {}
        find = self.find_at
        for i in range(len(self.keys)):
            out.setdefault(find(i), []).append(i)
        return out

    def groups(self) -> dict[str, list[str]]:
        """Root key -> member keys, members in key order."""
        keys = self.keys
        return {keys[root]: [keys[i] for i in members] for root, members in self.groups_at().items()}
