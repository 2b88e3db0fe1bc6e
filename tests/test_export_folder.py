"""`clear export FOLDER`: the answers files and workbooks directly in it, by name, said which;
and the Summary sheet laid out to print readably one page wide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import ASSETS, beside

HERE = ASSETS / "workbook"


def test_a_folder_stands_for_the_files_in_it(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    (folder / "older").mkdir(parents=True)
    text = (HERE / "round_trip.yaml").read_text()
    # An answers file names bank files in its own folder only: the bank goes beside them.
    text = text.replace("../banks/minimal.yaml", beside(folder, ASSETS / "banks" / "minimal.yaml"))
    beside(folder / "older", ASSETS / "banks" / "minimal.yaml")
    for name, locality in (("b.yaml", "Bravo"), ("A.yaml", "Alpha"), ("older/c.yaml", "Old")):
        (folder / name).write_text(text.replace("Roundtrip", locality))
    for name in ("notes.txt", ".hidden.yaml", "~$b.xlsx"):
        (folder / name).write_text("not an assessment")
    out = folder / "scores.xlsx"
    result = cli("export", folder, "--out", out)
    assert result.code == 0, result
    # sorted, not recursive; the bank beside them is no assessment
    assert f"From {folder}: 2 files, A.yaml, b.yaml. (bank files left out: minimal.yaml)" in (
        result.out
    )
    summary = list(openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True))
    assert [r[0] for r in summary[1:]] == ["Alpha", "Bravo"]
    again = cli("export", folder, "--out", out, "--force")  # its own output is not taken
    assert again.code == 0, again
    assert "2 files" in again.out


def test_an_empty_folder_is_a_located_problem(cli: Any, tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "readme.txt").write_text("x")
    result = cli("export", empty, "--out", tmp_path / "s.xlsx")
    assert result.code == 2
    assert f"{empty}: is a folder with no answers file or workbook in it" in result.err
    assert "no suffix" not in result.err
    assert not (tmp_path / "s.xlsx").exists()


def test_summary_prints_readably(cli: Any, tmp_path: Path, in_root: Path) -> None:
    out = tmp_path / "s.xlsx"
    result = cli("export", HERE / "round_trip.yaml", "--out", out)
    assert result.code == 0, result
    ws = openpyxl.load_workbook(out)["Summary"]
    headers = [c.value for c in ws[1]]
    widths = {
        h: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
        for i, h in enumerate(headers, 1)
    }
    # each column its own width (the area code column once shifted every width by one)
    assert widths["Area code"] <= 12 and widths["File"] >= 20 and widths["Points"] <= 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0  # width, not a page
    assert sum(widths.values()) < 240
