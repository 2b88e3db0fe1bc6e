"""Scoring rules of CONTRACT.md, as pure functions: no files, no printing.

points(question) = weight x option points; max = weight x top option points;
not applicable leaves both out; unanswered scores 0 and stays in the maximum.
Gap = weight x max(0, target points - points), target from the answers file
(question, then bank), then the scale, then the bank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from clear_cli.answers import Assessment, Response
from clear_cli.models import AnswersFile, Bank, Option, Question, Roadmap, ScoringConfig


@dataclass(frozen=True)
class QuestionScore:
    bank_id: str
    section_id: str
    question: Question
    response: Response
    points: float
    max: float
    target: Option
    gap: float

    @property
    def id(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class Total:
    points: float
    max: float
    band: str

    @property
    def percent(self) -> float:
        return percent(self.points, self.max)


@dataclass(frozen=True)
class SectionScore:
    id: str
    title: str
    total: Total
    questions: list[QuestionScore]


@dataclass(frozen=True)
class BankScore:
    id: str
    title: str
    version: str
    total: Total
    sections: list[SectionScore]

    @property
    def questions(self) -> list[QuestionScore]:
        return [q for s in self.sections for q in s.questions]

    @property
    def unanswered(self) -> list[str]:
        return [q.id for q in self.questions if not q.response.answered]

    @property
    def not_applicable(self) -> list[str]:
        return [q.id for q in self.questions if q.response.na]


@dataclass(frozen=True)
class StopGap:
    stop: int
    title: str
    gap: float
    questions: list[QuestionScore]


@dataclass(frozen=True)
class Scorecard:
    locality: str
    assessment: str
    date: dt.date | None
    overall: Total
    banks: list[BankScore]
    gaps: list[StopGap] = field(default_factory=list)

    @property
    def questions(self) -> list[QuestionScore]:
        return [q for b in self.banks for q in b.questions]


def percent(points: float, maximum: float) -> float:
    """100 x points / max; 0 when nothing can be scored (every question not applicable)."""
    return 100.0 * points / maximum if maximum > 0 else 0.0


def target_option(bank: Bank, question: Question, targets: dict[str, str]) -> Option:
    """The option a question should reach: answers file (question, bank), scale, bank."""
    scale = bank.scale_of(question)
    for key in (targets.get(question.id), targets.get(bank.id)):
        if key is not None and (opt := scale.match(key)) is not None:
            return opt
    opt = scale.option(bank.target_key(question))
    if opt is None:  # the loader's cross-checks make this unreachable
        raise ValueError(f"bank '{bank.id}': no target option for '{question.id}'")
    return opt


def score_question(
    bank: Bank, section_id: str, question: Question, response: Response, targets: dict[str, str]
) -> QuestionScore:
    w = question.weight
    target = target_option(bank, question, targets)
    if response.na:
        return QuestionScore(bank.id, section_id, question, response, 0.0, 0.0, target, 0.0)
    p = response.option.points if response.option else 0.0
    top = bank.scale_of(question).top.points
    gap = w * max(0.0, target.points - p)
    return QuestionScore(bank.id, section_id, question, response, w * p, w * top, target, gap)


def total(items: list[QuestionScore], scoring: ScoringConfig) -> Total:
    pts = sum(q.points for q in items)
    mx = sum(q.max for q in items)
    return Total(pts, mx, scoring.band(percent(pts, mx)).name)


def score_bank(
    bank: Bank, responses: dict[str, Response], targets: dict[str, str], scoring: ScoringConfig
) -> BankScore:
    sections = []
    for section in bank.sections:
        qs = [
            score_question(bank, section.id, q, responses.get(q.id, Response()), targets)
            for q in section.questions
        ]
        sections.append(SectionScore(section.id, section.title, total(qs, scoring), qs))
    every = [q for s in sections for q in s.questions]
    return BankScore(bank.id, bank.title, bank.version, total(every, scoring), sections)


def rank_gaps(questions: list[QuestionScore], roadmap: Roadmap) -> list[StopGap]:
    """Stops with a gap above zero, largest first, ties by stop number."""
    by_stop: dict[int, list[QuestionScore]] = {}
    for q in questions:
        if q.gap > 0:
            for stop in q.question.stops:
                by_stop.setdefault(stop, []).append(q)
    gaps = []
    for number, qs in by_stop.items():
        found = roadmap.stop(number)
        ranked = sorted(qs, key=lambda q: -q.gap)  # stable: bank order within equal gaps
        gaps.append(
            StopGap(
                number,
                found.title if found else f"Stop {number}",
                sum(q.gap for q in ranked),
                ranked,
            )
        )
    return sorted(gaps, key=lambda g: (-g.gap, g.stop))


def score(
    meta: AnswersFile,
    banks: list[Bank],
    responses: dict[str, Response],
    roadmap: Roadmap,
    scoring: ScoringConfig,
) -> Scorecard:
    bank_scores = [score_bank(b, responses, meta.targets, scoring) for b in banks]
    every = [q for b in bank_scores for q in b.questions]
    return Scorecard(
        locality=meta.locality,
        assessment=meta.assessment,
        date=meta.date,
        overall=total(every, scoring),
        banks=bank_scores,
        gaps=rank_gaps(every, roadmap),
    )


def score_assessment(assessment: Assessment) -> Scorecard:
    cat = assessment.catalogue
    return score(assessment.meta, assessment.banks, assessment.responses, cat.roadmap, cat.scoring)


def to_json(card: Scorecard) -> dict[str, object]:
    """The JSON shape of ``clear score --json`` (CONTRACT.md)."""

    def nums(t: Total) -> dict[str, object]:
        # Nothing to score (every question not applicable): no percent, rather than 0.
        pct = round(t.percent, 2) if t.max > 0 else None
        return {"points": t.points, "max": t.max, "percent": pct}

    def band(t: Total) -> str | None:
        return t.band if t.max > 0 else None

    return {
        "locality": card.locality,
        "assessment": card.assessment,
        "date": card.date.isoformat() if card.date else None,
        "overall": {**nums(card.overall), "band": band(card.overall)},
        "banks": [
            {
                "id": b.id,
                "title": b.title,
                **nums(b.total),
                "band": band(b.total),
                "unanswered": b.unanswered,
                "not_applicable": b.not_applicable,
                "sections": [{"id": s.id, "title": s.title, **nums(s.total)} for s in b.sections],
            }
            for b in card.banks
        ],
        "gaps": [
            {
                "stop": g.stop,
                "title": g.title,
                "gap": g.gap,
                "questions": [q.id for q in g.questions],
            }
            for g in card.gaps
        ],
    }
