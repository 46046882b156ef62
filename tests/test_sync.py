"""A living graph: any sequence of source changes, synced one ingest at a time, ends in exactly the
graph that one fresh build of the final sources gives (nodes, edges, properties, canonical ids).

The sources are working copies of REAL records from the sample (Tate artworks and artists, MoMA
artists); hypothesis generates the change sequences: titles, subjects, places, makers edited,
records and whole files removed, records added, a person renamed, two records of one person
merged at the source. CI runs a few examples (GLAMGRAPH_SYNC_EXAMPLES, default 3); a longer
run: `GLAMGRAPH_SYNC_EXAMPLES=40 pytest tests/test_sync.py -k sequence`.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import Input, ingest
from graph.state import STATE_FILE, SyncState
from graph.store import GraphStore
from ingest.registry import expand, get_format
from tests.conftest import open_embedded, sample_inputs
from tests.graph_compare import differences

EXAMPLES = int(os.environ.get("GLAMGRAPH_SYNC_EXAMPLES", "3"))
ARTWORKS = 20  # real Tate artworks in the working copy at the start
RESERVE = 6  # more real artworks that "add" brings in


@dataclass
class Sources:
    """Working copies of real sample records that the operations change."""

    root: Path
    reserve: list[Path] = field(default_factory=list)

    @property
    def tate(self) -> Path:
        return self.root / "tate"

    @property
    def moma(self) -> Path:
        return self.root / "moma"

    def artworks(self) -> list[Path]:
        return sorted((self.tate / "artworks").rglob("*.json"))

    def inputs(self, which: str) -> list[Input]:
        folder = self.root / which
        return [Input(path, fmt) for path, fmt in expand(folder, get_format(which))]


def make_sources(sample_dir: Path, root: Path) -> Sources:
    """Tate: ARTWORKS artworks spread over the dump, the artists they name and a few more, the subject
    tree. MoMA: the artists whose names Tate also has, and a few others (cross-source links)."""
    tate = sample_dir / "tate"
    files = sorted((tate / "artworks").rglob("*.json"))
    picked = files[:: max(1, len(files) // (ARTWORKS + RESERVE))][: ARTWORKS + RESERVE]
    sources = Sources(root, reserve=[])
    for path in picked[:ARTWORKS]:
        target = root / "tate" / path.relative_to(tate)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    reserve_dir = root / "reserve"
    reserve_dir.mkdir(parents=True)
    for path in picked[ARTWORKS:]:
        shutil.copyfile(path, reserve_dir / path.name)
        sources.reserve.append(reserve_dir / path.name)
    shutil.copytree(tate / "processed", root / "tate" / "processed")
    named = {str(c["id"]) for p in picked for c in json.loads(p.read_text())["contributors"]}
    with (tate / "artist_data.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [r for n, r in enumerate(reader) if r["id"] in named or n % 400 == 0]
    _write_csv(root / "tate" / "artist_data.csv", header, rows)
    names = {r["name"].partition(", ")[2] + " " + r["name"].partition(", ")[0] for r in rows}
    with (sample_dir / "moma" / "Artists.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        moma_header = list(reader.fieldnames or [])
        moma = [r for n, r in enumerate(reader) if r["DisplayName"] in names or n % 1500 == 0]
    (root / "moma").mkdir()
    _write_csv(root / "moma" / "Artists.csv", moma_header, moma)
    return sources


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


# --- the changes a source makes; each returns the source it changed (None: nothing to change) ----------
def edit_title(s: Sources, rng: random.Random) -> str | None:
    files = s.artworks()
    if not files:
        return None
    a, b = rng.choice(files), rng.choice(files)
    data = _load(a)
    data["title"] = _load(b).get("title") if a != b else f"{data.get('title')} (revised)"
    _save(a, data)
    return "tate"


def _leaves(node: dict) -> list[tuple[dict, dict]]:
    out = []
    for child in node.get("children") or []:
        out += [(node, child)] if not child.get("children") else _leaves(child)
    return out


def edit_subjects(s: Sources, rng: random.Random) -> str | None:
    """Drop one subject of a record, or give it a branch of another record's subjects (places included)."""
    files = s.artworks()
    if len(files) < 2:
        return None
    a, b = rng.sample(files, 2)
    data, other = _load(a), _load(b)
    tree = data.setdefault("subjects", {})
    leaves = _leaves(tree)
    if leaves and rng.random() < 0.5:
        parent, leaf = rng.choice(leaves)
        parent["children"].remove(leaf)
    else:
        branches = (other.get("subjects") or {}).get("children") or []
        if not branches:
            return None
        tree.setdefault("children", []).append(rng.choice(branches))
    _save(a, data)
    return "tate"


