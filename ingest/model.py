"""The common record model every reader yields.

A reader turns one catalogue file into a stream of `Record` (or `Rejected`) values. A Record
carries the entities it names as `Mention`s; each mention has a source-local `alias_key`, the
unit that linking later attaches to one canonical entity. Readers never talk to the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["Person", "Organization", "Place", "Theme"]
Domain = Literal["library", "museum", "archive"]

# How a record relates to an entity it names (graph relationship types).
RECORD_RELATIONS = ("CREATED_BY", "ABOUT", "MADE_IN", "PUBLISHED_IN", "MENTIONS")


@dataclass(slots=True)
class Mention:
    """One entity named by one record (or by a source's authority file).

    `alias_key` identifies the source-local entity: the same MoMA constituent in every
    record gives the same key; a MARC heading gives a key made from its normalised text,
    so the same heading in one catalogue is one alias.
    """

    kind: EntityKind
    alias_key: str
    name: str
    relation: str = "ABOUT"  # one of RECORD_RELATIONS
    role: str | None = None
    as_written: str | None = None
    source_field: str | None = None
    # Normalised authority ids, "scheme:value" (e.g. "ulan:500115493", "wikidata:Q123").
    ids: tuple[str, ...] = ()
    birth_year: int | None = None
    death_year: int | None = None
    nationality: str | None = None
    gender: str | None = None
    bio: str | None = None
    alt_names: tuple[str, ...] = ()
    # A place's coordinates as the source gives them (WGS84 decimal degrees), else None.
    lat: float | None = None
    lon: float | None = None
    # Entity-to-entity edges the source states: ("BROADER", theme), ("WITHIN", place),
    # ("BORN_IN", place), ("DIED_IN", place). The targets become aliases too.
    links: tuple[tuple[str, Mention], ...] = ()


@dataclass(slots=True)
class Record:
    """One catalogue record: a book, an object, a finding aid, or a source's person record.

    `kind` says what the record describes ("text", "painting", "authority", ...). Records of
    kind "authority" (e.g. a row of MoMA's Artists.csv) carry only mentions: they create
    Aliases and canonical entities but no Record node.
    """

    source: str  # preset name: "moma", "nga", "marcxml:<folder>" ...
    institution_id: str
    source_id: str
    domain: Domain
    kind: str = "item"
    title: str | None = None
    date_text: str | None = None
    year_start: int | None = None
    year_end: int | None = None
    # What the date says ("made", "published", "held", "digitised", "dated": ingest.dates.DATE_KINDS)
    # and the same range in EDTF ("1830/1839", "1890~"). year_start/year_end are only ever years of
    # making or publishing (historical years: -2800 is 2800 BCE), never of digitisation.
    date_kind: str | None = None
    date_edtf: str | None = None
    description: str | None = None
    url: str | None = None
    image_url: str | None = None
    rights: str | None = None
    # The licence its source publishes it under (a URI), from the source's Institution when read.
    licence: str | None = None
    file: str | None = None
    position: int | None = None
    ids: tuple[str, ...] = ()
    # The institution's own numbers for the thing, ("accession" | "call" | "system", value); the
    # source_id (without our "object:"-style prefix) counts as a system number when none is given.
    numbers: tuple[tuple[str, str], ...] = ()
    # Object / work types the source gives with a vocabulary URI (AAT), as (uri, label); `kind`
    # stays the local label. Materials (uri or None, label): what the thing is made of, not a type.
    types: tuple[tuple[str, str], ...] = ()
    materials: tuple[tuple[str | None, str], ...] = ()
    mentions: list[Mention] = field(default_factory=list)
    # The institution that holds this object when the file names it (a LIDO repositoryName, a
    # Linked Art object's museum); None: the input's institution. Its id must equal institution_id.
    holder: Institution | None = None
    # A digest of everything the source record says, where the reader can see it all (MARC: every
    # field): two records with one id and the same digest are the same record read twice.
    source_digest: str | None = None
    # Parts of the record that could not be used (the record itself still loads), reported.
    warnings: list[str] = field(default_factory=list)
    # The OAI-PMH header identifier that carried the record, so a later "deleted" header finds it.
    header_id: str | None = None

    @property
    def id(self) -> str:
        return f"{self.source}:{self.source_id}"

    @property
    def is_authority(self) -> bool:
        return self.kind == "authority"


@dataclass(slots=True, frozen=True)
class Rejected:
    """A record a reader could not turn into a Record: kept, with where and why."""

    file: str
    position: int | None
    source_id: str | None
    reason: str
    fatal: bool = False  # True when the rest of the file could not be read either
    deleted: bool = False  # the source says the record was withdrawn (an OAI-PMH "deleted" header)

    def describe(self) -> str:
        where = f"{self.file}"
        if self.position is not None:
            where += f", record {self.position}"
        if self.source_id:
            where += f" ({self.source_id})"
        return f"{where}: {self.reason}"


@dataclass(slots=True, frozen=True)
class Institution:
    id: str
    name: str
    kind: Domain
    # The licence the source publishes its records under (a URI: CC0, CC BY, ...; ingest.rights),
    # carried onto each of its records and exported with them. None: the source does not say.
    licence: str | None = None
