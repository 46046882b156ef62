"""Aliases: the source-local entities that linking attaches to canonical nodes.

Mentions of one alias in many records are merged into one `AliasInfo` (the richest values
win); linking then works on AliasInfo values only, never on database rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.model import Mention


@dataclass(slots=True)  # millions at scale: no per-instance dict
class AliasInfo:
    key: str
    kind: str
    name: str
    source: str
    institution: str
    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    birth_year: int | None = None
    death_year: int | None = None
    nationality: str | None = None
    gender: str | None = None
    bio: str | None = None
    lat: float | None = None  # places: coordinates a source gives
    lon: float | None = None

    @classmethod
    def from_mention(cls, mention: Mention, source: str, institution: str) -> AliasInfo:
        info = cls(mention.alias_key, mention.kind, mention.name, source, institution)
        info.absorb(mention)
        return info

    def absorb(self, mention: Mention) -> None:
        """Add what another mention of the same alias says."""
        self._absorb(mention.ids, (mention.name, *mention.alt_names), mention.birth_year, mention.death_year,
                     mention.nationality, mention.gender, mention.bio, mention.lat, mention.lon)

    def absorb_contribution(self, c: dict[str, Any]) -> None:
        """`absorb` for a mention's contribution as the sync state keeps it (graph.record_rows), without
        making a Mention of it first."""
        self._absorb(c.get("ids", ()), (c["name"], *c.get("alt_names", ())), c.get("birth_year"),
                     c.get("death_year"), c.get("nationality"), c.get("gender"), c.get("bio"), c.get("lat"),
                     c.get("lon"))

    def _absorb(self, ids: Any, names: Any, birth_year: int | None, death_year: int | None,
                nationality: str | None, gender: str | None, bio: str | None, lat: float | None,
                lon: float | None) -> None:
        for i in ids:
            if i not in self.ids:
                self.ids.append(i)
        for n in names:
            if n and n not in self.names:
                self.names.append(n)
        self.birth_year = self.birth_year or birth_year
        self.death_year = self.death_year or death_year
        self.nationality = self.nationality or nationality
        self.gender = self.gender or gender
        self.bio = self.bio or bio
        if self.lat is None and lat is not None and lon is not None:
            self.lat, self.lon = lat, lon

    def props(self) -> dict[str, Any]:
        """Node properties (None values are left out: both engines drop them anyway)."""
        values = {
            "kind": self.kind, "text": self.name, "source": self.source, "institution": self.institution,
            "ids": self.ids, "names": self.names, "birth_year": self.birth_year, "death_year": self.death_year,
            "nationality": self.nationality, "gender": self.gender, "bio": self.bio,
            "lat": self.lat, "lon": self.lon,
        }
        return {k: v for k, v in values.items() if v not in (None, [])}

    @classmethod
    def from_props(cls, key: str, props: dict[str, Any]) -> AliasInfo:
        return cls(
            key=key, kind=props.get("kind", "Person"), name=props.get("text", key), source=props.get("source", ""),
            institution=props.get("institution", ""), ids=list(props.get("ids") or []),
            names=list(props.get("names") or []), birth_year=props.get("birth_year"),
            death_year=props.get("death_year"), nationality=props.get("nationality"), gender=props.get("gender"),
            bio=props.get("bio"), lat=props.get("lat"), lon=props.get("lon"),
        )
