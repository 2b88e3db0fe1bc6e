"""The peer review report: what a review team writes after its visit, built from the two
assessments (and the team's notes, whose words always win).

Pure functions over a :class:`~clear_cli.core.compare.Comparison` of a self-assessment with its
peer assessment, the peers' gap analysis (:mod:`clear_cli.core.gaps`) and, when given, the
notes file (:class:`~clear_cli.models.review_notes.ReviewNotes`):

- strengths: questions both sides rate at or above their target, by section, and those where
  the peers found more in place than the locality claimed;
- areas for improvement: each roadmap stop of the peers' gap analysis, in its ranked order,
  with the peers' evidence for every weak question and what the self-assessment said;
- numbered recommendations: the actions that close most of each top stop's gap (as the board
  summary picks them), each with its stop, question and a suggested owner from the bank's
  ``leads``;
- the largest differences between the two sides, with both evidence notes.

No files, no printing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from clear_cli.core.board import ACTIONS_PER_STOP, board_actions, top_stops
from clear_cli.core.compare import PEER_REVIEW, Comparison, QuestionDiff, Side, answer_label
from clear_cli.core.gaps import Analysis, StopAnalysis, WeakQuestion, analyse
from clear_cli.core.scoring import QuestionScore, Scorecard, score_assessment
from clear_cli.models import Stop
from clear_cli.models.review_notes import Area as NotesArea
from clear_cli.models.review_notes import Recommendation as NotesRecommendation
from clear_cli.models.review_notes import ReviewNotes
from clear_cli.models.review_notes import Strength as NotesStrength
from clear_cli.sources.answers import Assessment

#: The body of the report lists this many of the largest differences; the annex lists all.
TOP_DIFFERENCES = 10
#: Recommendations are drafted from this many stops (the start-here stop, then the ranking).
RECOMMENDATION_STOPS = 4
#: A section is drafted as a strength when both sides rate at least this share of its
#: compared questions at or above target.
STRONG_SECTION = 0.75
#: Shown for a recommendation whose question names no lead in its bank.
OWNER_TO_AGREE = "to agree with the alliance"


class NotAPeerReview(ValueError):
    """The two files are not a self-assessment and a peer assessment of one locality."""


@dataclass(frozen=True)
class Pair:
    """One question as each side answered it."""

    own: QuestionScore  # the self-assessment's
    peer: QuestionScore
    bank_title: str
    section_title: str

    @property
    def id(self) -> str:
        return self.own.id

    @property
    def text(self) -> str:
        return self.own.question.text

    @property
    def own_answer(self) -> str:
        return answer_label(self.own)

    @property
    def peer_answer(self) -> str:
        return answer_label(self.peer)

    @property
    def level_difference(self) -> float | None:
        """Peers minus self, in levels of the scale; None unless both chose an option."""
        if not (self.own.counted and self.peer.counted):
            return None
        assert self.own.response.option is not None and self.peer.response.option is not None
        return self.peer.response.option.points - self.own.response.option.points


@dataclass(frozen=True)
class SectionStrength:
    """A section's questions that both sides rate at or above target."""

    bank_title: str
    section_title: str
    pairs: list[Pair]
    compared: int  # questions of the section both sides answered with an option

    @property
    def strong(self) -> bool:
        return self.compared > 0 and len(self.pairs) >= STRONG_SECTION * self.compared


@dataclass(frozen=True)
class Strength:
    text: str
    pairs: list[Pair]  # the questions it rests on, for their evidence
    drafted: bool  # drafted from the data, not the peers' own words


@dataclass(frozen=True)
class Weak:
    """A weak question in the peers' view, with what the self-assessment said."""

    weak: WeakQuestion
    pair: Pair | None

    @property
    def id(self) -> str:
        return self.weak.id


@dataclass(frozen=True)
class Area:
    stop: Stop
    peer_shortfall: float
    own_shortfall: float | None  # None when the self-assessment has no gap here
    ranked: bool
    start: bool  # the peers' start-here stop
    texts: list[str]  # the peers' own words about this stop, from the notes
    drafted: str  # a drafted sentence, used when the notes say nothing about the stop
    questions: list[Weak]


