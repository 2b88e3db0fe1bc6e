"""``clear report --out X.docx`` (the board paper) and ``clear plan --out X.docx`` in Word:
real headings, header rows repeated on every page, A4, properties, the output rule."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.docx_helpers import (
    header_rows_repeat,
    headings,
    open_docx,
    pdf_page_text,
    pdf_pages,
    soffice,
    to_pdf,
)

SELF = EXAMPLES / "northshire-self.yaml"
NO_OFFICE = soffice() is None or shutil.which("pdftotext") is None


def test_board_paper_in_word_starts_with_the_summary(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    res = cli("report", SELF, "--out", out)
    assert res.code == 0, res
    doc = open_docx(out)
    found = headings(doc)
    assert found[0] == ("Title", "CLeaR self-assessment: Northshire")
    top = [t for s, t in found if s == "Heading 1"]
    assert top[:2] == ["Board summary", "Gap analysis by roadmap stop"]
    second = [t for s, t in found if s == "Heading 2"]
    assert second[0].startswith("Where to start: stop ")
    assert "What is strong" in second
    assert header_rows_repeat(doc)
    assert doc.core_properties.title == "CLeaR board report: Northshire"
    assert doc.core_properties.author.startswith("Consultant in Public Health")
    assert round(doc.sections[0].page_width.cm, 1) == 21.0
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Bank", "Score", "Band"]


@pytest.mark.skipif(NO_OFFICE, reason="no LibreOffice")
def test_board_summary_fills_the_first_two_pages(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    assert cli("report", SELF, "--out", out).code == 0
    pdf = to_pdf(out, tmp_path)
    assert "Board summary" in pdf_page_text(pdf, 1)
    assert "Gap analysis by roadmap stop" not in pdf_page_text(pdf, 2)
    assert pdf_page_text(pdf, 3).lstrip().startswith("Gap analysis by roadmap stop")
    assert pdf_pages(pdf) > 3


def test_plan_in_word_is_landscape_with_a_table_per_stop(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    res = cli("plan", SELF, "--out", out)
    assert res.code == 0, res
    doc = open_docx(out)
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert header_rows_repeat(doc)
    stops = [t for s, t in headings(doc) if s == "Heading 2" and t.startswith("Stop ")]
    assert stops and "(start here)" in stops[0]
    first = doc.tables[0]
    assert first.rows[0].cells[0].text == "Priority"
    assert first.rows[1].cells[0].text == "1"
    rows = sum(len(t.rows) - 1 for t in doc.tables[: len(stops)])
    assert f"{rows} actions" in res.out


def test_word_files_follow_the_output_rule(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    assert cli("report", SELF, "--out", out).code == 0
    assert cli("report", SELF, "--out", out).code == 0  # ours, unchanged: replaced
    doc = open_docx(out)
    doc.add_paragraph("An edit in Word")
    doc.save(str(out))
    res = cli("report", SELF, "--out", out)
    assert res.code == 2 and "--force" in res.err
    assert "An edit in Word" in "\n".join(p.text for p in open_docx(out).paragraphs)
    assert cli("report", SELF, "--out", out, "--force").code == 0
    other = tmp_path / "mine.docx"
    other.write_bytes(b"not a word file")
    res = cli("plan", SELF, "--out", other)
    assert res.code == 2 and "was not written by clear" in res.err
    assert other.read_bytes() == b"not a word file"
