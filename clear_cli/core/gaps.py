"""Gap analysis for people: where to start and why, each weak question once under its
primary stop with its next step, and what is still to answer.

Pure functions over a :class:`~clear_cli.core.scoring.Scorecard`; no files, no printing. The
wording of "why start here" is data (``clear_cli/start_here.yaml``), passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clear_cli.core.scoring import (
    FOUNDATION,
    FOUNDATION_SHORTFALL,
    QuestionScore,
    Scorecard,
    StopGap,
)
from clear_cli.core.settings import ISSUE_STOP, SettingGap, by_setting
from clear_cli.models import Bank, Option, Stop
from clear_cli.sources.catalogue import Catalogue


@dataclass(frozen=True)
class WeakQuestion:
    """An answered question below its target, and what reaching the target asks for."""

    score: QuestionScore
    bank: Bank
    current: Option | None
    target: Option
    action: str  # the bank's own next step for the question, or ""
    stops: list[int]  # primary first, as the answer gives them
    leads: list[str]

    @property
    def id(self) -> str:
        return self.score.id

    @property
    def primary(self) -> int | None:
        return self.stops[0] if self.stops else None

    @property
    def secondary(self) -> list[int]:
        return self.stops[1:]


@dataclass(frozen=True)
class StopAnalysis:
    stop: Stop
    gap: StopGap
    questions: list[WeakQuestion]  # whose primary stop this is, largest gap first
    elsewhere: list[str]  # weak questions counted here but listed under their primary stop
    settings: list[SettingGap]  # stop 11 only: its gap by deep dive or core section


@dataclass(frozen=True)
class Analysis:
    """Everything the reports show about gaps."""

    start_here: int | None
    reason: str
    stops: list[StopAnalysis]  # in ranked order
    outcomes: list[WeakQuestion]  # weak questions that reach no stop
    still_to_answer: list[QuestionScore]


def weak_question(q: QuestionScore, bank: Bank) -> WeakQuestion:
    return WeakQuestion(
        score=q,
        bank=bank,
        current=q.response.option,
        target=q.target,
        action=q.question.action,
        stops=q.stops,
        leads=[bank.stakeholders.get(k, k) for k in q.question.leads],
    )


def _values(chosen: StopGap) -> dict[str, Any]:
    return {
        "stop": chosen.stop,
        "title": chosen.title,
        "shortfall": f"{chosen.shortfall:.0f}",
        "answered": chosen.answered,
        "primary": chosen.primary,
    }


def _why(chosen: StopGap) -> str:
    """Why ``chosen`` is where to start: "foundation", "largest" or "few"."""
    if chosen.ranked and chosen.stop in FOUNDATION and chosen.shortfall >= FOUNDATION_SHORTFALL:
        return "foundation"
    return "largest" if chosen.ranked else "few"


def start_reason(gaps: list[StopGap], start: int | None, wording: dict[str, Any]) -> str:
    """Why the analysis starts at ``start``, in words from ``wording`` (start_here.yaml)."""
    chosen = next((g for g in gaps if g.stop == start), None)
    if chosen is None:
        return str(wording["none"])
    values = _values(chosen)
    key = _why(chosen)
    if key == "foundation":
        detail = str(wording["foundation_detail"]).format(**values)
        return f"{wording['foundation'][chosen.stop]} {detail}"
    return str(wording[key]).format(**values)


def start_sentence(gaps: list[StopGap], start: int | None, wording: dict[str, Any]) -> str:
    """Where to start and why, in one sentence (the board summary): ``sentence`` in
    ``wording`` (start_here.yaml)."""
    words = wording["sentence"]
    chosen = next((g for g in gaps if g.stop == start), None)
    if chosen is None:
        return str(words["none"])
    return str(words[_why(chosen)]).format(**_values(chosen))


def analyse(card: Scorecard, catalogue: Catalogue, wording: dict[str, Any]) -> Analysis:
    """The gap analysis as the reports show it: each weak question once, under its primary
    stop (or its answer option's first stop); those reaching no stop under outcomes."""
    weak = [weak_question(q, catalogue.banks[q.bank_id]) for q in card.questions if q.gap > 0]
    by_primary: dict[int, list[WeakQuestion]] = {}
    outcomes = []
    for w in sorted(weak, key=lambda w: -w.score.gap):  # stable: bank order within equal gaps
        if w.primary is None:
            outcomes.append(w)
        else:
            by_primary.setdefault(w.primary, []).append(w)
    stops = []
    for g in card.gaps:
        stop = catalogue.roadmap.stop(g.stop)
        if stop is None:  # stops are cross-checked against the roadmap when banks load
            continue
        here = by_primary.get(g.stop, [])
        listed = {w.id for w in here}
        elsewhere = [q.id for q in g.questions if q.id not in listed]
        settings = by_setting(card.banks) if g.stop == ISSUE_STOP else []
        stops.append(
            StopAnalysis(stop=stop, gap=g, questions=here, elsewhere=elsewhere, settings=settings)
        )
    start = card.start_here
    return Analysis(
        start_here=start,
        reason=start_reason(card.gaps, start, wording),
        stops=stops,
        outcomes=outcomes,
        still_to_answer=card.unanswered,
    )
