"""Library <-> museum person linking on the sample, scored by the ids the library records carry.

The museum side is MoMA, NGA and MoMA's exhibition history (Linked Art); the library side every
sample library and archive that names people (MARC, MODS, EAD, NYPL's collections). All are read by
our readers and linked blind (ids hidden from linking, as `glamgraph ingest --blind-ids`). The truth
is made from the aliases' own authority ids (ULAN, Wikidata, VIAF, LCNAF; two aliases sharing one
are one person): University of Tennessee's Archivision MODS gives ULAN ids on its creators, so its
links to MoMA and NGA can be scored. A link between a library alias and a museum alias with no id
scheme in common cannot be scored: those are counted ("unverifiable") and `--unverifiable` lists
them for reading by eye. Nothing here is fitted: the museum-museum figures are in
`benchmarks/linking_quality.py`.

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/linking_library.py [--show N]
       [--unverifiable] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MUSEUMS = ("moma", "nga", "linked_art_moma_exhibitions")
LIBRARIES = ("library_utk_archivision/mods", "library_nypl_collections", "library_princeton_ead", "library_uf_marc",
             "library_nls_datafoundry", "library_marc/princeton_bibdata", "library_marc/stanford_searchworks",
             "library_marc/openlibrary/xml_input", "library_marc/openlibrary/bin_input")
SCHEMES = ("ulan", "wikidata", "viaf", "lcnaf")


def truth_from_ids(aliases: list) -> Any:
    """One truth row per alias with an id of `SCHEMES`; aliases sharing any id are one cluster."""
    from graph.link.evaluate import Truth, TruthRow

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    kept = [(a, [i for i in a.ids if i.partition(":")[0] in SCHEMES]) for a in aliases]
    for _, ids in kept:
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    rows = [TruthRow(a.source, a.key, a.name, frozenset(i.partition(":")[0] for i in ids), find(ids[0]), a.key)
            for a, ids in kept if ids]
    return Truth(rows, sorted({a.source for a in aliases}))


def run(show: int) -> dict[str, Any]:
    from benchmarks.linking_quality import read_aliases
    from graph.link.evaluate import GraphLink, auto_only, evaluate
    from graph.link.linker import link
    from ingest.samples import SAMPLE_SOURCES

    started = time.perf_counter()
    aliases = read_aliases(MUSEUMS + LIBRARIES)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    links = link(aliases, use_ids=False)
    link_seconds = time.perf_counter() - started
    by_key = {a.key: a for a in aliases}
    graph = {k: GraphLink(ln.entity_id, by_key[k].name, by_key[k].birth_year, by_key[k].death_year, ln.score,
                          ln.method, ln.evidence, ln.status) for k, ln in links.items()}
    museums = {s.source or s.format for s in SAMPLE_SOURCES if s.path in MUSEUMS}
    truth = truth_from_ids(aliases)
    out: dict[str, Any] = {"aliases": len(aliases), "read_seconds": round(read_seconds, 1),
                           "link_seconds": round(link_seconds, 1),
                           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    for label, view in (("auto_review", graph), ("auto_only", auto_only(graph))):
        result = evaluate(truth, view, show=10**6).to_json()
        result["pairs"] = [p for p in result["pairs"] if (p["source_a"] in museums) != (p["source_b"] in museums)]
        for key in ("worst_false_positives", "worst_false_negatives"):
            result[key] = [d for d in result[key]
                           if (by_key[d["a"]["key"]].source in museums) != (by_key[d["b"]["key"]].source in museums)][:show]
        out[label] = result
    out["unverifiable"] = _unverifiable(aliases, links, truth, museums)
    return out


def _unverifiable(aliases: list, links: dict, truth: Any, museums: set[str]) -> list[dict[str, Any]]:
    """Library-museum links the ids cannot score: no id scheme in common."""
    schemes = {r.key: r.schemes for r in truth.rows}
    members: dict[str, list] = defaultdict(list)
    for a in aliases:
        if a.key in links and a.kind in ("Person", "Organization"):
            members[links[a.key].entity_id].append(a)
    out = []
    for group in members.values():
        for lib in (a for a in group if a.source not in museums):
            for mus in (a for a in group if a.source in museums):
                if schemes.get(lib.key, frozenset()) & schemes.get(mus.key, frozenset()):
                    continue
                ln = links[lib.key]
                out.append({"library": f"{lib.source} '{lib.name}' ({lib.birth_year or '?'}-{lib.death_year or ''})",
                            "museum": f"{mus.source} '{mus.name}' ({mus.birth_year or '?'}-{mus.death_year or ''})",
                            "kinds": f"{lib.kind}/{mus.kind}", "score": ln.score, "status": ln.status})
    return sorted(out, key=lambda d: (d["library"], d["museum"]))


def main() -> None:
    from benchmarks.linking_quality import fmt, print_worst

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10, help="worst false positives / negatives to list")
    parser.add_argument("--unverifiable", action="store_true", help="list the links the ids cannot score")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.show)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"{result['aliases']:,} aliases; read {result['read_seconds']} s, link {result['link_seconds']} s, "
          f"peak RSS {result['peak_rss_mb']:,} MB")
    print(f"{'pair':<28} {'links':<13} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4} {'unverifiable':>12}")
    for label in ("auto_review", "auto_only"):
        for f in result[label]["pairs"]:
            if not f["truth_pairs"] and not f["false_positives"]:
                continue
            print(f"{f['source_a'] + '-' + f['source_b']:<28} {label.replace('_', ' + ' if 'review' in label else ' '):<13} "
                  f"{fmt(f['precision']):>9} {fmt(f['recall']):>7} {f['true_positives']:>5} "
                  f"{f['false_positives']:>4} {f['false_negatives']:>4} {f['unknown_truth_pairs']:>12}")
    unverifiable = result["unverifiable"]
    print(f"\nlibrary-museum links no id can score: {len(unverifiable)} "
          f"({sum(d['status'] == 'review' for d in unverifiable)} in review)")
    print_worst(result["auto_review"], evidence=False)
    if args.unverifiable:
        print("\nunverifiable links:")
        for d in unverifiable:
            print(f"  {d['library']} | {d['museum']}  {d['kinds']} {d['score']} {d['status']}")


if __name__ == "__main__":
    main()
