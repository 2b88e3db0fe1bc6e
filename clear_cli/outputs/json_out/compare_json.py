"""``clear compare --json``: the shape described in docs/json.md, whose JSON Schema is made from
:mod:`clear_cli.models.compare_output` (``clear schema compare``).

Percents are rounded to 2 decimals, as in ``clear score --json``; every difference is b - a.
"""

from __future__ import annotations

from typing import Any

from clear_cli.core.compare import Comparison, QuestionDiff, Row, Side, answer_label


def _side(s: Side) -> dict[str, Any]:
    return {
        "locality": s.locality,
        "assessment": s.assessment,
        "date": s.date.isoformat() if s.date else None,
        "label": s.label,
        "assessors": s.assessors,
        "source": s.source,
        "notes": s.notes,
        "completeness": round(s.completeness, 2),
        "provisional": s.provisional,
    }


def _row(r: Row) -> dict[str, Any]:
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


def _question(q: QuestionDiff) -> dict[str, Any]:
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


def to_json(c: Comparison) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": c.kind,
        "a": _side(c.a),
        "b": _side(c.b),
        "overall": _row(c.overall),
        "banks": [
            {
                **_row(b),
                "a_version": b.a_version,
                "b_version": b.b_version,
                "compared": b.compared,
                "sections": [_row(s) for s in b.sections],
            }
            for b in c.banks
        ],
        "answered_differently": len(c.questions),
        "top": c.top,
        "questions": [_question(q) for q in c.listed],
        "one_sided": [{**_question(q), "answered_by": q.answered_by} for q in c.one_sided],
        "stops": [
            {
                "stop": s.stop,
                "title": s.title,
                "a_shortfall": round(s.a_shortfall, 2),
                "b_shortfall": round(s.b_shortfall, 2),
                "difference": round(s.difference, 2),
                "a_ranked": s.a_ranked,
                "b_ranked": s.b_ranked,
                "questions": s.questions,
            }
            for s in c.stops
        ],
        "left_out": [
            {"bank": x.bank, "question": x.question, "reason": x.reason, "message": x.message}
            for x in c.left_out
        ],
    }
    if c.self_side is not None:
        out["peer_review"] = {
            "self": c.self_side,
            "self_higher": [q.id for q in c.self_higher],
            "self_lower": [q.id for q in c.self_lower],
            "not_applicable_on_one_side": [q.id for q in c.not_applicable_on_one_side],
            "compared": c.compared,
        }
    return out
