"""The shape of ``clear compare A B --json``, as models: the source of
``schemas/compare.schema.json``.

The JSON itself is this model dumped (:mod:`clear_cli.outputs.json_out.compare_json`), so the
output and its schema cannot drift apart. Fields are declared in the order they are printed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from clear_cli.models.base import Closed

Kind = Literal["peer-review", "localities", "same-locality"]
AssessmentKind = Literal["self", "peer"]
SideName = Literal["a", "b"]
Reason = Literal[
    "bank-only-in-a",
    "bank-only-in-b",
    "question-only-in-a",
    "question-only-in-b",
    "scale-differs",
]


class SideOut(Closed):
    locality: str
    assessment: AssessmentKind
    date: str | None = Field(description="YYYY-MM-DD, or null")
    label: str = Field(description="The short name the comparison uses: Self, Peers, a locality")
    assessors: list[str]
    source: str = Field(description="The file it was read from")
    notes: str = Field(description="About the assessment as a whole, from the file")
    completeness: float = Field(description="Percent of its questions answered (N/A counts)")
    provisional: bool = Field(description="True below 80% answered: its scores are provisional")


class RowOut(Closed):
    id: str
    title: str
    a_percent: float | None = Field(description="A's percent, 2 decimals; null if all N/A")
    b_percent: float | None = Field(description="B's percent, 2 decimals; null if all N/A")
    difference: float | None = Field(description="b_percent - a_percent, percentage points")
    a_points: float
    a_max: float
    b_points: float
    b_max: float


class BankRowOut(RowOut):
    a_version: str
    b_version: str
    compared: int = Field(description="Questions compared: in both versions, on the same scale")
    sections: list[RowOut]


Answer = str | None


class QuestionOut(Closed):
    id: str
    a_answer: Answer = Field(description="Option key, 'na', or null when unanswered")
    b_answer: Answer = Field(description="Option key, 'na', or null when unanswered")
    a_points: float | None = Field(
        description="Weighted points scored (0 when unanswered); null when not applicable"
    )
    b_points: float | None = Field(
        description="Weighted points scored (0 when unanswered); null when not applicable"
    )
    difference: float | None = Field(
        description="b_points - a_points; null unless both sides chose an option"
    )
    a_level: float | None = Field(
        description="The option's points on its scale (0-4), before weight; null if none"
    )
    b_level: float | None = Field(
        description="The option's points on its scale (0-4), before weight; null if none"
    )
    level_difference: float | None = Field(
        description="b_level - a_level; null unless both sides chose an option"
    )
    bank: str
    section: str
    text: str
    a_label: str = Field(description="Option label, 'Not applicable' or 'Unanswered'")
    b_label: str = Field(description="Option label, 'Not applicable' or 'Unanswered'")
    a_evidence: str
    b_evidence: str
    a_note: str
    b_note: str


class OneSidedOut(QuestionOut):
    answered_by: SideName | None = Field(
        description="The side that chose an option; null when one side said not applicable "
        "and the other left it unanswered"
    )


class StopDiffOut(Closed):
    stop: int = Field(ge=1, le=12)
    title: str
    a_shortfall: float = Field(ge=0, le=100)
    b_shortfall: float = Field(ge=0, le=100)
    difference: float = Field(description="b_shortfall - a_shortfall, percentage points")
    a_ranked: bool = Field(
        description="False where fewer than 3 answered questions have it as their primary stop"
    )
    b_ranked: bool
    questions: list[str] = Field(description="The ids behind the difference")


class LeftOutOut(Closed):
    bank: str
    question: str | None = Field(description="null when the whole bank is left out")
    reason: Reason
    message: str


class PeerReviewOut(Closed):
    self: SideName = Field(description="Which side is the self-assessment")
    self_higher: list[str] = Field(description="Ids the self-assessment rated higher")
    self_lower: list[str] = Field(description="Ids the self-assessment rated lower")
    not_applicable_on_one_side: list[str]
    compared: int


class CompareOutput(Closed):
    """clear compare A B --json"""

    kind: Kind
    a: SideOut
    b: SideOut
    overall: RowOut
    banks: list[BankRowOut]
    answered_differently: int = Field(
        description="How many questions both sides answered with different options"
    )
    top: int | None = Field(
        ge=1, description="--top N: only the N largest differences are in questions; or null"
    )
    questions: list[QuestionOut] = Field(
        description="Answered differently by the two sides, the largest difference first"
    )
    one_sided: list[OneSidedOut] = Field(
        description="Answered on one side only (unanswered or not applicable on the other)"
    )
    stops: list[StopDiffOut]
    left_out: list[LeftOutOut]
    peer_review: PeerReviewOut | None = Field(
        default=None, description="Only in a peer review (one locality, self and peer)"
    )
