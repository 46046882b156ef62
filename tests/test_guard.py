"""The guard's cleaning of mentions: its quick check of a clean mention must never let a value
through that the field-by-field cleaning would have cleaned."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from ingest import guard
from ingest.model import Mention, Record

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
