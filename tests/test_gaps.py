"""Gap analysis (version 2): the rules worked by hand on a small bank, and properties that
must hold for any answers."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clear_cli.core.gaps import analyse
from clear_cli.core.scoring import Scorecard, score, score_assessment, shares, target_option
from clear_cli.models import AnswersFile, Bank
from clear_cli.sources.answers import Response
from clear_cli.sources.catalogue import Catalogue, load_catalogue
from clear_cli.sources.data import start_here_wording
from clear_cli.sources.loader import load_assessment
from tests.conftest import ASSETS

BANK = ASSETS / "gaps" / "bank.yaml"
ANSWERS = ASSETS / "gaps" / "answers.yaml"


@functools.cache
def _catalogue() -> Catalogue:
    return load_catalogue([str(BANK)])


def _bank() -> Bank:
    return _catalogue().banks["gaps-test"]


def _card(answers: dict[str, str], bank: Bank | None = None) -> Scorecard:
    bank = bank or _bank()
    cat = _catalogue()
    resp = {}
    for q in bank.questions:
        if q.id in answers:
            key = answers[q.id]
            resp[q.id] = Response(na=True) if key == "na" else Response(bank.scale_of(q).match(key))
    meta = AnswersFile(locality="Gapton", banks=[str(BANK)])
    return score(meta, [bank], resp, cat.roadmap, cat.scoring)


BASE = {
    "A1": "1",
    "A2": "2",
    "A3": "0",
    "A4": "3",
    "O1": "nofig",
    "O2": "worse",
    "B1": "3",
    "B3": "2",
}


def _stop(card: Scorecard, number: int) -> Any:
    return next(g for g in card.gaps if g.stop == number)


def test_shares_primary_whole_secondaries_half_between_them() -> None:
    assert shares([6]) == {6: 1.0}
    assert shares([6, 7]) == {6: 1.0, 7: 0.5}
    assert shares([6, 7, 8]) == {6: 1.0, 7: 0.25, 8: 0.25}
    assert shares([]) == {}


def test_the_worked_example() -> None:
    card = score_assessment(load_assessment(ANSWERS))
    # Target "In place" (3 points); lowest option 0, so each question's reach is 3 x weight.
    # A1 "1": gap 2, reach 3, stop 6 (share 1).
    # A2 "2": gap 1, reach 3, stop 6 (1) and 7 (0.5).
    # A3 "0", weight 2: gap 6, reach 6, stop 6 (1), 7 and 8 (0.25 each).
    # A4 "3": gap 0, reach 3, stop 7 (1).
    # Stop 6: G = 2 + 1 + 6 = 9, R = 3 + 3 + 6 = 12 -> shortfall 75, band of 25: red.
    six = _stop(card, 6)
    assert (six.gap, six.reach, six.shortfall, six.band) == (9, 12, 75, "red")
    assert (six.answered, six.primary, six.ranked) == (3, 3, True)
    assert [q.id for q in six.questions] == ["A3", "A1", "A2"]  # share x gap: 6, 2, 1
    # Stop 7: G = 0.5 x 1 + 0.25 x 6 + 0 = 2, R = 0.5 x 3 + 0.25 x 6 + 3 = 6 -> 33.33, amber.
    seven = _stop(card, 7)
    assert (seven.gap, seven.reach, seven.band, seven.answered) == (2, 6, "amber", 3)
    assert seven.shortfall == pytest.approx(100 / 3)
    # Three answers reach stop 7, but only A4 has it as its primary stop: not ranked.
    assert (seven.primary, seven.ranked) == (1, False)
    assert [q.id for q in seven.questions] == ["A3", "A2"]  # 1.5, 0.5; A4 has no gap
    # Stop 8: only A3, 0.25 x 6 = 1.5 of 1.5: 100%, but one answer, so not ranked.
    eight = _stop(card, 8)
    assert (eight.gap, eight.reach, eight.shortfall, eight.ranked) == (1.5, 1.5, 100, False)
    # O1 "No local figure" carries stops [12]: gap 3 of 3 at stop 12, instead of no stop.
    twelve = _stop(card, 12)
    assert (twelve.gap, twelve.reach, twelve.answered, twelve.ranked) == (3, 3, 1, False)
    # Stop 2: B1 "3" gap 0 reach 3, B3 "2" gap 1 reach 3, B2 unanswered (not counted):
    # 1 of 6 = 16.67% from 2 answers.
    two = _stop(card, 2)
    assert (two.gap, two.reach, two.answered, two.ranked) == (1, 6, 2, False)
    assert two.shortfall == pytest.approx(100 / 6)
    # Ranked stops by shortfall, then the rest: 12 before 8 (both 100%) on the larger gap.
    assert [g.stop for g in card.gaps] == [6, 12, 8, 7, 2]
    # Stop 6 is a ranked foundation stop at 75% >= 50: start there.
    assert card.start_here == 6
    # 8 of 9 answered.
    assert (card.completeness.answered, card.completeness.questions) == (8, 9)
    assert card.completeness.percent == pytest.approx(800 / 9)
    assert not card.completeness.provisional


def test_outcome_question_without_stops_is_a_gap_at_no_stop() -> None:
    card = _card(BASE)
    o2 = next(q for q in card.questions if q.id == "O2")
    assert (o2.gap, o2.reach, o2.stops) == (2, 3, [])  # "worse" (1) below "better" (3)
    assert all("O2" not in [q.id for q in g.questions] for g in card.gaps)
    found = analyse(card, _catalogue(), start_here_wording())
    assert [w.id for w in found.outcomes] == ["O2"]
    # O1's answer option points to stop 12: listed there, not under outcomes.
    (twelve,) = [a for a in found.stops if a.stop.number == 12]
    assert [w.id for w in twelve.questions] == ["O1"]


def test_option_stops_replace_the_questions_only_for_that_answer() -> None:
    card = _card({**BASE, "O1": "similar"})  # gap 1 of 3, no stops of its own
    assert 12 not in [g.stop for g in card.gaps]
    found = analyse(card, _catalogue(), start_here_wording())
    assert [w.id for w in found.outcomes] == ["O2", "O1"]  # largest gap first


def test_each_weak_question_is_listed_once_under_its_primary_stop() -> None:
    found = analyse(_card(BASE), _catalogue(), start_here_wording())
    listed = [w.id for a in found.stops for w in a.questions] + [w.id for w in found.outcomes]
    assert sorted(listed) == ["A1", "A2", "A3", "B3", "O1", "O2"]
    by_stop = {a.stop.number: a for a in found.stops}
    assert [w.id for w in by_stop[6].questions] == ["A3", "A1", "A2"]
    a3 = by_stop[6].questions[0]
    assert (a3.primary, a3.secondary) == (6, [7, 8])
    assert by_stop[7].questions == [] and by_stop[7].elsewhere == ["A3", "A2"]
    assert by_stop[8].elsewhere == ["A3"]


def test_next_step_is_the_action_and_the_target_not_the_next_option_up() -> None:
    found = analyse(_card(BASE), _catalogue(), start_here_wording())
    weak = {w.id: w for a in found.stops for w in a.questions}
    a1 = weak["A1"]  # answered "Planned": the next option up would be "Partly in place"
    assert a1.action == "Write the strategy and have the board sign it off."
    assert (a1.target.label, a1.target.description) == ("In place", "All of it, evidenced.")
    assert weak["A2"].action == ""  # the bank gives none: the target still says what good is
    assert found.outcomes[0].target.label == "Better than England"


def test_unanswered_questions_are_still_to_answer_never_gaps() -> None:
    card = _card(BASE)
    assert [q.id for q in card.unanswered] == ["B2"]
    b2 = next(q for q in card.questions if q.id == "B2")
    assert (b2.gap, b2.reach, b2.points, b2.max) == (0, 0, 0, 4)  # scores 0 of 4, no gap
    found = analyse(card, _catalogue(), start_here_wording())
    assert [q.id for q in found.still_to_answer] == ["B2"]


def test_not_applicable_counts_as_answered_but_reaches_no_stop() -> None:
    card = _card({**BASE, "B3": "na"})
    assert card.completeness.answered == 8
    assert 2 not in [g.stop for g in card.gaps]  # B1 at target, B3 not applicable


def test_the_three_answer_threshold() -> None:
    # B2 answered "0": stop 2 now has 3 answers: G = 0 + 3 + 1 = 4, R = 9: 44.44%, ranked.
    card = _card({**BASE, "B2": "0"})
    two = _stop(card, 2)
    assert (two.answered, two.ranked) == (3, True)
    assert two.shortfall == pytest.approx(400 / 9)
    # Ranked stops 6 (75), 2 (44.44); then 12, 8 and 7 (33.33), few with them as primary.
    assert [g.stop for g in card.gaps] == [6, 2, 12, 8, 7]
    assert card.start_here == 6  # stop 2 is a foundation stop, but below 50


def test_secondary_shares_never_make_a_stop_ranked_or_the_start() -> None:
    # A1 "3", A2 "3", A3 "2", A4 "0": stop 6 G = 2 of 12 = 16.67%; stop 7 G = 0.25 x 2 + 3
    # = 3.5 of 6 = 58.33%, from three answers reaching it (A2, A3 as a secondary stop), but
    # only A4 has it as its primary stop: not ranked, so not where to start.
    card = _card({**BASE, "A1": "3", "A2": "3", "A3": "2", "A4": "0"})
    seven, six = _stop(card, 7), _stop(card, 6)
    assert (seven.answered, seven.primary, seven.ranked) == (3, 1, False)
    assert seven.shortfall == pytest.approx(350 / 6)
    assert (six.primary, six.ranked) == (3, True)
    assert [g.stop for g in card.gaps][:2] == [6, 12]  # then the unranked ones, 7 among them
    assert card.start_here == 6


def test_the_answered_options_first_stop_is_its_primary_stop() -> None:
    # O1 "No local figure" carries stops [12]: with O1 alone stop 12 has one primary answer.
    card = _card({"O1": "nofig"})
    assert (_stop(card, 12).primary, _stop(card, 12).ranked) == (1, False)
    found = analyse(card, _catalogue(), start_here_wording())
    assert "only 1 answered question(s) having it as their main stop" in found.reason


def test_foundation_rule_starts_at_the_lowest_weak_foundation_stop() -> None:
    # B1 "0", B2 "0", B3 "3": stop 2 G = 3 + 3 + 0 = 6 of 9 = 66.67%, below stop 6's 75%.
    card = _card({**BASE, "B1": "0", "B2": "0", "B3": "3"})
    assert [g.stop for g in card.gaps][:3] == [6, 2, 12]  # 7: one primary answer, unranked
    assert card.start_here == 2
    found = analyse(card, _catalogue(), start_here_wording())
    assert found.reason.startswith(start_here_wording()["foundation"][2])
    assert "67%" in found.reason and "3 answered questions" in found.reason


def test_without_a_weak_foundation_stop_start_at_the_top_of_the_ranking() -> None:
    # A1 "3", A2 "3", A3 "2": stop 6 G = 2 of 12 = 16.67%. B1 "0", B2 "2", B3 "3": stop 2
    # G = 3 + 1 + 0 = 4 of 9 = 44.44%. Both ranked (three primary answers each), neither at
    # 50: start at the top of the ranking, stop 2. Stop 7 (A4 "0": 58.33%) has one primary
    # answer, so it comes after the ranked stops however large its shortfall.
    card = _card(
        {**BASE, "A1": "3", "A2": "3", "A3": "2", "A4": "0", "B1": "0", "B2": "2", "B3": "3"}
    )
    assert _stop(card, 6).shortfall == pytest.approx(100 / 6)
    assert _stop(card, 2).shortfall == pytest.approx(400 / 9)
    assert _stop(card, 7).shortfall == pytest.approx(350 / 6)
    assert [g.stop for g in card.gaps][:2] == [2, 6]
    assert card.start_here == 2
    reason = analyse(card, _catalogue(), start_here_wording()).reason
    assert reason.startswith("No foundation stop") and "44%" in reason


def test_when_no_stop_is_ranked_start_at_the_first_and_say_answers_are_few() -> None:
    card = _card({"A1": "1"})  # 1 of 3 at stop 6, one answer
    assert card.start_here == 6 and not card.gaps[0].ranked
    assert (
        "Too few questions are answered" in analyse(card, _catalogue(), start_here_wording()).reason
    )


def test_no_gap_no_start() -> None:
    card = _card({"A1": "3", "A4": "4"})
    assert card.gaps == [] and card.start_here is None
    found = analyse(card, _catalogue(), start_here_wording())
    assert found.reason == start_here_wording()["none"]


def test_ties_on_shortfall_go_to_the_larger_gap_then_the_smaller_stop() -> None:
    # Section A's first three questions (weights 1, 1, 2), copied to stops 9, 4 and 5.
    data = _bank().model_dump()
    data["sections"] = [
        {
            "id": "T",
            "title": "Ties",
            "questions": [
                {**q, "id": f"S{s}.{i}", "stops": [s]}
                for s in (9, 4, 5)
                for i, q in enumerate(data["sections"][0]["questions"][:3])
            ],
        }
    ]
    bank = Bank.model_validate(data)
    # Each stop: R = 3 + 3 + 2 x 3 = 12. Answers "3", "2", "3": G = 1 at every stop;
    # stop 5's first question "2" as well: G = 2.
    answers = {f"S{s}.{i}": a for s in (9, 4, 5) for i, a in enumerate(["3", "2", "3"])}
    answers["S5.0"] = "2"
    card = _card(answers, bank)
    # Stops 4 and 9: G = 1 of 12 (8.33%); stop 5: 2 of 12 (16.67%).
    assert [(g.stop, round(g.shortfall, 2), g.gap) for g in card.gaps] == [
        (5, 16.67, 2),
        (4, 8.33, 1),
        (9, 8.33, 1),
    ]
    assert card.start_here == 5  # 16.67 is below 50: the top of the ranking


# ---- properties on the bundled banks ---------------------------------------------------------


@functools.cache
def _bundled() -> Catalogue:
    return load_catalogue(["challenge", "results", "pregnancy"])


def _pairs() -> list[tuple[Bank, Any]]:
    return [(b, q) for b in _bundled().banks.values() for q in b.questions]


@st.composite
def responses(draw: st.DrawFn) -> dict[str, Response]:
    out = {}
    for b, q in _pairs():
        options = [Response(option=o) for o in b.scale_of(q).options]
        extra = [Response()] + ([Response(na=True)] if q.na_allowed else [])
        out[q.id] = draw(st.sampled_from(options + extra))
    return out


def _score(resp: dict[str, Response]) -> Scorecard:
    cat = _bundled()
    meta = AnswersFile(locality="Prop", banks=list(cat.banks))
    return score(meta, list(cat.banks.values()), resp, cat.roadmap, cat.scoring)


@settings(max_examples=40, deadline=None)
@given(responses())
def test_shortfall_stays_within_0_and_100_and_unanswered_are_never_gaps(
    resp: dict[str, Response],
) -> None:
    card = _score(resp)
    unanswered = {q.id for q in card.unanswered}
    for g in card.gaps:
        assert 0 <= g.shortfall <= 100 + 1e-9
        assert g.gap > 0 and g.reach >= g.gap - 1e-9
        assert not unanswered & {q.id for q in g.questions}
        primary = sum(1 for q in card.questions if q.counted and q.stops[:1] == [g.stop])
        assert g.primary == primary <= g.answered
        assert g.ranked == (primary >= 3)  # secondary shares never make a stop ranked
    ranked = [g.ranked for g in card.gaps]
    assert ranked == sorted(ranked, reverse=True)  # ranked stops first
    assert 0 <= card.completeness.percent <= 100


@settings(max_examples=40, deadline=None)
@given(responses(), st.integers(min_value=0, max_value=10_000))
def test_answering_one_more_question_at_its_target_never_raises_a_shortfall(
    resp: dict[str, Response], pick: int
) -> None:
    blank = [(b, q) for b, q in _pairs() if not resp[q.id].answered]
    if not blank:
        return
    bank, q = blank[pick % len(blank)]
    before = {g.stop: g.shortfall for g in _score(resp).gaps}
    after = _score({**resp, q.id: Response(option=target_option(bank, q, {}))})
    for g in after.gaps:
        assert g.shortfall <= before.get(g.stop, 0.0) + 1e-9


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["0", "1", "2", "3", "4"]), st.integers(1, 3)),
        min_size=1,
        max_size=6,
    ),
    st.integers(min_value=2, max_value=12),
)
def test_many_more_questions_answered_alike_leave_a_shortfall_unchanged(
    answered: list[tuple[str, int]], copies: int
) -> None:
    """The ranking no longer rewards size: a stop with k times the questions, answered the
    same way, has the same shortfall."""
    template = _bank().model_dump()["sections"][0]["questions"][0]

    def bank_of(n: int) -> tuple[Bank, dict[str, str]]:
        questions, answers = [], {}
        for c in range(n):
            for i, (key, weight) in enumerate(answered):
                qid = f"S{c}.{i}"
                questions.append({**template, "id": qid, "stops": [9], "weight": weight})
                answers[qid] = key
        data = {
            **_bank().model_dump(),
            "sections": [{"id": "S", "title": "S", "questions": questions}],
        }
        return Bank.model_validate(data), answers

    bank, given = bank_of(1)
    one = _card(given, bank)
    bank, given = bank_of(copies)
    many = _card(given, bank)
    assert [g.stop for g in one.gaps] == [g.stop for g in many.gaps]
    for a, b in zip(one.gaps, many.gaps, strict=True):
        assert b.shortfall == pytest.approx(a.shortfall)
        assert b.gap == pytest.approx(a.gap * copies)
