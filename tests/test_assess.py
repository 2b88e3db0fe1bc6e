"""`clear assess` driven through the CLI with scripted input: what a workshop meets."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from clear_cli.sources.catalogue import load_catalogue
from clear_cli.sources.loader import load_assessment
from tests.conftest import ASSETS, beside

BANK = str(ASSETS / "banks" / "minimal.yaml")


@pytest.fixture(autouse=True)
def _bank_beside_the_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bank in the answers file's folder: an answers file names banks only there."""
    monkeypatch.setattr(sys.modules[__name__], "BANK", str(tmp_path / beside(tmp_path, BANK)))


# A new file's assessors and date, given on the command line so that they are not asked.
DETAILS = ("--date", "2026-03-01", "--assessor", "Tester")
QUESTION_LINE = re.compile(r"^([A-Z]\d\.\d+)  \S", re.MULTILINE)


def lines(*typed: str) -> str:
    return "".join(f"{t}\n" for t in typed)


def shown(out: str) -> list[str]:
    """The ids of the questions put on screen, in order."""
    return QUESTION_LINE.findall(out)


def answers_of(path: Path) -> dict[str, tuple[str, str]]:
    """Question id -> (option key or 'na', evidence), as the real loader reads the file."""
    a = load_assessment(path)
    out = {}
    for qid, r in a.responses.items():
        if r.answered:
            out[qid] = ("na" if r.na else r.option.key if r.option else "", r.evidence)
    return out


def resume_args(err: str) -> list[str]:
    """The command `clear assess` told us to run to carry on, as arguments."""
    line = next(x for x in err.splitlines() if "clear assess" in x)
    args = shlex.split(line[line.index("clear assess") :])
    assert args[:2] == ["clear", "assess"]
    return args[1:]


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


# --- the whole flow --------------------------------------------------------------------------


