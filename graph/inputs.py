"""One input of an ingest: a file or folder, its format, and whose records it holds.

Apart from graph.build so that a read worker (graph.read_worker), which is sent its inputs
pickled, imports only the readers it runs and not the linker, numpy and the loader with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.model import Institution, Record, Rejected
from ingest.registry import Format


@dataclass(frozen=True)
class Input:
    path: Path
    format: Format
    source: str | None = None
    institution: Institution | None = None

    def resolved(self) -> tuple[str, Institution]:
        preset = self.format.default_institution()
        institution = self.institution or preset
        if institution is None:
            name = self.path.stem if self.path.is_file() else self.path.name
            institution = Institution(name, name, "library")
        source = self.source or (self.format.name if self.format.preset else institution.id)
        return source, institution

    def records(self) -> Iterable[Record | Rejected]:
        read = self.format.reader()
        if self.format.preset:
            return read(self.path)
        source, institution = self.resolved()
        return read(self.path, source=source, institution=institution)
