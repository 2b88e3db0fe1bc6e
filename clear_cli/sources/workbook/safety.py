"""Open a workbook from a stranger safely, or say plainly why not.

Before openpyxl sees a file we check what it is (a zip, not an old .xls, not an
encrypted OLE container, not CSV text), how big it is, and how big it says it will
become once unzipped (zip bombs), and refuse XML that declares a DTD or entities
(billion laughs). openpyxl then parses with defusedxml (it does so whenever defusedxml
is installed), and every exception it raises on a malformed file becomes a message.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clear_cli.common.errors import UserError, display_path
from clear_cli.common.text import normalise
from clear_cli.sources.inputs import read_bytes
from clear_cli.sources.workbook import layout
from clear_cli.sources.workbook.sheetscan import MAX_COLS, MAX_ROWS, SheetScan, scan_workbook

#: Refused before reading: a filled workbook of every bank is well under 1 MiB.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The most the zip directory may say the parts add up to once uncompressed.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
#: Workbook XML compresses about 5-30 times; far more than this is a zip bomb.
MAX_RATIO = 150
#: Ratios are only judged past this size: tiny parts can compress very well.
RATIO_FLOOR_BYTES = 10 * 1024 * 1024
MAX_PARTS = 5000
#: How much of each XML part is scanned for a DTD (which must come before the root element).
PROLOG_BYTES = 4096

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Sheet:
    """One sheet's cell values (data only: a formula gives its last calculated value).

    ``uncached``: (row, column), 1-based, of formulas whose value was never saved;
    ``bad_dates``: cell reference -> the serial number of a date cell out of range;
    ``formulas``: (row, column), 1-based -> the formula typed there, without its ``=``.
    """

    name: str
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    hidden: bool = False
    uncached: set[tuple[int, int]] = field(default_factory=set)
    bad_dates: dict[str, str] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def refuse(path: Path, message: str) -> UserError:
    return UserError.one(display_path(path), message)


def check_file(path: Path) -> tuple[bytes, dict[str, SheetScan]]:
    """The file's bytes and each sheet's measure, once every check has passed.

    Only a regular file is read, and at most :data:`MAX_FILE_BYTES` of it; the parts
    are then checked without building any of them (zip bombs, XML bombs, sheets that lie
    about their size). Raises UserError.
    """
    raw = read_bytes(path, MAX_FILE_BYTES, what="workbook")
    head = raw[:512]
    if head.startswith(OLE_MAGIC):
        raise refuse(path, ole_message(raw))
    if not head.startswith(ZIP_MAGIC):
        raise refuse(path, not_zip_message(head, len(raw)))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            check_zip(path, zf)
            try:
                return raw, scan_workbook(zf, display_path(path))
            except UserError:
                raise
            except Exception as exc:  # malformed XML, refused entities: the parser's types
                raise refuse(path, parse_failure(exc)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise refuse(
            path,
            f"is damaged or not a workbook ({exc}); open it in Excel and save it again as .xlsx",
        ) from None


def ole_message(rest: bytes) -> str:
    if ENCRYPTED_MARK in rest:
        return (
            "is protected with a password (the file is encrypted), so it cannot be read: "
            "open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt "
            "with Password, then clear it), save, and try again"
        )
    return (
        "is an old Excel 97-2003 workbook (.xls) with an .xlsx name: open it in Excel or "
        "LibreOffice and save it as an Excel workbook (.xlsx)"
    )


def not_zip_message(head: bytes, size: int) -> str:
    if size == 0:
        return "the file is empty"
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return (
            "is an HTML or XML file with an .xlsx name, not a workbook: open it in Excel and "
            "save it as an Excel workbook (.xlsx)"
        )
    text = head.decode("utf-8", errors="replace")  # CSV from Excel may be cp1252: no matter
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        return "is not an Excel workbook (.xlsx): it is not even a zip file"
    return (
        "is a text file (CSV?) with an .xlsx name, not a workbook: open it in Excel and save "
        "it as an Excel workbook (.xlsx)"
    )


def check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise refuse(path, f"has {len(infos)} parts inside; a workbook has a few dozen")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise refuse(path, "is a zip file but not an Excel workbook (.xlsx)")
    unzipped = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise refuse(
            path,
            f"would unpack to {unzipped // (1024 * 1024)} MiB; refusing "
            f"workbooks over {MAX_UNZIPPED_BYTES // (1024 * 1024)} MiB unpacked",
        )
    if unzipped > RATIO_FLOOR_BYTES and unzipped > MAX_RATIO * max(packed, 1):
        raise refuse(
            path,
            f"unpacks {unzipped // max(packed, 1)} times larger than it is (a 'zip "
            "bomb'?); refusing it",
        )
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size:
            with zf.open(info) as part:
                prolog = part.read(PROLOG_BYTES).lower()
            if b"<!doctype" in prolog or b"<!entity" in prolog:
                raise refuse(
                    path,
                    f"part '{info.filename}' declares a DTD or XML entities, "
                    "which workbooks never need (an 'XML bomb'?); refusing it",
                )


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet's values, after :func:`check_file`; any parser failure is a UserError."""
    raw, scans = check_file(path)
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise refuse(
            path,
            "cannot safely read workbooks: the defusedxml package is missing or "
            "turned off (OPENPYXL_DEFUSEDXML); reinstall clear",
        )
    try:
        with warnings.catch_warnings():
            # openpyxl warns (with its own file paths) about parts it ignores: not the user's
            # business. Dates out of range are caught per sheet below, and located.
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(
                io.BytesIO(raw), read_only=True, data_only=True, keep_links=False
            )
        try:
            return [
                Sheet(ws.title, hidden=True)  # worked out from the answers: never read
                if normalise(ws.title) in layout.IGNORED
                else _sheet(ws, scans.get(ws.title))
                for ws in wb.worksheets
            ]
        finally:
            wb.close()
    except UserError:
        raise
    except Exception as exc:  # openpyxl raises many types on malformed files
        raise refuse(path, parse_failure(exc)) from None


_BAD_DATE = re.compile(r"Cell (\w+) is marked as a date but the serial value (\S+) is outside")


def _sheet(ws: Any, scan: SheetScan | None) -> Sheet:
    ws.reset_dimensions()  # trust the cells, not a possibly wrong <dimension> element
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = [
            tuple(r) for r in ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True)
        ]
    bad_dates = {m[1]: m[2] for w in caught if (m := _BAD_DATE.search(str(w.message)))}
    return Sheet(
        ws.title,
        rows,
        getattr(ws, "sheet_state", "visible") != "visible",
        uncached=scan.uncached if scan else set(),
        bad_dates=bad_dates,
        formulas=scan.formulas if scan else {},
    )


def parse_failure(exc: Exception) -> str:
    """Plain words for whatever openpyxl raised; defusedxml's refusals may be wrapped."""
    cause: BaseException | None = exc
    while cause is not None:
        if type(cause).__module__.startswith("defusedxml"):
            return (
                f"contains XML that is refused for safety ({type(cause).__name__}: entities "
                "or a DTD, as in an 'XML bomb'); it cannot be read"
            )
        cause = cause.__cause__ or cause.__context__
    first = str(exc).splitlines()[0] if str(exc) else ""
    return (
        f"cannot be read as an Excel workbook ({type(exc).__name__}: {first}); open it in "
        "Excel and save it again as .xlsx"
    )
