"""Blind person-linking quality on the dev set, dated and undated, auto only and auto + review.

Reads the MoMA and NGA agents with our readers (as `glamgraph ingest` does), links them without
authority ids and scores the links against `ground_truth/person_authority_ids.csv` per source pair:
"auto + review" (every link made) and "auto only" (links in the review band left out).

`--undated SOURCE` makes the issue's second condition: that source becomes a partner's creator
list without life dates. Its agents are written to a CSV in a temporary folder (never the repo):
id, name, the source's alternate names in one comma-separated column, ids as URIs in three
columns, and a creator with three or more alternate names spread over two rows; a mapping file
beside it (`record_kind = "person"`); then read back through the mapped reader, so the test is the
path a new partner takes. Nationality and life dates are left out.

`--sources` links other sample sources (their folders under the sample dir) instead of MoMA and
NGA: e.g. `linked_art_moma_exhibitions,nga`, a pair no rule was developed on (Linked Art persons
of MoMA's exhibition history against NGA's constituents), to see whether the rules generalise.

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/linking_quality.py [--undated nga]
       [--sources FOLDER,FOLDER] [--show N] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAPPING = """[source]
name = "{source}"
record_kind = "person"

[fields]
id = "ch:id"
name = "Display Name"
alternates = "Alternate names"

[ids]
"ulan uri" = "auto"
"wikidata uri" = "auto"
"viaf uri" = "auto"

