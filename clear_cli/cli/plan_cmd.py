"""``clear plan``: the action plan the alliance keeps all year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt


def plan(
    file: Annotated[
        Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Where to write: a .xlsx workbook to edit, or a .html or .md file."
        ),
    ],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Last year's plan workbook (.xlsx): carry its Owner, Due, Status and Notes "
            "over, and list what has closed since.",
        ),
    ] = None,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """The action plan: one row per answered question below its target, by roadmap stop,
    the stop to start at first, with Owner, Due, Status and Notes to fill in."""
    from clear_cli.render.plan_output import write_plan

    done = write_plan(file, out, previous=previous, force=force, banks=bank or [])
    for w in done.warnings:
        typer.echo(f"warning: {w}", err=True)
    p = done.plan
    carried = sum(1 for r in p.rows if r.carried)
    summary = f"Wrote {done.out}: {len(p.rows)} actions, {len(p.to_answer)} still to answer"
    if p.previous is not None:
        summary += f"; {carried} carried over, {len(p.closed)} closed since {p.previous}"
    typer.echo(summary + ".")


COMMANDS: dict[str, Callable[..., None]] = {"plan": plan}
