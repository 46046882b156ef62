"""The gazetteer's answers about the places an ingest links, worked out beside the linking.

The link stage runs on one core (docs/scale.md, session 25), and placing a label needs the cities'
index of `ingest.gazetteer`, 1.4 s of a core to build. The labels and ids of the place and subject
aliases an ingest folds are known before linking starts: a process forked then builds the index,
answers `by_label` and `by_geonames_id` for each, writes the answers to a file and ends (its memory
is the system's again long before the link stage's peak). When the entities' properties are
computed the answers are read and handed to the gazetteer (`gazetteer.prime`): the same answers
the index gives, without building it in this process. Labels it was not asked about (an unchanged
member of a changed place) are still looked up in the index, built here then, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from pathlib import Path

from graph.children import die_with_parent
from graph.link.aliases import AliasInfo
from ingest import gazetteer

# Below this many aliases linked again, linking takes less than the index's build: the ingest would
# wait for the process (a 1% re-sync of Tate, 3,000 aliases: 1.4 -> 2.1 s with it).
MIN_ALIASES = 20_000
PLACE_NAMED = ("Place", "Theme")  # the kinds a Place entity's members have (a subject term may join a place)


class PlacesAhead:
    def __init__(self) -> None:
        self.labels: set[str] = set()
        self.ids: set[str] = set()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._path: Path | None = None

    def add(self, alias: AliasInfo) -> None:
        if alias.kind in PLACE_NAMED:
            self.labels.add(alias.name)
            self.labels.update(alias.names)
            self.ids.update(i for i in alias.ids if i.startswith("geonames:"))

    def merge(self, other: PlacesAhead) -> None:
        """What `other` was told (aliases folded in another process: graph.alias_fold)."""
        self.labels |= other.labels
        self.ids |= other.ids

    def start(self, aliases: int) -> None:
        """Fork the process that works the answers out, when `aliases` (the number linked again) make
        a link stage long enough to hide the index's build in, and this process has no index yet (a
        long-lived one keeps it: graph.build in process, the tests). Otherwise, or without fork, the
        index is built here when first needed, as before."""
        self.labels, self.ids, labels, ids = set(), set(), self.labels, self.ids
        if (not (labels or ids) or aliases < MIN_ALIASES or gazetteer.has_index()
                or "fork" not in multiprocessing.get_all_start_methods()):
            return
        handle, path = tempfile.mkstemp(prefix="glamgraph-places-", suffix=".pickle")
        os.close(handle)
        self._path = Path(path)
        context = multiprocessing.get_context("fork")
        self._process = context.Process(target=_write_answers, args=(labels, ids, self._path),
                                        daemon=True, name="glamgraph-places")
        self._process.start()

    def prime(self) -> None:
        """Hand the gazetteer the answers, waiting for the process if it has not ended; if it
        failed, nothing is handed over."""
        if self._process is None:
            return
        self._process.join()
        try:
            if self._process.exitcode == 0 and self._path is not None:
                # our own forked process's file, made private (0600) by mkstemp
                gazetteer.prime(pickle.loads(self._path.read_bytes()))  # noqa: S301
        except (OSError, EOFError, pickle.UnpicklingError):
            pass
        finally:
            self._end()

    def stop(self) -> None:
        """End the process if its answers were not taken (no place changed, or an error)."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._end()

    def _end(self) -> None:
        self._process = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None


def _write_answers(labels: set[str], ids: set[str], path: Path) -> None:
    die_with_parent()
    path.write_bytes(pickle.dumps(gazetteer.answers(labels, ids), protocol=pickle.HIGHEST_PROTOCOL))
