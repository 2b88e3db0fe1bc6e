"""``clear combine FILE...``: several assessors' answers for one locality, one consensus draft."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.display import say
from clear_cli.outputs.combine_files import combine_files
from clear_cli.outputs.json_out.combine_json import to_json
from clear_cli.outputs.terminal.combine_summary import summary


def combine(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Two or more answers files (.yaml, .yml, .json) or filled workbooks (.xlsx) "
            "of one locality, one per assessor or partner."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The consensus draft to write: an answers file (.yaml) or a workbook (.xlsx).",
        ),
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the disputes and the number agreed as JSON (described in docs/json.md; "
            "`clear schema combine`).",
        ),
    ] = False,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """Combine several assessors' answers into one draft, with every disagreement flagged.

    Agreed answers are kept; a disputed one starts at the lower median of the answers.

    Every answer and its evidence stay in the question's note, with who gave them.

    Each question is combined over the files that answered it.
    """

    consensus = combine_files(files, out, force=force, banks=bank or [])
    print_warnings(consensus.warnings)
    if as_json:
        say(f"Wrote {out}", err=True)
        say(json.dumps(to_json(consensus), indent=2))
        return
    say(summary(consensus, out))


COMMANDS: dict[str, Callable[..., None]] = {"combine": combine}
