"""Every HTML page clear writes meets WCAG 2.2 AA: axe-core in headless Chromium finds no
violation, and the structure checks in Python (always run) find no problem. The Markdown
twin of each page keeps a heading structure a converter turns into accessible HTML."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from clear_cli.outputs.contrast import AA_TEXT, contrast, ink_on
from clear_cli.outputs.wording import COLOURS
from tests import accessibility_checks as a11y
from tests.conftest import ROOT

#: Every HTML page clear writes, as (command, arguments before --out): add a page here and it is
#: checked by axe-core and by the structure checks, and its Markdown version by the heading check.
PAGES: list[tuple[str, tuple[str, ...]]] = [
    ("report", ("examples/northshire-self.yaml",)),
    ("report", ("examples/southvale-self.yaml",)),
    ("compare", ("examples/northshire-self.yaml", "examples/northshire-peer.yaml")),
    ("compare", ("examples/northshire-self.yaml", "examples/southvale-self.yaml")),
    ("plan", ("examples/northshire-self.yaml",)),
    ("review", ("examples/northshire-self.yaml", "examples/northshire-peer.yaml")),
    (
        "review",
        (
            "examples/northshire-self.yaml",
            "examples/northshire-peer.yaml",
            "--notes",
            "examples/reviews/northshire-review-notes.yaml",
        ),
    ),
    ("show", ("leadership",)),
    (
        "trend",
        (
            "examples/northshire-2024.yaml",
            "examples/northshire-2025.yaml",
            "examples/northshire-self.yaml",
        ),
    ),
]
IDS = [" ".join((command, *(Path(a).stem for a in args))) for command, args in PAGES]
AXE_MISSING = a11y.axe_missing()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """(page id, suffix) -> the text clear wrote, for every page as .html and .md."""
    from clear_cli.cli.app import app

    folder = tmp_path_factory.mktemp("pages")
    out: dict[tuple[str, str], str] = {}
    for n, ((command, args), page) in enumerate(zip(PAGES, IDS, strict=True)):
        paths = [str(ROOT / a) if (ROOT / a).exists() else a for a in args]
        for suffix in (".html", ".md"):
            target = folder / f"page{n}{suffix}"
            result = CliRunner().invoke(app, [command, *paths, "--out", str(target)])
            assert result.exit_code == 0, (page, result.output)
            out[page, suffix] = target.read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize("page", IDS)
def test_page_structure_is_accessible(rendered: dict[tuple[str, str], str], page: str) -> None:
    problems = a11y.structure_problems(rendered[page, ".html"])
    assert not problems, f"{page}:\n" + "\n".join(problems)


@pytest.mark.skipif(AXE_MISSING is not None, reason=f"axe-core cannot run: {AXE_MISSING}")
@pytest.mark.parametrize("page", IDS)
def test_page_passes_axe_core(
    rendered: dict[tuple[str, str], str], page: str, tmp_path: Path
) -> None:
    violations = a11y.run_axe(rendered[page, ".html"], tmp_path)
    assert not violations, f"axe-core on {page}:\n{a11y.describe(violations)}"


@pytest.mark.parametrize("page", IDS)
def test_markdown_keeps_its_heading_structure(
    rendered: dict[tuple[str, str], str], page: str
) -> None:
    problems = a11y.markdown_heading_problems(rendered[page, ".md"])
    assert not problems, f"{page} (Markdown):\n" + "\n".join(problems)


BROKEN = """<!DOCTYPE html>
<html><head><title>x</title></head>
<body>
<h1>One</h1><h3>Skipped</h3><h1>Two</h1>
<nav><a href="#a">a</a></nav>
<div>loose</div>
<main>
  <section><svg><text class="value">12%</text></svg></section>
  <table><tr><th>Head</th></tr><tr><td>1</td></tr></table>
  <span class="band" style="background: #d68910; color: #ffffff">Amber</span>
  <span class="band" style="background: #1e8449">Green</span>
  <span class="band" style="background: #1e8449; color: #ffffff"></span>
</main>
<footer>f</footer>
</body></html>"""


def test_structure_checks_find_each_kind_of_problem() -> None:
    problems = "\n".join(a11y.structure_problems(BROKEN))
    for expected in (
        "<html> has no lang",
        "2 <h1> elements",
        "<h3> 'Skipped' skips a level",
        "<div> outside any landmark",
        "0 top-level <header>",
        "<nav> without an aria-label",
        "table 1 has no caption",
        "<th> 'Head' has no scope",
        "chart 1 has no role=img",
        "chart 1 has no <title>",
        "chart 1 has no <desc>",
        "chart 1: figures not in a table beside it: ['12%']",
        "band badge 'Amber': #ffffff on #d68910 is 2.82:1",
        "band badge 'Green' without both text and background colour",
        "a band badge without its word",
    ):
        assert expected in problems, f"{expected!r} not found in:\n{problems}"


def test_markdown_check_finds_skipped_levels_and_extra_titles() -> None:
    text = "# One\n### Skipped\n```\n# not a heading\n```\n# Two\n"
    assert a11y.markdown_heading_problems(text) == [
        "line 2: heading level 3 after level 1",
        "2 '#' titles; a document has exactly one",
    ]


@pytest.mark.skipif(AXE_MISSING is not None, reason=f"axe-core cannot run: {AXE_MISSING}")
def test_axe_run_reports_what_it_finds(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>t</title></head><body><main>"
        '<p style="color: #aaaaaa; background: #ffffff">faint</p></main></body></html>'
    )
    violations = a11y.run_axe(page, tmp_path)
    assert {"html-has-lang", "color-contrast"} <= {v["id"] for v in violations}
    assert "color-contrast (serious, 1)" in a11y.describe(violations)


def test_band_text_reaches_aa_contrast_on_any_band_colour() -> None:
    steps = range(0, 256, 15)
    for r, g, b in itertools.product(steps, steps, steps):
        colour = f"#{r:02x}{g:02x}{b:02x}"
        assert contrast(ink_on(colour), colour) >= AA_TEXT, colour


def test_bundled_band_colours_pass_with_their_text_colour() -> None:
    scoring = yaml.safe_load((ROOT / "frameworks" / "scoring.yaml").read_text(encoding="utf-8"))
    for band in scoring["bands"]:
        ink = ink_on(band["colour"])
        assert contrast(ink, band["colour"]) >= AA_TEXT, band


def test_comparison_colours_pass_as_text_on_white_and_on_table_headers() -> None:
    for colour in COLOURS.values():
        for background in ("#ffffff", "#f4f6f7"):
            assert contrast(colour, background) >= AA_TEXT, (colour, background)
