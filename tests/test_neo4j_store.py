"""The Neo4j store's error messages. Connecting needs no server to fail clearly; the credential
test needs a real one (GLAMGRAPH_NEO4J_URI) and is skipped, saying so, without it."""

from __future__ import annotations

import os
import socket

import pytest

from graph.store import StoreError
from graph.store.neo4j_store import Neo4jStore
from tests.conftest import NEO4J_SKIP, NEO4J_URI


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_is_a_clear_error() -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    with pytest.raises(StoreError, match=rf"Cannot reach Neo4j at {uri}: .*Is the server running\?"):
        Neo4jStore(uri, "neo4j", "secret")


@pytest.mark.neo4j
@pytest.mark.skipif(not NEO4J_URI, reason=NEO4J_SKIP)
def test_wrong_password_is_a_clear_error() -> None:
    user = os.environ.get("GLAMGRAPH_NEO4J_USER", "neo4j")
    with pytest.raises(StoreError, match=f"refused user '{user}': wrong user name or password"):
        Neo4jStore(NEO4J_URI or "", user, "certainly-not-the-password")
