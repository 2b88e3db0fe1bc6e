"""`clear trend --out` and `clear report --previous`: HTML parsed (landmarks, headings, table
headers, charts with a title and description, escaped text), Markdown tables that keep their
columns, a workbook of values an analyst can chart, and the report's "since last time"."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from clear_cli.sources.catalogue import load_catalogue
from tests.conftest import ASSETS, EXAMPLES
from tests.test_compare_outputs import FORMULA, HOSTILE, Tree, _cells
from tests.test_report import _md_tables
from tests.trend_inputs import V1, make_run, write


class Page(Tree):
    """The tags, the text, and the text inside each element by tag (for th, td, caption)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.closed: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if tag not in ("meta", "br", "line", "circle", "polyline", "rect"):
            self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, text = self.open.pop()
            self.closed.append((name, attrs, " ".join("".join(text).split())))
            if self.open:
                self.open[-1][2].extend([" ", *text, " "])
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if self.open:
            self.open[-1][2].append(data)

    def texts(self, tag: str) -> list[str]:
        return [text for name, _, text in self.closed if name == tag]


def cells(row: str) -> list[str]:
    """A Markdown table row's cells, split at the pipes not escaped by a backslash."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture
def run(cli: Any, tmp_path: Path) -> list[Path]:
    return make_run(cli, tmp_path)


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def f(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


def contrast(colour: str, background: str = "#ffffff") -> float:
    a, b = sorted((luminance(colour), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_html_is_accessible_and_holds_the_figures(
    cli: Any, run: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "trend.html"
    result = cli("trend", "--bank", V1, *reversed(run), "--out", out)
    assert result.code == 0, result
    data = json.loads(cli("trend", "--bank", V1, *run, "--json").out)
    page = parse(out)
    tags = [tag for tag, _ in page.tags]
    assert dict(page.tags[0][1]).get("lang") == "en-GB"
    assert tags.count("h1") == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in page.tags if tag == "th")
    assert tags.count("caption") == tags.count("table") >= 4
    # A chart for overall and one per bank, each named by its own title and description.
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(svgs) == 1 + len(data["banks"])
    ids = {attrs.get("id") for _, attrs in page.tags}
    for svg in svgs:
        assert svg["role"] == "img"
        assert all(i in ids for i in str(svg["aria-labelledby"]).split())
    descs = page.texts("desc")
    assert descs[0].startswith("Overall: 23% in 2023, 50% in 2024, 46% in 2025.")
    # The figures in the tables are the JSON's.
    rows = {
        text.split(" ")[0]: text for name, _, text in page.closed if name == "tr" and "%" in text
    }
    overall = rows["Overall"].split()
    assert overall[1:4] == [f"{p:.1f}%" for p in data["overall"]["percents"]]
    assert overall[4:] == ["-3.9", "+23.1"]
    moved = [t for t in page.texts("caption") if t.startswith("Moved")]
    assert moved == ["Moved up: 2 questions"]
    style = "".join(t for n, _, t in page.closed if n == "style")
    assert "@media print" in style
    for colour in re.findall(r"(?:color:|fill=\")\s*(#[0-9a-fA-F]{6})", out.read_text()):
        assert contrast(colour) >= 4.5, colour


@pytest.fixture
def hostile(tmp_path: Path) -> list[Path]:
    """Two years of a locality whose names and evidence are hostile, on a hostile bank."""
    bank = yaml.safe_load((ASSETS / "banks" / "minimal.yaml").read_text())
    bank["title"] = "Bank " + HOSTILE
    bank["sections"][0]["title"] = "Section " + HOSTILE
    bank["sections"][0]["questions"][0]["text"] = "Question " + HOSTILE
    bank["scales"]["maturity"]["options"][1]["label"] = "Planned " + HOSTILE
    bank_path = tmp_path / "bank.yaml"
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=True))
    files = []
    for year, answers in (("2025", ("1", "2")), ("2026", ("3", "1"))):
        files.append(
            write(
                tmp_path,
                f"{year}.yaml",
                {
                    "T1.1": {"answer": answers[0], "evidence": HOSTILE, "note": FORMULA},
                    "T1.2": {"answer": answers[1], "evidence": FORMULA},
                },
                date=f"{year}-03-01",
                bank=str(bank_path),
                locality="Hostileshire " + HOSTILE[:60],
            )
        )
    return files


def test_html_escapes_what_users_typed(cli: Any, hostile: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "trend.html"
    result = cli("trend", "--bank", V1, *hostile, "--out", out)
    assert result.code == 0, result
    page = parse(out)
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "img" not in names and "link" not in names
    for tag, attrs in page.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        assert "src" not in attrs
        assert (attrs.get("href") or "#").startswith("#"), "nothing fetched, no links out"
    text = "".join(page.text)
    assert text.count("<script>alert(1)</script>") >= 4  # shown as text, never run


def test_markdown_has_the_same_content(cli: Any, hostile: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "trend.md"
    result = cli("trend", "--bank", V1, *hostile, "--out", out)
    assert result.code == 0, result
    text = out.read_text()
    assert "<script" not in text and "<img" not in text
    tables = _md_tables(text)
    # Assessments, banks, the bank's sections, stops, answers that moved up and down.
    assert len(tables) == 6
    for table in tables:
        assert len({_cells(row) for row in table}) == 1, table
        assert set(table[1]) <= set("|-: ")
    # T1.1 went from Planned (1) to In place (3); T1.2, weight 2, from 2 to 1.
    up, down = ([cells(row) for row in table[2:]] for table in tables[4:6])
    assert [row[0] for row in up] == ["T1.1"]
    assert [row[0] for row in down] == ["T1.2"]
    assert down[0][4] == "-2.0"
    assert "## Roadmap stops" in text and "## How the trend is worked out" in text


def test_workbook_is_values_an_analyst_can_chart(
    cli: Any, run: list[Path], hostile: list[Path], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "trend.xlsx"
    result = cli("trend", "--bank", V1, *run, "--out", out)
    assert result.code == 0, result
    data = json.loads(cli("trend", "--bank", V1, *run, "--json").out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["About", "Banks", "Stops", "Moved", "Left out"]
    banks = wb["Banks"]
    assert [c.value for c in banks[1]] == [
        "Bank",
        "Section",
        "Title",
        "2023",
        "2024",
        "2025",
        "Since previous",
        "Since first",
    ]
    rows = [[c.value for c in r] for r in banks.iter_rows(min_row=2)]
    assert rows[0][:6] == ["local-test", None, "Local test bank", 23.08, 50.0, 46.15]
    assert rows[2][3:] == [0.0, "n/a", 100.0, "n/a", 100.0]  # T2: not applicable in 2024
    assert rows[-1][0] == "overall" and rows[-1][3:6] == data["overall"]["percents"]
    stops = [[c.value for c in r] for r in wb["Stops"].iter_rows(min_row=2)]
    assert [r[0] for r in stops] == [s["stop"] for s in data["stops"]]
    assert [r[2:5] for r in stops] == [s["shortfalls"] for s in data["stops"]]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows in ("1:1", "$1:$1")
    # Hostile text stays text.
    # clear wrote the old one, from other inputs, and nobody changed it: replaced
    result = cli("trend", "--bank", V1, *hostile, "--out", out)
    assert result.code == 0, result
    wb = load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    moved = {r[1].value: [c.value for c in r] for r in wb["Moved"].iter_rows(min_row=2)}
    assert moved["T1.1"][9].startswith("<script>")
    assert moved["T1.2"][9] == "'" + FORMULA


def test_output_files_are_not_overwritten(cli: Any, run: list[Path], tmp_path: Path) -> None:
    theirs = tmp_path / "notes.html"
    theirs.write_text("<p>someone's notes</p>")
    result = cli("trend", "--bank", V1, *run, "--out", theirs)
    assert result.code == 2 and "--force" in result.err
    assert theirs.read_text() == "<p>someone's notes</p>"
    assert cli("trend", "--bank", V1, *run, "--out", theirs, "--force").code == 0
    assert cli("trend", "--bank", V1, *run, "--out", run[0]).code == 2
    assert cli("trend", "--bank", V1, *run, "--out", tmp_path / "t.pdf").code == 2
    both = cli("trend", "--bank", V1, *run, "--out", tmp_path / "t.md", "--json")
    assert both.code == 0 and json.loads(both.out)["dates"][0] == "2023-03-01"
    assert (tmp_path / "t.md").exists()


def test_report_previous_adds_since_last_time(cli: Any, run: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = cli("report", "--bank", V1, run[2], "--previous", run[0], "--out", out)
    assert result.code == 0, result
    page = parse(out)
    stop11 = load_catalogue(["core"]).roadmap.stop(11)
    assert stop11 is not None
    (paragraph,) = [t for n, a, t in page.closed if n == "p" and a.get("id") == "since-last"]
    assert paragraph == (
        "Since the last assessment on 1 March 2023: overall up 23.1 points; Local test bank "
        f"up 23.1 points; the shortfall fell most at stop 11, {stop11.title} (-100.0); "
        "2 answers moved up and 0 down."
    )
    scores = next(
        t for n, a, t in page.closed if n == "table" and "Since last time" in t and "Points" in t
    )
    rows = re.findall(r"(\+[\d.]+|n/a|\b0\b)(?= |$)", scores.split("Since last time", 1)[1])
    # Bank +23.1; T1 25 -> 41.67; T2 0 -> 100; overall as the bank.
    assert rows == ["+23.1", "+16.7", "+100.0", "+23.1"]
    # The same in Markdown; and a report without --previous has no such column.
    md = tmp_path / "report.md"
    assert cli("report", "--bank", V1, run[2], "--previous", run[1], "--out", md).code == 0
    text = md.read_text()
    assert "| Since last time |" in text
    assert "Since the last assessment on 1 March 2024: overall down 3.9 points;" in text
    plain = tmp_path / "plain.md"
    assert cli("report", "--bank", V1, run[2], "--out", plain).code == 0
    assert "Since last time" not in plain.read_text()


def test_report_previous_is_checked(cli: Any, run: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    later = cli("report", "--bank", V1, run[0], "--previous", run[2], "--out", out)
    assert later.code == 2 and "--previous takes the earlier assessment" in later.err
    other = write(tmp_path, "other.yaml", {"T1.1": "2"}, date="2020-01-01", locality="Otherton")
    refused = cli("report", "--bank", V1, run[2], "--previous", other, "--out", out)
    assert refused.code == 2 and "different localities" in refused.err
    assert not out.exists()


def test_terminal_trend_does_not_import_jinja2_or_openpyxl() -> None:
    """Answers files in the terminal: the heavy libraries stay unloaded."""
    files = [EXAMPLES / "northshire-2024.yaml", EXAMPLES / "northshire-self.yaml"]
    code = (
        "import sys\n"
        "from clear_cli.cli.app import app\n"
        "try:\n"
        f"    app(['trend', {', '.join(repr(str(f)) for f in files)}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Northshire over time: 2 assessments" in out.stdout
    modules = set(out.stdout.split("MODULES", 1)[1].split())
    assert "clear_cli.core.trend" in modules
    assert not {"jinja2", "openpyxl"} & modules
