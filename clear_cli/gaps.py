"""Gap analysis: which roadmap stops to work on, and the next step for each weak question.

Pure functions over a :class:`~clear_cli.scoring.Scorecard`; no files, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from clear_cli.catalogue import Catalogue
from clear_cli.models import Bank, Option, Scale, Stop
from clear_cli.scoring import QuestionScore, Scorecard


@dataclass(frozen=True)
class WeakQuestion:
    """A question below its target, and what the next level up asks for."""

    score: QuestionScore
    bank: Bank
    current: Option | None
    next: Option | None
    leads: list[str]

    @property
    def id(self) -> str:
        return self.score.id


@dataclass(frozen=True)
class StopAnalysis:
    stop: Stop
    gap: float
    share: float  # of the gap summed over all stops, 0-1
    questions: list[WeakQuestion]


def next_option(scale: Scale, current: Option | None) -> Option | None:
    """The level just above ``current`` (the first level above the lowest when unanswered)."""
    ordered = sorted(scale.options, key=lambda o: o.points)
    if current is None:
        return ordered[1] if len(ordered) > 1 else ordered[0]
    for opt in ordered:
        if opt.points > current.points:
            return opt
    return None


def weak_question(q: QuestionScore, bank: Bank) -> WeakQuestion:
    scale = bank.scale_of(q.question)
    current = q.response.option
    return WeakQuestion(
        score=q,
        bank=bank,
        current=current,
        next=next_option(scale, current),
        leads=[bank.stakeholders.get(k, k) for k in q.question.leads],
    )


def analyse(card: Scorecard, catalogue: Catalogue) -> list[StopAnalysis]:
    """Every stop with a gap, ranked as in the scorecard, with its weak questions."""
    total = sum(g.gap for g in card.gaps) or 1.0
    out = []
    for g in card.gaps:
        stop = catalogue.roadmap.stop(g.stop)
        if stop is None:  # stops are cross-checked against the roadmap when banks load
            continue
        weak = [weak_question(q, catalogue.banks[q.bank_id]) for q in g.questions]
        out.append(StopAnalysis(stop=stop, gap=g.gap, share=g.gap / total, questions=weak))
    return out


def weakest_questions(card: Scorecard, catalogue: Catalogue, limit: int = 10) -> list[WeakQuestion]:
    """Questions with the largest gaps, across all banks."""
    ranked = sorted((q for q in card.questions if q.gap > 0), key=lambda q: -q.gap)
    return [weak_question(q, catalogue.banks[q.bank_id]) for q in ranked[:limit]]
