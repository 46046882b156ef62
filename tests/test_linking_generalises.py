"""Linking rules that must hold on any data: generation markers, clusters that never bridge two
unrelated names, undated names decided by rarity. Names here are invented."""

from __future__ import annotations

from graph.link.aliases import AliasInfo
from graph.link.linker import link
from graph.link.person_names import name_forms, split_generation


def _person(key: str, name: str, born: int | None = None, died: int | None = None, *names: str) -> AliasInfo:
    return AliasInfo(key, "Person", name, key.partition(":")[0], key.partition(":")[0], birth_year=born,
                     death_year=died, names=list(names))


def _filler(source: str, n: int) -> list[AliasInfo]:
    """Unrelated people, so that word frequencies mean something."""
    given = ["anna", "boris", "carla", "dirk", "elif", "femi", "gita", "hugo", "ines", "jonas"]
    surnames = ["kovac", "lund", "moreau", "novak", "ortiz", "petrov", "quist", "rossi", "silva", "tanaka"]
    return [_person(f"{source}:p:{i}", f"{given[i % 10].title()} {surnames[i // 10 % 10].title()}{source}{i // 100}",
                    1800 + i % 150) for i in range(n)]


def test_generation_markers_read_every_way() -> None:
    assert split_generation("Brueghel, Jan, II") == ("Brueghel, Jan", "younger")
    assert split_generation("Jan Brueghel the Elder") == ("Jan Brueghel", "elder")
    assert split_generation("Jean Dupont fils") == ("Jean Dupont", "younger")
    assert split_generation("Smith, John I.") == ("Smith, John I.", "")  # an initial, not "the First"
    assert [f.generation for f in name_forms("Karel Vos III")] == ["iii"]


def test_generation_markers_keep_family_members_apart() -> None:
    aliases = [_person("a:1", "Karel Vosmaer the Elder"), _person("a:2", "Karel Vosmaer the Younger"),
               _person("b:1", "Karel Vosmaer II"), _person("b:2", "Karel Vosmaer IV"),
               _person("c:1", "Karel Vosmaer"), *_filler("a", 200), *_filler("b", 200)]
    links = link(aliases, use_ids=False)
    entity = {k: links[k].entity_id for k in ("a:1", "a:2", "b:1", "b:2")}
    assert entity["a:2"] == entity["b:1"]  # the Younger = II
    assert len({entity["a:1"], entity["a:2"], entity["b:2"]}) == 3  # Elder, Younger/II and IV stay apart
    # the unmarked name may join one of them, never bridge two
    assert sum(links["c:1"].entity_id == e for e in set(entity.values())) <= 1


def test_a_cluster_never_bridges_names_that_share_nothing() -> None:
    # b:1 lists both names; a:1 and c:1 share no word with each other
    aliases = [_person("a:1", "Olga Brenner", 1901, 1970), _person("c:1", "Mira Tallis", 1901, 1970),
               _person("b:1", "Olga Brenner", 1901, 1970, "Mira Tallis"), *_filler("a", 50), *_filler("c", 50)]
    links = link(aliases, use_ids=False)
    assert links["a:1"].entity_id != links["c:1"].entity_id
    assert links["b:1"].entity_id in (links["a:1"].entity_id, links["c:1"].entity_id)


def test_undated_rare_exact_name_is_an_automatic_link() -> None:
    common = [_person(f"a:c{i}", "Anna Lund", 1850 + 20 * i) for i in range(4)]
    aliases = [_person("a:1", "Teodora Quillfeather", 1920, 1990), _person("b:1", "Teodora Quillfeather"),
               *common, _person("b:2", "Anna Lund"), *_filler("a", 300), *_filler("b", 300)]
    links = link(aliases, use_ids=False)
    assert links["a:1"].entity_id == links["b:1"].entity_id and links["b:1"].status == "auto"
    assert "rarity" in links["b:1"].evidence
    # one of four namesakes in a source: never an automatic link on the name alone
    assert links["b:2"].status != "auto" or all(links[c.key].entity_id != links["b:2"].entity_id for c in common)


def _term(key: str, name: str) -> AliasInfo:
    return AliasInfo(key, "Theme", name, key.partition(":")[0], key.partition(":")[0])


def test_subject_terms_join_the_person_or_place_they_name() -> None:
    aliases = [_person("a:1", "Teodora Quillfeather", 1920, 1990), _person("b:1", "Teodora Quillfeather", 1920, 1990),
               _term("b:t1", "Quillfeather, Teodora"), _term("b:t2", "Hand, left"), _term("b:t3", "Lisbon"),
               AliasInfo("b:pl", "Place", "Lisbon", "b", "b"),
               _term("b:t5", "seal"), AliasInfo("a:pl", "Place", "Seal", "a", "a"),
               _person("a:2", "Ivo Marsh", 1900), _person("b:2", "Ivo Marsh", 1950), _term("b:t4", "Marsh, Ivo"),
               *_filler("a", 100), *_filler("b", 100)]
    links = link(aliases, use_ids=False)
    assert links["b:t1"].entity_id == links["a:1"].entity_id and links["b:t1"].label == "Person"
    assert links["b:t1"].method == "subject:name"
    assert links["b:t2"].label == "Theme"  # a thesaurus inversion, not a name
    assert links["b:t3"].entity_id == links["b:pl"].entity_id and links["b:t3"].label == "Place"
    assert links["b:t5"].label == "Theme"  # a thing in lower case, not the place of that name
    # two people of that name (births 50 years apart): the term cannot say which
    assert links["b:t4"].label == "Theme"
