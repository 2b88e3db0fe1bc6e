"""The shape of ``clear trend --json``, as models: the source of ``schemas/trend.schema.json``.

The JSON itself is built by :func:`clear_cli.outputs.json_out.trend_json.to_json`; a test
validates real output against the schema made from these models, so the two cannot drift apart.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(_Closed):
    since_previous: float | None = Field(
        description="Latest minus the one before, in percentage points; null if either is null"
    )
    since_first: float | None = Field(
        description="Latest minus the first, in percentage points; null if either is null"
    )


class OverallOut(_Closed):
    percents: list[float | None] = Field(
        description="Percent at each date, in the order of `dates`, 2 decimals; null where "
        "nothing scores (every question not applicable)"
    )
    change: Change


class SectionOut(OverallOut):
    id: str
    title: str


class BankOut(SectionOut):
    sections: list[SectionOut]


class StopOut(_Closed):
    stop: int = Field(ge=1, le=12, description="Roadmap stop number")
    title: str
    shortfalls: list[float] = Field(
        description="Shortfall (0-100) at each date, in the order of `dates`; 0 with no gap"
    )
    change: Change


class MovedOut(_Closed):
    id: str = Field(description="Question id")
    bank: str = Field(description="Bank id")
    from_: str = Field(alias="from", description="Option key in the first assessment")
    to: str = Field(description="Option key in the latest assessment")
    change: float = Field(description="Weighted points, latest minus first")


class LeftOutItem(_Closed):
    bank: str = Field(description="Bank id")
    question: str | None = Field(description="Question id, or null when the whole bank is left out")
    message: str = Field(description="Why it is left out")


class TrendOutput(_Closed):
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