def test_new_file_answered_by_key_label_and_na(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "north.yaml"
    typed = lines(
        "3", "Plan signed off: HWB minute 12, 2025", "partly IN place", "", "n", "No prison"
    )
    r = cli("assess", BANK, "--answers", f, "--locality", "Northshire", *DETAILS, input=typed)
    assert r.code == 0, r
    assert shown(r.out) == ["T1.1", "T1.2", "T2.1"]
    assert "Question 2 of 3" in r.out
    assert answers_of(f) == {
        "T1.1": ("3", "Plan signed off: HWB minute 12, 2025"),
        "T1.2": ("2", ""),
        "T2.1": ("na", ""),
    }
    data = yaml.safe_load(f.read_text())
    # the reason for not applicable is the answer's note, not evidence
    assert data["answers"]["T2.1"]["note"] == "No prison"
    assert data["assessors"] == ["Tester"] and str(data["date"]) == "2026-03-01"
    assert list(data) == [
        "locality",
        "assessment",
        "assessors",
        "date",
        "banks",
        "targets",
        "answers",
    ]
    assert data["locality"] == "Northshire" and data["assessment"] == "self"
    assert list(data["answers"]) == ["T1.1", "T1.2", "T2.1"]  # bank order
    # the scorecard (7 of 12 points: T2.1 is left out) and the next step
    assert "Overall" in r.out and "7/12" in r.out
    assert f"clear report {f}" in r.out
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_every_prompt_command(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    typed = lines(
        "b",  # at the first question: explained, asked again
        "n",  # T1.1 does not allow not applicable: explained
        "7",  # not an option
        "?",  # guidance, roadmap stops and sources
        "1",
        "",  # T1.1 = 1, no evidence
        "s",  # skip T1.2: on to T2.1
        "b",  # back to T1.2
        "b",  # back to T1.1, which shows its answer
        "",  # Enter keeps it: on to the first unanswered after it, T1.2
        "4",
        "",  # T1.2 = 4
        "q",  # save and quit at T2.1
    )
    r = cli("assess", BANK, "--answers", f, "--locality", "X", *DETAILS, input=typed)
    assert r.code == 0, r
    assert shown(r.out) == ["T1.1", "T1.2", "T2.1", "T1.2", "T1.1", "T1.2", "T2.1"]
    assert "The plan and the minute of its sign-off." in r.out  # T1.1's guidance, from the bank
    stop = load_catalogue([BANK]).roadmap.stop(6)
    assert stop is not None and f"6 {stop.title}" in r.out  # its roadmap stop, with its title
    assert "ASH Local Alliances Roadmap" in r.out  # its sources
    assert "'7'" in r.out and "T1.1 cannot be answered not applicable" in r.out
    assert "Current answer: 1 Planned" in r.out  # shown when revisiting
    assert answers_of(f) == {"T1.1": ("1", ""), "T1.2": ("4", "")}
    assert f"clear assess {BANK} --answers {f} --locality X" in r.out  # how to carry on
    assert "Traceback" not in r.out + r.err


def test_end_of_input_mid_session_keeps_answers_and_resumes(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    r = cli(
        "assess", BANK, "--answers", f, "--locality", "X", *DETAILS, input=lines("2", "minutes")
    )
    assert r.code == 130, r
    assert answers_of(f) == {"T1.1": ("2", "minutes")}
    assert "Traceback" not in r.out + r.err
    again = cli(*resume_args(r.err), input=lines("3", "", "yes", ""))
    assert again.code == 0, again
    assert shown(again.out) == ["T1.2", "T2.1"]  # carries on at the first unanswered
    assert answers_of(f) == {"T1.1": ("2", "minutes"), "T1.2": ("3", ""), "T2.1": ("yes", "")}


def test_end_of_input_at_the_evidence_prompt_keeps_the_answer(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    r = cli("assess", BANK, "--answers", f, "--locality", "X", *DETAILS, input=lines("4"))
    assert r.code == 130
    assert answers_of(f) == {"T1.1": ("4", "")}


def test_resume_skips_answered_questions_and_bank_may_be_left_out(cli: Any, tmp_path: Path) -> None:
    f = write(
        tmp_path / "a.yaml",
        {"locality": "X", "banks": [BANK], "answers": {"T1.2": {"answer": "In place"}}},
    )
    r = cli("assess", "--answers", f, input=lines("0", "", "no", ""))
    assert r.code == 0, r
    assert shown(r.out) == ["T1.1", "T2.1"]
    assert answers_of(f) == {"T1.1": ("0", ""), "T1.2": ("3", ""), "T2.1": ("no", "")}


def test_everything_answered_says_so_and_scores(cli: Any, tmp_path: Path) -> None:
    f = write(
        tmp_path / "a.yaml",
        {"locality": "X", "banks": [BANK], "answers": {"T1.1": 3, "T1.2": 3, "T2.1": "yes"}},
    )
    before = f.read_bytes()
    r = cli("assess", "--answers", f, input="")
    assert r.code == 0, r
    assert shown(r.out) == []
    assert "--review" in r.out and "Overall" in r.out
    assert f.read_bytes() == before  # nothing changed, nothing rewritten


def test_review_walks_all_and_enter_keeps_answer_and_evidence(cli: Any, tmp_path: Path) -> None:
    f = write(
        tmp_path / "a.yaml",
        {
            "locality": "X",
            "banks": [BANK],
            "answers": {
                "T1.1": {"answer": "2", "evidence": "draft plan"},
                "T1.2": {"answer": "1", "evidence": "old minutes", "note": "ask the chair"},
                "T2.1": {"answer": "na", "evidence": "no prison"},
            },
        },
    )
    typed = lines("", "3", "", "yes", "-")  # keep T1.1; T1.2 = 3 keeping evidence; clear T2.1's
    r = cli("assess", "--answers", f, "--review", input=typed)
    assert r.code == 0, r
    assert shown(r.out) == ["T1.1", "T1.2", "T2.1"]
    assert "Current answer: 2 Partly in place" in r.out and "Evidence: draft plan" in r.out
    assert "Current answer: not applicable" in r.out
    assert answers_of(f) == {
        "T1.1": ("2", "draft plan"),
        "T1.2": ("3", "old minutes"),
        "T2.1": ("yes", ""),
    }
    assert load_assessment(f).responses["T1.2"].note == "ask the chair"  # notes are kept


def test_review_interrupted_resumes_where_it_stopped(cli: Any, tmp_path: Path) -> None:
    f = write(
        tmp_path / "a.yaml",
        {"locality": "X", "banks": [BANK], "answers": {"T1.1": 1, "T1.2": 1, "T2.1": "no"}},
    )
    r = cli("assess", "--answers", f, "--review", input=lines(""))
    assert r.code == 130
    args = resume_args(r.err)
    assert args[-3:] == ["--review", "--from", "T1.2"]
    again = cli(*args, input=lines("2", "", ""))
    assert again.code == 0, again
    assert shown(again.out) == ["T1.2", "T2.1"]
    assert answers_of(f)["T1.2"] == ("2", "")


def test_section_limits_the_questions(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    r = cli(
        "assess",
        BANK,
        "--answers",
        f,
        "--locality",
        "X",
        *DETAILS,
        "--section",
        "t2",
        input=lines("maybe"),
    )
    assert r.code == 130  # 'maybe' is not an option: explained, then input ends
    r = cli("assess", BANK, "--answers", f, "--section", "T2", input=lines("yes", "policy"))
    assert r.code == 0, r
    assert set(shown(r.out)) == {"T2.1"}
    assert answers_of(f) == {"T2.1": ("yes", "policy")}


def test_unknown_section_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    r = cli("assess", BANK, "--answers", tmp_path / "a.yaml", "--locality", "X", "--section", "Z9")
    assert r.code == 2
    assert "T1, T2" in r.err
    assert not (tmp_path / "a.yaml").exists()


def test_real_bank_one_section(cli: Any, tmp_path: Path) -> None:
    bank = load_catalogue(["leadership"]).banks["leadership"]
    section = bank.sections[0]
    ids = [q.id for q in section.questions]
    f = tmp_path / "lead.yaml"
    typed = lines(*["In place", ""] * len(ids))
    r = cli(
        "assess",
        "leadership",
        "--answers",
        f,
        "--locality",
        "X",
        *DETAILS,
        "--section",
        section.id,
        input=typed,
    )
    assert r.code == 0, r
    assert shown(r.out) == ids
    assert answers_of(f) == dict.fromkeys(ids, ("3", ""))
    assert f"Question {len(ids)} of {len(ids)}" in r.out


# --- existing files -------------------------------------------------------------------------

BROKEN = {
    "syntax": "locality: X\nbanks: [BANK\n",
    "bad answer": "locality: X\nbanks: [BANK]\nanswers:\n  T1.1: {answer: '9'}\n",
    "unknown question": "locality: X\nbanks: [BANK]\nanswers:\n  Z1.1: '3'\n",
    "unknown field": "locality: X\nbanks: [BANK]\nassesors: [me]\n",
    "na not allowed": "locality: X\nbanks: [BANK]\nanswers:\n  T1.1: na\n",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_existing_file_is_reported_and_never_touched(
    name: str, cli: Any, tmp_path: Path
) -> None:
    f = tmp_path / "broken.yaml"
    f.write_bytes(BROKEN[name].replace("BANK", BANK).encode())
    before = f.read_bytes()
    r = cli("assess", BANK, "--answers", f, input=lines("3", "", "3", "", "yes", ""))
    assert r.code == 2, r
    assert r.err.startswith(f"error: {f}:")
    assert re.search(rf"{re.escape(str(f))}:\d+:\d+: ", r.err), "names the line"
    assert "Traceback" not in r.err
    assert f.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "minimal.yaml") == ["broken.yaml"]


def test_targets_assessors_notes_kept_and_comments_backed_up(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text(
        "# Northshire workshop, March\n"
        "locality: Northshire\n"
        "assessment: peer\n"
        "notes: Reviewed by the regional team\n"
        "assessors: [Ann]\n"
        "date: 2026-03-01\n"
        f"banks: ['{BANK}']\n"
        "targets: {T1.1: '4'}\n"
        "answers:\n"
        "  T1.2: {answer: '1', evidence: 'minutes: #4'}  # to check\n"
    )
    original = f.read_bytes()
    r = cli("assess", "--answers", f, "--assessor", "Bob", input=lines("4", "", "no", ""))
    assert r.code == 0, r
    assert (tmp_path / "a.yaml.orig").read_bytes() == original
    a = load_assessment(f)
    assert a.meta.assessment == "peer" and a.meta.notes == "Reviewed by the regional team"
    assert a.meta.assessors == ["Ann", "Bob"] and str(a.meta.date) == "2026-03-01"
    assert a.meta.targets == {"T1.1": "4"}
    assert answers_of(f) == {"T1.1": ("4", ""), "T1.2": ("1", "minutes: #4"), "T2.1": ("no", "")}


def test_other_locality_or_kind_is_refused(cli: Any, tmp_path: Path) -> None:
    f = write(tmp_path / "a.yaml", {"locality": "Northshire", "banks": [BANK]})
    before = f.read_bytes()
    r = cli(
        "assess", "--answers", f, "--locality", "Southvale", "--assessment", "peer", input="3\n"
    )
    assert r.code == 2
    assert len(r.err.strip().splitlines()) == 3  # both problems, then the count
    assert f"{f}:1:11:" in r.err and f"{f}:" in r.err
    assert f.read_bytes() == before
    same = cli("assess", "--answers", f, "--locality", " northshire ", input="")
    assert same.code == 130  # same locality (case and spaces aside): the session starts


def test_banks_on_the_command_line_are_added_to_the_file(cli: Any, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        Path(BANK)
        .read_text()
        .replace("id: local-test", "id: other")
        .replace("T1.", "U1.")
        .replace("T2.", "U2.")
    )
    f = write(tmp_path / "a.yaml", {"locality": "X", "banks": [BANK], "answers": {"T1.1": 2}})
    r = cli("assess", str(other), "--answers", f, input=lines("1", "", "0", "", "n", ""))
    assert r.code == 0, r
    assert shown(r.out) == ["U1.1", "U1.2", "U2.1"]  # only the bank named is asked
    assert "local-test" in r.out and "other" in r.out  # and the user is told why
    assert load_assessment(f).meta.banks == [BANK, str(other)]
    assert answers_of(f) == {
        "T1.1": ("2", ""),
        "U1.1": ("1", ""),
        "U1.2": ("0", ""),
        "U2.1": ("na", ""),
    }


def test_locality_is_asked_for_a_new_file(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    r = cli("assess", BANK, "--answers", f, input=lines("", "  West  Moor ", "", "", "q"))
    assert r.code == 0, r
    assert load_assessment(f).meta.locality == "West Moor"


def test_usage_errors(cli: Any, tmp_path: Path) -> None:
    no_banks = cli("assess", "--answers", tmp_path / "new.yaml")
    assert no_banks.code == 2 and "clear assess core --answers" in no_banks.err
    workbook = cli("assess", BANK, "--answers", tmp_path / "a.xlsx", "--locality", "X")
    assert workbook.code == 2 and "clear template" in workbook.err
    folder = cli("assess", BANK, "--answers", tmp_path / "no" / "a.yaml", "--locality", "X")
    assert folder.code == 2 and "does not exist" in folder.err
    start = cli("assess", BANK, "--answers", tmp_path / "a.yaml", "--locality", "X", "--from", "Q")
    assert start.code == 2 and "T1.1 to T2.1" in start.err
    assert [p.name for p in tmp_path.iterdir()] == ["minimal.yaml"]  # the bank only


def test_json_answers_file(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    r = cli(
        "assess", BANK, "--answers", f, "--locality", "X", *DETAILS, input=lines("2", 'said "yes"')
    )
    assert r.code == 130
    assert json.loads(f.read_text())["answers"] == {
        "T1.1": {"answer": "2", "evidence": 'said "yes"'}
    }
    assert answers_of(f) == {"T1.1": ("2", 'said "yes"')}


def test_awkward_evidence_is_stored_safely(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    evidence = ["- yes: no #1 & *x", "null", "Café ✓ 'quoted' \"too\" {a: [b]}"]
    typed = lines("3", evidence[0], "2", evidence[1], "yes", evidence[2])
    r = cli("assess", BANK, "--answers", f, "--locality", "X", *DETAILS, input=typed)
    assert r.code == 0, r
    got = answers_of(f)
    assert [got[q][1] for q in ("T1.1", "T1.2", "T2.1")] == evidence
    assert "Café ✓" in f.read_text(encoding="utf-8")  # readable, not escaped


def test_warnings_of_the_existing_file_are_shown(cli: Any, tmp_path: Path) -> None:
    f = write(tmp_path / "a.yaml", {"locality": "X", "banks": [BANK], "targets": {"T2.1": "3"}})
    r = cli("assess", "--answers", f, input="")
    assert r.code == 130
    assert f"warning: {f}:" in r.err and "T2.1" in r.err
    assert load_assessment(f).meta.targets == {"T2.1": "3"}  # kept as the user wrote it


def test_new_file_asks_for_assessors_and_date(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    typed = lines(
        "Northshire",  # the locality
        "Public health lead; Trading standards manager ",  # who is taking part
        "31/02/2026",  # not a date: explained, asked again
        "12/3/26",  # day first, as the workbook reads it: 12 March 2026
        "partly",  # a unique start of a label: Partly in place
        "",
        "q",
    )
    r = cli("assess", BANK, "--answers", f, input=typed)
    assert r.code == 0, r
    assert "'31/02/2026' is not a date" in r.out
    assert "Date: 12 March 2026" in r.out
    data = yaml.safe_load(f.read_text())
    assert data["locality"] == "Northshire"
    assert data["assessors"] == ["Public health lead", "Trading standards manager"]
    assert str(data["date"]) == "2026-03-12"
    assert answers_of(f) == {"T1.1": ("2", "")}
    # the command to carry on keeps what was typed on the command line only
    assert f"clear assess {BANK} --answers {f}" in r.out


def test_ambiguous_start_of_a_label_is_explained(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    # "p" starts both "Planned" and "Partly in place"; "pl" only "Planned"
    r = cli("assess", BANK, "--answers", f, "--locality", "X", *DETAILS, input=lines("p", "pl", ""))
    assert r.code == 130, r
    assert "'p' could be 'Planned' or 'Partly in place'" in r.out
    assert answers_of(f) == {"T1.1": ("1", "")}


def test_date_given_on_the_command_line_is_checked(cli: Any, tmp_path: Path) -> None:
    r = cli("assess", BANK, "--answers", tmp_path / "a.yaml", "--locality", "X", "--date", "May")
    assert r.code == 2, r
    assert "'May' is not a date" in r.err
    assert not (tmp_path / "a.yaml").exists()


def test_date_option_day_first_and_label_with_target_mark(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    args = ("assess", BANK, "--answers", f, "--locality", "X", "--assessor", "T")
    r = cli(*args, "--date", "12 March 2026", input=lines("In place (target)", "", "q"))
    assert r.code == 0, r
    assert str(yaml.safe_load(f.read_text())["date"]) == "2026-03-12"
    assert answers_of(f)["T1.1"] == ("3", "")
    bad = cli(*args, "--date", "2026-13-40", input="")
    assert bad.code == 2 and "--date" in bad.err and "day first" in bad.err
