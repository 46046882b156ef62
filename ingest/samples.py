"""What `glamgraph demo` ingests from the sample catalogues (GLAMGRAPH_SAMPLE_DIR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.model import Institution


@dataclass(frozen=True)
class SampleSource:
    path: str  # relative to the sample folder
    format: str
    source: str | None = None
    institution: Institution | None = None


LC = Institution("loc", "Library of Congress", "library")
PRINCETON = Institution("princeton", "Princeton University Library", "library")
STANFORD = Institution("stanford", "Stanford University Libraries", "library")
NLS = Institution("nls", "National Library of Scotland", "library")

MOMA = Institution("moma", "The Museum of Modern Art", "museum")
CIMEC = Institution("inp", "Institutul Național al Patrimoniului", "museum")
LIDO_EXAMPLES = Institution("lido_examples", "LIDO example records", "museum")
LINKED_ART_EXAMPLES = Institution("linked_art_examples", "Linked Art example records", "museum")

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
)


def sample_plan(sample_dir: Path) -> list[SampleSource]:
    """The sample sources that exist under sample_dir."""
    return [s for s in SAMPLE_SOURCES if (sample_dir / s.path).exists()]
