"""`clear export`: many assessments in one workbook, checked by reopening it."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from clear_cli.core.scoring import score_assessment
from clear_cli.outputs.json_out.score_json import to_json
from clear_cli.outputs.xlsx.export_sheets import QUESTION_COLUMNS
from clear_cli.sources.catalogue import load_scoring
from clear_cli.sources.loader import load_assessment
from tests.conftest import ASSETS, beside

HERE = ASSETS / "workbook"
SHEETS = ["Summary", "Sections", "Questions", "Stops", "Chart"]


@pytest.fixture
def inputs(tmp_path: Path, cli: Any, in_root: Path) -> list[Path]:
    """A YAML answers file, a hostile-text one, and a filled workbook of the first."""
    data = yaml.safe_load((HERE / "round_trip.yaml").read_text())
    data.update(
        locality="=1+2",
        assessment="self",
        banks=[beside(tmp_path, HERE / b) if b.endswith(".yaml") else b for b in data["banks"]],
    )
    data["answers"]["L1.2"] = {"answer": "2", "evidence": "@SUM(A1)", "note": "-3+4"}
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(yaml.safe_dump(data))
    book = tmp_path / "peer.xlsx"
    from clear_cli.outputs.xlsx.template import make_template

    make_template(["leadership"], book, filled=load_assessment(HERE / "round_trip.yaml"))
    return [HERE / "round_trip.yaml", hostile, book]


def run_export(cli: Any, files: list[Path], out: Path) -> Any:
    res = cli("export", *files, "--out", out)
    assert res.code == 0, res
    return openpyxl.load_workbook(out)


def rows(ws: Any) -> list[dict[str, Any]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_summary_sections_and_chart(cli: Any, tmp_path: Path, inputs: list[Path]) -> None:
    wb = run_export(cli, inputs, tmp_path / "scores.xlsx")
    assert wb.sheetnames == SHEETS
    cards = [to_json(score_assessment(load_assessment(p))) for p in inputs]
    summary = rows(wb["Summary"])
    assert [r["Locality"] for r in summary] == ["Roundtrip", "'=1+2", "Roundtrip"]
    colours = {b.name: b.colour.lstrip("#").upper() for b in load_scoring().bands}
    ws = wb["Summary"]
    for i, (row, card) in enumerate(zip(summary, cards, strict=True), start=2):
        assert row["Percent"] == card["overall"]["percent"]
        assert row["Band"] == card["overall"]["band"].capitalize()  # "Amber", as everywhere
        assert ws.cell(i, 8).fill.start_color.rgb[-6:] == colours[card["overall"]["band"]]
        for bank in card["banks"]:
            assert row[f"{bank['title']} %"] == bank["percent"]
        assert row["Completeness %"] == card["completeness"]["percent"]
        assert row["Provisional"] == (
            "provisional" if card["completeness"]["provisional"] else None
        )
        assert row["Start here"] == card["start_here"]
    assert summary[2]["Local test bank %"] is None  # the workbook has leadership only
    sections = rows(wb["Sections"])
    assert len(sections) == sum(len(b["sections"]) for c in cards for b in c["banks"])
    chart_ws = wb["Chart"]
    table = [r for r in chart_ws.iter_rows(min_row=2, values_only=True) if r[0]]
    # one chart per bank, of the assessments covering it: the workbook covers leadership only
    assert len(chart_ws._charts) == len({r[0] for r in table}) == 2
    labels = [r[1] for r in table]
    assert sorted(set(labels)) == sorted({"Roundtrip (peer, 2026-03-01)", "'=1+2"})
    by_bank = {bank: [r for r in table if r[0] == bank] for bank in {r[0] for r in table}}
    assert sorted(len(v) for v in by_bank.values()) == [2, 3]
    for chart in chart_ws._charts:
        assert chart.dataLabels.numFmt == "0"  # 62, not 62.35


def test_questions_is_a_table_in_long_format(cli: Any, tmp_path: Path, inputs: list[Path]) -> None:
    wb = run_export(cli, inputs, tmp_path / "scores.xlsx")
    ws = wb["Questions"]
    table = ws.tables["Questions"]
    questions = rows(ws)
    assert table.ref == f"A1:P{len(questions) + 1}"
    assert [c.name for c in table.tableColumns] == list(QUESTION_COLUMNS)
    assert list(questions[0]) == list(QUESTION_COLUMNS)
    cards = [score_assessment(load_assessment(p)) for p in inputs]
    assert len(questions) == sum(len(c.questions) for c in cards)
    card = cards[0]
    first = {r["Question ID"]: r for r in questions if r["Locality"] == "Roundtrip"}
    l11 = first["L1.1"]
    assert (l11["Answer"], l11["Points"], l11["Target"]) == ("In place", 6, "In place")
    assert l11["Evidence"] == "Strategy signed off by HWB, 2025"
    assert first["T2.1"]["Answer"] == "N/A" and first["L1.4"]["Answer"] is None
    stops = [g for g in rows(wb["Stops"]) if g["Locality"] == "Roundtrip"]
    expected = to_json(card)["gaps"]
    assert [(g["Stop"], g["Shortfall %"], g["Answered"]) for g in stops[: len(expected)]] == [
        (g["stop"], g["shortfall"], g["answered"]) for g in expected
    ]


def test_values_only_and_user_text_never_a_formula(
    cli: Any, tmp_path: Path, inputs: list[Path]
) -> None:
    wb = run_export(cli, inputs, tmp_path / "scores.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    hostile = [r for r in rows(wb["Questions"]) if r["Locality"] == "'=1+2"]
    l12 = next(r for r in hostile if r["Question ID"] == "L1.2")
    assert (l12["Evidence"], l12["Note"]) == ("'@SUM(A1)", "'-3+4")


def test_problems_in_every_file_at_once_and_nothing_written(
    cli: Any, tmp_path: Path, inputs: list[Path]
) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text(inputs[1].read_text().replace("answer: '2'", "answer: lots"))
    bad_book = tmp_path / "bad.xlsx"
    bad_book.write_text("ID,Answer\n")
    out = tmp_path / "scores.xlsx"
    res = cli("export", inputs[0], bad_yaml, bad_book, "--out", out)
    assert res.code == 2
    assert f"error: {bad_yaml}:" in res.err and "'lots' is not an answer" in res.err
    assert f"error: {bad_book}: is a text file" in res.err
    assert not out.exists()


def test_refuses_to_overwrite_an_input_or_without_force(
    cli: Any, tmp_path: Path, inputs: list[Path]
) -> None:
    res = cli("export", inputs[2], "--out", inputs[2], "--force")
    assert res.code == 2 and "is one of the input files" in res.err
    out = tmp_path / "scores.xlsx"
    out.write_bytes(b"keep")
    assert cli("export", inputs[0], "--out", out).code == 2
    assert out.read_bytes() == b"keep"
    assert cli("export", inputs[0], "--out", out, "--force").code == 0
    assert openpyxl.load_workbook(out).sheetnames == SHEETS


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_and_converts(cli: Any, tmp_path: Path, inputs: list[Path]) -> None:
    out = tmp_path / "scores.xlsx"
    run_export(cli, inputs, out)
    template = tmp_path / "template.xlsx"
    assert cli("template", "core", "--out", template).code == 0
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for kind in ("csv", "pdf"):
        done = subprocess.run(
            [
                "soffice",
                profile,
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                str(tmp_path),
                str(out),
                str(template),
            ],
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, done.stderr
        assert (tmp_path / f"scores.{kind}").stat().st_size > 0, done.stdout + done.stderr
        assert (tmp_path / f"template.{kind}").stat().st_size > 0
    with (tmp_path / "scores.csv").open(newline="") as fh:
        summary = list(csv.reader(fh))  # the first sheet, Summary
    assert summary[0][:3] == ["Locality", "Assessment", "Date"]
    assert summary[1][0] == "Roundtrip"
