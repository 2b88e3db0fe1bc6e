"""Make user text safe to put in a spreadsheet cell: it can never become a formula.

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula (and some treat a leading tab or carriage return the same way once
re-imported from CSV). OWASP's advice is to prefix such text with a single quote; we
also store it explicitly as a string so openpyxl never writes a formula.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Excel's limit for the text of one cell.
MAX_CELL_TEXT = 32767
#: Control characters are not allowed in XML 1.0 (openpyxl refuses them); tab, LF, CR are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as typed and never evaluates."""
    text = _CONTROL.sub("", value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def set_text(cell: Any, value: str) -> None:
    """Write user text into an openpyxl cell as a plain string, never a formula."""
    cell.value = safe_text(value)
    cell.data_type = "s"
