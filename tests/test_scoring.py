"""Scoring: a hand calculation through the CLI, and properties that must hold for any answers."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clear_cli.core.scoring import score
from clear_cli.models import AnswersFile, Bank
from clear_cli.sources.answers import Response
from clear_cli.sources.catalogue import Catalogue, load_catalogue
from tests.conftest import ASSETS, beside

HAND = ASSETS / "answers" / "hand.yaml"


def _json(cli: Any, path: Path) -> dict[str, Any]:
    result = cli("score", path, "--json")
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_hand_calculation(cli: Any, in_root: Path) -> None:
    # minimal.yaml: T1.1 maturity w1, T1.2 maturity w2, T2.1 yes/no (target yes) w1, N/A allowed.
    # T1.1 "2" -> 2 of 4, gap 1 x (3 - 2) = 1.   T1.2 "in place" (a label) -> 2 x 3 = 6 of 8, gap 0.
    # T2.1 unanswered -> 0 of 1, and no gap: it is still to answer.
    # Section T1: 8/12 = 66.67% amber; T2: 0/1 = 0% red; bank and overall 8/13 = 61.54% amber.
    data = _json(cli, HAND.relative_to(in_root))
    assert data["overall"] == {"points": 8.0, "max": 13.0, "percent": 61.54, "band": "amber"}
    (bank,) = data["banks"]
    assert (bank["id"], bank["points"], bank["max"], bank["band"]) == ("local-test", 8, 13, "amber")
    assert bank["unanswered"] == ["T2.1"] and bank["not_applicable"] == []
    assert [(s["id"], s["points"], s["max"], s["percent"]) for s in bank["sections"]] == [
        ("T1", 8, 12, 66.67),
        ("T2", 0, 1, 0.0),
    ]
    # Only stop 6 has a gap: T1.1, 1 of a possible 1 x (3 - 0) = 3, so shortfall 33.33% and
    # the band of 66.67% (amber); one answer, so not ranked. T1.2 at target reaches 8 and 10.
    assert data["gaps"] == [
        {
            "stop": 6,
            "title": "Strategy and vision",
            "gap": 1.0,
            "reach": 3.0,
            "shortfall": 33.33,
            "band": "amber",
            "answered": 1,
            "primary": 1,
            "ranked": False,
            "questions": ["T1.1"],
            "settings": [],
        }
    ]
    assert data["start_here"] == 6
    # 2 of 3 answered: 66.67%, provisional.
    assert data["completeness"] == {
        "answered": 2,
        "questions": 3,
        "percent": 66.67,
        "provisional": True,
    }
    assert data["locality"] == "Testshire" and data["date"] == "2026-03-01"


def test_hand_calculation_with_na_and_target_overrides(
    cli: Any, in_root: Path, tmp_path: Path
) -> None:
    text = HAND.read_text()
    beside(tmp_path, HAND.parent / "minimal.yaml")
    text += '  T2.1: {answer: "N/A"}\ntargets: {T1.2: "4", local-test: "4"}\n'
    path = tmp_path / "override.yaml"
    path.write_text(text)
    data = _json(cli, path)
    # T2.1 not applicable: out of score and maximum -> 8/12 = 66.67%.
    assert data["overall"]["points"] == 8 and data["overall"]["max"] == 12
    assert data["overall"]["percent"] == 66.67
    assert data["banks"][0]["not_applicable"] == ["T2.1"]
    # Targets: T1.2 -> "4": gap 2 x (4 - 3) = 2, reach 2 x 4 = 8, in full at stop 8 and half
    # at stop 10. Bank target "4" for T1.1: gap 1 x (4 - 2) = 2 of 4 at stop 6.
    # Shortfalls: 6: 50%; 8: 2/8 = 25%; 10: 1/4 = 25%, tied with 8 but a smaller gap.
    assert [(g["stop"], g["gap"], g["reach"], g["shortfall"]) for g in data["gaps"]] == [
        (6, 2.0, 4.0, 50.0),
        (8, 2.0, 8.0, 25.0),
        (10, 1.0, 4.0, 25.0),
    ]


def test_target_key_missing_from_scale_is_skipped_with_a_warning(
    cli: Any, in_root: Path, tmp_path: Path
) -> None:
    text = HAND.read_text()
    beside(tmp_path, HAND.parent / "minimal.yaml")
    path = tmp_path / "t.yaml"
    text = text.replace("answers:\n", 'answers:\n  T2.1: {answer: "no"}\n')
    path.write_text(text + 'targets: {T2.1: "4"}\n')  # yes/no scale has no "4"
    result = cli("score", path, "--json")
    assert result.code == 0
    assert "target '4' is not an option of question 'T2.1'" in result.err
    gaps = {g["stop"]: g["gap"] for g in json.loads(result.out)["gaps"]}
    assert gaps[11] == 1.0  # the scale's own target ("yes") applies


# ---- properties -----------------------------------------------------------------------------


@functools.cache
def _catalogue() -> Catalogue:
    return load_catalogue(["leadership", "results", "acute"])


def _banks() -> list[Bank]:
    return list(_catalogue().banks.values())


def _questions() -> list[tuple[Bank, Any]]:
    return [(b, q) for b in _banks() for q in b.questions]


def _choice(bank: Bank, q: Any) -> st.SearchStrategy[Response]:
    options = [Response(option=o) for o in bank.scale_of(q).options]
    extra = [Response()] + ([Response(na=True)] if q.na_allowed else [])
    return st.sampled_from(options + extra)


@st.composite
def responses(draw: st.DrawFn) -> dict[str, Response]:
    return {q.id: draw(_choice(b, q)) for b, q in _questions()}


META = AnswersFile(locality="Prop", banks=["leadership", "results", "acute"])


def _score(resp: dict[str, Response], meta: AnswersFile = META) -> Any:
    cat = _catalogue()
    return score(meta, _banks(), resp, cat.roadmap, cat.scoring)


def _percents(card: Any) -> list[float]:
    out = [card.overall.percent]
    for b in card.banks:
        out.append(b.total.percent)
        out.extend(s.total.percent for s in b.sections)
    return out


@settings(max_examples=60, deadline=None)
@given(responses())
def test_percents_stay_within_0_and_100(resp: dict[str, Response]) -> None:
    assert all(0 <= p <= 100 for p in _percents(_score(resp)))


@settings(max_examples=60, deadline=None)
@given(responses(), st.integers(min_value=0, max_value=10_000))
def test_raising_one_answer_never_lowers_a_score_or_raises_its_gap(
    resp: dict[str, Response], pick: int
) -> None:
    questions = [(b, q) for b, q in _questions() if not resp[q.id].na]
    bank, q = questions[pick % len(questions)]
    current = resp[q.id].option
    higher = [o for o in bank.scale_of(q).options if current is None or o.points > current.points]
    if not higher:
        return
    before = _score(resp)
    after = _score({**resp, q.id: Response(option=higher[0])})
    for b0, b1 in zip(before.banks, after.banks, strict=True):
        assert b1.total.points >= b0.total.points
        assert b1.total.max == b0.total.max
        for s0, s1 in zip(b0.sections, b1.sections, strict=True):
            assert s1.total.percent >= s0.total.percent - 1e-9
    assert after.overall.percent >= before.overall.percent - 1e-9
    q0 = next(x for x in before.questions if x.id == q.id)
    q1 = next(x for x in after.questions if x.id == q.id)
    if current is not None:  # an unanswered question has no gap until it is answered
        assert q1.gap <= q0.gap
        if q0.stops == q1.stops:  # an answer's own stops may move the gap elsewhere
            gaps0 = {g.stop: g.gap for g in before.gaps}
            for g in after.gaps:
                assert g.gap <= gaps0.get(g.stop, 0) + 1e-9


@settings(max_examples=60, deadline=None)
@given(responses(), st.integers(min_value=0, max_value=10_000))
def test_na_changes_the_maximum_only_by_that_question(resp: dict[str, Response], pick: int) -> None:
    allowed = [(b, q) for b, q in _questions() if q.na_allowed and not resp[q.id].na]
    if not allowed:
        return
    bank, q = allowed[pick % len(allowed)]
    before = _score(resp)
    after = _score({**resp, q.id: Response(na=True)})
    expected = q.weight * bank.scale_of(q).top.points
    assert before.overall.max - after.overall.max == pytest.approx(expected)
    assert q.id in next(b for b in after.banks if b.id == bank.id).not_applicable


def test_all_answers_at_target_give_no_gaps() -> None:
    from clear_cli.core.scoring import target_option

    resp = {q.id: Response(option=target_option(b, q, {})) for b, q in _questions()}
    card = _score(resp)
    assert card.gaps == []
    assert all(q.gap == 0 for q in card.questions)


def test_all_answers_at_top_score_100() -> None:
    resp = {q.id: Response(option=b.scale_of(q).top) for b, q in _questions()}
    card = _score(resp)
    assert card.overall.percent == 100
    assert card.overall.band == "green"


def test_nothing_answered_scores_0_and_lists_every_question() -> None:
    card = _score({})
    assert card.overall.percent == 0 and card.overall.band == "red"
    assert sum(len(b.unanswered) for b in card.banks) == len(_questions())
    assert card.gaps == [] and card.start_here is None, "unanswered questions are never gaps"
    assert card.completeness.percent == 0 and card.completeness.provisional
