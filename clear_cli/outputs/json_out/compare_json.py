"""``clear compare --json``: the comparison as :class:`~clear_cli.models.compare_output.
CompareOutput`, whose JSON Schema ``clear schema compare`` prints (described in docs/json.md).

Percents are rounded to 2 decimals, as in ``clear score --json``; every difference is b - a.
The core keeps some of its words as plain text (the kind, a side, a reason); ``cast`` only tells
the type checker so, and the model checks each value when it is built.
"""

from __future__ import annotations

from typing import Any, cast

from clear_cli.core.compare import BankRow, Comparison, QuestionDiff, Row, Side, answer_label
from clear_cli.models.compare_output import (
    AssessmentKind,
    BankRowOut,
    CompareOutput,
    Kind,
    LeftOutOut,
    OneSidedOut,
    PeerReviewOut,
    QuestionOut,
    Reason,
    RowOut,
    SideName,
    SideOut,
    StopDiffOut,
)


def _side(s: Side) -> SideOut:
    return SideOut(
        locality=s.locality,
        assessment=cast(AssessmentKind, s.assessment),
        date=s.date.isoformat() if s.date else None,
        label=s.label,
        assessors=s.assessors,
        source=s.source,
        notes=s.notes,
        completeness=round(s.completeness, 2),
        provisional=s.provisional,
    )


def _row(r: Row) -> dict[str, Any]:
    """The figures every row has (overall, a bank, a section)."""
    return {
        "id": r.id,
        "title": r.title,
        "a_percent": r.a_percent,
        "b_percent": r.b_percent,
        "difference": r.difference,
        "a_points": r.a_points,
        "a_max": r.a_max,
        "b_points": r.b_points,
        "b_max": r.b_max,
    }


def _bank(b: BankRow) -> BankRowOut:
    return BankRowOut(
        **_row(b),
        a_version=b.a_version,
        b_version=b.b_version,
        compared=b.compared,
        sections=[RowOut(**_row(s)) for s in b.sections],
    )


def _question(q: QuestionDiff) -> dict[str, Any]:
    """What a question answered differently and a one-sided answer both have."""
    return {
        "id": q.id,
        "a_answer": q.a_answer,
        "b_answer": q.b_answer,
        "a_points": q.a_points,
        "b_points": q.b_points,
        "difference": q.difference,
        "a_level": q.a_level,
        "b_level": q.b_level,
        "level_difference": q.level_difference,
        "bank": q.a.bank_id,
        "section": q.a.section_id,
        "text": q.a.question.text,
        "a_label": answer_label(q.a),
        "b_label": answer_label(q.b),
        "a_evidence": q.a.response.evidence,
        "b_evidence": q.b.response.evidence,
        "a_note": q.a.response.note,
        "b_note": q.b.response.note,
    }


def _peer_review(c: Comparison) -> PeerReviewOut | None:
    if c.self_side is None:
        return None
    return PeerReviewOut(
        self=cast(SideName, c.self_side),
        self_higher=[q.id for q in c.self_higher],
        self_lower=[q.id for q in c.self_lower],
        not_applicable_on_one_side=[q.id for q in c.not_applicable_on_one_side],
        compared=c.compared,
    )


def compare_output(c: Comparison) -> CompareOutput:
    """The comparison in the shape of ``clear compare --json``."""
    return CompareOutput(
        kind=cast(Kind, c.kind),
        a=_side(c.a),
        b=_side(c.b),
        overall=RowOut(**_row(c.overall)),
        banks=[_bank(b) for b in c.banks],
        answered_differently=len(c.questions),
        top=c.top,
        questions=[QuestionOut(**_question(q)) for q in c.listed],
        one_sided=[
            OneSidedOut(**_question(q), answered_by=cast(SideName | None, q.answered_by))
            for q in c.one_sided
        ],
        stops=[
            StopDiffOut(
                stop=s.stop,
                title=s.title,
                a_shortfall=round(s.a_shortfall, 2),
                b_shortfall=round(s.b_shortfall, 2),
                difference=round(s.difference, 2),
                a_ranked=s.a_ranked,
                b_ranked=s.b_ranked,
                questions=s.questions,
            )
            for s in c.stops
        ],
        left_out=[
            LeftOutOut(
                bank=x.bank,
                question=x.question,
                reason=cast(Reason, x.reason),
                message=x.message,
            )
            for x in c.left_out
        ],
        peer_review=_peer_review(c),
    )


def to_json(c: Comparison) -> dict[str, Any]:
    """What ``clear compare --json`` prints, as a dict (keys in the printed order);
    ``peer_review`` only in a peer review."""
    out = compare_output(c)
    leave_out = {"peer_review"} if out.peer_review is None else None
    return out.model_dump(mode="json", exclude=leave_out)
