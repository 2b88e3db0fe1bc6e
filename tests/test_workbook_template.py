"""`clear template`: the workbook a person fills in, reopened with openpyxl and checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from clear_cli.sources.catalogue import load_catalogue
from tests.conftest import ASSETS

MINIMAL = ASSETS / "banks" / "minimal.yaml"


def answer_cells(ws: Any) -> dict[str, Any]:
    """Question id -> its Answer cell, found through the header row like the reader does."""
    header = next(r for r in ws.iter_rows(max_row=10) if any(c.value == "ID" for c in r))
    cols = {c.value: c.column for c in header}
    out = {}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        qid = row[cols["ID"] - 1].value
        if qid:
            out[qid] = ws.cell(row[0].row, cols["Answer"])
    return out


def validation_of(ws: Any, coordinate: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, coordinate
    return found[0]


def list_entries(wb: Any, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, rng = formula.split("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[rng.replace("$", "")] for c in row]


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from clear_cli.cli.app import app

    out = tmp_path_factory.mktemp("tpl") / "north.xlsx"
    res = CliRunner().invoke(
        app,
        ["template", "core", "--out", str(out), "--locality", "Northshire", "--assessment", "peer"],
    )
    assert res.exit_code == 0, res.output
    return out


def test_sheets_about_and_record(core: Path) -> None:
    wb = openpyxl.load_workbook(core)
    # A hidden _lists sheet comes too where a bank's drop-down lists are too long to inline.
    assert [n for n in wb.sheetnames if n != "_lists"] == [
        "About",
        "Scores",
        "Challenge",
        "Leadership",
        "Results",
        "_clear",
        "_scores",
    ]
    assert wb["_clear"].sheet_state == "hidden" and wb["_scores"].sheet_state == "hidden"
    about = wb["About"]
    labels = [about.cell(r, 1).value for r in range(1, 6)]
    assert labels == ["Locality", "Assessment", "Assessors", "Date", "Notes"]
    assert about["B1"].value == "Northshire" and about["B2"].value == "peer"
    assert validation_of(about, "B2").formula1 == '"self,peer"'
    assert sum(1 for r in about.iter_rows(min_row=8) if r[1].value and len(r[1].value) > 60) >= 5
    cat = load_catalogue(["core"])
    record = [r for r in wb["_clear"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert record == [(b.id, b.version, b.id.capitalize(), b.id) for b in cat.banks.values()]


def test_every_question_has_a_drop_down_of_its_options(core: Path) -> None:
    wb = openpyxl.load_workbook(core)
    cat = load_catalogue(["core"])
    for bank in cat.banks.values():
        ws = wb[bank.id.capitalize()]
        cells = answer_cells(ws)
        assert list(cells) == [q.id for q in bank.questions]
        for q in bank.questions:
            cell = cells[q.id]
            assert cell.column_letter == "E"
            dv = validation_of(ws, cell.coordinate)
            assert dv.type == "list" and dv.showErrorMessage
            labels = [o.label for o in bank.scale_of(q).options]
            assert list_entries(wb, dv.formula1) == labels + (["N/A"] if q.na_allowed else [])
            row = [ws.cell(cell.row, c).value for c in range(1, 5)]
            assert row[:3] == [q.id, q.text, q.guidance]
            assert all(o.description in row[3] for o in bank.scale_of(q).options)


def test_only_answer_evidence_notes_and_about_values_are_editable(core: Path) -> None:
    wb = openpyxl.load_workbook(core)
    assert wb.security is not None and wb.security.lockStructure
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password
        unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
        if ws.title == "About":
            assert unlocked == {"B1", "B2", "B3", "B4", "B5", "B6"}
        elif ws.title in ("_clear", "_lists", "Scores", "_scores"):
            assert unlocked == set()
        else:
            cols = {c[0] + c[1:].rstrip("0123456789") for c in unlocked}
            assert {"".join(ch for ch in c if ch.isalpha()) for c in cols} == {"E", "F", "G"}
            assert len(unlocked) == 3 * len(answer_cells(ws))
            assert ws.freeze_panes == "C4"
            assert ws.column_dimensions["B"].width >= 40
            first = min(c.row for c in answer_cells(ws).values())
            assert ws.cell(first, 2).alignment.wrap_text
            assert ws.row_dimensions[first].height > 15


def test_refuses_to_overwrite_without_force(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"precious")
    res = cli("template", "leadership", "--out", out)
    assert res.code == 2 and "--force" in res.err
    assert out.read_bytes() == b"precious"
    res = cli("template", "leadership", "--out", out, "--force")
    assert res.code == 0, res
    assert openpyxl.load_workbook(out).sheetnames == [
        "About",
        "Scores",
        "Leadership",
        "_clear",
        "_scores",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["leadershp"], "unknown bank 'leadershp'"),
        (["leadership", "--assessment", "both"], "Invalid value"),
    ],
)
def test_bad_arguments_write_nothing(
    cli: Any, tmp_path: Path, args: list[str], expected: str
) -> None:
    out = tmp_path / "t.xlsx"
    res = cli("template", *args, "--out", out)
    assert res.code == 2 and expected in res.err
    assert not out.exists()


def test_output_must_be_xlsx_in_an_existing_folder(cli: Any, tmp_path: Path) -> None:
    res = cli("template", "core", "--out", tmp_path / "t.csv")
    assert res.code == 2 and ".xlsx" in res.err
    res = cli("template", "core", "--out", tmp_path / "nope" / "t.xlsx")
    assert res.code == 2 and "does not exist" in res.err
    assert list(tmp_path.iterdir()) == []


def test_long_or_comma_labels_go_on_a_hidden_lists_sheet(cli: Any, tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.read_text())
    for opt in data["scales"]["maturity"]["options"]:
        opt["label"] = f"{opt['label']} {'x' * 60}"
    data["scales"]["maturity"]["options"][1]["label"] = "Planned, agreed and funded"
    bank = tmp_path / "long.yaml"
    bank.write_text(yaml.safe_dump(data))
    out = tmp_path / "t.xlsx"
    res = cli("template", bank, "--out", out)
    assert res.code == 0, res
    wb = openpyxl.load_workbook(out)
    assert wb["_lists"].sheet_state == "hidden"
    ws = wb["Local test"]
    cells = answer_cells(ws)
    maturity = validation_of(ws, cells["T1.1"].coordinate)
    assert maturity.formula1.startswith("'_lists'!$")
    entries = list_entries(wb, maturity.formula1)
    assert len(entries) == 5 and "Planned, agreed and funded" in entries[1]
    yes_no = validation_of(ws, cells["T2.1"].coordinate)
    assert list_entries(wb, yes_no.formula1) == ["No", "Yes", "N/A"]


def test_user_text_never_becomes_a_formula(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    res = cli("template", "leadership", "--out", out, "--locality", '=HYPERLINK("x")')
    assert res.code == 0
    cell = openpyxl.load_workbook(out)["About"]["B1"]
    assert cell.data_type == "s" and not str(cell.value).startswith("=")


def test_bank_file_path_is_recorded(cli: Any, in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    res = cli("template", "tests/assets/banks/minimal.yaml", "leadership", "--out", out)
    assert res.code == 0, res
    wb = openpyxl.load_workbook(out)
    record = [r for r in wb["_clear"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert record[0] == ("local-test", "1", "Local test", "tests/assets/banks/minimal.yaml")
    assert record[1][0] == "leadership"
