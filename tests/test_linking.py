"""Linking on real sample data: false friends stay apart, curator decisions survive a rebuild,
the blind name+date linker meets its MoMA–NGA targets, and the link queries run on both dialects."""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import queries
from graph.build import IngestReport, ingest, read_inputs
from graph.link.aliases import AliasInfo
from graph.link.decisions import Decision, append_decision, decisions_path, load_decisions
from graph.link.evaluate import GraphLink, evaluate, graph_links, read_truth
from graph.link.label_keys import place_groups
from graph.link.linker import link
from graph.link.person_linker import score_pair
from graph.link.person_names import compare_names, name_forms
from ingest.normalise import direct_order, split_life_dates
from tests.conftest import open_embedded, sample_inputs

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def museum_aliases(sample_dir: Path) -> dict[str, AliasInfo]:
    collected = read_inputs(sample_inputs(sample_dir, ("moma", "nga")), IngestReport(), io.StringIO(), None)
    return collected.aliases


def _nypl_people(sample_dir: Path, names: set[str]) -> list[AliasInfo]:
    """Personal contributors of NYPL collection records (real data), as a library source would give them."""
    people: dict[str, AliasInfo] = {}
    with (sample_dir / "library_nypl_collections" / "pd_collections.ndjson").open(encoding="utf-8") as handle:
        for line in handle:
            for c in json.loads(line).get("contributor") or []:
                heading = c.get("contributorName") or ""
                name, born, died = split_life_dates(heading)
                if c.get("contributorType") == "personal" and name in names:
                    key = f"nypl:person:{name}|{born}|{died}"
                    people[key] = AliasInfo(key, "Person", direct_order(name), "nypl", "nypl",
                                            birth_year=born, death_year=died)
    return list(people.values())


def test_name_only_false_friend_stays_apart(sample_dir: Path, museum_aliases: dict[str, AliasInfo]) -> None:
    # NYPL's Robert Chambers (1802-1871, the publisher) has MoMA's Robert Chambers (born 1958) as
    # a name-only match; Berenice Abbott (1898-1991) is a real match and must still link.
    library = _nypl_people(sample_dir, {"Chambers, Robert", "Abbott, Berenice"})
    assert {a.name for a in library} == {"Robert Chambers", "Berenice Abbott"}
    links = link([*museum_aliases.values(), *library], use_ids=False)
    chambers = next(a for a in library if a.name == "Robert Chambers")
    abbott = next(a for a in library if a.name == "Berenice Abbott")
    assert museum_aliases["moma:constituent:28586"].name == "Robert Chambers"
    assert links[chambers.key].entity_id != links["moma:constituent:28586"].entity_id
    moma_abbott = next(k for k, a in museum_aliases.items() if a.source == "moma" and a.name == "Berenice Abbott")
    assert links[abbott.key].entity_id == links[moma_abbott].entity_id
    assert "born 1898 = 1898" in links[abbott.key].evidence


def test_namesakes_centuries_apart_score_zero() -> None:
    # Hand count: surname only is no name level at all; and equal names with births 545 years
    # apart get -40 for the birth year: prior -10 + exact 11 - 40 -> p ~ 0.
    mario = AliasInfo("a:1", "Person", "Mario Bellini", "a", "a", birth_year=1935)
    jacopo = AliasInfo("b:1", "Person", "Jacopo Bellini", "b", "b", birth_year=1390)
    other = AliasInfo("b:2", "Person", "Mario Bellini", "b", "b", birth_year=1390)
    counts: Counter[str] = Counter()
    assert score_pair(mario, jacopo, name_forms(mario.name), name_forms(jacopo.name), counts) is None
    probability, evidence = score_pair(mario, other, name_forms(mario.name), name_forms(other.name), counts)
    assert probability < 1e-6 and "different people" in evidence


def test_name_forms_cover_the_hard_cases() -> None:
    assert [f.full for f in name_forms("Lewis Carroll (Charles Lutwidge Dodgson)")] == [
        "lewis carroll", "charles lutwidge dodgson"]
    assert name_forms("Sir Jacob Epstein")[0].full == "jacob epstein"
    assert name_forms("Alexej von Jawlensky")[0].full == "alexej jawlensky"
    assert name_forms("Ikeda Masuo")[0].sorted_key == name_forms("Masuo Ikeda")[0].sorted_key
    assert compare_names(name_forms("John B. Greene"), name_forms("John Beasley Greene"))[0] == \
        "same name, a word abbreviated"
    assert compare_names(name_forms("Alexander Nikolayevich Samokhvalov"),
                         name_forms("Aleksandr Nikolaevich Samokhvalov"))[0] == \
        "same surname, given names spelled differently"
    assert compare_names(name_forms("Mario Rossi"), name_forms("Maria Rossi"))[0] != \
        "same surname, given names spelled differently"


