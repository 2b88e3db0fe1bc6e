"""Suggestions for a misspelt field come from the fields of the place where it was written:
in an answers file, and in a bank whose scale is written as a bare list of options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import ASSETS


def errors(result: Any) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("error: ")]


def test_answers_file_suggestions_stay_in_place(cli: Any, tmp_path: Path) -> None:
    bank = ASSETS / "banks" / "minimal.yaml"
    answers = tmp_path / "north.yaml"
    answers.write_text(
        "locality: North\n"
        "assesors: [Lead]\n"
        f"banks: [{bank}]\n"
        "answers:\n"
        "  T1.1: {answer: '3', evidense: Plan}\n"
        "  T1.2: {answer: '2', bank: x}\n"
    )
    result = cli("score", answers)
    assert result.code == 2, result
    assert errors(result) == [
        f"error: {answers}:2:1: unknown field 'assesors': did you mean 'assessors'?",
        f"error: {answers}:5:23: unknown field 'evidense': did you mean 'evidence'?",
        # 'bank' is close to 'banks', but that is a field of the file, not of an answer.
        f"error: {answers}:6:23: unknown field 'bank'",
    ]


def test_scale_written_as_a_list(cli: Any, tmp_path: Path) -> None:
    text = (ASSETS / "banks" / "minimal.yaml").read_text()
    text = text.replace(
        '      - {key: "no", label: "No", points: 0, description: Not done.}\n'
        '      - {key: "yes", label: "Yes", points: 1, description: Done.}\n',
        "",
    ).replace(
        '  yes_no:\n    target: "yes"\n    options:\n',
        "  yes_no:\n"
        '    - {key: "no", label: "No", points: 0, description: Not done., sections: [1]}\n'
        '    - {key: "yes", label: "Yes", points: 1, description: Done., stop: [2]}\n',
    )
    bank = tmp_path / "bank.yaml"
    bank.write_text(text)
    result = cli("validate", bank)
    assert result.code == 2, result
    found = errors(result)
    assert any("option 'yes': unknown field 'stop': did you mean 'stops'?" in e for e in found)
    sections = [e for e in found if "unknown field 'sections'" in e]
    assert sections and "did you mean 'sections'" not in sections[0]  # a bank's field
