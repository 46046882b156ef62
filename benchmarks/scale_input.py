"""The scale benchmark's input: the real sample, plus perturbed copies of it, written to a folder in /tmp.

Copy 0 is the sample itself (files linked, not copied). Copy k > 0 is a new catalogue made of the
same files with:
- new record and constituent ids in the museum dumps (MoMA, NGA, Tate, CMOA: ids offset by k, so
  nothing MERGEs onto copy 0);
- about half of the people made new: a real given name and a real surname from the same dump,
  their authority ids dropped, so entities grow with the input instead of all being duplicates;
  the other half keep their names and ids (the same person held by another institution);
- the library, archive, LIDO and Linked Art files under a new source name per copy (their record
  ids are prefixed by source) and the same institution: the library's catalogue grows, the number
  of institutions stays that of the demo. Each copy reads them at its own paths (hard links, or
  copies where the file system has none): read in place, a file's row in the sync state was
  rewritten by each copy in turn, so a re-sync parsed them all again, which no real catalogue does.

Nothing here is committed: the output folder lives under /tmp and is rebuilt when missing.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import shutil
from pathlib import Path

from graph.build import Input
from ingest.registry import expand, get_format
from ingest.samples import sample_plan

OFFSET = 10_000_000  # added k times to numeric ids of copy k
NEW_PERSON_SHARE = 0.5

PRESETS = ("moma", "nga", "tate", "cmoa")
RECORDS_PER_COPY = 65_000  # measured: what one copy of the demo's sources reads


def copies_for(records: int) -> int:
    return max(1, round(records / RECORDS_PER_COPY))


def build(sample: Path, out: Path, copies: int) -> None:
    """Write (or reuse) the museum dumps of copies 1..copies-1 under `out`."""
    for k in range(1, copies):
        folder = out / f"c{k:02d}"
        done = folder / ".done"
        if done.exists():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        rng = random.Random(k)
        _moma(sample / "moma", folder / "moma", k, rng)
        _nga(sample / "nga", folder / "nga", k, rng)
        _tate(sample / "tate", folder / "tate", k, rng)
        _cmoa(sample / "cmoa", folder / "cmoa", k)
        done.touch()
    for k in range(1, copies):
        done = out / f"c{k:02d}" / ".done-library"
        if done.exists():
            continue
        for plan in sample_plan(sample):
            if not get_format(plan.format).preset:
                _same_files(sample / plan.path, out / f"c{k:02d}" / LIBRARY / plan.path)
        done.touch()


LIBRARY = "library"  # the folder of a copy that holds its own paths to the sample's other files


def _same_files(src: Path, dst: Path) -> None:
    """`src` (a file or a folder) at `dst`: hard links, else copies."""
    for path in [src] if src.is_file() else sorted(src.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        target = dst if path == src else dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            continue
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def inputs(sample: Path, out: Path, copies: int) -> list[Input]:
    """What one ingest of `copies` copies reads: copy 0 is the demo's own plan."""
    found: list[Input] = []
    for k in range(copies):
        for plan in sample_plan(sample):
            fmt = get_format(plan.format)
            if fmt.preset and k:
                if plan.path in PRESETS:
                    found += [Input(path, f) for path, f in expand(out / f"c{k:02d}" / plan.path, fmt)]
                continue
            source = plan.source if not k or not plan.source else f"{plan.source}_c{k:02d}"
            where = sample / plan.path if not k else out / f"c{k:02d}" / LIBRARY / plan.path
            found += [Input(path, f, source, plan.institution) for path, f in expand(where, fmt)]
    return found


def _link_tree(src: Path, dst: Path) -> None:
    for path in src.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            target = dst / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                os.symlink(path, target)


class _Names:
    """Given names and surnames of one dump, to make new people from."""

    def __init__(self, names: list[str]) -> None:
        parts = [n.split() for n in names if len(n.split()) > 1]
        self.given = [p[0] for p in parts]
        self.surnames = [p[-1] for p in parts]

    def new(self, rng: random.Random) -> str:
        return f"{rng.choice(self.given)} {rng.choice(self.surnames)}"


