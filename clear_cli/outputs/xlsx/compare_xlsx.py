"""``clear compare --out OUT.xlsx``: the comparison as a workbook for analysts.

Sheets: Summary, Banks (banks and sections), Questions (answers that differ), One side only
(answered on one side, unanswered or not applicable on the other), Stops, Left out.
Numbers are values, never formulas; every piece of user text goes through ``set_text``.
"""

from __future__ import annotations

from typing import Any

from clear_cli import __version__
from clear_cli.common.cells import set_text
from clear_cli.core.compare import Comparison, QuestionDiff, Row, answer_label
from clear_cli.outputs.outfiles import Output
from clear_cli.outputs.wording import COLOURS, difference_heading, is_big, title_of
from clear_cli.outputs.xlsx.files import save_atomically
from clear_cli.outputs.xlsx.printing import print_setup

#: the colours of a difference, as openpyxl writes them ("A84E0D")
FONT_COLOURS = {side: colour.lstrip("#").upper() for side, colour in COLOURS.items()}


def write_xlsx(c: Comparison, output: Output) -> None:
    """Build the workbook and move it into place atomically."""
    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    _summary(summary, c, title_of(c))
    _banks(wb.create_sheet("Banks"), c)
    _questions(wb.create_sheet("Questions"), c)
    _one_sided(wb.create_sheet("One side only"), c)
    _stops(wb.create_sheet("Stops"), c)
    _left_out(wb.create_sheet("Left out"), c)
    wb.properties.creator = f"clear {__version__}"
    save_atomically(wb, output)


