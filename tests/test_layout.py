"""The house rules, kept as tests: no import circle between the project's own modules, and each
room imports only the rooms below it (see README "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import settings

ROOT = settings.REPO_ROOT
PACKAGES = ("graph", "ingest", "queries", "app_pages", "commands")
TOP_MODULES = ("cli", "settings", "app")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in TOP_MODULES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[_module_name(path)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules imported anywhere in the file (top level or inside functions)."""
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # "from graph import pairs" imports the module graph.pairs, "from graph.store import X" the package
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != me:
                out.add(name)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _project_modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_walker_sees_imports_and_finds_a_planted_cycle() -> None:
    graph = import_graph()
    assert "graph.store.base" in graph["graph.store.falkordb_store"]
    assert "graph.link.person_names" in graph["graph.link.person_linker"]
    planted = {k: set(v) for k, v in graph.items()}
    planted["graph.store.base"].add("graph.loader")  # loader -> store -> base: now a circle
    assert _cycle(planted) is not None


def test_no_import_circle_between_project_modules() -> None:
    cycle = _cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def _offenders(graph: dict[str, set[str]], importer: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{mod} imports {dep}" for mod, deps in graph.items()
                  if mod == importer or mod.startswith(importer + ".")
                  for dep in deps if any(dep == f or dep.startswith(f + ".") for f in forbidden))


def test_rooms_import_only_downwards() -> None:
    graph = import_graph()
    problems = (
        _offenders(graph, "graph.store", ("graph.link", "graph.export", "graph.build", "graph.loader",
                                          "graph.mentions", "graph.pairs"))
        + _offenders(graph, "graph.link", ("graph.store", "graph.export", "graph.build", "graph.loader"))
        + _offenders(graph, "ingest", ("graph", "app_pages", "commands", "cli", "app"))
        + _offenders(graph, "graph", ("app_pages", "commands", "cli", "app"))
        + _offenders(graph, "commands", ("cli",))
    )
    assert problems == []


def test_pages_reach_the_graph_only_through_data() -> None:
    graph = import_graph()
    leaks = [problem for problem in _offenders(graph, "app_pages", ("graph",)) if not problem.startswith("app_pages.data ")]
    leaks += [f"app imports {dep}" for dep in graph["app"] if dep.startswith("graph")]
    assert leaks == []
