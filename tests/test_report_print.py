"""The report printed on A4 by headless Chromium: how many pages, and the board summary on two.

Skipped where no Chromium is installed. Pages are counted with ``pdfinfo`` when present,
else from the PDF's own page objects.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.test_report_board import _run

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: What a board paper and its annexes should come to for the Northshire example: 264
#: questions since the 2026.3 banks (215 before, at 39 pages), each weak one with its own
#: success measure in place of the scale's generic wording (47 pages in December 2026).
MOST_PAGES = 48
SUMMARY_PAGES = 2


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("headless Chromium is not installed (looked for: " + ", ".join(BROWSERS) + ")")


def _print(html: Path) -> Path:
    pdf = html.with_suffix(".pdf")
    subprocess.run(
        [
            _browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={html.parent / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert pdf.is_file() and pdf.stat().st_size > 0, "Chromium wrote no PDF"
    return pdf


def pages(pdf: Path) -> int:
    """The number of pages: pdfinfo's count, else the page objects in the file."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        found = re.search(r"^Pages:\s+(\d+)", out.stdout, flags=re.M)
        assert found, out.stdout
        return int(found[1])
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def _page_text(pdf: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


@pytest.fixture(scope="module")
def northshire(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The whole report and its summary alone (everything after the summary cut off)."""
    _browser()
    folder = tmp_path_factory.mktemp("print")
    whole = folder / "northshire.html"
    _run("report", EXAMPLES / "northshire-self.yaml", "--out", whole)
    html = whole.read_text(encoding="utf-8")
    summary = folder / "summary.html"
    cut = html.index('<section id="scores"')
    summary.write_text(html[:cut] + "</main>\n</body>\n</html>\n", encoding="utf-8")
    return _print(whole), _print(summary)


def test_counting_pages_from_the_pdf_itself_agrees(northshire: tuple[Path, Path]) -> None:
    whole, _ = northshire
    counted = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", whole.read_bytes()))
    assert counted == pages(whole)


def test_northshire_prints_within_its_page_budget_with_the_summary_on_2(
    northshire: tuple[Path, Path],
) -> None:
    whole, summary = northshire
    assert pages(whole) <= MOST_PAGES
    assert pages(summary) <= SUMMARY_PAGES
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"<!-- readme-report-pages -->(\d+)<!-- /readme-report-pages -->", readme)
    assert quoted is not None
    assert int(quoted[1]) == pages(whole), "the README quotes another page count: update it"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
def test_the_pages_after_the_summary_begin_with_the_scores_and_none_is_nearly_empty(
    northshire: tuple[Path, Path],
) -> None:
    whole, summary = northshire
    after = pages(summary) + 1
    first = [line.strip() for line in _page_text(whole, after).splitlines() if line.strip()]
    assert "Scores by bank and section" in first[:3]
    for page in range(1, pages(whole)):  # the last page may be short
        lines = [line for line in _page_text(whole, page).splitlines() if line.strip()]
        assert len(lines) > 12, f"page {page} holds {len(lines)} lines"
