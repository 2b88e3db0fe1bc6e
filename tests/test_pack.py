"""`clear show BANK --out`: the workshop pack, parsed as a reader's browser would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clear_cli.sources.catalogue import load_catalogue
from tests.conftest import ASSETS
from tests.test_plan import assert_accessible, parse

BANK = ASSETS / "gaps" / "bank.yaml"


def test_html_pack_has_every_question_to_tick_and_write(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = cli("show", "leadership", "--out", out)
    assert result.code == 0, result
    page = parse(out)
    assert_accessible(page)
    bank = load_catalogue(["leadership"]).banks["leadership"]
    heads = [a.get("id", "") for t, a in page.tags if t == "h4"]
    assert len(heads) == len(bank.questions)
    boxes = [a for t, a in page.tags if t == "input"]
    options = sum(len(bank.scale_of(q).options) + q.na_allowed for q in bank.questions)
    assert len(boxes) == options
    assert all(a.get("type") == "checkbox" for a in boxes)
    labelled = {a.get("for") for t, a in page.tags if t == "label"}
    assert {a.get("id") for a in boxes} == labelled, "every tick box has its label"
    assert page.count("fieldset") == page.count("legend") == len(bank.questions)
    text = " ".join("".join(page.text).split())
    for q in bank.questions:
        assert f"{q.id} {' '.join(q.text.split())}" in text
        assert " ".join(q.guidance.split()) in text
    parts = [a for t, a in page.tags if t == "section" and a.get("class") == "part"]
    assert len(parts) == len(bank.sections)
    assert text.count("Evidence") >= len(bank.questions)


def test_print_css_starts_sections_on_new_pages(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    assert cli("show", str(BANK), "--out", out).code == 0
    page = parse(out)
    css = "".join(page.text)  # the <style> element's text, among the rest
    printed = css[css.index("@media print") :]
    assert ".part { break-before: page" in printed
    assert "thead { display: table-header-group; }" in printed


def test_markdown_pack(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    assert cli("show", str(BANK), "--out", out).code == 0
    bank = load_catalogue([str(BANK)]).banks["gaps-test"]
    text = out.read_text()
    lines = text.splitlines()
    assert [x for x in lines if x.startswith("#### ")] == [
        f"#### {q.id} {q.text}" for q in bank.questions
    ]
    ticks = [x for x in lines if x.startswith("- [ ] ")]
    assert len(ticks) == sum(len(bank.scale_of(q).options) + q.na_allowed for q in bank.questions)
    assert "- [ ] **In place** (the target): All of it, evidenced." in ticks
    assert lines.count("Evidence:") == len(bank.questions)


def test_output_rules_and_terminal_view(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    result = cli("show", "leadership", "--out", out)
    assert result.code == 2 and "cannot write '.pdf'" in result.err and not out.exists()
    mine = tmp_path / "pack.html"
    mine.write_text("<p>my notes</p>")
    result = cli("show", "leadership", "--out", mine)
    assert result.code == 2 and "--force" in result.err
    assert mine.read_text() == "<p>my notes</p>"
    assert cli("show", "leadership", "--out", mine, "--force").code == 0
    result = cli("show", str(BANK))
    assert result.code == 0 and "A1" in result.out and "Wrote" not in result.out
