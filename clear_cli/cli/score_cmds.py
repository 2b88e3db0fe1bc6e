"""``clear score`` and ``clear report``: the main job of the tool."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.core.scoring import score_assessment
from clear_cli.core.since_last import since_last
from clear_cli.outputs.json_out.score_json import to_json
from clear_cli.outputs.pages.report import write_report
from clear_cli.outputs.terminal.scorecard import print_scorecard
from clear_cli.sources.loader import load_assessment, load_assessments

FileArg = Annotated[
    Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
]


def score(
    file: FileArg,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print JSON (described in docs/json.md; `clear schema score`)."
        ),
    ] = False,
    bank: BankOpt = None,
) -> None:
    """The scorecard: scores by bank and section, how complete the answers are, where to
    start, and the roadmap stops ranked by shortfall."""

    assessment = load_assessment(file, bank or [])
    print_warnings(assessment.warnings)
    card = score_assessment(assessment)
    if as_json:
        say(json.dumps(to_json(card), indent=2))
        return

    print_scorecard(card, assessment.catalogue, source=assessment.source)
    out = file.with_name(f"{file.stem}-report.html")
    say(f"\nFull gap analysis: {shlex.join(['clear', 'report', str(file), '--out', str(out)])}")


def report(
    file: FileArg,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write: a .html, .md or .docx (Word) file.")
    ],
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="An earlier assessment of the same locality: adds the change since then.",
        ),
    ] = None,
    bank: BankOpt = None,
) -> None:
    """Gap analysis report mapped to roadmap stops, as HTML, Markdown or Word.

    With --previous, the report also says what changed since that assessment: a paragraph
    in the summary and a "since last time" column beside the scores.
    """

    loaded = load_assessments((file,) if previous is None else (previous, file), bank or [])
    for a in loaded:
        print_warnings(a.warnings)
    assessment = loaded[-1]
    trend = None
    if previous is not None:
        trend = since_last(loaded[0], assessment)
    card = score_assessment(assessment)
    written = write_report(assessment, card, out, templates=templates, force=force, previous=trend)
    say(f"Wrote {written}")


COMMANDS: dict[str, Callable[..., None]] = {"score": score, "report": report}
