"""Where workbooks are written: checks on the output path, and saving in one step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from clear_cli.atomic import replace_atomically
from clear_cli.errors import UserError


def check_out(out: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output path that is not .xlsx, has no folder, is an input, or exists."""
    if out.suffix.lower() != ".xlsx":
        raise UserError.one(
            out,
            f"the output must be an .xlsx workbook, not "
            f"'{out.suffix or 'no suffix'}': give a name ending in .xlsx",
        )
    if not out.parent.is_dir():
        raise UserError.one(out, f"folder '{out.parent}' does not exist: create it first")
    if out.is_dir():
        raise UserError.one(out, "is a folder: give a file name ending in .xlsx")
    if out.exists():
        resolved = out.resolve()
        if any(p.resolve() == resolved for p in inputs):
            raise UserError.one(out, "is also one of the input files: give another --out name")
        if not force:
            raise UserError.one(
                out, "already exists: use --force to replace it, or choose another --out name"
            )


def save_atomically(wb: Any, out: Path, *, alt_text: Mapping[str, str] | None = None) -> None:
    """Save through :func:`clear_cli.atomic.replace_atomically`: a temporary file beside
    ``out``, moved into place in one step, so a failure part way leaves any earlier ``out``.
    ``alt_text`` maps a sheet's name to the alt text of the charts on it.
    """

    def write(tmp: Path) -> None:
        wb.save(tmp)
        if alt_text:
            from clear_cli.workbook.alt_text import describe_charts

            describe_charts(tmp, alt_text)

    replace_atomically(out, write)
