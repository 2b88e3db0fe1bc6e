"""Make user text safe to put in a spreadsheet cell: it can never become a formula.

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula (and some treat a leading tab or carriage return the same way once
re-imported from CSV). OWASP's advice is to prefix such text with a single quote; we
also store it explicitly as a string so openpyxl never writes a formula.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Excel's limit for the text of one cell.
MAX_CELL_TEXT = 32767
#: Control characters are not allowed in XML 1.0 (openpyxl refuses them); tab, LF, CR are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value: str) -> str:
    """Text a workbook's XML can hold: the control characters XML 1.0 forbids left out.

    The one rule for every text clear puts in a workbook: cells (through :func:`safe_text`)
    and the document properties (:func:`safe_properties`), so a locality holding ESC can
    never make a file that Excel refuses to open.
    """
    return _CONTROL.sub("", value)


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as typed and never evaluates."""
    text = xml_text(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def set_text(cell: Any, value: str) -> None:
    """Write user text into an openpyxl cell as a plain string, never a formula.

    Text longer than a cell holds is cut (ending in ``…``) and the cell is noted, so the
    writer can say so (:func:`cut_cells`): nothing is left out without a word.
    """
    full = xml_text(value)
    if len(full) + full.startswith(FORMULA_STARTS) > MAX_CELL_TEXT:
        _note_cut(cell, len(full))
    cell.value = safe_text(value)
    cell.data_type = "s"


def safe_properties(properties: Any) -> None:
    """Every text of a workbook's document properties (title, creator, ...) made XML-safe."""
    for name, value in list(vars(properties).items()):
        if isinstance(value, str):
            setattr(properties, name, xml_text(value))


#: Cells cut to the limit, by workbook: (sheet, cell, the text's full length).
_CUT: weakref.WeakKeyDictionary[Any, list[tuple[str, str, int]]] = weakref.WeakKeyDictionary()


def _note_cut(cell: Any, length: int) -> None:
    ws = getattr(cell, "parent", None)
    wb = getattr(ws, "parent", None)
    if wb is None:
        return
    try:
        where = str(cell.coordinate)
    except (AttributeError, TypeError):  # a write-only cell has no place until appended
        where = ""
    _CUT.setdefault(wb, []).append((str(getattr(ws, "title", "")), where, length))


def cut_cells(wb: Any) -> list[tuple[str, str, int]]:
    """The cells of ``wb`` whose text was cut to :data:`MAX_CELL_TEXT`: (sheet, cell, length)."""
    try:
        return list(_CUT.get(wb, []))
    except TypeError:  # not weakly referable: nothing was noted
        return []
