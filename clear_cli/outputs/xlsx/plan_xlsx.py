"""``clear plan --out PLAN.xlsx``: the action plan as a workbook the alliance edits all year.

Sheets: Plan (a short About block, then one row per weak question in priority order),
To answer, and, with ``--previous``, Closed since last plan. Owner, Due, Status (a
drop-down) and Notes are yellow and unlocked; everything else is protected without a
password. Values only: every piece of text goes through ``set_text``, so nothing typed
by anyone can become a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from clear_cli import __version__
from clear_cli.common.cells import set_text
from clear_cli.core.plan import Plan, PlanRow
from clear_cli.models.plan_table import COLUMNS, EDITABLE, STATUSES, Tracking
from clear_cli.outputs.outfiles import Output
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.xlsx import style
from clear_cli.outputs.xlsx.files import save_atomically
from clear_cli.outputs.xlsx.printing import print_setup
from clear_cli.sources.workbook import layout

#: Column widths (characters), each at least its header's ("Priority" is never clipped); the
#: Suggested lead wide enough that three or four partners' names wrap in a few lines.
WIDTHS = {
    name: style.header_width(name, width)
    for name, width in zip(COLUMNS, (6, 6, 8, 30, 15, 15, 36, 26, 30, 14, 11, 12, 22), strict=True)
}
DATE = "yyyy-mm-dd"


def write_plan_workbook(plan: Plan, output: Output, source: str) -> None:
    """Build the workbook and move it into place in one step."""
    from openpyxl import Workbook

    words = layout.wording()["plan"]
    wb = Workbook()
    style.register(wb)
    ws = wb.active
    ws.title = words["sheet"]
    write_rows(ws, plan, about_lines(plan, source))
    write_to_answer(wb.create_sheet(words["to_answer"]), plan)
    if plan.previous is not None:
        write_closed(wb.create_sheet(words["closed"]), plan)
    wb.properties.creator = f"clear {__version__}"
    wb.properties.description = GENERATOR_MARK
    save_atomically(wb, output)


def about_lines(plan: Plan, source: str) -> list[str]:
    """The About block: whose plan, from which assessment, where to start, how to use it."""
    kind = "self-assessment" if plan.assessment == "self" else "peer assessment"
    when = f" of {plan.date.isoformat()}" if plan.date else ""
    where = (
        f"Where to start: stop {plan.start.number}, {plan.start.title}. {plan.reason}"
        if plan.start
        else plan.reason
    )
    made = f"Made {dt.date.today().isoformat()} by clear {__version__} from {source}"
    if plan.previous:
        made += f"; Owner, Due, Status and Notes carried over from {plan.previous}"
    order = "; ".join(
        f"{g.stop.number} {g.stop.title}" + (" (start here)" if g.start else "")
        for g in plan.groups
        if g.stop is not None
    )
    lines = [
        f"Locality: {plan.locality} ({kind}{when})",
        where,
        *(
            [
                f"The first {len(plan.rows)} of {plan.all_actions} actions by priority "
                f"({plan.not_shown} more not shown: run clear plan without --top for them all)."
            ]
            if plan.all_actions
            else []
        ),
        f"Stops in plan order: {order or 'none'}.",
        f"{made}.",
        " ".join(layout.wording()["plan"]["how"].split()),
    ]
    return lines


def write_rows(ws: Any, plan: Plan, about: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    last_col = get_column_letter(len(COLUMNS))
    total = sum(WIDTHS.values())
    set_text(ws.cell(1, 1), layout.wording()["plan"]["title"].format(locality=plan.locality))
    style.title_style(ws.cell(1, 1))
    for r, text in enumerate(about, start=2):
        cell = ws.cell(r, 1)
        set_text(cell, text)
        style.wrap(cell)
        ws.merge_cells(f"A{r}:{last_col}{r}")
        ws.row_dimensions[r].height = style.row_height([(text, total)])
    header = len(about) + 3
    for c, name in enumerate(COLUMNS, start=1):
        style.header_style(ws.cell(header, c, name))
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[name]
    row = header
    for row, item in enumerate(plan.rows, start=header + 1):
        write_row(ws, row, item)
    if plan.rows:
        add_status_list(ws, f"{column('Status')}{header + 1}:{column('Status')}{row}")
        add_due_prompt(ws, f"{column('Due')}{header + 1}:{column('Due')}{row}")
    ws.auto_filter.ref = f"A{header}:{last_col}{max(row, header + 1)}"
    ws.freeze_panes = f"D{header + 1}"
    print_setup(ws, header_row=header)
    style.protect(ws)
    ws.protection.autoFilter = False  # filtering by stop, owner or status stays allowed
    ws.protection.sort = False


def column(name: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(COLUMNS.index(name) + 1))


def write_row(ws: Any, row: int, item: PlanRow) -> None:
    values: dict[str, object] = {
        "Priority": item.priority,
        "Stop": item.stop.number if item.stop else None,
        "ID": item.id,
        "Question": item.question,
        "Now": item.now,
        "Target": item.target,
        "Action": item.action,
        "Suggested lead": item.leads,
        "Success measure": item.success,
    }
    for name, value in values.items():
        cell = ws.cell(row, COLUMNS.index(name) + 1)
        if isinstance(value, str):
            set_text(cell, value)
        else:
            cell.value = value
        style.wrap(cell)
    write_tracking(ws, row, item.tracking)
    ws.row_dimensions[row].height = style.row_height(
        [(str(v), WIDTHS[k]) for k, v in values.items() if isinstance(v, str)]
        + [(item.tracking.notes, WIDTHS["Notes"])]
    )


def write_tracking(ws: Any, row: int, tracking: Tracking, first: int | None = None) -> None:
    """Owner, Due, Status and Notes from ``first`` (default: their plan columns), yellow and
    unlocked; a due date stays a date."""
    start = first if first is not None else COLUMNS.index(EDITABLE[0]) + 1
    values = (tracking.owner, tracking.due, tracking.status, tracking.notes)
    for c, value in enumerate(values, start=start):
        cell = ws.cell(row, c)
        style.input_cell(cell)  # first: a named style resets the number format
        if isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE
        elif value:
            set_text(cell, value)


def add_status_list(ws: Any, ref: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    words = layout.wording()["plan"]
    dv = DataValidation(
        type="list",
        formula1=f'"{",".join(STATUSES)}"',
        allow_blank=True,
        showDropDown=False,  # False shows the arrow (the attribute's sense is inverted)
        showInputMessage=True,
        promptTitle=words["status_prompt_title"],
        prompt=words["status_prompt"],
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=words["status_error_title"],
        error=words["status_error"],
    )
    dv.add(ref)
    ws.add_data_validation(dv)


def add_due_prompt(ws: Any, ref: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    words = layout.wording()["plan"]
    dv = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle=words["due_prompt_title"],
        prompt=words["due_prompt"],
    )
    dv.add(ref)
    ws.add_data_validation(dv)


def table(ws: Any, lede: str, headers: Sequence[tuple[str, float]]) -> int:
    """A lede in row 1, headers in row 3, print setup and freezing; the first data row."""
    from openpyxl.utils import get_column_letter

    set_text(ws.cell(1, 1), " ".join(lede.split()))
    ws.cell(1, 1).alignment = _no_wrap()
    for c, (name, width) in enumerate(headers, start=1):
        style.header_style(ws.cell(3, c, name))
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A4"
    print_setup(ws, header_row=3)
    return 4


def write_to_answer(ws: Any, plan: Plan) -> None:
    words = layout.wording()["plan"]
    headers = [("ID", 9), ("Bank", 22), ("Question", 70), ("Stops", 10)]
    first = table(ws, words["to_answer_lede"], headers)
    for r, q in enumerate(plan.to_answer, start=first):
        values = [
            q.id,
            plan.bank_titles.get(q.bank_id, q.bank_id),
            q.question.text,
            ", ".join(str(n) for n in q.question.stops),
        ]
        for c, value in enumerate(values, start=1):
            set_text(ws.cell(r, c), value)
            style.wrap(ws.cell(r, c))
        ws.row_dimensions[r].height = style.row_height([(q.question.text, 70)])
    style.protect(ws)


def write_closed(ws: Any, plan: Plan) -> None:
    words = layout.wording()["plan"]
    headers: list[tuple[str, float]] = [("ID", 9), ("Question", 50), ("Was", 16), ("Now", 16)]
    headers += [(name, WIDTHS[name] + 4) for name in EDITABLE]
    first = table(ws, words["closed_lede"], headers)
    for r, closed in enumerate(plan.closed, start=first):
        old = closed.old
        for c, value in enumerate((old.id, old.question, old.now, closed.now), start=1):
            set_text(ws.cell(r, c), value)
            style.wrap(ws.cell(r, c))
        write_tracking(ws, r, old.tracking, first=5)
        ws.row_dimensions[r].height = style.row_height(
            [(old.question, 50), (old.tracking.notes, WIDTHS["Notes"] + 4)]
        )
    style.protect(ws)


def _no_wrap() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(vertical="top", wrap_text=False)
