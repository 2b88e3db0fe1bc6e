"""``clear report FILE --out PAPER.docx``: the board paper in Word.

The same two-page board summary as the HTML report first (scores, completeness, where to
start and why, the stops to work on first with their actions and leads, what is strong),
then on a new page the gap analysis by roadmap stop and the questions still to answer. Built
from the same :mod:`clear_cli.core.board` and :mod:`clear_cli.core.gaps` results.
"""

from __future__ import annotations

from typing import Any

from clear_cli.core.board import BoardAction, BoardStop, BoardSummary
from clear_cli.core.gaps import Analysis, StopAnalysis, WeakQuestion
from clear_cli.core.scoring import Scorecard, Total
from clear_cli.models import ScoringConfig
from clear_cli.outputs.docx.blocks_docx import add_blocks
from clear_cli.outputs.docx.document import new_document
from clear_cli.outputs.outfiles import Output, write_document
from clear_cli.outputs.review_blocks import Block, Heading, Items, PageBreak, Para, Table
from clear_cli.sources.answers import Assessment

METHOD = [
    "A question scores its option's points times its weight, out of the top option's points "
    "times its weight; not applicable leaves it out of both; unanswered scores 0 and stays in.",
    "Section, bank and overall percent = 100 x points / maximum; bands from the scoring "
    "thresholds.",
    "Completeness = questions answered (not applicable counts) / all questions; below 80% the "
    "scores are provisional.",
    "A question's gap = weight x how far its answer is below its target. A stop's shortfall = "
    "the share of what its answered questions could reach that is still missing (in full at a "
    "question's main stop, by half at its others).",
    "Where to start: the lowest-numbered foundation stop (1-6) missing half or more of what it "
    "could reach, else the stop with the largest shortfall.",
]


def _pct(t: Total) -> str:
    return "n/a" if t.max == 0 else f"{t.percent:.0f}%"


def _band(t: Total, scoring: ScoringConfig) -> str:
    if t.max == 0:
        return "n/a"
    return next((b.label for b in scoring.bands if b.name == t.band), t.band)


def _weak_row(w: WeakQuestion) -> list[str]:
    now = w.current.label if w.current else "unanswered"
    step = w.action or w.target.description
    return [w.id, w.score.question.text, now, w.target.label, step, "; ".join(w.leads)]


WEAK_HEADER = ["ID", "Question", "Now", "Target", "Next step", "Could lead"]
WEAK_WIDTHS = [1.3, 4.6, 1.9, 1.9, 4.6, 2.7]


def report_blocks(
    assessment: Assessment,
    card: Scorecard,
    analysis: Analysis,
    board: BoardSummary,
    since: str = "",
) -> list[Block]:
    return [
        *_cover(assessment),
        Heading(1, "Board summary"),
        *_scores(card, assessment.catalogue.scoring, since),
        *_completeness(card, analysis),
        *_where_to_start(analysis, board),
        *_what_is_strong(board),
        PageBreak(),
        Heading(1, "Gap analysis by roadmap stop"),
        Para([analysis.reason]),
        *[b for a in analysis.stops for b in _stop_gap(a, analysis.start_here)],
        *_outcomes(analysis),
        Heading(1, "Still to answer"),
        _still_to_answer(analysis),
        Heading(1, "How the numbers are calculated"),
        Items([[m] for m in METHOD]),
    ]


def _cover(assessment: Assessment) -> list[Block]:
    meta = assessment.meta
    kind = "self-assessment" if meta.assessment == "self" else "peer assessment"
    when = meta.date.strftime("%-d %B %Y") if meta.date else "undated"
    who = "; ".join(meta.assessors) or "assessors not named"
    return [
        Heading(0, f"CLeaR {kind}: {meta.locality}"),
        Para([f"Assessment of {when}, by {who}."], "muted"),
    ]


def _scores(card: Scorecard, scoring: ScoringConfig, since: str) -> list[Block]:
    rows = [[b.title, _pct(b.total), _band(b.total, scoring)] for b in card.banks]
    rows.append(["Overall", _pct(card.overall), _band(card.overall, scoring)])
    out: list[Block] = [
        Table("Scores, overall and by bank", ["Bank", "Score", "Band"], rows, {1}, [10.0, 3.0, 4.0])
    ]
    if since:
        out.append(Para([("bold", "Since last time: "), since]))
    return out


