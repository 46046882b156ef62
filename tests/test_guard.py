"""The guard's cleaning of mentions: its quick check of a clean mention must never let a value
through that the field-by-field cleaning would have cleaned."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest import guard
from ingest.model import Mention, Record, Rejected

BAD_TEXT = "Rem\x00brandt \ud800van Rijn"
CLEAN = Mention("Person", "nga:1", "Rembrandt van Rijn", relation="CREATED_BY", role="painter", as_written="Rembrandt",
                source_field="constituents", ids=("ulan:500011051",), birth_year=1606, death_year=1669,
                nationality="Dutch", gender="male", bio="Dutch painter,\n1606-1669", alt_names=("Rijn, Rembrandt van",),
                lat=None, lon=None)


def _record(*mentions: Mention) -> Record:
    return Record(source="nga", source_id="1", institution_id="nga", domain="museum", kind="painting",
                  title="The Mill", mentions=list(mentions))


def _dirty(field: str) -> Mention:
    """CLEAN with one field made unstorable (or of a type the quick check does not know)."""
    value = {"ids": ("ulan:\x01500011051",), "alt_names": (BAD_TEXT,), "birth_year": 2**70, "death_year": -(2**70),
             "lat": "52.1\x00", "lon": 4, "links": (("BORN_IN", Mention("Place", "nga:p", BAD_TEXT)),)}.get(field, BAD_TEXT)
    return dataclasses.replace(CLEAN, **{field: value})


def _cleaned_field_by_field(record: Record, monkeypatch: pytest.MonkeyPatch) -> Record:
    with monkeypatch.context() as patch:
        patch.setattr(guard, "_mention_is_clean", lambda mention: False)
        return guard.clean_record(copy.deepcopy(record))


def test_a_clean_mention_passes_the_quick_check_untouched() -> None:
    assert guard._mention_is_clean(CLEAN)
    record = guard.clean_record(_record(copy.deepcopy(CLEAN)))
    assert record.mentions == [CLEAN] and record.warnings == []


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Mention) if f.name != "kind"])
def test_every_field_of_a_mention_is_cleaned_as_field_by_field(field: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mention = _dirty(field)
    assert not guard._mention_is_clean(mention)
    quick = guard.clean_record(_record(copy.deepcopy(mention)))
    slow = _cleaned_field_by_field(_record(mention), monkeypatch)
    assert quick == slow
    if field != "lon":  # a number of another type (4, not 4.0) is storable: left as it is
        assert any(w.startswith("unstorable value cleaned: mentions.person.") for w in quick.warnings), quick.warnings
        assert getattr(quick.mentions[0], field) != getattr(mention, field)


def test_a_value_of_the_wrong_type_is_left_out_with_a_warning() -> None:
    """JSON readers hand over what the file holds: an object where a name belongs, a string where
    a year belongs, an object among the ids. None of it may reach the state or the graph."""
    mention = dataclasses.replace(CLEAN, ids=("ulan:500011051", {"x": 1}), birth_year="1606", lat="52.1",  # type: ignore[arg-type]
                                  role=["painter"], alt_names=["Rijn, Rembrandt van", 7])  # type: ignore[arg-type]
    nameless = dataclasses.replace(CLEAN, alias_key="nga:2", name={"": "\ud800"})  # type: ignore[arg-type]
    record = guard.clean_record(_record(mention, nameless, "not a mention"))  # type: ignore[arg-type]
    (kept,) = record.mentions
    assert kept.ids == ("ulan:500011051",) and kept.birth_year is None and kept.lat is None and kept.role is None
    assert kept.alt_names == ("Rijn, Rembrandt van", "7")  # a number where text belongs: its digits
    text = " | ".join(record.warnings)
    for where in ("mentions.person.ids: an object", "mentions.person.birth_year: text where a whole number",
                  "mentions.person.lat: text where a number", "mentions.person.role: a list where text",
                  "mentions.person.name: an object where text", "mentions.person: a mention without name",
                  "mentions: text where a mention belongs"):
        assert where in text, (where, record.warnings)


def test_a_record_whose_identity_is_not_text_is_rejected_and_the_next_one_read(tmp_path: Path) -> None:
    def read(_path: Path) -> Iterator[Record]:
        yield dataclasses.replace(_record(), source_id={"acno": None}, position=1)  # type: ignore[arg-type]
        yield dataclasses.replace(_record(), title="The next one", position=2)

    first, second = list(guard.guarded(read, tmp_path / "objects.json"))
    assert isinstance(first, Rejected) and "source_id is an object, not text" in first.reason and first.position == 1
    assert isinstance(second, Record) and second.title == "The next one"
