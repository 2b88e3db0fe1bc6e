"""Console-script entry points, kept free of imports.

``clear --version`` is what scripts and support requests run first; answering it here
spares it the ~100 ms that importing typer (and through it pydantic) costs. Everything
else goes to the typer application.

``clear`` is also the name of the standard command that clears the terminal. Installing
this tool must not break it, so ``clear`` typed with no arguments at all hands over to the
system's ``clear`` (the first one on PATH that is not this tool) and exits with its status;
where there is none, it shows this tool's help. The same program is installed as
``clear-cli``, which never hands over.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# Set while handing over, so that two installations of this tool never hand over to each
# other for ever.
_HANDED_OVER = "CLEAR_CLI_HANDED_OVER"


def main() -> None:
    """The ``clear`` console script."""
    if not sys.argv[1:]:
        system_clear = find_system_clear()
        if system_clear is not None:
            import subprocess

            env = {**os.environ, _HANDED_OVER: "1"}
            sys.exit(subprocess.call([system_clear], env=env))
        sys.argv.append("--help")
    run()


def main_cli() -> None:
    """The ``clear-cli`` console script and ``python -m clear_cli``: never hands over."""
    if not sys.argv[1:]:
        sys.argv.append("--help")
    run()


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from clear_cli import __version__

        print(f"clear {__version__}")
        return
    from clear_cli.cli.app import main as app_main

    app_main()


def find_system_clear(path: str | None = None, me: str | None = None) -> str | None:
    """The first executable ``clear`` on PATH that is neither this script nor another copy
    of this tool; None when there is none (or while handing over already)."""
    from pathlib import Path  # only on this path: ``--version`` stays import-free

    if os.environ.get(_HANDED_OVER):
        return None
    me_path = Path(me if me is not None else sys.argv[0])
    names = ["clear.exe", "clear.com"] if os.name == "nt" else ["clear"]
    for folder in (path if path is not None else os.environ.get("PATH", "")).split(os.pathsep):
        for name in names:
            candidate = Path(folder or ".") / name
            if not (candidate.is_file() and os.access(candidate, os.X_OK)):
                continue
            if _same_file(candidate, me_path) or _is_this_tool(candidate):
                continue
            return str(candidate)
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _is_this_tool(candidate: Path) -> bool:
    """A console script written for this package names it in its first lines."""
    try:
        with candidate.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return b"clear_cli" in head
