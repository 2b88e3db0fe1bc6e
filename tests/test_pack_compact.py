"""`clear show BANK --out PACK --compact`: every question and its answer keys, the scales once,
the guidance in an appendix; printed by headless Chromium, far fewer pages than the full pack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clear_cli.sources.catalogue import load_catalogue
from tests.test_plan import assert_accessible, parse
from tests.test_report_print import _print, pages


def test_compact_html_has_every_question_and_the_guidance_after(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = cli("show", "leadership", "--out", out, "--compact")
    assert result.code == 0, result
    page = parse(out)
    assert_accessible(page)
    bank = load_catalogue(["leadership"]).banks["leadership"]
    text = " ".join("".join(page.text).split())
    appendix = text.rindex("Appendix: what good evidence looks like")  # the heading, not the nav
    for q in bank.questions:
        question = " ".join(q.text.split())
        assert question in text[:appendix], q.id
        assert " ".join(q.guidance.split()) in text[appendix:], q.id  # guidance after
    for scale in bank.scales.values():
        for o in scale.options:
            assert text.count(" ".join(o.description.split())) == 1  # the scale once
    assert [a for t, a in page.tags if t == "input"] == []  # boxes to tick on paper


def test_compact_markdown_and_the_option_needs_out(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    assert cli("show", "leadership", "--out", out, "--compact").code == 0
    text = out.read_text()
    bank = load_catalogue(["leadership"]).banks["leadership"]
    assert text.count("\n| ") >= len(bank.questions)
    assert "## Appendix: what good evidence looks like" in text
    alone = cli("show", "leadership", "--compact")
    assert alone.code == 2 and "--compact" in alone.err and "--out" in alone.err


def test_compact_core_pack_prints_on_far_fewer_pages(cli: Any, tmp_path: Path) -> None:
    full, compact = tmp_path / "full" / "pack.html", tmp_path / "compact" / "pack.html"
    full.parent.mkdir()
    compact.parent.mkdir()
    assert cli("show", "core", "--out", full).code == 0
    assert cli("show", "core", "--out", compact, "--compact").code == 0
    n_full, n_compact = pages(_print(full)), pages(_print(compact))
    # 176 and 38 pages for the core banks of December 2026 (243 questions with deep dives)
    assert n_compact * 3 < n_full, (n_compact, n_full)
