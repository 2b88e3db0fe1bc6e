"""The headline figures a board reads beside the scores, from answers filled from data.

For each figure the answers carry a ``data`` record for (one indicator, sex and age; in bank
order): the latest value with its 95% interval, England's value and the judgement, the recent
trend where a trend question was filled, and the source and period. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from clear_cli.models.answers import DataRecord
from clear_cli.sources.answers import Assessment


@dataclass(frozen=True)
class Figure:
    indicator: str
    period: str
    value: float | None
    lower_ci: float | None
    upper_ci: float | None
    england: float | None
    compared: str  # the judgement against England ("" when none was filled)
    trend: str  # the recent trend ("" when none was filled)
    source: str  # the download's file name

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "not published"
        ci = (
            f" ({self.lower_ci:.1f} to {self.upper_ci:.1f})"
            if self.lower_ci is not None and self.upper_ci is not None
            else ""
        )
        return f"{self.value:.1f}{ci}"

    @property
    def england_text(self) -> str:
        return f"{self.england:.1f}" if self.england is not None else ""


def headline_figures(assessment: Assessment) -> list[Figure]:
    """One figure per indicator (and sex and age) the answers carry data for."""
    records: dict[tuple[object, str, str], list[DataRecord]] = {}
    for bank in assessment.banks:
        for q in bank.questions:
            data = assessment.response(q).data
            if data is not None:
                records.setdefault((data.indicator_id or data.indicator, data.sex, data.age), [])
                records[(data.indicator_id or data.indicator, data.sex, data.age)].append(data)
    figures = []
    for found in records.values():
        england = next((d for d in found if d.comparator == "England"), None)
        trend = next((d for d in found if d.series), None)
        first = england or found[0]
        figures.append(
            Figure(
                indicator=first.indicator,
                period=first.period,
                value=first.value,
                lower_ci=first.lower_ci,
                upper_ci=first.upper_ci,
                england=england.comparator_value if england else None,
                compared=england.judgement if england else "",
                trend=trend.judgement if trend else "",
                source=first.source,
            )
        )
    return figures
