"""Scoring rules, as pure functions: no files, no printing.

points(question) = weight x option points; max = weight x top option points;
not applicable leaves both out; unanswered scores 0 and stays in the maximum.
Completeness = answered (including not applicable) / all questions; below 80% the
scores are provisional.

Gap analysis (version 2). Only answered, applicable questions have a gap:
gap = weight x max(0, target points - points) and reach = weight x max(0, target
points - lowest option's points), the target from the answers file (question, then
bank), then the scale, then the bank. A question's stops are its answer option's
``stops`` when the option has them, else its own: the first (primary) takes the whole
gap, the others share half of it. A stop's shortfall = 100 x G / R, where G and R sum
share x gap and share x reach over the questions reaching it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from clear_cli.models import AnswersFile, Bank, Option, Question, Roadmap, ScoringConfig
from clear_cli.sources.answers import Assessment, Response


@dataclass(frozen=True)
class QuestionScore:
    bank_id: str
    section_id: str
    question: Question
    response: Response
    points: float
    max: float
    target: Option
    gap: float  # 0 unless answered and applicable
    reach: float = 0.0  # the gap at the lowest option; 0 unless answered and applicable

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def counted(self) -> bool:
        """Answered with an option (not unanswered, not not applicable): it has a gap."""
        return self.response.option is not None and not self.response.na

    @property
    def stops(self) -> list[int]:
        """The answer option's stops when it has its own, else the question's."""
        opt = self.response.option
        if opt is not None and opt.stops is not None:
            return list(opt.stops)
        return list(self.question.stops)

    def share(self, stop: int) -> float:
        """How much of this question's gap counts at ``stop``."""
        return shares(self.stops).get(stop, 0.0)


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
    """A roadmap stop in the gap analysis."""

    stop: int
    title: str
    gap: float  # G: sum of share x gap
    reach: float  # R: sum of share x reach
    band: str  # the band of 100 - shortfall
    answered: int  # answered, applicable questions reaching the stop
    questions: list[QuestionScore]  # those with a gap here, largest share x gap first
    primary: int = 0  # of those, the ones whose primary stop this is

    @property
    def shortfall(self) -> float:
        """The share of what the stop could reach that is missing, 0-100."""
        return 100.0 * self.gap / self.reach if self.reach > 0 else 0.0

    @property
    def ranked(self) -> bool:
        """Resting on enough answers (at least ``RANK_THRESHOLD`` answered questions with this
        as their primary stop) to be ranked: secondary shares alone never rank a stop."""
        return self.primary >= RANK_THRESHOLD


@dataclass(frozen=True)
class Completeness:
    answered: int  # including not applicable
    questions: int

    @property
    def percent(self) -> float:
        return percent(self.answered, self.questions) if self.questions else 100.0

    @property
    def provisional(self) -> bool:
        return self.percent < PROVISIONAL_BELOW


@dataclass(frozen=True)
class Scorecard:
    locality: str
    assessment: str
    date: dt.date | None
    overall: Total
    banks: list[BankScore]
    gaps: list[StopGap] = field(default_factory=list)
    completeness: Completeness = Completeness(0, 0)

    @property
    def start_here(self) -> int | None:
        return start_here(self.gaps)

    @property
    def unanswered(self) -> list[QuestionScore]:
        """Still to answer, in bank order."""
        return [q for q in self.questions if not q.response.answered]

    @property
    def questions(self) -> list[QuestionScore]:
        return [q for b in self.banks for q in b.questions]


#: A stop is ranked when at least this many answered, applicable questions have it as their
#: primary stop (the question's first, or the first of its answer option's stops).
RANK_THRESHOLD = 3
#: Below this completeness (percent) every score is provisional.
PROVISIONAL_BELOW = 80.0
#: The foundation stops: the roadmap builds on them, so a weak one is where to start.
FOUNDATION = range(1, 7)
#: A ranked foundation stop with at least this shortfall is where to start.
FOUNDATION_SHORTFALL = 50.0


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
    scale = bank.scale_of(question)
    top = scale.top.points
    if response.option is None:  # unanswered: scores 0, never a gap
        return QuestionScore(bank.id, section_id, question, response, 0.0, w * top, target, 0.0)
    p = response.option.points
    gap = w * max(0.0, target.points - p)
    lowest = min(o.points for o in scale.options)
    reach = w * max(0.0, target.points - lowest)
    return QuestionScore(
        bank.id, section_id, question, response, w * p, w * top, target, gap, reach
    )


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


