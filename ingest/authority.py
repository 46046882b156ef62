"""Authority identifiers in one normal form: "scheme:value".

Sources write the same identifier many ways (a bare number in a ULAN column, an http or https
URI with or without a trailing slash, "(OCoLC)fst01234" in MARC $0). Linking compares ids by
string equality, so every reader passes what it finds through `normalise_id`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# Property names on canonical nodes; the scheme part of a normalised id.
SCHEMES = ("ulan", "wikidata", "viaf", "lcnaf", "lcsh", "fast", "gnd", "rkd", "geonames", "tgn", "aat")

_URI_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ulan", re.compile(r"vocab\.getty\.edu/(?:page/)?ulan/(\d+)")),
    ("tgn", re.compile(r"vocab\.getty\.edu/(?:page/)?tgn/(\d+)")),
    ("aat", re.compile(r"vocab\.getty\.edu/(?:page/)?aat/(\d+)")),
    ("wikidata", re.compile(r"wikidata\.org/(?:wiki|entity)/(Q\d+)", re.I)),
    ("viaf", re.compile(r"viaf\.org/viaf/(\d+)")),
    # "viaf.org/viaf/Q16193244": a Wikidata QID put in a VIAF URI (the Linked Art MoMA-exhibition data
    # does this; VIAF's own ids are numbers, so the form is unambiguous).
    ("wikidata", re.compile(r"viaf\.org/viaf/(Q\d+)$")),
    ("lcnaf", re.compile(r"id\.loc\.gov/(?:authorities|rwo/agents)/names/([a-z]+\d+)")),
    ("lcsh", re.compile(r"id\.loc\.gov/authorities/(?:subjects|genreForms)/([a-z]+\d+)")),
    ("fast", re.compile(r"(?:id\.worldcat\.org/fast|experimental\.worldcat\.org/fast)/(?:fst)?0*(\d+)")),
    ("gnd", re.compile(r"d-nb\.info/gnd/([0-9X-]+)", re.I)),
    ("rkd", re.compile(r"rkd\.nl/(?:explore/artists|artists)/(\d+)")),
    ("geonames", re.compile(r"geonames\.org/(\d+)")),
)

# "viaf.org/viaf/sourceID/LC|n79007257": one member of a VIAF cluster, by VIAF's source code.
_VIAF_SOURCE_ID = re.compile(r"viaf\.org/viaf/sourceID/([A-Z]+)\|([^#/?\s]+)", re.I)
VIAF_SOURCES = {"LC": "lcnaf", "DNB": "gnd", "JPG": "ulan", "WKP": "wikidata"}

_BARE: dict[str, re.Pattern[str]] = {
    "ulan": re.compile(r"^(?:ulan[:/])?(5\d{8})$", re.I),
    "tgn": re.compile(r"^(?:tgn[:/])?(\d{7})$", re.I),
    "aat": re.compile(r"^(?:aat[:/])?(3\d{8})$", re.I),
    "wikidata": re.compile(r"^(?:wd:|wikidata:)?(Q\d+)$", re.I),
    "viaf": re.compile(r"^(?:viaf[:/])?(\d+)$", re.I),
    "lcnaf": re.compile(r"^(n[a-z]?\d+)$"),
    "lcsh": re.compile(r"^(sh\d+)$"),
    "fast": re.compile(r"^(?:\(OCoLC\))?fst0*(\d+)$", re.I),
    "gnd": re.compile(r"^(?:\(DE-588\))?([0-9X-]+)$", re.I),
    "geonames": re.compile(r"^(\d+)$"),
    "rkd": re.compile(r"^(\d+)$"),
}


def normalise_id(value: str | int | float | None, scheme: str | None = None) -> str | None:
    """Return "scheme:value" for an identifier or URI, or None if it is not recognisable.

    `scheme` is a hint for bare values (a ULAN column holds "500115493"); URIs name their
    own scheme and need no hint.
    """
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN from a CSV cell
            return None
        value = int(value)
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "null", "0"}:
        return None
    if "://" in text or text.startswith(("vocab.getty", "id.loc.gov", "viaf.org")):
        source_id = _VIAF_SOURCE_ID.search(unquote(text))
        if source_id:  # a VIAF cluster member: name the member's own authority, which sources share
            scheme = VIAF_SOURCES.get(source_id.group(1).upper())
            value = source_id.group(2).replace("+", "").replace(" ", "")  # VIAF pads LC ids: "n++79091094"
            return normalise_id(value, scheme) if scheme else None
        for name, pattern in _URI_PATTERNS:
            match = pattern.search(text)
            if match:
                return f"{name}:{_canonical_value(name, match.group(1))}"
        return None
    if scheme:
        scheme = scheme.lower()
        scheme = {"wd": "wikidata", "wiki qid": "wikidata", "ulanid": "ulan"}.get(scheme, scheme)
        pattern = _BARE.get(scheme)
        if pattern:
            if scheme == "ulan" and text.endswith(".0"):
                text = text[:-2]
            match = pattern.match(text)
            if match:
                return f"{scheme}:{_canonical_value(scheme, match.group(1))}"
        return None
    lowered = text.lower()
    if lowered.startswith("(ocolc)fst"):
        return normalise_id(text, "fast")
    if ":" in text:
        prefix, _, rest = text.partition(":")
        return normalise_id(rest, prefix)
    return None


def _canonical_value(scheme: str, value: str) -> str:
    if scheme == "wikidata":
        return value.upper()
    if scheme == "fast":
        return value.lstrip("0") or "0"
    return value


def ids_by_scheme(ids: tuple[str, ...] | list[str]) -> dict[str, list[str]]:
    """Group normalised ids by scheme: {"ulan": ["500115493"], ...}."""
    grouped: dict[str, list[str]] = {}
    for full in ids:
        scheme, _, value = full.partition(":")
        grouped.setdefault(scheme, [])
        if value not in grouped[scheme]:
            grouped[scheme].append(value)
    return grouped
