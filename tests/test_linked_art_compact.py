"""The compact Linked Art walker gives the same Records as rdflib's full JSON-LD expansion.

Real documents of the sample are read both ways (a deterministic quarter of them here; every one in
`python -m benchmarks.museum_readers`); mutated documents (hypothesis, bounded) check the forms the
walker accepts and the ones it hands to the expansion. rdflib names blank nodes with random uuids;
the reference runs with numbered ones, so blank siblings sort in document order on both sides.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import rdflib.term
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.plugins.shared.jsonld.context import Context

from ingest.jsonutil import json_files, load_json
from ingest.model import Institution, Record, Rejected
from ingest.readers import linked_art, linked_art_compact

INST = Institution("la_test", "Linked Art test", "museum")
FOLDERS = ("linked_art_moma_exhibitions", "linked_art_examples")


class _Hex:
    def __init__(self, number: int) -> None:
        self.hex = f"{number:032x}"


@contextmanager
def _numbered_blank_nodes() -> Iterator[None]:
    counter = itertools.count()
    with mock.patch.object(rdflib.term, "uuid4", lambda: _Hex(next(counter))):
        yield


def _both(document: Any, file: str = "x.json") -> tuple[Any, Any]:
    """(expanded, compact) results of one document; an exception is compared by type and message."""
    def run(mapper: Any) -> Any:
        try:
            return mapper(document, source="la", institution=INST, file=file, position=1)
        except Exception as exc:  # noqa: BLE001 - both sides must fail the same way
            return (type(exc).__name__, str(exc))

    with _numbered_blank_nodes():
        expanded = run(linked_art.map_document_expanded)
    with _numbered_blank_nodes():  # for the documents that fall back to the expansion
        return expanded, run(linked_art.map_document)


def _sample_files(sample_dir: Path) -> list[Path]:
    return [f for folder in FOLDERS for f in json_files(sample_dir / folder)]


def test_sample_documents_give_the_same_records(sample_dir: Path) -> None:
    files = _sample_files(sample_dir)
    chosen = [f for i, f in enumerate(files) if i % 4 == 0 or "linked_art_examples" in str(f)]
    walked = 0
    for file in chosen:
        document = load_json(file)
        expanded, compact = _both(document, str(file))
        assert compact == expanded, file
        walked += linked_art_compact.walk(document) is not None
    # The control: the compact walker really read (nearly) all of them, and they are real records.
    assert walked >= len(chosen) - 1 and sum(isinstance(_both(load_json(f))[1], Record) for f in chosen[:20]) == 20


def test_the_walker_reads_the_context_as_rdflib_does() -> None:
    """Prefixes, term IRIs and which terms take IRIs, against rdflib's reading of the same context."""
    ours = linked_art_compact.terms()
    theirs = Context(linked_art.local_context())
    assert ours.prefixes == {name: t.id for name, t in theirs.terms.items() if t.prefix}
    for name, (predicate, iri_valued) in ours.properties.items():
        assert (theirs.terms[name].id, theirs.terms[name].type == "@id") == (predicate, iri_valued), name
    for name, iri in ours.ids.items():
        assert theirs.terms[name].id == iri, name
    assert len(ours.properties) >= 30 and "Person" in ours.ids


PERSON = {
    "@context": linked_art_compact.LINKED_ART_CONTEXT,
    "id": "http://linkedart.example.com/person/1",
    "type": "Person",
    "_label": "Ada Example",
    "identified_by": [
        {"type": "Name", "content": "Ada Example",
         "classified_as": [{"id": "aat:300404670", "type": "Type", "_label": "Primary Name"}]},
        {"type": "Name", "content": "A. Example"},
        {"type": "Name", "content": "Example, Ada"},
        {"id": "http://vocab.getty.edu/ulan/500000001", "type": "Identifier"},
    ],
    "equivalent": ["http://www.wikidata.org/entity/Q1", "ulan:500000002"],
    "born": {"type": "Birth", "timespan": {"type": "TimeSpan", "begin_of_the_begin": "1901-01-01"}},
    "referred_to_by": [{"type": "LinguisticObject", "content": "Second"}, {"type": "LinguisticObject", "content": "First"}],
}


def test_blank_name_siblings_keep_document_order() -> None:
    expanded, compact = _both(PERSON)
    assert isinstance(compact, Record) and compact == expanded
    [person] = compact.mentions
    assert (person.name, person.alt_names, person.bio) == ("Ada Example", ("A. Example", "Example, Ada"), "Second\nFirst")
    assert person.ids == ("ulan:500000001", "ulan:500000002", "wikidata:Q1") and person.birth_year == 1901


def _with_life_span(label: str, death: dict[str, str]) -> dict[str, Any]:
    """A person shaped as MoMA's exhibition data writes them: the timespans' labels repeat the
    name with its life span, and a living person's death timespan has no dates of its own."""
    person = copy.deepcopy(PERSON)
    person["born"] = {"type": "Birth", "timespan": {"type": "TimeSpan", "_label": f"{label} Birth timespan",
                                                   "begin_of_the_begin": "1948", "end_of_the_end": "1948"}}
    person["died"] = {"type": "Death", "timespan": {"type": "TimeSpan", "_label": f"{label} Death timespan", **death}}
    return person


