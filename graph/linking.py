"""Reconciliation: which aliases are the same real person, organisation, place or theme.

This first linker is deterministic: aliases that share an authority id are one entity
(union-find over ids, so A~B by ULAN and B~C by Wikidata puts A, B, C together); places and
themes also join on their exact normalised label. Every link says how it was made (`method`),
how sure it is (`score`) and why (`evidence`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.aliases import AliasInfo
from graph.model import entity_id
from ingest.authority import ids_by_scheme
from ingest.normalise import fold

# Which id schemes identify which kind of entity, strongest first.
ID_SCHEMES = {
    "Person": ("ulan", "wikidata", "viaf", "lcnaf", "gnd", "rkd"),
    "Organization": ("ulan", "wikidata", "viaf", "lcnaf", "gnd"),
    "Place": ("tgn", "geonames", "wikidata", "lcnaf", "fast", "gnd"),
    "Theme": ("aat", "lcsh", "fast", "wikidata", "gnd"),
}
LABEL_LINKED_KINDS = ("Place", "Theme")
# Sources disagree on person vs organisation (MoMA lists "NASA" and "Gilbert & George" as
# constituents without saying which), so ids join agents of either kind.
FAMILY = {"Person": "agent", "Organization": "agent", "Place": "Place", "Theme": "Theme"}


def _cluster_kind(kinds: list[str]) -> str:
    """An agent cluster is an Organization if any source says so; else the majority kind."""
    if "Organization" in kinds and set(kinds) <= {"Person", "Organization"}:
        return "Organization"
    return Counter(kinds).most_common(1)[0][0]


@dataclass(frozen=True)
class Link:
    alias_key: str
    entity_id: str
    label: str
    score: float
    method: str
    evidence: str
    status: str = "auto"


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link(aliases: Iterable[AliasInfo], *, use_ids: bool = True) -> dict[str, Link]:
    """Assign every alias to a canonical entity id. Deterministic for the same aliases."""
    by_key = {a.key: a for a in aliases}
    uf = _UnionFind()
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)  # (kind, id) -> alias keys
    for alias in by_key.values():
        uf.find(alias.key)
        if use_ids:
            for full in alias.ids:
                scheme = full.partition(":")[0]
                if scheme in ID_SCHEMES.get(alias.kind, ()):
                    holders[(FAMILY.get(alias.kind, alias.kind), full)].append(alias.key)
        if alias.kind in LABEL_LINKED_KINDS:
            holders[(alias.kind, "label:" + fold(alias.name))].append(alias.key)
    for keys in holders.values():
        for other in keys[1:]:
            uf.union(keys[0], other)

    clusters: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        clusters[uf.find(key)].append(key)

    links: dict[str, Link] = {}
    for members in clusters.values():
        members.sort()
        kind = _cluster_kind([by_key[m].kind for m in members])
        canonical = entity_id(kind, _cluster_suffix(kind, [by_key[m] for m in members], use_ids))
        for key in members:
            links[key] = _explain(by_key[key], canonical, kind, members, by_key, holders, use_ids)
    return links


def _cluster_suffix(kind: str, members: list[AliasInfo], use_ids: bool) -> str:
    """A stable id for the cluster: its strongest shared authority id, else its label (places,
    themes), else the smallest alias key."""
    if use_ids:
        for scheme in ID_SCHEMES.get(kind, ()):
            values = sorted({i for m in members for i in m.ids if i.startswith(scheme + ":")})
            if values:
                return values[0]
    if kind in LABEL_LINKED_KINDS:
        return "label:" + min(fold(m.name) for m in members)
    return min(m.key for m in members)


def _explain(
    alias: AliasInfo,
    canonical: str,
    kind: str,
    members: list[str],
    by_key: dict[str, AliasInfo],
    holders: dict[tuple[str, str], list[str]],
    use_ids: bool,
) -> Link:
    if len(members) == 1:
        return Link(alias.key, canonical, kind, 1.0, "unique", "no other alias shares an id or a label")
    if use_ids:
        for scheme in ID_SCHEMES.get(alias.kind, ()):
            for full in alias.ids:
                if full.startswith(scheme + ":"):
                    others = [k for k in holders.get((FAMILY.get(alias.kind, alias.kind), full), []) if k != alias.key]
                    if others:
                        return Link(alias.key, canonical, kind, 1.0, f"id:{scheme}",
                                    f"{full} also on {_list(others)}")
    label = "label:" + fold(alias.name)
    others = [k for k in holders.get((alias.kind, label), []) if k != alias.key]
    if others:
        return Link(alias.key, canonical, kind, 0.9, "label:exact", f"same label '{alias.name}' as {_list(others)}")
    return Link(alias.key, canonical, kind, 0.95, "id:transitive",
                f"joined through other members of {canonical}: {_list([m for m in members if m != alias.key])}")


def _list(keys: list[str], limit: int = 3) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def entity_props(kind: str, members: list[AliasInfo]) -> dict[str, Any]:
    """Properties of a canonical node, from the aliases that refer to it."""
    names = Counter(m.name for m in members)
    name = sorted(names.items(), key=lambda item: (-item[1], "," in item[0], len(item[0]), item[0]))[0][0]
    all_names = list(dict.fromkeys(n for m in members for n in [m.name, *m.names]))
    props: dict[str, Any] = {"name": name, "names": all_names, "sources": sorted({m.source for m in members})}
    for attribute in ("birth_year", "death_year", "nationality", "gender"):
        values = Counter(getattr(m, attribute) for m in members if getattr(m, attribute) is not None)
        if values:
            props[attribute] = values.most_common(1)[0][0]
    ids = sorted({i for m in members for i in m.ids})
    if ids:
        props["ids"] = ids
        for scheme, values in ids_by_scheme(ids).items():
            props[scheme] = values[0]
    return props
