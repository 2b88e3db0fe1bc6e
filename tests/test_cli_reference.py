"""The command reference in docs/cli.md is the commands' own help, so it cannot go stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_cli_reference_matches_every_commands_help() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_reference_names_every_option_of_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for option in ("--json", "--top", "--previous", "--force", "--templates", "--bank"):
        assert option in text
    assert text.count("\n## clear ") >= 14  # each of the 14 commands, after `clear` itself
