"""The extraction's rule set kept on disk: the same spans as a fresh build, rebuilt when its names change."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.extract import Gazetteer, KnownEntity, build_nlp
from ingest.extract_cache import PREFIX, cache_path, load_or_build_nlp
from ingest.extract_eval import load_gold, predict

GOLD = Path(__file__).parent / "gold" / "extraction.jsonl"


@pytest.fixture(scope="module")
def entities(sample_dir: Path) -> list[KnownEntity]:
    """Real names: the gold set's entities and 1,000 NGA constituents."""
    gold = load_gold(GOLD)
    found = {(label, text) for g in gold for (start, end, label) in g.entities for text in [g.text[start:end]]}
    known = [KnownEntity(f"gold:{i}", label, text) for i, (label, text) in enumerate(sorted(found))]
    with (sample_dir / "nga" / "constituents.csv").open(encoding="utf-8-sig") as handle:
        for number, row in zip(range(1000), csv.DictReader(handle), strict=False):
            known.append(KnownEntity(f"nga:{number}", "Person", row["forwarddisplayname"]))
    return known


def _spans(nlp: object) -> list[list[tuple[int, int, str]]]:
    return predict(nlp, [g.text for g in load_gold(GOLD)])


def test_cached_rule_set_finds_the_same_spans(tmp_path: Path, entities: list[KnownEntity]) -> None:
    gazetteer = Gazetteer.build(entities)
    built, cached = load_or_build_nlp(gazetteer, None, tmp_path)  # build_nlp's pipeline, then kept
    assert not cached and cache_path(tmp_path, gazetteer, None).is_file()
    loaded, cached = load_or_build_nlp(gazetteer, None, tmp_path)
    assert cached
    fresh = _spans(built)
    assert _spans(loaded) == fresh
    assert sum(map(len, fresh)) > 100  # the control: the names are found in the gold texts
    labels = {label for spans in fresh for (_, _, label) in spans}
    assert {"Person", "Place"} <= labels


def test_changed_names_rebuild_and_replace_the_file(tmp_path: Path, entities: list[KnownEntity]) -> None:
    gazetteer = Gazetteer.build(entities)
    load_or_build_nlp(gazetteer, None, tmp_path)
    first = cache_path(tmp_path, gazetteer, None)
    more = Gazetteer.build([*entities, KnownEntity("x:1", "Person", "Winifred Quibble-Smythe")])
    nlp, cached = load_or_build_nlp(more, None, tmp_path)
    assert not cached and cache_path(tmp_path, more, None) != first
    assert [p.name for p in tmp_path.glob(f"{PREFIX}*")] == [cache_path(tmp_path, more, None).name]
    [doc] = nlp.pipe(["A drawing by Winifred Quibble-Smythe, 1901."])
    assert [(e.text, e.label_) for e in doc.ents] == [("Winifred Quibble-Smythe", "Person")]
    assert cache_path(tmp_path, gazetteer, "some_model") != first  # the model is part of the key


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, entities: list[KnownEntity]) -> None:
    gazetteer = Gazetteer.build(entities[:300])
    path = cache_path(tmp_path, gazetteer, None)
    path.write_bytes(b"PK\x03\x04 not really a zip")
    nlp, cached = load_or_build_nlp(gazetteer, None, tmp_path)
    assert not cached
    assert _spans(nlp) == _spans(build_nlp(gazetteer))
    _, cached = load_or_build_nlp(gazetteer, None, tmp_path)
    assert cached  # the rebuilt rule set replaced the damaged file
