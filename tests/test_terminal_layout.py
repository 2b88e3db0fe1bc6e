"""Terminal layout: section names are never cut in `clear score`, and bullets and labelled
lines in `clear roadmap N` and `clear show` wrap with a hanging indent, not to column 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clear_cli.outputs.terminal.scorecard import BAR_WIDTH
from clear_cli.sources.catalogue import load_catalogue

EXAMPLE = "examples/northshire-self.yaml"


def _names(table_text: str) -> list[str]:
    """The first column of the score table, wrapped names joined back together."""
    names: list[str] = []
    for line in table_text.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) != 5:
            continue
        if any(cells[1:]):
            names.append(cells[0])
        elif names and cells[0] and not cells[0].startswith("("):
            names[-1] += " " + cells[0]  # the rest of a name too long for one line
    return names


@pytest.mark.parametrize("width", [80, 100, 120])
def test_score_shows_every_section_name_whole(
    cli: Any, in_root: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("score", EXAMPLE)
    assert result.code == 0, result
    # every line fits, but the command to run next, kept whole so it can be copied
    lines = [line for line in result.out.splitlines() if "clear report" not in line]
    assert max(len(line.rstrip()) for line in lines) <= width
    assert "…" not in result.out
    names = _names(result.out)
    cat = load_catalogue(["all"])
    scored = [b for b in cat.banks.values() if b.title in names]
    assert len(scored) >= 3
    for bank in scored:
        for section in bank.sections:
            assert section.title in names, (width, section.title)
    if width == 120:  # room for every name on one line, and the full bar
        longest = max(len(s.title) for b in scored for s in b.sections)
        assert longest + 2 + 7 + 3 + 5 + 4 * 3 + BAR_WIDTH <= width
        assert all(section.title in lines_of(result.out) for b in scored for section in b.sections)


def lines_of(text: str) -> set[str]:
    """Each table line's first cell."""
    return {line.split("│")[0].strip() for line in text.splitlines()}


def _block(text: str, start: str, end: str) -> list[str]:
    lines = text.splitlines()
    first = lines.index(start) + 1
    last = lines.index(end, first)
    return lines[first:last]


def test_roadmap_bullets_wrap_with_a_hanging_indent(
    cli: Any, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("roadmap", "6")
    assert result.code == 0, result
    stop = load_catalogue(["all"]).roadmap.stop(6)
    assert stop is not None
    actions = _block(result.out, "What to do next", "Resources")
    assert len(actions) > len(stop.actions), "some action wraps at 80 columns"
    bullets: list[str] = []
    for line in actions:
        if line.startswith("  • "):
            bullets.append(line[4:].strip())
        else:
            assert line.startswith("    ") and line.strip(), line  # under the text, not column 0
            bullets[-1] += " " + line.strip()
    assert bullets == [" ".join(a.split()) for a in stop.actions]
    resources = result.out.split("\nResources\n", 1)[1].split("Questions mapped")[0]
    for line in resources.splitlines():
        assert line.startswith(("  • ", "    ")), line


def test_show_wraps_evidence_under_its_label(
    cli: Any, in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("show", "leadership")
    assert result.code == 0, result
    bank = load_catalogue(["leadership"]).banks["leadership"]
    q = bank.questions[0]
    lines = result.out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith(f"{q.id} "))
    evidence = next(i for i in range(head, len(lines)) if lines[i].startswith("  Evidence:"))
    indent = lines[evidence].index(q.guidance.split()[0])
    text = [lines[evidence][indent:].strip()]
    for line in lines[evidence + 1 :]:
        if not line[:indent].strip():  # a wrapped line of the guidance, under its first
            text.append(line.strip())
        else:
            break
    assert len(text) > 1, "the guidance wraps at 80 columns"
    assert " ".join(text) == " ".join(q.guidance.split())
    for line in lines[head + 1 : evidence]:  # the question text wraps under itself too
        assert line.startswith(" " * (len(q.id) + 1)), line
