"""The sync state's JSON (graph.state dumps / loads): orjson where it can, the standard library where
it cannot, and the same canonical text either way for what the state holds."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.state import dumps, loads

STANDARD = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)

# What the state writes: record properties, mention contributions, link evidence, entity
# properties (text, counts, years, scores rounded to a few places, lists, nesting, no value).
_scalars = (st.text() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.booleans() | st.none()
            | st.floats(min_value=0, max_value=1).map(lambda f: round(f, 4)))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                       max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_the_same_text_as_the_standard_encoder_and_back(value: object) -> None:
    try:
        expected = STANDARD.encode(value)
    except UnicodeEncodeError:  # pragma: no cover - the standard encoder writes surrogates as they are
        return
    assert dumps(value) == expected
    assert loads(dumps(value)) == value


def test_what_orjson_refuses_goes_through_the_standard_encoder() -> None:
    lone = {"title": "broken \ud800 text"}  # a JSON file can carry "\ud800"; orjson refuses it
    assert dumps(lone) == STANDARD.encode(lone)
    assert dumps({"n": 2**70}) == '{"n":1180591620717411303424}'  # past 64 bits
    assert dumps({1: "a", "b": 2}) == '{"1":"a","b":2}'  # keys of two types: written as text, sorted


def test_dataclasses_and_datetimes_are_written_as_text_as_before() -> None:
    from dataclasses import dataclass
    from datetime import UTC, datetime

    @dataclass
    class Where:
        file: str

    value = {"at": datetime(2026, 12, 4, tzinfo=UTC), "where": Where("a.xml")}
    assert dumps(value) == STANDARD.encode(value)


def test_loads_reads_what_the_standard_library_wrote() -> None:
    assert loads('{"a":NaN}')["a"] != loads('{"a":NaN}')["a"]  # NaN, which orjson does not read
    assert loads(b'{"a":[1,2]}') == {"a": [1, 2]}
    assert loads('"\\ud800"') == "\ud800"