def test_blind_linking_meets_moma_nga_targets(sample_dir: Path, museum_aliases: dict[str, AliasInfo]) -> None:
    links = link(museum_aliases.values(), use_ids=False)
    graph = {k: GraphLink(ln.entity_id, museum_aliases[k].name, museum_aliases[k].birth_year,
                          museum_aliases[k].death_year, ln.score, ln.method, ln.evidence, ln.status)
             for k, ln in links.items()}
    result = evaluate(read_truth(sample_dir / "ground_truth" / "person_authority_ids.csv"), graph)
    pair = next(p.figures() for p in result.pairs if (p.source_a, p.source_b) == ("moma", "nga"))
    assert pair["precision"] >= 0.995 and pair["recall"] >= 0.99, pair
    assert "la_moma_exh" in result.not_loaded


@pytest.fixture(scope="module")
def with_linked_art(sample_dir: Path, museum_aliases: dict[str, AliasInfo]) -> dict[str, AliasInfo]:
    collected = read_inputs(sample_inputs(sample_dir, ("linked_art_moma_exhibitions",)), IngestReport(),
                            io.StringIO(), None)
    return {**museum_aliases, **collected.aliases}


def _blind_figures(sample_dir: Path, aliases: dict[str, AliasInfo]) -> tuple[dict[str, Any], dict]:
    links = link(aliases.values(), use_ids=False)
    graph = {k: GraphLink(ln.entity_id, aliases[k].name, aliases[k].birth_year, aliases[k].death_year,
                          ln.score, ln.method, ln.evidence, ln.status) for k, ln in links.items()}
    result = evaluate(read_truth(sample_dir / "ground_truth" / "person_authority_ids.csv"), graph)
    return {(p.source_a, p.source_b): p.figures() for p in result.pairs}, links


def test_blind_linking_with_linked_art_meets_targets(sample_dir: Path, with_linked_art: dict[str, AliasInfo]) -> None:
    # The targets with the third source loaded: MoMA-NGA P >= 0.995, R >= 0.99, and the
    # Linked-Art pairs at least as good once the pairs the sources themselves get wrong are set
    # aside (they are listed by `evaluate`, never fitted to).
    figures, _ = _blind_figures(sample_dir, with_linked_art)
    assert set(figures) == {("la_moma_exh", "moma"), ("la_moma_exh", "nga"), ("moma", "nga")}
    moma_nga = figures[("moma", "nga")]
    assert moma_nga["precision"] >= 0.995 and moma_nga["recall"] >= 0.99, moma_nga
    for pair in (("la_moma_exh", "moma"), ("la_moma_exh", "nga")):
        f = figures[pair]
        assert f["precision"] >= 0.995 and f["recall_without_suspected_source_errors"] >= 0.99, f
        assert f["recall"] >= 0.98, f


def test_hard_name_cases_on_real_records(with_linked_art: dict[str, AliasInfo]) -> None:
    links = link(with_linked_art.values(), use_ids=False)

    def same(a: str, b: str) -> bool:
        return links[a].entity_id == links[b].entity_id

    # "Tanguy, Yves Mrs." is NGA's alternate name for Kay Sage: a name through her husband, not hers.
    assert "Tanguy, Yves Mrs." in with_linked_art["nga:constituent:7111"].names
    assert not same("nga:constituent:7111", "nga:constituent:5777")
    # A member's name listed on the collective ("Peter Fischli" on "Fischli & Weiss") does not make them one.
    assert "Peter Fischli" in with_linked_art["nga:constituent:31189"].names
    assert not same("moma:constituent:1891", "nga:constituent:31189")
    # Deaths 24 years apart but the same birth year: one source has the death wrong (Mathilde Weil,
    # MoMA 1872-1918, NGA "American, 1872 - 1942").
    assert same("moma:constituent:38659", "nga:constituent:29928")
    assert "births agree" in links["nga:constituent:29928"].evidence
    # "Mrs. Julien Levy" is named through her husband: not him.
    assert with_linked_art["nga:constituent:28910"].name == "Mrs. Julien Levy"
    assert not same("nga:constituent:28910", "moma:constituent:3522")
    # A collective meets a collective, whatever kind the source filed it under, never a member.
    assert same("moma:constituent:7496", "nga:constituent:31205")  # Gilbert & George, Person / Organization
    assert not same("moma:constituent:7496", "nga:constituent:51835")  # George Gilbert
    assert same("moma:constituent:397", "nga:constituent:20535")  # "Iain Baxter&" is one artist
    # An organisation's acronym, written as one ("NASA" at MoMA), meets its full name; MoMA gives it
    # no dates, so the acronym's rarity as a one-word name weighs it, as for any undated name.
    assert same("moma:constituent:8583", "nga:constituent:25844")
    evidence = links["moma:constituent:8583"].evidence
    assert "acronym" in evidence and "rarity" in evidence
    # An undated transliteration of every given name and a rare surname ("Alexander Nikolayevich" /
    # "Aleksandr Nikolaevich Samokhvalov") is the whole name transliterated: weighed by its rarity, an
    # automatic link (one respelled given name would be for review).
    assert same("la_moma_exh:person:35692", "nga:constituent:5438")
    assert links["la_moma_exh:person:35692"].status == "auto"


