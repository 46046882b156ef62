"""Issue 5's peer, measured: Splink (DuckDB) against our person linker on the same aliases, same scoring.

Reads the MoMA and NGA agent aliases (people and organisations: the truth file holds NGA's
organisations too, and MoMA files collectives as people) with our own readers, and with `--with-linked-art` also the Linked Art MoMA exhibitions (source `la_moma_exh`).
Then, each in a fresh process so that time and peak RSS are its own:

- `splink`: the configuration the issue describes, a standard one a competent user writes in
  about an hour. Names folded (case, accents, punctuation), "Last, First" alternates put in
  direct order, titles and Jr./Sr. dropped; surname = last word. NGA alternate names are extra
  rows pointing to their alias. link_only (each catalogue has one record per constituent, so only
  cross-source pairs are wanted; within-source pairs would only compare an alias with its own
  alternate names). Blocking: surname, first 4 letters of the name, birth year. Comparisons:
  Jaro-Winkler on name and on surname (Splink's NameComparison: exact with term-frequency
  adjustment, JW >= 0.92 / 0.88 / 0.7), birth and death year exact / within 2 / within 10,
  nationality exact. The prior from exact name + birth + death (recall 0.7), u by random sampling
  (1e7 pairs, seeded), m by EM on exact-name and on birth-year blocks. Pairs with match
  probability >= 0.5 (match weight >= 0), collapsed to aliases (best row pair), greedy 1:1 per
  source pair (descending probability, each alias used once); clusters = union of those pairs.
- `glamgraph`: `graph.link.linker.link(aliases, use_ids=False)` on the same aliases (blind ids).

Both are scored by `graph.link.evaluate.evaluate` against the ground truth, printed per source pair
as `glamgraph link evaluate` does, with the worst false positives / negatives of each.

Needs the optional extra `peer` (`pip install -e '.[peer]'`, Splink and DuckDB).

`--undated nga` runs both on the issue's second condition: NGA as a partner's creator list without
life dates, its alternate names in a column, read back through a mapping (see
`benchmarks/linking_quality.py`); both then get the same aliases. Our figures are printed for
"auto + review" and "auto only" (links in the review band left out).

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/splink_peer.py [--with-linked-art]
       [--undated SOURCE] [--only splink|glamgraph] [--show N] [--threshold P] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

METHODS = ("splink", "glamgraph")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "jr", "sr"}
SEED = 5


# ---- the aliases, read by our readers -------------------------------------------------------

def read_aliases(with_linked_art: bool) -> list:
    """Agent aliases of MoMA and NGA (and la_moma_exh), parsed by our readers as `glamgraph ingest` does."""
    import settings
    from graph.build import IngestReport, Input, read_inputs
    from ingest.registry import expand, get_format
    from ingest.samples import SAMPLE_SOURCES

    wanted = ("moma", "nga", *(("linked_art_moma_exhibitions",) if with_linked_art else ()))
    inputs = []
    for sample in SAMPLE_SOURCES:  # the same source names and institutions as `glamgraph demo` / ingest
        if sample.path in wanted:
            fmt = get_format(sample.format)
            for path, found in expand(settings.sample_dir() / sample.path, fmt):
                inputs.append(Input(path, found, sample.source, sample.institution))
    collected = read_inputs(inputs, IngestReport(), io.StringIO(), None)
    return [a for a in collected.aliases.values() if a.kind in ("Person", "Organization")]


def clean_name(name: str, alternate: bool) -> str:
    """Folded name in direct order without titles: 'Edwards, Jr., Samuel Arlent' -> 'samuel arlent edwards'."""
    from ingest.normalise import fold

    parts = [p for p in (p.strip() for p in name.split(",")) if p and not set(fold(p).split()) <= TITLES]
    if alternate and len(parts) > 1:  # NGA alternates are mostly "Last, First"
        parts = parts[1:] + parts[:1]
    return " ".join(w for w in fold(" ".join(parts)).split() if w not in TITLES)


def splink_rows(aliases: list) -> dict[str, list[dict[str, Any]]]:
    """One row per alias, plus one per distinct NGA alternate name (unique_id 'alias#n')."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in aliases:
        names = [clean_name(a.name, False)]
        if a.source == "nga":
            names += [clean_name(n, True) for n in a.names if n != a.name]
        for n, name in enumerate(dict.fromkeys(x for x in names if x)):
            by_source[a.source].append({
                "unique_id": f"{a.key}#{n}", "alias_key": a.key, "name": name, "surname": name.split()[-1],
                "birth_year": a.birth_year, "death_year": a.death_year, "nationality": a.nationality})
    return dict(by_source)


