"""The extraction's rule set, built once and kept on disk until the names it is built from change.

Building the EntityRuler tokenises every known name (35k names: ~10 s and a few hundred MB on the
sample's scale); what the ruler matches with is, per label, the names' token hashes (spaCy's
PhraseMatcher keeps exactly these). `load_or_build_nlp` stores those hashes in
`<cache_dir>/extract-rules-<key>.npz` (numpy arrays, loaded with `allow_pickle=False`: nothing in
the file is ever executed) and a later run whose key is the same adds them to a fresh ruler
without tokenising anything. The key is a SHA-256 of everything the rule set depends on: the
cache format, spaCy's version, the model's name and version and every label's patterns. A
different key is a different file (older ones are removed when a new one is written); a damaged
or unreadable file is rebuilt. This module never touches the graph.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ingest.extract import Gazetteer, build_nlp

FORMAT = "1"  # bump when what is stored or how it is read changes
PREFIX = "extract-rules-"


def rules_key(gazetteer: Gazetteer, model: str | None) -> str:
    """SHA-256 of the rule set's inputs."""
    import spacy

    digest = hashlib.sha256()
    for part in (FORMAT, spacy.__version__, model or "", _package_version(model)):
        digest.update(part.encode("utf-8") + b"\0")
    for label in sorted(gazetteer.patterns):
        digest.update(b"\1" + label.encode("utf-8") + b"\0")
        for surface in sorted(gazetteer.patterns[label]):
            digest.update(surface.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _package_version(model: str | None) -> str:
    """An installed model's version (its tokenizer made the hashes); "" for none or not installed."""
    if not model:
        return ""
    try:
        return importlib.metadata.version(model)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return ""


def cache_path(cache_dir: Path, gazetteer: Gazetteer, model: str | None) -> Path:
    return cache_dir / f"{PREFIX}{rules_key(gazetteer, model)[:32]}.npz"


def load_or_build_nlp(gazetteer: Gazetteer, model: str | None, cache_dir: Path | None) -> tuple[Any, bool]:
    """(spaCy pipeline, True when the rule set came from the cache). Same pipeline as
    `ingest.extract.build_nlp`; without a cache folder or patterns, it is simply built."""
    if cache_dir is None or not gazetteer.size:
        return build_nlp(gazetteer, model), False
    path = cache_path(cache_dir, gazetteer, model)
    if path.is_file():
        try:
            return _load(path, gazetteer, model), True
        except Exception:  # noqa: BLE001 - a damaged or foreign file (bad zip, arrays, labels): rebuild it
            pass
    nlp = build_nlp(gazetteer, model)
    try:
        _save(nlp, path)
    except OSError:
        pass  # a read-only data folder only costs the next run the build again
    return nlp, False


def _keywords(nlp: Any) -> dict[str, set[tuple[int, ...]]]:
    """Per label, the token-hash sequences the ruler's PhraseMatcher holds (its pickling state)."""
    matcher = nlp.get_pipe("entity_ruler").phrase_matcher
    _, (_, docs, _, _) = matcher.__reduce__()[:2]
    return {matcher.vocab.strings[key] if isinstance(key, int) else key: value for key, value in docs.items()}


def _save(nlp: Any, path: Path) -> None:
    arrays: dict[str, np.ndarray] = {}
    labels = []
    for number, (label, keywords) in enumerate(sorted(_keywords(nlp).items())):
        ordered = sorted(keywords)
        labels.append(label)
        arrays[f"lengths{number}"] = np.array([len(k) for k in ordered], dtype=np.uint32)
        arrays[f"tokens{number}"] = np.array([t for k in ordered for t in k], dtype=np.uint64)
    arrays["labels"] = np.array(labels, dtype=np.str_)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".extract-rules", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    for old in path.parent.glob(f"{PREFIX}*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


def _load(path: Path, gazetteer: Gazetteer, model: str | None) -> Any:
    with np.load(path, allow_pickle=False) as data:
        labels = [str(label) for label in data["labels"]]
        if sorted(labels) != sorted(label for label, strings in gazetteer.patterns.items() if strings):
            raise ValueError("the cached rule set is for other labels")
        keywords: dict[str, list[tuple[int, ...]]] = {}
        for number, label in enumerate(labels):
            lengths, tokens = data[f"lengths{number}"], data[f"tokens{number}"].tolist()
            if int(lengths.sum()) != len(tokens):
                raise ValueError("the cached rule set is damaged")
            bounds = [0, *np.cumsum(lengths, dtype=np.int64).tolist()]
            keywords[label] = [tuple(tokens[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    nlp = build_nlp(None, model)
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "validate": False})
    for label, sequences in keywords.items():
        ruler.phrase_matcher.add(label, sequences)
        # The ruler counts its patterns from these Docs (it warns on every text when it has none);
        # one per label is enough: matching uses the phrase matcher filled above.
        ruler.phrase_patterns[label].append(nlp.make_doc(min(gazetteer.patterns[label])))
    return nlp