def edit_places(s: Sources, rng: random.Random) -> str | None:
    """An artist's place of birth or death becomes another artist's (or is cleared)."""
    header, rows = _read_csv(s.tate / "artist_data.csv")
    if len(rows) < 2:
        return None
    a, b = rng.sample(rows, 2)
    column = rng.choice(["placeOfBirth", "placeOfDeath"])
    a[column] = b[column] if a[column] != b[column] else ""
    _write_csv(s.tate / "artist_data.csv", header, rows)
    return "tate"


def edit_maker(s: Sources, rng: random.Random) -> str | None:
    files = s.artworks()
    if len(files) < 2:
        return None
    a, b = rng.sample(files, 2)
    data = _load(a)
    data["contributors"] = _load(b)["contributors"]
    _save(a, data)
    return "tate"


def remove_record(s: Sources, rng: random.Random) -> str | None:
    files = s.artworks()
    if not files:
        return None
    rng.choice(files).unlink()
    return "tate"


def remove_file(s: Sources, rng: random.Random) -> str | None:
    """A whole file of the source goes: a folder of artworks, or the artists file."""
    folders = sorted({p.parent for p in s.artworks()})
    if folders and rng.random() < 0.7:
        shutil.rmtree(rng.choice(folders))
    elif (s.tate / "artist_data.csv").exists():
        (s.tate / "artist_data.csv").unlink()
    else:
        return None
    return "tate"


def add_record(s: Sources, rng: random.Random) -> str | None:
    if not s.reserve:
        return None
    path = s.reserve.pop(rng.randrange(len(s.reserve)))
    target = s.tate / "artworks" / "added" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return "tate"


def rename_person(s: Sources, rng: random.Random) -> str | None:
    """A person renamed at the source: the artists file and every artwork that credits them."""
    path = s.tate / "artist_data.csv"
    if not path.exists():
        return None
    header, rows = _read_csv(path)
    row = rng.choice(rows)
    surname, _, given = row["name"].partition(", ")
    new = f"{surname}-{rng.choice(['Smith', 'Moreau', 'Keller'])}"
    row["name"] = f"{new}, {given}" if given else new
    _write_csv(path, header, rows)
    for file in s.artworks():
        data = _load(file)
        for person in data.get("contributors") or []:
            if str(person.get("id")) == row["id"]:
                person["mda"] = row["name"]
                person["fc"] = f"{given} {new}".strip()
        _save(file, data)
    return "tate"


def merge_people(s: Sources, rng: random.Random) -> str | None:
    """Two records of one person merged at the source: B's row goes, B's works now credit A."""
    path = s.tate / "artist_data.csv"
    if not path.exists():
        return None
    header, rows = _read_csv(path)
    if len(rows) < 2:
        return None
    a, b = rng.sample(rows, 2)
    rows.remove(b)
    _write_csv(path, header, rows)
    for file in s.artworks():
        data = _load(file)
        for person in data.get("contributors") or []:
            if str(person.get("id")) == b["id"]:
                person["id"] = int(a["id"])
                person["mda"] = a["name"]
        _save(file, data)
    return "tate"


def edit_moma(s: Sources, rng: random.Random) -> str | None:
    """MoMA corrects a name or a date, or withdraws an artist."""
    path = s.moma / "Artists.csv"
    header, rows = _read_csv(path)
    if not rows:
        return None
    row = rng.choice(rows)
    choice = rng.randrange(3)
    if choice == 0:
        row["DisplayName"] = row["DisplayName"] + " Jr."
    elif choice == 1:
        row["BeginDate"] = str(int(row["BeginDate"] or 0) + 1)
    else:
        rows.remove(row)
    _write_csv(path, header, rows)
    return "moma"


OPERATIONS: dict[str, Callable[[Sources, random.Random], str | None]] = {
    f.__name__: f for f in (edit_title, edit_subjects, edit_places, edit_maker, remove_record, remove_file,
                            add_record, rename_person, merge_people, edit_moma)
}


def sync(store: GraphStore, sources: Sources, which: list[str], report: Path) -> object:
    inputs = [i for name in which for i in sources.inputs(name)]
    return ingest(inputs, store, report_path=report, extract=True, scopes=[sources.root / name for name in which])


