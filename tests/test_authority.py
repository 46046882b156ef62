"""Every identifier form docs/mapping.md lists is recognised, and placeholders are no ids."""

from __future__ import annotations

import re

import pytest

from ingest.authority import ACCEPTED_FORMS, SCHEMES, normalise_id

EXAMPLES = [(scheme, form) for scheme, forms in ACCEPTED_FORMS.items() for form in forms]


@pytest.mark.parametrize(("scheme", "form"), EXAMPLES)
def test_every_documented_form_is_recognised(scheme: str, form: str) -> None:
    value, _, note = form.partition(" (")
    hint = re.match(r"an? (\w+) column", note)
    found = normalise_id(value, hint.group(1) if hint else None)
    becomes = re.search(r"becomes (\S+?)[;)]", note)
    if becomes:  # a VIAF cluster member names its member's own scheme
        assert found == becomes.group(1), (form, found)
    else:
        assert found is not None and found.partition(":")[0] == scheme, (form, found)


def test_every_scheme_is_documented() -> None:
    assert set(ACCEPTED_FORMS) == set(SCHEMES)


@pytest.mark.parametrize("value", ["0", "none", "None", "n/a", "N/A", "-", "", "  ", "000", "0.0", "null", "nan"])
@pytest.mark.parametrize("scheme", ["viaf", "ulan", "lcnaf", None])
def test_placeholders_are_no_id(value: str, scheme: str | None) -> None:
    assert normalise_id(value, scheme) is None


def test_one_person_many_forms_one_id() -> None:
    assert {normalise_id(v, s) for v, s in [("n79091094", None), ("n 79091094", "lcnaf"), ("79091094", "lcnaf"),
                                            ("http://id.loc.gov/authorities/names/n79091094", None),
                                            ("http://viaf.org/viaf/sourceID/LC%7Cn++79091094", None)]} == {
        "lcnaf:n79091094"}
    assert normalise_id("https://de.wikipedia.org/wiki/Hans_von_Aachen") == "wikipedia:de:Hans_von_Aachen"
    assert normalise_id("0000-0002-1825-0097") == "orcid:0000-0002-1825-0097"
    assert normalise_id("12345") is None  # a bare number names no scheme by itself
