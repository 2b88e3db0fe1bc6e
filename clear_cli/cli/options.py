"""Options shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace OUT if it already exists.")]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option("--templates", help="A folder of templates that override the bundled ones."),
]
