"""Filled workbooks read like answers files: tolerant where people are, strict where it matters."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from clear_cli.core.scoring import score_assessment
from clear_cli.outputs.json_out.score_json import to_json
from clear_cli.sources.catalogue import load_catalogue, rebase
from clear_cli.sources.loader import load_assessment
from tests.conftest import ASSETS

HERE = ASSETS / "workbook"
MINIMAL = ASSETS / "banks" / "minimal.yaml"


def make(cli: Any, out: Path, *banks: str) -> Path:
    res = cli("template", *banks, "--out", out, "--locality", "Testshire")
    assert res.code == 0, res
    return out


def rows_by_id(ws: Any) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value}


def fill(
    path: Path,
    answers: dict[str, Any],
    about: dict[str, Any] | None = None,
    evidence: dict[str, str] | None = None,
) -> None:
    """Type answers into a template as a person would, with openpyxl (columns A, E, F)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[1:]:
        rows = rows_by_id(ws)
        for qid, value in answers.items():
            if qid in rows:
                ws.cell(rows[qid], 5).value = value
        for qid, text in (evidence or {}).items():
            if qid in rows:
                cell = ws.cell(rows[qid], 6)
                cell.value = text
                cell.data_type = "s"  # typed as text (openpyxl would make "=..." a formula)
    labels = {wb["About"].cell(r, 1).value: r for r in range(1, 6)}
    for label, value in (about or {}).items():
        wb["About"].cell(labels[label], 2).value = value
    wb.save(path)


def problems(err: str, file: str) -> list[str]:
    return [
        line.removeprefix(f"error: {file}: ")
        for line in err.splitlines()
        if line.startswith("error: ")
    ]


def test_round_trip_gives_the_same_scores_as_the_answers_file(
    cli: Any, tmp_path: Path, in_root: Path
) -> None:
    answers_file = HERE / "round_trip.yaml"
    data = yaml.safe_load(answers_file.read_text())
    book = make(cli, tmp_path / "rt.xlsx", *rebase(data["banks"], HERE))
    answers = {q: a["answer"] if isinstance(a, dict) else a for q, a in data["answers"].items()}
    notes = {
        q: a["evidence"]
        for q, a in data["answers"].items()
        if isinstance(a, dict) and "evidence" in a
    }
    fill(
        book,
        answers,
        {
            "Locality": data["locality"],
            "Assessment": data["assessment"],
            "Assessors": "; ".join(data["assessors"]),
            "Date": dt.date.fromisoformat(data["date"]),
        },
        notes,
    )
    from_yaml = to_json(score_assessment(load_assessment(answers_file)))
    from_book = to_json(score_assessment(load_assessment(book, [MINIMAL])))
    assert from_book == from_yaml
    assert from_yaml["banks"][0]["unanswered"] and from_yaml["gaps"]
    read = load_assessment(book, [MINIMAL])
    assert read.meta.assessors == data["assessors"]
    assert read.responses["L1.1"].evidence == notes["L1.1"]
    res_yaml = cli("score", answers_file, "--json")
    res_book = cli("score", book, "--json", "--bank", MINIMAL)
    assert res_yaml.code == res_book.code == 0, res_book
    assert json.loads(res_book.out) == json.loads(res_yaml.out)


def test_tolerant_where_a_person_would_be(cli: Any, tmp_path: Path, in_root: Path) -> None:
    book = make(cli, tmp_path / "t.xlsx", "tests/assets/banks/minimal.yaml")
    wb = openpyxl.load_workbook(book)
    ws = wb["Local test"]
    ws["F3"], ws["G3"] = "notes ", " EVIDENCE"  # columns swapped and sloppy headers
    rows = rows_by_id(ws)
    t11, t12, t21 = rows["T1.1"], rows["T1.2"], rows["T2.1"]
    ws.cell(t11, 1).value = " t1.1 "  # case and spaces in the id
    ws.cell(t11, 5).value = "  in   PLACE "  # case and spaces in the label
    ws.cell(t11, 7).value = "Plan, 2025"  # evidence, now under column G
    ws.cell(t12, 5).value = 2.0  # a key typed as a number
    # T2.1's row moved far down, past empty rows, with "n/a" typed
    ws.cell(t21, 1).value = ws.cell(t21, 5).value = None
    ws.cell(40, 1).value, ws.cell(40, 5).value = "T2.1", "n/a"
    about = wb["About"]
    about["B1"], about["B2"], about["B3"], about["B4"] = (
        "Eastmoor",
        "Peer review",
        "Ann\nBo",
        "05/02/2026",
    )
    wb.save(book)
    a = load_assessment(book, [MINIMAL])
    assert a.responses["T1.1"].option is not None and a.responses["T1.1"].option.key == "3"
    assert a.responses["T1.1"].evidence == "Plan, 2025"
    assert a.responses["T1.2"].option is not None and a.responses["T1.2"].option.key == "2"
    assert a.responses["T2.1"].na
    assert (a.meta.locality, a.meta.assessment) == ("Eastmoor", "peer")
    assert a.meta.assessors == ["Ann", "Bo"] and a.meta.date == dt.date(2026, 2, 5)