def test_places_join_along_one_hierarchy() -> None:
    # Labels as the sample's sources write them (Tate, NGA, CMOA, LC/NYPL MARC).
    labels = {"tate:1": "Nice, France", "lc:1": "Nice (Alpes-Maritimes, Provence-Alpes-Côte d'Azur, France)",
              "nga:1": "Nice", "tate:2": "New York, USA", "tate:3": "New York, United States",
              "tate:4": "Northampton, United Kingdom", "tate:5": "Northampton, United States", "nga:2": "Northampton"}
    groups = sorted(place_groups(labels))
    assert ["lc:1", "nga:1", "tate:1"] in groups  # one hierarchy: Nice < Nice, France < Nice (…, France)
    assert ["tate:2", "tate:3"] in groups  # USA = United States
    assert ["tate:4"] in groups and ["tate:5"] in groups and ["nga:2"] in groups  # two Northamptons: no guess
    # a country fits two places of one name in it: it joins neither (CMOA's two Buffalos)
    buffalo = sorted(place_groups({"cmoa:1": "Buffalo (Erie County, New York state, United States)",
                                   "cmoa:2": "Buffalo (Wilson county, Kansas, United States)",
                                   "tate:1": "Buffalo, United States", "lc:1": "Buffalo (N.Y.)",
                                   "lc:2": "Buffalo, Erie County, New York state, United States"}))
    assert buffalo == [["cmoa:1", "lc:1", "lc:2"], ["cmoa:2"], ["tate:1"]]  # "(N.Y.)": New York state
    links = link([AliasInfo(k, "Place", v, k.split(":")[0], k.split(":")[0]) for k, v in labels.items()])
    assert links["nga:1"].entity_id == links["tate:1"].entity_id
    assert links["nga:1"].status == "review" and "no qualifier" in links["nga:1"].evidence
    assert links["tate:1"].status == "auto"


def test_a_us_state_is_one_place_however_written() -> None:
    # Postal codes (CMOA "Pittsburgh, PA", "Pittsburgh PA"; NYPL "Chicago, Il"), LC abbreviations ("Chicago
    # (Ill.)", "Jersey City, N.J"), names: one qualifier. As words of their own "PA" and "Ill." fitted no
    # hierarchy, so each was a place of its own and kept the unqualified name from joining any.
    groups = sorted(place_groups({
        "a:1": "Fairview, OR", "b:1": "Fairview (Or.)", "c:1": "Fairview, Oregon, United States",
        "a:2": "Fairview PA", "b:2": "Fairview, Pa.", "c:2": "Fairview (Erie county, Pennsylvania, United States)",
        "d:1": "Fairview"}))
    assert groups == [["a:1", "b:1", "c:1"], ["a:2", "b:2", "c:2"], ["d:1"]]  # two Fairviews: no guess
    assert sorted(place_groups({"a:1": "Toledo, OH", "b:1": "Toledo (Ohio)", "c:1": "Toledo, Il", "d:1": "Toledo"})) \
        == [["a:1", "b:1"], ["c:1"], ["d:1"]]
    assert sorted(place_groups({"a:1": "Quincy, Il", "b:1": "Quincy (Ill.)", "c:1": "Quincy, IL", "d:1": "Quincy",
                                "e:1": "Quincy (Adams county, Illinois, United States)"})) \
        == [["a:1", "b:1", "c:1", "d:1", "e:1"]]


@pytest.mark.parametrize("use_ids", [True, False])
def test_canonical_ids_stable_across_rebuilds(museum_aliases: dict[str, AliasInfo], use_ids: bool) -> None:
    # A rebuild reads the same records in whatever order the files come; entity ids must not move.
    first = link(museum_aliases.values(), use_ids=use_ids)
    shuffled = list(museum_aliases.values())
    random.Random(7).shuffle(shuffled)
    again = link(shuffled, use_ids=use_ids)
    assert {k: ln.entity_id for k, ln in first.items()} == {k: ln.entity_id for k, ln in again.items()}
    assert len({ln.entity_id for ln in first.values()}) < len(first)  # something was linked at all


