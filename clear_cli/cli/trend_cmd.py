"""``clear trend FILE...``: one locality over the years."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.common.errors import Problem, UserError
from clear_cli.core.trend import follow
from clear_cli.outputs.json_out.trend_json import to_json
from clear_cli.outputs.pages.compare_pages import check_out
from clear_cli.outputs.pages.trend_pages import write_trend
from clear_cli.outputs.terminal.trend_view import print_trend
from clear_cli.sources.loader import load_assessments

if TYPE_CHECKING:
    from clear_cli.outputs.outfiles import Output

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="Two or more assessments of one locality: answers files (.yaml, .yml, .json) "
        "or workbooks (.xlsx), in any order."
    ),
]


def trend(
    files: FilesArg,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print JSON (described in docs/json.md; `clear schema trend`)."
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the trend to a .html, .md or .xlsx file instead of printing it.",
        ),
    ] = None,
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """One locality over the years: scores by bank and section at each date, the change since
    the previous and the first assessment, roadmap stop shortfalls, and the answers that moved.

    Files are put in date order. Banks or questions that are not in every assessment (a
    bank answered once, a question added in a later version) are left out and named.
    """

    problems: list[Problem] = []
    output: Output | None = None
    if out is not None:
        try:
            output = check_out(out, files, force=force, kind="trend")
        except UserError as exc:
            problems.extend(exc.problems)
    loaded = load_assessments(files, bank or [], problems)
    for assessment in loaded:
        print_warnings(assessment.warnings)
    result = follow(loaded)
    if result.mixed:
        say(
            "warning: the files mix self-assessments and peer reviews; read the changes "
            "with that in mind",
            err=True,
        )
    if output is not None:
        written = write_trend(result, output, templates)
        say(f"Wrote {written}", err=as_json)
    if as_json:
        say(json.dumps(to_json(result), indent=2))
    elif out is None:
        print_trend(result)


COMMANDS: dict[str, Callable[..., None]] = {"trend": trend}