@dataclass(frozen=True)
class Recommendation:
    number: int
    id: str
    text: str
    stop: Stop | None
    questions: list[str]
    owner: str
    drafted: bool


@dataclass(frozen=True)
class Review:
    comparison: Comparison
    own: Side  # the self-assessment
    peer: Side
    reviewers: list[str]
    dates: list[dt.date]
    documents: list[str]
    people: list[str]
    summary: str
    summary_drafted: bool
    notes_draft: bool  # the notes file says status: draft
    start_here: Stop | None
    start_reason: str
    sections: list[SectionStrength]  # every section with a question both rate at target
    peers_higher: list[Pair]
    strengths: list[Strength]
    areas: list[Area]
    recommendations: list[Recommendation]
    differences: list[Pair]  # the largest first, at most TOP_DIFFERENCES
    all_differences: list[Pair]
    response: str
    look_again: dt.date | None
    has_notes: bool
    own_card: Scorecard = field(repr=False, compare=False)
    peer_card: Scorecard = field(repr=False, compare=False)

    @property
    def strong_sections(self) -> list[SectionStrength]:
        return [s for s in self.sections if s.strong]

    @property
    def agreed(self) -> int:
        return sum(len(s.pairs) for s in self.sections)


def at_target(q: QuestionScore) -> bool:
    """Answered with an option at or above the question's target."""
    return (
        q.counted and q.response.option is not None and q.response.option.points >= q.target.points
    )


def _pairs(comparison: Comparison, own: Scorecard, peer: Scorecard) -> dict[str, Pair]:
    """Every question both sides hold, compared on the same scale, by id (bank order)."""
    left_out = {x.question for x in comparison.left_out if x.question}
    peer_q = {q.id: q for q in peer.questions}
    out: dict[str, Pair] = {}
    for bank in own.banks:
        for section in bank.sections:
            for q in section.questions:
                other = peer_q.get(q.id)
                if other is not None and q.id not in left_out:
                    out[q.id] = Pair(q, other, bank.title, section.title)
    return out


def _sections(pairs: dict[str, Pair]) -> list[SectionStrength]:
    groups: dict[tuple[str, str], list[Pair]] = {}
    for p in pairs.values():
        groups.setdefault((p.bank_title, p.section_title), []).append(p)
    out = []
    for (bank, section), members in groups.items():
        both = [p for p in members if at_target(p.own) and at_target(p.peer)]
        compared = sum(1 for p in members if p.own.counted and p.peer.counted)
        if both:
            out.append(SectionStrength(bank, section, both, compared))
    return out


def _areas(
    analysis: Analysis,
    own_card: Scorecard,
    pairs: dict[str, Pair],
    notes: ReviewNotes | None,
    roadmap_stop: Any,
) -> list[Area]:
    own_gaps = {g.stop: g for g in own_card.gaps}
    said: dict[int, list[str]] = {}
    for a in notes.areas if notes else []:
        said.setdefault(a.stop, []).append(a.text)
    out = []
    for s in analysis.stops:
        if not s.questions and s.stop.number not in said:
            continue  # counted here only as a secondary stop: listed under its primary
        own = own_gaps.get(s.stop.number)
        out.append(
            Area(
                stop=s.stop,
                peer_shortfall=s.gap.shortfall,
                own_shortfall=own.shortfall if own else None,
                ranked=s.gap.ranked,
                start=s.stop.number == analysis.start_here,
                texts=said.pop(s.stop.number, []),
                drafted=_area_sentence(s, own.shortfall if own else None),
                questions=[Weak(w, pairs.get(w.id)) for w in s.questions],
            )
        )
    for number, texts in said.items():  # stops the peers write about with no gap in the data
        stop = roadmap_stop(number)
        if stop is not None:
            out.append(Area(stop, 0.0, None, False, False, texts, "", []))
    return out


def _area_sentence(s: StopAnalysis, own: float | None) -> str:
    ids = ", ".join(w.id for w in s.questions[:4])
    claimed = (
        f"the self-assessment put it at {own:.0f}%"
        if own is not None
        else "the self-assessment found no gap here"
    )
    text = (
        f"The peers find {s.gap.shortfall:.0f}% of what stop {s.stop.number}, {s.stop.title}, "
        f"could reach still missing ({claimed})."
    )
    if ids:
        text += f" The largest gaps: {ids}."
    if not s.gap.ranked:
        text += " This rests on few answers."
    return text


