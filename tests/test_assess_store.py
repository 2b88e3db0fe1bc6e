"""Saving answers: atomic, round-trips any text, never overwrites someone else's changes,
and Ctrl-C at any prompt keeps what was answered."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clear_cli.assess.runner import Runner
from clear_cli.assess.setup import Request
from clear_cli.assess.store import write_atomic
from clear_cli.common.errors import UserError
from clear_cli.models import AnswersFile
from clear_cli.outputs.answers_file import Draft, dump, to_data
from clear_cli.sources.loader import load_assessment
from clear_cli.sources.validation import validate
from clear_cli.sources.yamlsrc import load
from tests.conftest import ASSETS, beside

TODAY = dt.date(2026, 3, 1)
BANK = str(ASSETS / "banks" / "minimal.yaml")


@pytest.fixture(autouse=True)
def _bank_beside_the_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bank in the answers file's folder: an answers file names banks only there."""
    monkeypatch.setattr(sys.modules[__name__], "BANK", str(tmp_path / beside(tmp_path, BANK)))


ORDER = ["T1.1", "T1.2", "T2.1"]


def draft(evidence: str = "", answer: str = "3") -> Draft:
    meta = AnswersFile(locality="X", banks=[BANK])
    d = Draft(meta=meta, banks=[BANK], order=ORDER)
    d.set_answer("T1.1", answer)
    d.set_evidence("T1.1", evidence)
    return d


# Typed evidence has no control characters and no surrounding spaces (the session cleans it).
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60
).map(lambda t: " ".join(t.split()))


@settings(max_examples=150, deadline=None)
@given(evidence=typed_text, suffix=st.sampled_from([".yaml", ".json"]))
def test_any_typed_evidence_round_trips(evidence: str, suffix: str, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("rt") / f"a{suffix}"
    write_atomic(path, dump(to_data(draft(evidence)), suffix))
    meta = validate(AnswersFile, load(path))  # as load_assessment reads it, without the banks
    assert meta.answers["T1.1"].evidence == evidence
    assert meta.answers["T1.1"].answer == "3"


def test_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    write_atomic(path, "old: 1\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UserError, match="the disk is full; the file there was left as it was"):
        write_atomic(path, "new: 2\n")
    assert path.read_text() == "old: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "minimal.yaml"]


def test_written_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new: 2\n")
    assert link.is_symlink() and real.read_text() == "new: 2\n"


class Script:
    """Answers prompts from a list; then raises what it is told to."""

    def __init__(self, typed: list[str], then: BaseException, on_prompt: Any = None) -> None:
        self.typed, self.then, self.on_prompt = list(typed), then, on_prompt
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.on_prompt is not None:
            self.on_prompt(len(self.prompts))
        if not self.typed:
            raise self.then
        return self.typed.pop(0)


@pytest.mark.parametrize("typed", [["2"], ["2", "minutes"], ["2", "minutes", "?"]])
def test_ctrl_c_at_any_prompt_keeps_answers(typed: list[str], tmp_path: Path, capsys: Any) -> None:
    f = tmp_path / "a.yaml"
    req = Request(answers=f, banks=(BANK,), locality="X", assessors=("T",), date=TODAY)
    code = Runner(req, ask=Script(typed, KeyboardInterrupt())).run()
    assert code == 130
    r = load_assessment(f).responses["T1.1"]
    assert r.option is not None and r.option.key == "2"
    assert r.evidence == ("minutes" if len(typed) > 1 else "")
    assert f"clear assess {BANK} --answers {f} --locality X" in capsys.readouterr().err


def test_ctrl_c_before_any_question_writes_nothing(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    req = Request(answers=f, banks=(BANK,))  # the locality is asked first
    assert Runner(req, ask=Script([], KeyboardInterrupt())).run() == 130
    assert not f.exists()


def test_a_file_changed_by_someone_else_is_not_overwritten(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    theirs = f"locality: X\nbanks: ['{BANK}']\nanswers: {{T2.1: 'yes'}}\n"

    def edit_meanwhile(n: int) -> None:
        if n == 3:  # after T1.1 is answered and its evidence asked
            f.write_text(theirs)

    req = Request(answers=f, banks=(BANK,), locality="X", assessors=("T",), date=TODAY)
    with pytest.raises(UserError, match="changed by another program"):
        Runner(req, ask=Script(["1", "", "2"], EOFError(), edit_meanwhile)).run()
    assert f.read_text() == theirs