@pytest.mark.parametrize(("label", "death", "died"), [
    ("John Miller (1948- )", {}, None),  # living: the open span's start is his birth, not his death
    ("John Miller (1948-2011)", {}, 2011),  # the span's end
    ("John Miller (1948-2011)", {"begin_of_the_begin": "2010"}, 2010),  # the timespan's own date wins
])
def test_a_death_timespan_labelled_with_the_life_span_gives_its_end(label: str, death: dict[str, str],
                                                                   died: int | None) -> None:
    expanded, compact = _both(_with_life_span(label, death))
    assert isinstance(compact, Record) and compact == expanded
    [person] = compact.mentions
    assert (person.birth_year, person.death_year) == (1948, died)


@pytest.mark.parametrize("change", [
    {"@context": [linked_art_compact.LINKED_ART_CONTEXT]},  # a list of contexts
    {"@id": "http://linkedart.example.com/person/1"},  # a keyword
    {"http://www.w3.org/2000/01/rdf-schema#label": "Full IRI key"},
    {"crm:P3_has_note": "Compact IRI key"},
    {"id": "person/1"},  # relative id: resolved against a base
    {"id": "_:b0"},  # blank node id
    {"type": "crm:E21_Person"},  # a compact IRI as a type
    {"identified_by": [{"type": "Name", "content": {"@value": "Ada", "@language": "en"}}]},
    {"identified_by": [{"type": "Name", "content": "Ada", "@context": {"x": "http://example.org/x"}}]},
    {"equivalent": 5},
])
def test_other_json_ld_forms_go_through_the_expansion(change: dict[str, Any]) -> None:
    document = {**PERSON, **change}
    assert linked_art_compact.walk(document) is None
    expanded, compact = _both(document)
    assert compact == expanded


def test_keys_outside_the_context_are_dropped_as_json_ld_drops_them() -> None:
    document = {**PERSON, "irn": 12, "display_name": "Not read", "dimension": [{"type": "Dimension", "value": 8.61}]}
    assert linked_art_compact.walk(document) is not None
    expanded, compact = _both(document)
    assert isinstance(compact, Record) and compact == expanded


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", " ", "Ada", "aat:300404670", "ulan:500000009", "http://vocab.getty.edu/aat/300033618",
                     "https://linkedart.example.com/x y", "urn:x", "_:b1", "nm:x", "crm", "Person", "relative/id"]),
)
_KEYS = st.sampled_from(["id", "type", "_label", "content", "value", "identified_by", "classified_as", "equivalent",
                         "born", "timespan", "begin_of_the_begin", "produced_by", "carried_out_by", "part", "about",
                         "involved", "unknown_key", "crm:P3_has_note", "@type", "@id"])


def _mutate(document: Any, draw: Any) -> Any:
    """One change somewhere in the document: a value replaced, a key added or removed, a node nested."""
    doc = copy.deepcopy(document)
    holders: list[Any] = []
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            holders.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    target = draw(st.sampled_from(holders))
    value = draw(st.one_of(_VALUES, st.lists(_VALUES, max_size=3), st.dictionaries(_KEYS, _VALUES, max_size=3)))
    if isinstance(target, list):
        if target and draw(st.booleans()):
            target[draw(st.integers(0, len(target) - 1))] = value
        else:
            target.append(value)
    elif target and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(target)))
        if draw(st.booleans()):
            del target[key]
        else:
            target[key] = value
    else:
        target[draw(_KEYS)] = value
    return doc


@st.composite
def _mutated(draw: Any, seeds: list[Any]) -> Any:
    document = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        document = _mutate(document, draw)
    return document


def test_mutated_documents_give_the_same_records_or_the_same_rejection(sample_dir: Path) -> None:
    files = _sample_files(sample_dir)
    seeds = [PERSON] + [load_json(f) for f in (files[0], files[-1], sample_dir / "linked_art_examples/ima/ima-turner.json",
                                                sample_dir / "linked_art_examples/ans/coin-la.json")]
    seeds = [s for s in seeds if isinstance(s, dict) and "@context" in s]

    @settings(max_examples=60, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(document=_mutated(seeds))
    def check(document: Any) -> None:
        expanded, compact = _both(document)
        assert compact == expanded, json.dumps(document)[:2000]

    check()


def test_the_reader_still_rejects_with_file_and_reason(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({**PERSON, "type": "Place", "_label": None}), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(PERSON), encoding="utf-8")
    deep: Any = {"type": "Name", "content": "x"}
    for _ in range(120):
        deep = {"type": "Name", "part": [deep]}
    (tmp_path / "c.json").write_text(json.dumps({**PERSON, "part": [deep]}), encoding="utf-8")
    results = list(linked_art.read(tmp_path, source="la", institution=INST))
    assert [type(r) for r in results] == [Rejected, Record, Rejected]
    assert results[0].file.endswith("a.json") and "is not read by this reader" in results[0].reason
    assert results[2].file.endswith("c.json") and "nested more than" in results[2].reason
    # Called directly (no file limits), a too-deep document goes to the expansion, which reads it the same way.
    document = {**PERSON, "identified_by": [deep]}
    assert linked_art_compact.walk(document) is None
