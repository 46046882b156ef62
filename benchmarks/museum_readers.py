"""Records/s and peak resident memory (process-wide, so it only grows from line to line) of the museum readers on the sample, and of LIDO on 100k+ records.

Run: .venv/bin/python -m benchmarks.museum_readers [--big N]   (GLAMGRAPH_SAMPLE_DIR = the sample)
Linked Art is read twice: by the compact walker the reader uses, and through rdflib's full JSON-LD
expansion (the reference); the last line says how many of the records are identical both ways.
The big file repeats the real Romanian LIDO records (with new lidoRecIDs) in one lidoWrap, in a
temporary folder, to show that the streaming reader's memory does not grow with the file.
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import settings
from ingest.jsonutil import json_files, load_json
from ingest.model import Institution, Record, Rejected
from ingest.readers import aic, cmoa, lido, linked_art, tate

INST = Institution("bench", "bench", "museum")


def measure(name: str, run: Callable[[], Iterable[object]]) -> None:
    started = time.perf_counter()
    n = loaded = 0
    for item in run():
        n += 1
        loaded += isinstance(item, Record)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # process peak RSS so far (Linux: KiB)
    print(f"{name:<34} {n:>8,} read {loaded:>8,} loaded {seconds:>7.2f} s {n / seconds:>9,.0f} rec/s  peak RSS {peak:7.1f} MiB")


def linked_art_expanded(folder: Path, source: str) -> Iterable[Record | Rejected]:
    """The Linked Art reader's loop with every document through the full rdflib expansion."""
    for position, file in enumerate(json_files(folder), start=1):
        try:
            yield linked_art.map_document_expanded(load_json(file), source=source, institution=INST, file=str(file),
                                                   position=position)
        except Exception as exc:  # noqa: BLE001 - counted as a rejection, as the reader does
            yield Rejected(str(file), position, None, str(exc))


def compare_linked_art(folders: list[Path]) -> None:
    same = differ = 0
    for folder in folders:
        compact = list(linked_art.read(folder, source="b", institution=INST))
        for a, b in zip(compact, linked_art_expanded(folder, "b"), strict=True):
            if isinstance(a, Record) or isinstance(b, Record):
                same += a == b
                differ += a != b
    print(f"linked art compact vs expansion: {same:,} records identical, {differ:,} differ")


def big_lido(sample: Path, target: int, folder: Path) -> Path:
    text = (sample / "lido_inp_romania/inp-clasate-istoria-stiintei-si-tehnicii-2014-02-02.dev.xml").read_text("utf-8")
    head, _, rest = text.partition("<lido:lido>")
    body = "<lido:lido>" + rest.rsplit("</lido:lidoWrap>", 1)[0]
    records = re.findall(r"<lido:lido>.*?</lido:lido>", body, re.S)
    out = folder / "big_lido.xml"
    with out.open("w", encoding="utf-8") as handle:
        handle.write(head)
        for i in range(target):
            handle.write(re.sub(r"(<lido:lidoRecID[^>]*>)([^<]+)", rf"\g<1>\g<2>-{i}", records[i % len(records)], count=1))
        handle.write("</lido:lidoWrap>\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=100_000, help="records in the repeated LIDO file (0: skip)")
    args = parser.parse_args()
    sample = settings.sample_dir()
    measure("tate (artists, subjects, artworks)", lambda: tate.read(sample / "tate"))
    measure("cmoa (3,000 JSON files)", lambda: cmoa.read(sample / "cmoa"))
    measure("aic (json + csv)", lambda: aic.read(sample / "aic"))
    measure("lido_inp_romania", lambda: lido.read(
        sample / "lido_inp_romania/inp-clasate-istoria-stiintei-si-tehnicii-2014-02-02.dev.xml", source="b",
        institution=INST))
    measure("lido_examples", lambda: (r for f in sorted((sample / "lido_examples").rglob("*.xml"))
                                      for r in lido.read(f, source="b", institution=INST)))
    la_folders = [sample / "linked_art_moma_exhibitions", sample / "linked_art_examples"]
    measure("linked_art (compact walker)", lambda: (r for f in la_folders
                                                    for r in linked_art.read(f, source="b", institution=INST)))
    measure("linked_art (full rdflib expansion)", lambda: (r for f in la_folders for r in linked_art_expanded(f, "b")))
    compare_linked_art(la_folders)
    if args.big:
        with tempfile.TemporaryDirectory() as tmp:
            path = big_lido(sample, args.big, Path(tmp))
            measure(f"lido repeated ({path.stat().st_size / 2**20:.0f} MiB)",
                    lambda: lido.read(path, source="b", institution=INST))


if __name__ == "__main__":
    main()
