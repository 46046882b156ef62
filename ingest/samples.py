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

SAMPLE_SOURCES: tuple[SampleSource, ...] = (
    SampleSource("moma", "moma"),
    SampleSource("nga", "nga"),
    SampleSource("library_marc/lc_marc2bibframe2_testdata", "marcxml", "loc_marc2bibframe2", LC),
    SampleSource("library_marc/princeton_bibdata", "marcxml", "princeton", PRINCETON),
    SampleSource("library_marc/stanford_searchworks", "marcxml", "stanford", STANFORD),
    SampleSource("library_nls_datafoundry", "marcxml", "nls", NLS),
)


def sample_plan(sample_dir: Path) -> list[SampleSource]:
    """The sample sources that exist under sample_dir."""
    return [s for s in SAMPLE_SOURCES if (sample_dir / s.path).exists()]
