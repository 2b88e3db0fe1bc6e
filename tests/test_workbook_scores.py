"""The template's live Scores sheet: filled with random answers, recalculated by LibreOffice,
every figure agrees with `clear score --json` on the same workbook; its formulas are the
tool's own, never a user's text, and appear on the Scores and lookup sheets only."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clear_cli.sources.catalogue import load_catalogue
from clear_cli.sources.workbook import layout
from tests.conftest import ASSETS

GAPS_BANK = ASSETS / "gaps" / "bank.yaml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NA_SPELLINGS = ("N/A", "na", "Not applicable", " n/a ")
MARKER = "zqxj"


def typed(cell: Any, text: str) -> None:
    """Text as a person typed it (with a leading '=' kept as text, as Excel stores it)."""
    cell.value = text
    cell.data_type = "s"


def fill(path: Path, banks: list[str], seed: int, *, blank: bool = False) -> None:
    """Answer the workbook at random: about 1 in 6 left blank, N/A where allowed now and then
    (in its several spellings), labels and keys, in odd case and spacing."""
    rng = random.Random(seed)
    catalogue = load_catalogue(banks)
    questions = {q.id: (b, q) for b in catalogue.banks.values() for q in b.questions}
    wb = openpyxl.load_workbook(path)
    typed(wb[layout.ABOUT]["B1"], f"=Locality {MARKER}")  # user text that looks like a formula
    answer = layout.COLUMNS.index("answer") + 1
    sheets = [ws for ws in wb.worksheets if ws.title.casefold() not in layout.RESERVED]
    for ws in sheets:
        for row in range(layout.FIRST_ROW, ws.max_row + 1):
            found = questions.get(str(ws.cell(row, 1).value))
            if found is None or blank:
                continue
            typed(ws.cell(row, answer + 1), f'=HYPERLINK("x") {MARKER}')  # evidence
            bank, q = found
            x = rng.random()
            if x < 0.17:
                continue
            if q.na_allowed and x < 0.3:
                ws.cell(row, answer).value = rng.choice(NA_SPELLINGS)
                continue
            option = rng.choice(bank.scale_of(q).options)
            text = option.label if rng.random() < 0.7 else option.key
            if text.isdigit() and rng.random() < 0.5:
                ws.cell(row, answer).value = int(text)  # a key typed as a number
                continue
            if rng.random() < 0.3:
                text = f"  {text.upper()} "
            ws.cell(row, answer).value = text
    wb.save(path)


def recalculate(files: list[Path], out: Path) -> None:
    """Open and save every file in LibreOffice headless, which recalculates every formula."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is needed in CI: `make test` installs it")
        pytest.skip("LibreOffice (soffice) not installed: `make test` installs it where it can")
    profile = out / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out / "lo"),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


