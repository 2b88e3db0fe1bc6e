"""`clear compare`: peer reviews and two localities, through the CLI, checked against
`clear score --json` and hand calculation; the edge cases in tests/assets/compare/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ASSETS, EXAMPLES, beside

CMP = Path("tests/assets/compare")
SELF, PEER = CMP / "testshire-self.yaml", CMP / "testshire-peer.yaml"
OTHER, V2, DISJOINT = (
    CMP / "otherton-self.yaml",
    CMP / "testshire-v2.yaml",
    CMP / "pregnancy-only.yaml",
)


def run_json(cli: Any, a: Path | str, b: Path | str, *more: str) -> dict[str, Any]:
    result = cli("compare", a, b, "--json", *more)
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def score_json(cli: Any, path: Path | str) -> dict[str, Any]:
    result = cli("score", path, "--json")
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def assert_matches_scores(data: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> None:
    """Every compared bank's and section's percents are `clear score`'s, difference b - a."""
    banks_a, banks_b = by_id(a["banks"]), by_id(b["banks"])
    assert data["banks"], "nothing was compared"
    for bank in data["banks"]:
        for side, banks in (("a", banks_a), ("b", banks_b)):
            assert bank[f"{side}_percent"] == banks[bank["id"]]["percent"]
            sections = by_id(banks[bank["id"]]["sections"])
            for s in bank["sections"]:
                expected = sections[s["id"]]["percent"] if sections[s["id"]]["max"] else None
                assert s[f"{side}_percent"] == expected
        for row in [bank, *bank["sections"]]:
            if row["a_percent"] is not None and row["b_percent"] is not None:
                assert row["difference"] == round(row["b_percent"] - row["a_percent"], 2)


def test_peer_review_json_by_hand(cli: Any, in_root: Path) -> None:
    data = run_json(cli, SELF, PEER)
    assert data["kind"] == "peer-review"
    assert {"locality", "assessment", "date"} <= set(data["a"]) & set(data["b"])
    assert (data["a"]["assessment"], data["a"]["date"]) == ("self", "2026-03-01")
    assert (data["b"]["assessment"], data["b"]["date"]) == ("peer", "2026-05-14")
    # Self: T1.1 3/4, T1.2 2x2/2x4, T2.1 1/1 -> 8/13; peers: 1/4 + 4/8, T2.1 n/a -> 5/12.
    bank = data["banks"][0]
    assert (bank["id"], bank["a_percent"], bank["b_percent"]) == ("local-test", 61.54, 41.67)
    assert bank["difference"] == -19.87
    t1, t2 = bank["sections"]
    assert (t1["a_percent"], t1["b_percent"], t1["difference"]) == (58.33, 41.67, -16.66)
    assert (t2["a_percent"], t2["b_percent"], t2["difference"]) == (100.0, None, None)
    # Only the answers that differ, largest first; "Partly in place" is the same answer as "2".
    # T2.1 ("yes" against N/A) is answered on one side only: listed apart, not a disagreement.
    questions = data["questions"]
    assert [q["id"] for q in questions] == ["T1.1"] and data["answered_differently"] == 1
    keys = ("a_answer", "b_answer", "a_points", "b_points", "difference")
    assert {k: questions[0][k] for k in keys} == {
        "a_answer": "3",
        "b_answer": "1",
        "a_points": 3.0,
        "b_points": 1.0,
        "difference": -2.0,
    }
    assert (questions[0]["a_level"], questions[0]["b_level"]) == (3.0, 1.0)
    assert questions[0]["level_difference"] == -2.0
    [t21] = data["one_sided"]
    assert (t21["id"], t21["answered_by"], t21["b_answer"], t21["b_level"]) == (
        "T2.1",
        "a",
        "na",
        None,
    )
    assert (t21["a_level"], t21["difference"], t21["level_difference"]) == (1.0, None, None)
    review = data["peer_review"]
    assert (review["self"], review["self_higher"], review["self_lower"]) == ("a", ["T1.1"], [])
    assert review["not_applicable_on_one_side"] == ["T2.1"]
    # Stop 6 (T1.1): self at target, no shortfall; peers "1": gap 2 of a possible 3, 66.67%.
    # Stops 8 and 10 (T1.2 "2" on both sides, 2 of 6) have equal shortfalls: not listed.
    stops = data["stops"]
    assert [(s["stop"], s["a_shortfall"], s["b_shortfall"], s["questions"]) for s in stops] == [
        (6, 0.0, 66.67, ["T1.1"])
    ]
    assert (stops[0]["a_ranked"], stops[0]["b_ranked"]) == (False, False)  # one answer each
    assert data["a"]["provisional"] is False and data["b"]["completeness"] == 100.0
    assert_matches_scores(data, score_json(cli, SELF), score_json(cli, PEER))


