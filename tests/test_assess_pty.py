"""`clear assess` in a real pseudo-terminal: what a person at the keyboard sees and does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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


def spawn(*args: str) -> object:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100", "LINES": "40"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "clear_cli", "assess", *args],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
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
