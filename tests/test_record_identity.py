"""Identity per record: shared control numbers, typed places, several names in one DC element."""

from __future__ import annotations

import io
from pathlib import Path

from graph.build import IngestReport, read_inputs
from graph.link.label_keys import place_groups
from graph.record_rows import content_key
from ingest.model import Institution, Mention, Record
from ingest.registry import get_format
from tests.conftest import sample_inputs


def test_records_sharing_a_control_number_are_kept_apart(sample_dir: Path) -> None:
    """LC's conversion test files all number their records from 001 "1": 157 records, 157 keys."""
    report = IngestReport()
    collected = read_inputs(sample_inputs(sample_dir, ("library_marc/lc_marc2bibframe2_testdata",)), report,
                            io.StringIO(), None)
    counts = report.sources["loc_marc2bibframe2"]
    keys = [r["key"] for r in collected.records]
    assert counts.read == counts.loaded == len(keys) == len(set(keys)) == 157
    kept_apart = [k for k in keys if "@" in k]
    assert kept_apart and all(k.split(":", 1)[1].split("@")[0] in {x.split(":", 1)[1] for x in keys} for k in kept_apart)
    assert counts.warnings >= len(kept_apart)


def test_the_same_inputs_give_the_same_ids(sample_dir: Path) -> None:
    inputs = sample_inputs(sample_dir, ("library_marc/lc_marc2bibframe2_testdata",))
    first = [r["key"] for r in read_inputs(inputs, IngestReport(), io.StringIO(), None).records]
    second = [r["key"] for r in read_inputs(inputs, IngestReport(), io.StringIO(), None).records]
    assert first == second


def test_a_place_type_keeps_places_apart() -> None:
    groups = place_groups({"a": "Beauly (river)", "b": "Beauly (inhabited place)", "c": "Beauly",
                           "d": "Crail (inhabited place)", "e": "Crail", "f": "Crail, Fife"})
    assert sorted(map(sorted, groups)) == [["a"], ["b"], ["c"], ["d", "e", "f"]]


def test_nls_typed_places_are_two_aliases(sample_dir: Path) -> None:
    fmt = get_format("marcxml")
    names: dict[str, set[str]] = {}
    for path in sorted((sample_dir / "library_nls_datafoundry").glob("*.xml")):
        for record in fmt.reader()(path, source="nls", institution=Institution("nls", "NLS", "library")):
            if isinstance(record, Record):
                for mention in record.mentions:
                    if mention.kind == "Place" and mention.name.startswith("Aberdeen ("):
                        names.setdefault(mention.name, set()).add(mention.alias_key)
    assert {"Aberdeen (inhabited place)", "Aberdeen (unitary authority)"} <= set(names)
    assert not names["Aberdeen (inhabited place)"] & names["Aberdeen (unitary authority)"]


def test_several_names_in_one_dublin_core_element_are_several_people(sample_dir: Path) -> None:
    fmt = get_format("oai")
    records = [r for r in fmt.reader()(sample_dir / "dc_oai_dpla/in.xml", source="dpla_in",
                                       institution=Institution("dpla_in", "Indiana", "library"))
               if isinstance(r, Record)]
    people = {m.name for r in records for m in r.mentions if m.kind == "Person"}
    assert {"Sallie", "Ron", "Sterling"} <= people
    assert not any(";" in name for name in people)


def test_a_mentions_contribution_keeps_every_value_but_none_and_empty_lists(sample_dir: Path) -> None:
    """graph.record_rows.contribution on the sample's mentions, against the plain definition."""
    from graph.record_rows import contribution

    def plain(m: Mention) -> dict[str, object]:
        values = {"kind": m.kind, "name": m.name, "source": "s", "institution": "i", "ids": list(m.ids),
                  "alt_names": list(m.alt_names), "birth_year": m.birth_year, "death_year": m.death_year,
                  "nationality": m.nationality, "gender": m.gender, "bio": m.bio, "lat": m.lat, "lon": m.lon}
        return {k: v for k, v in values.items() if v not in (None, [])}

    inputs = sample_inputs(sample_dir, ("nga", "library_marc/lc_marc2bibframe2_testdata"))
    mentions = [m for item in inputs for r in item.records() if isinstance(r, Record) for m in r.mentions][:20_000]
    mentions += [Mention("Person", "k", "", gender="", death_year=0, lat=0.0, alt_names=("",))]
    assert len(mentions) > 1000
    for m in mentions:
        assert contribution(m, "s", "i") == plain(m)


def test_a_record_kept_apart_gets_the_rows_of_its_new_id(sample_dir: Path) -> None:
    """The read stage takes records as rows made where they were parsed (graph.record_rows.read_record);
    a record given another id (graph.build._keep_apart) must get the rows, digest included, that its
    renamed record gives. LC's test files share ids: the real case."""
    import pickle

    from graph.record_rows import read_record, record_rows

    inputs = sample_inputs(sample_dir, ("library_marc/lc_marc2bibframe2_testdata",))
    records = [(r, item) for item in inputs for r in item.records() if isinstance(r, Record)][:60]
    assert len(records) == 60
    for record, item in records:
        source, institution = item.resolved()
        read = pickle.loads(pickle.dumps(read_record(record, source, institution, "origin")))  # as the pipe sends it
        assert read.rows == record_rows(record, source, institution.id, "origin")
        assert (read.id, read.source_id, read.content) == (record.id, record.source_id, content_key(record))
        record.source_id = read.source_id = f"{record.source_id}@marc.xml#3"
        read.rename()
        renamed = record_rows(record, source, institution.id, "origin")
        assert read.rows == renamed
        assert read.rows[0]["id"] == record.id and '"source_id":"' + record.source_id + '"' in read.rows[0]["props"]
