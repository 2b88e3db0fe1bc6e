"""Read back a plan workbook written by ``clear plan``, as the alliance left it.

The workbook may have been edited in Excel or LibreOffice: columns moved, rows sorted or
filtered, a status typed in lower case. It is opened with the project's safe workbook
reading (size and zip-bomb checks, no XML entities), values only. Every problem is named
by sheet and cell, all at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.common.text import normalise
from clear_cli.models.plan_table import COLUMNS, EDITABLE, STATUSES, OldRow, Tracking, status_of
from clear_cli.sources.catalogue import printable
from clear_cli.sources.workbook import layout
from clear_cli.sources.workbook.about import bad_serial, unquote
from clear_cli.sources.workbook.safety import Sheet, read_sheets

#: The columns a plan sheet must have for its rows to be carried over.
NEEDED = ("ID", *EDITABLE)


def read_plan(path: Path, warnings: list[Problem] | None = None) -> dict[str, OldRow]:
    """The rows of the plan sheet by question id; raises UserError naming every problem.

    What the alliance typed is never dropped without a word: a formula in Owner, Due,
    Status or Notes is kept as the text it shows (its saved value) or, with no saved value,
    as the formula's own text, and either way named in ``warnings``; a date serial number
    no spreadsheet can show is refused at its cell.
    """
    file = display_path(path)
    sheets = [s for s in read_sheets(path) if not s.hidden]
    found = _plan_sheet(sheets)
    if found is None:
        raise UserError.one(
            file,
            "no sheet has a header row with the cells "
            f"{', '.join(NEEDED)}: give a plan workbook written by `clear plan`",
        )
    sheet, header, cols = found
    problems: list[Problem] = []
    rows: dict[str, OldRow] = {}
    first_seen: dict[str, str] = {}
    for r, row in enumerate(sheet.rows[header:], start=header + 1):
        qid = _text(_at(row, cols["id"]))
        if not qid:
            continue
        where = f"sheet '{sheet.name}', {_cell(cols['id'], r)}"
        if qid in rows:
            problems.append(
                Problem(file, where, f"'{qid}' is already in the plan at {first_seen[qid]}")
            )
            continue
        typed = _Typed(file, sheet, r, row, problems, warnings)
        status_text = _text(typed.at(cols["status"]))
        status = status_of(status_text)
        if status is None:
            problems.append(
                Problem(
                    file,
                    f"sheet '{sheet.name}', {_cell(cols['status'], r)}",
                    f"Status '{status_text}' is not one of {', '.join(STATUSES)}: pick one "
                    "from the drop-down, or leave it blank for Not started",
                )
            )
            continue
        first_seen[qid] = _cell(cols["id"], r)
        rows[qid] = OldRow(
            id=qid,
            question=_text(_at(row, cols.get("question"))),
            now=_text(_at(row, cols.get("now"))),
            tracking=Tracking(
                owner=_text(typed.at(cols["owner"])),
                due=_due(typed.at(cols["due"])),
                status=status,
                notes=_text(typed.at(cols["notes"])),
            ),
        )
    if problems:
        raise UserError(problems)
    return rows


@dataclass
class _Typed:
    """The editable cells of one plan row, read as the alliance typed them."""

    file: str
    sheet: Sheet
    r: int  # the row, 1-based
    row: tuple[Any, ...]
    problems: list[Problem]
    warnings: list[Problem] | None

    def at(self, col: int) -> Any:
        value = _at(self.row, col)
        ref = _cell(col, self.r)
        where = f"sheet '{self.sheet.name}', {ref}"
        if ref in self.sheet.bad_dates:
            self.problems.append(Problem(self.file, where, bad_serial(self.sheet.bad_dates[ref])))
            return None
        formula = self.sheet.formulas.get((self.r, col + 1))
        if formula is None:
            return value
        shown = printable("=" + formula, 60)
        if (self.r, col + 1) in self.sheet.uncached or value is None:
            value = "=" + formula
            said = f"holds the formula {shown} with no saved value: carried over as its text"
        else:
            said = (
                f"holds the formula {shown}: carried over as the value it showed, "
                f"'{printable(_text(value), 40)}' (a plan holds values, never formulas)"
            )
        if self.warnings is not None:
            self.warnings.append(Problem(self.file, where, said))
        return value


def _plan_sheet(sheets: list[Sheet]) -> tuple[Sheet, int, dict[str, int]] | None:
    """The plan sheet (the one named Plan first), its header row and its columns by key."""
    name = normalise(layout.wording()["plan"]["sheet"])
    for sheet in sorted(sheets, key=lambda s: normalise(s.name) != name):
        for r, row in enumerate(sheet.rows[: layout.HEADER_SEARCH_ROWS], start=1):
            cols: dict[str, int] = {}
            for c, value in enumerate(row):
                key = normalise(value) if isinstance(value, str) else ""
                if key in _KEYS and _KEYS[key] not in cols:
                    cols[_KEYS[key]] = c
            if all(normalise(k) in cols for k in NEEDED):
                return sheet, r, cols
    return None


_KEYS = {normalise(c): normalise(c) for c in COLUMNS}


def _at(row: tuple[Any, ...], col: int | None) -> Any:
    return row[col] if col is not None and col < len(row) else None


def _cell(col: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row}"


def _text(value: Any) -> str:
    """A cell as the text a person typed: an apostrophe we added before formula-like text
    is dropped (it is added again when written), numbers shown without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unquote(str(value)).strip()


def _due(value: Any) -> dt.date | str:
    """A due date stays a date; anything else typed there ("March", "Q3") stays text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _text(value)
