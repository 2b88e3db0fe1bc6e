"""Generated assessments of Testshire for the `clear trend` tests: answers files in YAML and
JSON, and a workbook made by `clear template` and filled in with openpyxl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ASSETS, beside

V1 = str(ASSETS / "banks" / "minimal.yaml")
V2 = str(ASSETS / "compare" / "minimal-v2.yaml")


def write(
    folder: Path,
    name: str,
    answers: dict[str, Any],
    *,
    date: str | None,
    bank: str = V1,
    locality: str = "Testshire",
) -> Path:
    data: dict[str, Any] = {
        "locality": locality,
        "assessment": "self",
        "assessors": [f"Lead of {name}"],
        "banks": [beside(folder, bank)],
        "answers": {
            qid: (a if isinstance(a, dict) else {"answer": a, "evidence": f"{qid} in {name}"})
            for qid, a in answers.items()
        },
    }
    if date:
        data["date"] = date
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def workbook(cli: Any, path: Path, date: str, answers: dict[str, tuple[str, str]]) -> Path:
    """A workbook from `clear template`, filled in as a locality would."""
    from openpyxl import load_workbook

    made = cli("template", V1, "--out", path, "--locality", "TESTSHIRE")
    assert made.code == 0, made
    wb = load_workbook(path)
    for row in wb["About"].iter_rows(min_row=1, max_row=6):
        if row[0].value == "Date":
            row[1].value = date
        if row[0].value == "Assessors":
            row[1].value = "Workbook lead"
    for row in wb["Local test"].iter_rows(min_row=4):
        if row[0].value in answers:
            row[4].value, row[5].value = answers[row[0].value]
    wb.save(path)
    return path


def make_run(cli: Any, tmp_path: Path) -> list[Path]:
    """Three years of Testshire on bank version 1: two answers files and a workbook.

    T1.1 (weight 1, stop 6), T1.2 (weight 2, stops 8 and 10), T2.1 (yes/no, may be na, stop 11);
    targets In place (3) and Yes (1).
    """
    return [
        write(
            tmp_path,
            "y2023.yaml",
            {"T1.1": "1", "T1.2": "Planned", "T2.1": "no"},
            date="2023-03-01",
        ),
        workbook(
            cli,
            tmp_path / "y2024.xlsx",
            "2024-03-01",
            {
                "T1.1": ("Partly in place", "Draft plan"),
                "T1.2": ("2", "Minutes"),
                "T2.1": ("N/A", ""),
            },
        ),
        write(
            tmp_path,
            "y2025.json",
            {
                "T1.1": {"answer": "3", "evidence": "Plan signed off by the board"},
                "T1.2": "1",
                "T2.1": {"answer": "yes", "evidence": '=HYPERLINK("http://x") <b>policy</b>'},
            },
            date="2025-03-01",
        ),
    ]
