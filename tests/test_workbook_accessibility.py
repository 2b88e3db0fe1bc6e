"""Workbooks a screen reader can use: named sheets, a header row above every data table (kept in
view), no merged cells, text at 4.5:1 on filled cells, and alt text on the export's chart."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_from_string

from clear_cli.outputs.contrast import AA_TEXT, contrast
from clear_cli.outputs.xlsx.alt_text import describe_charts
from clear_cli.outputs.xlsx.files import check_out, save_atomically
from tests.conftest import EXAMPLES

SELF, PEER, OTHER = (
    EXAMPLES / f for f in ("northshire-self.yaml", "northshire-peer.yaml", "southvale-self.yaml")
)
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of workbook clear writes, from the examples."""
    from typer.testing import CliRunner

    from clear_cli.cli.app import app

    folder = tmp_path_factory.mktemp("books")
    runs = {
        "template": ["template", "all"],
        "export": ["export", str(SELF), str(PEER), str(OTHER)],
        "peer review": ["compare", str(SELF), str(PEER)],
        "localities": ["compare", str(SELF), str(OTHER)],
    }
    books = {}
    for name, args in runs.items():
        out = folder / f"{name.replace(' ', '-')}.xlsx"
        result = CliRunner().invoke(app, [*args, "--out", str(out)])
        assert result.exit_code == 0, (name, result.output)
        books[name] = out
    return books


def _problems(ws: Any) -> list[str]:
    where = f"sheet {ws.title!r}"
    problems = []
    if not re.fullmatch(r"[A-Za-z][\w ,:'()&-]{0,30}", ws.title) or re.fullmatch(
        r"Sheet\d*", ws.title
    ):
        problems.append(f"{where}: not a name a screen reader announces sensibly")
    if ws.merged_cells.ranges:
        problems.append(f"{where}: merged cells {[str(r) for r in ws.merged_cells.ranges]}")
    if ws.freeze_panes is None:  # a form: each value in column B has its label in column A
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
            if any(c.value not in (None, "") for c in row[1:]) and not row[0].value:
                problems.append(f"{where}: row {row[0].row} has values but no label")
        return problems
    _, first_data_row = coordinate_from_string(ws.freeze_panes)
    header = first_data_row - 1
    for col in range(1, ws.max_column + 1):
        value = ws.cell(header, col).value
        if not (isinstance(value, str) and value.strip()):
            problems.append(f"{where}: header row {header} has no name for column {col}")
    return problems


@pytest.mark.parametrize("name", ["template", "export", "peer review", "localities"])
def test_sheets_have_names_and_header_rows(workbooks: dict[str, Path], name: str) -> None:
    wb = openpyxl.load_workbook(workbooks[name])
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible
    problems = [p for ws in visible for p in _problems(ws)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["template", "export", "peer review", "localities"])
def test_text_on_filled_cells_reaches_aa_contrast(workbooks: dict[str, Path], name: str) -> None:
    wb = openpyxl.load_workbook(workbooks[name])
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (None, "") or cell.fill.fill_type != "solid":
                    continue
                fill = cell.fill.fgColor.rgb
                ink = cell.font.color.rgb if cell.font.color is not None else "FF000000"
                if not (isinstance(fill, str) and isinstance(ink, str)):
                    continue  # a theme colour: the reader's own theme draws it
                ratio = contrast(f"#{ink[-6:]}", f"#{fill[-6:]}")
                assert ratio >= AA_TEXT, f"{ws.title}!{cell.coordinate}: {ratio:.2f}:1"
                checked += 1
    assert checked


def _descriptions(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as z:
        drawings = [n for n in z.namelist() if n.startswith("xl/drawings/drawing")]
        return [
            e.get("descr", "")
            for n in drawings
            for frame in ElementTree.fromstring(z.read(n)).iter(f"{XDR}graphicFrame")
            for e in frame.iter(f"{XDR}cNvPr")
        ]


def test_export_chart_has_alt_text(workbooks: dict[str, Path]) -> None:
    from clear_cli.sources.workbook import layout

    words = layout.wording()["export"]
    wb = openpyxl.load_workbook(workbooks["export"])
    charts = len(wb[words["chart"]]._charts)  # the file still opens, charts and all
    assert charts >= 1
    assert _descriptions(workbooks["export"]) == [words["chart_alt"]] * charts  # one per bank


def test_alt_text_replaces_earlier_text_and_skips_other_sheets(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(["Bank", "Percent"])
    ws.append(["Leadership", 50])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    ws.add_chart(chart, "D2")
    wb.create_sheet("Notes")
    book = tmp_path / "book.xlsx"
    output = check_out(book, kind="export", force=True)
    save_atomically(wb, output, alt_text={"Figures": "first & <older> text", "Notes": "x"})
    assert _descriptions(book) == ["first & <older> text"]
    describe_charts(book, {"Figures": 'the "newer" text', "Missing": "y"})
    assert _descriptions(book) == ['the "newer" text']
    assert openpyxl.load_workbook(book)["Figures"]["A2"].value == "Leadership"