[separators]
alternates = ","
"""


def read_aliases(sources: tuple[str, ...] = ("moma", "nga")) -> list:
    """Agent aliases of the sample sources, parsed by our readers as `glamgraph ingest` does."""
    import settings
    from graph.build import IngestReport, Input, read_inputs
    from ingest.registry import expand, get_format
    from ingest.samples import SAMPLE_SOURCES

    inputs = []
    for sample in SAMPLE_SOURCES:
        if sample.path in sources:
            fmt = get_format(sample.format)
            for path, found in expand(settings.sample_dir() / sample.path, fmt):
                inputs.append(Input(path, found, sample.source, sample.institution))
    collected = read_inputs(inputs, IngestReport(), io.StringIO(), None)
    return [a for a in collected.aliases.values() if a.kind in ("Person", "Organization")]


def _uri(ids: list[str], scheme: str) -> str:
    base = {"ulan": "http://vocab.getty.edu/ulan/", "wikidata": "https://www.wikidata.org/wiki/",
            "viaf": "http://viaf.org/viaf/"}[scheme]
    return next((base + i.partition(":")[2] for i in ids if i.startswith(scheme + ":")), "")


def write_creator_list(aliases: list, source: str, folder: Path) -> tuple[Path, Path]:
    """`source`'s agents as a partner's undated creator list (CSV) and its mapping (TOML)."""
    path, mapping = folder / f"{source}_creators.csv", folder / f"{source}_creators.toml"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["ch:id", "Display Name", "ulan uri", "wikidata uri", "viaf uri", "Alternate names"])
        for a in aliases:
            if a.source != source:
                continue
            record_id = a.key.rpartition(":")[2]
            alternates = [n for n in a.names if n != a.name]
            ids = [_uri(a.ids, s) for s in ("ulan", "wikidata", "viaf")]
            half = len(alternates) // 2 if len(alternates) >= 3 else len(alternates)
            out.writerow([record_id, a.name, *ids, ", ".join(alternates[:half])])
            if half < len(alternates):  # several rows per creator, as real exports have
                out.writerow([record_id, a.name, "", "", "", ", ".join(alternates[half:])])
    mapping.write_text(MAPPING.format(source=source), encoding="utf-8")
    return path, mapping


def undated(aliases: list, source: str) -> list:
    """The aliases with `source` replaced by its creator list read back through a mapping."""
    from graph.build import IngestReport, Input, read_inputs
    from ingest.model import Institution
    from ingest.readers.mapped import format_for

    with tempfile.TemporaryDirectory(prefix="linking-quality-") as tmp:
        path, mapping = write_creator_list(aliases, source, Path(tmp))
        report = IngestReport()
        collected = read_inputs([Input(path, format_for(mapping), source, Institution(source, source, "museum"))],
                                report, io.StringIO(), None)
    kept = [a for a in aliases if a.source != source]
    return kept + [a for a in collected.aliases.values() if a.kind in ("Person", "Organization")]


def write_object_export(folder: Path) -> Path:
    """NGA's objects as a partner's object export in the Met's shape (real rows of the sample's
    `objects_constituents_2021.csv` joined to `constituents.csv`): one row per object, its artists in
    display order joined by "|", each artist's bio, nationality, begin and end year, constituent id
    and ULAN / Wikidata URIs beside them in the same order."""
    import settings

    nga = settings.sample_dir() / "nga"
    with (nga / "constituents.csv").open(encoding="utf-8", newline="") as handle:
        people = {r["constituentid"]: r for r in csv.DictReader(handle)}
    makers: dict[str, list[tuple[int, str]]] = {}
    with (nga / "objects_constituents_2021.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["roletype"] == "artist" and r["constituentid"] in people:
                makers.setdefault(r["objectid"], []).append((int(r["displayorder"] or 0), r["constituentid"]))
    path = folder / "objects.csv"
    columns = ("forwarddisplayname", "displaydate", "nationality", "beginyear", "endyear", "constituentid")
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Object ID", "Object Date", "Artist Display Name", "Artist Display Bio", "Artist Nationality",
                      "Artist Begin Date", "Artist End Date", "Constituent ID", "Artist ULAN URL",
                      "Artist Wikidata URL"])
        for object_id, listed in sorted(makers.items()):
            who = [people[c] for _, c in sorted(set(listed))]
            cells = ["|".join(p[c] for p in who) for c in columns]
            ulan = "|".join(f"http://vocab.getty.edu/ulan/{p['ulanid']}" if p["ulanid"] else "" for p in who)
            wikidata = "|".join(f"https://www.wikidata.org/wiki/{p['wikidataid']}" if p["wikidataid"] else ""
                                for p in who)
            out.writerow([object_id, "", *cells, ulan, wikidata])
    return path


def object_export(aliases: list) -> tuple[list, set[str]]:
    """The aliases with NGA replaced by the artists of its object export, read through the mapping
    `glamgraph mapping draft` writes for it (only the source name set), and the constituent ids read."""
    from graph.build import IngestReport, Input, read_inputs
    from ingest.mapping_draft import draft
    from ingest.model import Institution
    from ingest.readers.mapped import format_for

    with tempfile.TemporaryDirectory(prefix="linking-quality-") as tmp:
        path = write_object_export(Path(tmp))
        mapping = Path(tmp) / "objects.toml"
        mapping.write_text(draft(path, source="nga"), encoding="utf-8")
        collected = read_inputs([Input(path, format_for(mapping), "nga", Institution("nga", "nga", "museum"))],
                                IngestReport(), io.StringIO(), None)
    read = [a for a in collected.aliases.values() if a.kind in ("Person", "Organization")]
    return [a for a in aliases if a.source != "nga"] + read, {a.key.rpartition(":")[2] for a in read}


def run(undated_source: str | None, show: int, sources: tuple[str, ...] = ("moma", "nga"),
        objects: bool = False, only_exported: bool = False) -> dict[str, Any]:
    import settings
    from graph.link.evaluate import GraphLink, auto_only, evaluate, read_truth
    from graph.link.linker import link

    started = time.perf_counter()
    aliases = read_aliases(sources)
    if undated_source:
        known = sorted({a.source for a in aliases})
        if undated_source not in known:  # a folder name given for a source name hid nothing, silently
            raise SystemExit(f"--undated {undated_source}: not a source of {','.join(sources)} (those are: "
                             f"{', '.join(known)})")
        aliases = undated(aliases, undated_source)
    if objects:
        aliases, kept = object_export(aliases)
        if only_exported:  # the preset's own NGA records, of the same artists: the baseline
            aliases = [a for a in read_aliases(sources) if a.source != "nga" or a.key.rpartition(":")[2] in kept]
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    links = link(aliases, use_ids=False)
    link_seconds = time.perf_counter() - started
    by_key = {a.key: a for a in aliases}
    graph = {k: GraphLink(ln.entity_id, by_key[k].name, by_key[k].birth_year, by_key[k].death_year, ln.score,
                          ln.method, ln.evidence, ln.status) for k, ln in links.items()}
    truth = read_truth(settings.sample_dir() / "ground_truth" / "person_authority_ids.csv")
    both = evaluate(truth, graph, show=show)
    auto = evaluate(truth, auto_only(graph), show=show)
    condition = f"{undated_source} undated" if undated_source else "dated"
    if objects:
        condition += (", NGA's preset records of the object export's artists" if only_exported
                      else ", NGA as an object export (Met's shape) read through a drafted mapping")
    return {"condition": condition, "aliases": len(aliases),
            "read_seconds": round(read_seconds, 1), "link_seconds": round(link_seconds, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "auto_review": both.to_json(), "auto_only": auto.to_json()}


def print_worst(figures: dict[str, Any], *, evidence: bool) -> None:
    """The worst false positives and negatives of one evaluation (`Evaluation.to_json`)."""
    for title, key in (("false positives", "worst_false_positives"), ("false negatives (auto + review)", "worst_false_negatives")):
        items = figures[key]
        if items:
            print(f"\n{title}:")
        for d in items:
            a, b = d["a"], d["b"]
            why = f"  [{a['evidence'] or b['evidence']}]" if evidence else ""
            print(f"  {a['key']} '{a['name']}' ({a['born'] or '?'}-{a['died'] or ''}) | {b['key']} '{b['name']}' "
                  f"({b['born'] or '?'}-{b['died'] or ''})  score {d['score']}{why}")


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--undated", metavar="SOURCE", help="hide this source's life dates (a mapped creator list)")
    parser.add_argument("--sources", default="moma,nga", help="sample folders to link (default moma,nga)")
    parser.add_argument("--show", type=int, default=10, help="worst false positives / negatives to list")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--objects", action="store_true",
                        help="NGA's agents as the artists of its objects, exported in the Met's shape and read "
                             "through `mapping draft`'s mapping; then the preset's NGA records of those artists")
    args = parser.parse_args()
    if args.objects:
        for only in (False, True):
            _print(run(args.undated, args.show if not only else 0, tuple(args.sources.split(",")), objects=True,
                       only_exported=only), args.json)
        return
    _print(run(args.undated, args.show, tuple(args.sources.split(","))), args.json)


def _print(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"{result['condition']}: {result['aliases']:,} aliases; read {result['read_seconds']} s, "
          f"link {result['link_seconds']} s, peak RSS {result['peak_rss_mb']:,} MB")
    print(f"{'pair':<14} {'links':<13} {'precision':>9} {'recall':>7} {'tp':>6} {'fp':>4} {'fn':>4} {'recall*':>7}")
    for label in ("auto_review", "auto_only"):
        for f in result[label]["pairs"]:
            print(f"{f['source_a'] + '-' + f['source_b']:<14} {label.replace('_', ' + ' if 'review' in label else ' '):<13} "
                  f"{fmt(f['precision']):>9} {fmt(f['recall']):>7} {f['true_positives']:>6} "
                  f"{f['false_positives']:>4} {f['false_negatives']:>4} "
                  f"{fmt(f['recall_without_suspected_source_errors']):>7}")
    print_worst(result["auto_review"], evidence=True)
    missed = result["auto_only"]["worst_false_negatives"]
    if missed:
        print("\nmissed by automatic links alone:")
        for d in missed:
            a, b = d["a"], d["b"]
            print(f"  {a['key']} '{a['name']}' | {b['key']} '{b['name']}'  {a['score']} / {b['score']}  "
                  f"[{a['evidence'] or b['evidence']}]")


if __name__ == "__main__":
    main()
