"""``clear assess``: answer a bank question by question in the terminal, saving every answer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from clear_cli.assess.runner import Runner
from clear_cli.assess.setup import Request, assessment_date
from clear_cli.common.errors import UserError


def assess(
    answers: Annotated[
        Path,
        typer.Option(
            "--answers",
            "-a",
            help="The answers file (.yaml, .yml, .json) to fill in; "
            "created if missing, resumed if it exists.",
        ),
    ],
    banks: Annotated[
        list[str] | None,
        typer.Argument(
            help="Banks to answer: ids (leadership), groups (core) or bank files. "
            "May be left out when the answers file exists: its banks are used.",
            metavar="BANK...",
            show_default=False,
        ),
    ] = None,
    locality: Annotated[
        str | None,
        typer.Option(
            "--locality",
            help="The locality assessed (asked for if the file is new).",
            metavar="NAME",
        ),
    ] = None,
    assessment: Annotated[
        Literal["self", "peer"] | None,
        typer.Option("--assessment", help="self or peer (default self for a new file)."),
    ] = None,
    assessors: Annotated[
        list[str] | None,
        typer.Option(
            "--assessor", help="Someone taking part; repeat for each person.", metavar="NAME"
        ),
    ] = None,
    section: Annotated[
        str | None, typer.Option("--section", help="Only this section (e.g. L2).", metavar="ID")
    ] = None,
    review: Annotated[
        bool,
        typer.Option("--review", help="Walk every question, showing its answer, to change any."),
    ] = False,
    start: Annotated[
        str | None,
        typer.Option("--from", help="Start at this question id (e.g. L2.3).", metavar="ID"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The date of the assessment, day first (12/03/2026, 12 March 2026) or "
            "YYYY-MM-DD (asked for if the file is new).",
            metavar="DATE",
        ),
    ] = None,
) -> None:
    """Answer questions one at a time in the terminal; every answer is saved at once.

    At the prompt type an option's key or label; ? shows guidance and roadmap stops, b goes
    back, s skips, n marks not applicable (where allowed), q saves and quits. Ctrl-C stops at
    any time without losing answers: run the same command to carry on where you left off.
    """

    when = None
    if date is not None:
        when = assessment_date(date)
        if when is None:
            raise UserError.one(
                "--date",
                f"'{date}' is not a date: give it day first, e.g. 12/03/2026, or as 2026-03-12",
            )
    req = Request(
        answers=answers,
        banks=tuple(banks or ()),
        locality=locality,
        assessment=assessment,
        assessors=tuple(assessors or ()),
        section=section,
        review=review,
        start=start,
        date=when,
    )
    code = Runner(req).run()
    if code:
        raise typer.Exit(code)


COMMANDS = {"assess": assess}
