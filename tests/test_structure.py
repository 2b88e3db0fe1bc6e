"""The package's structure: no import cycles, and every import points down the rooms.

The import graph is read from the source with ``ast`` (scripts/import_cycles.py), counting
imports inside functions too, since they close a circle as surely as those at the top.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from radon.complexity import cc_visit  # type: ignore[import-untyped]
from radon.visitors import Function  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "import_cycles.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_cycles", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_clear_cli_has_no_import_cycles_and_no_upward_imports() -> None:
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert run.stdout.split("\n")[:2] == ["no import cycles", "no upward imports"]
    assert run.returncode == 0


def test_an_import_from_a_higher_room_is_found(tmp_path: Path) -> None:
    pkg = tmp_path / "clear_cli"
    for room in ("core", "outputs"):
        (pkg / room).mkdir(parents=True)
        (pkg / room / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "outputs" / "view.py").write_text("from clear_cli.core import rules\n")
    (pkg / "core" / "rules.py").write_text("def f():\n    from clear_cli.outputs import view\n")
    (pkg / "core" / "pure.py").write_text("def g():\n    from clear_cli.outputs.view import x\n")
    script = _script()
    assert script.upward(script.import_graph(pkg)) == [
        ("clear_cli.core.pure", "clear_cli.outputs.view"),
        ("clear_cli.core.rules", "clear_cli.outputs.view"),
    ]
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(pkg)], capture_output=True, text=True, check=False
    )
    assert "upward: clear_cli.core.rules -> clear_cli.outputs.view" in run.stdout
    assert run.returncode == 1


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    pkg = tmp_path / "clear_cli"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "low.py").write_text("import json\n")
    (pkg / "a.py").write_text("from clear_cli.sub import b\nfrom clear_cli import low\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import x\n    return x\n")
    (pkg / "c.py").write_text("from clear_cli.low import y\n")
    script = _script()
    graph = script.import_graph(pkg)
    assert graph["clear_cli.sub.b"] == {"clear_cli.a"}
    assert script.cycles(graph) == [["clear_cli.a", "clear_cli.sub.b"]]
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(pkg)], capture_output=True, text=True, check=False
    )
    assert run.stdout.split("\n")[0] == "clear_cli.a <-> clear_cli.sub.b"
    assert run.returncode == 1


#: No function or method above this cyclomatic complexity (radon), for a reader's sake.
MOST_COMPLEX = 20


def _complexity(source: str) -> list[tuple[str, int]]:
    """Each function's and method's name and cyclomatic complexity, as ``radon cc`` gives."""
    out = []
    for block in cc_visit(source):
        if isinstance(block, Function):
            out.append((block.fullname, block.complexity))
        else:  # a class: its methods
            out.extend((m.fullname, m.complexity) for m in block.methods)
    return out


def test_no_function_is_more_complex_than_20() -> None:
    package = ROOT / "clear_cli"
    found = [
        f"{path.relative_to(ROOT)}: {name} ({score})"
        for path in sorted(package.rglob("*.py"))
        for name, score in _complexity(path.read_text(encoding="utf-8"))
        if score > MOST_COMPLEX
    ]
    assert not found, f"above cyclomatic complexity {MOST_COMPLEX}: {', '.join(found)}"


def test_a_complex_function_is_named() -> None:
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(21))
    source = f"def tangled(x):\n{branches}    return -1\n"
    assert _complexity(source) == [("tangled", 22)]


def test_every_output_kind_has_its_suffixes_in_one_table() -> None:
    import re

    from clear_cli.outputs.formats import FORMATS

    kinds = set()
    for path in (ROOT / "clear_cli").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "formats=" not in text or path.name == "outfiles.py", path
        kinds |= set(re.findall(r'check_(?:output|out)\([^)]*kind="([a-z-]+)"', text))
    assert kinds <= set(FORMATS), kinds - set(FORMATS)
    assert all(s.startswith(".") for suffixes in FORMATS.values() for s in suffixes)
