"""Cell styles and sizes shared by the workbooks we write (openpyxl imported lazily)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

#: Excel's row height limit, in points, and the height of one line of 11pt text.
MAX_ROW_HEIGHT = 409.0
LINE_HEIGHT = 15.0
HEADER_FILL = "1F4E79"
SECTION_FILL = "DDEBF7"
INPUT_FILL = "FFF2CC"


def lines_needed(text: str, width: float) -> int:
    """Roughly how many wrapped lines ``text`` takes in a column ``width`` characters wide."""
    per_line = max(1.0, width * 1.15)  # prose is narrower than the digit '0' widths are measured in
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def row_height(cells: Iterable[tuple[str, float]]) -> float:
    """A height (points) that shows every (text, column width) pair of a row in full."""
    most = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * most + 3)


def header_style(cell: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", start_color=HEADER_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def title_style(cell: Any, size: int = 14) -> None:
    from openpyxl.styles import Font

    cell.font = Font(bold=True, size=size)


def wrap(cell: Any) -> None:
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(wrap_text=True, vertical="top")


def input_cell(cell: Any) -> None:
    """A cell the user fills in: unlocked under sheet protection, and yellow so it shows."""
    from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

    thin = Side(style="thin", color="BFBFBF")
    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", start_color=INPUT_FILL)
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def band_fill(colour: str) -> tuple[Any, Any]:
    """(fill, font) for a cell showing a band: the band's colour with white bold text."""
    from openpyxl.styles import Font, PatternFill

    hex6 = colour.lstrip("#").upper()
    return PatternFill("solid", start_color=hex6), Font(bold=True, color="FFFFFF")


def protect(ws: Any) -> None:
    """Sheet protection without a password; rows and columns can still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
