"""Drop-down lists of answers on bank sheets (Excel data validation).

A list written into the validation formula itself (``"Not in place,Planned,..."``) is
limited to 255 characters and cannot hold a label with a comma or a quote; such lists
go on a hidden ``_lists`` sheet instead, and the validation refers to their range.
"""

from __future__ import annotations

from typing import Any

from clear_cli.common.cells import set_text
from clear_cli.models import Bank, Question
from clear_cli.outputs.xlsx import style
from clear_cli.sources.workbook import layout

#: Excel's limit on the text of a list written into a data validation formula.
MAX_INLINE = 255


def answer_labels(bank: Bank, q: Question) -> list[str]:
    """The drop-down's entries: the scale's labels, then N/A where the question allows it."""
    labels = [o.label for o in bank.scale_of(q).options]
    if q.na_allowed:
        labels.append(layout.wording()["bank"]["na_label"])
    return labels


def inline_formula(labels: list[str]) -> str | None:
    """``"a,b,c"`` when the list fits in a formula, else None."""
    joined = ",".join(labels)
    if len(joined) > MAX_INLINE or any("," in x or '"' in x for x in labels):
        return None
    return f'"{joined}"'


class DropDowns:
    """Collects answer cells by list, then adds one data validation per list and sheet."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.validations: dict[tuple[str, str, str, bool], Any] = {}
        self.ranges: dict[tuple[str, str, bool], str] = {}
        self.lists: Any = None
        # Cells are gathered and given to each validation once, in finish(): adding them one
        # by one makes openpyxl check each against all before it (quadratic in questions).
        self.cells: dict[tuple[str, str, str, bool], list[str]] = {}

    def add(self, bank: Bank, q: Question, coordinate: str, ws: Any) -> None:
        scale = q.scale or bank.default_scale
        key = (ws.title, bank.id, scale, q.na_allowed)
        dv = self.validations.get(key)
        if dv is None:
            dv = self._validation(self._formula(bank, q, scale))
            ws.add_data_validation(dv)
            self.validations[key] = dv
            self.cells[key] = []
        self.cells[key].append(coordinate)

    def _formula(self, bank: Bank, q: Question, scale: str) -> str:
        labels = answer_labels(bank, q)
        inline = inline_formula(labels)
        if inline is not None:
            return inline
        key = (bank.id, scale, q.na_allowed)
        if key not in self.ranges:
            self.ranges[key] = self._write_list(labels)
        return self.ranges[key]

    def _write_list(self, labels: list[str]) -> str:
        from openpyxl.utils import get_column_letter, quote_sheetname

        if self.lists is None:
            self.lists = self.wb.create_sheet(layout.LISTS)
            self.lists.sheet_state = "hidden"
        col = len(self.ranges) + 1
        for row, label in enumerate(labels, start=1):
            set_text(self.lists.cell(row, col), label)
        letter = get_column_letter(col)
        return f"{quote_sheetname(layout.LISTS)}!${letter}$1:${letter}${len(labels)}"

    def _validation(self, formula: str) -> Any:
        from openpyxl.worksheet.datavalidation import DataValidation

        words = layout.wording()["bank"]
        return DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showDropDown=False,  # False shows the arrow (the attribute's sense is inverted)
            showInputMessage=True,
            promptTitle=words["answer_prompt_title"],
            prompt=words["answer_prompt"],
            showErrorMessage=True,
            errorStyle="warning",  # a typed key (e.g. 3) is still accepted after a warning
            errorTitle=words["answer_error_title"],
            error=words["answer_error"],
        )

    def finish(self) -> None:
        from openpyxl.worksheet.cell_range import MultiCellRange

        for key, dv in self.validations.items():
            dv.sqref = MultiCellRange(" ".join(runs(self.cells[key])))
        if self.lists is not None:
            style.protect(self.lists)


def runs(coordinates: list[str]) -> list[str]:
    """Cells as ranges of consecutive rows in one column: E5, E6, E7, E9 -> E5:E7, E9."""
    from openpyxl.utils.cell import coordinate_from_string

    out: list[str] = []
    start: tuple[str, int] | None = None
    last: tuple[str, int] | None = None
    for coordinate in coordinates:
        col, row = coordinate_from_string(coordinate)
        if last is not None and start is not None and col == last[0] and row == last[1] + 1:
            last = (col, row)
            continue
        if start is not None and last is not None:
            out.append(_span(start, last))
        start = last = (col, row)
    if start is not None and last is not None:
        out.append(_span(start, last))
    return out


def _span(start: tuple[str, int], end: tuple[str, int]) -> str:
    first = f"{start[0]}{start[1]}"
    return first if start == end else f"{first}:{end[0]}{end[1]}"
