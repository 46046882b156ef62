"""Fuzz targets: every reader fed mutated copies of real sample records.

Shared by `tests/test_fuzz_readers.py` (a few seconds per reader in CI) and
`benchmarks/fuzz_readers.py` (the long run, e.g. `--minutes 10`). A target writes a small seed
taken from the sample data (GLAMGRAPH_SAMPLE_DIR, read in place) into a temporary folder with
one file mutated, then runs the reader's own `read` (not the registry's guard: a reader must
not need it) and checks that nothing escapes, every result is a Record or a Rejected, and every
record survives the guard's cleaning, the report's JSON and the read stage's insert of its rows
into a sync state.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import settings
from graph.record_rows import read_record
from graph.state import SyncState
from ingest.guard import UnusableRecord, clean_record, clean_rejected
from ingest.model import Institution, Record, Rejected

LIB = Institution("fuzz", "Fuzz", "library")
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
# Byte strings that break parsers: terminators, escapes, bad UTF-8, numbers out of range,
# nesting, XML and JSON-LD attacks.
TOKENS = [
    b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"&", b"&amp", b"<", b">", b"</", b'"', b"'", b",", b"\n", b"\r",
    b"\x1d", b"\x1e", b"\x1f", b"{", b"}", b"[", b"]", b":", b"\\", b"\\u0000", b"\\ud800", b"1e400", b"-1", b"0",
    b"99999999999999999999999999", b"NaN", b"null", b"true", b"-", b"?", b"#", b"$", b"@", b"%",
    b"[" * 3000, b'{"a":' * 3000, b"<a>" * 3000, b"A" * 70000,
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', b"&e;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b'"@context": "http://127.0.0.1:9/c.json", ', b'"@context": {"@import": "file:///etc/passwd"}, ',
    b"00000", b"99999", b"a2200", b"4500", b"\x1e\x1d",
]


@dataclass(frozen=True)
class Target:
    """One reader and the seed files it is fuzzed with (`mutate` names the one that is mutated)."""

    name: str
    module: str
    files: dict[str, bytes]  # relative path -> content
    mutate: str
    entry: str = ""  # the path handed to the reader, relative to the folder ("" = the folder)
    preset: bool = False
    json: bool = False  # the mutated file is JSON: structural mutations too
    mapping: str = ""  # the mapped reader's mapping file, in tests/fixtures/hostile

    def read(self, folder: Path) -> list[Record | Rejected]:
        read: Callable[..., Iterator[Record | Rejected]] = importlib.import_module(self.module).read
        path = folder / self.entry if self.entry else folder
        if self.preset:
            return list(read(path))
        kwargs: dict[str, Any] = {"source": "fuzz", "institution": LIB}
        if self.module.endswith(".mapped"):
            from ingest.readers.mapped import load_mapping

            kwargs["mapping"] = load_mapping(HOSTILE / self.mapping)
        return list(read(path, **kwargs))


def _head_lines(path: Path, lines: int) -> bytes:
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(lines))


def _marc_records(path: Path, count: int) -> bytes:
    return b"".join(r + b"\x1d" for r in path.read_bytes().split(b"\x1d")[:count])


def _first_file(folder: Path, pattern: str = "*.json") -> Path:
    return sorted(folder.rglob(pattern))[0]


def targets(sample_dir: Path | None = None) -> list[Target]:
    """One target per reader (two for readers of several files), seeded from the sample data."""
    d = sample_dir or settings.sample_dir()
    tate_art = _first_file(d / "tate" / "artworks")
    la_person = _first_file(d / "linked_art_moma_exhibitions" / "person")
    nga_csv = {name: _head_lines(d / "nga" / name, 25) for name in
               ("constituents.csv", "constituents_altnames.csv", "objects_constituents_2021.csv",
                "constituents_text_entries.csv", "objects_terms_2021.csv", "objects_historical_data.csv")}
    return [
        Target("moma", "ingest.readers.moma", {"Artists.csv": _head_lines(d / "moma" / "Artists.csv", 30)},
               "Artists.csv", preset=True),
        Target("nga", "ingest.readers.nga", nga_csv, "constituents.csv", preset=True),
        Target("nga-objects", "ingest.readers.nga", nga_csv, "objects_constituents_2021.csv", preset=True),
        Target("tate", "ingest.readers.tate", {"artist_data.csv": _head_lines(d / "tate" / "artist_data.csv", 30),
                                               "artworks/a.json": tate_art.read_bytes()},
               "artworks/a.json", preset=True, json=True),
        Target("tate-artists", "ingest.readers.tate",
               {"artist_data.csv": _head_lines(d / "tate" / "artist_data.csv", 30)}, "artist_data.csv", preset=True),
        Target("cmoa", "ingest.readers.cmoa", {"cmoa/a.json": _first_file(d / "cmoa" / "cmoa").read_bytes()},
               "cmoa/a.json", entry="cmoa", preset=True, json=True),
        Target("aic", "ingest.readers.aic",
               {"json/artworks/a.json": _first_file(d / "aic" / "json" / "artworks").read_bytes(),
                "json/agents/a.json": _first_file(d / "aic" / "json" / "agents").read_bytes()},
               "json/artworks/a.json", preset=True, json=True),
        Target("lido", "ingest.readers.lido",
               {"a.xml": (d / "lido_examples" / "kmska_lido.xml").read_bytes()
                if (d / "lido_examples" / "kmska_lido.xml").exists()
                else _first_file(d / "lido_examples", "*.xml").read_bytes()}, "a.xml", entry="a.xml"),
        Target("linked_art", "ingest.readers.linked_art", {"a.json": la_person.read_bytes()}, "a.json",
               entry="a.json", json=True),
        Target("linked_art-object", "ingest.readers.linked_art",
               {"a.json": (d / "linked_art_examples" / "ima" / "ima-turner.json").read_bytes()}, "a.json",
               entry="a.json", json=True),
        Target("mapped-csv", "ingest.readers.mapped", {"a.csv": _head_lines(d / "moma" / "Artists.csv", 30)},
               "a.csv", entry="a.csv", mapping="mapping.toml"),
        Target("mapped-jsonl", "ingest.readers.mapped",
               {"a.jsonl": _head_lines(d / "library_nypl_collections" / "pd_collections.ndjson", 4)}, "a.jsonl",
               entry="a.jsonl", mapping="mapping_json.toml"),
        Target("marcxml", "ingest.readers.marcxml",
               {"a.xml": (d / "library_nls_datafoundry" / "john_kirk_survey_02_marc.xml").read_bytes()}, "a.xml",
               entry="a.xml"),
        Target("marc21", "ingest.readers.marc21", {"a.mrc": _marc_records(d / "library_uf_marc" / "uf_cc0_records.mrc", 4)},
               "a.mrc", entry="a.mrc"),
        Target("marcjson", "ingest.readers.marcjson",
               {"a.json": (d / "library_marc" / "pymarc_test" / "test.json").read_bytes()}, "a.json", entry="a.json",
               json=True),
        Target("mods", "ingest.readers.mods",
               {"a.xml": _first_file(d / "library_utk_archivision" / "mods", "*.xml").read_bytes()}, "a.xml",
               entry="a.xml"),
        Target("oai", "ingest.readers.oai", {"a.xml": (d / "dc_oai_dpla" / "in.xml").read_bytes()}, "a.xml",
               entry="a.xml"),
        Target("ead", "ingest.readers.ead", {"a.xml": (d / "library_princeton_ead" / "WC127.EAD.xml").read_bytes()},
               "a.xml", entry="a.xml"),
        Target("nypl", "ingest.readers.nypl",
               {"a.ndjson": _head_lines(d / "library_nypl_collections" / "pd_collections.ndjson", 4)}, "a.ndjson",
               entry="a.ndjson"),
    ]


# --- mutations ----------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
    | st.sampled_from(["", "\x00", "\ud800", "http://127.0.0.1:9/x", "file:///etc/passwd", "1e400", "-5", "9" * 30]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@st.composite
def json_mutation(draw: st.DrawFn, seed: bytes) -> bytes:
    """Replace a few values anywhere in the document by values of any type."""
    try:
        document = json.loads(seed)
    except ValueError:
        return seed
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(document))
        path = draw(st.sampled_from(paths))
        value = draw(JSON_VALUES)
        if not path:
            document = value
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value
    try:
        return json.dumps(document, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return seed


@st.composite
def byte_mutation(draw: st.DrawFn, seed: bytes) -> bytes:
    """A few byte-level edits: flips, inserted tokens, deleted or repeated ranges, a cut."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(("flip", "token", "token", "bytes", "delete", "repeat", "cut")))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and pos < len(data):
            data[pos] = draw(st.integers(0, 255))
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "bytes":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        elif op == "repeat":
            chunk = bytes(data[pos:pos + draw(st.integers(1, 200))])
            data[pos:pos] = chunk * draw(st.integers(1, 50))
        elif op == "cut":
            del data[pos:]
    return bytes(data)