def shares(stops: list[int]) -> dict[int, float]:
    """Share of a question's gap at each of its stops: 1 at the primary (first) stop, the
    secondary stops sharing 0.5 equally."""
    out: dict[int, float] = {}
    if not stops:
        return out
    primary, secondary = stops[0], [s for s in stops[1:] if s != stops[0]]
    out[primary] = 1.0
    for stop in secondary:
        out[stop] = out.get(stop, 0.0) + 0.5 / len(secondary)
    return out


def rank_gaps(
    questions: list[QuestionScore], roadmap: Roadmap, scoring: ScoringConfig
) -> list[StopGap]:
    """Stops with a gap above zero: ranked ones (``RANK_THRESHOLD`` primary answers) by
    shortfall, then gap (largest first), then stop number; then the others in the same order."""
    reached: dict[int, list[tuple[float, QuestionScore]]] = {}
    for q in questions:
        if q.counted:
            for stop, share in shares(q.stops).items():
                reached.setdefault(stop, []).append((share, q))
    gaps = []
    for number, items in reached.items():
        g = sum(share * q.gap for share, q in items)
        if g <= 0:
            continue
        r = sum(share * q.reach for share, q in items)
        weak = sorted((x for x in items if x[1].gap > 0), key=lambda x: -x[0] * x[1].gap)
        found = roadmap.stop(number)
        shortfall = 100.0 * g / r if r > 0 else 0.0
        gaps.append(
            StopGap(
                stop=number,
                title=found.title if found else f"Stop {number}",
                gap=g,
                reach=r,
                band=scoring.band(100.0 - shortfall).name,
                answered=len(items),
                primary=sum(1 for _, q in items if q.stops[0] == number),
                questions=[q for _, q in weak],  # stable: bank order within equal amounts
            )
        )
    return sorted(gaps, key=lambda s: (not s.ranked, -round(s.shortfall, 9), -s.gap, s.stop))


def start_here(gaps: list[StopGap]) -> int | None:
    """The roadmap builds: the lowest-numbered ranked foundation stop (1-6) with a shortfall
    of at least 50, else the first stop in ``gaps`` (already in ranked order)."""
    weak = [
        g.stop
        for g in gaps
        if g.ranked and g.stop in FOUNDATION and g.shortfall >= FOUNDATION_SHORTFALL - 1e-9
    ]
    if weak:
        return min(weak)
    return gaps[0].stop if gaps else None


def completeness(questions: list[QuestionScore]) -> Completeness:
    return Completeness(sum(1 for q in questions if q.response.answered), len(questions))


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
        gaps=rank_gaps(every, roadmap, scoring),
        completeness=completeness(every),
    )


def score_assessment(assessment: Assessment) -> Scorecard:
    cat = assessment.catalogue
    return score(assessment.meta, assessment.banks, assessment.responses, cat.roadmap, cat.scoring)


def to_json(card: Scorecard) -> dict[str, object]:
    """The JSON shape of ``clear score --json`` (docs/json.md, schemas/score.schema.json)."""

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
        "completeness": {
            "answered": card.completeness.answered,
            "questions": card.completeness.questions,
            "percent": round(card.completeness.percent, 2),
            "provisional": card.completeness.provisional,
        },
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
        "start_here": card.start_here,
        "gaps": [
            {
                "stop": g.stop,
                "title": g.title,
                "gap": round(g.gap, 2),
                "reach": round(g.reach, 2),
                "shortfall": round(g.shortfall, 2),
                "band": g.band,
                "answered": g.answered,
                "ranked": g.ranked,
                "questions": [q.id for q in g.questions],
            }
            for g in card.gaps
        ],
    }
