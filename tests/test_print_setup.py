"""Every workbook clear writes prints: A4, fitted to the page width, header rows repeated;
the template's About sheet on one page; the export's chart sized to its assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import EXAMPLES
from tests.test_plan import assert_prints

SHIPPED = [EXAMPLES / "northshire-self.yaml", EXAMPLES / "southvale-self.yaml"]


def written(cli: Any, *args: str | Path) -> Any:
    result = cli(*args)
    assert result.code == 0, result
    out = Path(args[args.index("--out") + 1])
    return openpyxl.load_workbook(out)


def test_template(cli: Any, tmp_path: Path) -> None:
    wb = written(cli, "template", "core", "--out", tmp_path / "t.xlsx")
    assert_prints(wb["About"], landscape=False, header_row=None, one_page=True)
    assert_prints(wb["Scores"], landscape=False, header_row=None, one_page=True)
    for name in ("Challenge", "Leadership", "Results"):
        assert_prints(wb[name], landscape=True, header_row=3)


def test_export_and_its_chart(cli: Any, tmp_path: Path) -> None:
    wb = written(
        cli, "export", *SHIPPED, EXAMPLES / "northshire-peer.yaml", "--out", tmp_path / "e.xlsx"
    )
    for ws in wb.worksheets:
        assert_prints(ws, landscape=True, header_row=1)
    chart_ws = wb["Chart"]
    table = [r for r in chart_ws.iter_rows(min_row=2, values_only=True) if r[0]]
    banks = list(dict.fromkeys(r[0] for r in table))
    for bank in banks:  # one block per bank, highest first within it
        percents = [r[2] for r in table if r[0] == bank]
        assert percents == sorted(percents, reverse=True), ("highest first", bank)
    assert len(chart_ws._charts) == len(banks)
    for chart in chart_ws._charts:
        assert chart.type == "bar"  # horizontal: one bar per assessment, labels readable
        assert len(chart.series) == 1
        assert chart.height > 2.6 and chart.x_axis.scaling.orientation == "maxMin"


def test_export_chart_grows_with_the_assessments(cli: Any, tmp_path: Path) -> None:
    small = written(cli, "export", SHIPPED[0], "--out", tmp_path / "one.xlsx")
    large = written(cli, "export", *SHIPPED, "--out", tmp_path / "two.xlsx")
    assert small["Chart"]._charts[0].height <= large["Chart"]._charts[0].height


def test_compare(cli: Any, tmp_path: Path) -> None:
    wb = written(
        cli,
        "compare",
        EXAMPLES / "northshire-self.yaml",
        EXAMPLES / "northshire-peer.yaml",
        "--out",
        tmp_path / "c.xlsx",
    )
    assert_prints(wb["Summary"], landscape=False, header_row=None, one_page=True)
    for name in wb.sheetnames[1:]:
        assert_prints(wb[name], landscape=True, header_row=1)


def test_combine(cli: Any, tmp_path: Path) -> None:
    partners = sorted((EXAMPLES / "partners").glob("*.yaml"))[:3]
    wb = written(cli, "combine", *partners, "--out", tmp_path / "consensus.xlsx")
    assert_prints(wb["About"], landscape=False, header_row=None, one_page=True)
    assert_prints(wb["Disputed"], landscape=True, header_row=3)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and ws.title not in ("About", "Disputed", "Scores"):
            assert_prints(ws, landscape=True, header_row=3)


def test_plan_sheets(cli: Any, tmp_path: Path) -> None:
    wb = written(cli, "plan", EXAMPLES / "southvale-self.yaml", "--out", tmp_path / "p.xlsx")
    assert_prints(wb["To answer"], landscape=True, header_row=3)
