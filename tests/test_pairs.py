"""Ranking pairs (graph/pairs.py) on hand-made pair_finder rows: the arithmetic is in comments."""

from __future__ import annotations

from graph.pairs import rank


def _side(record: str, relations: list[str], score: float = 1.0, years: tuple[int, int] | None = None) -> dict:
    start, end = years or (None, None)
    return {"id": record, "title": f"Title of {record}", "year_start": start, "year_end": end, "relations": relations,
            "score": score, "hit": False}


def _row(entity: str, type_: str, left: list[dict], right: list[dict], left_count: int = 1, right_count: int = 1) -> dict:
    return {"entity": entity, "name": entity.title(), "type": type_, "left_count": left_count,
            "right_count": right_count, "left": left, "right": right, "entity_hit": False}


def test_a_shared_person_beats_a_shared_country_and_uncertain_links_count_less() -> None:
    rows = [
        # A person only these two records name: weight 3.0 x specificity 1 x confidence 1 = 3.0.
        _row("homer", "Person", [_side("lib:1", ["ABOUT"])], [_side("mus:1", ["CREATED_BY"])]),
        # A country 500 records name: 1.5 x 1/(1+log10(499)) ~ 0.41.
        _row("usa", "Place", [_side("lib:2", ["ABOUT"])], [_side("mus:2", ["ABOUT"])], 300, 200),
        # The same person-level link at score 0.5: 3.0 x 0.5 = 1.5.
        _row("maybe", "Person", [_side("lib:3", ["ABOUT"], 0.5)], [_side("mus:3", ["CREATED_BY"])]),
    ]
    ranked = rank(rows)
    assert [(p.a, p.b) for p in ranked] == [("lib:1", "mus:1"), ("lib:3", "mus:3"), ("lib:2", "mus:2")]
    assert ranked[0].reason == "the first is about Homer; the second is by Homer"
    assert "uncertain link, score 0.50" in ranked[1].reason
    assert ranked[2].reason == "both depict Usa"


def test_reasons_add_up_themes_and_overlapping_dates() -> None:
    rows = [
        _row("ruins", "Theme", [_side("lib:1", ["ABOUT"], years=(1880, 1895))], [_side("mus:1", ["ABOUT"], years=(1885, 1890))]),
        _row("night", "Theme", [_side("lib:1", ["ABOUT"], years=(1880, 1895))], [_side("mus:1", ["ABOUT"], years=(1885, 1890))]),
    ]
    (pair,) = rank(rows)
    assert pair.reason == "both on the themes 'Ruins' and 'Night'; both dated 1885–1890"
    # two themes of weight 1.0 each + 0.3 for the dates: 1 - e^-2.3 = 0.900
    assert pair.strength == 0.9


def test_topic_keeps_only_pairs_that_mention_it_and_one_record_does_not_fill_the_list() -> None:
    hit = _side("lib:1", ["ABOUT"])
    hit["hit"] = True
    rows = [_row("ships", "Theme", [hit, _side("lib:2", ["ABOUT"])],
                 [_side("mus:1", ["ABOUT"]), _side("mus:2", ["ABOUT"]), _side("mus:3", ["ABOUT"])])]
    topical = rank(rows, topic=True)
    assert {p.a for p in topical} == {"lib:1"} and len(topical) == 2  # max_per_record = 2
    # Equal strengths, so id order: lib:1-mus:1, lib:1-mus:2, (lib:1-mus:3 skipped: lib:1 used twice),
    # lib:2-mus:1, lib:2-mus:2, (lib:2-mus:3 skipped: lib:2 used twice) -> 4 of the 6 pairs (titles are the ids here).
    assert [(p.a, p.b) for p in rank(rows)] == [("lib:1", "mus:1"), ("lib:1", "mus:2"), ("lib:2", "mus:1"),
                                                ("lib:2", "mus:2")]


def test_cli_names_the_known_institutions_when_one_is_wrong(tmp_path) -> None:
    from click.testing import CliRunner

    from cli import main

    result = CliRunner().invoke(main, ["pairs", "nls", "nowhere", "--data-dir", str(tmp_path / "graph")])
    assert result.exit_code == 2
    assert "no institution 'nls'" in result.output  # an empty graph knows none


def test_records_of_one_work_count_as_one_for_variety() -> None:
    # Four images of one sculpture (same title, own ids) and one other work, all by one artist.
    images = [{**_side(f"lib:{n}", ["CREATED_BY"]), "title": "Large Interior Form"} for n in range(4)]
    rows = [_row("moore", "Person", [*images, _side("lib:9", ["CREATED_BY"])],
                 [_side("mus:1", ["CREATED_BY"]), _side("mus:2", ["CREATED_BY"])])]
    ranked = rank(rows)
    assert sum(p.a_work == "Large Interior Form" for p in ranked) == 2  # max_per_record
    assert any(p.a == "lib:9" for p in ranked)


