"""`clear assess` in a real pseudo-terminal: what a person at the keyboard sees and does."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from clear_cli.sources.loader import load_assessment
from tests.conftest import ASSETS, ROOT, beside

pexpect = pytest.importorskip("pexpect")

BANK = str(ASSETS / "banks" / "minimal.yaml")


@pytest.fixture(autouse=True)
def _bank_beside_the_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bank in the answers file's folder: an answers file names banks only there."""
    monkeypatch.setattr(sys.modules[__name__], "BANK", str(tmp_path / beside(tmp_path, BANK)))


TIMEOUT = 20


def spawn(*args: str, rows: int = 40, cols: int = 100) -> Any:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": str(cols), "LINES": str(rows)}
    return pexpect.spawn(
        sys.executable,
        ["-m", "clear_cli", "assess", *args],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(rows, cols),
    )


def answered(path: Path) -> dict[str, str]:
    return {
        q: ("na" if r.na else r.option.key if r.option else "")
        for q, r in load_assessment(path).responses.items()
        if r.answered
    }


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_ctrl_c_keeps_answers_and_the_same_command_resumes(tmp_path: Path) -> None:
    f = tmp_path / "north.yaml"
    args = (
        BANK,
        "--answers",
        str(f),
        "--locality",
        "Northshire",
        "--date",
        "2026-03-01",
        "--assessor",
        "T",
    )

    child = spawn(*args)
    child.expect("Question 1 of 3")
    child.expect("Answer: ")
    child.sendline("?")  # guidance, then the prompt again
    child.expect("The plan and the minute of its sign-off.")
    child.expect("Answer: ")
    child.sendline("3")
    child.expect(r"Enter to skip\): ")
    child.sendline("Strategy, HWB minute 12")
    child.expect("Question 2 of 3")
    child.expect("Answer: ")
    child.sendintr()  # Ctrl-C at the prompt
    child.expect("To carry on: clear assess")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert answered(f) == {"T1.1": "3"}
    assert load_assessment(f).responses["T1.1"].evidence == "Strategy, HWB minute 12"

    child = spawn(*args)
    child.expect("Question 2 of 3")  # carries on at the first unanswered question
    child.expect("Answer: ")
    child.sendline("Partly in place")
    child.expect(r"Enter to skip\): ")
    child.sendline("")
    child.expect("Question 3 of 3")
    child.expect("Answer: ")
    child.sendline("n")
    child.expect(r"not applicable\? \(Enter to skip\): ")
    child.sendintr()  # Ctrl-C at the evidence prompt: the answer is already saved
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert answered(f) == {"T1.1": "3", "T1.2": "2", "T2.1": "na"}

    child = spawn(*args)  # nothing left: says so and shows the scorecard
    child.expect("Overall")
    child.expect("clear report")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def spawn_small(*args: str) -> Any:
    """A person's 80x24 terminal."""
    return spawn(*args, rows=24, cols=80)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_80x24_day_first_date_label_typed_back_and_half_typed_evidence(tmp_path: Path) -> None:
    f = tmp_path / "north.yaml"
    child = spawn_small(BANK, "--answers", str(f), "--locality", "Northshire", "--assessor", "T")
    child.expect(r"Enter for today, .*\): ")
    child.sendline("12/03/2026")  # British, day first, as the workbook's About sheet reads it
    child.expect("Date: 12 March 2026")
    child.expect("Answer: ")
    # the position is printed just above the prompt, so it is on screen however small it is
    assert "Question 1 of 3 · T1 First section" in child.before.splitlines()[-1]
    child.sendline("?")  # guidance pushes the screen up: the position is printed again
    child.expect("The plan and the minute")
    child.expect("Answer: ")
    assert "Question 1 of 3" in child.before.splitlines()[-1]
    child.sendline("In place (target)")  # the label exactly as the screen shows it
    child.expect(r"Enter to skip\): ")
    child.send("Strategy 2024-29 and HWB min")  # half typed, then Ctrl-C
    child.expect("HWB min")  # echoed: the line editor has it
    child.sendintr()
    child.expect("Kept the evidence typed so far for T1.1: Strategy 2024-29 and HWB min")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert answered(f) == {"T1.1": "3"}
    loaded = load_assessment(f)
    assert loaded.responses["T1.1"].evidence == "Strategy 2024-29 and HWB min"
    assert loaded.meta.date is not None and loaded.meta.date.isoformat() == "2026-03-12"
