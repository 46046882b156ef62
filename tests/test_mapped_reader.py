"""The generic CSV/JSON reader driven by a mapping file, and `ingest --mapping`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ingest.model import Institution, Record, Rejected
from ingest.readers.mapped import MappingError, load_mapping, read

FIXTURES = Path(__file__).parent / "fixtures" / "museum"
DOCS_MAPPING = Path(__file__).parent.parent / "docs" / "examples" / "aic_someartworks.toml"
INST = Institution("testmus", "Test Museum", "museum")


def test_mapping_fixture_rows() -> None:
    mapping = load_mapping(FIXTURES / "mapped_rows.toml")
    results = list(read(FIXTURES / "mapped_rows.csv", source="testmus", institution=INST, mapping=mapping))
    records = [r for r in results if isinstance(r, Record)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [r.source_id for r in records] == ["T-1", "T-3"]
    first = records[0]
    assert (first.title, first.year_start, first.year_end) == ("A test print", 1885, 1890)
    assert first.url == "https://museum.example.org/objects/T-1"
    assert [(m.kind, m.name, m.relation) for m in first.mentions] == [
        ("Person", "Winslow Homer", "CREATED_BY"), ("Person", "Mary Cassatt", "CREATED_BY"),
        ("Theme", "sea", "ABOUT"), ("Theme", "boats", "ABOUT")]
    assert records[1].year_start == 1923 and records[1].mentions[0].alias_key == first.mentions[0].alias_key
    assert [(r.position, r.reason) for r in rejected] == [
        (2, "row has more cells than the header (bad quoting?)"), (3, "no value in the id column 'object_number'")]


def test_docs_example_maps_the_real_aic_csv(sample_dir: Path) -> None:
    csv_path = sample_dir / "aic/getting-started/someArtworks.csv"
    mapping = load_mapping(DOCS_MAPPING)
    records = [r for r in read(csv_path, source="aic_csv", institution=INST, mapping=mapping) if isinstance(r, Record)]
    first_line = csv_path.read_text(encoding="utf-8").splitlines()[1]
    assert first_line.startswith("869,")
    first = records[0]
    assert (first.source_id, first.title) == ("869", "The Watermill with the Great Red Roof")
    assert [m.name for m in first.mentions] == ["Meindert Hobbema"]
    assert first.url == "https://www.artic.edu/artworks/869" and first.ids == ("1894.1031",)


def test_cli_ingest_with_mapping_dry_run(sample_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "ingest", str(sample_dir / "aic/getting-started/someArtworks.csv"), "--mapping", str(DOCS_MAPPING),
        "--dry-run", "--json", "--report", str(tmp_path / "r.jsonl"), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [source] = report["sources"]
    rows = len((sample_dir / "aic/getting-started/someArtworks.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert (source["source"], source["institution"], source["read"]) == ("aic_csv", "aic", rows)
    assert source["read"] == source["loaded"] + source["rejected"]


def test_bad_mapping_lists_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[source]\nkind = "zoo"\n[fields]\ntitel = "title"\n', encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(bad)
    message = str(caught.value)
    assert "unknown field 'titel'" in message and "needs an id column" in message and "'zoo'" in message
