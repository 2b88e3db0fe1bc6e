"""``clear score``: the scorecard, the main job of the tool (``clear report`` is in report_cmd)."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.core.scoring import score_assessment
from clear_cli.outputs.json_out.score_json import to_json
from clear_cli.outputs.terminal.scorecard import print_scorecard
from clear_cli.sources.loader import load_assessment

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


COMMANDS: dict[str, Callable[..., None]] = {"score": score}
