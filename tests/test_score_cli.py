"""`clear score` on the bundled examples, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_three_examples() -> None:
    names = {p.name for p in EXAMPLE_FILES}
    assert {"northshire-self.yaml", "northshire-peer.yaml", "southvale-self.yaml"} <= names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_are_fictional_complete_and_score(path: Path, cli: Any) -> None:
    text = path.read_text()
    assert "FICTIONAL" in text.splitlines()[1] or "FICTIONAL" in text.splitlines()[0]
    data = yaml.safe_load(text)
    assert "fictional" in data["notes"].lower()
    deep = [b for b in data["banks"] if b not in {"challenge", "leadership", "results"}]
    assert {"challenge", "leadership", "results"} <= set(data["banks"]) and len(deep) >= 2
    answered = [a for a in data["answers"].values() if a.get("answer")]
    for a in answered:
        assert a.get("evidence") or (a["answer"] == "na" and a.get("note")), a
    result = cli("score", path, "--json")
    assert result.code == 0, result
    card = json.loads(result.out)
    unanswered = sum(len(b["unanswered"]) for b in card["banks"])
    total = sum(1 for _ in data["answers"]) + unanswered
    assert unanswered <= total * 0.1, "complete enough to make a report worth reading"
    assert card["gaps"], "every example has something to work on"


def test_the_two_localities_tell_different_stories(cli: Any) -> None:
    north = json.loads(cli("score", EXAMPLES / "northshire-self.yaml", "--json").out)
    south = json.loads(cli("score", EXAMPLES / "southvale-self.yaml", "--json").out)
    assert north["overall"]["percent"] > south["overall"]["percent"] + 20
    assert south["overall"]["band"] == "red"
    lead = {b["id"]: b for b in south["banks"]}["leadership"]
    assert lead["band"] == "red", "Southvale's restarted alliance is weak on leadership"


def test_terminal_scorecard(cli: Any) -> None:
    result = cli("score", EXAMPLES / "northshire-self.yaml")
    assert result.code == 0
    out = result.out
    assert "Northshire — self-assessment, 2026-03-12" in out
    assert "Where to start: stop " in out and "Completeness: " in out
    assert "Roadmap stops by shortfall" in out
    assert "Overall" in out and "clear report" in out
    for title in ("Challenge", "Leadership", "Results", "mental health"):
        assert title in out


def test_score_refuses_unknown_file_types(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("id,answer\n")
    result = cli("score", path)
    assert result.code == 2
    assert "cannot read '.csv' files" in result.err


def test_answers_filed_under_the_wrong_banks_say_where_they_belong(
    cli: Any, tmp_path: Path
) -> None:
    path = tmp_path / "misplaced.yaml"
    path.write_text('locality: X\nbanks: [leadership]\nanswers: {C1.1: "3", AH1.1: "1"}\n')
    result = cli("score", path)
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(lines) == 2
    assert ":3:17:" in lines[0] and "belongs to bank 'challenge'" in lines[0]
    assert "belongs to bank 'acute'" in lines[1]
