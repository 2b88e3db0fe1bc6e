"""`clear compare --out`: HTML parsed (not grepped), Markdown tables keep their columns, the
workbook holds values not formulas, and output files are handled safely."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ASSETS, ROOT
from tests.test_report import _md_tables

HOSTILE = (
    "<script>alert(1)</script> \" onmouseover=\"x ' x='y <img src=x onerror=alert(3)> "
    "| pipe | in | cells |\n\nnew line\r\n[link](javascript:alert(4)) `code` \\| *b* _i_"
)
FORMULA = '=HYPERLINK("http://evil.example","click")'
CMP = Path("tests/assets/compare")


class Tree(HTMLParser):
    """What a browser would build: every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A self-assessment and a peer assessment full of hostile text, on a hostile bank."""
    bank = yaml.safe_load((ASSETS / "banks" / "minimal.yaml").read_text())
    bank["title"] = "Bank " + HOSTILE
    bank["sections"][0]["title"] = "Section " + HOSTILE
    bank["sections"][0]["questions"][0]["text"] = "Question " + HOSTILE
    bank["scales"]["maturity"]["options"][1]["label"] = "Planned " + HOSTILE
    bank_path = tmp_path / "bank.yaml"
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=True))
    files = []
    for kind, answers in (("self", ("3", "2")), ("peer", ("1", "4"))):
        data = {
            "locality": "Hostileshire " + HOSTILE[:60],
            "assessment": kind,
            "assessors": [HOSTILE, FORMULA],
            "notes": HOSTILE,
            "date": "2026-03-01",
            "banks": [bank_path.name],
            "answers": {
                "T1.1": {"answer": answers[0], "evidence": HOSTILE, "note": FORMULA},
                "T1.2": {"answer": answers[1], "evidence": FORMULA},
                "T2.1": {"answer": "na" if kind == "peer" else "yes", "evidence": HOSTILE},
            },
        }
        path = tmp_path / f"{kind}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
        files.append(path)
    return files[0], files[1]


def test_html_is_escaped_and_self_contained(
    cli: Any, hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "review.html"
    result = cli("compare", *hostile, "--out", out)
    assert result.code == 0, result
    tree = Tree()
    tree.feed(out.read_text())
    names = [tag for tag, _ in tree.tags]
    assert "script" not in names and "img" not in names and "link" not in names
    for tag, attrs in tree.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        assert "src" not in attrs
        assert (attrs.get("href") or "#").startswith("#"), "no external links or assets"
    text = "".join(tree.text)
    assert text.count("<script>alert(1)</script>") >= 5  # shown as text, not run
    assert '" onmouseover="x' in text
    assert "svg" in names  # the diverging chart is inline
    rows = [attrs for tag, attrs in tree.tags if tag == "tr"]
    assert len(rows) >= 2 + 3  # bank and section rows, and the answers that differ


def _cells(line: str) -> int:
    """Columns in a Markdown table row: pipes not escaped by a backslash."""
    count, escaped = 0, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            count += 1
    return count


def test_markdown_tables_keep_their_columns(
    cli: Any, hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "review.md"
    result = cli("compare", *hostile, "--out", out)
    assert result.code == 0, result
    text = out.read_text()
    assert "<script" not in text and "<img" not in text
    tables = _md_tables(text)
    assert len(tables) >= 4  # sides, scores, answers, stops
    for table in tables:
        assert len({_cells(row) for row in table}) == 1, table
        assert set(table[1]) <= set("|-: "), "the second row is the delimiter row"
    answers = next(t for t in tables if "ID" in t[0] and "Difference" in t[0])
    assert len(answers) - 2 == 2  # T1.1 and T1.2 differ
    one_sided = next(t for t in tables if "What happened" in t[0])
    assert len(one_sided) - 2 == 1  # T2.1: N/A for the peers


def test_workbook_values_not_formulas(cli: Any, hostile: tuple[Path, Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "review.xlsx"
    result = cli("compare", *hostile, "--out", out)
    assert result.code == 0, result
    wb = load_workbook(out)
    assert {"Summary", "Banks", "Questions", "Stops", "Left out"} <= set(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    questions = wb["Questions"]
    header = [c.value for c in questions[1]]
    rows = [
        dict(zip(header, (c.value for c in r), strict=True)) for r in questions.iter_rows(min_row=2)
    ]
    # Both two levels apart (3 -> 1, 2 -> 4): T1.2's weight 2 puts it first.
    assert [r["ID"] for r in rows] == ["T1.2", "T1.1"]
    t11 = rows[1]
    assert t11[header[0]] == -2 and not isinstance(t11[header[0]], str)  # a number
    assert (t11["Self level"], t11["Peers level"]) == (3, 1)  # levels, not weighted points
    assert (rows[0]["Self level"], rows[0]["Peers level"]) == (2, 4)  # not 4 and 8
    assert t11["Self note"] == "'" + FORMULA  # shown as typed, never evaluated
    assert t11["Self evidence"].startswith("<script>")
    one_sided = wb["One side only"]
    assert [c.value for c in one_sided["B"]][1:] == ["T2.1"]
    banks = wb["Banks"]
    assert isinstance(banks["D2"].value, int | float)


def test_json_and_out_together(cli: Any, in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    result = cli(
        "compare", CMP / "testshire-self.yaml", CMP / "testshire-peer.yaml", "--json", "--out", out
    )
    assert result.code == 0, result
    assert json.loads(result.out)["kind"] == "peer-review"  # stdout is only the JSON
    assert "review.md" in result.err and out.exists()


def test_unknown_suffix_and_input_as_output(cli: Any, in_root: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes((ROOT / CMP / "testshire-self.yaml").read_bytes())
    b.write_bytes((ROOT / CMP / "testshire-peer.yaml").read_bytes())
    before = a.read_bytes()
    for out in (tmp_path / "review.pdf", tmp_path / "review"):
        result = cli("compare", a, b, "--out", out)
        assert result.code == 2, result
        assert str(out.name) in result.err and ".html" in result.err
        assert not out.exists()
    result = cli("compare", a, b, "--out", a, "--force")
    assert result.code == 2, result
    assert "input" in result.err
    assert a.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


@pytest.mark.parametrize("suffix", [".html", ".md", ".xlsx"])
def test_overwrite_rules_and_no_temporary_files(
    cli: Any, in_root: Path, tmp_path: Path, suffix: str
) -> None:
    args = [CMP / "testshire-self.yaml", CMP / "otherton-self.yaml"]
    out = tmp_path / f"review{suffix}"
    out.write_text("someone else's file")
    refused = cli("compare", *args, "--out", out)
    assert refused.code == 2, refused
    assert "--force" in refused.err and out.read_text() == "someone else's file"
    assert cli("compare", *args, "--out", out, "--force").code == 0
    first = out.read_bytes()
    assert first != b"someone else's file"
    again = cli("compare", *args, "--out", out)  # clear's own output: replaced without --force
    assert again.code == 0, again
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary files left"
    assert out.stat().st_mode & 0o044, "readable like any other file, not private"


def test_templates_folder_overrides(cli: Any, in_root: Path, tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "compare.md.j2").write_text("{{ c.kind }}: {{ c.questions|length }} differ\n")
    out = tmp_path / "review.md"
    result = cli(
        "compare",
        CMP / "testshire-self.yaml",
        CMP / "testshire-peer.yaml",
        "--out",
        out,
        "--templates",
        mine,
    )
    assert result.code == 0, result
    text, record = out.read_text().splitlines()
    assert text == "peer-review: 1 differ"  # T2.1 is one-sided, not a difference
    assert record.startswith("<!-- clear-output 1 compare ")  # so a re-run may replace it


def test_terminal_compare_does_not_import_jinja2_or_openpyxl() -> None:
    code = (
        "import sys\n"
        "from clear_cli.cli.app import app\n"
        "try:\n"
        f"    app(['compare', '{CMP}/testshire-self.yaml', '{CMP}/testshire-peer.yaml'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    modules = set(out.stdout.split("MODULES", 1)[1].split())
    assert "clear_cli.core.compare" in modules
    assert not {"jinja2", "openpyxl"} & modules