def test_a_name_found_in_text_is_never_about_and_ranks_below_a_stated_subject() -> None:
    rows = [
        # A person the library record only mentions in its text, the museum object is by:
        # 3.0 x min(0.3, 1.0) = 0.9, stronger than the theme below, but only found in text.
        _row("campbell", "Person", [_side("lib:1", ["MENTIONS"])], [_side("mus:1", ["CREATED_BY"])]),
        # One shared subject theme: 1.0 x 1.0 = 1.0 ... and two themes in another pair.
        _row("ships", "Theme", [_side("lib:2", ["ABOUT"])], [_side("mus:2", ["ABOUT"])]),
        _row("docks", "Theme", [_side("lib:3", ["ABOUT"])], [_side("mus:3", ["ABOUT"])]),
        _row("cranes", "Theme", [_side("lib:3", ["ABOUT"])], [_side("mus:3", ["ABOUT"])]),
    ]
    ranked = rank(rows)
    assert [(p.a, p.tier) for p in ranked] == [("lib:3", 0), ("lib:2", 1), ("lib:1", 2)]
    text_found = ranked[-1].reason
    assert "about" not in text_found and "mentions in its text Campbell" in text_found and "(found in text)" in text_found


def test_an_entity_most_of_an_institution_names_is_generic_and_demoted() -> None:
    rows = [
        # 300 of the library's 600 records were published in Edinburgh: 50% >= 5%, so generic.
        _row("edinburgh", "Place", [_side("lib:1", ["ABOUT"])], [_side("mus:1", ["ABOUT"])], 300, 2),
        _row("ships", "Theme", [_side("lib:2", ["ABOUT"])], [_side("mus:2", ["ABOUT"])]),
    ]
    ranked = rank(rows, totals=(600, 1000), names=("The Library", "The Museum"))
    assert [p.a for p in ranked] == ["lib:2", "lib:1"]
    assert ranked[1].tier == 2 and "generic: 50% of The Library's records name it" in ranked[1].reason
    # Below the share or the minimum count, the same place is a specific subject.
    assert rank(rows, totals=(100_000, 1000))[0].a == "lib:1"


def test_a_country_alone_or_an_untitled_record_makes_a_weaker_pair() -> None:
    untitled = _side("mus:1", ["CREATED_BY"])
    untitled["title"] = None
    rows = [
        _row("moore", "Person", [_side("lib:1", ["ABOUT"])], [untitled]),
        _row("sweden", "Place", [_side("lib:2", ["ABOUT"])], [_side("mus:2", ["ABOUT"])]),
        _row("kirkwall", "Place", [_side("lib:3", ["ABOUT"])], [_side("mus:3", ["ABOUT"])]),
    ]
    ranked = rank(rows)
    assert ranked[0].a == "lib:3" and ranked[0].tier == 0
    assert {(p.a, p.tier) for p in ranked[1:]} == {("lib:1", 1), ("lib:2", 1)}


def test_a_place_the_catalogue_itself_calls_a_region_makes_a_weaker_pair() -> None:
    """TGN place types in a library heading, a museum's 'non-specific' subject: regions, not sites."""
    def place(record: str, written: str) -> dict:
        return {**_side(record, ["ABOUT"]), "written": [written]}

    rows = [
        _row("highland", "Place", [place("lib:1", "Europe, United Kingdom, Scotland, Highland (unitary authority)")],
             [place("mus:1", "Highland")]),
        _row("london", "Place", [place("lib:2", "Europe, United Kingdom, England, London (inhabited place)")],
             [place("mus:2", "London - non-specific")]),
        _row("leith", "Place", [place("lib:3", "Europe, United Kingdom, Scotland, Edinburgh, Leith (inhabited place)")],
             [place("mus:3", "Leith")]),
    ]
    ranked = rank(rows)
    assert [(p.a, p.tier) for p in ranked] == [("lib:3", 0), ("lib:1", 1), ("lib:2", 1)]


def test_a_place_one_catalogue_gives_as_a_topical_term_makes_a_weaker_pair() -> None:
    """AAT's "Islands" in a MARC 650 joined to a place 'island' is a theme for pairing; 650 $z is a place."""
    def place(record: str, field: str) -> dict:
        return {**_side(record, ["ABOUT"]), "fields": [field]}

    rows = [
        _row("island", "Place", [place("lib:1", "650$2 aat")], [place("mus:1", "subjects")]),
        _row("leith", "Place", [place("lib:2", "650$z")], [place("mus:2", "subjects")]),
    ]
    assert [(p.a, p.tier) for p in rank(rows)] == [("lib:2", 0), ("lib:1", 1)]