def _draft_recommendations(analysis: Analysis) -> list[Recommendation]:
    weak = {w.id: w for a in analysis.stops for w in a.questions}
    weak.update({w.id: w for w in analysis.outcomes})
    used: set[str] = set()
    out: list[Recommendation] = []
    for chosen in top_stops(analysis, RECOMMENDATION_STOPS):
        for act in board_actions(chosen, weak, used, ACTIONS_PER_STOP):
            w = act.question
            n = len(out) + 1
            out.append(
                Recommendation(
                    number=n,
                    id=f"R{n}",
                    text=act.text,
                    stop=chosen.stop,
                    questions=[w.id],
                    owner=w.leads[0] if w.leads else OWNER_TO_AGREE,
                    drafted=True,
                )
            )
    return out


def _notes_recommendations(
    items: list[NotesRecommendation], roadmap_stop: Any
) -> list[Recommendation]:
    return [
        Recommendation(
            number=i,
            id=r.id,
            text=r.text,
            stop=roadmap_stop(r.stop) if r.stop is not None else None,
            questions=list(r.questions),
            owner=r.owner or OWNER_TO_AGREE,
            drafted=False,
        )
        for i, r in enumerate(items, start=1)
    ]


def _draft_strengths(sections: list[SectionStrength], higher: list[Pair]) -> list[Strength]:
    out = [
        Strength(
            f"{s.section_title} ({s.bank_title}): both the self-assessment and the peers rate "
            f"{len(s.pairs)} of its {s.compared} questions at or above target.",
            s.pairs,
            True,
        )
        for s in sections
        if s.strong
    ]
    if higher:
        out.append(
            Strength(
                "The peers found more in place than the locality claimed at "
                + ", ".join(p.id for p in higher)
                + ".",
                higher,
                True,
            )
        )
    return out


def _summary(c: Comparison, analysis: Analysis, agreed: int, higher: int, lower: int) -> str:
    own = c.a if c.self_side == "a" else c.b
    peer = c.b if c.self_side == "a" else c.a
    own_pct = c.overall.a_percent if c.self_side == "a" else c.overall.b_percent
    peer_pct = c.overall.b_percent if c.self_side == "a" else c.overall.a_percent
    when = f" on {peer.date.strftime('%-d %B %Y')}" if peer.date else ""
    parts = [
        f"The peers reviewed {own.locality}'s self-assessment{when} and scored "
        f"{_pct(peer_pct)} overall, against the locality's own {_pct(own_pct)}."
    ]
    parts.append(
        f"Both sides rate {agreed} questions at or above target; the peers found more in "
        f"place than claimed on {higher} and less on {lower}."
    )
    if analysis.start_here is not None:
        chosen = next(s for s in analysis.stops if s.stop.number == analysis.start_here)
        parts.append(
            f"In the peers' view the alliance should start at stop {chosen.stop.number}, "
            f"{chosen.stop.title}. {analysis.reason}"
        )
    return " ".join(parts)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def build_review(
    own: Assessment,
    peer: Assessment,
    comparison: Comparison,
    wording: dict[str, Any],
    notes: ReviewNotes | None = None,
) -> Review:
    """The review of ``own`` (the self-assessment) by ``peer``; ``comparison`` is
    :func:`~clear_cli.core.compare.compare` of the two (either order)."""
    if comparison.kind != PEER_REVIEW:
        raise NotAPeerReview(comparison.kind)
    own_card, peer_card = score_assessment(own), score_assessment(peer)
    own_side, peer_side = _sides(comparison)
    analysis = analyse(peer_card, peer.catalogue, wording)
    roadmap_stop = peer.catalogue.roadmap.stop
    pairs = _pairs(comparison, own_card, peer_card)
    sections = _sections(pairs)
    differences = _differences(comparison, pairs)
    higher = [p for p in differences if (p.level_difference or 0) > 0]
    lower = [p for p in differences if (p.level_difference or 0) < 0]
    agreed = sum(len(s.pairs) for s in sections)
    summary = notes.summary if notes else ""
    start = roadmap_stop(analysis.start_here) if analysis.start_here else None
    return Review(
        comparison=comparison,
        own=own_side,
        peer=peer_side,
        reviewers=_reviewers(notes, peer_side),
        dates=_dates(notes, peer_side),
        documents=list(notes.documents) if notes else [],
        people=list(notes.people) if notes else [],
        summary=summary or _summary(comparison, analysis, agreed, len(higher), len(lower)),
        summary_drafted=not summary,
        notes_draft=bool(notes and notes.status == "draft"),
        start_here=start,
        start_reason=analysis.reason,
        sections=sections,
        peers_higher=higher,
        strengths=_strengths(notes, sections, higher, pairs),
        areas=_areas(analysis, own_card, pairs, notes, roadmap_stop),
        recommendations=_recommendations(notes, analysis, roadmap_stop),
        differences=differences[:TOP_DIFFERENCES],
        all_differences=differences,
        response=notes.response if notes else "",
        look_again=notes.look_again if notes else None,
        has_notes=notes is not None,
        peer_card=peer_card,
        own_card=own_card,
    )


