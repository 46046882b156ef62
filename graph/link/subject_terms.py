"""Subject terms that name a person or a place join that person or place, when the evidence says so.

A museum's keyword list holds "Homer, Winslow" (a person written the way indexes write people)
and "Paris" (a place) as plain terms. Linked only to other terms, they stay Themes beside the
Person and the Place, and an entity page misses the records that are about it. After people are
linked, each term is checked:

- a term written as an inverted personal name ("Surname, Forename", "King, Jr., Martin Luther";
  thesaurus inversions such as "Hand, left" or "figure, male" are not: lower-case words) whose
  direct-order name is, exactly, the main or alternate name of agents that linking put in ONE
  entity, held by no source twice: joined to that entity, scored by the name's rarity (the
  undated-name model of `person_linker.NameRarity`) plus one bit for the inverted form;
- a term whose label is a place label the same source uses for places (NGA's keyword "Paris" and
  its "Place Executed" Paris): joined to that place, 0.9; a label only other sources use for one
  place: joined for review, 0.7; never a term written in lower case (Tate's "seal" is an animal).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from graph.link.aliases import AliasInfo
from graph.link.clusters import Clusters
from graph.link.person_linker import AGENT_KINDS, PairScorer
from graph.link.person_names import name_forms
from ingest.normalise import fold, split_dates

INVERTED_NAME_BIT = 1.0  # a term written "Surname, Forename" is more likely a person than a random pair
PLACE_SAME_SOURCE = 0.9
PLACE_OTHER_SOURCES = 0.7
_NAME_PART = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[a-z]{1,4}|(?:de|da|di|van|von|der|le|la|du)\b.*)(?:\s+\S+)*$")
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.I)


def inverted_person_name(term: str) -> str | None:
    """"Homer, Winslow" -> "Homer, Winslow"; "Hand, left" / "Washington, DC" / "Paris" -> None."""
    text, _ = split_dates(term)
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 3 and _SUFFIX.match(parts[1]):
        parts = [parts[0], parts[2]]
    if len(parts) != 2 or not all(parts):
        return None
    surname, forenames = parts
    if not surname[:1].isupper() and surname.split()[0] not in ("de", "da", "di", "van", "von", "der", "le", "la"):
        return None
    words = forenames.replace(".", ". ").split()
    if not words or not all(w[:1].isupper() or w in ("de", "da", "di", "van", "von", "der", "le", "la", "de'")
                            for w in words):
        return None
    if len(forenames.replace(".", "")) <= 2 and forenames.isupper():  # "Washington, DC", "Paris, TX"
        return None
    return text


def link_subject_terms(clusters: Clusters, by_key: dict[str, AliasInfo], scorer: PairScorer, review_min: float,
                       joined: Callable[[str, float, str, str], None]) -> None:
    themes = [a for a in by_key.values() if a.kind == "Theme"]
    if not themes:
        return
    by_name: dict[str, list[str]] = defaultdict(list)
    for p, members in enumerate(scorer.profiles.members):
        for form in scorer.forms[p]:
            if not form.firm:  # "David Anderson and Company" is not the "Anderson, David" a term names
                by_name[form.full].extend(members)
    places: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # label -> source -> keys
    for alias in by_key.values():
        if alias.kind == "Place":
            places[fold(alias.name)][alias.source].append(alias.key)
    for theme in themes:
        written = inverted_person_name(theme.name)
        if written:
            _to_person(theme, written, clusters, by_name, scorer, review_min, joined)
            continue
        label = fold(theme.name)
        # A place is a proper name: a term written in lower case is a thing ("seal", the animal,
        # not Seal in Kent), however a place of that name is spelt.
        if label in places and theme.name[:1].isupper():
            _to_place(theme, places[label], clusters, joined)


def _to_person(theme: AliasInfo, written: str, clusters: Clusters, by_name: dict[str, list[str]],
               scorer: PairScorer, review_min: float, joined: Callable[[str, float, str, str], None]) -> None:
    for form in name_forms(written):
        agents = [k for k in dict.fromkeys(by_name.get(form.full, [])) if scorer.aliases[k].kind in AGENT_KINDS]
        if len(form.tokens) < 2 or not agents or scorer.name_counts[form.full] > 1:
            continue
        if len({clusters.find(k) for k in agents}) != 1:
            continue  # two entities answer to this name: the term cannot say which
        agent = scorer.aliases[agents[0]]
        bits = scorer.rarity.odds(form.tokens, theme.source, agent.source) + INVERTED_NAME_BIT
        probability = 1.0 / (1.0 + 2.0 ** -bits)
        if probability >= review_min and clusters.union(theme.key, agent.key):
            evidence = (f"subject term '{theme.name}' is the name of {agent.name} ({agent.key}), held by one entity; "
                        f"name rarity and the inverted name form give {bits:+.1f} bits")
            joined(theme.key, probability, "subject:name", evidence)
        return


def _to_place(theme: AliasInfo, holders: dict[str, list[str]], clusters: Clusters,
              joined: Callable[[str, float, str, str], None]) -> None:
    same = holders.get(theme.source, [])
    if same:
        score, target, why = PLACE_SAME_SOURCE, same[0], "the same source uses this term as a place"
    else:
        keys = [k for ks in holders.values() for k in ks]
        if len({clusters.find(k) for k in keys}) != 1:
            return  # several places answer to this label ("Paris, France" and "Paris, Texas")
        score, target, why = PLACE_OTHER_SOURCES, keys[0], "other sources use this label for one place"
    if clusters.union(theme.key, target, check_records=False):
        joined(theme.key, score, "subject:place", f"subject term '{theme.name}': {why} ({target})")