CASES: dict[str, tuple[list[str], int | None]] = {
    "core-1": (["core"], 1),
    "core-2": (["core"], 2),
    "core-3": (["core"], 3),
    "all-4": (["all"], 4),
    "gaps-5": ([str(GAPS_BANK)], 5),
    "gaps-6": ([str(GAPS_BANK)], 6),
    "gaps-7": ([str(GAPS_BANK)], 7),
    "blank": (["core"], None),
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case's template, filled, then recalculated and saved by LibreOffice."""
    from typer.testing import CliRunner

    from clear_cli.cli.app import app

    folder = tmp_path_factory.mktemp("scores")
    files = []
    for name, (banks, seed) in CASES.items():
        path = folder / f"{name}.xlsx"
        result = CliRunner().invoke(app, ["template", *banks, "--out", str(path)])
        assert result.exit_code == 0, result.output
        fill(path, banks, seed or 0, blank=seed is None)
        files.append(path)
    # A consensus workbook from `clear combine` keeps its Scores sheet working.
    inputs = []
    for seed in (8, 9):
        path = folder / f"assessor-{seed}.xlsx"
        CliRunner().invoke(app, ["template", "core", "--out", str(path)])
        fill(path, ["core"], seed)
        inputs.append(path)
    combined = folder / "combined.xlsx"
    result = CliRunner().invoke(app, ["combine", *map(str, inputs), "--out", str(combined)])
    assert result.exit_code == 0, result.output
    files.append(combined)
    recalculate(files, folder)
    return {p.stem: folder / "lo" / p.name for p in files}


def scores_sheet(path: Path) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = list(wb[layout.SCORES].iter_rows(values_only=True))
    wb.close()
    return rows


def by_label(rows: list[tuple[Any, ...]], label: str) -> tuple[Any, ...]:
    return next(r for r in rows if r[0] == label)


def table(rows: list[tuple[Any, ...]], first_header: str) -> list[tuple[Any, ...]]:
    """The rows under the header row starting ``first_header``, to the first blank row."""
    start = next(i for i, r in enumerate(rows) if r[0] == first_header) + 1
    out = []
    for r in rows[start:]:
        if r[0] in (None, "") and r[1] in (None, ""):
            break
        out.append(r)
    return out


def close(sheet: Any, figure: float | None, within: float = 0.05) -> bool:
    if figure is None:
        return sheet in (None, "")
    return isinstance(sheet, int | float) and abs(sheet - figure) <= within


def band(sheet: Any, name: str | None) -> bool:
    return (sheet in (None, "")) if name is None else str(sheet).casefold() == name


@pytest.mark.parametrize("case", [*CASES, "combined"])
def test_scores_sheet_agrees_with_clear_score(
    cli: Any, recalculated: dict[str, Path], case: str
) -> None:
    path = recalculated[case]
    banks = CASES.get(case, (["core"], 0))[0]
    extra = ["--bank", banks[0]] if banks[0].endswith(".yaml") else []
    result = cli("score", path, "--json", *extra)
    assert result.code == 0, result  # the readers ignore the Scores and lookup sheets
    data = json.loads(result.out)
    rows = scores_sheet(path)
    totals = table(rows, layout.wording()["scores"]["headers"]["area"])
    expected = [("Overall", data["overall"], data["overall"]["band"])]
    for b in data["banks"]:
        expected.append((b["title"], b, b["band"]))
        expected.extend((s["title"], s, "?") for s in b["sections"])
    assert len(totals) == len(expected)
    for row, (title, figures, band_name) in zip(totals, expected, strict=True):
        assert row[0] == title
        if "points" in figures and "max" in figures:
            assert close(row[1], figures["points"], 1e-6) and close(row[2], figures["max"], 1e-6)
        assert close(row[3], figures["percent"]), (title, row, figures)
        if band_name != "?":
            assert band(row[4], band_name), (title, row, band_name)
    for b, rows_of in zip(data["banks"], (r for r in totals if r[0] != "Overall"), strict=False):
        del rows_of  # bank rows carry unanswered and N/A counts:
        bank_row = next(r for r in totals if r[0] == b["title"])
        assert (bank_row[5], bank_row[6]) == (len(b["unanswered"]), len(b["not_applicable"]))
    words = layout.wording()["scores"]
    complete = data["completeness"]
    assert by_label(rows, words["answered"])[1] == complete["answered"]
    assert by_label(rows, words["questions"])[1] == complete["questions"]
    assert close(by_label(rows, words["complete"])[1], complete["percent"])
    assert by_label(rows, words["provisional"])[1] == ("Yes" if complete["provisional"] else "No")
    assert by_label(rows, words["unknown"])[1] == 0
    start = by_label(rows, words["start"])[1]
    assert start == (data["start_here"] if data["start_here"] is not None else words["start_none"])
    stops = [r for r in table(rows, words["stop_headers"]["title"]) if r[1] not in (None, "")]
    assert [r[1] for r in stops] == [g["stop"] for g in data["gaps"]]
    for row, g in zip(stops, data["gaps"], strict=True):
        assert close(row[2], g["shortfall"]), (row, g)
        assert band(row[3], g["band"]), (row, g)
        assert (row[5] == words["ranked_yes"]) == g["ranked"], (row, g)
    if data["start_here"] is None:
        assert not stops


def formulas(path: Path) -> dict[str, list[str]]:
    """Every formula in the workbook, by sheet."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] == "="):
                    out.setdefault(ws.title, []).append(str(cell.value))
    wb.close()
    return out


def test_formulas_are_the_tools_own_and_only_on_the_scores_sheets(cli: Any, tmp_path: Path) -> None:
    # A consensus of two filled workbooks: the only way user text reaches `clear template`.
    inputs = []
    for seed in (1, 2):
        path = tmp_path / f"in{seed}.xlsx"
        assert cli("template", "all", "--out", path).code == 0
        fill(path, ["all"], seed)
        inputs.append(path)
    out = tmp_path / "combined.xlsx"
    assert cli("combine", *inputs, "--out", out).code == 0
    made = tmp_path / "template.xlsx"
    assert cli("template", "all", "--out", made).code == 0
    catalogue = load_catalogue(["all"])
    bank_text = {
        text
        for b in catalogue.banks.values()
        for text in (
            b.title,
            *(s.title for s in b.sections),
            *(q.text for q in b.questions),
            *(o.label for scale in b.scales.values() for o in scale.options if len(o.label) > 12),
        )
    }
    for path in (out, made):
        found = formulas(path)
        assert set(found) == {layout.SCORES, layout.SCORE_DATA}, sorted(found)
        every = [f for fs in found.values() for f in fs]
        assert not [f for f in every if MARKER in f]
        assert not [f for f in every if any(t in f for t in bank_text)]
        assert all(len(f) < 8192 for f in every)  # Excel's limit on a formula


def test_only_functions_excel_2010_and_libreoffice_both_calculate(tmp_path: Path) -> None:
    import re

    from clear_cli.outputs.xlsx.template import build_template

    wb, _ = build_template(["all", str(GAPS_BANK)])
    allowed = {"IF", "AND", "OR", "TRIM", "INDEX", "MATCH", "SUM", "SUMIFS", "COUNTIF"}
    allowed |= {"COUNTIFS", "SUMPRODUCT", "MIN", "MAX", "ROUND"}
    used: set[str] = set()
    for name in (layout.SCORES, layout.SCORE_DATA):
        for row in wb[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    text = re.sub(r'"[^"]*"', "", cell.value)  # leave out the wording
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
    assert used <= allowed, used - allowed


def test_scores_sheet_prints_on_one_a4_page_with_named_headers(tmp_path: Path) -> None:
    from clear_cli.outputs.xlsx.template import build_template

    wb, _ = build_template(["core"])
    assert wb.sheetnames[:2] == [layout.ABOUT, layout.SCORES]
    ws = wb[layout.SCORES]
    assert (ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (
        9,
        1,
        1,
    )
    assert ws.protection.sheet and wb[layout.SCORE_DATA].sheet_state == "hidden"
    assert wb[layout.SCORE_DATA].protection.sheet
    names = dict(ws.defined_names.items())
    assert {"ColumnTitle1", "ColumnTitle2"} <= set(names)
    header_row = int(names["ColumnTitle1"].attr_text.split("$")[2].rstrip(":"))
    assert ws.cell(header_row, 1).value == layout.wording()["scores"]["headers"]["area"]


def test_a_formula_in_an_answer_cell_is_still_refused(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    assert cli("template", "core", "--out", path).code == 0
    wb = openpyxl.load_workbook(path)
    wb[layout.ABOUT]["B1"] = "Testshire"
    wb["Leadership"]["E5"] = '="3"'
    wb.save(path)
    result = cli("score", path)
    assert result.code == 2
    assert "sheet 'Leadership', E5: a formula whose value was never saved" in result.err
