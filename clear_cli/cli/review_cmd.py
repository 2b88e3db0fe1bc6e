"""``clear review SELF PEER``: the peer review report, and the notes file it is written from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.outputs.review_files import review_files

FileArg = Annotated[
    Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
]


def review(
    own: Annotated[Path, typer.Argument(metavar="SELF", help="The locality's self-assessment.")],
    peer: Annotated[Path, typer.Argument(metavar="PEER", help="The peers' assessment.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write the report: .docx, .html or .md."),
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="The review team's notes (YAML): their summary, strengths, areas, "
            "recommendations, documents read and people met. With --init, where to draft it.",
        ),
    ] = None,
    init: Annotated[
        bool,
        typer.Option(
            "--init", help="Draft the notes file given by --notes from the two assessments."
        ),
    ] = False,
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """The peer review report: who reviewed and how, a summary, strengths, areas for
    improvement by roadmap stop, numbered recommendations with owners, where the two sides
    differ most, space for the locality's response, and the comparison as an annex.

    First `clear review SELF PEER --notes REVIEW.yaml --init` drafts the notes file for the
    peers to edit; then `clear review SELF PEER --notes REVIEW.yaml --out REPORT.docx`.
    """

    say(
        review_files(
            own,
            peer,
            out=out,
            notes=notes,
            init=init,
            templates=templates,
            force=force,
            banks=bank or [],
            warn=print_warnings,
        )
    )


COMMANDS: dict[str, Callable[..., None]] = {"review": review}
