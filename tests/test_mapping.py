"""Mapping files that express real exports (authority rows, several id columns, alternates,
grouped rows, any column name), validated at once; `mapping draft`; exit status on rejections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ingest.mapping import MappingError, load_mapping, split_names
from ingest.model import Institution, Record, Rejected
from ingest.normalise import fold, short_hash
from ingest.readers.mapped import read
from tests.conftest import open_embedded

FIXTURES = Path(__file__).parent / "fixtures" / "mapping"
INST = Institution("partner", "Partner Museum", "museum")


def _drafted(path: Path, out: Path) -> Any:
    """`glamgraph mapping draft PATH --out OUT`, and the mapping it wrote, loaded (it must load)."""
    result = CliRunner().invoke(main, ["mapping", "draft", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return load_mapping(out)


def _read(name: str, csv: str | None = None) -> list[Record | Rejected]:
    mapping = load_mapping(FIXTURES / f"{name}.toml")
    return list(read(FIXTURES / f"{csv or name}.csv", source=name, institution=INST, mapping=mapping))


def test_person_authority_rows_grouped_with_all_ids_and_alternates() -> None:
    records = _read("creators")
    assert all(isinstance(r, Record) and r.is_authority for r in records)  # no fake objects "created by" themselves
    aachen = [r for r in records if r.source_id == "person:CH-1"]
    assert len(aachen) == 2 and {r.mentions[0].alias_key for r in aachen} == {"creators:person:CH-1"}
    ids = {i for r in aachen for i in r.mentions[0].ids}
    # three URI columns, a VIAF cluster member (LC) read as LCNAF
    assert ids == {"ulan:500115493", "viaf:66477457", "lcnaf:n79091094", "wikidata:Q313513"}
    first = aachen[0].mentions[0]
    assert first.kind == "Person" and first.alt_names == ("Aachen, Hans von", "Achen, Hans von")
    assert aachen[0].url == "https://partner.example.org/people/CH-1"  # a template naming a column with ':'
    marta = next(r for r in records if r.source_id == "person:CH-2").mentions[0]
    assert marta.alt_names == ("Kowalska-Nowak, Marta", "M. Kowalska") and marta.ids == ()  # VIAF "0" is no id
    zhang = next(r for r in records if r.source_id == "person:CH-4").mentions[0]
    assert (zhang.name, zhang.birth_year, zhang.death_year) == ("Zhang, Wei", 1890, 1950)


def test_names_written_as_labels_give_the_name_and_its_life_dates() -> None:
    """A name column that holds a label ("Name (Nationality, dates)", "Name, Nationality, dates", the bio
    on the next line, a relator after the dates) gives the name alone and the dates (fixture: made-up people)."""
    read = {r.source_id: r.mentions[0] for r in _read("creators", "creators_labels") if isinstance(r, Record)}
    assert [(m.name, m.birth_year, m.death_year) for m in read.values()] == [
        ("Ada Quillmann", 1901, 1980), ("Bruno Vesk", 1950, None), ("Vesk, Tiit", 1921, 1999),
        ("Orla Brenvik", 1911, 1987)]


def test_one_id_on_two_people_warns() -> None:
    records = [r for r in _read("creators") if isinstance(r, Record)]
    warned = [w for r in records for w in r.warnings]
    assert len(warned) == 1 and "id CH-3 also on row 4 with another name ('Pieter Vos'" in warned[0]


def test_concordance_schemes_and_placeholders() -> None:
    by_id = {r.source_id: r.mentions[0].ids for r in _read("concordance") if isinstance(r, Record)}
    assert by_id["person:C1"] == ("viaf:66477457", "moma:2740", "lcnaf:n79091094", "isni:0000000121032683",
                                  "wikipedia:en:Winslow_Homer")
    assert by_id["person:C2"] == ("lcnaf:n79007257", "orcid:0000-0002-1825-0097")  # bare LCNAF number
    assert by_id["person:C3"] == ("lcnaf:nr2001012345", "wikipedia:en:Some_Body")  # n/a, none dropped
    records = {r.source_id: r for r in _read("concordance") if isinstance(r, Record)}
    assert records["person:C3"].warnings == []
    assert records["person:C4"].warnings == ["id value(s) not recognised, left out: 'not-an-id' (lcnaf)"]


def test_object_rows_column_names_with_spaces_and_duplicates() -> None:
    records = [r for r in _read("objects") if isinstance(r, Record)]
    assert [r.source_id for r in records] == ["OBJ 1", "OBJ 2", "OBJ 2"]
    assert [m.name for m in records[0].mentions] == ["Winslow Homer", "Mary Cassatt"]
    assert records[1].mentions[0].ids == ("ulan:500115493",) and records[1].url == "https://objs.example.org/OBJ 2"
    assert records[2].warnings == ["record id OBJ 2 already on row 2: the two rows are merged into one record"]


def test_an_attributed_maker_is_the_maker_with_the_attribution_as_role() -> None:
    """"Workshop of X", "Attributed to X", "X and workshop": the object's maker is X, the qualifier its
    role; a body whose name starts so ("School of the Art Institute ...") stays whole (made-up makers)."""
    records = [r for r in _read("objects", "objects_attributed") if isinstance(r, Record)]
    makers = [(m.name, m.role, m.alias_key) for r in records for m in r.mentions]
    assert [(name, role) for name, role, _ in makers] == [
        ("Ada Quillmann", "workshop of"), ("Bruno Vesk", "attributed to"), ("Tiit Vesk", "and workshop"),
        ("School of the Art Institute of Chicago", None)]
    # the same alias as a plain "Quillmann, Ada" maker of the source: the workshop's object meets her own
    assert makers[0][2] == f"objects:name:{short_hash(fold('Ada Quillmann'))}"


def test_every_mapping_mistake_at_once_with_its_line() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping(FIXTURES / "bad.toml")
    problems = caught.value.problems
    expected = ["line 18: unknown table [extra]", "line 5: unknown [source] key 'colour'", "line 3: [source] kind",
                "line 8: unknown field 'titel'", "line 9: field 'birth' takes one column, not 2",
                "line 10: field 'title' must name a column", "line 13: id column 'viaf:id': unknown scheme 'viaff'",
                "line 16: unbalanced brace", "needs an id column", "needs a name column"]
    for start in expected:
        assert any(start in p for p in problems), (start, problems)
    assert len(problems) == len(expected)


def test_unquoted_colon_key_is_explained(tmp_path: Path) -> None:
    bad = tmp_path / "colon.toml"
    bad.write_text('[fields]\nid = "x"\n[ids]\nviaf:id = "viaf"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="needs quotes"):
        load_mapping(bad)


def test_missing_columns_refuse_the_file_once() -> None:
    [rejected] = _read("wrong_column", "creators")
    assert isinstance(rejected, Rejected) and rejected.fatal
    assert "names column(s) this file does not have: 'Name', 'id'" in rejected.reason


@pytest.mark.parametrize(("cell", "names"), [
    ("Aachen, Hans von, Hans von Aachen", ["Aachen, Hans von", "Hans von Aachen"]),
    ("van Gogh, Vincent, Gogh, Vincent van", ["van Gogh, Vincent", "Gogh, Vincent van"]),
    ("Smith, John, Jr., J. Smith", ["Smith, John, Jr.", "J. Smith"]),
    ("Homer, Jr., Charles Savage, Savage, Charles R.", ["Homer, Jr., Charles Savage", "Savage, Charles R."]),
    ("Hans von Aachen, Johann von Aachen", ["Hans von Aachen", "Johann von Aachen"]),
    # a form of address after an inverted name stays with it (made-up names)
    ("Quillon, Vera M., Mrs., Quillon, Vera", ["Quillon, Vera M., Mrs.", "Quillon, Vera"]),
    ("Vesk, Bruno, Sir, B. Vesk", ["Vesk, Bruno, Sir", "B. Vesk"]),
])
def test_comma_separated_names_keep_surname_forename(cell: str, names: list[str]) -> None:
    assert split_names(cell, ",") == names


def test_cli_all_rejected_exits_non_zero_with_reasons(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "ingest", str(FIXTURES / "creators.csv"), "--mapping", str(FIXTURES / "wrong_column.toml"), "--dry-run",
        "--report", str(tmp_path / "r.jsonl"), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "wrongcol rejected 1 of 1" in result.output and "names column(s) this file does not have" in result.output


def test_cli_bad_mapping_lists_problems_before_reading(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(FIXTURES / "creators.csv"), "--mapping", str(FIXTURES / "bad.toml"),
                                       "--dry-run", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1 and "10 problem(s) in the mapping" in result.output
    assert not (tmp_path / "d" / "reports").exists()  # nothing was read


def test_draft_mapping_loads_and_finds_ids_and_alternates(tmp_path: Path) -> None:
    out = tmp_path / "draft.toml"
    result = CliRunner().invoke(main, ["mapping", "draft", str(FIXTURES / "creators.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    mapping = load_mapping(out)
    assert mapping.entity_kind == "Person" and mapping.column("id") == "ch:id"
    assert mapping.column("name") == "Display Name" and mapping.column("alternates") == "Alternate names"
    # the header names the scheme and the values fit it
    assert {(c.column, c.scheme) for c in mapping.id_columns} == {
        ("ulan uri", "ulan"), ("viaf uri", "viaf"), ("wikidata uri", "wikidata")}
    assert "repeats in the sample" in out.read_text(encoding="utf-8")
    loaded = CliRunner().invoke(main, ["ingest", str(FIXTURES / "creators.csv"), "--mapping", str(out), "--dry-run",
                                       "--json", "--report", str(tmp_path / "r.jsonl"), "--data-dir", str(tmp_path / "d")])
    assert loaded.exit_code == 0, loaded.output
    [source] = json.loads(loaded.stdout)["sources"]
    assert source["read"] == source["loaded"] == 6
    # the comma-separated alternates are split as the hand-written mapping splits them ("Surname, Forename"
    # kept whole): the drafted mapping reads every alternate name and id the hand-written one does
    drafted = [r.mentions[0] for r in read(FIXTURES / "creators.csv", source="partner", institution=INST,
                                           mapping=mapping) if isinstance(r, Record)]
    by_hand = [r.mentions[0] for r in _read("creators") if isinstance(r, Record)]
    assert [(m.alt_names, m.ids) for m in drafted] == [(m.alt_names, m.ids) for m in by_hand]
    assert drafted[0].alt_names == ("Aachen, Hans von", "Achen, Hans von")


def test_a_drafted_id_column_empty_in_the_sample_is_kept_by_its_header(tmp_path: Path) -> None:
    """A sparse id column (VIAF on a few rows in thousands) has no value in the rows the draft looks at;
    its header names the scheme and says it is an id, so it is mapped all the same. A header that
    only mentions a scheme ("MoMA accession number") is no id column."""
    path = tmp_path / "people.csv"
    path.write_text("id,Name,VIAF URI,gnd:id,MoMA accession number\n"
                    "p1,Vera Quillon,,,\np2,Bruno Vesk,,,\n", encoding="utf-8")
    mapping = _drafted(path, tmp_path / "draft.toml")
    assert {(c.column, c.scheme) for c in mapping.id_columns} == {("VIAF URI", "viaf"), ("gnd:id", "gnd")}
    assert "(empty in the sample)" in (tmp_path / "draft.toml").read_text(encoding="utf-8")


def test_a_json_export_with_lists_of_objects_drafts_and_loads(tmp_path: Path) -> None:
    """A JSON Lines export that nests its names and ids as lists of objects (`{"names": [{"type": ...,
    "value": ...}]}`): the draft maps the paths through the lists ("names.value", not the list's JSON
    text), and the reader gives the first name as the name, the others as alternates, and every id."""
    path = FIXTURES / "nested_creators.jsonl"
    out = tmp_path / "draft.toml"
    result = CliRunner().invoke(main, ["mapping", "draft", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    mapping = load_mapping(out)
    assert mapping.column("name") == "names.value"  # not "names.type", a key saying what kind of name
    assert (mapping.column("birth"), mapping.column("death")) == ("life.birth", "life.death")
    assert [(c.column, c.scheme) for c in mapping.id_columns] == [("identifiers.value", "auto")]
    records = [r for r in read(path, source="nested", institution=INST, mapping=mapping) if isinstance(r, Record)]
    [first] = records[0].mentions
    assert (first.name, first.alt_names, first.birth_year, first.death_year) == ("Vera Quillon", ("V. Quillon",), 1901, 1970)
    assert first.ids == ("viaf:123456789", "wikidata:Q4115189")
    assert len(records) == 3 and records[2].mentions[0].ids == ()


def test_a_drafted_object_export_takes_the_creators_name_not_its_id(tmp_path: Path, sample_dir: Path) -> None:
    """CMOA's object JSON nests its makers as a list of objects (`creator: [{artist_id, full_name, ...}]`):
    the draft maps the name key of that list, and the creation date rather than the acquisition date."""
    path = next(iter(sorted((sample_dir / "cmoa" / "cmoa").glob("*.json"))))
    out = tmp_path / "draft.toml"
    assert CliRunner().invoke(main, ["mapping", "draft", str(path), "--out", str(out)]).exit_code == 0
    mapping = load_mapping(out)
    assert mapping.column("creator") == "creator.full_name" and mapping.column("date") == "creation_date"


def test_an_edited_mapping_reads_unchanged_bytes_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged files are not parsed again (graph.unchanged), unless the mapping that reads them changed."""
    monkeypatch.setenv("GLAMGRAPH_EXTRACT", "off")
    data, csv, mapping = tmp_path / "data", tmp_path / "objects.csv", tmp_path / "objects.toml"
    csv.write_text("id,Title,Label\n1,A harbour,Harbour at dusk\n2,A portrait,Portrait of a man\n", encoding="utf-8")
    text = '[source]\nname = "objs"\n\n[fields]\nid = "id"\ntitle = "Title"\n'
    mapping.write_text(text, encoding="utf-8")

    def titles() -> set[str]:
        store = open_embedded(data)
        try:
            return {row[0] for row in store.query("MATCH (r:Record) RETURN r.title").rows}
        finally:
            store.close()

    def ingest() -> None:
        out = CliRunner().invoke(main, ["ingest", str(csv), "--mapping", str(mapping), "--data-dir", str(data)])
        assert out.exit_code == 0, out.output

    ingest()
    assert titles() == {"A harbour", "A portrait"}
    mapping.write_text(text.replace('title = "Title"', 'title = "Label"'), encoding="utf-8")
    ingest()
    assert titles() == {"Harbour at dusk", "Portrait of a man"}


