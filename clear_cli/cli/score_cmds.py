"""``clear score`` and ``clear report``: the main job of the tool."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt

FileArg = Annotated[
    Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
]


def score(
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (see CONTRACT.md).")] = False,
    bank: BankOpt = None,
) -> None:
    """The scorecard: scores by bank and section, bands, and the roadmap stops to work on."""
    from clear_cli.answers import load_assessment
    from clear_cli.scoring import score_assessment, to_json

    assessment = load_assessment(file, bank or [])
    _warn(assessment.warnings)
    card = score_assessment(assessment)
    if as_json:
        typer.echo(json.dumps(to_json(card), indent=2))
        return
    from clear_cli.render.terminal import print_scorecard

    print_scorecard(card, assessment.catalogue, source=assessment.source)
    typer.echo(f"\nFull gap analysis: clear report {file} --out report.html")


def report(
    file: FileArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write: a .html or .md file.")],
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """Gap analysis report mapped to roadmap stops, as HTML or Markdown."""
    from clear_cli.answers import load_assessment
    from clear_cli.render.report import write_report

    assessment = load_assessment(file, bank or [])
    _warn(assessment.warnings)
    written = write_report(assessment, out, templates=templates, force=force)
    typer.echo(f"Wrote {written}")


def _warn(warnings: Sequence[object]) -> None:
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)


COMMANDS: dict[str, Callable[..., None]] = {"score": score, "report": report}
