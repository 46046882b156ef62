"""Every false link and every miss of the blind MoMA-NGA run, with what linking saw of each pair.

For each false positive and false negative (against `ground_truth/person_authority_ids.csv`) it
prints both aliases (name, alternate names, life years, nationality, kind), the link each got
(score, method, status, entity), the pair scored directly (probability and the evidence: which
name level, date and nationality weights fired), and the mechanical reason for the outcome:

- not blocked: the two never share a blocking key, so they are never compared;
- names not comparable: compared, but no name level (nor acronym) applies, or a rule says "two
  people" (different generation markers, a collective against a single name);
- below review: scored under the review threshold;
- merge refused: scored above it, but the cluster check kept their clusters apart;
- linked for review: a miss of automatic links only;
- linked directly / through a third alias: for a false positive.

Linking is blind as in `benchmarks/linking_quality.py`; the truth is read only to score.

Usage: GLAMGRAPH_SAMPLE_DIR=../shared/data python benchmarks/linking_errors.py [--undated nga]
       [--variant RULE] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _alias(alias: Any) -> dict[str, Any]:
    return {"key": alias.key, "name": alias.name, "alternates": [n for n in alias.names if n != alias.name],
            "born": alias.birth_year, "died": alias.death_year, "nationality": alias.nationality, "kind": alias.kind}


def analyse(undated_source: str | None, rule: str | None = None) -> dict[str, Any]:
    import settings
    from benchmarks.linking_quality import read_aliases, undated
    from graph.link.clusters import Clusters
    from graph.link.evaluate import GraphLink, auto_only, evaluate, read_truth
    from graph.link.life_years import life_years_checked
    from graph.link.linker import Thresholds, link
    from graph.link.person_linker import PairScorer

    aliases = read_aliases()
    if undated_source:
        aliases = undated(aliases, undated_source)
    if rule:
        from benchmarks.linking_variants import variant

        aliases = variant(aliases, rule)
    links = link(aliases, use_ids=False)  # blind: the truth below is read only to score
    by_key = {a.key: a for a in aliases}
    graph = {k: GraphLink(ln.entity_id, by_key[k].name, by_key[k].birth_year, by_key[k].death_year, ln.score,
                          ln.method, ln.evidence, ln.status) for k, ln in links.items()}
    truth = read_truth(settings.sample_dir() / "ground_truth" / "person_authority_ids.csv")
    both = evaluate(truth, graph, show=10_000)
    auto = evaluate(truth, auto_only(graph), show=10_000)
    checked = life_years_checked(sorted(aliases, key=lambda a: a.key))  # as `link` sees them
    scorer = PairScorer({a.key: a for a in checked})
    by_key = {a.key: a for a in checked}
    review_min = Thresholds().review_min

    def pair(d: dict[str, Any], kind: str) -> dict[str, Any]:
        ka, kb = d["a"]["key"], d["b"]["key"]
        pa, pb = scorer.profiles.of[ka], scorer.profiles.of[kb]
        shared = sorted(scorer.block_keys(pa) & scorer.block_keys(pb))
        scored = scorer._score(pa, pb, explain=True)
        probability = round(scored[0], 4) if scored else None
        two = Clusters({ka: by_key[ka], kb: by_key[kb]}, use_ids=False)
        refused = two.conflict(ka, kb, check_records=True)
        if kind == "false positive":
            direct = links[ka].evidence.endswith(f"(with {kb})") or links[kb].evidence.endswith(f"(with {ka})")
            reason = "linked directly" if direct else "linked through a third alias"
        elif links[ka].entity_id == links[kb].entity_id:
            reason = "linked for review (not automatic)"
        elif not shared and pa != pb:
            reason = "not blocked"
        elif scored is None:
            reason = "names not comparable"
        elif scored[0] < review_min:
            reason = "below review"
        elif refused:
            reason = f"merge refused: {refused}"
        else:
            reason = "each linked elsewhere first (best-first merge order)"
        return {"kind": kind, "reason": reason, "probability": probability,
                "evidence": scored[1] if scored else "", "shared_blocks": shared[:6],
                "a": {**_alias(by_key[ka]), "link": _link(links[ka])},
                "b": {**_alias(by_key[kb]), "link": _link(links[kb])}}

    fps = [pair(d, "false positive") for d in both.false_positives]
    fns = [pair(d, "false negative") for d in both.false_negatives]
    missed = {(d["a"]["key"], d["b"]["key"]) for d in both.false_negatives}
    auto_fns = [pair(d, "false negative") for d in auto.false_negatives
                if (d["a"]["key"], d["b"]["key"]) not in missed]
    return {"condition": f"{undated_source} undated" if undated_source else "dated",
            "auto_review": both.overall.figures(), "auto_only": auto.overall.figures(),
            "false_positives": fps, "false_negatives": fns, "missed_by_auto_only": auto_fns}


def _link(ln: Any) -> dict[str, Any]:
    return {"entity": ln.entity_id, "score": ln.score, "method": ln.method, "status": ln.status}


def _side(s: dict[str, Any]) -> str:
    alts = f"; alternates {', '.join(s['alternates'][:4])}" if s["alternates"] else ""
    link = s["link"]
    return (f"{s['key']} '{s['name']}' ({s['born'] or '?'}-{s['died'] or '?'}, {s['nationality'] or '-'}, "
            f"{s['kind']}{alts}) -> {link['entity']} {link['method']} {link['score']} {link['status']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--undated", metavar="SOURCE", help="hide this source's life dates (a mapped creator list)")
    parser.add_argument("--variant", metavar="RULE", help="NGA rewritten by a rule of benchmarks/linking_variants.py")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = analyse(args.undated, args.variant)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for label in ("auto_review", "auto_only"):
        f = result[label]
        print(f"{result['condition']}, {label.replace('_', ' + ' if 'review' in label else ' ')}: "
              f"precision {f['precision']} recall {f['recall']} (fp {f['false_positives']}, "
              f"fn {f['false_negatives']})")
    for title, key in (("false positives", "false_positives"), ("false negatives (auto + review)", "false_negatives"),
                       ("missed by automatic links alone", "missed_by_auto_only")):
        print(f"\n{title}: {len(result[key])}")
        for d in result[key]:
            print(f"- {d['reason']}; pair scored {d['probability']}")
            print(f"    a: {_side(d['a'])}")
            print(f"    b: {_side(d['b'])}")
            if d["evidence"]:
                print(f"    evidence: {d['evidence']}")
            print(f"    shared blocks: {', '.join(d['shared_blocks']) or 'none'}")


if __name__ == "__main__":
    main()
