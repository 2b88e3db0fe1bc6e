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
#: Cells in the whole workbook (counted as they stream past); shared strings too.
MAX_CELLS = 500_000
#: Characters of formulas kept (as typed) over the whole workbook.
MAX_FORMULA_CHARS = 4_000_000
#: Sheets in one workbook: a template of every bank has about a dozen.
MAX_SHEETS = 500
#: The workbook part (its list of sheets): a few KiB in any real workbook.
MAX_WORKBOOK_PART = 4 * 1024 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(-?\d+)$")


@dataclass
class SheetScan:
    """What the stream showed of one sheet: formula cells with no saved value."""

    uncached: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based
    #: every formula cell's formula as typed (without its ``=``), by (row, column), 1-based
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


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


_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


def sheet_parts(zf: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Worksheet part name -> sheet name: the parts openpyxl will load, found its own way.

    openpyxl takes the workbook part from ``[Content_Types].xml``, its sheets from that
    part and its relationships; Excel follows ``_rels/.rels``. Both are followed here, with
    openpyxl's own functions, and a package whose two routes lead to different workbook
    parts (a decoy ``xl/workbook.xml`` beside the real one) is refused: so the parts
    measured are always the parts read.
    """
    from defusedxml.ElementTree import fromstring as parse
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser

    manifest = Manifest.from_tree(parse(zf.read("[Content_Types].xml")))
    part = _find_workbook_part(manifest).PartName.lstrip("/")
    where = _Where(file, "")
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        for rel in parse(zf.read("_rels/.rels")).iter(f"{_PKG}Relationship"):
            if rel.get("Type") != _OFFICE_DOCUMENT or rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
            if target != part:
                raise where.whole(
                    f"its package names two workbook parts ('{target[:60]}' and "
                    f"'{part[:60]}'): a file saved by a spreadsheet never does; refusing it"
                )
    if part not in names:
        raise where.whole(f"its workbook part '{part[:60]}' is missing: the file is damaged")
    if zf.getinfo(part).file_size > MAX_WORKBOOK_PART:
        raise where.whole("its list of sheets is far larger than any workbook's; refusing it")
    parse(zf.read(part))  # defusedxml first: entities and DTDs are refused, whatever parses next
    parser = WorkbookParser(zf, part, keep_links=False)
    parser.parse()
    out: dict[str, str] = {}
    if len(parser.sheets) > MAX_SHEETS:
        raise where.whole(
            f"it has {len(parser.sheets):,} sheets; clear reads workbooks of at most "
            f"{MAX_SHEETS:,}, so it is refused"
        )
    for sheet, rel in parser.find_sheets():
        if rel.target in out:
            raise where.whole(
                f"sheets '{sheet.name[:40]}' and '{out[rel.target][:40]}' share one part "
                f"('{rel.target[:60]}'): a file saved by a spreadsheet never does; refusing it"
            )
        if rel.target in names and "chartsheet" not in rel.Type:
            out[rel.target] = sheet.name
    return out


def shared_strings_part(zf: zipfile.ZipFile) -> str | None:
    """The shared strings part openpyxl reads (from ``[Content_Types].xml``), if any."""
    from defusedxml.ElementTree import fromstring
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import SHARED_STRINGS

    manifest = Manifest.from_tree(fromstring(zf.read("[Content_Types].xml")))
    found = manifest.find(SHARED_STRINGS)
    return None if found is None else str(found.PartName).lstrip("/")


def scan_workbook(zf: zipfile.ZipFile, file: str) -> dict[str, SheetScan]:
    """Every sheet measured; a UserError naming the sheet and cell for one that lies."""
    scans: dict[str, SheetScan] = {}
    budget = [MAX_CELLS, MAX_FORMULA_CHARS]
    for part, name in sheet_parts(zf, file).items():
        if normalise(name) in layout.IGNORED:  # never parsed by anything: nothing to measure
            continue
        with zf.open(part) as stream:
            scans[name] = _scan(stream, file, name, budget)
    strings = shared_strings_part(zf)
    if strings is not None and strings in set(zf.namelist()):
        with zf.open(strings) as stream:
            _count_strings(stream, _Where(file, ""))
    return scans


def _count_strings(stream: IO[bytes], where: _Where) -> None:
    """Refuse a shared strings table longer than any workbook of clear's needs."""
    from defusedxml.ElementTree import iterparse

    left = MAX_CELLS
    for _, elem in iterparse(stream, events=("end",)):
        if elem.tag == f"{_MAIN}si":
            left -= 1
            if left < 0:
                raise where.whole(
                    f"its table of shared text holds more than {MAX_CELLS:,} entries; no "
                    "workbook of clear's comes near that, so it is refused"
                )
            elem.clear()


def _scan(stream: IO[bytes], file: str, sheet: str, budget: list[int]) -> SheetScan:
    from defusedxml.ElementTree import iterparse

    out = SheetScan()
    refuse = _Where(file, sheet)
    row = 0
    col = 0
    has_formula = has_value = False
    formula = ""
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
                        f"the workbook has more than {MAX_CELLS:,} cells; no "
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
            formula = elem.text or ""
        elif tag == f"{_MAIN}v":
            has_value = bool(elem.text)
        elif tag == f"{_MAIN}c":
            if has_formula:
                if not has_value:
                    out.uncached.add((row, col))
                budget[1] -= len(formula) + 1
                if budget[1] < 0:
                    raise refuse(
                        "",
                        f"the workbook holds more than {MAX_FORMULA_CHARS:,} characters of "
                        "formulas; no workbook of clear's comes near that, so it is refused",
                    )
                out.formulas[(row, col)] = formula
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

    def whole(self, message: str) -> UserError:
        """The error for the workbook as a whole (its package, not one sheet)."""
        return UserError([Problem(self.file, "", message)])
