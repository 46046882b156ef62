"""An id one source gives to several of its own records joins them only when they can be one person
(graph.link.shared_ids): a family's or a duo's page on each member, a placeholder record's id."""

from __future__ import annotations

import io
from pathlib import Path

from graph.build import IngestReport, read_inputs
from graph.link.aliases import AliasInfo
from graph.link.linker import link
from tests.conftest import sample_inputs


def _person(key: str, name: str, ids: list[str], source: str = "partner", born: int | None = None,
            died: int | None = None) -> AliasInfo:
    return AliasInfo(f"{source}:{key}", "Person", name, source, source, ids=ids, birth_year=born, death_year=died)


def _entities(links: dict, *keys: str) -> list[str]:
    return [links[k].entity_id for k in keys]


def test_a_family_page_on_each_member_joins_nobody_and_says_so() -> None:
    page = "wikipedia:en:Ferraro_family"
    aliases = [_person("1", "Anna Ferraro", [page]), _person("2", "Bruno Ferraro", [page]),
               _person("3", "Ferraro Family", [page]), _person("9", "Bruno Ferraro", [page], source="museum")]
    warnings: list[str] = []
    links = link(aliases, warnings=warnings)
    anna, bruno, family, museum_bruno = _entities(links, "partner:1", "partner:2", "partner:3", "museum:9")
    assert len({anna, bruno, family}) == 3
    assert museum_bruno != anna  # the page would have put the museum's Bruno with Anna
    assert any(page in w and "partner" in w and "Anna Ferraro" in w for w in warnings), warnings
    assert all(links[k].method != "id:wikipedia" for k in ("partner:1", "partner:2", "partner:3", "museum:9"))


def test_one_person_written_twice_in_one_source_still_joins_by_its_id() -> None:
    ulan = "ulan:500999901"
    aliases = [_person("1", "Emil Kessler", [ulan]), _person("2", "Kessler", [ulan]),
               _person("9", "E. Kessler", [ulan], source="museum")]
    warnings: list[str] = []
    links = link(aliases, warnings=warnings)
    assert len(set(_entities(links, "partner:1", "partner:2", "museum:9"))) == 1
    assert links["museum:9"].method == "id:ulan"
    assert warnings == []


def test_the_same_name_with_life_years_far_apart_is_two_people() -> None:
    ulan = "ulan:500999902"
    aliases = [_person("1", "Jan Verhagen", [ulan], born=1568, died=1625),
               _person("2", "Jan Verhagen", [ulan], born=1601, died=1678)]
    warnings: list[str] = []
    links = link(aliases, warnings=warnings)
    assert links["partner:1"].entity_id != links["partner:2"].entity_id
    assert len(warnings) == 1 and ulan in warnings[0] and "Jan Verhagen (1568-1625)" in warnings[0]


def test_records_that_name_nobody_join_nothing_by_id() -> None:
    page = "wikipedia:en:Unknown"
    aliases = [_person(str(i), "Unknown", [page]) for i in range(3)]
    aliases.append(_person("9", "Unknown artist", [page], source="museum"))
    links = link(aliases)
    assert len({ln.entity_id for ln in links.values()}) == 4


def test_moma_gives_a_duo_one_ulan_and_the_two_stay_two(sample_dir: Path) -> None:
    # Real data: MoMA gives George Passmore and Gilbert Proesch (Gilbert & George) the duo's ULAN and
    # Wikidata ids; with ids (the default) they were one person.
    collected = read_inputs(sample_inputs(sample_dir, ("moma",)), IngestReport(), io.StringIO(), None)
    aliases = collected.aliases
    keys = [k for k, a in aliases.items() if a.name in ("George Passmore", "Gilbert Proesch")]
    assert len(keys) == 2 and all("ulan:500055849" in aliases[k].ids for k in keys)
    warnings: list[str] = []
    links = link(aliases.values(), warnings=warnings)
    assert links[keys[0]].entity_id != links[keys[1]].entity_id
    assert any("ulan:500055849" in w and "Gilbert Proesch" in w for w in warnings)
