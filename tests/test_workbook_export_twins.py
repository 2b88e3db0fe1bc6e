"""`clear export`: one assessment given twice is counted once; overall percents over different
banks are flagged; bands are named as everywhere else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import yaml

from clear_cli.sources.catalogue import load_scoring
from clear_cli.sources.loader import load_assessment
from tests.conftest import ASSETS

HERE = ASSETS / "workbook"


def rows(ws: Any) -> list[dict[str, Any]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def leadership_only() -> dict[str, Any]:
    """round_trip.yaml without the local test bank: leadership, as in its twin workbook."""
    data: dict[str, Any] = yaml.safe_load((HERE / "round_trip.yaml").read_text())
    data["banks"] = ["leadership"]
    data["answers"] = {k: v for k, v in data["answers"].items() if k.startswith("L")}
    return data


def twin(tmp_path: Path) -> Path:
    """The workbook twin of round_trip.yaml: the same locality, kind, date and answers."""
    from clear_cli.outputs.xlsx.template import make_template

    book = tmp_path / "twin.xlsx"
    make_template(["leadership"], book, filled=load_assessment(HERE / "round_trip.yaml"))
    return book


def test_the_same_assessment_twice_is_counted_once(cli: Any, in_root: Path, tmp_path: Path) -> None:
    data = leadership_only()
    yaml_twin = tmp_path / "roundtrip.yaml"
    yaml_twin.write_text(yaml.safe_dump(data))
    book = twin(tmp_path)
    out = tmp_path / "scores.xlsx"
    result = cli("export", yaml_twin, book, "--out", out)
    assert result.code == 0, result
    assert "1 assessment(s)" in result.out
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {book}: the same assessment as {yaml_twin} (same locality, kind, date "
        "and answers): counted once"
    ]
    wb = openpyxl.load_workbook(out)
    assert [r["File"] for r in rows(wb["Summary"])] == [str(yaml_twin)]
    questions = rows(wb["Questions"])
    assert len(questions) == len({r["Question ID"] for r in questions})


def test_other_answers_or_dates_are_kept(cli: Any, in_root: Path, tmp_path: Path) -> None:
    data = leadership_only()
    first = tmp_path / "first.yaml"
    first.write_text(yaml.safe_dump(data))
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump({**data, "date": "2027-03-01"}))
    other = tmp_path / "other.yaml"
    answers = {**data["answers"], "L1.1": {"answer": "0"}}
    other.write_text(yaml.safe_dump({**data, "answers": answers}))
    out = tmp_path / "scores.xlsx"
    result = cli("export", first, later, other, "--out", out)
    assert result.code == 0, result
    assert "3 assessment(s)" in result.out and "counted once" not in result.err
    summary = rows(openpyxl.load_workbook(out)["Summary"])
    assert {r["Banks covered"] for r in summary} == {"leadership"}
    assert all(r["Note"] is None for r in summary)  # the same banks: nothing to flag
    assert "different banks" not in result.err


def test_different_bank_sets_are_flagged(cli: Any, in_root: Path, tmp_path: Path) -> None:
    book = twin(tmp_path)  # leadership only
    source = HERE / "round_trip.yaml"  # leadership and the local test bank
    out = tmp_path / "scores.xlsx"
    result = cli("export", source, book, "--out", out)
    assert result.code == 0, result
    assert "2 assessment(s)" in result.out
    assert "different banks" in result.err
    summary = rows(openpyxl.load_workbook(out)["Summary"])
    covered = [r["Banks covered"] for r in summary]
    banks = [[b.id for b in load_assessment(p).banks] for p in (source, book)]
    assert covered == [", ".join(ids) for ids in banks] and covered[0] != covered[1]
    assert all("overall percents do not compare" in r["Note"] for r in summary)


def test_bands_are_capitalised_on_every_sheet(cli: Any, in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.xlsx"
    result = cli("export", "examples/northshire-self.yaml", "--out", out)
    assert result.code == 0, result
    labels = {b.label for b in load_scoring().bands}
    assert labels == {"Red", "Amber", "Green"}
    wb = openpyxl.load_workbook(out)
    for sheet in ("Summary", "Sections", "Stops"):
        found = {r["Band"] for r in rows(wb[sheet])}
        assert found and found <= labels, (sheet, found)
