"""Every library and archive file in the sample data: read with no crash, every record accounted for.

Record counts are checked against a count made independently of the readers (terminator
bytes, element tags, lines), so a record dropped silently fails the test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.build import Input, ingest
from ingest.model import Institution, Rejected
from ingest.registry import UnknownFormatError, detect, get_format

LIBRARY_FOLDERS = ("library_marc", "library_uf_marc", "library_nls_datafoundry", "library_utk_archivision",
                   "library_nypl_collections", "library_princeton_ead", "dc_oai_dpla")
# Files there that hold no records in a format glamgraph reads (each is named, so a new one fails the test).
NOT_READ = {"princeton_bibdata/files/alma/sru/empty.xml": "an SRU response with no records",
            "nara.xml": "NARA description XML", "si.xml": "Smithsonian EDAN XML"}


def _files(sample_dir: Path) -> list[Path]:
    return sorted(p for folder in LIBRARY_FOLDERS for p in (sample_dir / folder).rglob("*")
                  if p.is_file() and not p.name.startswith(("LICENSE", "LICENCE")) and p.suffix not in (".txt", ".md"))


def independent_count(path: Path, fmt: str) -> int:
    data = path.read_bytes()
    if fmt == "marc21":
        return data.count(b"\x1d") + (1 if data.rsplit(b"\x1d", 1)[-1].strip() else 0)
    if fmt == "marcjson":
        loaded = json.loads(data, strict=False)
        return len(loaded) if isinstance(loaded, list) else 1
    if fmt == "nypl":
        return sum(1 for line in data.splitlines() if line.strip())
    text = re.sub(r"<!--.*?-->", "", data.decode("utf-8", "replace"), flags=re.S)  # commented-out records
    if fmt == "marcxml":  # records that hold MARC (an SRU envelope's <record> does not)
        return len(re.findall(r"<(?:[\w.-]+:)?record(?:\s[^>]*)?>\s*<(?:[\w.-]+:)?(?:leader|controlfield|datafield)",
                              text))
    if fmt == "oai":
        return len(re.findall(r"<(?:[\w.-]+:)?record[\s>]", text))
    if fmt == "mods":
        return len(re.findall(r"<(?:[\w.-]+:)?mods[\s>]", text))
    if fmt == "ead":
        return 1 + len(re.findall(r"<c(?:0\d|1[0-2])?[\s>]", text))
    raise AssertionError(fmt)


def test_every_library_file_is_read_and_every_record_accounted_for(sample_dir: Path) -> None:
    owner = Institution("t", "Test", "library")
    formats: dict[str, int] = {}
    for path in _files(sample_dir):
        relative = str(path.relative_to(sample_dir))
        try:
            fmt = detect(path).name
        except UnknownFormatError:
            assert any(relative.endswith(name) for name in NOT_READ), f"{relative}: format not detected"
            continue
        formats[fmt] = formats.get(fmt, 0) + 1
        results = list(get_format(fmt).reader()(path, source="t", institution=owner))
        rejected = [r for r in results if isinstance(r, Rejected)]
        assert all(r.file == str(path) and r.reason for r in rejected)
        if any(r.fatal for r in rejected):
            continue  # the file as a whole was refused; its reason is checked above
        assert len(results) == independent_count(path, fmt), relative
    assert formats == {"marc21": 58, "marcjson": 3, "marcxml": 123, "mods": 3879, "oai": 11, "ead": 5, "nypl": 1}


EXPECTED_REJECTED = {
    # source: rejected records, each a real defect described in the data README
    # edge_cases/bad_records.mrc (6: base address, directory, ...); bad_subfield_code.dat, whose leader
    # counts characters, is read now (with a warning)
    "loc_pymarc": 6,
    # (openlibrary's two records whose leader counts characters are read now, with a warning)
    "princeton": 1,     # voyager_scsb_32101089814220.xml (a bare &)
    "stanford": 1,      # linked_related_works_fixture.xml: a record with no 001, 035 or 245
    "dpla_nara": 1, "dpla_si": 1,  # not OAI-PMH / DC / MODS
}


def test_demo_sample_sources_dry_run(sample_dir: Path, tmp_path: Path) -> None:
    from commands.ingest import sample_inputs as _sample_inputs

    inputs = [i for i in _sample_inputs(sample_dir)
              if str(i.path.relative_to(sample_dir)).startswith(("library_", "dc_oai_dpla"))]
    report_path = tmp_path / "rejected.jsonl"
    report = ingest(inputs, None, report_path=report_path)
    rejected = {c.source: c.rejected for c in report.sources.values() if c.rejected}
    assert rejected == EXPECTED_REJECTED
    counts = {c.source: (c.read, c.loaded) for c in report.sources.values()}
    assert counts["utk_archivision"] == (3879, 3879) and counts["nypl"] == (652, 652)
    assert counts["uf"] == (391, 391) and counts["princeton_ead"] == (783, 783)
    lines = [json.loads(line) for line in report_path.read_text(encoding="utf-8").splitlines()]
    listed = [line for line in lines if "reason" in line]
    assert len(listed) == sum(EXPECTED_REJECTED.values())
    assert all(line["file"] and line["reason"] and line["source"] for line in listed)


def test_ingest_dry_run_json_and_report(sample_dir: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.jsonl"
    result = CliRunner().invoke(main, [
        "ingest", str(sample_dir / "library_marc" / "pymarc_test"), str(sample_dir / "library_uf_marc"),
        "--dry-run", "--json", "--report", str(report_path), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    by_source = {s["source"]: s for s in out["sources"]}
    assert by_source["library_uf_marc"]["read"] == by_source["library_uf_marc"]["loaded"] == 391
    pymarc_test = by_source["pymarc_test"]
    assert pymarc_test["read"] == pymarc_test["loaded"] + pymarc_test["rejected"] and pymarc_test["rejected"] == 6
    assert out["dry_run"] is True and not (tmp_path / "data" / "glamgraph.lock").exists()
    rejected = [json.loads(line) for line in report_path.read_text(encoding="utf-8").splitlines()]
    rejected = [r for r in rejected if "reason" in r]
    assert len(rejected) == 6
    bad = [r for r in rejected if r["file"].endswith("bad_records.mrc")]
    assert [r["position"] for r in bad] == [2, 3, 4, 5, 6, 7]
    assert bad[0]["reason"] == "byte 127: bad leader: base address of data 99937 is outside the record (127 bytes)"


def test_unknown_file_lists_the_formats(sample_dir: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(sample_dir / "dc_oai_dpla" / "LICENSE"), "--dry-run"])
    assert result.exit_code == 1
    assert "Cannot tell the format" in result.output
    for name in ("ead", "marc21", "marcjson", "marcxml", "mods", "nypl", "oai"):
        assert name in result.output


def test_format_override(sample_dir: Path, tmp_path: Path) -> None:
    # --format wins over sniffing: reading MODS as MARCXML finds no MARC records (and says nothing is wrong).
    path = sample_dir / "library_utk_archivision" / "mods" / "archivision_1.xml"
    as_mods = CliRunner().invoke(main, ["ingest", str(path), "--format", "mods", "--dry-run", "--json"])
    as_marc = CliRunner().invoke(main, ["ingest", str(path), "--format", "marcxml", "--dry-run", "--json"])
    assert json.loads(as_mods.output)["totals"]["loaded"] == 1
    assert json.loads(as_marc.output)["totals"]["read"] == 0
    bad = CliRunner().invoke(main, ["ingest", str(path), "--format", "lidoo", "--dry-run"])
    assert bad.exit_code == 1 and "Unknown format 'lidoo'" in bad.output


@pytest.mark.parametrize("fmt", ["marc21", "marcjson", "mods", "oai", "ead", "nypl"])
def test_readers_are_registered_with_suffixes(fmt: str) -> None:
    assert get_format(fmt).suffixes and Input  # every folder expansion needs a suffix filter
