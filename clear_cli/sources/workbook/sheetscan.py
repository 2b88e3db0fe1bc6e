"""Measure every sheet of a workbook by streaming its XML, before openpyxl builds it.

A workbook can lie about its size: one cell at column XFD, or a row numbered
99999999999, makes openpyxl fill in every empty cell before it (gigabytes from a
100 KB file). Here each sheet's XML is read as a stream, holding one element at a time:
row numbers and cell references beyond Excel's limits are refused, so are sheets
larger than any workbook of clear's, each at its cell. The scan also notes formulas
whose value was never saved (a reader would see an empty cell). The Scores sheet and its
lookup sheet are not measured: no reader ever parses them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from clear_cli.common.errors import Problem, UserError
from clear_cli.common.text import normalise
from clear_cli.sources.workbook import layout

EXCEL_ROWS = 1_048_576
EXCEL_COLS = 16_384
#: Rows and columns clear reads on one sheet: a 10,000-question bank uses about 10,200 rows
#: and seven columns.
MAX_ROWS = 60_000
MAX_COLS = 64
#: Cells in the whole workbook (counted as they stream past).
MAX_CELLS = 500_000

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(-?\d+)$")


@dataclass
class SheetScan:
    """What the stream showed of one sheet: formula cells with no saved value."""

    uncached: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


def column_letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet name, from the workbook's own list of sheets."""
    from defusedxml.ElementTree import fromstring

    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {n: n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels.iter(f"{_PKG}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id", "")] = posixpath.normpath(part)
    out: dict[str, str] = {}
    for sheet in fromstring(zf.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_REL}id", ""), "")
        if part in names:
            out[part] = sheet.get("name", part)
    return out


def scan_workbook(zf: zipfile.ZipFile, file: str) -> dict[str, SheetScan]:
    """Every sheet measured; a UserError naming the sheet and cell for one that lies."""
    scans: dict[str, SheetScan] = {}
    budget = [MAX_CELLS]
    for part, name in sheet_parts(zf).items():
        if normalise(name) in layout.IGNORED:  # never parsed by anything: nothing to measure
            continue
        with zf.open(part) as stream:
            scans[name] = _scan(stream, file, name, budget)
    return scans


def _scan(stream: IO[bytes], file: str, sheet: str, budget: list[int]) -> SheetScan:
    from defusedxml.ElementTree import iterparse

    out = SheetScan()
    refuse = _Where(file, sheet)
    row = 0
    col = 0
    has_formula = has_value = False
    for event, elem in iterparse(stream, events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == f"{_MAIN}row":
                r = elem.get("r")
                if r is None:  # rows may leave out their numbers: then they count up
                    row = _check_row(row + 1, refuse, f"row {row + 1}")
                else:
                    row = _row_number(r, refuse, f"row {r[:20]}")
                col = 0
            elif tag == f"{_MAIN}c":
                budget[0] -= 1
                if budget[0] < 0:
                    raise refuse(
                        "",
                        "the workbook has more than {MAX_CELLS:,} cells; no "
                        "workbook of clear's comes near that, so it is refused",
                    )
                ref = elem.get("r")
                if ref is None:
                    col += 1
                else:
                    col, row = _cell(ref, refuse)
                has_formula = has_value = False
            elif tag == f"{_MAIN}dimension":
                for ref in (elem.get("ref") or "").split(":"):
                    if ref:
                        _cell(ref, refuse, limits_only=True)
            continue
        if tag == f"{_MAIN}f":
            has_formula = True
        elif tag == f"{_MAIN}v":
            has_value = bool(elem.text)
        elif tag == f"{_MAIN}c":
            if has_formula and not has_value:
                out.uncached.add((row, col))
            elem.clear()
        elif tag == f"{_MAIN}row":
            elem.clear()
    return out


def _row_number(text: str, refuse: _Where, place: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise refuse(place, f"'{text[:20]}' is not a row number") from None
    return _check_row(n, refuse, place)


def _check_row(n: int, refuse: _Where, place: str, *, limits_only: bool = False) -> int:
    if n < 1:
        raise refuse(place, f"row number {n} is not a row (rows start at 1)")
    if n > EXCEL_ROWS:
        raise refuse(
            place,
            f"row {n:,} is beyond Excel's last row ({EXCEL_ROWS:,}): the file was not "
            "saved by a spreadsheet, or is damaged",
        )
    if n > MAX_ROWS and not limits_only:
        raise refuse(
            place,
            f"a cell in row {n:,}: clear reads the first {MAX_ROWS:,} rows of a sheet; "
            "delete what is below them",
        )
    return n


def _cell(ref: str, refuse: _Where, *, limits_only: bool = False) -> tuple[int, int]:
    m = _REF.match(ref)
    shown = ref[:20]
    if m is None:
        raise refuse("", f"'{shown}' is not a cell reference (such as B7)")
    col = column_number(m[1])
    row = _check_row(int(m[2]), refuse, shown, limits_only=limits_only)
    if col > EXCEL_COLS:
        raise refuse(
            shown,
            f"column {m[1].upper()} is beyond Excel's last column (XFD): the file was not "
            "saved by a spreadsheet, or is damaged",
        )
    if col > MAX_COLS and not limits_only:
        raise refuse(
            shown,
            f"a cell in column {m[1].upper()}: clear reads columns A to "
            f"{column_letter(MAX_COLS)} of a sheet; delete what is beyond them",
        )
    return col, row


@dataclass(frozen=True)
class _Where:
    """Makes the error for a place on one sheet."""

    file: str
    sheet: str

    def __call__(self, place: str, message: str) -> UserError:
        where = f"sheet '{self.sheet}', {place}" if place else f"sheet '{self.sheet}'"
        return UserError([Problem(self.file, where, message)])