def test_decisions_constrain_linking(museum_aliases: dict[str, AliasInfo]) -> None:
    # The real aliases whose surname starts with W: small enough to link four times quickly.
    museum_aliases = {k: a for k, a in museum_aliases.items() if a.name.split()[-1].startswith("W")}
    baseline = link(museum_aliases.values(), use_ids=True)
    moma = "moma:constituent:6305"  # Neil Welliver, linked to NGA's by ULAN
    nga = "nga:constituent:6730"
    assert baseline[moma].entity_id == baseline[nga].entity_id
    apart = link(museum_aliases.values(), use_ids=True, decisions=[Decision("not_same", moma, other=nga)])
    assert apart[moma].entity_id != apart[nga].entity_id
    rejected = link(museum_aliases.values(), use_ids=True,
                    decisions=[Decision("reject", nga, entity=baseline[moma].entity_id)])
    assert rejected[nga].entity_id != rejected[moma].entity_id and rejected[nga].status == "rejected"
    # A later accept of the same link replaces the reject.
    again = link(museum_aliases.values(), use_ids=True, decisions=[
        Decision("reject", nga, entity=baseline[moma].entity_id),
        Decision("accept", nga, entity=baseline[moma].entity_id)])
    assert again[nga].entity_id == again[moma].entity_id and again[nga].status == "accepted"


def test_bad_decision_lines_are_reported_not_fatal(tmp_path: Path) -> None:
    path = decisions_path(tmp_path)
    append_decision(path, Decision("not_same", "a:1", other="b:1", by="test"))
    with path.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
        out.write(json.dumps({"action": "accept", "alias": "a:1"}) + "\n")
    errors: list[str] = []
    decisions = load_decisions(path, errors)
    assert [d.action for d in decisions] == ["not_same"] and decisions[0].at
    assert len(errors) == 2 and "line 2" in errors[0] and "accept needs the entity id" in errors[1]


def test_curator_decision_survives_full_rebuild(sample_dir: Path, tmp_path: Path) -> None:
    inputs = sample_inputs(sample_dir, ("moma", "library_marc/princeton_bibdata"))
    decisions = decisions_path(tmp_path)

    def build(folder: Path) -> dict[str, dict]:
        store = open_embedded(folder)
        try:
            ingest(inputs, store, report_path=tmp_path / "rejected.jsonl", decisions_file=decisions)
            rows = store.query("MATCH (a:Alias)-[r:REFERS_TO]->(e) WHERE a.source IN ['moma', 'princeton'] "
                               "AND a.text = 'Georges Bataille' RETURN a.key, e.id, r.status, a.birth_year").rows
        finally:
            store.close()
        return {key: {"entity": entity, "status": status, "born": born} for key, entity, status, born in rows}

    first = build(tmp_path / "g1")
    dated = next(k for k, v in first.items() if k.startswith("princeton:") and v["born"] == 1897)
    assert first[dated]["entity"] == first["moma:constituent:375"]["entity"]  # linked by name + dates
    append_decision(decisions, Decision("reject", dated, entity=first[dated]["entity"], note="test", by="pytest"))
    shutil.rmtree(tmp_path / "g1")
    rebuilt = build(tmp_path / "g2")  # a new, empty graph: a full rebuild
    assert rebuilt[dated]["entity"] != rebuilt["moma:constituent:375"]["entity"]
    assert rebuilt[dated]["status"] == "rejected"


def test_evaluate_on_the_sample_graph(sample_graph, sample_dir: Path) -> None:
    result = evaluate(read_truth(sample_dir / "ground_truth" / "person_authority_ids.csv"), graph_links(sample_graph))
    figures = result.to_json()
    pair = next(p for p in figures["pairs"] if (p["source_a"], p["source_b"]) == ("moma", "nga"))
    assert pair["recall"] >= 0.99 and pair["precision"] >= 0.995  # with ids
    assert set(figures["overall"]) >= {"precision", "recall", "f1", "unknown_truth_pairs",
                                      "recall_without_suspected_source_errors", "suspected_source_error_pairs"}
    assert figures["sources_without_ids"] == ["aic", "tate"]