def fresh_build(sources: Sources, data_dir: Path) -> GraphStore:
    store = open_embedded(data_dir)
    ingest([*sources.inputs("tate"), *sources.inputs("moma")], store, report_path=data_dir / "r.jsonl", extract=True)
    return store


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(OPERATIONS)), st.integers(0, 2**32)), min_size=1, max_size=4))
def test_any_sequence_of_changes_ends_in_the_fresh_build(sample_dir: Path, steps: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory(prefix="glamgraph-sync-") as tmp:
        root = Path(tmp)
        sources = make_sources(sample_dir, root / "src")
        living = open_embedded(root / "living")
        try:
            sync(living, sources, ["tate", "moma"], root / "r0.jsonl")
            for n, (name, seed) in enumerate(steps):
                changed = OPERATIONS[name](sources, random.Random(seed))
                if changed:
                    sync(living, sources, [changed], root / f"r{n + 1}.jsonl")
            fresh = fresh_build(sources, root / "fresh")
            try:
                assert differences(living, fresh) == [], steps
            finally:
                fresh.close()
            again = sync(living, sources, ["tate", "moma"], root / "again.jsonl")
            assert not again.writes.changed and again.writes.properties_set == 0, again.writes  # type: ignore[attr-defined]
        finally:
            living.close()


def test_same_ingest_twice_writes_nothing_the_second_time(sample_dir: Path, tmp_path: Path) -> None:
    """From the first run on: a second ingest of the same files writes nothing, MENTIONS included."""
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    try:
        first = sync(store, sources, ["tate", "moma"], tmp_path / "a.jsonl")
        assert first.writes.nodes_created > 0  # type: ignore[attr-defined]
        second = sync(store, sources, ["tate", "moma"], tmp_path / "b.jsonl")
        assert second.writes == type(second.writes)(), second.writes  # type: ignore[attr-defined]
        assert second.totals["added"] == second.totals["changed"] == second.totals["removed"] == 0  # type: ignore[attr-defined]
        # Unchanged files (the artworks, artist_data.csv, the two subject lists) are not parsed
        # again, yet every record counts as read and stays.
        files = len(sources.artworks()) + 1 + 2
        tate = second.sources["tate"]  # type: ignore[attr-defined]
        assert tate.unchanged_files == files and tate.read == first.sources["tate"].read  # type: ignore[attr-defined]
        edit_title(sources, random.Random(3))
        third = sync(store, sources, ["tate"], tmp_path / "c.jsonl")
        tate = third.sources["tate"]  # type: ignore[attr-defined]
        assert tate.unchanged_files == files - 1 and tate.changed == 1 and tate.removed == 0
        assert tate.read == first.sources["tate"].read  # type: ignore[attr-defined]
    finally:
        store.close()


def test_append_keeps_and_remove_takes_out(sample_dir: Path, tmp_path: Path) -> None:
    sources = make_sources(sample_dir, tmp_path / "src")
    store = open_embedded(tmp_path / "graph")
    count = "MATCH (r:Record {source: 'tate'}) RETURN count(r)"
    try:
        sync(store, sources, ["tate"], tmp_path / "a.jsonl")
        before = store.query(count).rows[0][0]
        gone = sources.artworks()[0]
        gone_id = "tate:artwork:" + _load(gone)["acno"]
        gone.unlink()
        report = ingest(sources.inputs("tate"), store, report_path=tmp_path / "b.jsonl", append=True)
        assert report.totals["removed"] == 0
        assert store.query(count).rows[0][0] == before
        report = ingest([], store, report_path=tmp_path / "c.jsonl", remove=[("tate", [gone_id.split(":", 1)[1]])])
        assert report.totals["removed"] == 1
        assert store.query("MATCH (r:Record {id: $id}) RETURN count(r)", {"id": gone_id}).rows[0][0] == 0
        assert store.query(count).rows[0][0] == before - 1
        ingest([], store, report_path=tmp_path / "d.jsonl", remove=[("tate", None), ("moma", None)])
        assert store.query("MATCH (n) RETURN count(n)").rows[0][0] == 0  # no orphan entity, alias or institution
        state = SyncState(tmp_path / "graph" / STATE_FILE)
        assert state.is_empty()
        state.close()
    finally:
        store.close()


SHARE = 3  # the any-order test reads every SHARE-th record of a source, and the people they name


def _keep_rows(source: Path, target: Path, keep: Callable[[int, dict[str, str]], bool]) -> list[dict[str, str]]:
    header, rows = _read_csv(source)
    kept = [r for n, r in enumerate(rows) if keep(n, r)]
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(target, header, kept)
    return kept


def nga_share(nga: Path, target: Path) -> None:
    """Every SHARE-th NGA object with its terms, titles and constituents, and every SHARE-th other constituent."""
    objects = {r["objectid"] for r in _read_csv(nga / "objects_constituents_2021.csv")[1]}
    objects = set(sorted(objects)[::SHARE])
    links = _keep_rows(nga / "objects_constituents_2021.csv", target / "objects_constituents_2021.csv",
                       lambda n, r: r["objectid"] in objects)
    for name in ("objects_terms_2021.csv", "objects_historical_data.csv"):
        _keep_rows(nga / name, target / name, lambda n, r: r["objectid"] in objects)
    people = {r["constituentid"] for r in links}
    people |= {r["constituentid"] for r in _keep_rows(nga / "constituents.csv", target / "constituents.csv",
                                                      lambda n, r: r["constituentid"] in people or n % SHARE == 0)}
    for name in ("constituents_altnames.csv", "constituents_text_entries.csv"):
        _keep_rows(nga / name, target / name, lambda n, r: r["constituentid"] in people)


def share_of_sample(sample_dir: Path, root: Path) -> list[tuple[str, list[Input]]]:
    """A third of Tate's artworks, CMOA's objects and NGA's objects, with every artist, place and subject
    they name and a third of the other artists; all of MoMA (its ids and names join NGA's and Tate's)."""
    from ingest.samples import SAMPLE_SOURCES

    tate = sample_dir / "tate"
    works = sorted((tate / "artworks").rglob("*.json"))[::SHARE]
    for path in works:
        (root / "tate" / path.relative_to(tate)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, root / "tate" / path.relative_to(tate))
    shutil.copytree(tate / "processed", root / "tate" / "processed")
    named = {str(c["id"]) for p in works for c in _load(p).get("contributors") or []}
    _keep_rows(tate / "artist_data.csv", root / "tate" / "artist_data.csv",
               lambda n, r: r["id"] in named or n % SHARE == 0)
    (root / "cmoa" / "cmoa").mkdir(parents=True)
    for path in sorted((sample_dir / "cmoa" / "cmoa").glob("*.json"))[::SHARE]:
        shutil.copyfile(path, root / "cmoa" / "cmoa" / path.name)
    (root / "moma").mkdir()
    shutil.copyfile(sample_dir / "moma" / "Artists.csv", root / "moma" / "Artists.csv")
    nga_share(sample_dir / "nga", root / "nga")
    out = []
    for sample in SAMPLE_SOURCES:
        if (root / sample.path).exists():
            fmt = get_format(sample.format)
            out.append((sample.path, [Input(path, found, sample.source, sample.institution)
                                      for path, found in expand(root / sample.path, fmt)]))
    # The MARC test sets under library_marc/ (1.8 MB, read in place): their subject headings name
    # people and places the museums hold, so a library ingest moves aliases too.
    out.append(("library_marc", sample_inputs(sample_dir, tuple(s.path for s in SAMPLE_SOURCES
                                                              if s.path.startswith("library_marc/")))))
    return out


@pytest.mark.slow
@settings(max_examples=1, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(order=st.permutations(["tate", "moma", "nga", "cmoa", "library_marc"]))
def test_sample_sources_one_command_at_a_time_in_any_order(sample_dir: Path, order: list[str]) -> None:
    """The issue's case: tate, then moma, then nga, each its own ingest, lost BORN_IN / DIED_IN /
    BROADER / WITHIN edges when a later ingest moved aliases. Any order now ends in the one-run graph."""
    with tempfile.TemporaryDirectory(prefix="glamgraph-order-") as tmp:
        root = Path(tmp)
        # A share of each source, not all of it: each later ingest still moves 100-400 aliases to
        # other entities (so it still fails when the edges of an entity whose links changed are not
        # derived again), at half the cost of the whole sample.
        inputs = dict(share_of_sample(sample_dir, root / "src"))
        one_by_one = open_embedded(root / "one")
        at_once = open_embedded(root / "all")
        try:
            # Without text extraction: the edges at stake are the catalogues' own (extraction after an
            # ingest is tested in test_extract_cli.py).
            for name in order:
                ingest(inputs.get(name, []), one_by_one, report_path=root / f"{name}.jsonl", extract=False)
            ingest([i for name in order for i in inputs.get(name, [])], at_once, report_path=root / "all.jsonl", extract=False)
            assert differences(one_by_one, at_once) == [], order
        finally:
            one_by_one.close()
            at_once.close()


def test_remove_command_says_what_it_did(sample_dir: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    sources = make_sources(sample_dir, tmp_path / "src")
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "graph")]
    assert runner.invoke(main, ["ingest", str(sources.moma), *data]).exit_code == 0
    missing = runner.invoke(main, ["remove", "nosuchsource", *data])
    assert missing.exit_code == 1
    assert "No records of source nosuchsource in the graph; nothing removed." in missing.output
    done = runner.invoke(main, ["remove", "moma", "--json", *data])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["totals"]["removed"] > 0
