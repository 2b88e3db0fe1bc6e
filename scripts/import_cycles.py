"""Print the import cycles among the clear_cli modules, and every import that points upwards.

Builds the module import graph with the standard ``ast`` module, counting every import,
including those inside functions, and prints each cycle (one strongly connected component of
more than one module, or a module importing itself). Then checks the rooms' direction: each
room may import only from the rooms below it (``ROOMS``, lowest first), never from one above.
Exits 1 when there is a cycle or an upward import.

Usage: python scripts/import_cycles.py [package directory]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = "clear_cli"

#: The rooms of the package, lowest first: a module may import from its own room and the
#: rooms before it in this list, never from a later one. Modules at the top of the package
#: (``__init__``, ``__main__``) stand outside the order.
ROOMS = ("common", "models", "sources", "core", "outputs", "assess", "cli")


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at ``path`` inside the package at ``root``."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` names."""
    if node.level == 0:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each clear_cli module and the clear_cli modules it imports anywhere in its body."""
    files = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = resolve(name, is_package, node)
                # "from package import module" imports the submodule
                targets = [f"{base}.{alias.name}" for alias in node.names]
                targets = [t if t in files else base for t in targets]
            for target in targets:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target.startswith(PACKAGE) and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def room(module: str) -> int | None:
    """The rank of a module's room in ``ROOMS``, or None for one outside the rooms."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ROOMS:
        return ROOMS.index(parts[1])
    return None


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Each import (importer, imported) from a room to a room above it, sorted."""
    found = []
    for name, targets in graph.items():
        here = room(name)
        for target in targets:
            there = room(target)
            if here is not None and there is not None and there > here:
                found.append((name, target))
    return sorted(found)


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / PACKAGE
    graph = import_graph(root)
    found = cycles(graph)
    for component in found:
        print(" <-> ".join(component))
    if not found:
        print("no import cycles")
    up = upward(graph)
    for name, target in up:
        print(f"upward: {name} -> {target}")
    if not up:
        print("no upward imports")
    return 1 if found or up else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
