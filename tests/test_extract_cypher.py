"""The extraction stage's Cypher passes Neo4j 5's linter and FalkorDB's EXPLAIN."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

import settings
from graph.statements import all_statements as pipeline_statements
from graph.statements import mention_statements as all_statements
from graph.store import GraphStore

LINT = settings.REPO_ROOT / "tools" / "cypher_lint.mjs"


def test_extraction_statements_are_in_the_loaders_list() -> None:
    assert set(all_statements()) <= set(pipeline_statements())


@pytest.mark.skipif(shutil.which("node") is None or not (settings.REPO_ROOT / "node_modules").exists(),
                    reason="node or node_modules missing (run .ci/setup)")
def test_extraction_statements_lint_for_neo4j() -> None:
    items = [{"id": str(i), "query": q, "parameters": {"rows": []}} for i, q in enumerate(all_statements())]
    done = subprocess.run(["node", str(LINT)], input=json.dumps(items), capture_output=True, text=True,
                          cwd=settings.REPO_ROOT, check=True, timeout=120)
    errors = {all_statements()[int(r["id"])]: r["errors"] for r in json.loads(done.stdout) if r["errors"]}
    assert errors == {}


def test_extraction_statements_explain_on_falkordb(sample_graph: GraphStore) -> None:
    for statement in all_statements():
        sample_graph.validate(statement, {"rows": []})