def test_peer_review_in_either_order(cli: Any, in_root: Path) -> None:
    forward, backward = run_json(cli, SELF, PEER), run_json(cli, PEER, SELF)
    assert backward["kind"] == "peer-review" and backward["peer_review"]["self"] == "b"
    for key in ("self_higher", "self_lower", "not_applicable_on_one_side"):
        assert backward["peer_review"][key] == forward["peer_review"][key]
    assert backward["banks"][0]["difference"] == -forward["banks"][0]["difference"]
    assert [(s["stop"], s["b_shortfall"], s["a_shortfall"]) for s in backward["stops"]] == [
        (s["stop"], s["a_shortfall"], s["b_shortfall"]) for s in forward["stops"]
    ]


def test_two_localities(cli: Any, in_root: Path) -> None:
    data = run_json(cli, SELF, OTHER)
    assert data["kind"] == "localities" and "peer_review" not in data
    # T1.2 and T1.1 one level apart: T1.2 first, its weight 2 making it 2 points apart.
    # T2.1 is unanswered by Otherton: answered on one side only, not a difference.
    assert [(q["id"], q["level_difference"], q["difference"]) for q in data["questions"]] == [
        ("T1.2", 1.0, 2.0),
        ("T1.1", 1.0, 1.0),
    ]
    assert [(q["id"], q["answered_by"], q["b_answer"]) for q in data["one_sided"]] == [
        ("T2.1", "a", None)
    ]
    assert_matches_scores(data, score_json(cli, SELF), score_json(cli, OTHER))
    for s in data["stops"]:
        assert s["difference"] == pytest.approx(s["b_shortfall"] - s["a_shortfall"], abs=0.011)
        assert s["difference"] != 0


