"""Commands about the banks themselves: banks, show, roadmap, validate, schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import typer

from clear_cli.cli.options import ForceOpt
from clear_cli.common.display import say, visible
from clear_cli.common.errors import UserError
from clear_cli.models.schema import json_schema
from clear_cli.outputs.json_out import banks_json
from clear_cli.outputs.pages.pack import write_pack
from clear_cli.outputs.terminal.catalogue_view import (
    banks_table,
    roadmap_list,
    roadmap_stop,
    show_bank,
)
from clear_cli.sources.catalogue import load_catalogue

BankArg = Annotated[str, typer.Argument(help="Bank id (e.g. leadership) or path to a bank file.")]


def banks(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print JSON instead of a table (described in docs/json.md; `clear schema banks`).",
        ),
    ] = False,
) -> None:
    """List the bundled question banks: id, title, version, sections, questions."""

    rows = banks_json.to_json(load_catalogue(["all"]))
    if as_json:
        say(json.dumps(rows, indent=2))
        return

    banks_table(rows)


def show(
    bank: BankArg,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write a printable workshop pack (.html or .md) instead of printing: each "
            "question with its guidance, answers to tick and space to write.",
        ),
    ] = None,
    compact: Annotated[
        bool,
        typer.Option(
            "--compact",
            help="With --out: a short pack, each question with its answer keys to tick and a "
            "line for evidence, the scales once, and the guidance in an appendix.",
        ),
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Print a bank's scales, sections, questions and guidance; or, with --out, write a
    printable workshop pack for partners to prepare with."""
    if out is not None:
        say(f"Wrote {write_pack([bank], out, force=force, compact=compact)}")
        return
    if compact:
        raise UserError.one("--compact", "shapes the workshop pack: give --out PACK.html too")

    cat = load_catalogue([bank])
    for b in cat.banks.values():
        show_bank(b, cat.roadmap)


def roadmap(
    stop: Annotated[int | None, typer.Argument(help="A stop number, 1-12.", min=1, max=12)] = None,
) -> None:
    """The 12 stops of the Local Alliances Roadmap, or one stop with its questions."""

    cat = load_catalogue(["all"])
    if stop is None:
        roadmap_list(cat)
    else:
        roadmap_stop(cat, stop)


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Bank files to check (default: every bundled bank)."),
    ] = None,
) -> None:
    """Check bank files: structure, scales, targets, unique ids, roadmap stops."""

    names = [str(p) for p in paths] if paths else ["all"]
    for p in paths or []:
        if not p.exists():
            raise UserError.one(p, "file not found")
    cat = load_catalogue(names)
    total = 0
    for b in cat.banks.values():
        n = len(b.questions)
        total += n
        say(
            visible(
                f"ok  {cat.files[b.id]}: {b.id} v{b.version}, {len(b.sections)} sections, "
                f"{n} questions",
                one_line=True,
            )
        )
    say(f"{len(cat.banks)} bank(s) valid, {total} questions; roadmap and scoring bands valid.")


def schema(
    kind: Annotated[
        Literal["bank", "answers", "review-notes", "score", "trend", "compare", "combine", "banks"],
        typer.Argument(
            help="What the schema describes: a bank, an answers file, a review notes file, or "
            "the JSON of score, trend, compare, combine or banks."
        ),
    ] = "bank",
) -> None:
    """Print the JSON Schema of a bank, answers or review notes file (for editors that
    validate YAML), or of the output of `clear score --json`, `clear trend --json`,
    `clear compare --json`, `clear combine --json` or `clear banks --json` (see docs/json.md)."""

    say(json.dumps(json_schema(kind), indent=2))


COMMANDS: dict[str, Callable[..., None]] = {
    "banks": banks,
    "show": show,
    "roadmap": roadmap,
    "validate": validate,
    "schema": schema,
}