def test_a_formula_is_read_by_its_last_calculated_value(
    cli: Any, tmp_path: Path, in_root: Path
) -> None:
    book = make(cli, tmp_path / "t.xlsx", "tests/assets/banks/minimal.yaml")
    row = rows_by_id(openpyxl.load_workbook(book)["Local test"])["T1.1"]
    # openpyxl cannot write cached values, so write the cell as Excel would have saved it.
    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    index = openpyxl.load_workbook(book).sheetnames.index("Local test") + 1
    name = f"xl/worksheets/sheet{index}.xml"
    xml = parts[name].decode()
    formula = '<f>"Em"&amp;"bedded and improving"</f>'
    cell = f'<c r="E{row}" t="str">{formula}<v>Embedded and improving</v></c>'
    xml, n = re.subn(rf'<c r="E{row}"[^>]*?(?:/>|></c>)', cell, xml)
    assert n == 1
    parts[name] = xml.encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    a = load_assessment(book, [MINIMAL])
    assert a.responses["T1.1"].option is not None and a.responses["T1.1"].option.key == "4"


def test_every_problem_at_once_each_at_its_cell(cli: Any, tmp_path: Path, in_root: Path) -> None:
    book = make(cli, tmp_path / "bad.xlsx", "leadership")
    wb = openpyxl.load_workbook(book)
    ws = wb["Leadership"]
    rows = rows_by_id(ws)
    r1, r2, r3, r4 = rows["L1.1"], rows["L1.2"], rows["L1.3"], rows["L2.1"]
    ws.cell(r1, 5).value = "Mostly"  # not an option
    ws.cell(r2, 5).value = "N/A"  # not allowed on leadership questions
    ws.cell(r3, 1).value = "L1.1"  # a duplicated id
    ws.cell(r4, 1).value = "C1.1"  # a question of another bank
    ws.cell(ws.max_row + 2, 1).value = "Z9.9"  # an id that exists nowhere
    ws.cell(ws.max_row + 1, 5).value = "In place"  # an answer with no id
    wb["About"]["B1"] = None
    wb["About"]["B4"] = "next Tuesday"
    wb.save(book)
    n = ws.max_row
    res = cli("score", book)
    assert res.code == 2
    assert "Traceback" not in res.err
    found = problems(res.err, str(book))
    places = [p.split(": ")[0] for p in found]
    assert places == [
        "sheet 'About', B1",
        "sheet 'About', B4",
        f"sheet 'Leadership', E{r1}",
        f"sheet 'Leadership', E{r2}",
        f"sheet 'Leadership', A{r3}",
        f"sheet 'Leadership', A{r4}",
        f"sheet 'Leadership', A{n - 1}",
        f"sheet 'Leadership', A{n}",
    ]
    assert "'Mostly' is not an answer to 'L1.1'" in found[2]
    assert "cannot be answered not applicable" in found[3]
    assert "appears twice" in found[4] and f"A{r1})" in found[4]
    assert "belongs to bank 'challenge'" in found[5]
    assert "'Z9.9' is not a question of the banks leadership" in found[6]
    assert f"{len(found)} problems found; no file was changed" in res.err


def test_missing_sheet_and_missing_header(cli: Any, tmp_path: Path, in_root: Path) -> None:
    book = make(cli, tmp_path / "t.xlsx", "leadership", "results")
    wb = openpyxl.load_workbook(book)
    del wb["Results"]
    wb["Leadership"]["E3"] = "Level"
    wb.save(book)
    res = cli("score", book)
    assert res.code == 2
    found = problems(res.err, str(book))
    assert found[0].startswith("sheet 'Leadership': no header row with 'ID' and 'Answer'")
    assert found[1].startswith("sheet 'Results': missing: it held the answers for bank 'results'")


