"""The action plan: the gap analysis turned into rows an alliance owns and updates all year.

One row per answered question with a gap, under its primary stop (or its answer option's
first stop): the start-here stop first, then the other stops in ranked order, the largest
gap first within a stop; questions that reach no stop (outcomes) last. What the alliance
types (Owner, Due, Status, Notes) comes across from last year's plan for the same
question ids. Pure functions: no files, no printing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from clear_cli.core.gaps import StopAnalysis, WeakQuestion, analyse
from clear_cli.core.scoring import QuestionScore, Scorecard
from clear_cli.core.settings import SettingGap
from clear_cli.models import Stop
from clear_cli.models.plan_table import (
    OldRow,
    Tracking,
)
from clear_cli.sources.catalogue import Catalogue


@dataclass(frozen=True)
class PlanRow:
    priority: int
    stop: Stop | None  # None for an outcome
    weak: WeakQuestion
    action: str
    tracking: Tracking
    carried: bool  # the tracking came from the previous plan

    @property
    def id(self) -> str:
        return self.weak.id

    @property
    def question(self) -> str:
        return self.weak.score.question.text

    @property
    def now(self) -> str:
        return self.weak.current.label if self.weak.current else ""

    @property
    def target(self) -> str:
        return self.weak.target.label

    @property
    def success(self) -> str:
        """The question's own success measure, else the target option's description."""
        return self.weak.score.question.success or self.weak.target.description

    @property
    def leads(self) -> str:
        return "; ".join(self.weak.leads)


@dataclass(frozen=True)
class PlanGroup:
    """The rows under one stop (``stop`` None: the outcomes)."""

    stop: Stop | None
    start: bool
    shortfall: float | None
    ranked: bool
    rows: list[PlanRow]
    settings: list[SettingGap] = field(default_factory=list)  # stop 11: its gap by setting


@dataclass(frozen=True)
class ClosedRow:
    """In the previous plan, and no longer a gap: what it was, what it is now."""

    old: OldRow
    now: str


@dataclass(frozen=True)
class Plan:
    locality: str
    assessment: str
    date: dt.date | None
    start: Stop | None
    reason: str
    groups: list[PlanGroup]
    to_answer: list[QuestionScore]
    bank_titles: dict[str, str]
    previous: str | None = None  # the earlier plan's file, when one was given
    closed: list[ClosedRow] = field(default_factory=list)
    all_actions: int | None = None  # with --top N: how many actions there were in all

    @property
    def rows(self) -> list[PlanRow]:
        return [r for g in self.groups for r in g.rows]

    @property
    def not_shown(self) -> int:
        """Actions left out by --top N."""
        return (self.all_actions or 0) - len(self.rows) if self.all_actions else 0


def first_actions(plan: Plan, n: int) -> Plan:
    """Only the first ``n`` rows by priority (0: all); the questions to answer and the rows
    closed since the previous plan stay as they are."""
    total = len(plan.rows)
    if n <= 0 or n >= total:
        return plan
    groups = []
    for g in plan.groups:
        kept = [r for r in g.rows if r.priority <= n]
        if kept:
            groups.append(dataclasses.replace(g, rows=kept))
    return dataclasses.replace(plan, groups=groups, all_actions=total)


def action_of(weak: WeakQuestion, stop: Stop | None) -> str:
    """The bank's action for the question; where it gives none, the roadmap's first action
    for the question's stop, so every row says what to do."""
    if weak.action:
        return " ".join(weak.action.split())
    if stop is not None:
        return f"Roadmap stop {stop.number}: {' '.join(stop.actions[0].split())}"
    return ""


def answer_text(q: QuestionScore | None) -> str:
    """A question's answer as the plan shows it, for the closed list."""
    if q is None:
        return "not in this assessment"
    if q.response.na:
        return "not applicable"
    if q.response.option is None:
        return "unanswered"
    return q.response.option.label


def ordered_stops(stops: list[StopAnalysis], start: int | None) -> list[StopAnalysis]:
    """The start-here stop first, then the others in ranked order."""
    first = [s for s in stops if s.stop.number == start]
    return first + [s for s in stops if s.stop.number != start]


def build_plan(
    card: Scorecard,
    catalogue: Catalogue,
    wording: dict[str, Any],
    previous: dict[str, OldRow] | None = None,
    previous_name: str | None = None,
) -> Plan:
    """The plan for a scored assessment, carrying tracking over from ``previous`` rows."""
    found = analyse(card, catalogue, wording)
    old = previous or {}
    groups: list[PlanGroup] = []
    priority = 0

    def rows_of(items: list[WeakQuestion], stop: Stop | None) -> list[PlanRow]:
        nonlocal priority
        out = []
        for w in items:
            priority += 1
            before = old.get(w.id)
            out.append(
                PlanRow(
                    priority=priority,
                    stop=stop,
                    weak=w,
                    action=action_of(w, stop),
                    tracking=before.tracking if before else Tracking(),
                    carried=before is not None,
                )
            )
        return out

    for s in ordered_stops(found.stops, found.start_here):
        if s.questions:
            rows = rows_of(s.questions, s.stop)
            start = s.stop.number == found.start_here
            groups.append(PlanGroup(s.stop, start, s.gap.shortfall, s.gap.ranked, rows, s.settings))
    if found.outcomes:
        groups.append(PlanGroup(None, False, None, True, rows_of(found.outcomes, None)))
    in_plan = {r.id for g in groups for r in g.rows}
    by_id = {q.id: q for q in card.questions}
    closed = [
        ClosedRow(o, answer_text(by_id.get(o.id))) for o in old.values() if o.id not in in_plan
    ]
    return Plan(
        locality=card.locality,
        assessment=card.assessment,
        date=card.date,
        start=catalogue.roadmap.stop(found.start_here) if found.start_here else None,
        reason=found.reason,
        groups=groups,
        to_answer=found.still_to_answer,
        bank_titles={b.id: b.title for b in card.banks},
        previous=previous_name,
        closed=closed,
    )
