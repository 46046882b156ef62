"""Reconciliation: which aliases are the same real person, organisation, place or theme.

In order, each step merging clusters of aliases (a union-find that refuses merges which
would put incompatible aliases together, `graph.link.clusters`):

1. curator decisions (accept / merge) from `decisions.jsonl`; reject / not_same forbid merges;
2. shared authority ids (unless `use_ids` is False: `--blind-ids`);
3. places and themes by normalised label (`graph.link.label_keys`);
4. people and organisations by name + life dates + nationality (`graph.link.person_linker`),
   best pair first, kept only above the review threshold;
5. subject terms that name a person or a place join it (`graph.link.subject_terms`).

Every link says how it was made (`method`), how sure it is (`score`), why (`evidence`) and
whether a person should look at it (`status`: auto, review, accepted, rejected).
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy

import settings
from graph.collector import no_collections
from graph.link.aliases import AliasInfo
from graph.link.best_first import join_best_first
from graph.link.clusters import Clusters
from graph.link.decisions import Decision, effective
from graph.link.label_keys import place_groups, place_parts, theme_key
from graph.link.life_years import life_years_checked
from graph.link.person_linker import AGENT_KINDS, PairScorer
from graph.link.shared_ids import nameless, not_one_person
from graph.link.subject_terms import link_subject_terms
from graph.model import entity_id
from ingest import gazetteer
from ingest.authority import ids_by_scheme
from ingest.normalise import fold

# Which id schemes identify which kind of entity, strongest first.
ID_SCHEMES = {
    "Person": ("ulan", "wikidata", "viaf", "lcnaf", "gnd", "bnf", "idref", "rkd", "isni", "orcid", "moma", "wikipedia"),
    "Organization": ("ulan", "wikidata", "viaf", "lcnaf", "gnd", "bnf", "idref", "isni", "moma", "wikipedia"),
    "Place": ("tgn", "geonames", "wikidata", "lcnaf", "fast", "gnd", "wikipedia"),
    "Theme": ("aat", "lcsh", "fast", "wikidata", "gnd"),
}
LABEL_LINKED_KINDS = ("Place", "Theme")
PLACE_WITHOUT_QUALIFIER = 0.7  # an unqualified place name joined to qualified ones: linked, for review


class Link(NamedTuple):
    """How one alias is linked (a named tuple: a million are made per run at scale, and a frozen
    dataclass takes four times as long to build)."""

    alias_key: str
    entity_id: str
    label: str
    score: float
    method: str
    evidence: str
    status: str = "auto"


@dataclass(frozen=True)
class Thresholds:
    auto_accept: float = 0.9  # at or above: status auto
    review_min: float = 0.5  # at or above (and below auto_accept): linked, status review; below: not linked

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(settings.link_threshold("link_auto_accept"), settings.link_threshold("link_review_min"))


def _group(kind: str) -> str:
    """People and organisations share one pool: MoMA files companies as people."""
    return "Agent" if kind in AGENT_KINDS else kind


def _cluster_kind(kinds: list[str]) -> str:
    """An agent cluster is an Organization if any source says so (MoMA lists "NASA" and
    "Gilbert & George" as constituents without saying which); else the majority kind."""
    if "Organization" in kinds and set(kinds) <= {"Person", "Organization", "Theme"}:
        return "Organization"
    named = [k for k in kinds if k != "Theme"] or kinds  # a subject term joined a person or place
    return Counter(named).most_common(1)[0][0]


@no_collections()  # linking allocates millions of objects and makes no cycles (graph/collector.py)
def link(
    aliases: Iterable[AliasInfo],
    *,
    use_ids: bool = True,
    decisions: Iterable[Decision] = (),
    thresholds: Thresholds | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Link]:
    """Assign every alias to a canonical entity id. Deterministic for the same aliases and decisions."""
    thresholds = thresholds or Thresholds()
    # Life years that are a catalogue's placeholder ("1910-2010", "1855-1995") are not compared.
    by_key = {a.key: a for a in life_years_checked(sorted(aliases, key=lambda a: a.key))}
    clusters = Clusters(by_key, use_ids=use_ids)
    why: dict[str, tuple[float, str, str]] = {}  # alias -> best (score, method, evidence) that joined it
    curator = _apply_decisions(clusters, by_key, list(decisions), why, warnings)

    def joined(key: str, score: float, method: str, evidence: str) -> None:
        if key not in why or score > why[key][0]:
            why[key] = (score, method, evidence)

    if use_ids:
        holders: dict[tuple[str, str], list[str]] = defaultdict(list)
        for alias in by_key.values():
            if alias.ids and not (alias.kind in AGENT_KINDS and nameless(alias)):  # "Unknown": no one to join
                for full in alias.ids:
                    if full.partition(":")[0] in ID_SCHEMES.get(alias.kind, ()):
                        holders[(_group(alias.kind), full)].append(alias.key)
        for (group, full), keys in sorted(holders.items()):
            if group == "Agent" and len(keys) > 1:
                apart = not_one_person(keys, by_key)
                if apart:  # a family's or a duo's page on each member (graph.link.shared_ids)
                    if warnings is not None:
                        warnings.append(f"{full} is on {len(keys)} aliases, and {apart[0]} gives it to more than one "
                                        f"person ({_list(apart[1], 4)}): not used to link them")
                    continue
            merged = [k for k in keys[1:] if clusters.union(keys[0], k, check_records=False)]
            together = [keys[0], *merged]
            if len(together) > 1:
                for key in together:
                    joined(key, 1.0, f"id:{full.partition(':')[0]}",
                           f"{full} also on {_list([k for k in together if k != key])}")

    _link_labels(clusters, by_key, joined)

    scorer = PairScorer(by_key, clusters.at)
    keys = clusters.keys
    explained = bytearray(len(keys))  # aliases already in `why`: only the best-first merge adds to it meanwhile
    for key in why:
        explained[clusters.at[key]] = 1
    # Who explained whom: (alias, the pair's two positions, its score); the evidence strings are made
    # after the merge, all at once (`PairScorer.evidence_of`), and read where the links are made.
    told = Told(*join_best_first(clusters, scorer.profiles, scorer.member_positions,
                                 *scorer.candidates(min_score=thresholds.review_min), explained))
    del explained
    told.evidence = scorer.evidence_of(told.i, told.j)

    # Subject terms that name a linked person or a place join it (graph.link.subject_terms).
    link_subject_terms(clusters, by_key, scorer, thresholds.review_min, joined)
    return _links(clusters, why, told, curator, thresholds, use_ids)


class Told:
    """Aliases the best-first merge explained: `alias[k]` by the pair of positions (`i[k]`, `j[k]`)
    at `score[k]`, for the reason `evidence[k]` (set once the merge is done)."""

    def __init__(self, alias: array, i: array, j: array, score: array) -> None:
        self.alias, self.i, self.j, self.score = alias, i, j, score
        self.evidence: list[str] = []

    def by_position(self, size: int) -> list[int]:
        """For each alias position, its index here (-1: not explained by a name pair)."""
        at = [-1] * size
        for k, alias in enumerate(self.alias):
            at[alias] = k
        return at

    def rounded(self) -> list[float]:
        """Each score rounded to 4 places as `round` does, computed once per distinct score (at a
        million mentions a tenth of the scores are distinct, and `round` costs half a microsecond)."""
        if not self.score:
            return []
        distinct, back = numpy.unique(numpy.frombuffer(self.score, dtype=numpy.float64), return_inverse=True)
        once = [round(x, 4) for x in distinct.tolist()]
        return [once[b] for b in back.tolist()]


UNIQUE = (1.0, "unique", "no other alias shares an id or a label, and no name is close enough")


def _links(clusters: Clusters, why: dict[str, tuple[float, str, str]], told: Told, curator: dict[str, str],
           thresholds: Thresholds, use_ids: bool) -> dict[str, Link]:
    """One link per alias: its cluster's entity id, and the best reason that joined it (a name pair of
    the merge, unless `why` holds a better one; none in a cluster of one)."""
    keys, aliases = clusters.keys, clusters.aliases
    said = told.by_position(len(keys))
    told_rounded = told.rounded()
    auto = thresholds.auto_accept
    make = tuple.__new__  # a million links: the named tuple's own constructor is a Python call
    links: dict[str, Link] = {}
    used: set[str] = set()
    # Members come in position order (= key order): the first is the smallest.
    for members in sorted(clusters.groups_at().values(), key=lambda members: (-len(members), members[0])):
        group = [aliases[i] for i in members]
        kind = group[0].kind if len(group) == 1 else _cluster_kind([a.kind for a in group])
        canonical = entity_id(kind, _cluster_suffix(kind, group, use_ids))
        if canonical in used:  # a curator split a cluster that would otherwise carry this id
            canonical = entity_id(kind, keys[members[0]])
        used.add(canonical)
        for i in members:
            key = keys[i]
            k = said[i]
            found = why.get(key) if why else None
            if k >= 0 and (found is None or found[0] <= told.score[k]):
                a, b = told.i[k], told.j[k]
                score, rounded, method = told.score[k], told_rounded[k], "name+dates"
                evidence = f"{told.evidence[k]} (with {keys[b] if a == i else keys[a]})"
            else:
                score, method, evidence = found or UNIQUE
                rounded = None
            if len(members) == 1 and method not in ("unique", "curator"):
                score, rounded, method = 1.0, None, "unique"
            status = (curator.get(key) if curator else None) or ("auto" if score >= auto else "review")
            links[key] = make(Link, (key, canonical, kind, round(score, 4) if rounded is None else rounded,
                                     method, evidence, status))
    return links


def _link_labels(clusters: Clusters, by_key: dict[str, AliasInfo], joined: Any) -> None:
    themes: dict[str, list[str]] = defaultdict(list)
    places: dict[str, str] = {}
    for alias in by_key.values():
        if alias.kind == "Theme":
            themes[theme_key(alias.name)].append(alias.key)
        elif alias.kind == "Place":
            places[alias.key] = alias.name
    groups = [("label:theme", keys) for _, keys in sorted(themes.items())]
    groups += [("label:place", keys) for keys in place_groups(places)]
    for method, keys in groups:
        together = [keys[0], *[k for k in keys[1:] if clusters.union(keys[0], k, check_records=False)]]
        if len(together) < 2:
            continue
        qualified = {k: bool(place_parts(by_key[k].name)[1]) for k in together} if method == "label:place" else {}
        for key in together:
            others = [k for k in together if k != key]
            exact = all(fold(by_key[k].name) == fold(by_key[key].name) for k in others)
            score = 0.95 if exact else 0.9
            if qualified and not qualified[key] and any(qualified.values()):
                score = PLACE_WITHOUT_QUALIFIER  # "Inverness" may not be the "Inverness, United States" it meets
            joined(key, score, method,
                   f"label '{by_key[key].name}' {'same as' if exact else 'matches'} "
                   f"{_list([by_key[k].name + ' (' + k + ')' for k in others])}"
                   + ("; no qualifier to compare" if score == PLACE_WITHOUT_QUALIFIER else ""))


def _anchors(entity: str, alias: str, by_key: dict[str, AliasInfo]) -> list[str]:
    """The aliases that carry an entity id: the alias named in it, or the holders of the
    authority id or label in it (the alias itself excluded)."""
    _, _, suffix = entity.partition(":")
    if suffix in by_key:
        return [suffix] if suffix != alias else []
    if suffix.startswith("label:"):
        label = suffix[len("label:"):]
        return [k for k, a in by_key.items() if k != alias and a.kind in LABEL_LINKED_KINDS and fold(a.name) == label]
    return [k for k, a in by_key.items() if k != alias and suffix in a.ids]


def _apply_decisions(clusters: Clusters, by_key: dict[str, AliasInfo], decisions: list[Decision],
                     why: dict[str, tuple[float, str, str]], warnings: list[str] | None) -> dict[str, str]:
    """Turn curator decisions into forced and forbidden merges; returns alias -> status."""
    status: dict[str, str] = {}
    in_force = effective(decisions)

    def warn(text: str) -> None:
        if warnings is not None:
            warnings.append(text)

    for d in in_force:  # forbid first, so an accept cannot undo a "not the same"
        if d.alias not in by_key:
            warn(f"decision on unknown alias {d.alias} ignored")
            continue
        if d.action == "not_same" and d.other in by_key:
            clusters.forbid(d.alias, d.other)
        elif d.action == "reject":
            for anchor in _anchors(d.entity or "", d.alias, by_key):
                clusters.forbid(d.alias, anchor)
            status[d.alias] = "rejected"
            why[d.alias] = (1.0, "curator", f"curator rejected {d.entity}" + (f": {d.note}" if d.note else ""))
    for d in in_force:
        if d.action not in ("accept", "merge") or d.alias not in by_key:
            continue
        anchors = _anchors(d.entity or "", d.alias, by_key)
        if not anchors and d.entity != entity_id(by_key[d.alias].kind, d.alias):
            warn(f"{d.action} of {d.alias} into {d.entity}: no alias of that entity in the graph; ignored")
            continue
        refused = [a for a in anchors if not clusters.union(d.alias, a, check_records=False)]
        if refused:
            warn(f"{d.action} of {d.alias} into {d.entity} conflicts with a 'not the same' decision")
        status[d.alias] = "accepted"
        why[d.alias] = (1.0, "curator", f"curator {d.action}ed into {d.entity}" + (f" by {d.by}" if d.by else "")
                        + (f": {d.note}" if d.note else ""))
    return status


def _cluster_suffix(kind: str, members: list[AliasInfo], use_ids: bool) -> str:
    """A stable id for the cluster: its strongest shared authority id, else its label (places,
    themes), else the smallest alias key."""
    if use_ids:
        ids = {i for m in members for i in m.ids}  # once, not once per scheme: clusters can be large
        for scheme in ID_SCHEMES.get(kind, ()):
            values = sorted(i for i in ids if i.startswith(scheme + ":"))
            if values:
                return values[0]
    if kind in LABEL_LINKED_KINDS:
        return "label:" + min(fold(m.name) for m in members)
    return min(m.key for m in members)


def _list(keys: list[str], limit: int = 3) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


ATTRIBUTES = ("birth_year", "death_year", "nationality", "gender")  # the most given value of each


def entity_props(kind: str, members: list[AliasInfo]) -> dict[str, Any]:
    """Properties of a canonical node, from the aliases that refer to it."""
    if len(members) == 1:  # most entities (87% on the demo): the same values, without counting
        only = members[0]
        all_names = list(dict.fromkeys([only.name, *only.names]))
        props: dict[str, Any] = {"name": only.name, "names": all_names, "sources": [only.source]}
        for attribute in ATTRIBUTES:
            value = getattr(only, attribute)
            if value is not None:
                props[attribute] = value
    else:
        names = Counter(m.name for m in members)
        name = sorted(names.items(), key=lambda item: (-item[1], "," in item[0], len(item[0]), item[0]))[0][0]
        all_names = list(dict.fromkeys(n for m in members for n in [m.name, *m.names]))
        props = {"name": name, "names": all_names, "sources": sorted({m.source for m in members})}
        for attribute in ATTRIBUTES:
            values = Counter(getattr(m, attribute) for m in members if getattr(m, attribute) is not None)
            if values:
                props[attribute] = values.most_common(1)[0][0]
    ids = sorted({i for m in members for i in m.ids})
    if ids:
        props["ids"] = ids
        for scheme, values in ids_by_scheme(ids).items():
            props[scheme] = values[0]
    if kind == "Place":
        props.update(_coordinates(members, ids, all_names))
    return props


def _coordinates(members: list[AliasInfo], ids: list[str], names: list[str]) -> dict[str, Any]:
    """A place's lat/lon: the coordinates its sources give (the most given pair), else what the
    gazetteer finds offline from its GeoNames id or its labels (ingest/gazetteer.py);
    `coordinates_from` says which."""
    given = Counter((round(m.lat, 5), round(m.lon, 5)) for m in members if m.lat is not None and m.lon is not None)
    if given:
        (lat, lon), _ = sorted(given.items(), key=lambda item: (-item[1], item[0]))[0]
        return {"lat": lat, "lon": lon, "coordinates_from": "source"}
    found = gazetteer.locate(ids, names)
    if found is None:
        return {}
    return {"lat": found[0], "lon": found[1], "coordinates_from": found[2]}