def _completeness(card: Scorecard, analysis: Analysis) -> list[Block]:
    done = card.completeness
    out: list[Block] = [
        Para(
            [
                ("bold", "Completeness: "),
                f"{done.answered} of {done.questions} questions answered ({done.percent:.0f}%; "
                "not applicable counts as answered).",
            ]
        )
    ]
    if done.provisional:
        out.append(
            Para(
                [
                    ("bold", "Provisional: "),
                    "fewer than 80% of the questions are answered, so these scores and the "
                    f"ranking of stops are provisional. {len(analysis.still_to_answer)} "
                    "questions are still to answer.",
                ],
                "draft",
            )
        )
    return out


def _where_to_start(analysis: Analysis, board: BoardSummary) -> list[Block]:
    start = next((s.stop for s in analysis.stops if s.stop.number == analysis.start_here), None)
    title = f"Where to start: stop {start.number}, {start.title}" if start else "Where to start"
    out: list[Block] = [Heading(2, title), Para([board.sentence])]
    if board.stops:
        out.append(Heading(2, "The stops to work on first"))
        for b in board.stops:
            out += _board_stop(b, analysis.start_here)
    return out


def _start_tag(number: int, start_here: int | None) -> str:
    return " (start here)" if number == start_here else ""


def _board_stop(b: BoardStop, start_here: int | None) -> list[Block]:
    return [
        Heading(3, f"Stop {b.stop.number}: {b.stop.title}{_start_tag(b.stop.number, start_here)}"),
        Para(
            [
                f"Missing {b.analysis.gap.shortfall:.0f}% of what it could reach, from "
                f"{b.analysis.gap.answered} answered questions; these actions would "
                f"close {b.closes:.0f}% of its gap:"
            ],
            "muted",
        ),
        Items([_action_item(a) for a in b.actions]),
    ]


def _action_item(a: BoardAction) -> list[Any]:
    leads = a.question.leads
    lead = "could lead: " + "; ".join(leads) if leads else "lead to agree"
    return [a.text, ("italic", f" ({a.question.id}; {lead})")]


def _what_is_strong(board: BoardSummary) -> list[Block]:
    s = board.strengths
    strong: list[list[Any]] = []
    if s.banks:
        strong.append([", ".join(f"{b.title} ({_pct(b.total)})" for b in s.banks)])
    if s.sections:
        strong.append([", ".join(f"{sec.title} ({_pct(sec.total)})" for _, sec in s.sections)])
    if s.stops:
        strong.append(
            [
                "Roadmap stops with no gap: "
                + ", ".join(f"stop {x.number} ({x.title})" for x in s.stops)
            ]
        )
    return [
        Heading(2, "What is strong"),
        Items(strong) if strong else Para(["No bank or section is in the top band yet."]),
    ]


def _stop_gap(a: StopAnalysis, start_here: int | None) -> list[Block]:
    few = "" if a.gap.ranked else " Rests on few answers."
    out: list[Block] = [
        Heading(2, f"Stop {a.stop.number}: {a.stop.title}{_start_tag(a.stop.number, start_here)}"),
        Para(
            [f"Shortfall {a.gap.shortfall:.0f}%, from {a.gap.answered} answered questions.{few}"],
            "muted",
        ),
        Para([a.stop.summary]),
    ]
    if a.questions:
        out.append(
            Table(
                f"Stop {a.stop.number}: questions below their target",
                WEAK_HEADER,
                [_weak_row(w) for w in a.questions],
                widths=WEAK_WIDTHS,
            )
        )
    if a.elsewhere:
        out.append(Para([f"Also counted here: {', '.join(a.elsewhere)}."], "muted"))
    return out


def _outcomes(analysis: Analysis) -> list[Block]:
    if not analysis.outcomes:
        return []
    return [
        Heading(2, "Outcomes: results below their target that point to no stop"),
        Table(
            "Outcomes below their target",
            WEAK_HEADER,
            [_weak_row(w) for w in analysis.outcomes],
            widths=WEAK_WIDTHS,
        ),
    ]


def _still_to_answer(analysis: Analysis) -> Block:
    if not analysis.still_to_answer:
        return Para(["Every question is answered."])
    return Table(
        "Questions still to answer",
        ["ID", "Question"],
        [[q.id, q.question.text] for q in analysis.still_to_answer],
        widths=[1.6, 15.4],
    )


def write_report_docx(
    assessment: Assessment,
    card: Scorecard,
    analysis: Analysis,
    board: BoardSummary,
    output: Output,
    *,
    since: str = "",
) -> str:
    meta = assessment.meta
    doc = new_document(
        title=f"CLeaR board report: {meta.locality}",
        author="; ".join(meta.assessors) or meta.locality,
        subject="CLeaR self-assessment: board summary and gap analysis",
    )
    add_blocks(doc, report_blocks(assessment, card, analysis, board, since))
    return write_document(output, doc)
