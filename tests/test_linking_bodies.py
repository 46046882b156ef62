"""Organisations' names are not people's names: a bracket is a qualifier saying which body of that
name, not another name; two names that share a first and a last word are two bodies. Found on the
sample's library <-> museum links (benchmarks/linking_library.py); the names here are invented."""

from __future__ import annotations

import pytest

from graph.link.aliases import AliasInfo
from graph.link.linker import link
from graph.link.person_names import compare_names, name_forms


def _body(key: str, name: str, *names: str) -> AliasInfo:
    source = key.partition(":")[0]
    return AliasInfo(key, "Organization", name, source, source, names=list(names))


def _person(key: str, name: str, born: int | None = None, died: int | None = None) -> AliasInfo:
    source = key.partition(":")[0]
    return AliasInfo(key, "Person", name, source, source, birth_year=born, death_year=died)


def _filler(source: str, n: int) -> list[AliasInfo]:
    words = ["amber", "birch", "cobalt", "dune", "ember", "fjord", "granite", "harbour", "iris", "juniper"]
    return [_body(f"{source}:f:{i}", f"{words[i % 10].title()} {words[i // 10 % 10].title()} Society {source}{i}")
            for i in range(n)]


def _entities(links: dict, *keys: str) -> list[str]:
    return [links[k].entity_id for k in keys]


def test_a_bodys_bracket_is_a_qualifier_not_another_name() -> None:
    forms = name_forms("Harlow Reading Room (State Library of Ruritania)", True)
    assert [f.full for f in forms] == ["harlow reading room"]
    assert forms[0].generation == "q:state library of ruritania"
    # a person's bracket is still another name of theirs
    assert {f.full for f in name_forms("Lewis Carroll (Charles Lutwidge Dodgson)")} \
        == {"lewis carroll", "charles lutwidge dodgson"}


def test_a_body_named_in_anothers_qualifier_is_not_linked_to_it() -> None:
    aliases = [_body("lib:1", "Harlow Reading Room (State Library of Ruritania)"),
               _body("mus:1", "State Library of Ruritania"), *_filler("lib", 40), *_filler("mus", 40)]
    links = link(aliases, use_ids=False)
    a, b = _entities(links, "lib:1", "mus:1")
    assert a != b


def test_bodies_of_one_name_with_different_qualifiers_stay_apart() -> None:
    aliases = [_body("mus:1", "Civic Mural Project"), _body("mus:2", "Civic Mural Project (Ohio)"),
               _body("mus:3", "Civic Mural Project (Wisconsin)"), _body("lib:1", "Civic Mural Project (Ohio)"),
               _body("lib:2", "Civic Mural Project (Vermont)"), *_filler("lib", 40), *_filler("mus", 40)]
    links = link(aliases, use_ids=False)
    bare, ohio, wisconsin, lib_ohio, vermont = _entities(links, "mus:1", "mus:2", "mus:3", "lib:1", "lib:2")
    assert ohio == lib_ohio  # the same qualifier: the same body
    assert len({ohio, wisconsin, vermont}) == 3  # other qualifiers: other bodies
    assert bare not in (wisconsin, vermont) or bare != ohio  # the bare name never bridges two of them


def test_a_bracket_naming_only_a_kind_of_body_says_nothing() -> None:
    assert name_forms("Brackwell & Sons (Firm)", True) == name_forms("Brackwell & Sons", True)
    aliases = [_body("lib:1", "Brackwell & Sons (Firm)"), _body("mus:1", "Brackwell & Sons"),
               _body("lib:2", "Ostler Press (Firm)"), *_filler("lib", 40), *_filler("mus", 40)]
    links = link(aliases, use_ids=False)
    a, b, other = _entities(links, "lib:1", "mus:1", "lib:2")
    assert a == b
    assert other != a  # two "(Firm)"s are not one firm


def test_bodies_sharing_a_first_and_last_word_are_two_bodies() -> None:
    first = name_forms("Ruritanian Lighthouse Commission", True)
    second = name_forms("Ruritanian Coinage Reform Commission", True)
    assert compare_names(first, second)[0] is None
    # ... where two people's names would be close
    assert compare_names(name_forms("Anna Maria Lund"), name_forms("Anna Lund"))[0] is not None


def test_a_body_is_not_one_whose_name_holds_it() -> None:
    # "Estate of Anna Quillfeather" (a rights holder) is not the artist; "Quillfeather Society" not her
    aliases = [_person("mus:1", "Anna Quillfeather", 1901, 1970), _body("mus:2", "Estate of Anna Quillfeather"),
               _person("lib:1", "Anna Quillfeather", 1901, 1970), *_filler("lib", 40), *_filler("mus", 40)]
    links = link(aliases, use_ids=False)
    artist, estate, library = _entities(links, "mus:1", "mus:2", "lib:1")
    assert artist == library
    assert estate != artist


