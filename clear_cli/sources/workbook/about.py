"""Read the About sheet: locality, assessment, assessors, date and notes, as people type them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from clear_cli.common.cells import FORMULA_STARTS
from clear_cli.common.errors import Problem
from clear_cli.common.text import normalise
from clear_cli.models.answers import AREA_CODE
from clear_cli.sources.workbook import layout
from clear_cli.sources.workbook.safety import Sheet

#: Dates outside these years are not an assessment's (a time cell reads as 1900-01-02).
FIRST_YEAR, LAST_YEAR = 1990, 2200
UNCACHED = (
    "a formula whose value was never saved (the file was not saved by a spreadsheet "
    "after it changed): open it in Excel or LibreOffice, save it, and try again"
)

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%Y/%m/%d",
)


def about_values(sheet: Sheet, file: str, problems: list[Problem]) -> dict[str, Any]:
    """The About fields found in columns A (label) and B (value), checked and converted.

    Problems are appended, each at the value's cell; a field left out is simply absent.
    """
    labels = {normalise(v): k for k, v in layout.wording()["about"]["labels"].items()}
    found: dict[str, Any] = {}
    for r, row in enumerate(sheet.rows[: layout.ABOUT_SEARCH_ROWS], start=1):
        if not row:
            continue
        key = labels.get(normalise(row[0]).rstrip(":").strip())
        if key is None or key in found or key not in layout.ABOUT_FIELDS:
            continue
        value = row[1] if len(row) > 1 else None
        where = Problem(file, f"sheet '{sheet.name}', B{r}", "")
        if (r, 2) in sheet.uncached:
            problems.append(Problem(where.file, where.place, UNCACHED))
            continue
        if f"B{r}" in sheet.bad_dates:
            problems.append(Problem(where.file, where.place, bad_serial(sheet.bad_dates[f"B{r}"])))
            continue
        found[key] = _convert(key, value, where, problems)
    if not found.get("locality"):
        at = _row_of(sheet, "locality")
        place = f"sheet '{sheet.name}', B{at}" if at else f"sheet '{sheet.name}'"
        problems.append(
            Problem(
                file,
                place,
                "Locality is empty: type the name of the area "
                "assessed beside 'Locality' in column B",
            )
        )
    return {k: v for k, v in found.items() if v not in (None, "", [])}


def _row_of(sheet: Sheet, key: str) -> int | None:
    label = normalise(layout.wording()["about"]["labels"][key])
    for r, row in enumerate(sheet.rows[: layout.ABOUT_SEARCH_ROWS], start=1):
        if row and normalise(row[0]).rstrip(":").strip() == label:
            return r
    return None


def _convert(key: str, value: Any, where: Problem, problems: list[Problem]) -> Any:
    def bad(message: str) -> None:
        problems.append(Problem(where.file, where.place, message))

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if key == "date":
        if isinstance(value, dt.timedelta) or (
            isinstance(value, dt.datetime | dt.time) and _is_time(value)
        ):
            bad(
                "Date holds a time or a duration, not a date (the cell is formatted as a "
                "time): type the date as 2026-03-01"
            )
            return None
        date = parse_date(value)
        if date is None:
            bad(f"Date '{str(value)[:40]}' is not a date: write it as 2026-03-01 (or 01/03/2026)")
        elif not FIRST_YEAR <= date.year <= LAST_YEAR:
            bad(
                f"Date {date.isoformat()} is not the date of an assessment: type the date "
                "as 2026-03-01"
            )
            return None
        return date
    text = unquote(str(value)).strip()
    if key == "assessment":
        kind = normalise(text)
        if kind.startswith("self"):
            return "self"
        if kind.startswith("peer"):
            return "peer"
        bad(
            f"Assessment '{text}' is neither self nor peer: write self for a self-assessment, "
            "peer for a peer review"
        )
        return None
    if key == "area_code":
        code = text.upper()
        if not re.match(AREA_CODE, code):
            bad(
                f"Area code '{text[:40]}' is not an ONS area code: a capital letter (E, W, S, "
                "N or K) and eight digits, e.g. E10000014"
            )
            return None
        return code
    if key == "assessors":
        parts = re.split(r"[;\n]" if re.search(r"[;\n]", text) else ",", text)
        return [p.strip() for p in parts if p.strip()]
    return text


def bad_serial(serial: str) -> str:
    """A date cell whose serial number no spreadsheet can show as a date."""
    return (
        f"the date serial number {serial[:20]} is outside the dates a spreadsheet can show "
        "(years 1900 to 9999): type the date as 2026-03-01, or the answer as text"
    )


def _is_time(value: dt.datetime | dt.time) -> bool:
    """A spreadsheet time or duration: a time of day, or a 'date' in Excel's first days."""
    return isinstance(value, dt.time) or value.year < FIRST_YEAR


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number, or text in a common UK or ISO form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's date range, 1900-01-01 to 9999-12-31
            from openpyxl.utils.datetime import from_excel

            serial = from_excel(value)
            return serial.date() if isinstance(serial, dt.datetime) else None
        return None
    text = " ".join(str(value).replace(",", " ").split())
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def unquote(text: str) -> str:
    """Undo the apostrophe we put before text a spreadsheet would take for a formula."""

    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
