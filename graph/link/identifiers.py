"""Authority identifiers as links a person can follow ("ulan:500115493" -> the ULAN page)."""

from __future__ import annotations

URL_TEMPLATES = {
    "ulan": "https://vocab.getty.edu/page/ulan/{}",
    "tgn": "https://vocab.getty.edu/page/tgn/{}",
    "aat": "https://vocab.getty.edu/page/aat/{}",
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "lcnaf": "https://id.loc.gov/authorities/names/{}.html",
    "lcsh": "https://id.loc.gov/authorities/subjects/{}.html",
    "fast": "https://id.worldcat.org/fast/{}",
    "gnd": "https://d-nb.info/gnd/{}",
    "rkd": "https://rkd.nl/explore/artists/{}",
    "geonames": "https://www.geonames.org/{}",
    "bnf": "https://data.bnf.fr/{}",
    "idref": "https://www.idref.fr/{}",
}
NAMES = {"ulan": "ULAN", "tgn": "TGN", "aat": "AAT", "wikidata": "Wikidata", "viaf": "VIAF", "lcnaf": "LC Names",
         "lcsh": "LCSH", "fast": "FAST", "gnd": "GND", "rkd": "RKD", "geonames": "GeoNames",
         "bnf": "BnF", "idref": "IdRef"}


def link(identifier: str) -> tuple[str, str, str | None]:
    """(scheme name, value, URL or None) for a normalised "scheme:value" id."""
    scheme, _, value = identifier.partition(":")
    template = URL_TEMPLATES.get(scheme)
    return NAMES.get(scheme, scheme), value, template.format(value) if template and value else None
