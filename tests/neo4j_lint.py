"""Lint Cypher against Neo4j 5 with `tools/cypher_lint.mjs` (@neo4j-cypher/language-support).

All statements go to ONE node process (starting node costs ~2 s), so the tests collect every
statement first and lint them together.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "cypher_lint.mjs"
PACKAGE = REPO / "node_modules" / "@neo4j-cypher" / "language-support"


@dataclass(frozen=True)
class Statement:
    id: str
    query: str
    parameters: dict[str, Any] = field(default_factory=dict)


def unavailable_reason() -> str | None:
    """Why the lint cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node is not on PATH: the Neo4j 5 Cypher lint needs Node 20 (.ci/run installs it)"
    if not PACKAGE.exists():
        return f"{PACKAGE} is missing: run `npm ci` (.ci/setup does) to install the Neo4j Cypher linter"
    return None


def lint(statements: list[Statement], timeout: float = 300) -> dict[str, list[dict[str, Any]]]:
    """Errors per statement id (an empty list means the statement is clean)."""
    payload = [{"id": s.id, "query": s.query, "parameters": s.parameters} for s in statements]
    done = subprocess.run(
        ["node", str(TOOL)], input=json.dumps(payload), capture_output=True, text=True, cwd=REPO, timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cypher_lint.mjs failed ({done.returncode}): {done.stderr.strip()[:2000]}")
    return {item["id"]: item["errors"] for item in json.loads(done.stdout)}
