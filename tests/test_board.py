"""The board summary's choices, worked by hand on the small gap-rules bank: where to start in
one sentence, which stops, which actions under each, and what is strong."""

from __future__ import annotations

from clear_cli.core.board import BoardSummary, board_summary, top_stops
from clear_cli.core.gaps import analyse
from clear_cli.core.scoring import Scorecard
from clear_cli.sources.data import start_here_wording
from tests.test_gaps import BASE, _card, _catalogue


def _summary(card: Scorecard) -> BoardSummary:
    cat = _catalogue()
    found = analyse(card, cat, start_here_wording())
    return board_summary(card, found, cat.roadmap.stops, start_here_wording(), "green")


def test_foundation_start_its_actions_largest_first_and_no_question_twice() -> None:
    board = _summary(_card(BASE))
    # Stop 6 is a ranked foundation stop at 75%, and the only ranked stop (stop 7 is the
    # primary stop of A4 alone).
    assert board.sentence.startswith("Start at stop 6 (Strategy and vision)")
    assert "foundation" in board.sentence and "75%" in board.sentence
    assert [b.stop.number for b in board.stops] == [6]
    (six,) = board.stops
    # At stop 6, share x gap: A3 6, A1 2, A2 1; together they are the whole gap of 9.
    assert [(a.question.id, a.closes) for a in six.actions] == [("A3", 6), ("A1", 2), ("A2", 1)]
    assert six.closes == 100
    # A1 has the bank's own action; A3 has none, so it names the question and the level.
    assert six.actions[1].text == "Write the strategy and have the board sign it off."
    assert six.actions[0].text == "From Not in place to In place: Is it funded?"


def test_start_here_comes_first_then_the_ranking() -> None:
    # Stop 2 at 66.67% is the lowest weak foundation stop, though 6 (75%) is ranked first.
    card = _card({**BASE, "B1": "0", "B2": "0", "B3": "3"})
    found = analyse(card, _catalogue(), start_here_wording())
    assert [a.stop.number for a in found.stops][:3] == [6, 2, 12]
    assert [a.stop.number for a in top_stops(found)] == [2, 6]
    assert [a.stop.number for a in top_stops(found, limit=2)] == [2, 6]
    board = _summary(card)
    assert board.sentence.startswith("Start at stop 2 (")
    assert [(a.question.id, a.closes) for a in board.stops[0].actions] == [("B1", 3), ("B2", 3)]


def test_largest_few_and_none_sentences() -> None:
    answers = {**BASE, "A1": "1", "A2": "3", "A3": "2", "A4": "0"}
    largest = _summary(_card({**answers, "B1": "2", "B2": "3", "B3": "3"}))
    assert largest.sentence.startswith("Start at stop 6 (")
    assert "33%" in largest.sentence and "the most of any stop" in largest.sentence
    few = _summary(_card({"A1": "1"}))
    assert few.sentence.startswith("Answer more questions") and "only 1 answered" in few.sentence
    assert few.stops == []  # nothing rests on enough answers to be ranked
    none = _summary(_card({"A1": "3", "A4": "4"}))
    assert none.sentence == start_here_wording()["sentence"]["none"]
    assert none.stops == []
    # A1 reaches stop 6 and A4 stop 7, both at or above target: strong stops, no gap.
    assert [s.number for s in none.strengths.stops] == [6, 7]
    assert not none.strengths.banks and not none.strengths.sections
    assert none.strengths


def test_strong_banks_and_sections() -> None:
    every = dict.fromkeys(("A1", "A2", "A3", "A4", "B1", "B2", "B3"), "4")
    top = _summary(_card({**every, "O1": "better", "O2": "better"}))
    assert [b.id for b in top.strengths.banks] == ["gaps-test"]
    assert top.strengths.sections == []  # a strong bank stands for its sections
    assert [s.number for s in top.strengths.stops] == [2, 6, 7, 8]  # O1, O2 reach no stop
    mixed = _summary(_card({**BASE, "B1": "4", "B2": "3", "B3": "3"}))
    assert mixed.strengths.banks == []
    assert [(b.id, s.id) for b, s in mixed.strengths.sections] == [("gaps-test", "B")]
    assert [s.number for s in mixed.strengths.stops] == [2]
    weak = _summary(_card(BASE))
    assert not weak.strengths
