"""`clear plan --top N` and the plan workbook's layout: the Priority header fits its column,
long "Suggested lead" text wraps in full, and rows are as tall as their content needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clear_cli.models.plan_table import COLUMNS
from clear_cli.outputs.xlsx.style import lines_needed
from tests.conftest import EXAMPLES
from tests.test_plan import answers, plan_rows, write_plan

SELF = EXAMPLES / "northshire-self.yaml"


def test_top_n_keeps_the_first_rows_and_the_to_answer_list(cli: Any, tmp_path: Path) -> None:
    source = answers(tmp_path)
    write_plan(cli, source, tmp_path / "all.xlsx")
    everything = plan_rows(openpyxl.load_workbook(tmp_path / "all.xlsx")["Plan"])
    assert len(everything) > 2
    result = write_plan(cli, source, tmp_path / "top.xlsx", "--top", "2")
    assert f"the first 2 of {len(everything)} actions" in result.out
    wb = openpyxl.load_workbook(tmp_path / "top.xlsx")
    rows = plan_rows(wb["Plan"])
    assert [r["ID"] for r in rows] == [r["ID"] for r in everything[:2]]
    assert [r["Priority"] for r in rows] == [1, 2]
    all_wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    to_answer = [c.value for c in wb["To answer"]["A"]]
    assert to_answer == [c.value for c in all_wb["To answer"]["A"]]  # the list stays whole
    about = " ".join(str(c.value) for c in wb["Plan"]["A"][:10] if c.value)
    assert f"The first 2 of {len(everything)} actions by priority" in about
    md = tmp_path / "top.md"
    write_plan(cli, source, md, "--top", "2")
    text = md.read_text()
    assert f"The first 2 of {len(everything)} actions by priority" in text
    assert sum(1 for line in text.splitlines() if line.startswith("| ") and "|" in line[2:]) >= 2
    assert all(f"| {r['ID']} |" not in text for r in everything[2:])
    # --top 0 (and a number beyond the rows) is the whole plan
    whole = write_plan(cli, source, tmp_path / "zero.xlsx", "--top", "0")
    assert f": {len(everything)} actions," in whole.out and "the first" not in whole.out
    bad = cli("plan", source, "--out", tmp_path / "x.xlsx", "--top", "-1")
    assert bad.code == 2


@pytest.mark.skipif(not SELF.exists(), reason="example localities not written yet")
def test_workbook_columns_fit_their_headers_and_rows_their_text(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(cli, SELF, out)
    ws = openpyxl.load_workbook(out)["Plan"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Priority")
    letters = {name: openpyxl.utils.get_column_letter(c) for c, name in enumerate(COLUMNS, 1)}
    for name, letter in letters.items():  # a bold header on one line: about 1.1 width a letter
        assert ws.column_dimensions[letter].width >= len(name) * 1.1, name
    for r in range(header + 1, ws.max_row + 1):
        height = ws.row_dimensions[r].height
        texts = {n: str(ws[f"{letters[n]}{r}"].value or "") for n in letters}
        need = max(
            lines_needed(t, ws.column_dimensions[letters[n]].width) for n, t in texts.items()
        )
        # every wrapped line of the tallest cell shows (Suggested lead included), and no more
        assert height == min(409.0, 15.0 * need + 3), (r, height, need)
        lead = texts["Suggested lead"]
        assert lines_needed(lead, ws.column_dimensions[letters["Suggested lead"]].width) <= need


def test_lines_needed_wraps_at_words() -> None:
    # 3 words of 9 letters in a 10-wide column: a count of characters says 3 lines of 11.5;
    # wrapped at words it is 3 lines, one word each
    assert lines_needed("aaaaaaaaa bbbbbbbbb ccccccccc", 10) == 3
    assert lines_needed("short", 10) == 1
    assert lines_needed("one\ntwo", 30) == 2
