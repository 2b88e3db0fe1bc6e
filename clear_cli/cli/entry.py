"""Console-script entry point, kept free of imports.

``clear --version`` is what scripts and support requests run first; answering it here
spares it the ~100 ms that importing typer (and through it pydantic) costs. Everything
else goes to the typer application.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from clear_cli import __version__

        print(f"clear {__version__}")
        return
    from clear_cli.cli.app import main as app_main

    app_main()
