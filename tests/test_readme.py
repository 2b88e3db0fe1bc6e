"""The README's walkthrough runs as written, and the figures it quotes are today's.

Every ``$ ...`` line of its console blocks (but ``make``) runs, in order, from a copy of the
repository's examples (so the files it writes land in a temporary folder, as they would in a
user's checkout), through a ``clear`` on PATH that is this checkout's. Template commands for a
user's own files are kept out of console blocks (scripts/readme.py says how).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme", ROOT / "scripts" / "readme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like the repository root, with the examples and a `clear` on PATH."""
    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(ROOT / "examples", root / "examples")
    bin_dir = root / ".bin"
    bin_dir.mkdir()
    clear = bin_dir / "clear"
    clear.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m clear_cli "$@"\n')
    clear.chmod(0o755)
    return root


@pytest.mark.slow
def test_every_readme_command_runs_as_written(checkout: Path) -> None:
    script = _script()
    commands = script.commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(commands) >= 15
    env = {
        **os.environ,
        "PATH": f"{checkout / '.bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "80",
        "NO_COLOR": "1",
    }
    for command in commands:
        run = subprocess.run(
            ["bash", "-c", command],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            input=script.TYPED,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, f"README: `{command}` failed:\n{run.stderr[-2000:]}"


def test_the_readme_quotes_todays_outputs_and_figures() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_readme_commands_are_found_across_continuation_lines() -> None:
    text = "```console\n$ clear a \\\n    --out x\n$ make demo\n$ clear b\n```\n"
    assert _script().commands(text) == ["clear a \\\n    --out x", "clear b"]
    assert _script().commands("```console\n$ cp a b\n```\n") == ["cp a b"]
