"""`clear report`: HTML parsed (not grepped), Markdown tables intact, files handled safely."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ASSETS, ROOT, beside

HOSTILE = (
    "<script>alert(1)</script> \" onmouseover=\"alert(2) ' x='y <img src=x onerror=alert(3)> "
    '| pipe | in | cells |\nnew line\r\n=HYPERLINK("http://evil") '
    "[link](javascript:alert(4)) `code`"
)


class Tree(HTMLParser):
    """Collects what a browser would build: tags, attributes, and text per element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "br", "img", "line", "rect", "link", "input", "hr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and self.stack[-1] in {"script", "style"} and "script" in self.stack:
            self.script_text.append(data)


def _hostile_answers(tmp_path: Path, root: Path) -> Path:
    import yaml

    data = {
        "locality": HOSTILE[:40],
        "assessment": "self",
        "assessors": [HOSTILE],
        "notes": HOSTILE,
        "banks": [beside(tmp_path, root / "tests/assets/banks/minimal.yaml")],
        "answers": {
            "T1.1": {"answer": "1", "evidence": HOSTILE, "note": HOSTILE},
            "T1.2": {"answer": "3", "evidence": HOSTILE},
        },
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_html_report_escapes_everything_a_user_typed(cli: Any, tmp_path: Path) -> None:
    answers = _hostile_answers(tmp_path, ROOT)
    out = tmp_path / "r.html"
    result = cli("report", answers, "--out", out)
    assert result.code == 0, result
    html = out.read_text()
    tree = Tree()
    tree.feed(html)
    tags = [t for t, _ in tree.tags]
    assert "script" not in tags and "img" not in tags
    for _, attrs in tree.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        assert all("javascript:" not in (v or "") for v in attrs.values())
    text = "".join(tree.text)
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert '" onmouseover="alert(2)' in text
    # No external assets: every src/href is in-page or a roadmap resource link.
    for tag, attrs in tree.tags:
        if tag in {"link", "script", "img", "iframe"}:
            pytest.fail(f"external asset tag {tag}")
        href = attrs.get("href") or ""
        assert href.startswith(("#", "https://")) or not href


def test_html_report_has_the_sections_a_board_reads(
    cli: Any, in_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    assert cli("report", "tests/assets/answers/hand.yaml", "--out", out).code == 0
    tree = Tree()
    tree.feed(out.read_text())
    ids = {a.get("id") for _, a in tree.tags if a.get("id")}
    assert {"summary", "scores", "gaps", "questions", "missing", "method"} <= ids
    assert "stop-6" in ids and "stop-11" not in ids  # T2.1 is unanswered: not a gap
    assert {"start-here", "completeness", "still-to-answer"} <= ids
    assert any(t == "svg" for t, _ in tree.tags)  # the chart is inline SVG
    assert any(t == "style" for t, _ in tree.tags)  # inline CSS
    text = " ".join(" ".join(tree.text).split())
    assert "Testshire: CLeaR self-assessment" in text
    assert "62%" in text and "Amber" in text
    assert "Draft plan, <b>not</b> signed off | yet" in text  # evidence shown verbatim


def _md_tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _cells(row: str) -> int:
    # Count unescaped pipes: a row "| a | b |" has 3 pipes, 2 cells.
    pipes = sum(1 for i, ch in enumerate(row) if ch == "|" and (i == 0 or row[i - 1] != "\\"))
    return pipes - 1


def test_markdown_tables_survive_hostile_text(cli: Any, tmp_path: Path) -> None:
    answers = _hostile_answers(tmp_path, ROOT)
    out = tmp_path / "r.md"
    assert cli("report", answers, "--out", out).code == 0
    text = out.read_text()
    tables = _md_tables(text)
    assert len(tables) >= 4
    for table in tables:
        widths = {_cells(row) for row in table}
        assert len(widths) == 1, table
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text


def test_report_refuses_to_overwrite_a_file_it_did_not_write(
    cli: Any, in_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "notes.html"
    out.write_text("<p>my own notes</p>")
    result = cli("report", "tests/assets/answers/hand.yaml", "--out", out)
    assert result.code == 2
    assert "already exists and was not written by clear; use --force" in result.err
    assert out.read_text() == "<p>my own notes</p>"
    assert cli("report", "tests/assets/answers/hand.yaml", "--out", out, "--force").code == 0
    # A report clear wrote can be regenerated without --force.
    assert cli("report", "tests/assets/answers/hand.yaml", "--out", out).code == 0


def test_report_errors(cli: Any, in_root: Path, tmp_path: Path) -> None:
    bad_suffix = cli("report", "tests/assets/answers/hand.yaml", "--out", tmp_path / "r.pdf")
    assert bad_suffix.code == 2 and "cannot write '.pdf'" in bad_suffix.err
    missing = cli("report", "nope.yaml", "--out", tmp_path / "r.html")
    assert missing.code == 2 and "nope.yaml: file not found" in missing.err
    no_folder = cli("report", "tests/assets/answers/hand.yaml", "--out", tmp_path / "x" / "r.md")
    assert no_folder.code == 2 and "does not exist" in no_folder.err
    assert not (tmp_path / "r.html").exists()


def test_locality_templates_override_the_bundled_ones(
    cli: Any, in_root: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "tpl"
    mine.mkdir()
    (mine / "report.md.j2").write_text(
        "<!-- {{ generator }} -->\n# {{ card.locality|md }} scored {{ card.overall.percent|pct }}\n"
    )
    out = tmp_path / "r.md"
    assert (
        cli("report", "tests/assets/answers/hand.yaml", "--out", out, "--templates", mine).code == 0
    )
    assert out.read_text().splitlines()[1] == "# Testshire scored 62%"
    # The HTML template is not overridden, so the bundled one is used.
    html = tmp_path / "r.html"
    assert (
        cli("report", "tests/assets/answers/hand.yaml", "--out", html, "--templates", mine).code
        == 0
    )
    assert "How these numbers are calculated" in html.read_text()


def test_broken_locality_template_is_located(cli: Any, in_root: Path, tmp_path: Path) -> None:
    mine = tmp_path / "tpl"
    mine.mkdir()
    (mine / "report.md.j2").write_text("line one\n{% for x in %}\n")
    out = tmp_path / "r.md"
    result = cli("report", "tests/assets/answers/hand.yaml", "--out", out, "--templates", mine)
    assert result.code == 2
    assert "report.md.j2:2: template error" in result.err
    assert not out.exists()


def test_answers_file_problems_are_all_reported(cli: Any, tmp_path: Path) -> None:
    bank = ASSETS / "banks" / "minimal.yaml"
    path = tmp_path / "bad.yaml"
    path.write_text(
        "locality: X\nassessment: selff\ndate: 2026-13-01\n"
        f"banks: [{beside(tmp_path, bank)}]\n"
        "answers:\n"
        "  T1.1: {answer: '7'}\n"
        "  T9.9: {answer: '1'}\n"
        "  T1.2: {answer: na}\n"
    )
    result = cli("score", path)
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert any(
        ":2:13:" in line and "'assessment' must be one of self or peer" in line for line in lines
    )
    assert any(":3:7:" in line and "YYYY-MM-DD" in line for line in lines)
    # Answer problems are found once the file's shape is right:
    path.write_text(path.read_text().replace("selff", "self").replace("2026-13-01", "2026-03-01"))
    result = cli("score", path)
    lines = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(lines) == 3, lines
    assert any(":6:" in line and "'7' is not an answer to 'T1.1'" in line for line in lines)
    assert any(":7:" in line and "'T9.9' is not a question" in line for line in lines)
    assert any(":8:" in line and "cannot be answered not applicable" in line for line in lines)


def test_report_gets_a_normal_files_permissions(cli: Any, in_root: Path, tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "r.html"
        assert cli("report", "tests/assets/answers/hand.yaml", "--out", out).code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"], "no temporary file left behind"