def _csv(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def _shift(value: str, k: int) -> str:
    return str(int(value) + k * OFFSET) if value.strip().isdigit() else value


def _moma(src: Path, dst: Path, k: int, rng: random.Random) -> None:
    header, rows = _csv(src / "Artists.csv", "utf-8-sig")
    names = _Names([r["DisplayName"] for r in rows])
    for row in rows:
        row["ConstituentID"] = _shift(row["ConstituentID"], k)
        if rng.random() < NEW_PERSON_SHARE:
            row["DisplayName"], row["ULAN"], row["Wiki QID"] = names.new(rng), "", ""
    _write_csv(dst / "Artists.csv", header, rows, "utf-8-sig")


def _nga(src: Path, dst: Path, k: int, rng: random.Random) -> None:
    header, rows = _csv(src / "constituents.csv")
    names = _Names([r["forwarddisplayname"] for r in rows])
    new_people = set()
    for row in rows:
        if rng.random() < NEW_PERSON_SHARE:
            new_people.add(row["constituentid"])
            name = names.new(rng)
            given, _, last = name.rpartition(" ")
            row.update(forwarddisplayname=name, preferreddisplayname=f"{last}, {given}", lastname=last,
                       ulanid="", wikidataid="")
        row["constituentid"] = _shift(row["constituentid"], k)
    _write_csv(dst / "constituents.csv", header, rows)
    header, rows = _csv(src / "constituents_altnames.csv")
    rows = [r for r in rows if r["constituentid"] not in new_people]
    for row in rows:
        row["constituentid"], row["altnameid"] = _shift(row["constituentid"], k), _shift(row["altnameid"], k)
    _write_csv(dst / "constituents_altnames.csv", header, rows)
    for name, columns in (("constituents_text_entries.csv", ("constituentid",)),
                          ("objects_constituents_2021.csv", ("objectid", "constituentid")),
                          ("objects_terms_2021.csv", ("objectid",)),
                          ("objects_historical_data.csv", ("objectid",))):
        header, rows = _csv(src / name)
        for row in rows:
            for column in columns:
                row[column] = _shift(row[column], k)
        _write_csv(dst / name, header, rows)


def _tate(src: Path, dst: Path, k: int, rng: random.Random) -> None:
    header, rows = _csv(src / "artist_data.csv")
    names = _Names([r["name"].split(", ", 1)[-1] + " " + r["name"].split(", ", 1)[0] for r in rows])
    renamed: dict[str, str] = {}
    for row in rows:
        if rng.random() < NEW_PERSON_SHARE:
            given, last = names.new(rng).split(" ", 1)
            row["name"] = renamed[row["id"]] = f"{last}, {given}"
        row["id"] = _shift(row["id"], k)
    _write_csv(dst / "artist_data.csv", header, rows)
    _link_tree(src / "processed", dst / "processed")
    for path in (src / "artworks").rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["acno"] = f"{data.get('acno')}-C{k:02d}"
        if isinstance(data.get("id"), int):
            data["id"] += k * OFFSET
        for person in data.get("contributors") or []:
            old = str(person.get("id"))
            if old in renamed:
                person["mda"] = renamed[old]
                person["fc"] = " ".join(reversed(renamed[old].split(", ", 1)))
            if isinstance(person.get("id"), int):
                person["id"] += k * OFFSET
        target = dst / "artworks" / path.relative_to(src / "artworks")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data), encoding="utf-8")


_UUID = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8})[0-9a-f]{4}")


def _cmoa(src: Path, dst: Path, k: int) -> None:
    """Objects and parties get new uuids (the last 4 hex digits say the copy); names stay."""
    for path in (src / "cmoa").glob("*.json"):
        text = _UUID.sub(lambda m: f"{m.group(1)}{k:04x}", path.read_text(encoding="utf-8"))
        target = dst / "cmoa" / _UUID.sub(lambda m: f"{m.group(1)}{k:04x}", path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
