"""Normalisers on real headings from the sample (each string is checked to occur in the data)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.marc_mapping import MarcField, _subject_mentions
from ingest.normalise import (
    direct_order,
    looks_like_building,
    looks_like_organisation,
    parse_bio,
    parse_life_dates,
    parse_person_name,
    parse_place,
    split_attribution,
    split_dates,
    split_life_dates,
    split_post_nominals,
    split_subject,
)

# (heading as it occurs in the data, display name, born, died)
NAME_HEADINGS = [
    ("Cocking, Thomas, active approximately 1783-1791", "Thomas Cocking", None, None),
    ("Galloway, Alan MacDonald, Lord of, 1186-1284", "Alan MacDonald, Lord of Galloway", 1186, 1284),
    ("Charles II, King of England, 1630-1685", "Charles II, King of England", 1630, 1685),
    ("Waltheof, Abbot of Melrose, approximately 1095-1159", "Waltheof, Abbot of Melrose", 1095, 1159),
    ("Houison, Alexander, -1687", "Alexander Houison", None, 1687),
    ("Wyndham, Frederick W. P., 1853-1930", "Frederick W. P. Wyndham", 1853, 1930),
    ("Mitchell, William, mason", "William Mitchell", None, None),
    ("Lecocq, Charles, 1832-1918", "Charles Lecocq", 1832, 1918),
    ("Scribe, Eugène, 1791-1861", "Eugène Scribe", 1791, 1861),
    ("Rowe, George F. (George Fawcett)", "George F. Rowe", None, None),
    ("Andersen, H. C.", "H. C. Andersen", None, None),
    ("Laurence, Dan H.", "Dan H. Laurence", None, None),
    ("Welliver, Neil.", "Neil Welliver", None, None),
]


def _occurs(sample_dir: Path, text: str) -> bool:
    found = subprocess.run(["grep", "-rqF", text, str(sample_dir)], check=False)
    return found.returncode == 0


@pytest.mark.parametrize(("heading", "display", "born", "died"), NAME_HEADINGS)
def test_name_headings(sample_dir: Path, heading: str, display: str, born: int | None, died: int | None) -> None:
    assert _occurs(sample_dir, heading.split(",")[0] + ","), heading
    parsed = parse_person_name(heading)
    assert parsed.name == display
    assert (parsed.dates.born if parsed.dates else None, parsed.dates.died if parsed.dates else None) == (born, died)


@pytest.mark.parametrize(("label", "name", "born", "died"), [
    ("Winslow Homer (American, 1836-1910)", "Winslow Homer", 1836, 1910),
    ("Homer, Winslow (American painter, 1836 - 1910)", "Homer, Winslow", 1836, 1910),
    ("Yayoi Kusama (Japanese, born 1929)", "Yayoi Kusama", 1929, None),
    ("Lewis Carroll (Charles Lutwidge Dodgson) (1832-1898)", "Lewis Carroll (Charles Lutwidge Dodgson)", 1832, 1898),
    ("Winslow Homer\nAmerican, 1836–1910", "Winslow Homer", 1836, 1910),  # the label's lines below the name
    ("Homer, Winslow, 1836-1910, artist.", "Homer, Winslow", 1836, 1910),  # a relator term after the dates
    ("Homer, Winslow, 1836-1910, author, illustrator", "Homer, Winslow", 1836, 1910),
    ("Caylus, Anne-Claude-Philippe de Tubières, comte de, 1692-1765",
     "Caylus, Anne-Claude-Philippe de Tubières, comte de", 1692, 1765),  # a title before the dates stays
    # the nationality between name and dates, with commas (it was "American Winslow Homer")
    ("Winslow Homer, American, 1836-1910", "Winslow Homer", 1836, 1910),
    ("Grant, Duncan, British, 1885-1978", "Grant, Duncan", 1885, 1978),
    ("Lyonel Feininger, American, born Germany, 1871-1956", "Lyonel Feininger", 1871, 1956),
    ("Master of Flémalle, South Netherlandish, 1375-1444", "Master of Flémalle", 1375, 1444),
    ("Takis, Greek, 1925-", "Takis", 1925, None),  # a mononym's label
    # a given name that is a nationality word too, in an inverted heading, stays the given name
    ("Vishniac, Roman, 1897-1990", "Vishniac, Roman", 1897, 1990),
    ("Cueto, Germán, 1893-1975", "Cueto, Germán", 1893, 1975),
    ("Colman, Norman J., 1827-1911", "Colman, Norman J.", 1827, 1911),  # University of Florida's MARC
    # a bio of several parts: each year goes with its own word (the first part's year was lost)
    ("Quillon, Vera (b. 1836, d. 1910)", "Quillon, Vera", 1836, 1910),
    ("Vera Quillon, American, born 1836, died 1910", "Vera Quillon", 1836, 1910),
    ("Ostler, Anna, born 1266 or 1267, died 1337", "Ostler, Anna", 1266, 1337),  # Archivision's date part
    # a bio in square brackets, or with the places of birth and death around the years
    ("Vera Quillon [American, 1836-1910]", "Vera Quillon", 1836, 1910),
    ("Anna Ostler (Leiden 1606 - Amsterdam 1669)", "Anna Ostler", 1606, 1669),
    ("Anna Ostler (Boston, Massachusetts, 1836 - 1910, Prouts Neck, Maine)", "Anna Ostler", 1836, 1910),
    # LC's abbreviated alternative year ("1564 or 5"), a nationality after a semicolon
    ("Ostler, Anna, 1564 or 5-1654", "Ostler, Anna", 1564, 1654),
    ("Quillon, Vera, 1763-1848 or 9", "Quillon, Vera", 1763, 1848),
    ("Quillon, Vera; American; 1836-1910", "Quillon, Vera", 1836, 1910),
    # other languages' date words and signs (the death was lost or read as a second birth)
    ("Quillon, Vera (* 1836, † 1910)", "Quillon, Vera", 1836, 1910),
    ("Vera Quillon * 1836 † 1910", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (geb. 1836, gest. 1910)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon, née en 1836, morte en 1910", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (nata nel 1836 a Roma - morta nel 1910)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon, född 1836, död 1910", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (syntynyt 1836, kuollut 1910)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (nacida en 1836, fallecida en 1910)", "Vera Quillon", 1836, 1910),
    # a day and a month before each year
    ("Vera Quillon, 14.11.1836 - 5.12.1910", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (14 novembre 1836 - 5 décembre 1910)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (November 14, 1836 – December 5, 1910)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (1836-11-14 - 1910-12-05)", "Vera Quillon", 1836, 1910),
    # a qualifier after the dates: a nationality, a lower-case role, a bracketed attribution
    ("Vera Quillon (1836-1910), French", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (1836-1910) peintre", "Vera Quillon", 1836, 1910),
    ("Vera Quillon (1836-1910) (attributed)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon 1836 - 1910 (French)", "Vera Quillon", 1836, 1910),
    # a label's lower-case description in another language, or an occupation, after the name
    ("Vera Quillon, peintre française, 1836-1910", "Vera Quillon", 1836, 1910),
    ("Vera Quillon, deutsche Malerin, 1836-1910", "Vera Quillon", 1836, 1910),
    ("Vera Quillon, pittrice italiana (1836-1910)", "Vera Quillon", 1836, 1910),
    ("Vera Quillon, painter, 1836-1910", "Vera Quillon", 1836, 1910),
    # a date word that is the surname, capitalised right after the given name
    ("Max Born 1882-1970", "Max Born", 1882, 1970),
    ("Jean Nato 1936", "Jean Nato", 1936, None),
])
def test_a_maker_label_keeps_the_name_before_the_bracket_of_nationality_and_dates(
        label: str, name: str, born: int | None, died: int | None) -> None:
    """Museum labels write a maker as "Name (Nationality, dates)" or with the bio on the line below, and
    library headings may end with a relator: all of it goes with the dates, not into the name (it was
    "Winslow Homer (American", "Winslow Homer\nAmerican", "Homer, Winslow, 1836-1910, artist")."""
    found, dates = split_dates(label)
    assert found == name and dates is not None and (dates.born, dates.died) == (born, died)


@pytest.mark.parametrize(("label", "name"), [
    ("Quillon, Vera, 19th century", "Quillon, Vera"),
    ("Veronese 16th Century", "Veronese 16th Century"),  # NGA's anonymous hands: a culture and a time
    ("Unknown, 20th Century", "Unknown, 20th Century"),
    ("Richardson, James S., 19th cent.", "Richardson, James S."),  # LC's abbreviation
    ("Vera Quillon (active 1890s)", "Vera Quillon (active 1890s)"),  # a decade is no year of birth
    ("French, 18th century", "French, 18th century"),
    # a meeting's bracket is no bio
    ("Congress of Ruritanists (3rd : 1879 : Strelsau)", "Congress of Ruritanists (3rd : 1879 : Strelsau)"),
])
def test_a_century_or_a_decade_gives_no_life_dates(label: str, name: str) -> None:
    assert split_dates(label) == (name, None)


@pytest.mark.parametrize(("label", "active"), [
    ("Vera Quillon (actif 1860-1890)", (1860, 1890)),
    ("Vera Quillon (tätig 1860-1890)", (1860, 1890)),
    ("Maestro di Quillon, attivo 1270-1290", (1270, 1290)),
])
def test_other_languages_active_years_are_no_life(label: str, active: tuple[int, int]) -> None:
    """"actif" / "tätig" / "attivo" years are when someone worked, not born and died (they were read as
    a life)."""
    _, dates = split_dates(label)
    assert dates is not None and (dates.born, dates.died) == (None, None)
    assert (dates.active_from, dates.active_to) == active


def test_a_capitalised_description_word_may_be_a_name() -> None:
    """"Quillon, Painter" (a surname Painter) and "Ostler, Vera, Engels" keep their words: only a lower-case
    description is one."""
    for label in ("Quillon, Painter", "Ostler, Vera, Engels"):
        assert split_dates(label) == (label, None)


def test_words_after_the_dates_that_name_someone_stay() -> None:
    """A bracket with a capitalised name, or a second name, after the dates is not a qualifier."""
    for label in ("Lewis Carroll, 1832-1898 (Charles Lutwidge Dodgson)", "Vera Quillon (1836-1910), Anna Ostler"):
        assert split_dates(label) == (label, None)


@pytest.mark.parametrize(("text", "maker", "qualifier"), [
    ("Workshop of Rogier van der Weyden", "Rogier van der Weyden", "workshop of"),
    ("Attributed to Winslow Homer", "Winslow Homer", "attributed to"),
    ("Copy after Titian", "Titian", "copy after"),
    ("Manner of Joseph Wright of Derby", "Joseph Wright of Derby", "manner of"),
    ("Rembrandt van Rijn and Workshop", "Rembrandt van Rijn", "and workshop"),
    ("School of Bernard Palissy", "Bernard Palissy", "school of"),
    # bodies whose names start or end so, and a name that only looks like a qualifier
    ("School of the Art Institute of Chicago", "School of the Art Institute of Chicago", None),
    ("School of Architecture, Catholic University of Valparaiso",
     "School of Architecture, Catholic University of Valparaiso", None),
    ("After Dark Studios", "After Dark Studios", None),
    ("Afterimage Collective", "Afterimage Collective", None),
    # the other languages catalogues are written in, before or after the name
    ("Werkstatt des Ada Quillmann", "Ada Quillmann", "werkstatt des"),
    ("attribué à Bruno Vesk", "Bruno Vesk", "attribué à"),
    ("d'après Bruno Vesk", "Bruno Vesk", "d'après"),
    ("Bottega di Tiit Vesk", "Tiit Vesk", "bottega di"),
    ("toegeschreven aan Ada Quillmann", "Ada Quillmann", "toegeschreven aan"),
    ("Tiit Vesk und Werkstatt", "Tiit Vesk", "and werkstatt"),
    ("Quillmann, Ada (attributed to)", "Quillmann, Ada", "attributed to"),
    ("Quillmann, Ada, workshop of", "Quillmann, Ada", "workshop of"),
    ("Tiit Vesk (Werkstatt)", "Tiit Vesk", "werkstatt"),
    # a movement named by its place, and names that only start like a qualifier
    ("École de Paris", "École de Paris", None),
    ("School of Paris", "School of Paris", None),
    ("Nacht, Hans", "Nacht, Hans", None),
    ("Kreis, Anna", "Kreis, Anna", None),
])
def test_an_attribution_qualifier_is_split_off_the_makers_name(text: str, maker: str, qualifier: str | None) -> None:
    assert split_attribution(text) == (maker, qualifier)


def test_active_dates_are_not_life_dates() -> None:
    dates = parse_person_name("Cocking, Thomas, active approximately 1783-1791").dates
    assert dates is not None and (dates.active_from, dates.active_to, dates.approximate) == (1783, 1791, True)
    # the older tuple API keeps working, and no longer calls flourished years birth and death
    assert split_life_dates("Homer, Winslow, 1836-1910") == ("Homer, Winslow", 1836, 1910)
    assert split_life_dates("Cocking, Thomas, active approximately 1783-1791") == ("Cocking, Thomas", None, None)
    assert split_life_dates("Nirāqī, Aḥmad ibn Muḥammad Mahdī, 1771 or 1772-1828 or 1829")[1:] == (1771, 1828)
    assert split_life_dates("Pap, Károly, 1897-1944?") == ("Pap, Károly", 1897, 1944)
    assert split_life_dates("Muḥammad, Zakarīyā, 1951-") == ("Muḥammad, Zakarīyā", 1951, None)


@pytest.mark.parametrize(("bio", "nationality", "born", "died"), [
    ("American, 1910–1988", "American", 1910, 1988),  # MoMA ArtistBio
    ("Dutch, born 1985", "Dutch", 1985, None),
    ("Nationality unknown", None, None, None),
    ("born 1930", None, 1930, None),  # Tate dates
    ("1898–1991", None, 1898, 1991),
])
def test_museum_bios(bio: str, nationality: str | None, born: int | None, died: int | None) -> None:
    nat, dates = parse_bio(bio)
    assert nat == nationality
    assert (dates.born if dates else None, dates.died if dates else None) == (born, died)


@pytest.mark.parametrize(("text", "expected"), [
    # (born, died, active_from, active_to): a whole bio in a mapped `dates` column
    ("Austrian-American, 1935–1997", (1935, 1997, None, None)),  # a hyphen in the nationality is no range
    ("Cuban-American, born 1960", (1960, None, None, None)),
    ("b. 1900, d. 1950", (1900, 1950, None, None)),
    ("American, born c. 1763, active 1796 - 1824", (1763, None, 1796, 1824)),
    ("Sienese, active from 1389 - died 1428", (None, 1428, 1389, None)),
    ("Italian, active 1572, died 1624", (None, 1624, 1572, 1572)),
    ("American, born c. 1890, died early 1950s", (1890, 1950, None, None)),
    ("Armenian, active in France, 1905–1968", (1905, 1968, None, None)),  # "active in": a place, then a life
    ("American, born Germany. Active 1867–1947", (None, None, 1867, 1947)),  # the date word nearest the years
    ("American, active, 1892–1972", (None, None, 1892, 1972)),  # a date word alone names the next years
    ("Greek, active before 700 B.C.", (None, None, 700, 700)),  # "B.C." is not "b." (born)
    ("Hispano-Flemish, active 1496 - 1519", (None, None, 1496, 1519)),
])
def test_life_dates_of_a_whole_bio(text: str, expected: tuple[int | None, ...]) -> None:
    dates = parse_life_dates(text)
    assert dates is not None and (dates.born, dates.died, dates.active_from, dates.active_to) == expected


def test_life_date_words() -> None:
    assert parse_life_dates("d. 1910").died == 1910
    assert parse_life_dates("b. 1850").born == 1850
    assert parse_life_dates("fl. 1850").active_from == 1850
    assert parse_life_dates("c. 1876-1967").approximate  # CMOA provenance "[c. 1876-1967]"
    assert parse_life_dates("no year here") is None


def test_display_names_and_honorifics() -> None:
    homer = parse_person_name("Winslow Homer (American, 1836–1910)")
    assert (homer.name, homer.nationality, homer.dates.born, homer.dates.died) == ("Winslow Homer", "American", 1836, 1910)
    assert parse_person_name("Mrs. Samuel Rosenberg").name == "Samuel Rosenberg"  # CMOA provenance
    assert parse_person_name("Mrs. Samuel Rosenberg").honorific == "Mrs."
    assert direct_order("Corbusier, Le") == "Le Corbusier"  # UTK Archivision
    assert direct_order("Buonarroti, Michelangelo") == "Michelangelo Buonarroti"
    assert direct_order("Smith, John, Jr.") == "John Smith Jr."
    assert direct_order("Davis, George B. (George Breckenridge)") == "George B. Davis"


@pytest.mark.parametrize(("name", "bare", "letters", "display"), [
    ("John, Augustus, OM", "John, Augustus", "OM", "Augustus John, OM"),  # Tate, inverted
    ("Hall, Michael, Esq.", "Hall, Michael", "Esq.", "Michael Hall, Esq."),
    ("Michael Hall, Esq.", "Michael Hall", "Esq.", "Michael Hall, Esq."),  # was "Esq. Michael Hall"
    ("Henry Moore OM, CH", "Henry Moore", "OM, CH", "Henry Moore, OM, CH"),  # "CH" beside another honour
    ("Gordon, Sir Harry Percy, 2nd Bt", "Gordon, Sir Harry Percy", "2nd Bt", "Sir Harry Percy Gordon, 2nd Bt"),
    ("Vera Quillon, Ph.D.", "Vera Quillon", "Ph.D.", None),
    ("Ottilie Brandauer M.D.", "Ottilie Brandauer", "M.D.", None),
    # not honours: initials, a monogrammist, names, a state, a company form
    ("Goode, M.A.", "Goode, M.A.", "", "M.A. Goode"),
    ("Master M.P.", "Master M.P.", "", None),
    ("Ma Yuan", "Ma Yuan", "", None),
    ("Hedwin Corp., Baltimore, MD", "Hedwin Corp., Baltimore, MD", "", None),
    ("Teepack GmbH & Co. KG", "Teepack GmbH & Co. KG", "", None),
])
def test_honours_and_degrees_after_a_name(name: str, bare: str, letters: str, display: str | None) -> None:
    assert split_post_nominals(name) == (bare, letters)
    if display is not None:
        assert direct_order(name) == display


@pytest.mark.parametrize(("name", "bio", "organisation"), [
    ("Emigre Inc.", "American, founded 1987", True),  # MoMA
    ("Carnegie and Co., Bazaar Decorators (Newcastle on Tyne, England)", None, True),  # NLS 600
    ("St. Machar's Cathedral (Aberdeen, Scotland)", None, True),  # NLS 600: a building, not a person
    ("Foster Charitable Trust Fund", None, True),  # CMOA credit line
    ("Winslow Homer", "American, 1836–1910", False),
    ("Hubert O'Grady", None, False),
])
def test_organisations(name: str, bio: str | None, organisation: bool) -> None:
    assert looks_like_organisation(name, bio) is organisation


@pytest.mark.parametrize(("heading", "building"), [
    ("St. Machar's Cathedral (Aberdeen, Scotland)", True),  # NLS 600
    ("Dunfermline Abbey (Dunfermline, Scotland)", True),
    ("White House (Washington, D.C.)", True),  # NLS 610
    ("Seal, David Abbey", False),  # NLS 600, a circus performer whose middle name is a building word
    ("Abbey, Edwin Austin", False),
])
def test_buildings_catalogued_as_names(heading: str, building: bool) -> None:
    assert looks_like_building(heading) is building


@pytest.mark.parametrize(("text", "name", "within", "place_type"), [
    ("Paris (France)", "Paris", ("France",), None),
    ("France -- Paris", "Paris", ("France",), None),
    # NYPL subjectGeographic: LCSH subdivisions after the place are not places
    ("France -- Biography -- Portraits", "France", (), None),
    ("Southern States -- Maps", "Southern States", (), None),
    ("Scotland -- Edinburgh -- Social life and customs", "Edinburgh", ("Scotland",), None),
    ("United States -- History -- Civil War, 1861-1865", "United States", (), None),
    ("Paris, Île-de-France", "Paris", ("Île-de-France",), None),
    # NLS 651 $2 TGN, broadest first, with a Getty place type
    ("Europe, United Kingdom, Scotland, Fife, Crail (inhabited place)", "Crail",
     ("Fife", "Scotland", "United Kingdom", "Europe"), "inhabited place"),
    # CMOA birth places
    ("Philadelphia (Philadelphia county, Pennsylvania, United States)", "Philadelphia",
     ("Philadelphia county", "Pennsylvania", "United States"), None),
    ("Pittsburgh PA", "Pittsburgh", ("Pennsylvania",), None),
    ("Johnstown, PA", "Johnstown", ("Pennsylvania",), None),
    ("Germany (Europe)", "Germany", ("Europe",), None),
    # LC qualifiers
    ("Kenwood (Chicago, Ill.)", "Kenwood", ("Chicago", "Illinois"), None),
    ("Princeton (N.J.).", "Princeton", ("New Jersey",), None),
    ("Korea (South)", "Korea (South)", (), None),
    ("Henan Sheng (China)", "Henan Sheng", ("China",), None),
])
def test_places(text: str, name: str, within: tuple[str, ...], place_type: str | None) -> None:
    place = parse_place(text)
    assert place is not None
    assert (place.name, place.within, place.place_type) == (name, within, place_type)


@pytest.mark.parametrize("text", ["Maps", "Maps.", "History -- Maps", "Social life and customs"])
def test_a_subdivision_alone_is_no_place(text: str) -> None:
    assert parse_place(text) is None  # NYPL files "Maps" (sh99002035) as a geographic subject


def test_ugly_places() -> None:
    batinska = parse_place("Batinska, Yugoslavia, present-day Croatia")  # CMOA
    assert (batinska.name, batinska.within, batinska.modern_name) == ("Batinska", ("Yugoslavia",), "Croatia")
    assert parse_place(" Tokyo (To-kyo- metropolis, Kanto, Japan)").name == "Tokyo"
    assert parse_place("[London]").name == "London"
    assert parse_place("  ") is None


def test_subject_facets() -> None:
    heading = split_subject([("a", "Henan Sheng (China)"), ("x", "Economic conditions"), ("y", "21st century"),
                             ("v", "Periodicals.")])
    assert heading.topic == ("Henan Sheng (China)", "Economic conditions")
    assert (heading.periods, heading.forms) == (("21st century",), ("Periodicals",))
    arabic = split_subject([("a", "Arabic fiction"), ("z", "Syria"), ("x", "History and criticism.")])
    assert (arabic.label, arabic.places) == ("Arabic fiction -- History and criticism", ("Syria",))


def test_650_facets_become_separate_nodes() -> None:
    field = MarcField("650", " ", "0", [("a", "Arabic fiction"), ("z", "Syria"), ("x", "History and criticism."),
                                         ("y", "20th century"), ("v", "Periodicals.")])
    mentions = _subject_mentions("t", field)
    by_field = {m.source_field: m for m in mentions}
    topic = by_field["650"]
    assert topic.name == "Arabic fiction -- History and criticism"
    assert [(rel, t.name) for rel, t in topic.links] == [("BROADER", "Arabic fiction")]
    assert by_field["650$z"].name == "Syria" and by_field["650$z"].kind == "Place"
    assert (by_field["650$y"].name, by_field["650$y"].role) == ("20th century", "period")
    assert (by_field["650$v"].name, by_field["650$v"].role) == ("Periodicals", "form")
    # the same concept from another heading is the same alias (one Theme node per concept)
    other = _subject_mentions("t", MarcField("650", " ", "0", [("a", "Arabic fiction"), ("v", "Periodicals.")]))
    assert {m.alias_key for m in other} <= {m.alias_key for m in mentions} | {topic.links[0][1].alias_key}


def test_651_tgn_string_gives_within_chain_and_made_in() -> None:
    field = MarcField("651", " ", "7", [
        ("a", "Europe, United Kingdom, Scotland, Fife, Dunfermline (inhabited place)"),
        ("e", "Place written, created, manufactured, produced, taken (of photographs), etc"), ("2", "TGN")])
    (place,) = _subject_mentions("nls", field)
    # the TGN place type stays with the name: "Beauly (river)" and "Beauly (inhabited place)" are two places
    assert (place.name, place.relation) == ("Dunfermline (inhabited place)", "MADE_IN")
    chain, node = [], place
    while node.links:
        node = node.links[0][1]
        chain.append(node.name)
    assert chain == ["Fife", "Scotland", "United Kingdom", "Europe"]


def test_nls_sample_places_have_chains(sample_dir: Path) -> None:
    from ingest.model import Institution
    from ingest.readers.marcxml import read

    path = sample_dir / "library_nls_datafoundry" / "hutton_drawings_marc.xml"
    places = [m for r in read(path, source="nls", institution=Institution("nls", "NLS", "library"))
              for m in r.mentions if m.kind == "Place" and m.source_field == "651"]
    assert places, "the NLS Hutton drawings have 651 places"
    assert all("," not in p.name for p in places)  # no raw TGN strings left as names
    assert sum(1 for p in places if p.links) / len(places) > 0.9


def test_a_placeholder_title_is_no_title() -> None:
    """NLS writes "NLSBLANK" in 245 where a record has no title: the record gets none, not that word."""
    from ingest.marc_mapping import record_from_fields
    from ingest.model import Institution

    def record(title: str):
        fields = [MarcField("001", " ", " ", [("", "1")]), MarcField("245", "0", "0", [("a", title)])]
        return record_from_fields("00000nkm a2200000 i 4500", fields, source="t", institution=Institution("t", "T", "library"),
                                  file="f.xml", position=1)

    assert record("NLSBLANK").title is None
    assert record("Candidate").title == "Candidate"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_fold_of_ascii_text_takes_a_shortcut_to_the_same_result(text: str) -> None:
    from ingest.normalise import _fold_unicode, fold

    assert fold.__wrapped__(text) == _fold_unicode(text)


@pytest.mark.parametrize(("text", "born", "died"), [
    ("1836-11-14/1910-12-05", 1836, 1910),  # EDTF's interval of two days, as a dates column may hold it
    ("born 1836/1880", 1836, None),  # NGA's window of a birth: two years with a slash are no life
    ("November 14, 1836 - December 5, 1910", 1836, 1910),  # the day's number was read as no year
    ("1836/1837", 1836, None),  # one year or the next
    ("ca. 1450/1460-1516", 1450, 1516),
])
def test_a_dates_column_written_with_days_or_a_window(text: str, born: int, died: int | None) -> None:
    dates = parse_life_dates(text)
    assert dates is not None and (dates.born, dates.died) == (born, died)
