"""The board summary: what a Health and Wellbeing Board reads on two pages.

Where to start in one sentence; the top ranked stops, each with the few actions that would
close most of its gap and who could lead them; and what is strong. Pure functions over a
:class:`~clear_cli.core.scoring.Scorecard` and its :class:`~clear_cli.core.gaps.Analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clear_cli.core.gaps import Analysis, StopAnalysis, WeakQuestion, start_sentence
from clear_cli.core.scoring import BankScore, Scorecard, SectionScore, shares
from clear_cli.models import Stop

#: The summary shows at most this many stops (the start-here stop, then the ranking).
TOP_STOPS = 4
#: ... and under each, at most this many actions, largest share of the stop's gap first.
ACTIONS_PER_STOP = 3


@dataclass(frozen=True)
class BoardAction:
    """One weak question's next step, and how much of a stop's gap reaching it closes."""

    question: WeakQuestion
    closes: float  # share x gap at the stop

    @property
    def text(self) -> str:
        """The bank's action for the question, else the question and the level to reach."""
        w = self.question
        if w.action:
            return w.action
        now = w.current.label if w.current else "unanswered"
        return f"From {now} to {w.target.label}: {w.score.question.text}"


@dataclass(frozen=True)
class BoardStop:
    analysis: StopAnalysis
    actions: list[BoardAction]

    @property
    def stop(self) -> Stop:
        return self.analysis.stop

    @property
    def closes(self) -> float:
        """The percent of the stop's gap its listed actions would close, 0-100."""
        gap = self.analysis.gap.gap
        return 100.0 * sum(a.closes for a in self.actions) / gap if gap > 0 else 0.0


@dataclass(frozen=True)
class Strengths:
    band: str  # the strong band's name
    banks: list[BankScore]  # in the strong band
    sections: list[tuple[BankScore, SectionScore]]  # in the strong band, in weaker banks
    stops: list[Stop]  # reached by answered questions, none of them below target

    def __bool__(self) -> bool:
        return bool(self.banks or self.sections or self.stops)


@dataclass(frozen=True)
class BoardSummary:
    sentence: str  # where to start and why
    stops: list[BoardStop]
    strengths: Strengths


def top_stops(analysis: Analysis, limit: int = TOP_STOPS) -> list[StopAnalysis]:
    """The start-here stop, then the other ranked stops in ranked order: at most ``limit``."""
    ranked = [a for a in analysis.stops if a.gap.ranked]
    first = [a for a in ranked if a.stop.number == analysis.start_here]
    rest = [a for a in ranked if a.stop.number != analysis.start_here]
    return (first + rest)[:limit]


def board_actions(
    chosen: StopAnalysis, weak: dict[str, WeakQuestion], used: set[str], limit: int
) -> list[BoardAction]:
    """The actions closing most of a stop's gap (largest share x gap first), skipping
    questions an earlier stop in the summary already shows."""
    out = []
    for q in chosen.gap.questions:  # largest share x gap first
        if q.id in used or q.id not in weak:
            continue
        out.append(BoardAction(weak[q.id], q.share(chosen.stop.number) * q.gap))
        if len(out) == limit:
            break
    used.update(a.question.id for a in out)
    return out


def strengths(card: Scorecard, stops: list[Stop], band: str) -> Strengths:
    """Banks and sections in the strong ``band`` (sections only for banks not strong as a whole),
    and stops that answered questions reach with no gap at all."""
    banks = [b for b in card.banks if b.total.band == band and b.total.max > 0]
    sections = [
        (b, s)
        for b in card.banks
        if b not in banks
        for s in b.sections
        if s.total.band == band and s.total.max > 0
    ]
    reached = {n for q in card.questions if q.counted for n in shares(q.stops)}
    with_gap = {g.stop for g in card.gaps}
    clear_stops = [s for s in stops if s.number in reached - with_gap]
    return Strengths(band=band, banks=banks, sections=sections, stops=clear_stops)


def board_summary(
    card: Scorecard,
    analysis: Analysis,
    stops: list[Stop],
    wording: dict[str, Any],
    strong: str,
) -> BoardSummary:
    """Everything the board summary shows beyond the scores themselves; ``strong`` is the
    name of the band that counts as strong (the top one)."""
    weak = {w.id: w for a in analysis.stops for w in a.questions}
    weak.update({w.id: w for w in analysis.outcomes})
    used: set[str] = set()
    chosen = [
        BoardStop(a, board_actions(a, weak, used, ACTIONS_PER_STOP)) for a in top_stops(analysis)
    ]
    return BoardSummary(
        sentence=start_sentence(card.gaps, analysis.start_here, wording),
        stops=chosen,
        strengths=strengths(card, stops, strong),
    )
