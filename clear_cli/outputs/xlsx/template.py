"""`clear template`: a workbook a person can fill in without instructions from us.

One sheet per bank (question, guidance, what each answer means, then the yellow Answer,
Evidence and Notes cells), an About sheet for the assessment's details and instructions,
and a hidden ``_clear`` sheet recording the banks and versions it was made for. Every
cell but the yellow ones is protected (no password) against accidental edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clear_cli import __version__
from clear_cli.common.cells import set_text
from clear_cli.models import Bank, Question
from clear_cli.outputs.xlsx import style
from clear_cli.outputs.xlsx.files import check_out, save_atomically
from clear_cli.outputs.xlsx.lists import DropDowns
from clear_cli.outputs.xlsx.printing import print_setup
from clear_cli.outputs.xlsx.score_lookup import Placed, write_lookup
from clear_cli.outputs.xlsx.scores_sheet import write_scores
from clear_cli.sources.answers import Assessment, Response
from clear_cli.sources.catalogue import load_catalogue, resolve
from clear_cli.sources.workbook import layout


@dataclass(frozen=True)
class Made:
    """What was written: the file and, per bank, its sheet name and question count."""

    out: Path
    sheets: list[tuple[str, str, int]]


def make_template(
    names: Sequence[str],
    out: Path,
    *,
    locality: str = "",
    assessment: str = "self",
    force: bool = False,
    filled: Assessment | None = None,
) -> Made:
    """Write a workbook for the banks ``names`` (ids, groups or paths) to ``out``.

    ``filled`` pre-fills the About values and every answer from an assessment already
    read (used to keep the example workbooks in step with the example answers files).
    """
    sources = [str(s) for s in resolve(names)]
    output = check_out(out, kind="template", force=force, inputs=sources)
    wb, sheets = build_template(names, locality=locality, assessment=assessment, filled=filled)
    save_atomically(wb, output)
    return Made(out, [(b.id, name, len(b.questions)) for b, name in sheets])


def build_template(
    names: Sequence[str],
    *,
    locality: str = "",
    assessment: str = "self",
    filled: Assessment | None = None,
) -> tuple[Any, list[tuple[Bank, str]]]:
    """The workbook :func:`make_template` writes, in memory: (workbook, [(bank, sheet name)]).

    For callers that add to it before saving (``clear combine`` marks the disputes).
    """
    sources = [str(s) for s in resolve(names)]
    catalogue = load_catalogue(names)
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    wb = Workbook()
    style.register(wb)
    about = wb.active
    about.title = layout.ABOUT
    taken: set[str] = set()
    sheets = [(b, layout.sheet_name(b.id, taken)) for b in catalogue.banks.values()]
    lists = DropDowns(wb)
    meta = filled.meta if filled else None
    write_about(
        about,
        sheets,
        locality=meta.locality if meta else locality,
        assessment=meta.assessment if meta else assessment,
        filled=filled,
    )
    scores = wb.create_sheet(layout.SCORES)
    placed: list[Placed] = []
    for bank, name in sheets:
        rows = write_bank(wb.create_sheet(name), bank, lists, filled)
        placed.extend(Placed(bank, q, name, row) for q, row in rows)
    write_meta(wb.create_sheet(layout.META), sheets, sources)
    lists.finish()
    look = write_lookup(
        wb.create_sheet(layout.SCORE_DATA), placed, catalogue.roadmap, catalogue.scoring
    )
    write_scores(scores, [b for b, _ in sheets], look, catalogue.scoring)
    wb.security = WorkbookProtection(lockStructure=True)
    return wb, sheets


def write_about(
    ws: Any,
    sheets: list[tuple[Bank, str]],
    *,
    locality: str,
    assessment: str,
    filled: Assessment | None,
) -> None:
    words = layout.wording()["about"]
    labels = words["labels"]
    meta = filled.meta if filled else None
    values: dict[str, object] = {
        "locality": locality,
        "assessment": assessment,
        "assessors": "; ".join(meta.assessors) if meta else "",
        "date": meta.date if meta else None,
        "notes": meta.notes if meta else "",
        "area_code": meta.area_code if meta and meta.area_code else "",
    }
    for row, key in enumerate(layout.ABOUT_FIELDS, start=1):
        write_about_value(ws, row, key, values[key])
    row = len(layout.ABOUT_FIELDS) + 2
    banks = "; ".join(f"{b.title} (version {b.version}): sheet '{name}'" for b, name in sheets)
    made = f"clear {__version__}"
    for key, text in (("banks", banks), ("made", made)):
        ws.cell(row, 1, labels[key]).font = _bold()
        set_text(ws.cell(row, 2), text)
        style.wrap(ws.cell(row, 2))
        ws.row_dimensions[row].height = style.row_height([(text, 80)])
        row += 1
    row += 1
    style.title_style(ws.cell(row, 1, words["instructions_title"]), size=12)
    for i, text in enumerate(words["instructions"], start=1):
        ws.cell(row + i, 1, f"{i}.").alignment = _top()
        style.wrap(ws.cell(row + i, 2, text))
        ws.row_dimensions[row + i].height = style.row_height([(text, 80)])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 80
    print_setup(ws, landscape=False, one_page=True)
    style.protect(ws)


def write_about_value(ws: Any, row: int, key: str, value: object) -> None:
    """One label/value pair: the label in A, the (yellow, unlocked) value in B, with a prompt."""
    from openpyxl.worksheet.datavalidation import DataValidation

    words = layout.wording()["about"]
    ws.cell(row, 1, words["labels"][key]).font = _bold()
    cell = ws.cell(row, 2)
    style.input_cell(cell)  # first: a named style resets the number format
    if key == "date":
        cell.number_format = "yyyy-mm-dd"
    if isinstance(value, dt.date):
        cell.value = value
    elif value:
        set_text(cell, str(value))
    if key == "notes":
        ws.row_dimensions[row].height = style.row_height([(str(value or ""), 80)])
    dv = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle=words["labels"][key],
        prompt=words["prompts"][key],
    )
    if key == "assessment":
        dv.type, dv.formula1 = "list", '"self,peer"'
    dv.add(cell.coordinate)
    ws.add_data_validation(dv)


def write_bank(
    ws: Any, bank: Bank, lists: DropDowns, filled: Assessment | None
) -> list[tuple[Question, int]]:
    """The bank's sheet; each question with the row of its Answer cell, in bank order."""
    from openpyxl.utils import get_column_letter

    words = layout.wording()["bank"]
    headers = layout.header_names()
    set_text(ws.cell(1, 1), f"{bank.title} (version {bank.version})")
    style.title_style(ws.cell(1, 1))
    ws.cell(2, 1, words["subtitle"]).alignment = _top(wrap=False)
    col = {key: i for i, key in enumerate(layout.COLUMNS, start=1)}
    for key, i in col.items():
        style.header_style(ws.cell(layout.HEADER_ROW, i, headers[key]))
        ws.column_dimensions[get_column_letter(i)].width = layout.WIDTHS[key]
    row = layout.FIRST_ROW
    rows: list[tuple[Question, int]] = []
    for section in bank.sections:
        set_text(ws.cell(row, col["question"]), section.title)
        for i in col.values():
            ws.cell(row, i).style = style.SECTION
        row += 1
        for q in section.questions:
            response = filled.response(q) if filled else Response()
            write_question(ws, row, col, bank, q, response)
            lists.add(bank, q, ws.cell(row, col["answer"]).coordinate, ws)
            rows.append((q, row))
            row += 1
    ws.freeze_panes = ws.cell(layout.FIRST_ROW, col["guidance"]).coordinate
    print_setup(ws, header_row=layout.HEADER_ROW)
    style.protect(ws)
    return rows


