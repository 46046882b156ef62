"""Recovery from damaged XML is linear in the file size: seconds for growing MARCXML files with
one bare `&` in the first record, so every record after it is recovered one by one.

    python -m benchmarks.damaged_xml                 # 12.5, 25 and 50 MB
    python -m benchmarks.damaged_xml --mb 5 10

The records are made up here (a title and a creator each); the sample data is not used.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ingest.model import Institution, Record, Rejected
from ingest.readers.marcxml import read

RECORD = ('<record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">r{n}</controlfield>'
          '<datafield tag="100" ind1="1" ind2=" "><subfield code="a">Maker, Number {n},</subfield>'
          '<subfield code="d">1850-1910.</subfield></datafield>'
          '<datafield tag="245" ind1="1" ind2="0"><subfield code="a">A made-up title, number {n}{amp}</subfield>'
          '</datafield></record>\n')


def write(path: Path, megabytes: float, damaged: bool = True) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n')
        written = 0
        while written < megabytes * 1_000_000:
            text = RECORD.format(n=count, amp=" & more" if damaged and count == 1 else "")
            out.write(text)
            written += len(text)
            count += 1
        out.write("</collection>\n")
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, nargs="*", default=[12.5, 25, 50])
    args = parser.parse_args(argv)
    owner = Institution("bench", "Bench", "library")
    # CPU seconds as well as wall seconds: on a shared machine the wall clock says little.
    print(f"{'MB':>6}{'file':>9}{'records':>10}{'loaded':>10}{'rejected':>10}{'wall s':>8}{'CPU s':>7}"
          f"{'CPU us/record':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            for damaged in (False, True):
                path = Path(tmp) / f"marc-{mb}.xml"
                count = write(path, mb, damaged)
                started, cpu = time.perf_counter(), time.process_time()
                results = list(read(path, source="bench", institution=owner))
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                loaded = sum(isinstance(r, Record) for r in results)
                rejected = sum(isinstance(r, Rejected) for r in results)
                print(f"{mb:>6g}{'damaged' if damaged else 'intact':>9}{count:>10,}{loaded:>10,}{rejected:>10,}"
                      f"{seconds:>8.1f}{cpu:>7.1f}{cpu / count * 1e6:>15.0f}", flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
