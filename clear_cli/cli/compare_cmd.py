"""``clear compare A B``: two localities, or a locality's self-assessment and its peer review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.common.errors import Problem, UserError
from clear_cli.core.compare import compare as compare_assessments
from clear_cli.outputs.json_out.compare_json import to_json
from clear_cli.outputs.pages.compare_pages import check_out, write_comparison
from clear_cli.outputs.terminal.compare_view import print_comparison
from clear_cli.sources.loader import load_assessments

#: How many answers that differ the terminal lists unless --top says otherwise.
TERMINAL_TOP = 15

FileArg = Annotated[
    Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
]


def compare(
    a: FileArg,
    b: FileArg,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print JSON (described in docs/json.md; `clear schema compare`); "
            "differences are B - A.",
        ),
    ] = False,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=0,
            help=f"List only the N largest differences in answers; 0 lists all. Default: "
            f"{TERMINAL_TOP} in the terminal, all in --json and --out.",
            metavar="N",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the comparison to a .html, .md or .xlsx file instead of printing it.",
        ),
    ] = None,
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """Compare two assessments: scores by bank and section, and the answers that differ.

    For a peer review, give a locality's self-assessment and the peers' one, in either order.
    Give two localities' files to compare them; only the banks both answered are compared.
    Questions answered on one side only (unanswered or N/A on the other) are listed apart.
    """

    problems: list[Problem] = []
    output = None
    if out is not None:
        try:
            output = check_out(out, [a, b], force=force)
        except UserError as exc:
            problems.extend(exc.problems)
    loaded = load_assessments((a, b), bank or [], problems)
    for assessment in loaded:
        print_warnings(assessment.warnings)
    result = compare_assessments(loaded[0], loaded[1])
    terminal = out is None and not as_json
    result = result.with_top(TERMINAL_TOP if top is None and terminal else top)
    if output is not None:
        written = write_comparison(result, loaded[0].catalogue.roadmap, output, templates)
        say(f"Wrote {written}", err=as_json)
    if as_json:
        say(json.dumps(to_json(result), indent=2))
    elif out is None:
        print_comparison(result)


COMMANDS = {"compare": compare}
