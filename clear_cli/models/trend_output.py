"""The shape of ``clear trend --json``, as models: the source of ``schemas/trend.schema.json``.

The JSON itself is this model dumped (:mod:`clear_cli.outputs.json_out.trend_json`), so the
output and its schema cannot drift apart. Fields are declared in the order they are printed.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from clear_cli.models.base import Closed


class Change(Closed):
    since_previous: float | None = Field(
        description="Latest minus the one before, in percentage points; null if either is null"
    )
    since_first: float | None = Field(
        description="Latest minus the first, in percentage points; null if either is null"
    )


Percents = Annotated[
    list[float | None],
    Field(
        description="Percent at each date, in the order of `dates`, 2 decimals; null where "
        "nothing scores (every question not applicable)"
    ),
]


class OverallOut(Closed):
    percents: Percents
    change: Change


class SectionOut(Closed):
    id: str
    title: str
    percents: Percents
    change: Change


class BankOut(Closed):
    id: str
    title: str
    percents: Percents
    change: Change
    sections: list[SectionOut]


class StopOut(Closed):
    stop: int = Field(ge=1, le=12, description="Roadmap stop number")
    title: str
    shortfalls: list[float] = Field(
        description="Shortfall (0-100) at each date, in the order of `dates`; 0 with no gap"
    )
    change: Change


class MovedOut(Closed):
    # ``from`` is a Python keyword: the field is ``from_``, printed as ``from``.
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(description="Question id")
    bank: str = Field(description="Bank id")
    from_: str = Field(alias="from", description="Option key in the first assessment")
    to: str = Field(description="Option key in the latest assessment")
    change: float = Field(description="Weighted points, latest minus first")


class LeftOutItem(Closed):
    bank: str = Field(description="Bank id")
    question: str | None = Field(description="Question id, or null when the whole bank is left out")
    message: str = Field(description="Why it is left out")


class TrendOutput(Closed):
    """clear trend FILE... --json"""

    locality: str
    dates: list[str] = Field(description="YYYY-MM-DD of each assessment, earliest first")
    overall: OverallOut = Field(description="Over every question followed")
    banks: list[BankOut] = Field(description="Banks in every assessment")
    stops: list[StopOut] = Field(description="Stops reached at some date, by number")
    moved: list[MovedOut] = Field(
        description="Questions answered (not na) first and latest with another option: "
        "up (largest rise first), then level, then down (largest fall first)"
    )
    left_out: list[LeftOutItem] = Field(
        description="Banks and questions not in every assessment (or on other options)"
    )