def test_a_bodys_initials_and_spelling() -> None:
    coast = name_forms("United Provinces Coast Watch", True)
    assert compare_names(name_forms("U.P. Coast Watch", True), coast)[0] == "same name, a word abbreviated"
    assert compare_names(name_forms("M & Co", True), name_forms("McAllister & Co.", True))[0] is None
    # a body named after a person is not a person whose initials fit it (NGA's "Alan G. Thomas, Bookseller")
    assert compare_names(name_forms("Alder G. Quill", True), name_forms("A. Gorse Quill"))[0] is None
    assert compare_names(name_forms("Ruritanian Lighthouse Comission", True),
                         name_forms("Ruritanian Lighthouse Commission", True))[0] == "close spelling"
    # a body's name inverted at a comma, and a person's dates a library heading gives a body
    assert compare_names(name_forms("Art Academy of Strelsau, The", True),
                         name_forms("The Art Academy of Strelsau", True))[0] == "exact"
    assert [f.full for f in name_forms("Quillfeather, Anna, 1901-1970.", True)][-1] == "anna quillfeather"


def test_a_name_that_names_nobody_links_nothing() -> None:
    # "Anonymous" in three museums is not one person; a dealer's alternate "Private Collector" is not
    # another museum's "Private Collector"; a culture and a century name no maker
    aliases = [_person("a:1", "Anonymous"), _person("b:1", "Anonymous"), _person("c:1", "Artist unknown"),
               _person("b:2", "Unknown artist"), _body("a:2", "Private Collector"),
               AliasInfo("b:3", "Organization", "Quillfeather Kunsthandel", "b", "b", names=["Private Collector"]),
               _person("a:3", "Ruritanian 18th Century"), _person("b:4", "Ruritanian"),
               AliasInfo("c:2", "Person", "Anna Lund", "c", "c", nationality="Ruritanian"),
               *_filler("a", 40), *_filler("b", 40)]
    links = link(aliases, use_ids=False)
    for group in (("a:1", "b:1"), ("c:1", "b:2"), ("a:2", "b:3"), ("a:3", "b:4")):
        assert len(set(_entities(links, *group))) == 2, group


def test_an_acronym_two_bodies_spell_names_neither() -> None:
    aliases = [_body("a:1", "Amber Estuary Guild"), _body("b:1", "Alder Elm Gazette"), _body("c:1", "AEG"),
               _body("a:2", "Ruritanian Lighthouse Authority"), _body("c:2", "RLA"), *_filler("a", 40),
               *_filler("b", 40)]
    links = link(aliases, use_ids=False)
    assert links["c:1"].entity_id not in _entities(links, "a:1", "b:1")
    assert links["a:1"].entity_id != links["b:1"].entity_id
    assert links["c:2"].entity_id == links["a:2"].entity_id  # one body spells it: its acronym


def test_what_kind_of_firm_a_name_says_is_not_which_firm() -> None:
    # MoMA files "Knoll International, Inc., New York, NY" as a person, CMOA names "Knoll International";
    # the person path turned "X, Inc." round into "Inc. X"
    assert [f.full for f in name_forms("Ostler Glassworks, Inc.")][0] == "ostler glassworks inc"
    aliases = [_person("mus:1", "Brackwell Tableware, Inc., Dayton, OH"), _body("lib:1", "Brackwell Tableware"),
               _body("mus:2", "Ostler Photo Agency, Ltd."), _body("lib:2", "Ostler Photo Agency"),
               # a firm named after a person is not that person, nor a firm's one word a person's
               _body("mus:3", "Anna Quillfeather, Inc."), _person("lib:3", "Anna Quillfeather", 1901, 1970),
               _body("mus:4", "Quillfeather Inc."), _person("lib:4", "Quillfeather"),
               _person("mus:5", "Quercetti, S.p.A., Dayton"), _body("lib:5", "Quercetti"),
               *_filler("lib", 40), *_filler("mus", 40)]
    links = link(aliases, use_ids=False)
    assert links["mus:1"].entity_id == links["lib:1"].entity_id
    assert links["mus:2"].entity_id == links["lib:2"].entity_id
    assert links["mus:3"].entity_id != links["lib:3"].entity_id
    assert links["mus:4"].entity_id != links["lib:4"].entity_id
    assert links["mus:5"].entity_id == links["lib:5"].entity_id


def test_a_firms_designator_in_other_languages_and_at_its_start() -> None:
    """Scandinavian, German and French names write the kind of firm first ("AB Ostler Glasbruk", CMOA's "AG
    Vereinigte ...", "SARL ..."), others after ("Oy", "A/S", "S.r.l.", "Co. Ltd."): none says which firm."""
    def same(a: str, b: str) -> str | None:
        return compare_names(name_forms(a, True), name_forms(b, True))[0]

    assert same("AB Ostler Glasbruk", "Ostler Glasbruk") == "exact"
    assert same("Ostler Glasbruk AB", "AB Ostler Glasbruk") == "exact"
    assert same("SARL Quillon Coutellerie", "Quillon Coutellerie") == "exact"
    assert same("Quillon Seimo Co. Ltd.", "Quillon Seimo") == "exact"
    assert same("Ostler Keramik Oy", "Ostler Keramik Oy Ab") == "exact"
    assert same("Quillon Design A/S", "Quillon Design") == "exact"
    # one word left is the firm's name ("Zanotta S.p.A." / "Zanotta"), which meets bodies only
    assert same("Ostler Oy", "Ostler") == "exact"
    assert compare_names(name_forms("Ostler Oy", True), name_forms("Ostler", False))[0] is None
    assert same("Sa Quillon Painters", "Quillon Painters") is None  # a word, not a designator