def mutation(target: Target) -> st.SearchStrategy[bytes]:
    seed = target.files[target.mutate]
    strategies = [byte_mutation(seed)]
    if target.json:
        strategies.append(json_mutation(seed))
        strategies.append(json_mutation(seed).flatmap(byte_mutation))
    return st.one_of(strategies)


# --- running one input --------------------------------------------------------------------

class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """SIGALRM stops a reader that runs away (main thread only; a no-op elsewhere)."""
    def stop(*_: object) -> None:
        raise Hang(f"the reader ran longer than {seconds} s")

    try:
        previous = signal.signal(signal.SIGALRM, stop)
    except ValueError:
        yield
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_case(target: Target, data: bytes, folder: Path) -> None:
    for relative, content in target.files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if relative == target.mutate else content)


def run_case(target: Target, data: bytes, seconds: int = 20) -> list[Record | Rejected]:
    """Run the target on one input; raises AssertionError (or the reader's exception, or Hang)."""
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{target.name}-"))
    try:
        write_case(target, data, folder)
        with time_limit(seconds):
            results = target.read(folder)
        state, stored = SyncState(":memory:"), set()
        try:
            for item in results:
                assert isinstance(item, Record | Rejected), f"{target.name} yielded {type(item).__name__}"
                try:
                    cleaned = clean_record(item) if isinstance(item, Record) else clean_rejected(item)
                except UnusableRecord:  # the registry's guard makes it a Rejected (ingest.guard.guarded)
                    continue
                json.dumps(dataclasses.asdict(cleaned), ensure_ascii=False, default=str).encode("utf-8")
                if isinstance(cleaned, Record) and cleaned.id not in stored:
                    # what the read stage does with it: its rows into the sync state (a value the guard
                    # let through once failed only here, and stopped the whole ingest)
                    stored.add(cleaned.id)
                    state.put_new_records([read_record(cleaned, cleaned.source, LIB, "fuzz").rows])
        finally:
            state.close()
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def save_crash(target: Target, data: bytes, directory: Path) -> Path:
    """Keep a crashing input as a fixture: tests/fixtures/fuzz/<target>-<hash>.<suffix>."""
    import hashlib

    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(target.mutate).suffix or ".bin"
    path = directory / f"{target.name}-{hashlib.sha1(data).hexdigest()[:10]}{suffix}"
    path.write_bytes(data)
    return path


def budget() -> float:
    """Seconds per reader in the test suite (GLAMGRAPH_FUZZ_SECONDS; default 3)."""
    return float(os.environ.get("GLAMGRAPH_FUZZ_SECONDS", "3"))