def _header(ws: Any, names: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (name, width) in enumerate(zip(names, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=col)
        set_text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F4F6F7")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, header_row=1)


def _text(ws: Any, row: int, col: int, value: str | None) -> None:
    set_text(ws.cell(row=row, column=col), value or "")


def _number(ws: Any, row: int, col: int, value: float | None, fmt: str = "0.00") -> None:
    from openpyxl.styles import Font

    if value is None:
        set_text(ws.cell(row=row, column=col), "n/a")
        return
    cell = ws.cell(row=row, column=col, value=float(value))
    cell.number_format = fmt
    if fmt.startswith("+"):
        if value < 0:
            cell.font = Font(color=FONT_COLOURS["a"], bold=is_big(value))
        elif value > 0:
            cell.font = Font(color=FONT_COLOURS["b"], bold=is_big(value))


SIGNED = "+0.00;-0.00;0"


def _summary(ws: Any, c: Comparison, title: str) -> None:
    from openpyxl.styles import Font

    _text(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 40
    print_setup(ws, landscape=False, one_page=True)
    for col, side in ((2, c.a), (3, c.b)):
        _text(ws, 3, col, side.label)
        ws.cell(row=3, column=col).font = Font(bold=True)
        _text(ws, 4, col, side.locality)
        _text(ws, 5, col, side.assessment)
        _text(ws, 6, col, side.date.isoformat() if side.date else "")
        _text(ws, 7, col, "; ".join(side.assessors))
        _text(ws, 8, col, side.source)
        _number(ws, 9, col, c.overall.a_percent if col == 2 else c.overall.b_percent)
    for row, label in enumerate(
        (
            "Item",
            "Locality",
            "Assessment",
            "Date",
            "Assessors",
            "File",
            "Overall %",
            difference_heading(c),
            "Questions compared",
            "Answered differently",
            "Kind",
        ),
        start=3,
    ):
        _text(ws, row, 1, label)
    ws.cell(row=3, column=1).font = Font(bold=True)
    ws.freeze_panes = "A4"  # the header row (Item, A's label, B's label) stays in view
    _number(ws, 10, 2, c.overall.difference, SIGNED)
    ws.cell(row=11, column=2, value=c.compared)
    ws.cell(row=12, column=2, value=len(c.questions))
    _text(ws, 13, 2, c.kind)
    if c.self_side is not None:
        _text(ws, 14, 1, "Self rated higher")
        ws.cell(row=14, column=2, value=len(c.self_higher))
        _text(ws, 15, 1, "Self rated lower")
        ws.cell(row=15, column=2, value=len(c.self_lower))
    _text(ws, 16, 1, "Answered on one side only")
    ws.cell(row=16, column=2, value=len(c.one_sided))
    if c.not_listed:
        _text(ws, 12, 3, f"the {len(c.listed)} largest listed on the Questions sheet (--top)")
    _text(ws, 17, 1, "Completeness %")
    _text(ws, 18, 1, "Provisional")
    for col, side in ((2, c.a), (3, c.b)):
        _number(ws, 17, col, round(side.completeness, 2))
        _text(ws, 18, col, "yes: below 80% answered" if side.provisional else "no")


def _row(ws: Any, r: int, bank: str, section: str, row: Row, compared: int | None) -> None:
    _text(ws, r, 1, bank)
    _text(ws, r, 2, section)
    _text(ws, r, 3, row.title)
    _number(ws, r, 4, row.a_percent)
    _number(ws, r, 5, row.b_percent)
    _number(ws, r, 6, row.difference, SIGNED)
    for col, value in enumerate((row.a_points, row.a_max, row.b_points, row.b_max), start=7):
        _number(ws, r, col, value, "0.##")
    if compared is not None:
        ws.cell(row=r, column=11, value=compared)


def _banks(ws: Any, c: Comparison) -> None:
    _header(
        ws,
        [
            "Bank",
            "Section",
            "Title",
            f"{c.a.label} %",
            f"{c.b.label} %",
            difference_heading(c),
            f"{c.a.label} points",
            f"{c.a.label} max",
            f"{c.b.label} points",
            f"{c.b.label} max",
            "Questions compared",
        ],
        [14, 10, 44, 12, 12, 12, 10, 10, 10, 10, 12],
    )
    r = 2
    for b in c.banks:
        _row(ws, r, b.id, "", b, b.compared)
        r += 1
        for s in b.sections:
            _row(ws, r, b.id, s.id, s, None)
            r += 1
    _row(ws, r, "overall", "", c.overall, c.compared)


def _questions(ws: Any, c: Comparison) -> None:
    """The answers that differ: labels and levels on the answer scale, largest first."""
    la, lb = c.a.label, c.b.label
    _answer_header(ws, c, f"Difference in levels ({lb} - {la})", 12)
    for r, q in enumerate(c.listed, start=2):
        _number(ws, r, 1, q.level_difference, "+0;-0;0")
        _answers(ws, r, q)


def _answer_header(ws: Any, c: Comparison, first: str, first_width: int) -> None:
    """The header of a sheet of answers: a first column, then where the question is, both
    answers and levels, evidence and notes (the columns :func:`_answers` fills)."""
    la, lb = c.a.label, c.b.label
    sides = [f"{la} answer", f"{la} level", f"{lb} answer", f"{lb} level"]
    notes = [f"{la} evidence", f"{lb} evidence", f"{la} note", f"{lb} note"]
    _header(
        ws,
        [first, "ID", "Bank", "Section", "Question", *sides, *notes],
        [first_width, 9, 12, 9, 50, 22, 9, 22, 9, 40, 40, 24, 24],
    )


def _answers(ws: Any, r: int, q: QuestionDiff) -> None:
    """Columns 2-13 of a question's row: where it is, both answers, levels, evidence, notes."""
    for col, value in (
        (2, q.id),
        (3, q.a.bank_id),
        (4, q.a.section_id),
        (5, q.a.question.text),
        (6, answer_label(q.a)),
        (8, answer_label(q.b)),
        (10, q.a.response.evidence),
        (11, q.b.response.evidence),
        (12, q.a.response.note),
        (13, q.b.response.note),
    ):
        _text(ws, r, col, value)
    for col, lvl in ((7, q.a_level), (9, q.b_level)):
        if lvl is not None:
            _number(ws, r, col, lvl, "0.##")


def _one_sided(ws: Any, c: Comparison) -> None:
    """Answered on one side only: not disagreements, so no difference."""
    _answer_header(ws, c, "What happened", 30)
    r = 2
    for case, questions in c.one_sided_groups:
        for q in questions:
            _text(ws, r, 1, case)
            _answers(ws, r, q)
            r += 1


def _stops(ws: Any, c: Comparison) -> None:
    _header(
        ws,
        [
            "Stop",
            "Title",
            f"{c.a.label} shortfall %",
            f"{c.b.label} shortfall %",
            difference_heading(c),
            "Few answers",
            "Questions",
        ],
        [6, 40, 14, 14, 12, 16, 50],
    )
    for r, s in enumerate(c.stops, start=2):
        ws.cell(row=r, column=1, value=s.stop)
        _text(ws, r, 2, s.title)
        _number(ws, r, 3, round(s.a_shortfall, 2), "0.##")
        _number(ws, r, 4, round(s.b_shortfall, 2), "0.##")
        _number(ws, r, 5, round(s.difference, 2), SIGNED)
        few = [side.label for side, ranked in ((c.a, s.a_ranked), (c.b, s.b_ranked)) if not ranked]
        _text(ws, r, 6, ", ".join(few))
        _text(ws, r, 7, ", ".join(s.questions))


def _left_out(ws: Any, c: Comparison) -> None:
    _header(ws, ["Bank", "Question", "Reason", "Explanation"], [14, 10, 20, 70])
    for r, x in enumerate(c.left_out, start=2):
        _text(ws, r, 1, x.bank)
        _text(ws, r, 2, x.question)
        _text(ws, r, 3, x.reason)
        _text(ws, r, 4, x.message)
