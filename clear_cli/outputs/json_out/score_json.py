"""``clear score --json``: the scorecard as :class:`~clear_cli.models.score_output.ScoreOutput`,
whose JSON Schema ``clear schema score`` prints (described in docs/json.md).

Percents, gaps and reaches are rounded to 2 decimals; points are as scored. Where nothing can
be scored (every question not applicable, so the maximum is 0) the percent and band are null,
rather than a 0% that would read as a red score.
"""

from __future__ import annotations

from typing import Any

from clear_cli.core.scoring import BankScore, Scorecard, SectionScore, StopGap, Total
from clear_cli.core.settings import ISSUE_STOP, SettingGap, by_setting
from clear_cli.models.score_output import (
    BankOut,
    Completeness,
    Overall,
    ScoreOutput,
    SectionOut,
    SettingOut,
    StopOut,
)


def _percent(t: Total) -> float | None:
    return round(t.percent, 2) if t.max > 0 else None


def _band(t: Total) -> str | None:
    return t.band if t.max > 0 else None


def _section(s: SectionScore) -> SectionOut:
    t = s.total
    return SectionOut(id=s.id, title=s.title, points=t.points, max=t.max, percent=_percent(t))


def _bank(b: BankScore) -> BankOut:
    t = b.total
    return BankOut(
        id=b.id,
        title=b.title,
        points=t.points,
        max=t.max,
        percent=_percent(t),
        band=_band(t),
        unanswered=b.unanswered,
        not_applicable=b.not_applicable,
        sections=[_section(s) for s in b.sections],
    )


def _setting(s: SettingGap) -> SettingOut:
    return SettingOut(
        bank=s.bank_id,
        section=s.section_id,
        title=s.title,
        gap=round(s.gap, 2),
        reach=round(s.reach, 2),
        shortfall=round(s.shortfall, 2),
        answered=s.answered,
        questions=s.questions,
    )


def _stop(g: StopGap, card: Scorecard) -> StopOut:
    settings = by_setting(card.banks) if g.stop == ISSUE_STOP else []
    return StopOut(
        stop=g.stop,
        title=g.title,
        gap=round(g.gap, 2),
        reach=round(g.reach, 2),
        shortfall=round(g.shortfall, 2),
        band=g.band,
        answered=g.answered,
        primary=g.primary,
        ranked=g.ranked,
        questions=[q.id for q in g.questions],
        settings=[_setting(s) for s in settings],
    )


def score_output(card: Scorecard) -> ScoreOutput:
    """The scorecard in the shape of ``clear score --json``."""
    o = card.overall
    return ScoreOutput(
        locality=card.locality,
        assessment=card.assessment,
        date=card.date.isoformat() if card.date else None,
        overall=Overall(points=o.points, max=o.max, percent=_percent(o), band=_band(o)),
        completeness=Completeness(
            answered=card.completeness.answered,
            questions=card.completeness.questions,
            percent=round(card.completeness.percent, 2),
            provisional=card.completeness.provisional,
        ),
        banks=[_bank(b) for b in card.banks],
        start_here=card.start_here,
        gaps=[_stop(g, card) for g in card.gaps],
    )


def to_json(card: Scorecard) -> dict[str, Any]:
    """What ``clear score --json`` prints, as a dict (keys in the printed order)."""
    return score_output(card).model_dump(mode="json")
