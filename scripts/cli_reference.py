"""Write (or check) docs/cli.md, the command reference, from the commands' own `--help`.

Usage: python scripts/cli_reference.py [--check]

Every command and option a user can type is documented by its help text, so the reference is
made from that text and a test checks it is current (`make docs` rewrites it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from clear_cli.cli.app import COMMAND_MODULES, app

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli.md"
WIDTH = "100"

INTRO = """# Command reference

Made from each command's `--help` by `make docs` (`scripts/cli_reference.py`); a test checks
that it matches the installed commands, so every option here is one you can type. The README
shows the commands in use; run `clear COMMAND --help` for the same text in your terminal.
"""


def help_text(args: list[str]) -> str:
    """The help a user sees for ``clear ARGS --help`` at a fixed width, without colour."""
    result = CliRunner().invoke(
        app, [*args, "--help"], env={"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    )
    if result.exit_code != 0:
        raise SystemExit(f"clear {' '.join(args)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def commands() -> list[list[str]]:
    """Every command path: top-level commands, and the commands inside each group."""
    paths: list[list[str]] = []
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    for name in COMMAND_MODULES:
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        paths.append([name])
        if hasattr(command, "list_commands"):  # a group of commands, e.g. `clear results`
            paths.extend([name, sub] for sub in command.list_commands(ctx))
    return paths


def reference() -> str:
    parts = [INTRO, "## clear\n", "```text\n" + help_text([]) + "```\n"]
    for path in commands():
        parts.append(f"## clear {' '.join(path)}\n")
        parts.append("```text\n" + help_text(path) + "```\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = reference()
    if "--check" in argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC.relative_to(ROOT)} is out of date: run `make docs`")
            return 1
        print(f"{DOC.relative_to(ROOT)} is current")
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
