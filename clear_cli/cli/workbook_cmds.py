"""``clear template`` and ``clear export``: workbooks to fill in, and scores for analysts."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import typer

from clear_cli.cli.options import BankOpt, ForceOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.common.errors import display_path
from clear_cli.common.text import plural
from clear_cli.outputs.xlsx.export import export_scores
from clear_cli.outputs.xlsx.template import make_template

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="The workbook to write (.xlsx).")]


def template(
    banks: Annotated[
        list[str],
        typer.Argument(
            help="Bank ids (e.g. leadership), groups (core, deep-dives, all) or paths "
            "of bank files."
        ),
    ],
    out: OutOpt,
    locality: Annotated[
        str, typer.Option("--locality", help="Fill in the locality's name on the About sheet.")
    ] = "",
    assessment: Annotated[
        Literal["self", "peer"],
        typer.Option("--assessment", help="A self-assessment or a peer review."),
    ] = "self",
    force: ForceOpt = False,
) -> None:
    """A workbook to fill in: one sheet per bank, drop-down answers, evidence and notes."""

    made = make_template(banks, out, locality=locality, assessment=assessment, force=force)
    sheets = ", ".join(f"'{name}' ({n} questions)" for _, name, n in made.sheets)
    say(f"Wrote {out}: sheets {sheets}.")
    say(f"Fill in the yellow cells, then: {shlex.join(['clear', 'score', str(out)])}")


def export(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files (.yaml, .yml, .json) or filled workbooks (.xlsx), or folders "
            "holding them (the files directly in a folder, by name).",
            metavar="FILE...",
        ),
    ],
    out: OutOpt,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """Scores of one or many assessments in one workbook, for analysts and pivot tables."""

    done = export_scores(files, out, force=force, banks=bank or [])
    for t in done.taken:
        names = ", ".join(f.name for f in t.files)
        left = ", ".join(f.name for f in t.banks)
        aside = f" (bank files left out: {left})" if left else ""
        say(f"From {display_path(t.folder)}: {plural(len(t.files), 'file')}, {names}.{aside}")
    say(f"Wrote {out}: {done.assessments} assessment(s), {done.questions} question rows.")
    print_warnings(done.warnings)


COMMANDS: dict[str, Callable[..., None]] = {"template": template, "export": export}
