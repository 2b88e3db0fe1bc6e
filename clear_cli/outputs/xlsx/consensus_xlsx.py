"""The consensus workbook of ``clear combine``: a filled template, disputes marked.

It is the workbook ``clear template`` makes, filled with the consensus draft, so it is
scored exactly as it stands. On top: each disputed question's row is shaded, its Answer
cell carries a comment, and its Notes cell holds every input's answer and evidence; a
``Disputed`` sheet (second, after About) lists the disputes furthest apart first, each
linked to its row. Every text is written as a value: nothing can become a formula.
"""

from __future__ import annotations

from typing import Any

from clear_cli.common.cells import set_text
from clear_cli.core.consensus import Consensus, label_of
from clear_cli.outputs.outfiles import Output
from clear_cli.outputs.xlsx import style
from clear_cli.outputs.xlsx.files import save_atomically
from clear_cli.outputs.xlsx.printing import print_setup
from clear_cli.outputs.xlsx.template import build_template
from clear_cli.sources.workbook import layout

DISPUTED = "Disputed"
DISPUTED_FILL = "F4B183"  # orange: stands out beside the yellow answer cells
COLUMNS = (
    ("Question", 10),
    ("Bank", 14),
    ("Question text", 50),
    ("How far apart", 16),
    ("Draft answer", 22),
)
NOTES_WIDTH = 60


def write_consensus_workbook(consensus: Consensus, output: Output) -> None:
    """The consensus as a filled template with its disputes marked, written in one step."""
    wb, sheets = build_template(consensus.meta.banks, filled=consensus.assessment)
    sheet_of = {bank.id: name for bank, name in sheets}
    rows = mark_rows(wb, sheet_of, {d.question.id for d in consensus.disputed})
    taken = {ws.title.casefold() for ws in wb.worksheets}
    ws = wb.create_sheet(layout.sheet_name(DISPUTED, taken), 1)
    write_disputed(ws, consensus, sheet_of, rows)
    save_atomically(wb, output)


def mark_rows(wb: Any, sheet_of: dict[str, str], disputed: set[str]) -> dict[str, int]:
    """Shade each disputed question's row and comment its Answer cell; question id -> row."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", start_color=DISPUTED_FILL)
    col = {key: i for i, key in enumerate(layout.COLUMNS, start=1)}
    found: dict[str, int] = {}
    for name in sheet_of.values():
        ws = wb[name]
        for row in range(layout.FIRST_ROW, ws.max_row + 1):
            qid = ws.cell(row, col["id"]).value
            if qid not in disputed:
                continue
            found[str(qid)] = row
            for key in ("id", "question", "guidance", "options"):
                ws.cell(row, col[key]).fill = fill
            ws.cell(row, col["answer"]).comment = Comment(
                "Disputed: the answers differed, so this is a draft (the lower median). "
                "The Notes cell holds every answer given. Settle it here.",
                "clear combine",
            )
            note = str(ws.cell(row, col["notes"]).value or "")
            ws.row_dimensions[row].height = max(
                ws.row_dimensions[row].height or 0,
                style.row_height([(note, layout.WIDTHS["notes"])]),
            )
    return found


def write_disputed(
    ws: Any, consensus: Consensus, sheet_of: dict[str, str], rows: dict[str, int]
) -> None:
    """One row per dispute, furthest apart first: the draft and each input's answer."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    n = len(consensus.disputed)
    set_text(ws.cell(1, 1), f"Disputed questions: {n}")
    style.title_style(ws.cell(1, 1))
    set_text(
        ws.cell(2, 1),
        "Furthest apart first. Each question's row is shaded orange in its bank sheet, "
        "where the Notes cell holds every answer and its evidence: settle the answer there. "
        "This sheet is not read when the workbook is scored.",
    )
    headers = [*(name for name, _ in COLUMNS), *(i.name for i in consensus.inputs), "Notes"]
    widths = [*(w for _, w in COLUMNS), *(18 for _ in consensus.inputs), NOTES_WIDTH]
    for c, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(3, c)
        set_text(cell, text)
        style.header_style(cell)
        ws.column_dimensions[get_column_letter(c)].width = width
    answer_col = layout.COLUMNS.index("answer") + 1
    for r, d in enumerate(consensus.disputed, start=4):
        sheet = sheet_of[d.bank.id]
        by_input = {g.source.name: g for g in d.given}
        values = [
            d.question.id,
            sheet,
            d.question.text,
            d.apart,
            label_of(d.draft),
            *(
                label_of(by_input[i.name].response) if i.name in by_input else ""
                for i in consensus.inputs
            ),
            d.draft.note,
        ]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            set_text(cell, value)
            style.wrap(cell)
        if d.question.id in rows:
            where = f"{get_column_letter(answer_col)}{rows[d.question.id]}"
            quoted = sheet.replace("'", "''")
            link = ws.cell(r, 1)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!{where}")
        ws.row_dimensions[r].height = style.row_height(
            [(d.question.text, 50), (d.draft.note, NOTES_WIDTH)]
        )
    ws.freeze_panes = "B4"
    print_setup(ws, header_row=3)
