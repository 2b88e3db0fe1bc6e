"""The shape of ``clear score --json``, as models: the source of ``schemas/score.schema.json``.

The JSON itself is this model dumped (:mod:`clear_cli.outputs.json_out.score_json`), so the
output and its schema cannot drift apart. Fields are declared in the order they are printed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from clear_cli.models.base import Closed

Points = Annotated[float, Field(description="Points scored (weight x option points)")]
Max = Annotated[float, Field(description="Points available; not applicable questions left out")]
Percent = Annotated[
    float | None,
    Field(
        description="100 x points / max, 2 decimals; null when max is 0 (nothing to score: "
        "every question not applicable)"
    ),
]
Band = Annotated[
    str | None,
    Field(
        description="Band name from scoring.yaml: red, amber or green; null when percent is null"
    ),
]


class Overall(Closed):
    points: Points
    max: Max
    percent: Percent
    band: Band


class Completeness(Closed):
    answered: int = Field(description="Questions answered, not applicable included")
    questions: int = Field(description="Every question of the file's banks")
    percent: float = Field(description="100 x answered / questions, 2 decimals")
    provisional: bool = Field(description="True below 80%: the scores are provisional")


class SectionOut(Closed):
    id: str
    title: str
    points: Points
    max: Max
    percent: Percent


class BankOut(Closed):
    id: str
    title: str
    points: Points
    max: Max
    percent: Percent
    band: Band
    unanswered: list[str] = Field(description="Question ids still to answer")
    not_applicable: list[str] = Field(description="Question ids answered not applicable")
    sections: list[SectionOut]


class SettingOut(Closed):
    """Stop 11's gap in one setting: a deep dive, or a section of a core bank."""

    bank: str = Field(description="Bank id")
    section: str | None = Field(description="Section id in a core bank; null for a deep dive")
    title: str = Field(description="The deep dive's or the section's title")
    gap: float = Field(ge=0)
    reach: float = Field(ge=0)
    shortfall: float = Field(ge=0, le=100, description="100 x gap / reach in this setting")
    answered: int = Field(
        ge=0, description="Answered, applicable questions here with it as their primary stop"
    )
    questions: list[str] = Field(description="Ids with a gap here, largest share x gap first")


class StopOut(Closed):
    stop: int = Field(ge=1, le=12, description="Roadmap stop number")
    title: str
    gap: float = Field(ge=0, description="G: sum of share x gap of the questions reaching it")
    reach: float = Field(ge=0, description="R: the same at the lowest options (the most G can be)")
    shortfall: float = Field(ge=0, le=100, description="100 x G / R: the share missing")
    band: str = Field(description="The band of 100 - shortfall")
    answered: int = Field(ge=0, description="Answered, applicable questions reaching the stop")
    primary: int = Field(
        ge=0, description="Answered, applicable questions with it as their primary stop"
    )
    ranked: bool = Field(
        description="False when fewer than 3 answered questions have it as their primary stop"
    )
    questions: list[str] = Field(description="Ids with a gap here, largest share x gap first")
    settings: list[SettingOut] = Field(
        description="Stop 11 only (empty for the others): its gap by deep dive or core section"
    )


class ScoreOutput(Closed):
    """clear score FILE --json"""

    locality: str
    assessment: Literal["self", "peer"]
    date: str | None = Field(description="YYYY-MM-DD, or null")
    overall: Overall
    completeness: Completeness
    banks: list[BankOut]
    start_here: int | None = Field(
        ge=1, le=12, description="Where to start: a roadmap stop number, or null with no gaps"
    )
    gaps: list[StopOut] = Field(description="Stops with a gap above zero, in ranked order")