def _sides(comparison: Comparison) -> tuple[Side, Side]:
    """The comparison's self-assessment side and its peer side, in that order."""
    if comparison.self_side == "a":
        return comparison.a, comparison.b
    return comparison.b, comparison.a


def _differences(comparison: Comparison, pairs: dict[str, Pair]) -> list[Pair]:
    """The questions whose answers differ, in the comparison's order (the largest first)."""
    diffs = [_pair_of(q, pairs) for q in comparison.questions]
    return [p for p in diffs if p is not None]


def _reviewers(notes: ReviewNotes | None, peer: Side) -> list[str]:
    """The reviewers the notes name, else the peer assessment's assessors."""
    return list(notes.reviewers if notes and notes.reviewers else peer.assessors)


def _dates(notes: ReviewNotes | None, peer: Side) -> list[dt.date]:
    """The dates the notes give, else the peer assessment's date (if it has one)."""
    if notes and notes.dates:
        return list(notes.dates)
    return [peer.date] if peer.date else []


def _strengths(
    notes: ReviewNotes | None,
    sections: list[SectionStrength],
    higher: list[Pair],
    pairs: dict[str, Pair],
) -> list[Strength]:
    """The peers' strengths from the notes, else those drafted from the data."""
    if notes and notes.strengths:
        return [_notes_strength(s, pairs) for s in notes.strengths]
    return _draft_strengths(sections, higher)


def _recommendations(
    notes: ReviewNotes | None, analysis: Analysis, roadmap_stop: Any
) -> list[Recommendation]:
    """The peers' recommendations from the notes, else those drafted from the gap analysis."""
    if notes and notes.recommendations:
        return _notes_recommendations(notes.recommendations, roadmap_stop)
    return _draft_recommendations(analysis)


def _pair_of(q: QuestionDiff, pairs: dict[str, Pair]) -> Pair | None:
    return pairs.get(q.id)


def _notes_strength(s: NotesStrength, pairs: dict[str, Pair]) -> Strength:
    return Strength(s.text, [pairs[i] for i in s.questions if i in pairs], False)


def draft_notes(review: Review) -> ReviewNotes:
    """A notes file for the peers to edit, drafted from ``review`` (built without notes)."""
    areas = [
        NotesArea(stop=a.stop.number, text=a.drafted, questions=[w.id for w in a.questions])
        for a in review.areas
        if a.drafted
    ]
    return ReviewNotes(
        locality=review.own.locality,
        status="draft",
        reviewers=review.reviewers,
        dates=review.dates,
        documents=[],
        people=[],
        summary=review.summary,
        strengths=[
            NotesStrength(text=s.text, questions=[p.id for p in s.pairs]) for s in review.strengths
        ],
        areas=areas,
        recommendations=[
            NotesRecommendation(
                id=r.id,
                text=r.text,
                stop=r.stop.number if r.stop else None,
                questions=r.questions,
                owner=r.owner,
            )
            for r in review.recommendations
        ],
    )
