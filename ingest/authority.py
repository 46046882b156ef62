"""Authority identifiers in one normal form: "scheme:value".

Sources write the same identifier many ways (a bare number in a ULAN column, an http or https
URI with or without a trailing slash, "(OCoLC)fst01234" in MARC $0, "n 79007257" for an LC name).
Linking compares ids by string equality, so every reader passes what it finds through
`normalise_id`. `ACCEPTED_FORMS` lists, per scheme, the forms recognised (docs/mapping.md shows
the table; tests/test_authority.py checks every example).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# Property names on canonical nodes; the scheme part of a normalised id.
SCHEMES = ("ulan", "wikidata", "viaf", "lcnaf", "lcsh", "fast", "gnd", "rkd", "isni", "orcid", "moma", "wikipedia",
           "geonames", "tgn", "aat", "bnf", "idref")

# Cell values that mean "no id" (a VIAF "0" would otherwise make 1,394 rows one person).
PLACEHOLDERS = frozenset({"", "0", "nan", "none", "null", "n/a", "na", "-", "--", "?", "unknown", "not found",
                          "no", "false"})

_URI_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ulan", re.compile(r"vocab\.getty\.edu/(?:page/)?ulan/(\d+)")),
    ("tgn", re.compile(r"vocab\.getty\.edu/(?:page/)?tgn/(\d+)")),
    ("aat", re.compile(r"vocab\.getty\.edu/(?:page/)?aat/(\d+)")),
    ("wikidata", re.compile(r"wikidata\.org/(?:wiki|entity)/(?:Special:EntityPage/)?(Q\d+)", re.I)),
    ("viaf", re.compile(r"viaf\.org/viaf/(\d+)")),
    # "viaf.org/viaf/Q16193244": a Wikidata QID put in a VIAF URI (the Linked Art MoMA-exhibition data
    # does this; VIAF's own ids are numbers, so the form is unambiguous).
    ("wikidata", re.compile(r"viaf\.org/viaf/(Q\d+)$")),
    ("lcnaf", re.compile(r"id\.loc\.gov/(?:authorities|rwo/agents)/names/([a-z]+\d+)")),
    ("lcsh", re.compile(r"id\.loc\.gov/authorities/(?:subjects|genreForms)/([a-z]+\d+)")),
    ("fast", re.compile(r"(?:id\.worldcat\.org/fast|experimental\.worldcat\.org/fast)/(?:fst)?0*(\d+)")),
    ("gnd", re.compile(r"d-nb\.info/gnd/([0-9X-]+)", re.I)),
    ("rkd", re.compile(r"rkd\.nl/(?:en/|nl/)?(?:explore/artists|artists)/(\d+)")),
    ("isni", re.compile(r"isni(?:-url\.oclc\.nl)?\.org/(?:isni/)?([0-9X ]{16,19})", re.I)),
    ("orcid", re.compile(r"orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[0-9X])", re.I)),
    ("moma", re.compile(r"moma\.org/(?:collection/)?artists/(\d+)")),
    ("wikipedia", re.compile(r"([a-z]{2,3}(?:-[a-z]+)?)(?:\.m)?\.wikipedia\.org/wiki/([^?#]+)")),
    ("geonames", re.compile(r"geonames\.org/(\d+)")),
    # The Bibliothèque nationale de France: "catalogue.bnf.fr/ark:/12148/cb11916227m" (8 digits and a check
    # character), "data.bnf.fr/11916227/claude_monet/", "data.bnf.fr/ark:/12148/cb11916227m"
    ("bnf", re.compile(r"bnf\.fr/(?:[a-z/]*/)?ark:/12148/cb(\d{8,9})[0-9a-z]", re.I)),
    ("bnf", re.compile(r"data\.bnf\.fr/(?:[a-z]{2}/)?(\d{8,9})(?:/|$)")),
    # IdRef, the French universities' authority file (SUDOC): "www.idref.fr/026968754"
    ("idref", re.compile(r"idref\.fr/(\d{8}[0-9X])", re.I)),
)

# "viaf.org/viaf/sourceID/LC|n79007257": one member of a VIAF cluster, by VIAF's source code.
_VIAF_SOURCE_ID = re.compile(r"viaf\.org/viaf/sourceID/([A-Z]+)\|([^#/?\s]+)", re.I)
VIAF_SOURCES = {"LC": "lcnaf", "DNB": "gnd", "JPG": "ulan", "WKP": "wikidata", "ISNI": "isni", "BNF": "bnf",
                "SUDOC": "idref"}

_LCNAF = r"(n[abors]?)\s*(\d{8,10})"
_BARE: dict[str, re.Pattern[str]] = {
    "ulan": re.compile(r"^(?:ulan[:/])?(5\d{8})$", re.I),
    "tgn": re.compile(r"^(?:tgn[:/])?(\d{7})$", re.I),
    "aat": re.compile(r"^(?:aat[:/])?(3\d{8})$", re.I),
    "wikidata": re.compile(r"^(?:wd:|wikidata:)?(Q\d+)$", re.I),
    "viaf": re.compile(r"^(?:viaf[:/])?(\d+)$", re.I),
    # A bare number in an LCNAF column is taken as the "n" series (most names; nb/no/nr/ns must be written).
    "lcnaf": re.compile(r"^(?:\(DLC\)|lccn:?\s*)?(n[abors]?|(?=\d))\s*(\d{8,10})$", re.I),
    "lcsh": re.compile(r"^(sh\s*\d+)$", re.I),
    "fast": re.compile(r"^(?:\(OCoLC\))?(?:fst)?0*(\d+)$", re.I),
    "gnd": re.compile(r"^(?:\(DE-588\))?([0-9X-]+)$", re.I),
    "geonames": re.compile(r"^(\d+)$"),
    "rkd": re.compile(r"^(\d+)$"),
    "isni": re.compile(r"^((?:\d{4}[ -]?){3}\d{3}[0-9X])$", re.I),
    "orcid": re.compile(r"^(\d{4}-?\d{4}-?\d{4}-?\d{3}[0-9X])$", re.I),
    "moma": re.compile(r"^(?:moma[:/])?(\d+)$", re.I),
    "wikipedia": re.compile(r"^((?:[a-z]{2,3}:)?.+)$"),
    "bnf": re.compile(r"^(?:(?:ark:/12148/)?cb(\d{8,9})[0-9a-z]|(?:frbnf)?(\d{8,9}))$", re.I),
    "idref": re.compile(r"^(?:\(IdRef\)|\(PPN\))?(\d{8}[0-9X])$", re.I),
}
# Bare values recognisable without a scheme hint (a concordance column of mixed ids).
_SELF_EVIDENT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wikidata", re.compile(r"^(Q\d+)$", re.I)),
    ("lcnaf", re.compile(r"^(?:\(DLC\))?" + _LCNAF + r"$", re.I)),
    ("lcsh", re.compile(r"^(sh\d{8,10})$", re.I)),
    ("ulan", re.compile(r"^(50\d{7})$")),
    ("fast", re.compile(r"^\(OCoLC\)fst0*(\d+)$", re.I)),
    ("gnd", re.compile(r"^\(DE-588\)([0-9X-]+)$", re.I)),
    ("orcid", re.compile(r"^(\d{4}-\d{4}-\d{4}-\d{3}[0-9X])$", re.I)),
    ("isni", re.compile(r"^(\d{4} \d{4} \d{4} \d{3}[0-9X]|\d{15}[0-9X])$", re.I)),
    ("bnf", re.compile(r"^ark:/12148/cb(\d{8,9})[0-9a-z]$", re.I)),  # 12148: the BnF's ARK number
)
# Names a scheme goes by in column headers and prefixes.
SCHEME_ALIASES = {
    "wd": "wikidata", "wiki qid": "wikidata", "qid": "wikidata", "wikidataid": "wikidata", "wikidata_id": "wikidata",
    "ulanid": "ulan", "ulan_id": "ulan", "getty": "ulan", "lc": "lcnaf", "loc": "lcnaf", "lccn": "lcnaf",
    "naf": "lcnaf", "lcnaf_id": "lcnaf", "dnb": "gnd", "viafid": "viaf", "viaf_id": "viaf", "moma constituent": "moma",
    "moma_id": "moma", "wiki": "wikipedia", "wp": "wikipedia", "enwiki": "wikipedia",
    "geonamesid": "geonames", "tgnid": "tgn", "tgn_id": "tgn", "aatid": "aat", "rkdartists": "rkd",
    "ark bnf": "bnf", "bnf_id": "bnf", "frbnf": "bnf", "sudoc": "idref", "ppn": "idref", "idref_id": "idref",
}

# Scheme -> forms recognised (shown in docs/mapping.md, each example checked by the tests).
ACCEPTED_FORMS: dict[str, tuple[str, ...]] = {
    "ulan": ("http://vocab.getty.edu/ulan/500115493", "https://vocab.getty.edu/page/ulan/500115493",
             "500115493 (a ulan column)", "500115493.0 (a ulan column read as numbers)", "ulan:500115493"),
    "wikidata": ("http://www.wikidata.org/entity/Q1345", "https://www.wikidata.org/wiki/Q1345", "Q1345",
                 "wd:Q1345"),
    "viaf": ("http://viaf.org/viaf/66477457", "66477457 (a viaf column)",
             "http://viaf.org/viaf/sourceID/LC|n79007257 (a cluster member: becomes lcnaf:n79007257; "
             "DNB gnd, JPG ulan, WKP wikidata, ISNI isni)"),
    "lcnaf": ("http://id.loc.gov/authorities/names/n79007257", "n79007257", "n 79007257", "(DLC)n 79007257",
              "lcnaf:n79007257", "79007257 (an lcnaf column: taken as n79007257)"),
    "lcsh": ("http://id.loc.gov/authorities/subjects/sh85061212", "sh85061212"),
    "fast": ("http://id.worldcat.org/fast/1204155", "(OCoLC)fst01204155", "fst01204155 (a fast column)"),
    "gnd": ("https://d-nb.info/gnd/118540238", "(DE-588)118540238", "118540238 (a gnd column)"),
    "rkd": ("https://rkd.nl/explore/artists/32439", "32439 (an rkd column)"),
    "isni": ("https://isni.org/isni/0000000121032683", "0000 0001 2103 2683", "0000000121032683"),
    "orcid": ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    "moma": ("https://www.moma.org/artists/2740", "2740 (a moma column)", "moma:2740"),
    "wikipedia": ("https://en.wikipedia.org/wiki/Winslow_Homer (becomes wikipedia:en:Winslow_Homer)",
                  "en:Winslow Homer (a wikipedia column)"),
    "tgn": ("http://vocab.getty.edu/tgn/7008038", "7008038 (a tgn column)"),
    "aat": ("http://vocab.getty.edu/aat/300033618", "300033618 (an aat column)"),
    "geonames": ("https://www.geonames.org/2988507/paris.html", "2988507 (a geonames column)"),
    "bnf": ("https://catalogue.bnf.fr/ark:/12148/cb11916227m (becomes bnf:11916227)",
            "https://data.bnf.fr/11916227/claude_monet/", "ark:/12148/cb11916227m (a bnf column)",
            "11916227 (a bnf column)", "FRBNF11916227 (a bnf column)",
            "http://viaf.org/viaf/sourceID/BNF|11916227 (a VIAF cluster member)"),
    "idref": ("https://www.idref.fr/026968754", "026968754 (an idref column)"),
}


def scheme_name(name: str | None) -> str | None:
    """The scheme a column header or prefix names ("Wiki QID" -> wikidata), or None if unknown."""
    if not name:
        return None
    lowered = name.strip().lower()
    lowered = SCHEME_ALIASES.get(lowered, lowered)
    return lowered if lowered in SCHEMES else None


def scheme_in_header(column: str) -> str | None:
    """The scheme a column header names, whole or as one of its words ("viaf:id", "Artist ULAN URL")."""
    words = [w for w in re.split(r"[^a-z0-9]+", column.lower()) if w]
    return scheme_name(column) or next((found for w in words if (found := scheme_name(w))), None)


def is_placeholder(value: object) -> bool:
    text = str(value).strip().lower()
    return text in PLACEHOLDERS or bool(re.fullmatch(r"0+(\.0+)?", text))


def normalise_id(value: str | int | float | None, scheme: str | None = None) -> str | None:
    """Return "scheme:value" for an identifier or URI, or None if it is not recognisable.

    `scheme` is a hint for bare values (a ULAN column holds "500115493"); URIs name their
    own scheme and need no hint. Placeholders ("0", "none", "n/a", ...) give None.
    """
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN from a CSV cell
            return None
        value = int(value)
    text = str(value).strip()
    if is_placeholder(text):
        return None
    if "://" in text or text.startswith(("vocab.getty", "id.loc.gov", "viaf.org", "www.")) or ".wikipedia.org/" in text:
        return _from_uri(text)
    if scheme:
        scheme = scheme_name(scheme)
        pattern = _BARE.get(scheme) if scheme else None
        if scheme and pattern:
            if text.endswith(".0") and text[:-2].isdigit():
                text = text[:-2]
            if text.lower().startswith(scheme + ":"):
                text = text[len(scheme) + 1:]
            match = pattern.match(text)
            if match:
                return f"{scheme}:{_canonical_value(scheme, ''.join(g for g in match.groups() if g))}"
        return None
    for name, pattern in _SELF_EVIDENT:
        match = pattern.match(text)
        if match:
            return f"{name}:{_canonical_value(name, ''.join(g for g in match.groups() if g))}"
    if ":" in text:
        prefix, _, rest = text.partition(":")
        return normalise_id(rest, prefix) if scheme_name(prefix) else None
    return None


def _from_uri(text: str) -> str | None:
    source_id = _VIAF_SOURCE_ID.search(unquote(text))
    if source_id:  # a VIAF cluster member: name the member's own authority, which sources share
        scheme = VIAF_SOURCES.get(source_id.group(1).upper())
        value = source_id.group(2).replace("+", "").replace(" ", "")  # VIAF pads LC ids: "n++79091094"
        return normalise_id(value, scheme) if scheme else None
    for name, pattern in _URI_PATTERNS:
        match = pattern.search(text)
        if match:
            if name == "wikipedia":
                return f"wikipedia:{match.group(1).lower()}:{_wiki_title(match.group(2))}"
            return f"{name}:{_canonical_value(name, match.group(1))}"
    return None


def _wiki_title(title: str) -> str:
    title = unquote(title).strip().replace(" ", "_").rstrip("/")
    return title[:1].upper() + title[1:]


def _canonical_value(scheme: str, value: str) -> str:
    if scheme == "wikidata":
        return value.upper()
    if scheme == "fast":
        return value.lstrip("0") or "0"
    if scheme == "lcnaf":
        value = value.replace(" ", "").lower()
        return value if value[:1] == "n" else "n" + value
    if scheme == "lcsh":
        return value.replace(" ", "").lower()
    if scheme in ("isni", "orcid"):
        digits = re.sub(r"[^0-9X]", "", value.upper())
        return digits if scheme == "isni" else "-".join(digits[i:i + 4] for i in range(0, 16, 4))
    if scheme == "wikipedia":
        lang, sep, title = value.partition(":")
        if sep and re.fullmatch(r"[a-z]{2,3}", lang):
            return f"{lang}:{_wiki_title(title)}"
        return f"en:{_wiki_title(value)}"
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
