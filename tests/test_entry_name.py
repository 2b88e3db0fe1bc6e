"""`clear` is also the terminal's own command: with no arguments it must still clear the screen.

Run as users meet it: the installed console scripts in a subprocess, with a PATH made for the
test, so that which ``clear`` answers is decided exactly as in a user's shell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clear_cli.cli.entry import find_system_clear

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX shell scripts stand in for clear")


def _script(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def _run(script: str, *args: str, path: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLEAR_CLI_HANDED_OVER"}
    env["PATH"] = path
    return subprocess.run(
        [str(BIN / script), *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_bare_clear_runs_the_system_clear_and_passes_on_its_status(tmp_path: Path) -> None:
    _script(tmp_path / "sys", "clear", "echo SCREEN-CLEARED; exit 3")
    result = _run("clear", path=f"{BIN}{os.pathsep}{tmp_path / 'sys'}")
    assert result.returncode == 3
    assert result.stdout.strip() == "SCREEN-CLEARED"


def test_bare_clear_without_a_system_clear_shows_help(tmp_path: Path) -> None:
    result = _run("clear", path=f"{BIN}{os.pathsep}{tmp_path}")
    assert result.returncode == 0
    assert "Usage" in result.stdout and "score" in result.stdout


def test_another_copy_of_this_tool_is_not_taken_for_the_system_clear(tmp_path: Path) -> None:
    # A second installation (pipx beside a venv) must not be handed over to, or the two
    # would call each other for ever.
    _script(tmp_path / "pipx", "clear", "exec python -c 'import clear_cli.cli.entry'")
    assert find_system_clear(path=str(tmp_path / "pipx"), me="/nowhere/clear") is None
    result = _run("clear", path=f"{BIN}{os.pathsep}{tmp_path / 'pipx'}")
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_clear_with_arguments_is_this_tool(tmp_path: Path) -> None:
    _script(tmp_path / "sys", "clear", "echo SCREEN-CLEARED")
    result = _run("clear", "--help", path=f"{BIN}{os.pathsep}{tmp_path / 'sys'}")
    assert result.returncode == 0
    assert "SCREEN-CLEARED" not in result.stdout
    assert "Usage" in result.stdout


def test_clear_cli_never_hands_over(tmp_path: Path) -> None:
    _script(tmp_path / "sys", "clear", "echo SCREEN-CLEARED")
    bare = _run("clear-cli", path=f"{BIN}{os.pathsep}{tmp_path / 'sys'}")
    assert bare.returncode == 0
    assert "SCREEN-CLEARED" not in bare.stdout and "Usage" in bare.stdout
    banks = _run("clear-cli", "banks", path=str(BIN))
    assert banks.returncode == 0 and "leadership" in banks.stdout


def test_the_first_clear_on_path_wins(tmp_path: Path) -> None:
    first = _script(tmp_path / "a", "clear", "exit 0")
    _script(tmp_path / "b", "clear", "exit 0")
    found = find_system_clear(path=f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}", me="x")
    assert found == str(first)