@pytest.mark.parametrize("name", ["review_links", "alias_links"])
def test_link_queries_run_and_lint(sample_graph, name: str) -> None:
    named = queries.get(name)
    params = named.bind({}, use_examples=True)
    rows = sample_graph.query(named.text("falkordb"), params).records()
    if name == "review_links":
        assert all(params["min_score"] <= r["score"] < params["max_score"] for r in rows)
        assert all(r["source"] == params["source"] == "nls" for r in rows)  # the example filters: NLS places
        assert any("no qualifier to compare" in r["evidence"] for r in rows)
        assert rows and all(r["evidence"] for r in rows)
    if not shutil.which("node") or not (REPO / "node_modules").exists():
        pytest.skip("node or node_modules missing: Neo4j lint skipped")
    out = subprocess.run(["node", str(REPO / "tools" / "cypher_lint.mjs")], cwd=REPO, capture_output=True, text=True,
                         input=json.dumps([{"id": name, "query": named.text("neo4j"), "parameters": params}]),
                         check=True)
    assert json.loads(out.stdout)[0]["errors"] == []


def test_a_rare_one_word_name_without_dates_links_on_its_own_and_a_common_word_does_not() -> None:
    """A one-word name is weighed like any name by its rarity, with being a one-word name as part of
    it: rare as a form and as a word, an automatic link; a word many names use, never automatic.
    Two made-up sources of 400 people each that share 40 (a typical overlap), one undated."""
    rng = random.Random(7)
    given = ["Ada", "Bram", "Cleo", "Dov", "Edda", "Fenn", "Gus", "Hild", "Ivo", "Jora"]

    def person(i: int) -> str:
        return f"{rng.choice(given)} {'Moore' if i % 20 == 0 else f'Name{i:04d}'}"

    a_people = [person(i) for i in range(400)]
    b_people = a_people[:40] + [person(i) for i in range(400, 760)]
    aliases = [AliasInfo(f"a:{i}", "Person", n, "a", "A", birth_year=1800 + i % 150, death_year=1860 + i % 150)
               for i, n in enumerate(a_people)]
    aliases += [AliasInfo(f"b:{i}", "Person", n, "b", "B") for i, n in enumerate(b_people)]
    for word in ("Quorrin", "Moore"):
        aliases.append(AliasInfo(f"a:{word}", "Person", word, "a", "A", birth_year=1900, death_year=1970))
        aliases.append(AliasInfo(f"b:{word}", "Person", word, "b", "B"))
    links = link(aliases, use_ids=False)
    assert links["a:Quorrin"].entity_id == links["b:Quorrin"].entity_id
    assert "auto" in (links["a:Quorrin"].status, links["b:Quorrin"].status)
    assert not (links["a:Moore"].entity_id == links["b:Moore"].entity_id
                and "auto" in (links["a:Moore"].status, links["b:Moore"].status))


def test_candidates_score_each_pair_as_alone(museum_aliases: dict[str, AliasInfo]) -> None:
    """The scoring loop compares each pair of name forms once (pairs ordered by their forms): every
    candidate it gives must carry the score of its pair scored on its own, and no pair that scores on
    its own may be missing. Real MoMA / NGA people, plus a third source repeating them with a birth
    year one later, so many profiles write their names alike."""
    from graph.link.person_linker import PairScorer

    copies = {f"copy:{k}": AliasInfo(f"copy:{k}", a.kind, a.name, "copy", "copy", names=list(a.names),
                                     birth_year=a.birth_year + 1 if a.birth_year else None,
                                     death_year=a.death_year, nationality=a.nationality)
              for k, a in list(museum_aliases.items())[::3] if a.kind == "Person"}
    aliases = dict(sorted({**museum_aliases, **copies}.items()))
    scorer = PairScorer(aliases)
    scores, left, right = scorer.candidates(min_score=0.5)  # profile pairs
    found = {(pa, pb): s for s, pa, pb in zip(scores.tolist(), left.tolist(), right.tolist(), strict=True)}
    assert len(found) == len(scores)  # each profile pair once
    assert len(scorer.form_ids) > len(set(scorer.form_ids.tolist()))  # profiles share forms
    blocked_left, blocked_right = scorer._blocked_pairs()
    alone = {}
    for pa, pb in zip(blocked_left.tolist(), blocked_right.tolist(), strict=True):
        scored = scorer._score(pa, pb)
        if scored and scored[0] >= 0.5:
            alone[(pa, pb)] = scored[0]
    crossing = {pair: s for pair, s in found.items() if pair[0] != pair[1]}
    assert len(crossing) > 1000
    assert {(min(p), max(p)) for p in crossing} == {(min(p), max(p)) for p in alone}
    for (pa, pb), s in crossing.items():
        assert s == alone.get((pa, pb), alone.get((pb, pa)))