def test_birth_and_death_places_of_a_person_list(tmp_path: Path, sample_dir: Path) -> None:
    """Tate's artist_data.csv as a partner's person list: `mapping draft` finds placeOfBirth and
    placeOfDeath, and each becomes a BORN_IN / DIED_IN link to a Place alias of that source."""
    path = sample_dir / "tate" / "artist_data.csv"
    out = tmp_path / "artists.toml"
    result = CliRunner().invoke(main, ["mapping", "draft", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    mapping = load_mapping(out)
    assert (mapping.column("birth_place"), mapping.column("death_place")) == ("placeOfBirth", "placeOfDeath")
    records = {r.source_id: r for r in read(path, source="partner", institution=INST, mapping=mapping)
               if isinstance(r, Record)}
    # 10093,"Abakanowicz, Magdalena",Female,born 1930,1930,,Polska,,...
    (person,) = records["person:10093"].mentions
    assert [(rel, m.kind, m.name) for rel, m in person.links] == [("BORN_IN", "Place", "Polska")]
    # a place named twice is one alias
    died = [m for r in records.values() for rel, m in r.mentions[0].links if rel == "DIED_IN"]
    born = {m.name: m.alias_key for r in records.values() for rel, m in r.mentions[0].links if rel == "BORN_IN"}
    assert died and all(m.alias_key.startswith("partner:place:") for m in died)
    assert any(born.get(m.name) == m.alias_key for m in died)


def test_a_source_states_its_licence(tmp_path: Path) -> None:
    """`licence` in [source] (or `--licence` on the command line) is put on every record, so exports
    carry it; a text that names no licence is a mapping problem with its line."""
    text = (FIXTURES / "objects.toml").read_text(encoding="utf-8")
    mapping_path = tmp_path / "objects.toml"
    mapping_path.write_text(text.replace('invert_names = true', 'invert_names = true\nlicence = "CC BY 4.0"'),
                            encoding="utf-8")
    mapping = load_mapping(mapping_path)
    assert mapping.licence == "https://creativecommons.org/licenses/by/4.0/"
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(text.replace('invert_names = true', 'invert_names = true\nlicence = "ask us"'), encoding="utf-8")
    with pytest.raises(MappingError, match=r"line 5: licence 'ask us' names no licence"):
        load_mapping(wrong)

    data = tmp_path / "d"
    for args in (["--mapping", str(mapping_path)], ["--mapping", str(FIXTURES / "objects.toml"), "--licence", "CC0"]):
        out = CliRunner().invoke(main, ["ingest", str(FIXTURES / "objects.csv"), *args, "--data-dir", str(data)],
                                 env={"GLAMGRAPH_EXTRACT": "off"})
        assert out.exit_code == 0, out.output
        store = open_embedded(data)
        try:
            licences = {row[0] for row in store.query("MATCH (r:Record) RETURN r.licence").rows}
        finally:
            store.close()
        assert licences == {"https://creativecommons.org/licenses/by/4.0/" if "CC0" not in args
                            else "https://creativecommons.org/publicdomain/zero/1.0/"}
        data = tmp_path / "d2"
    refused = CliRunner().invoke(main, ["ingest", str(FIXTURES / "objects.csv"), "--licence", "ask us", "--dry-run"])
    assert refused.exit_code == 2 and "names no licence" in refused.output


def test_a_semicolon_export_with_french_headers_drafts_and_loads(tmp_path: Path) -> None:
    """Spreadsheets in French, German, Italian, Spanish or Dutch settings write ";" between cells, and a
    partner's headers are in its language: the header was one column ("Numéro d'inventaire;Titre;...")
    and nothing was found. Now the draft finds the id, title, creator, date and ULAN columns of the
    objects, and a person list's given name and surname columns as one name, its dates and alternates
    (made-up rows)."""
    drafts = {}
    for name in ("oeuvres_semicolon", "auteurs_semicolon"):
        out = tmp_path / f"{name}.toml"
        result = CliRunner().invoke(main, ["mapping", "draft", str(FIXTURES / f"{name}.csv"), "--out", str(out)])
        assert result.exit_code == 0, result.output
        drafts[name] = load_mapping(out)
    objects, people = drafts["oeuvres_semicolon"], drafts["auteurs_semicolon"]
    assert objects.entity_kind is None and objects.column("id") == "Numéro d'inventaire"
    assert (objects.column("title"), objects.column("creator"), objects.column("date")) == (
        "Titre", "Auteur", "Date de création")
    assert [(c.column, c.scheme) for c in objects.id_columns] == [("Lien ULAN", "ulan")]
    assert people.entity_kind == "Person" and people.templates == {"name": "{Prénom} {Nom}"}
    assert (people.column("birth"), people.column("death"), people.column("alternates")) == (
        "Date de naissance", "Date de décès", "Autres noms")

    made = [r for r in read(FIXTURES / "oeuvres_semicolon.csv", source="o", institution=INST, mapping=objects)]
    makers = [(m.name, m.role, m.birth_year, m.death_year, m.ids) for r in made if isinstance(r, Record) for m in r.mentions]
    assert makers == [("QUILLON Vera", None, 1836, 1910, ("ulan:500012345",)), ("OSTLER Anna", "werkstatt des", None, None, ()),
                      ("DUPRÉ Jean", None, 1902, 1980, ())]
    listed = [r for r in read(FIXTURES / "auteurs_semicolon.csv", source="a", institution=INST, mapping=people)]
    assert [(r.mentions[0].name, r.mentions[0].birth_year, r.mentions[0].death_year) for r in listed
            if isinstance(r, Record)] == [("Vera Quillon", 1836, 1910), ("Anna Ostler", 1570, 1634)]


def test_the_delimiter_is_the_one_that_splits_the_header_most() -> None:
    from ingest.csvutil import delimiter_of

    assert delimiter_of("id,name,dates\n") == ","
    assert delimiter_of("id;name;dates\n") == ";"
    assert delimiter_of("id\tname\tdates\n") == "\t"
    assert delimiter_of('"id;x",name,dates\n') == ","  # a semicolon inside a quoted header stays in it
    assert delimiter_of("name\n") == ","


def test_a_windows_1252_export_is_read_as_such_and_damage_in_utf8_stays_damage(tmp_path: Path) -> None:
    """Spreadsheets in western European settings save CSV as Windows-1252: "Prénom" and "Dürer" came out
    with U+FFFD, met by nothing. Such a file is read as Windows-1252; a UTF-8 file with a bad byte, or a
    stray byte between spaces, stays UTF-8 (the byte a replacement character, with a warning)."""
    from ingest.csvutil import encoding_of, read_csv_rows

    latin = tmp_path / "auteurs_1252.csv"
    latin.write_bytes((FIXTURES / "auteurs_semicolon.csv").read_text(encoding="utf-8").encode("cp1252"))
    assert encoding_of(latin) == "cp1252"
    rows = [r for r in read_csv_rows(latin) if not isinstance(r, Rejected)]
    assert rows[0][1]["Date de décès"] == "05/12/1910" and rows[0][1]["Nationalité"] == "française"
    dashes = tmp_path / "dashes.csv"
    dashes.write_bytes("id,name,dates\n1,Vera Quillon,1836–1910\n2,Anna Ostler’s,1570\n".encode("cp1252"))
    assert encoding_of(dashes) == "cp1252"

    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes("id,name\n1,Vera Quillön\n2,Bad ".encode() + b"\xff" + b" byte\n")
    assert encoding_of(damaged) == "utf-8-sig"
    stray = tmp_path / "stray.csv"
    stray.write_bytes(b"id,name\n1,Bad \xff byte\n")
    assert encoding_of(stray) == "utf-8-sig"


def test_excels_unicode_text_export_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16 with a byte-order mark and tabs between cells."""
    from ingest.csvutil import read_csv_rows

    path = tmp_path / "unicode.txt"
    path.write_bytes("id\tname\tdates\n1\tVera Quillön\t1836–1910\n".encode("utf-16"))
    assert [r for r in read_csv_rows(path)] == [(1, {"id": "1", "name": "Vera Quillön", "dates": "1836–1910"})]


def test_a_workbook_export_drafts_and_loads_like_its_csv(tmp_path: Path) -> None:
    """A partner's person list saved as an Excel workbook (made-up rows): the draft finds the same fields
    as for the CSV, and the rows read the same (numbers as Excel stores them, 1836.0, are years)."""
    from tests.spreadsheets import write_xlsx

    header = ["Identifiant", "Nom", "Prénom", "Date de naissance", "Date de décès", "Autres noms"]
    path = write_xlsx(tmp_path / "auteurs.xlsx", [header, ["A1", "Quillon", "Vera", 1836, 1910.0, "V. Quillon|QUILLON, V."],
                                                  [], ["A2", "Ostler", "Anna", 1570, 1634, None]])
    out = tmp_path / "auteurs.toml"
    result = CliRunner().invoke(main, ["mapping", "draft", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    mapping = load_mapping(out)
    assert mapping.entity_kind == "Person" and mapping.templates == {"name": "{Prénom} {Nom}"}
    records = [r for r in read(path, source="a", institution=INST, mapping=mapping) if isinstance(r, Record)]
    assert [(r.source_id, r.mentions[0].name, r.mentions[0].birth_year, r.mentions[0].death_year) for r in records] == [
        ("person:A1", "Vera Quillon", 1836, 1910), ("person:A2", "Anna Ostler", 1570, 1634)]
    loaded = CliRunner().invoke(main, ["ingest", str(path), "--mapping", str(out), "--dry-run", "--json",
                                       "--report", str(tmp_path / "r.jsonl"), "--data-dir", str(tmp_path / "d")])
    assert loaded.exit_code == 0, loaded.output
    [source] = json.loads(loaded.stdout)["sources"]
    assert source["read"] == source["loaded"] == 2


def test_a_hostile_or_broken_workbook_is_one_rejection_naming_it(tmp_path: Path) -> None:
    """A zip bomb (a member that inflates a thousand times) is refused before it is inflated; a file that
    is no workbook, or a zip without a workbook in it, is one fatal rejection with the reason."""
    from ingest.spreadsheet import spreadsheet_rows
    from tests.spreadsheets import write_xlsx

    bomb = write_xlsx(tmp_path / "bomb.xlsx", [["id", "name"], ["1", "Vera Quillon"]],
                      extra={"xl/media/padding.bin": b"\0" * (64 << 20)})
    notzip = tmp_path / "notzip.xlsx"
    notzip.write_bytes(b"id,name\n1,Vera Quillon\n")
    empty_zip = tmp_path / "empty.ods"
    import zipfile
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    for path, reason in ((bomb, "zip bomb"), (notzip, "not a workbook"), (empty_zip, "unreadable workbook")):
        [rejected] = list(spreadsheet_rows(path))
        assert isinstance(rejected, Rejected) and rejected.fatal and reason in rejected.reason, rejected
        assert rejected.file == str(path)


def test_a_workbooks_title_lines_above_its_header_are_skipped(tmp_path: Path) -> None:
    """Exports often start with a title and a date in one cell each: the header is the first row of two or
    more cells. A sheet of one column still has its first row as the header."""
    from ingest.spreadsheet import spreadsheet_rows
    from tests.spreadsheets import write_xlsx

    titled = write_xlsx(tmp_path / "titled.xlsx", [["Export of the Quillon collection"], ["2026-12-01"], [],
                                                   ["id", "name"], ["1", "Vera Quillon"], ["2", "Anna Ostler"]])
    assert list(spreadsheet_rows(titled)) == [(1, {"id": "1", "name": "Vera Quillon"}),
                                              (2, {"id": "2", "name": "Anna Ostler"})]
    names = write_xlsx(tmp_path / "names.xlsx", [["name"]] + [[f"Vera Quillon {i}"] for i in range(15)])
    rows = list(spreadsheet_rows(names))
    assert len(rows) == 15 and rows[0] == (1, {"name": "Vera Quillon 0"}) and rows[-1] == (15, {"name": "Vera Quillon 14"})


def test_each_creators_details_beside_it_in_an_object_export() -> None:
    """An object export that gives each maker's bio, nationality, years, own id and authority URIs in
    columns beside the maker, several makers in one cell ("A|B" beside "1901|1950"): each maker takes
    the values at its place; the source's own maker id keys the alias (one alias for every row naming
    that maker); the object's own Wikidata id stays the object's. A cell with another number of values
    than makers is not used, with a warning."""
    records = {r.source_id: r for r in _read("objects_creator_columns") if isinstance(r, Record)}
    [vera] = records["9001"].mentions
    assert (vera.alias_key, vera.birth_year, vera.death_year, vera.nationality) == ("objects_creator_columns:person:c-11", 1901, 1970,
                                                                                     "French")
    assert vera.ids == ("ulan:500999001", "wikidata:Q99900001")
    assert records["9001"].ids == ("wikidata:Q99950001",)
    bruno, orla = records["9002"].mentions
    assert (bruno.name, bruno.alias_key, bruno.birth_year, bruno.death_year, bruno.nationality, bruno.ids) == (
        "Bruno Vesk", "objects_creator_columns:person:c-12", 1950, None, "Estonian", ("wikidata:Q99900002",))  # 9999: living
    assert (orla.name, orla.alias_key, orla.birth_year, orla.death_year, orla.nationality, orla.ids) == (
        "Orla Brenvik", "objects_creator_columns:person:c-13", 1911, 1987, "Norwegian", ("ulan:500999003",))
    assert records["9003"].mentions[0].alias_key == vera.alias_key
    two = records["9004"]
    assert [m.alias_key for m in two.mentions] == ["objects_creator_columns:person:c-12", "objects_creator_columns:person:c-13"]
    assert [m.nationality for m in two.mentions] == [None, None]  # one nationality for two makers: whose?
    assert (vera.role, bruno.role, orla.role) == ("Artist", "Designer", "Manufacturer")  # each maker's own role
    assert [m.role for m in two.mentions] == ["Designer", "Designer"]  # one role: every maker's
    assert any("creator_nationality column 'Artist Nationality' holds 1 value(s) for 2 creator(s)" in w
               for w in two.warnings)


def test_a_drafted_object_export_maps_each_creators_columns(tmp_path: Path) -> None:
    """`mapping draft` on a Met-style object export finds the maker's own columns by their headers and
    reads every maker's years, nationality, id and authority ids as the hand-written mapping does."""
    mapping = _drafted(FIXTURES / "objects_creator_columns.csv", tmp_path / "draft.toml")
    assert {name: mapping.column(name) for name in ("creator_dates", "creator_birth", "creator_death",
                                                    "creator_nationality", "creator_id", "date", "creator_role")} == {
        "creator_role": "Artist Role",
        "creator_dates": "Artist Display Bio", "creator_birth": "Artist Begin Date", "creator_death": "Artist End Date",
        "creator_nationality": "Artist Nationality", "creator_id": "Constituent ID", "date": "Object Date"}
    assert mapping.fields["creator_ids"] == ("Artist ULAN URL", "Artist Wikidata URL")
    assert [c.column for c in mapping.id_columns] == ["Object Wikidata URL"]  # the object's own id
    def mentions(m: Any) -> list[tuple[Any, ...]]:
        return [(r.source_id, x.name, x.alias_key, x.birth_year, x.death_year, x.nationality, x.ids, x.role)
                for r in read(FIXTURES / "objects_creator_columns.csv", source="objects_creator_columns",
                              institution=INST, mapping=m) if isinstance(r, Record) for x in r.mentions]
    assert mentions(mapping) == mentions(load_mapping(FIXTURES / "objects_creator_columns.toml"))


def test_each_creators_details_written_one_bracket_per_maker() -> None:
    """MoMA's Artworks.csv writes each maker's details as one bracket per maker ("(1950) (1911)", an
    end date "(0)" for a living maker), the makers and their ids split by a comma."""
    records = {r.source_id: r for r in _read("artworks_bracketed") if isinstance(r, Record)}
    [vera] = records["1"].mentions
    assert (vera.alias_key, vera.birth_year, vera.death_year, vera.nationality) == (
        "artworks_bracketed:person:11", 1901, 1970, "French")
    bruno, orla = records["2"].mentions
    assert [(m.name, m.alias_key, m.birth_year, m.death_year, m.nationality) for m in (bruno, orla)] == [
        ("Bruno Vesk", "artworks_bracketed:person:12", 1950, None, "Estonian"),
        ("Orla Brenvik", "artworks_bracketed:person:13", 1911, 1987, "Norwegian")]
    assert not records["2"].warnings


def test_a_drafted_moma_style_export_gives_the_makers_their_brackets(tmp_path: Path) -> None:
    """On an object export, "Nationality", "BeginDate" and "EndDate" are the maker's (an object has none),
    and "ConstituentID" is the maker's id, not the row's: the draft reads as the hand-written mapping."""
    mapping = _drafted(FIXTURES / "artworks_bracketed.csv", tmp_path / "draft.toml")
    assert (mapping.column("id"), mapping.column("creator_id")) == ("ObjectID", "ConstituentID")
    def mentions(m: Any) -> list[tuple[Any, ...]]:
        return [(r.source_id, x.name, x.alias_key, x.birth_year, x.death_year, x.nationality)
                for r in read(FIXTURES / "artworks_bracketed.csv", source="artworks_bracketed", institution=INST,
                              mapping=m) if isinstance(r, Record) for x in r.mentions]
    assert mentions(mapping) == mentions(load_mapping(FIXTURES / "artworks_bracketed.toml"))


@pytest.mark.parametrize("relative", [
    "aic/getting-started/someArtworks.csv", "moma/Artists.csv", "tate/artist_data.csv", "nga/constituents.csv",
    "nga/objects_constituents_2021.csv", "nga/constituents_altnames.csv",
])
def test_every_draft_of_a_sample_export_loads_and_reads(relative: str, sample_dir: Path, tmp_path: Path) -> None:
    """Whatever a real export's columns, the drafted mapping is one the reader accepts (an object export's
    "bio" column was once mapped as a field objects do not have: the draft did not load), and it reads
    the file's rows with few rejections."""
    from ingest.mapping_draft import draft

    path = sample_dir / relative
    out = tmp_path / "draft.toml"
    out.write_text(draft(path), encoding="utf-8")
    mapping = load_mapping(out)
    rows = list(read(path, source="s", institution=INST, mapping=mapping))
    read_ok = sum(1 for r in rows if isinstance(r, Record))
    assert read_ok and read_ok >= 0.95 * len(rows)


def test_a_draft_maps_every_alternate_name_column(tmp_path: Path) -> None:
    """Alternate names spread over several columns ("Other name 1", "Other name 2", "Also known as") are
    all alternates, not only the first column's (made-up names)."""
    path = tmp_path / "people.csv"
    path.write_text('id,Name,Other name 1,Other name 2,Also known as\n'
                    'p1,Vera Quillon,"Quillon, Vera",V. Quillon,Vera Q.\np2,Bruno Vesk,,,\n', encoding="utf-8")
    mapping = _drafted(path, tmp_path / "draft.toml")
    [vera, _] = [r.mentions[0] for r in read(path, source="p", institution=INST, mapping=mapping)
                 if isinstance(r, Record)]
    assert vera.alt_names == ("Quillon, Vera", "V. Quillon", "Vera Q.")


def test_an_object_export_and_a_person_list_meet_on_the_museums_own_maker_id(tmp_path: Path) -> None:
    """The makers of an object export (`creator_id`) and the same source's person list (its `id`) are one
    alias each in the graph: the person list's names and ids and the objects' CREATED_BY meet on the
    museum's own maker id, not on how each file spells the name."""
    people = tmp_path / "people.csv"
    people.write_text('Constituent ID,Display Name,Alternate names\nc-11,"Quillon, Vera M.","V. Quillon"\n',
                      encoding="utf-8")
    mapping = tmp_path / "people.toml"
    mapping.write_text('[source]\nname = "objects_creator_columns"\nrecord_kind = "person"\ninvert_names = true\n'
                       '[fields]\nid = "Constituent ID"\nname = "Display Name"\nalternates = "Alternate names"\n',
                       encoding="utf-8")
    data = tmp_path / "d"
    for args in ([str(FIXTURES / "objects_creator_columns.csv"), "--mapping",
                  str(FIXTURES / "objects_creator_columns.toml")], [str(people), "--mapping", str(mapping)]):
        out = CliRunner().invoke(main, ["ingest", *args, "--data-dir", str(data)])
        assert out.exit_code == 0, out.output
    store = open_embedded(data)
    try:
        rows = store.query("MATCH (a:Alias {key: $key})-[:REFERS_TO]->(e:Person) "
                           "OPTIONAL MATCH (r:Record)-[:CREATED_BY]->(e) RETURN e.id, count(DISTINCT r), a.names",
                           {"key": "objects_creator_columns:person:c-11"}).rows
    finally:
        store.close()
    [(entity, works, names)] = rows
    assert entity == "person:ulan:500999001" and works == 2  # the objects' ULAN URI, both objects
    assert {"Vera M. Quillon", "V. Quillon"} <= set(names)  # the person list's names on the same alias


def test_one_maker_takes_the_whole_cell_whatever_the_separator(tmp_path: Path) -> None:
    """Makers separated by commas ("Vera Quillon, Bruno Vesk"): a row with one maker gives that maker its
    whole bio ("French, 1901-1970"), not two values for one maker; its two URIs are both its ids; two
    makers of one name but their own ids stay two (made-up rows)."""
    path = tmp_path / "objects.csv"
    path.write_text('id,Title,Artist,Bio,Artist id,Artist URI\n'
                    '1,A,Vera Quillon,"French, 1901-1970",c-11,'
                    '"http://vocab.getty.edu/ulan/500999001, https://www.wikidata.org/wiki/Q99900001"\n'
                    '2,B,"Jan Vos, Jan Vos",,"c-21, c-22",\n', encoding="utf-8")
    mapping = tmp_path / "objects.toml"
    mapping.write_text('[fields]\nid = "id"\ntitle = "Title"\ncreator = "Artist"\ncreator_dates = "Bio"\n'
                       'creator_id = "Artist id"\ncreator_ids = "Artist URI"\n[separators]\ncreator = ","\n',
                       encoding="utf-8")
    records = {r.source_id: r for r in read(path, source="p", institution=INST, mapping=load_mapping(mapping))
               if isinstance(r, Record)}
    [vera] = records["1"].mentions
    assert (vera.birth_year, vera.death_year, vera.ids) == (1901, 1970, ("ulan:500999001", "wikidata:Q99900001"))
    assert not records["1"].warnings
    assert [m.alias_key for m in records["2"].mentions] == ["p:person:c-21", "p:person:c-22"]


def test_tag_ids_are_the_tags_not_the_makers(tmp_path: Path) -> None:
    """The Met's export gives each tag's AAT and Wikidata URIs beside its tags ("Women|Horses"). They are
    the tags' ids (`subject_ids`), never the maker's: a Wikidata "Q467" (woman) put on the one maker of
    every such object would make all those makers one person under id linking. Only a scheme that names
    people alone (ULAN, VIAF, ...) in `[ids]` still goes to an object's one maker (made-up rows)."""
    path = tmp_path / "met.csv"
    path.write_text("Object ID,Title,Artist Display Name,Tags,Tags AAT URL,Tags Wikidata URL,Object Wikidata URL,"
                    "Artist ULAN\n"
                    "1,A,Vera Quillon,Women|Horses,http://vocab.getty.edu/page/aat/300025943|"
                    "http://vocab.getty.edu/page/aat/300250148,https://www.wikidata.org/wiki/Q467|"
                    "https://www.wikidata.org/wiki/Q726,https://www.wikidata.org/wiki/Q99950001,500999001\n",
                    encoding="utf-8")
    mapping = _drafted(path, tmp_path / "draft.toml")
    assert mapping.fields["subject_ids"] == ("Tags AAT URL", "Tags Wikidata URL")
    [record] = [r for r in read(path, source="met", institution=INST, mapping=mapping) if isinstance(r, Record)]
    maker = next(m for m in record.mentions if m.relation == "CREATED_BY")
    tags = {m.name: m.ids for m in record.mentions if m.kind == "Theme"}
    assert maker.ids == ("ulan:500999001",)  # not the tags' or the object's Wikidata ids
    assert tags == {"Women": ("aat:300025943", "wikidata:Q467"), "Horses": ("aat:300250148", "wikidata:Q726")}
    assert "wikidata:Q99950001" in record.ids


def test_a_russian_export_drafts_and_loads(tmp_path: Path) -> None:
    """Headers in Russian ("Фамилия", "Имя", "Дата рождения", "Инвентарный номер", "Название", "Автор"), as a
    partner in Russia exports them (made-up rows): the draft maps them as it maps the same English headers."""
    people = tmp_path / "people.csv"
    people.write_text("Идентификатор,Фамилия,Имя,Другие имена,Дата рождения,Дата смерти,Национальность\n"
                      "р1,Квиллон,Вера,\"Квиллон, Вера Михайловна\",1901,1970,русская\n"
                      "р2,Веск,Бруно,,1950,,эстонец\n", encoding="utf-8")
    mapping = _drafted(people, tmp_path / "people.toml")
    assert (mapping.entity_kind, mapping.column("id"), mapping.templates.get("name")) == (
        "Person", "Идентификатор", "{Имя} {Фамилия}")
    [vera, _] = [r.mentions[0] for r in read(people, source="ru", institution=INST, mapping=mapping)
                 if isinstance(r, Record)]
    assert (vera.name, vera.alt_names, vera.birth_year, vera.death_year, vera.nationality) == (
        "Вера Квиллон", ("Квиллон, Вера Михайловна",), 1901, 1970, "русская")
    objects = tmp_path / "objects.csv"
    objects.write_text("Инвентарный номер;Название;Автор;Дата\nЖ-101;Гавань;Вера Квиллон;1931\n", encoding="utf-8")
    mapping = _drafted(objects, tmp_path / "objects.toml")
    assert [mapping.column(f) for f in ("id", "title", "creator", "date")] == [
        "Инвентарный номер", "Название", "Автор", "Дата"]


def test_draft_of_a_concordance_takes_the_rows_own_id_and_names_the_ids_it_cannot_read(tmp_path: Path) -> None:
    # The first id column ("other:id") is empty on most rows and of a scheme glamgraph does not know;
    # the row's own id is the one filled and different on every row. Its "0" placeholders are no example.
    mapping = _drafted(FIXTURES / "concordance_sparse.csv", tmp_path / "m.toml")
    text = (tmp_path / "m.toml").read_text(encoding="utf-8")
    assert mapping.fields["id"] == ("museum:id",) and mapping.fields["name"] == ("museum:name",)
    assert {"wikipedia:id", "viaf:id", "moma:id"} <= {c.column for c in mapping.id_columns}
    assert "'other:id', 'xyz:id' look like ids of schemes glamgraph does not know" in text
    assert "e.g. '66477457'" in text and "e.g. '5511'" in text


def test_draft_of_a_folder_of_one_person_per_json_file(tmp_path: Path) -> None:
    # Some museums publish one JSON file per person in a tree of folders; the person's "date" is their
    # life with a nationality in front ("French, 1727 - 1807"), a "woe:country_id" a place's number.
    folder = FIXTURES / "people_folder"
    mapping = _drafted(folder, tmp_path / "m.toml")
    assert mapping.record_kind == "person" and mapping.source == "people_folder"
    assert mapping.fields["id"] == ("id",) and mapping.fields["name"] == ("name",)
    assert mapping.fields["dates"] == ("date",) and "nationality" not in mapping.fields
    people = {r.mentions[0].name: r.mentions[0] for f in sorted(folder.rglob("*.json"))
              for r in read(f, source="p", institution=INST, mapping=mapping) if isinstance(r, Record)}
    vera, ilse = people["Vera Quillon"], people["Ilse Brandauer"]
    assert (vera.birth_year, vera.death_year, vera.nationality) == (1727, 1807, "French")
    assert (ilse.birth_year, ilse.death_year, ilse.nationality) == (1852, None, "American")
    assert people["Tomas Arbeloa"].nationality is None


def test_draft_of_a_folder_of_one_object_per_json_file(tmp_path: Path) -> None:
    # One JSON file per object: the makers in one cell with ";" and attributions ("Formerly attributed to
    # X"), a bare "role" and "nationality" beside them (the makers'), a "country" (the object's).
    folder = FIXTURES / "objects_folder"
    mapping = _drafted(folder, tmp_path / "m.toml")
    assert mapping.record_kind == "item" and mapping.fields["creator"] == ("artist",)
    assert mapping.fields["creator_nationality"] == ("nationality",) and mapping.fields["creator_role"] == ("role",)
    assert mapping.fields["creator_dates"] == ("life_date",) and mapping.separators["creator"] == ";"
    records = {r.source_id: r for f in sorted(folder.rglob("*.json"))
               for r in read(f, source="o", institution=INST, mapping=mapping) if isinstance(r, Record)}
    (vera,) = records["11.5"].mentions
    assert (vera.name, vera.birth_year, vera.death_year, vera.nationality, vera.role) == (
        "Vera Quillon", 1860, 1931, "French", "Artist")  # "French (1860-1931)": the nationality alone
    earth = records["10.2"]
    assert [(m.name, m.role) for m in earth.mentions] == [
        ("Tomas Arbeloa", "Artist"), ("Vera Quillon", "formerly attributed to; Artist"),
        ("Ilse Brandauer", "formerly attributed to; Artist")]
    assert any("holds 1 value(s) for 3 creator(s)" in w for w in earth.warnings)  # whose dates? not guessed
    runner = records["98.1"].mentions
    assert [(m.name, m.role, m.birth_year) for m in runner] == [("Ilse Brandauer", "Designer", 1901),
                                                               ("Anna Fenwick", "Weaver", 1920)]


def test_a_former_attribution_is_a_qualifier_not_part_of_the_name() -> None:
    from ingest.normalise import split_attribution

    assert split_attribution("Previously attributed to Vera Quillon") == ("Vera Quillon", "previously attributed to")
    assert split_attribution("Formerly attributed to Vera Quillon") == ("Vera Quillon", "formerly attributed to")


def test_draft_of_a_wikidata_query_export(tmp_path: Path) -> None:
    # A data person's list from the Wikidata Query Service (CSV download): the item's URI is the row's
    # id (no header says "id"), "itemLabel" the name, "itemAltLabel" the alternates, ISO timestamps
    # the life dates ("+1755-00-00T00:00:00Z" when only the year is known). An item without a label
    # in the query's language comes with its id as its label: rejected, with the reason.
    path = FIXTURES / "wikidata_query.csv"
    mapping = _drafted(path, tmp_path / "m.toml")
    assert mapping.fields["id"] == ("item",) and mapping.fields["name"] == ("itemLabel",)
    assert mapping.fields["alternates"] == ("itemAltLabel",)
    read_back = list(read(path, source="wd", institution=INST, mapping=mapping))
    people = {r.mentions[0].name: r.mentions[0] for r in read_back if isinstance(r, Record)}
    assert set(people) == {"Vera Quillon", "Ortwin Vosmaer", "Casimir Brivaldi"}
    vera, casimir = people["Vera Quillon"], people["Casimir Brivaldi"]
    assert (vera.birth_year, vera.death_year) == (1871, 1944) and (casimir.birth_year, casimir.death_year) == (1755, 1820)
    assert {"wikidata:Q9000001", "ulan:500099001", "viaf:98765432"} <= set(vera.ids)
    assert "Kasimir Brivaldi" in casimir.alt_names
    rejected = [r for r in read_back if isinstance(r, Rejected)]
    assert len(rejected) == 1 and "holds an identifier, not a name: 'Q9000004'" in rejected[0].reason


def test_a_sparql_endpoints_json_results_are_rows(tmp_path: Path) -> None:
    # The W3C SPARQL results format (Wikidata's or a museum's endpoint: "head", "results.bindings", each
    # variable a {"type", "value"} object) was read as one row holding every person's values in lists
    path = FIXTURES / "wikidata_sparql.json"
    mapping = _drafted(path, tmp_path / "m.toml")
    assert mapping.fields["id"] == ("item",) and mapping.fields["name"] == ("itemLabel",)
    assert mapping.fields["birth"] == ("birthDate",)
    people = {r.mentions[0].name: r.mentions[0] for r in read(path, source="wd", institution=INST, mapping=mapping)
              if isinstance(r, Record)}
    assert set(people) == {"Vera Quillon", "Ortwin Vosmaer", "Casimir Brivaldi"}
    assert people["Ortwin Vosmaer"].ids == ("wikidata:Q9000002", "viaf:12345678")
    assert (people["Vera Quillon"].birth_year, people["Vera Quillon"].nationality) == (1871, "France")


def test_a_display_biography_gives_the_life_and_nationality_no_other_column_gives(tmp_path: Path) -> None:
    # The Getty vocabularies' shape: "French painter, 1871-1944" in a biography column, a bracket after
    # an inverted name ("Brivaldi, Casimir (Italian sculptor, 1755-1820)"); no date columns at all.
    # The years were lost (the bracket went with the inversion) and "French painter" would have been a
    # nationality no other catalogue writes.
    path = FIXTURES / "display_biography.csv"
    mapping = _drafted(path, tmp_path / "m.toml")
    assert mapping.fields["bio"] == ("display_biography",) and mapping.invert_names
    people = {r.mentions[0].name: r.mentions[0] for r in read(path, source="g", institution=INST, mapping=mapping)
              if isinstance(r, Record)}
    vera, ortwin, casimir = people["Vera Quillon"], people["Ortwin Vosmaer"], people["Casimir Brivaldi"]
    assert (vera.birth_year, vera.death_year, vera.nationality) == (1871, 1944, "French")
    assert (ortwin.birth_year, ortwin.death_year, ortwin.nationality) == (None, None, "Dutch")  # active, not a life
    assert "active 1800-1830" in (ortwin.bio or "")
    assert (casimir.birth_year, casimir.death_year) == (1755, 1820)


def test_an_agent_list_of_people_and_firms_says_which_on_each_row(tmp_path: Path) -> None:
    """A maker list holds people and firms, with a type column in its own words (NGA's "individual" /
    "corporate", ULAN's "Corporate body", a design museum's "Company"): the draft maps it, each row
    becomes that kind's alias, and a value naming neither is the list's kind, with a warning (made-up names)."""
    path = tmp_path / "makers.csv"
    path.write_text("id,Name,Type\n"
                    "m1,Vera Quillon,Person\nm2,Brivaldi Glass Company,Company\nm3,Ostler & Söhne,Corporate body\n"
                    "m4,Bruno Vesk,individual\nm5,Quorvaldt Studio,Studio\nm6,Tiit Vesk,Master\n", encoding="utf-8")
    mapping = _drafted(path, tmp_path / "draft.toml")
    assert mapping.column("kind") == "Type"
    records = [r for r in read(path, source="p", institution=INST, mapping=mapping) if isinstance(r, Record)]
    kinds = {r.mentions[0].name: (r.mentions[0].kind, r.mentions[0].alias_key) for r in records}
    assert kinds["Brivaldi Glass Company"] == ("Organization", "p:organization:m2")
    assert kinds["Ostler & Söhne"][0] == kinds["Quorvaldt Studio"][0] == "Organization"
    assert kinds["Vera Quillon"] == ("Person", "p:person:m1") and kinds["Bruno Vesk"][0] == "Person"
    assert kinds["Tiit Vesk"][0] == "Person"
    assert [w for r in records for w in r.warnings] == [
        "kind column 'Type': 'Master' says neither person nor organisation; read as person"]


def test_a_kind_column_on_a_place_list_is_a_mapping_mistake(tmp_path: Path) -> None:
    path = tmp_path / "places.toml"
    path.write_text('[source]\nrecord_kind = "place"\n[fields]\nid = "id"\nname = "Name"\nkind = "Type"\n',
                    encoding="utf-8")
    with pytest.raises(MappingError, match="field 'kind' says whether a row is a person or an organisation"):
        load_mapping(path)