def test_older_bank_version_is_explained(cli: Any, tmp_path: Path, in_root: Path) -> None:
    book = make(cli, tmp_path / "old.xlsx", "leadership")
    wb = openpyxl.load_workbook(book)
    wb["_clear"]["B5"] = "2024.1"
    wb.save(book)
    res = cli("score", book)
    assert res.code == 2
    (found,) = problems(res.err, str(book))
    assert found.startswith("sheet 'Leadership': made for version 2024.1 of bank 'leadership'")
    assert "clear template leadership --out NEW.xlsx" in found


def test_a_workbook_built_by_hand_to_the_contract(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "About"
    wb["About"].append(["Locality", "Hand made"])
    ws = wb.create_sheet("Sheet2")
    ws.append(["Question", "ID", "Answer"])
    ws.append(["Is there a strategy?", "L1.1", "In place"])
    ws.append(["", "L1.2", "na"])
    path = tmp_path / "hand.xlsx"
    wb.save(path)
    with pytest.raises(Exception, match="cannot be answered not applicable"):
        load_assessment(path)
    ws["C3"] = 1
    wb.save(path)
    a = load_assessment(path)
    assert a.meta.banks == ["leadership"] and a.meta.locality == "Hand made"
    assert a.responses["L1.2"].option is not None and a.responses["L1.2"].option.key == "1"


def test_a_bank_file_a_workbook_names_is_used_only_when_the_user_names_it(
    cli: Any, tmp_path: Path
) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(MINIMAL.read_text())
    book = tmp_path / "t.xlsx"
    res = cli("template", bank, "--out", book, "--locality", "X")
    assert res.code == 0
    wb = openpyxl.load_workbook(book)
    wb["_clear"]["D5"] = "mine.yaml"  # as if made with a relative path in that folder
    wb.save(book)
    res = cli("score", book)
    assert res.code == 2 and "--bank mine.yaml" in res.err and "sheet '_clear'" in res.err
    assert load_assessment(book, [bank]).meta.banks == [str(bank)]
    assert cli("score", book, "--bank", bank).code == 0
    bank.unlink()
    res = cli("score", book, "--bank", bank)
    assert res.code == 2 and "mine.yaml" in res.err and "file not found" in res.err


def test_blank_template_scores_as_unanswered(cli: Any, tmp_path: Path) -> None:
    book = make(cli, tmp_path / "t.xlsx", "leadership")
    fill(book, {}, {"Locality": "Blank"})
    res = cli("score", book, "--json")
    assert res.code == 0, res
    bank = json.loads(res.out)["banks"][0]
    questions = load_catalogue(["leadership"]).banks["leadership"].questions
    assert bank["points"] == 0 and bank["unanswered"] == [q.id for q in questions]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 3, 1, 0, 0), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        (46082, dt.date(2026, 3, 1)),  # an Excel serial number in a cell formatted as a number
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("01/03/2026", dt.date(2026, 3, 1)),  # UK order
        ("1 March 2026", dt.date(2026, 3, 1)),
        ("1 Mar, 2026", dt.date(2026, 3, 1)),
        ("March 2026", None),
        (-5, None),
    ],
)
def test_about_dates_as_people_write_them(value: object, expected: dt.date | None) -> None:
    from clear_cli.sources.workbook.about import parse_date

    assert parse_date(value) == expected


def test_unknown_bank_or_overlong_id_is_a_located_problem(cli: Any, tmp_path: Path) -> None:
    book = make(cli, tmp_path / "t.xlsx", "leadership")
    wb = openpyxl.load_workbook(book)
    wb["Leadership"]["A5"] = "L" + "1" * 45
    wb.save(book)
    res = cli("score", book)
    assert res.code == 2
    assert f"error: {book}: sheet 'Leadership', A5: 'L111" in res.err
    assert "is not a question ID" in res.err
    wb["_clear"]["A5"] = wb["_clear"]["D5"] = "leadershp"
    wb.save(book)
    res = cli("score", book)
    assert res.code == 2
    assert f"error: {book}: sheet '_clear': unknown bank 'leadershp'" in res.err


def test_columns_are_ordered_as_excel_counts_them() -> None:
    from openpyxl.utils import column_index_from_string

    from clear_cli.sources.workbook.reader import column_index

    for letters in ("A", "Z", "AA", "AB", "AZ", "BA", "XFD"):
        assert column_index(letters) == column_index_from_string(letters)
    assert sorted(["BA", "AB", "B", "AA"], key=column_index) == ["B", "AA", "AB", "BA"]
