"""`clear combine`: several assessors' files of one locality into one consensus draft.

Every input is written by hand in the test and its consensus worked out beside it: the
same answer from all is agreed; otherwise the draft is the lower median of the level
points of the answers that are not N/A (sorted, element (n-1)//2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from clear_cli.sources.catalogue import load_catalogue
from tests.conftest import ASSETS, beside

MINIMAL = str(ASSETS / "banks" / "minimal.yaml")
MINIMAL_V2 = str(ASSETS / "compare" / "minimal-v2.yaml")
LEADERSHIP_QUESTIONS = len(load_catalogue(["leadership"]).banks["leadership"].questions)


def write(
    folder: Path,
    name: str,
    answers: dict[str, Any],
    *,
    banks: list[str] | None = None,
    locality: str = "Northshire",
    assessment: str = "self",
    assessors: list[str] | None = None,
    date: str | None = "2026-03-01",
    targets: dict[str, str] | None = None,
) -> Path:
    data: dict[str, Any] = {
        "locality": locality,
        "assessment": assessment,
        "assessors": assessors if assessors is not None else [f"Assessor of {name}"],
        "banks": banks or ["leadership"],
        "answers": answers,
    }
    if date:
        data["date"] = date
    if targets:
        data["targets"] = targets
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def combine_json(cli: Any, *files: Path, out: Path) -> dict[str, Any]:
    result = cli("combine", *files, "--out", out, "--json")
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def answers_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_all_agree(cli: Any, tmp_path: Path) -> None:
    # A label and a key for the same option are the same answer.
    a = write(tmp_path, "a.yaml", {"L1.1": {"answer": "3", "evidence": "Strategy 2024"}})
    b = write(tmp_path, "b.yaml", {"L1.1": {"answer": "In place", "evidence": "Strategy 2024"}})
    c = write(tmp_path, "c.yaml", {"L1.1": " in PLACE "})
    out = tmp_path / "consensus.yaml"
    data = combine_json(cli, a, b, c, out=out)
    assert data == {"agreed": 1, "disputed": []}
    written = answers_of(out)["answers"]
    assert written == {"L1.1": {"answer": "3", "evidence": "Strategy 2024"}}


def test_one_outlier_is_drafted_at_the_lower_median(cli: Any, tmp_path: Path) -> None:
    # L1.2: 3, 3, 3, 0 -> sorted points [0, 3, 3, 3], element (4-1)//2 = 1 -> 3.
    files = [
        write(tmp_path, f"{n}.yaml", {"L1.2": {"answer": key, "evidence": f"seen by {n}"}})
        for n, key in (("a", "3"), ("b", "3"), ("c", "0"), ("d", "3"))
    ]
    out = tmp_path / "consensus.yaml"
    data = combine_json(cli, *files, out=out)
    assert data["agreed"] == 0
    assert data["disputed"] == [
        {
            "id": "L1.2",
            "answers": {"a.yaml": "3", "b.yaml": "3", "c.yaml": "0", "d.yaml": "3"},
            "draft": "3",
        }
    ]
    entry = answers_of(out)["answers"]["L1.2"]
    assert entry["answer"] == "3"
    # Every input's answer and evidence is kept in the note, with who gave it.
    note = entry["note"]
    assert note.startswith("DISPUTED")
    assert "c.yaml (Assessor of c.yaml): Not in place. Evidence: seen by c" in note
    for n in "abd":
        assert f"{n}.yaml (Assessor of {n}.yaml): In place. Evidence: seen by {n}" in note
    # The draft's evidence is that of the answers equal to the draft.
    assert entry["evidence"] == "a.yaml: seen by a\nb.yaml: seen by b\nd.yaml: seen by d"


def test_even_count_takes_the_lower_median(cli: Any, tmp_path: Path) -> None:
    # L1.3: 4, 1, 3, 2 -> [1, 2, 3, 4], element (4-1)//2 = 1 -> 2 (not 2.5, not 3).
    # L1.4: 4, 2 -> [2, 4], element 0 -> 2.
    answers = {"a": ("4", "4"), "b": ("1", "2"), "c": ("3", None), "d": ("2", None)}
    files = [
        write(
            tmp_path,
            f"{n}.yaml",
            {"L1.3": l13, **({"L1.4": l14} if l14 else {})},
        )
        for n, (l13, l14) in answers.items()
    ]
    data = combine_json(cli, *files, out=tmp_path / "consensus.yaml")
    drafts = {d["id"]: d["draft"] for d in data["disputed"]}
    assert drafts == {"L1.3": "2", "L1.4": "2"}
    # The question answered by two of the four is combined over those two only.
    l14 = next(d for d in data["disputed"] if d["id"] == "L1.4")
    assert l14["answers"] == {"a.yaml": "4", "b.yaml": "2"}


def test_na_against_answers(cli: Any, tmp_path: Path) -> None:
    # C2.6 allows N/A. na, 3, 1 -> the answers that are not N/A: [1, 3] -> element 0 -> 1.
    # C3.3: N/A from everyone is agreed N/A. C4.6: na against one answer -> that answer.
    banks = ["challenge"]
    a = write(tmp_path, "a.yaml", {"C2.6": "na", "C3.3": "na", "C4.6": "na"}, banks=banks)
    b = write(tmp_path, "b.yaml", {"C2.6": "3", "C3.3": "N/A", "C4.6": "2"}, banks=banks)
    c = write(tmp_path, "c.yaml", {"C2.6": "1", "C3.3": "not applicable"}, banks=banks)
    out = tmp_path / "consensus.yaml"
    data = combine_json(cli, a, b, c, out=out)
    assert data["agreed"] == 1
    assert {d["id"]: d["draft"] for d in data["disputed"]} == {"C2.6": "1", "C4.6": "2"}
    c26 = next(d for d in data["disputed"] if d["id"] == "C2.6")
    assert c26["answers"] == {"a.yaml": "na", "b.yaml": "3", "c.yaml": "1"}
    written = answers_of(out)["answers"]
    assert written["C3.3"]["answer"] == "na"
    assert "a.yaml (Assessor of a.yaml): N/A." in written["C2.6"]["note"]


def test_question_answered_by_one_partner_only(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": "3", "L2.1": {"answer": "4", "note": "Only we know"}})
    b = write(tmp_path, "b.yaml", {"L1.1": "3"})
    out = tmp_path / "consensus.yaml"
    data = combine_json(cli, a, b, out=out)
    assert data == {"agreed": 2, "disputed": []}
    written = answers_of(out)["answers"]
    assert written["L2.1"] == {"answer": "4", "note": "Only we know"}
    # Unanswered by everyone stays unanswered.
    assert set(written) == {"L1.1", "L2.1"}


def test_different_bank_sets_and_the_files_details(cli: Any, tmp_path: Path) -> None:
    # a answers leadership, b leadership and challenge, c challenge only: each question
    # is combined over those who answered it; the banks are all the inputs' banks.
    a = write(
        tmp_path,
        "a.yaml",
        {"L1.1": "3"},
        assessors=["Public health lead", "Analyst"],
        date="2026-03-01",
    )
    b = write(
        tmp_path,
        "b.yaml",
        {"L1.1": "2", "C1.1": "4"},
        banks=["leadership", "challenge"],
        assessors=["analyst ", "Trading standards manager"],
        date="2026-03-09",
    )
    c = write(
        tmp_path,
        "c.yaml",
        {"C1.1": "4"},
        banks=["challenge"],
        assessors=["ICB prevention lead"],
        date=None,
    )
    out = tmp_path / "consensus.yaml"
    data = combine_json(cli, a, b, c, out=out)
    assert data["agreed"] == 1  # C1.1: 4 from b and c
    assert data["disputed"] == [
        {"id": "L1.1", "answers": {"a.yaml": "3", "b.yaml": "2"}, "draft": "2"}
    ]
    meta = answers_of(out)
    assert meta["banks"] == ["challenge", "leadership"]
    assert meta["assessors"] == [
        "Public health lead",
        "Analyst",
        "Trading standards manager",
        "ICB prevention lead",
    ]
    assert str(meta["date"]) == "2026-03-09"
    assert (meta["locality"], meta["assessment"]) == ("Northshire", "self")
    # The consensus scores over both banks.
    scored = cli("score", out, "--json")
    assert scored.code == 0, scored
    assert [b["id"] for b in json.loads(scored.out)["banks"]] == ["challenge", "leadership"]


def fill_workbook(
    cli: Any, path: Path, answers: dict[str, tuple[str, str]], assessors: str
) -> Path:
    """A workbook from `clear template`, filled as a partner would: answer, evidence."""
    made = cli("template", "leadership", "--out", path, "--locality", "NORTHSHIRE")
    assert made.code == 0, made
    from openpyxl import load_workbook

    wb = load_workbook(path)
    about = wb["About"]
    for row in about.iter_rows(min_row=1, max_row=6):
        if row[0].value == "Assessors":
            row[1].value = assessors
        if row[0].value == "Date":
            row[1].value = "2026-03-20"
    ws = wb["Leadership"]
    for row in ws.iter_rows(min_row=4):
        if row[0].value in answers:
            answer, evidence = answers[row[0].value]
            row[4].value, row[5].value = answer, evidence
    wb.save(path)
    return path


def test_workbook_and_answers_file_mixed(cli: Any, tmp_path: Path) -> None:
    # The workbook's locality is written in capitals: localities match ignoring case.
    wb = fill_workbook(
        cli,
        tmp_path / "trust.xlsx",
        {"L1.1": ("Partly in place", "Trust board paper"), "L1.2": ("In place", "")},
        "Trust lead; Trust analyst",
    )
    y = write(tmp_path, "council.yaml", {"L1.1": "4", "L1.2": "3"}, assessors=["DPH"])
    out = tmp_path / "consensus.yaml"
    data = combine_json(cli, wb, y, out=out)
    # L1.1: [2, 4] -> 2; L1.2: both In place.
    assert data == {
        "agreed": 1,
        "disputed": [
            {"id": "L1.1", "answers": {"trust.xlsx": "2", "council.yaml": "4"}, "draft": "2"}
        ],
    }
    meta = answers_of(out)
    assert meta["assessors"] == ["Trust lead", "Trust analyst", "DPH"]
    assert str(meta["date"]) == "2026-03-20"
    note = meta["answers"]["L1.1"]["note"]
    assert (
        "trust.xlsx (Trust lead; Trust analyst): Partly in place. Evidence: Trust board paper"
        in note
    )


def disputed_inputs(tmp_path: Path) -> list[Path]:
    """Three partners: L1.1 agreed, L1.2 one level apart, C2.6 N/A against answers,
    L1.3 four levels apart; formula-like evidence and a formula-like file name."""
    banks = ["leadership", "challenge"]
    return [
        write(
            tmp_path,
            "ph.yaml",
            {
                "L1.1": "3",
                "L1.2": "2",
                "L1.3": {"answer": "4", "evidence": '=HYPERLINK("http://x")'},
                "C2.6": "na",
            },
            banks=banks,
            assessors=["Consultant in Public Health", "Tobacco Control Coordinator"],
        ),
        write(
            tmp_path,
            "=1+1.yaml",
            {"L1.1": "3", "L1.2": "1", "L1.3": "0", "C2.6": "2"},
            banks=banks,
            assessors=["Trading Standards team manager"],
        ),
        write(
            tmp_path,
            "icb.yaml",
            {"L1.1": "3", "C2.6": "3"},
            banks=banks,
            assessors=["Prevention lead, Northshire and Dunmore ICB"],
            date="2026-03-12",
        ),
    ]


def test_xlsx_output_scores_as_the_yaml_output(cli: Any, tmp_path: Path) -> None:
    files = disputed_inputs(tmp_path)
    as_yaml, as_xlsx = tmp_path / "c.yaml", tmp_path / "c.xlsx"
    assert cli("combine", *files, "--out", as_yaml).code == 0
    result = cli("combine", *files, "--out", as_xlsx)
    assert result.code == 0, result
    scores = [cli("score", p, "--json") for p in (as_yaml, as_xlsx)]
    assert all(s.code == 0 for s in scores), scores
    assert json.loads(scores[0].out) == json.loads(scores[1].out)

    from openpyxl import load_workbook

    wb = load_workbook(as_xlsx)
    assert wb.sheetnames[:2] == ["About", "Disputed"]
    sheet = wb["Disputed"]
    header = [c.value for c in sheet[3]]
    assert header[:5] == ["Question", "Bank", "Question text", "How far apart", "Draft answer"]
    # A file name that looks like a formula is text, never a formula.
    assert header[5:] == ["ph.yaml", "'=1+1.yaml", "icb.yaml", "Notes"]
    assert all(c.data_type == "s" for c in sheet[3])
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    # Furthest apart first: L1.3 spans the whole scale, C2.6 is N/A against answers.
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        ("L1.3", "Leadership", "4 levels apart", "Not in place"),
        ("C2.6", "Challenge", "N/A against answers", "Partly in place"),
        ("L1.2", "Leadership", "1 level apart", "Planned"),
    ]
    assert rows[1][5:8] == ["N/A", "Partly in place", "In place"]
    assert rows[2][5:8] == ["Partly in place", "Planned", None]
    # Each disputed row is marked in its bank sheet: shaded, commented, notes kept.
    ws = wb["Leadership"]
    marked = {}
    for row in ws.iter_rows(min_row=4):
        if row[0].value in ("L1.1", "L1.2", "L1.3"):
            marked[row[0].value] = row
    assert marked["L1.2"][0].fill.start_color.rgb.endswith("F4B183")
    assert marked["L1.1"][0].fill.start_color.rgb != marked["L1.2"][0].fill.start_color.rgb
    assert marked["L1.2"][4].comment is not None and marked["L1.1"][4].comment is None
    assert marked["L1.2"][4].value == "Planned"
    assert str(marked["L1.2"][6].value).startswith("DISPUTED")
    assert sheet.cell(4, 1).hyperlink.location == f"'Leadership'!E{marked['L1.3'][0].row}"
    # Evidence that looks like a formula stays text in the bank sheet's notes.
    note = marked["L1.3"][6]
    assert note.data_type == "s" and '=HYPERLINK("http://x")' in note.value
    # No formulas but the tool's own, on the Scores sheet and its lookup sheet.
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=")
        for ws in wb.worksheets
        if ws.title not in ("Scores", "_scores")
        for r in ws.iter_rows()
        for c in r
    )


def test_terminal_summary_for_the_facilitator(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    files = [Path(p.name) for p in disputed_inputs(tmp_path)]
    out = Path("c.xlsx")
    result = cli("combine", *files, "--out", out)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = result.out
    # Every Challenge and Leadership question; L1.1 agreed by all three.
    cat = load_catalogue(["challenge", "leadership"])
    n = sum(len(b.questions) for b in cat.banks.values())
    assert f"{n} questions: 1 agreed, 3 disputed; {n - 4} unanswered by everyone." in text
    # Ordered by how far apart the answers are.
    order = [text.index(f"{q} (") for q in ("L1.3", "C2.6", "L1.2")]
    assert order == sorted(order)
    assert "C2.6 (N/A against answers)" in text
    # Each answer beside the file and the file's assessors.
    block = text[text.index("C2.6 (") : text.index("L1.2 (")]
    answer_lines = [line.strip() for line in block.splitlines()[1:]]
    assert "Draft: Partly in place" in answer_lines
    assert any(
        line.startswith("N/A") and "  ph.yaml (Consultant in Public Health;" in line
        for line in answer_lines
    ), block
    assert "Partly in place  =1+1.yaml (Trading Standards team manager)" in answer_lines
    assert "'Disputed'" in text and f"clear score {out}" in " ".join(text.split())


def test_nothing_disputed(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": "3"})
    b = write(tmp_path, "b.yaml", {"L1.1": "3"})
    result = cli("combine", a, b, "--out", tmp_path / "c.yaml")
    assert result.code == 0, result
    assert f"{LEADERSHIP_QUESTIONS} questions: 1 agreed, 0 disputed" in result.out
    assert "Nothing to settle" in result.out


def test_localities_that_differ(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "north.yaml", {"L1.1": "3"})
    b = write(tmp_path, "south.yaml", {"L1.1": "3"}, locality="Southvale")
    c = write(tmp_path, "north2.yaml", {"L1.1": "2"}, locality="  NORTHSHIRE")
    out = tmp_path / "c.yaml"
    result = cli("combine", a, b, c, "--out", out)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "error: south.yaml: is for 'Southvale', but north.yaml is for 'Northshire': "
        "combine one locality's answers at a time"
    ]
    assert not out.exists()


def test_self_and_peer_are_not_mixed(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "self.yaml", {"L1.1": "3"})
    b = write(tmp_path, "peer.yaml", {"L1.1": "3"}, assessment="peer")
    out = tmp_path / "c.xlsx"
    result = cli("combine", a, b, "--out", out)
    assert result.code == 2
    assert "peer.yaml: is a peer review, but self.yaml is a self-assessment" in result.err
    assert not out.exists()


def test_fewer_than_two_inputs(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": "3"})
    result = cli("combine", a, "--out", tmp_path / "c.yaml")
    assert result.code == 2
    assert "a.yaml: combine needs the answers of two or more assessors" in result.err


def test_every_problem_at_once_and_nothing_written(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": "3"})
    bad = write(tmp_path, "bad.yaml", {"L1.1": "maybe"})
    out = tmp_path / "c.txt"
    result = cli("combine", a, bad, a, "--out", out)
    assert result.code == 2
    errors = result.err.strip().splitlines()
    assert any("c.txt: cannot write '.txt'" in e for e in errors)
    assert any("a.yaml: is given twice" in e for e in errors)
    assert any("bad.yaml:" in e and "'maybe' is not an answer to 'L1.1'" in e for e in errors)
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_existing_output_needs_force(cli: Any, tmp_path: Path, suffix: str) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": "3"})
    b = write(tmp_path, "b.yaml", {"L1.1": "2"})
    out = tmp_path / f"c{suffix}"
    out.write_bytes(b"keep me")
    result = cli("combine", a, b, "--out", out)
    assert result.code == 2
    assert "already exists" in result.err and "--force" in result.err
    assert out.read_bytes() == b"keep me"
    forced = cli("combine", a, b, "--out", out, "--force")
    assert forced.code == 0, forced
    assert cli("score", out, "--json").code == 0
    # An input is never the output, even with --force.
    again = cli("combine", a, b, "--out", a, "--force")
    assert again.code == 2 and "input" in again.err


def test_bank_versions_differ(cli: Any, tmp_path: Path) -> None:
    # Version 1 has T1.1, T1.2, T2.1 (yes/no); version 2 T1.1, T1.3, T2.1 (no/partly/yes).
    # They share T1.1 on the same terms: combined over both; the rest only from version 1.
    a = write(
        tmp_path,
        "v1.yaml",
        {"T1.1": "3", "T1.2": "2", "T2.1": "yes"},
        banks=[beside(tmp_path, MINIMAL)],
    )
    b = write(
        tmp_path,
        "v2.yaml",
        {"T1.1": "1", "T1.3": "3", "T2.1": "partly"},
        banks=[beside(tmp_path, MINIMAL_V2)],
    )
    out = tmp_path / "c.yaml"
    result = cli("combine", a, b, "--out", out, "--json")
    assert result.code == 0, result
    assert json.loads(result.out) == {
        "agreed": 2,
        "disputed": [{"id": "T1.1", "answers": {"v1.yaml": "3", "v2.yaml": "1"}, "draft": "1"}],
    }
    assert (
        "warning: v2.yaml: answers version 2 of bank 'local-test', but v1.yaml answers "
        "version 1: combining the questions the versions share, with version 1; its answers "
        "to T1.3, T2.1 are left out"
    ) in " ".join(result.err.split())
    written = answers_of(out)
    assert written["banks"] == ["minimal.yaml"]
    assert {q: e["answer"] for q, e in written["answers"].items()} == {
        "T1.1": "1",
        "T1.2": "2",
        "T2.1": "yes",
    }


def test_targets_are_merged(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": "3"}, targets={"leadership": "4", "L1.1": "3"})
    b = write(tmp_path, "b.yaml", {"L1.1": "3"}, targets={"leadership": "2"})
    out = tmp_path / "c.yaml"
    result = cli("combine", a, b, "--out", out)
    assert result.code == 0, result
    assert "b.yaml: sets the target for 'leadership' to '2', but a.yaml sets '4'" in result.err
    assert answers_of(out)["targets"] == {"leadership": "4", "L1.1": "3"}
    as_xlsx = cli("combine", a, b, "--out", tmp_path / "c.xlsx")
    assert as_xlsx.code == 0
    assert "c.xlsx: a workbook has no place for the inputs' targets" in as_xlsx.err


def test_evidence_without_an_answer_is_kept(cli: Any, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", {"L1.1": {"evidence": "Draft strategy"}})
    b = write(tmp_path, "b.yaml", {"L1.1": {"answer": None, "note": "Ask the DPH"}})
    out = tmp_path / "c.yaml"
    data = combine_json(cli, a, b, out=out)
    assert data == {"agreed": 0, "disputed": []}
    assert answers_of(out)["answers"]["L1.1"] == {
        "answer": None,
        "evidence": "Draft strategy",
        "note": "Ask the DPH",
    }


def test_files_with_the_same_name_are_told_apart(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "north").mkdir()
    (tmp_path / "south").mkdir()
    a = write(tmp_path / "north", "answers.yaml", {"L1.1": "3"})
    b = write(tmp_path / "south", "answers.yaml", {"L1.1": "1"})
    data = combine_json(cli, a, b, out=tmp_path / "c.yaml")
    names = list(data["disputed"][0]["answers"])
    assert len(set(names)) == 2
    assert all(n.endswith("answers.yaml") and ("north" in n or "south" in n) for n in names)


# Notes of several lines are written as YAML blocks; whatever the text, it reads back.
lines_text = st.lists(
    # Line and paragraph separators and control characters are YAML line breaks: a
    # session or a workbook never gives them (see test_assess_store).
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30),
    min_size=1,
    max_size=4,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(text=lines_text)
def test_answers_file_writer_keeps_text_of_several_lines(text: str) -> None:
    from clear_cli.outputs.answers_file import dump

    data = {"answers": {"L1.1": {"answer": "3", "note": text}}}
    assert yaml.safe_load(dump(data, ".yaml")) == data


def test_readme_example_five_partners(cli: Any, in_root: Path, tmp_path: Path) -> None:
    # Public health answers every Leadership question; the others differ on 13, by hand:
    # L5.3 ICB 3, public health 1, stop smoking service 0 -> [0, 1, 3] -> 1 (3 levels apart);
    # L1.1 four say 4, the ICB 3 -> [3, 4, 4, 4, 4] -> element 2 -> 4;
    # L6.4 public health 1, ICB 1, service 0 -> [0, 1, 1] -> 1.
    files = sorted(Path("examples/partners").glob("*.yaml"))
    assert len(files) == 5
    out = tmp_path / "workshop.xlsx"
    data = combine_json(cli, *files, out=out)
    assert data["agreed"] == 46
    drafts = {d["id"]: d["draft"] for d in data["disputed"]}
    disputed = {"L5.3", "L1.1", "L1.4", "L2.3", "L2.5", "L3.10", "L3.6", "L4.3", "L5.1"}
    # L2.13 (issue 27 round 4): [1, 1, 2, 2, 2] -> 2
    assert set(drafts) == disputed | {"L5.8", "L6.2", "L6.4", "L2.13"} and len(drafts) == 13
    assert drafts["L2.13"] == "2"
    assert data["disputed"][0]["id"] == "L5.3"
    assert (drafts["L5.3"], drafts["L1.1"], drafts["L6.4"]) == ("1", "4", "1")
    assert data["disputed"][0]["answers"] == {
        "icb.yaml": "3",
        "public-health.yaml": "1",
        "stop-smoking-service.yaml": "0",
    }
    scored = cli("score", out, "--json")
    assert scored.code == 0, scored
    assert json.loads(scored.out)["banks"][0]["unanswered"] == []