def test_a_bodys_common_words_abbreviated_or_joined_by_and_are_the_same_words() -> None:
    # "Harper & Bros." / "Harper & Brothers", "Keystone View Co." / "Keystone View Company", "Currier &
    # Ives" / "Currier and Ives", "Werkstätte" / "Werkstaette": how catalogues write one body's name
    same = [("Quorvaldt & Bros.", "Quorvaldt & Brothers"), ("Brivaldi Glass Co.", "Brivaldi Glass Company"),
            ("Vennzler & Ortensia", "Vennzler and Ortensia"), ("Container Corp. of Ruritania",
                                                                "Container Corporation of Ruritania"),
            ("Ruritania. War Dept.", "Ruritania. War Department")]
    for a, b in same:
        assert compare_names(name_forms(a, True), name_forms(b, True))[0] == "exact", (a, b)
    assert compare_names(name_forms("Quellwerkstätte Brivaldi", True),
                         name_forms("Quellwerkstaette Brivaldi", True))[0] == "same name, another spelling"
    # "Company" says what kind of body, as "Inc." does: the names meet without it
    assert "brivaldi glass" in {f.full for f in name_forms("Brivaldi Glass Company", True)}
    assert compare_names(name_forms("Brivaldi Glass Company", True), name_forms("Brivaldi Glass", True))[0] == "exact"
    aliases = [_body("a:1", "Quorvaldt & Bros."), _body("b:1", "Quorvaldt & Brothers"),
               _body("a:2", "Brivaldi Glass Co."), _body("b:2", "Brivaldi Glass Company"),
               _person("a:3", "Vennzler and Ortensia"), _body("b:3", "Vennzler & Ortensia"),  # a collective filed as a person
               _body("a:4", "Quorvaldt Press Agency"), _body("b:4", "Quorvaldt Company"),
               *_filler("a", 100), *_filler("b", 100)]
    links = link(aliases, use_ids=False)
    for n in (1, 2, 3):
        assert links[f"a:{n}"].entity_id == links[f"b:{n}"].entity_id, n
    assert links["a:4"].entity_id != links["b:4"].entity_id  # another body of that name's first word


def test_a_governments_body_in_a_library_heading_is_the_body_a_museum_names() -> None:
    # "United States. Farm Security Administration" (LC's heading) is the "Farm Security Administration"
    # a museum credits; the jurisdiction is a qualifier, so two countries' departments stay two bodies
    forms = name_forms("Canada. Quorvaldt Survey Office", True)
    assert [(f.full, f.generation) for f in forms] == [("canada quorvaldt survey office", ""),
                                                       ("quorvaldt survey office", "q:canada")]
    assert [f.full for f in name_forms("Quorvaldt. Survey Office", True)] == ["quorvaldt survey office"]  # no place
    aliases = [_body("a:1", "Canada. Quorvaldt Survey Office"), _body("b:1", "Quorvaldt Survey Office"),
               _body("a:2", "Canada. Department of Brivaldi Affairs"),
               _body("b:2", "Ireland. Department of Brivaldi Affairs"),
               *_filler("a", 100), *_filler("b", 100)]
    links = link(aliases, use_ids=False)
    assert links["a:1"].entity_id == links["b:1"].entity_id
    assert links["a:2"].entity_id != links["b:2"].entity_id


@pytest.mark.parametrize(("a", "b", "level"), [
    ("Gebrüder Quellwerk", "Quellwerk Brothers", "exact"), ("Fratelli Ostlerini", "Ostlerini Brothers", "exact"),
    ("Quorvaldt Frères", "Quorvaldt Brothers", "exact"), ("Gebroeders Vosmaer", "Vosmaer Brothers", "exact"),
    ("E. Brivaldi & Söhne", "E. Brivaldi & Sons", "exact"), ("Brivaldi & Fils, Dayton, OH", "Brivaldi & Sons", "exact"),
    ("Quorvaldt Brothers", "Quorvaldt", None),  # the family is not the firm of one of them
    ("Quorvaldt Brothers", "Quorvaldt Sons", None),
])
def test_a_family_firms_brothers_and_sons_in_other_languages(a: str, b: str, level: str | None) -> None:
    # "Gebrüder Thonet" / "Thonet Brothers", "Bisson Frères", "Fratelli Alinari": where a language puts the
    # word and how it writes it says nothing of which firm
    assert compare_names(name_forms(a, True), name_forms(b, True))[0] == level


def test_a_persons_fils_is_no_firm() -> None:
    # a person's "fils" stays a generation: Dumas fils is no firm
    assert all(not f.organisation for f in name_forms("Quorvaldt, fils, Alexandre"))
