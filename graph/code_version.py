"""Digests of the code that reads files and links aliases, kept in the sync state beside what they made.

A newer glamgraph over a graph an older one built must give what a fresh build would: files read by
other reading code are parsed again (`graph.unchanged.READ_VERSION`), and aliases linked by other
linking code are linked again (`graph.build._link`). A digest of the code itself, not a hand-set
number: a hand-set "1" was never raised through two rounds of reader changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def code_digest(*paths: str) -> str:
    """The digest of the files under `paths` (folders or files, relative to the project) that make output:
    Python modules and the JSON data they read."""
    files: list[Path] = []
    for relative in paths:
        path = ROOT / relative
        files += [p for p in path.rglob("*") if p.is_file() and p.suffix in (".py", ".json")] if path.is_dir() else [path]
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


READING = code_digest("ingest", "graph/record_rows.py")
LINKING = code_digest("graph/link")