def write_question(
    ws: Any, row: int, col: dict[str, int], bank: Bank, q: Question, response: Response
) -> None:
    texts = {
        "id": q.id,
        "question": q.text,
        "guidance": q.guidance,
        "options": options_text(bank, q),
    }
    for key, text in texts.items():
        cell = ws.cell(row, col[key])
        set_text(cell, text)
        style.wrap(cell)
    answer = ""
    if response.na:
        answer = layout.wording()["bank"]["na_label"]
    elif response.option is not None:
        answer = response.option.label
    for key, text in (
        ("answer", answer),
        ("evidence", response.evidence),
        ("notes", response.note),
    ):
        cell = ws.cell(row, col[key])
        if text:
            set_text(cell, text)
        style.input_cell(cell)
    ws.row_dimensions[row].height = style.row_height(
        (text, layout.WIDTHS[key]) for key, text in texts.items()
    )


def options_text(bank: Bank, q: Question) -> str:
    """What each answer means, one line per option; the target marked; N/A where allowed."""
    words = layout.wording()["bank"]
    target = bank.target_key(q)
    lines = []
    for o in bank.scale_of(q).options:
        mark = " (the target)" if o.key == target else ""
        lines.append(f"{o.label}{mark}: {o.description}")
    if q.na_allowed:
        lines.append(f"{words['na_label']}: {words['na_meaning']}")
    return "\n".join(lines)


def write_meta(ws: Any, sheets: list[tuple[Bank, str]], sources: list[str]) -> None:
    """The hidden record of what the workbook was made for, read back by the reader."""
    ws.append([layout.FORMAT_NAME, layout.FORMAT_VERSION])
    ws.append(["clear", __version__])
    ws.append([])
    ws.append(list(layout.META_COLUMNS))
    for (bank, name), source in zip(sheets, sources, strict=True):
        row = [bank.id, bank.version, name, source]
        ws.append([None] * len(row))
        for i, text in enumerate(row, start=1):
            set_text(ws.cell(ws.max_row, i), text)
    ws.sheet_state = "hidden"
    style.protect(ws)


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _top(*, wrap: bool = True) -> Any:
    from openpyxl.styles import Alignment

    return Alignment(vertical="top", wrap_text=wrap)
