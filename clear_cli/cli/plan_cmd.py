"""``clear plan``: the action plan the alliance keeps all year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.core.plan import build_plan, first_actions
from clear_cli.core.scoring import score_assessment
from clear_cli.models.plan_table import OldRow
from clear_cli.outputs.outfiles import Output
from clear_cli.outputs.plan_output import check_plan_out, write_plan
from clear_cli.sources.answers import Assessment
from clear_cli.sources.data import start_here_wording
from clear_cli.sources.loader import load_assessment
from clear_cli.sources.workbook.plan_reader import read_plan


def plan(
    file: Annotated[
        Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Where to write: a .xlsx workbook to edit, or a .docx (Word), .html or .md file.",
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
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=0,
            metavar="N",
            help="Only the first N actions by priority (0, the default: all). The questions "
            "still to answer are listed in full.",
        ),
    ] = 0,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """The action plan: one row per answered question below its target, by roadmap stop,
    the stop to start at first, with Owner, Due, Status and Notes to fill in."""

    # Every problem with the inputs and the output path at once, before anything is written.
    problems: list[Problem] = []
    inputs = [file, *([previous] if previous else [])]
    output: Output | None = None
    assessment: Assessment | None = None
    old: dict[str, OldRow] | None = None
    carried_warnings: list[Problem] = []
    try:
        output = check_plan_out(out, inputs, force=force)
    except UserError as exc:
        problems.extend(exc.problems)
    try:
        assessment = load_assessment(file, bank or [])
    except UserError as exc:
        problems.extend(exc.problems)
    if previous is not None:
        try:
            old = read_plan(previous, carried_warnings)
        except UserError as exc:
            problems.extend(exc.problems)
    if problems or assessment is None or output is None:
        raise UserError(problems)
    p = first_actions(
        build_plan(
            score_assessment(assessment),
            assessment.catalogue,
            start_here_wording(),
            old,
            display_path(previous) if previous else None,
        ),
        top,
    )
    write_plan(p, output, display_path(assessment.source or file))
    print_warnings([*assessment.warnings, *carried_warnings])
    carried = sum(1 for r in p.rows if r.carried)
    actions = f"the first {len(p.rows)} of {p.all_actions}" if p.all_actions else len(p.rows)
    summary = f"Wrote {display_path(out)}: {actions} actions, {len(p.to_answer)} still to answer"
    if p.previous is not None:
        summary += f"; {carried} carried over, {len(p.closed)} closed since {p.previous}"
    say(summary + ".")


COMMANDS: dict[str, Callable[..., None]] = {"plan": plan}
