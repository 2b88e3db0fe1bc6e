"""``clear trend --json``: the trend as :class:`~clear_cli.models.trend_output.TrendOutput`,
whose JSON Schema ``clear schema trend`` prints (described in docs/json.md)."""

from __future__ import annotations

from typing import Any

from clear_cli.core.trend import BankSeries, Moved, Series, StopSeries, Trend
from clear_cli.models.trend_output import (
    BankOut,
    Change,
    LeftOutItem,
    MovedOut,
    OverallOut,
    SectionOut,
    StopOut,
    TrendOutput,
)


def _change(s: Series | StopSeries) -> Change:
    return Change(since_previous=s.since_previous, since_first=s.since_first)


def _section(s: Series) -> SectionOut:
    return SectionOut(id=s.id, title=s.title, percents=s.percents, change=_change(s))


def _bank(b: BankSeries) -> BankOut:
    return BankOut(
        id=b.id,
        title=b.title,
        percents=b.percents,
        change=_change(b),
        sections=[_section(s) for s in b.sections],
    )


def _stop(s: StopSeries) -> StopOut:
    return StopOut(stop=s.stop, title=s.title, shortfalls=s.shortfalls, change=_change(s))


def _moved(m: Moved) -> MovedOut:
    return MovedOut(id=m.id, bank=m.latest.bank_id, from_=m.from_key, to=m.to_key, change=m.change)


def trend_output(t: Trend) -> TrendOutput:
    """The trend in the shape of ``clear trend --json``."""
    return TrendOutput(
        locality=t.locality,
        dates=[d.isoformat() for d in t.dates],
        overall=OverallOut(percents=t.overall.percents, change=_change(t.overall)),
        banks=[_bank(b) for b in t.banks],
        stops=[_stop(s) for s in t.stops],
        moved=[_moved(m) for m in t.moved],
        left_out=[
            LeftOutItem(bank=x.bank, question=x.question, message=x.message) for x in t.left_out
        ],
    )


def to_json(t: Trend) -> dict[str, Any]:
    """What ``clear trend --json`` prints, as a dict (keys in the printed order)."""
    return trend_output(t).model_dump(mode="json", by_alias=True)