# ---- Splink ---------------------------------------------------------------------------------

def _year_comparison(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(comparison_levels=[
        cll.NullLevel(column), cll.ExactMatchLevel(column), cll.AbsoluteDifferenceLevel(column, 2),
        cll.AbsoluteDifferenceLevel(column, 10), cll.ElseLevel()], output_column_name=column)


def run_splink(aliases: list, threshold: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """(graph links per alias key, facts about the run)."""
    import pandas
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    rows = splink_rows(aliases)
    db_api = DuckDBAPI()
    tables = [db_api.register(pandas.DataFrame(rows[s]).astype({"birth_year": "Int64", "death_year": "Int64"}),
                              dataset_display_name=s) for s in sorted(rows)]
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("surname"), block_on("substr(name, 1, 4)"), block_on("birth_year")],
        comparisons=[
            cl.NameComparison("name"),
            cl.NameComparison("surname"),
            _year_comparison("birth_year"),
            _year_comparison("death_year"),
            cl.ExactMatch("nationality"),
        ],
        additional_columns_to_retain=["alias_key"],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    # A source without any life dates (the undated condition) leaves no dated rule to estimate the
    # prior from and no birth-year block to train on: the same user would use the name alone.
    undated = any(sum(r["birth_year"] is not None for r in rs) < 0.05 * len(rs) for rs in rows.values())
    prior_rule = block_on("name") if undated else block_on("name", "birth_year", "death_year")
    linker.training.estimate_probability_two_random_records_match([prior_rule], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    if not undated:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year"))
    predictions = linker.inference.predict(threshold_match_probability=threshold).as_pandas_dataframe()

    # Collapse alternate-name rows to their alias: the best row pair of two aliases.
    best: dict[tuple[str, str], float] = {}
    for a, b, p in zip(predictions["alias_key_l"], predictions["alias_key_r"], predictions["match_probability"],
                       strict=True):
        pair = (a, b) if a < b else (b, a)
        best[pair] = max(best.get(pair, 0.0), float(p))
    accepted = greedy_one_to_one(best)
    return clusters_to_links(aliases, accepted), {
        "rows": {s: len(r) for s, r in rows.items()}, "pairs_predicted": len(predictions),
        "alias_pairs_over_threshold": len(best), "alias_pairs_accepted": len(accepted),
        "prior": linker._settings_obj._probability_two_random_records_match}


def greedy_one_to_one(best: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Per source pair, pairs by descending probability (ties by key), each alias used at most once."""
    used: set[tuple[str, str]] = set()  # (alias, other source)
    accepted = {}
    for (a, b), p in sorted(best.items(), key=lambda item: (-item[1], item[0])):
        sa, sb = a.partition(":")[0], b.partition(":")[0]
        if (a, sb) in used or (b, sa) in used:
            continue
        used.update({(a, sb), (b, sa)})
        accepted[(a, b)] = p
    return accepted


def clusters_to_links(aliases: list, accepted: dict[tuple[str, str], float]) -> dict[str, Any]:
    from graph.link.evaluate import GraphLink

    parent = {a.key: a.key for a in aliases}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    why: dict[str, tuple[float, str]] = {}
    for (a, b), p in accepted.items():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        for key, other in ((a, b), (b, a)):
            if key not in why or p > why[key][0]:
                why[key] = (p, other)
    links = {}
    for a in aliases:
        p, other = why.get(a.key, (None, None))
        links[a.key] = GraphLink(find(a.key), a.name, a.birth_year, a.death_year, None if p is None else round(p, 4),
                                 "splink" if other else "unique", f"p={p:.4f} with {other}" if other else None)
    return links


# ---- ours -----------------------------------------------------------------------------------

def run_glamgraph(aliases: list) -> tuple[dict[str, Any], dict[str, Any]]:
    from graph.link.evaluate import GraphLink
    from graph.link.linker import link

    by_key = {a.key: a for a in aliases}
    links = link(aliases, use_ids=False)
    return {k: GraphLink(ln.entity_id, by_key[k].name, by_key[k].birth_year, by_key[k].death_year, ln.score,
                         ln.method, ln.evidence, ln.status) for k, ln in links.items()}, {}


# ---- one method in a fresh process ----------------------------------------------------------

def run_child(method: str, with_linked_art: bool, threshold: float, show: int,
              undated: str | None = None) -> dict[str, Any]:
    import settings
    from graph.link.evaluate import auto_only, evaluate, read_truth

    started = time.perf_counter()
    aliases = read_aliases(with_linked_art)
    if undated:
        from benchmarks.linking_quality import undated as hide_dates

        aliases = hide_dates(aliases, undated)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    links, facts = run_splink(aliases, threshold) if method == "splink" else run_glamgraph(aliases)
    link_seconds = time.perf_counter() - started
    truth = read_truth(settings.sample_dir() / "ground_truth" / "person_authority_ids.csv")
    result = evaluate(truth, links, show=show)
    auto = evaluate(truth, auto_only(links), show=0) if method == "glamgraph" else None
    return {"method": method, "aliases": len(aliases), "read_seconds": round(read_seconds, 1),
            "auto_only": auto.to_json() if auto else None,
            "link_seconds": round(link_seconds, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "entities": len({ln.entity for ln in links.values()}), **facts, **result.to_json()}


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def _life(side: dict[str, Any]) -> str:
    return f"({side['born'] or '?'}-{side['died'] or ''})"


def print_results(results: list[dict[str, Any]]) -> None:
    print(f"{'method':<15} {'pair':<22} {'precision':>9} {'recall':>7} {'f1':>7} {'tp':>6} {'fp':>4} {'fn':>4} "
          f"{'unknown':>7} {'suspect':>7} {'recall*':>7}")
    for r in results:
        rows = [(r["method"], f) for f in [*r["pairs"], r["overall"]]]
        if r.get("auto_only"):
            rows += [(r["method"] + " auto", f) for f in [*r["auto_only"]["pairs"], r["auto_only"]["overall"]]]
        for method, f in rows:
            print(f"{method:<15} {f['source_a'] + '-' + f['source_b']:<22} {_fmt(f['precision']):>9} "
                  f"{_fmt(f['recall']):>7} {_fmt(f['f1']):>7} {f['true_positives']:>6} {f['false_positives']:>4} "
                  f"{f['false_negatives']:>4} {f['unknown_truth_pairs']:>7} {f['suspected_source_error_pairs']:>7} "
                  f"{_fmt(f['recall_without_suspected_source_errors']):>7}")
    print("unknown: linked pairs with no id scheme in common (truth unknown, left out of precision); "
          "suspect: truth pairs that look like a source error; recall*: recall without them")
    print()
    for r in results:
        extra = ""
        if r["method"] == "splink":
            extra = (f"; rows {r['rows']}, {r['pairs_predicted']:,} row pairs >= threshold, "
                     f"{r['alias_pairs_over_threshold']:,} alias pairs, {r['alias_pairs_accepted']:,} kept 1:1, "
                     f"prior {r['prior']:.2e}")
        print(f"{r['method']}: {r['aliases']:,} aliases -> {r['entities']:,} entities; read {r['read_seconds']} s, "
              f"link {r['link_seconds']} s, peak RSS {r['peak_rss_mb']:,} MB{extra}")
    for r in results:
        for title, items in (("worst false positives", r["worst_false_positives"]),
                             ("worst false negatives", r["worst_false_negatives"])):
            if items:
                print(f"\n{r['method']}, {title}:")
            for d in items:
                a, b = d["a"], d["b"]
                print(f"  {a['key']} '{a['name']}' {_life(a)} | {b['key']} '{b['name']}' {_life(b)}  "
                      f"score {d['score']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-linked-art", action="store_true", help="also link linked_art_moma_exhibitions")
    parser.add_argument("--undated", metavar="SOURCE", help="hide this source's life dates (a mapped creator list)")
    parser.add_argument("--only", choices=METHODS, help="run one method")
    parser.add_argument("--threshold", type=float, default=0.5, help="Splink match probability to link (0.5)")
    parser.add_argument("--show", type=int, default=10, help="worst false positives / negatives to list")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_child(args.child, args.with_linked_art, args.threshold, args.show, args.undated)
        print("\n" + json.dumps(result, ensure_ascii=False))
        return
    results = []
    for method in [args.only] if args.only else METHODS:
        child = [sys.executable, __file__, "--child", method, "--threshold", str(args.threshold),
                 "--show", str(args.show), *(["--with-linked-art"] if args.with_linked_art else []),
                 *(["--undated", args.undated] if args.undated else [])]
        out = subprocess.run(child, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            sys.exit(f"{method} failed:\n{out.stderr[-3000:]}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print_results(results)


if __name__ == "__main__":
    main()
