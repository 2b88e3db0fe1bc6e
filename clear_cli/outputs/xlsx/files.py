"""Where workbooks are written: the output rule of :mod:`clear_cli.outputs.outfiles`, for .xlsx."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from clear_cli.outputs.outfiles import Output, check_output, write_workbook


def check_out(out: Path, *, kind: str, force: bool, inputs: Sequence[str | Path] = ()) -> Output:
    """Refuse an output path that is not .xlsx, has no folder, is an input, or may not be
    replaced (see :mod:`clear_cli.outputs.outfiles`)."""
    return check_output(out, kind=kind, inputs=inputs, force=force)


def save_atomically(wb: Any, output: Output, *, alt_text: Mapping[str, str] | None = None) -> None:
    """Save in one step with the output's record: a failure part way leaves any earlier file.
    ``alt_text`` maps a sheet's name to the alt text of the charts on it."""
    write_workbook(output, wb, alt_text=alt_text)
