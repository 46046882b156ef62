"""What `glamgraph demo` ingests from the sample catalogues (GLAMGRAPH_SAMPLE_DIR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.model import Institution
from ingest.rights import CC0, CC_BY_4, PUBLIC_DOMAIN_MARK

# Licences of the sample sources as data/README.md gives them (the repositories' licence files
# where a source states none of its own; None where nothing is stated).
APACHE_2 = "https://www.apache.org/licenses/LICENSE-2.0"
BSD_3 = "https://opensource.org/licenses/BSD-3-Clause"
MIT = "https://opensource.org/licenses/MIT"


@dataclass(frozen=True)
class SampleSource:
    path: str  # relative to the sample folder
    format: str
    source: str | None = None
    institution: Institution | None = None


LC = Institution("loc", "Library of Congress", "library", CC0)
LC_PUBLIC_DOMAIN = Institution("loc", "Library of Congress", "library", PUBLIC_DOMAIN_MARK)
PRINCETON = Institution("princeton", "Princeton University Library", "library", BSD_3)
STANFORD = Institution("stanford", "Stanford University Libraries", "library", APACHE_2)
NLS = Institution("nls", "National Library of Scotland", "library", CC0)
OPEN_LIBRARY = Institution("openlibrary", "Internet Archive / Open Library", "library")
UF = Institution("uf", "University of Florida Libraries", "library", CC0)
UTK = Institution("utk", "University of Tennessee Libraries", "library")
NYPL = Institution("nypl", "The New York Public Library", "library", CC0)
PRINCETON_ARCHIVES = Institution("princeton_archives", "Princeton University Library Special Collections", "archive",
                                 APACHE_2)

# DPLA hub harvests (dpla/ingestion3 test data): one institution per hub file.
DPLA_HUBS: tuple[tuple[str, str, str], ...] = (
    ("in.xml", "dpla_in", "Indiana Memory (DPLA hub)"),
    ("michigan.xml", "dpla_michigan", "Michigan Service Hub (DPLA)"),
    ("mt.xml", "dpla_mt", "Montana Memory Project (DPLA hub)"),
    ("nc.xml", "dpla_nc", "North Carolina Digital Heritage Center (DPLA hub)"),
    ("oai-page.xml", "harvard_librarycloud", "Harvard Library (LibraryCloud)"),
    ("oai-sets.xml", "harvard_librarycloud", "Harvard Library (LibraryCloud)"),
    ("rumsey.xml", "dpla_rumsey", "David Rumsey Map Collection (DPLA)"),
    ("tn.xml", "dpla_tn", "Digital Library of Tennessee (DPLA hub)"),
    ("txdl.xml", "dpla_txdl", "Texas Digital Library (DPLA hub)"),
    ("vt.xml", "dpla_vt", "Green Mountain Digital Archive (DPLA hub)"),
    ("wi.xml", "dpla_wi", "Ohio Digital Network (DPLA hub; stored as wi.xml)"),
    ("nara.xml", "dpla_nara", "National Archives and Records Administration"),
    ("si.xml", "dpla_si", "Smithsonian Institution"),
)

MOMA = Institution("moma", "The Museum of Modern Art", "museum", CC0)
CIMEC = Institution("inp", "Institutul Național al Patrimoniului", "museum", CC0)
LIDO_EXAMPLES = Institution("lido_examples", "LIDO example records", "museum")
LINKED_ART_EXAMPLES = Institution("linked_art_examples", "Linked Art example records", "museum", CC_BY_4)

# Sources whose records are software test data or documentation examples, not a catalogue: the
# Library of Congress records of the marc2bibframe2 converter's conversion tests and of pymarc's
# tests (with crafted edge cases), and the LIDO / Linked Art example files. They load (the readers
# are tested on them) but the pair finder leaves them out.
TEST_SOURCES: tuple[str, ...] = ("loc_marc2bibframe2", "loc_pymarc", "lido_examples", "linked_art_examples")

SAMPLE_SOURCES: tuple[SampleSource, ...] = (
    SampleSource("moma", "moma"),
    SampleSource("nga", "nga"),
    SampleSource("tate", "tate"),
    SampleSource("cmoa", "cmoa"),
    SampleSource("aic", "aic"),
    # LIDO records name their holding museum; the institution here is only the fallback.
    SampleSource("lido_inp_romania", "lido", "lido_romania", CIMEC),
    SampleSource("lido_examples", "lido", "lido_examples", LIDO_EXAMPLES),
    SampleSource("linked_art_moma_exhibitions", "linked_art", "la_moma_exh", MOMA),
    SampleSource("linked_art_examples", "linked_art", "linked_art_examples", LINKED_ART_EXAMPLES),
    SampleSource("library_marc/lc_marc2bibframe2_testdata", "marcxml", "loc_marc2bibframe2", LC),
    SampleSource("library_marc/princeton_bibdata", "marcxml", "princeton", PRINCETON),
    SampleSource("library_marc/stanford_searchworks", "marcxml", "stanford", STANFORD),
    SampleSource("library_nls_datafoundry", "marcxml", "nls", NLS),
    # Library of Congress records from pymarc's tests, in its three serialisations (+ broken edge cases).
    SampleSource("library_marc/pymarc_test", "marc21", "loc_pymarc", LC_PUBLIC_DOMAIN),
    SampleSource("library_marc/pymarc_test", "marcjson", "loc_pymarc", LC_PUBLIC_DOMAIN),
    SampleSource("library_marc/pymarc_test", "marcxml", "loc_pymarc", LC_PUBLIC_DOMAIN),
    SampleSource("library_marc/openlibrary/bin_input", "marc21", "openlibrary", OPEN_LIBRARY),
    SampleSource("library_marc/openlibrary/xml_input", "marcxml", "openlibrary", OPEN_LIBRARY),
    SampleSource("library_uf_marc", "marc21", "uf", UF),
    SampleSource("library_utk_archivision/mods", "mods", "utk_archivision", UTK),
    SampleSource("library_nypl_collections", "nypl", "nypl", NYPL),
    SampleSource("library_princeton_ead", "ead", "princeton_ead", PRINCETON_ARCHIVES),
    *(
        SampleSource(f"dc_oai_dpla/{file}", "oai", source, Institution(source, name, "archive" if "Archives" in name
                                                                       else "museum" if "Smithsonian" in name
                                                                       else "library", MIT))
        for file, source, name in DPLA_HUBS
    ),
)


def sample_plan(sample_dir: Path) -> list[SampleSource]:
    """The sample sources that exist under sample_dir."""
    return [s for s in SAMPLE_SOURCES if (sample_dir / s.path).exists()]