def test_identical_files(cli: Any, in_root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(SELF.read_text())
    beside(tmp_path, SELF.parent / "minimal.yaml")
    for other in (SELF, copy):
        data = run_json(cli, SELF, other)
        assert data["questions"] == [] and data["stops"] == [] and data["left_out"] == []
        assert data["one_sided"] == [] and data["answered_differently"] == 0
        rows = [data["overall"], *data["banks"], *data["banks"][0]["sections"]]
        assert all(r["difference"] == 0 for r in rows)
    result = cli("compare", SELF, copy)
    assert result.code == 0, result
    assert "T1.1" not in result.out  # no question listed as differing


def test_disjoint_banks(cli: Any, in_root: Path) -> None:
    data = run_json(cli, SELF, DISJOINT)
    assert data["banks"] == [] and data["questions"] == []
    assert [(x["bank"], x["reason"]) for x in data["left_out"]] == [
        ("local-test", "bank-only-in-a"),
        ("pregnancy", "bank-only-in-b"),
    ]
    result = cli("compare", SELF, DISJOINT)
    assert result.code == 0, result
    assert "pregnancy" in result.out and "local-test" in result.out


def test_bank_only_on_one_side(cli: Any, in_root: Path, tmp_path: Path) -> None:
    more = yaml.safe_load(SELF.read_text())
    more["banks"] = [*(beside(tmp_path, SELF.parent / b) for b in more["banks"]), "pregnancy"]
    extra = tmp_path / "more.yaml"
    extra.write_text(yaml.safe_dump(more))
    data = run_json(cli, extra, PEER)
    assert [b["id"] for b in data["banks"]] == ["local-test"]
    assert [(x["bank"], x["reason"]) for x in data["left_out"]] == [("pregnancy", "bank-only-in-a")]
    # Overall is over the shared bank only, not the unanswered pregnancy bank.
    assert data["overall"]["a_percent"] == 61.54


def test_different_bank_versions(cli: Any, in_root: Path) -> None:
    data = run_json(cli, SELF, V2)
    assert data["kind"] == "same-locality"
    bank = data["banks"][0]
    assert (bank["a_version"], bank["b_version"], bank["compared"]) == ("1", "2", 1)
    # Only T1.1 is in both versions on the same scale: 3/4 against 4/4.
    assert (bank["a_percent"], bank["b_percent"], bank["difference"]) == (75.0, 100.0, 25.0)
    assert [s["id"] for s in bank["sections"]] == ["T1"]
    assert [q["id"] for q in data["questions"]] == ["T1.1"]
    assert sorted((x["question"], x["reason"]) for x in data["left_out"]) == [
        ("T1.2", "question-only-in-a"),
        ("T1.3", "question-only-in-b"),
        ("T2.1", "scale-differs"),
    ]
    result = cli("compare", SELF, V2)
    assert result.code == 0, result
    for qid in ("T1.2", "T1.3", "T2.1"):
        assert qid in result.out  # listed as left out, with why


def test_terminal_peer_review(cli: Any, in_root: Path) -> None:
    result = cli("compare", SELF, PEER)
    assert result.code == 0, result
    for shown in ("61.5", "41.7", "-19.9", "T1.1", "T2.1", "Strategy and vision"):
        assert shown in result.out
    assert "T1.2" not in result.out  # answered the same on both sides
    assert result.err == ""


def test_problems_in_both_files_and_out_at_once(cli: Any, in_root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"locality: X\nbanks: [{beside(tmp_path, ASSETS / 'banks/minimal.yaml')}]\n"
        "answers:\n  T1.1: {answer: seven}\n"
    )
    out = tmp_path / "out.pdf"
    result = cli("compare", bad, "no/such.yaml", "--out", out)
    assert result.code == 2, result
    errors = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    assert any("bad.yaml:4:" in e and "'seven'" in e for e in errors)
    assert any("no/such.yaml" in e and "not found" in e for e in errors)
    assert any("out.pdf" in e and ".xlsx" in e for e in errors)
    assert "Traceback" not in result.err and not out.exists()


def test_workbook_against_answers_file(cli: Any, in_root: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "testshire.xlsx"
    made = cli(
        "template",
        "tests/assets/banks/minimal.yaml",
        "--out",
        book,
        "--locality",
        "Testshire",
        "--assessment",
        "peer",
    )
    assert made.code == 0, made
    answers = {"T1.1": "Planned", "T1.2": "Partly in place", "T2.1": "N/A"}
    wb = load_workbook(book)
    for ws in wb.worksheets:
        header = next((r for r in ws.iter_rows() if {"ID", "Answer"} <= {c.value for c in r}), None)
        if header is None:
            continue
        cols = {c.value: c.column for c in header}
        for row in ws.iter_rows(min_row=header[0].row + 1):
            qid = ws.cell(row=row[0].row, column=cols["ID"]).value
            if qid in answers:
                ws.cell(row=row[0].row, column=cols["Answer"], value=answers[qid])
    wb.save(book)
    bank = ("--bank", "tests/assets/banks/minimal.yaml")
    from_book, from_yaml = run_json(cli, SELF, book, *bank), run_json(cli, SELF, PEER)
    assert from_book["kind"] == "peer-review"
    assert from_book["banks"] == from_yaml["banks"]
    strip = ("a_answer", "b_answer", "a_points", "b_points", "difference")
    assert [{k: q[k] for k in ("id", *strip)} for q in from_book["questions"]] == [
        {k: q[k] for k in ("id", *strip)} for q in from_yaml["questions"]
    ]


needs_examples = pytest.mark.skipif(
    not (EXAMPLES / "northshire-peer.yaml").exists()
    or not (EXAMPLES / "southvale-self.yaml").exists(),
    reason="example localities not written yet",
)


@needs_examples
def test_example_peer_review(cli: Any, in_root: Path) -> None:
    a, b = "examples/northshire-self.yaml", "examples/northshire-peer.yaml"
    data, sa, sb = run_json(cli, a, b), score_json(cli, a), score_json(cli, b)
    assert data["kind"] == "peer-review" and data["left_out"] == []
    assert_matches_scores(data, sa, sb)
    assert data["overall"]["a_percent"] == sa["overall"]["percent"]
    assert data["overall"]["b_percent"] == sb["overall"]["percent"]
    review = data["peer_review"]
    assert review["self_higher"] and review["self_lower"]
    assert len(review["self_higher"]) + len(review["self_lower"]) == len(data["questions"])
    assert len(data["questions"]) == data["answered_differently"] and data["top"] is None
    assert all(q["a_answer"] != q["b_answer"] for q in data["questions"])
    levels = [abs(q["level_difference"]) for q in data["questions"]]
    assert levels == sorted(levels, reverse=True) and all(levels)
    # Unanswered or N/A on one side, answered on the other: listed apart, never as differences.
    assert data["one_sided"]
    for q in data["one_sided"]:
        side = q["answered_by"]
        other = "b" if side == "a" else "a"
        assert q[f"{side}_level"] is not None and q[f"{other}_answer"] in (None, "na")
    # Stop shortfalls are `clear score`'s on each side; listed only where the peers' is larger.
    gaps_a = {g["stop"]: g["shortfall"] for g in sa["gaps"]}
    gaps_b = {g["stop"]: g["shortfall"] for g in sb["gaps"]}
    assert data["stops"]
    for s in data["stops"]:
        assert (s["a_shortfall"], s["b_shortfall"]) == (
            gaps_a.get(s["stop"], 0.0),
            gaps_b.get(s["stop"], 0.0),
        )
    listed = {s["stop"] for s in data["stops"]}
    assert listed == {n for n in set(gaps_a) | set(gaps_b) if gaps_b.get(n, 0) > gaps_a.get(n, 0)}
    excess = [s["difference"] for s in data["stops"]]
    assert excess == sorted(excess, reverse=True)


@needs_examples
def test_example_two_localities(cli: Any, in_root: Path) -> None:
    a, b = "examples/northshire-self.yaml", "examples/southvale-self.yaml"
    data = run_json(cli, a, b)
    sa, sb = score_json(cli, a), score_json(cli, b)
    assert data["kind"] == "localities"
    shared = [x["id"] for x in sa["banks"] if x["id"] in {y["id"] for y in sb["banks"]}]
    assert [x["id"] for x in data["banks"]] == shared
    only = {x["id"] for x in sa["banks"]} ^ {x["id"] for x in sb["banks"]}
    assert {x["bank"] for x in data["left_out"]} == only
    assert_matches_scores(data, sa, sb)
    result = cli("compare", a, b)
    assert result.code == 0, result
    assert "Southvale" in result.out and "Northshire" in result.out


def test_local_bank_copy_path(cli: Any, in_root: Path, tmp_path: Path) -> None:
    """A locality's own copy of a bank at the same version, with one question re-scaled."""
    bank = (
        (ASSETS / "banks" / "minimal.yaml")
        .read_text()
        .replace('{key: "yes", label: "Yes", points: 1', '{key: "yes", label: "Yes", points: 2')
    )
    (tmp_path / "own.yaml").write_text(bank)
    mine = yaml.safe_load(OTHER.read_text())
    mine["banks"] = ["own.yaml"]
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(mine))
    data = run_json(cli, SELF, tmp_path / "mine.yaml")
    assert [(x["question"], x["reason"]) for x in data["left_out"]] == [("T2.1", "scale-differs")]
    assert data["banks"][0]["compared"] == 2


@pytest.mark.skipif(
    not (EXAMPLES / "northshire-peer.xlsx").exists(), reason="example workbooks not made yet"
)
def test_example_workbook_same_as_its_answers_file(cli: Any, in_root: Path) -> None:
    a = "examples/northshire-self.yaml"
    from_yaml = run_json(cli, a, "examples/northshire-peer.yaml")
    from_book = run_json(cli, a, "examples/northshire-peer.xlsx")
    assert from_book["banks"] == from_yaml["banks"]
    assert [q["id"] for q in from_book["questions"]] == [q["id"] for q in from_yaml["questions"]]
