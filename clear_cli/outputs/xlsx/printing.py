"""How every workbook clear writes prints: A4, fitted to the page width, header rows repeated.

One call per sheet, for normal and write-only sheets alike (openpyxl gives both the same
``page_setup``, ``page_margins`` and ``print_title_rows``), so no workbook prints a table
four pages wide or loses its column headings after the first page.
"""

from __future__ import annotations

from typing import Any

#: Margins in inches (openpyxl's unit): narrow enough for wide tables, wide enough to hold.
MARGIN = 0.4
#: The paper size code of A4 in SpreadsheetML.
PAPER_A4 = 9
HEADER_MARGIN = 0.2


def print_setup(
    ws: Any,
    *,
    header_row: int | None = None,
    landscape: bool = True,
    one_page: bool = False,
) -> None:
    """A4, fitted to one page wide (and one page tall with ``one_page``), the row
    ``header_row`` repeated at the top of every printed page, page numbers in the footer."""
    setup = ws.page_setup
    setup.paperSize = PAPER_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margins = ws.page_margins
    margins.left = margins.right = margins.top = margins.bottom = MARGIN
    margins.header = margins.footer = HEADER_MARGIN
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    if hasattr(ws, "oddFooter"):  # write-only sheets have no header and footer
        ws.oddFooter.center.text = "&A, page &P of &N"
