"""``clear report``: the board summary, then the gap analysis, as HTML, Markdown or Word."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt
from clear_cli.cli.score_cmd import FileArg
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.core.scoring import score_assessment
from clear_cli.core.since_last import since_last
from clear_cli.outputs.pages.report import write_report
from clear_cli.sources.loader import load_assessments


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


COMMANDS: dict[str, Callable[..., None]] = {"report": report}
