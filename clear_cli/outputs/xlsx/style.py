"""Cell styles and sizes shared by the workbooks we write (openpyxl imported lazily)."""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Iterable
from typing import Any

from clear_cli.outputs.contrast import ink_on

#: Excel's row height limit, in points, and the height of one line of 11pt text.
MAX_ROW_HEIGHT = 409.0
LINE_HEIGHT = 15.0
HEADER_FILL = "1F4E79"
SECTION_FILL = "DDEBF7"
INPUT_FILL = "FFF2CC"


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped at words as a
    spreadsheet wraps them (a count of characters alone comes short in a narrow column)."""
    per_line = max(1, math.floor(width * 1.15))  # prose is narrower than the digit '0' widths
    if len(text) > 20_000:  # no need to place every word of a huge cell
        return math.ceil(len(text) / per_line)
    return sum(
        max(1, len(textwrap.wrap(part, per_line, break_on_hyphens=False)))
        for part in text.split("\n")
    )


def row_height(cells: Iterable[tuple[str, float]]) -> float:
    """A height (points) that shows every (text, column width) pair of a row in full."""
    most = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * most + 3)


def header_width(name: str, width: float) -> float:
    """A column's width, widened where its bold header would not fit on one line."""
    return max(width, math.ceil(len(name) * 1.1) + 1)


def header_style(cell: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", start_color=HEADER_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def title_style(cell: Any, size: int = 14) -> None:
    from openpyxl.styles import Font

    cell.font = Font(bold=True, size=size)


#: Named styles for the many cells of a template: a cell takes one by name, which is far
#: cheaper in openpyxl than giving each cell its own font, fill, border and alignment.
TEXT = "clear text"
INPUT = "clear input"
SECTION = "clear section"


def register(wb: Any) -> None:
    """Add the named styles to a workbook (once)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    top = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="BFBFBF")
    styles = [
        NamedStyle(TEXT, alignment=top),
        NamedStyle(
            INPUT,
            alignment=top,
            fill=PatternFill("solid", start_color=INPUT_FILL),
            border=Border(left=thin, right=thin, top=thin, bottom=thin),
            protection=Protection(locked=False),
        ),
        NamedStyle(
            SECTION,
            alignment=top,
            font=Font(bold=True),
            fill=PatternFill("solid", start_color=SECTION_FILL),
        ),
    ]
    for named in styles:
        if named.name not in wb.named_styles:
            wb.add_named_style(named)


def wrap(cell: Any) -> None:
    """Wrapped text, aligned to the top (needs :func:`register`)."""
    cell.style = TEXT


def input_cell(cell: Any) -> None:
    """A cell the user fills in: unlocked under sheet protection, and yellow so it shows."""
    cell.style = INPUT


@functools.cache
def band_fill(colour: str) -> tuple[Any, Any]:
    """(fill, font) for a cell showing a band: the band's colour with bold text in white or
    dark ink, whichever reaches 4.5:1 on it (so amber gets dark text)."""
    from openpyxl.styles import Font, PatternFill

    hex6 = colour.lstrip("#").upper()
    ink = ink_on(colour).lstrip("#").upper()
    return PatternFill("solid", start_color=hex6), Font(bold=True, color=ink)


def protect(ws: Any) -> None:
    """Sheet protection without a password; rows and columns can still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
