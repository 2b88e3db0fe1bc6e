"""Options shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace OUT if it already exists.")]
BankOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--bank",
        help="A bank file a workbook was made from (repeat for more). A workbook may name "
        "bundled banks itself; for safety, bank files only when you give them here.",
    ),
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option("--templates", help="A folder of templates that override the bundled ones."),
]


def new_typer(**settings: Any) -> typer.Typer:
    """A typer app set up as every one of clear's is: no shell completion, no rich
    tracebacks or markup (errors are the boundary's in ``cli/app.py``)."""
    return typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None, **settings
    )
