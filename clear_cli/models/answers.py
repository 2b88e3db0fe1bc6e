"""An answers file: who assessed what, and the answer to each question."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from clear_cli.models.base import Identifier, Key, Strict, Text

#: An ONS area code: a letter, then eight digits (E10000014 Northshire's county, E06000001...).
AREA_CODE = r"^[EWSNK][0-9]{8}$"
AreaCode = Annotated[str, Field(pattern=AREA_CODE)]
Number = Annotated[float, Field(allow_inf_nan=False)]


class DataPoint(Strict):
    """One period of a series a trend was judged on."""

    period: Text
    value: Number | None = None


class DataRecord(Strict):
    """Where an answer filled by ``clear results fill`` came from, so a reader can trace it."""

    source: Text  # the download's file name
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    indicator_id: int | None = None
    indicator: Text
    area_code: AreaCode
    sex: str = ""
    age: str = ""
    period: Text
    value: Number | None = None
    lower_ci: Number | None = None
    upper_ci: Number | None = None
    value_note: str = ""
    comparator: str = ""  # England, or the similar-areas group
    comparator_value: Number | None = None
    judgement: Text  # what the data says, in Fingertips' words ("Similar", "No significant change")
    method: Literal["file", "computed"] = "file"
    series: list[DataPoint] = Field(default_factory=list)  # the points a trend was judged on


class Answer(Strict):
    answer: Key | None = None
    evidence: str = ""
    note: str = ""
    data: DataRecord | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # ``L1.1: "3"`` is the same as ``L1.1: {answer: "3"}``.
        if isinstance(data, str | int | float) and not isinstance(data, bool):
            return {"answer": data}
        return data

    @field_validator("evidence", "note", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return "" if v is None else v

    @property
    def is_na(self) -> bool:
        return self.answer is not None and self.answer.strip().casefold() in NA_WORDS


NA_WORDS = frozenset({"na", "n/a", "not applicable"})


class AnswersFile(Strict):
    locality: Text
    assessment: Literal["self", "peer"] = "self"
    notes: str = ""  # about the assessment as a whole: scope, who took part, caveats
    assessors: list[Text] = Field(default_factory=list)
    date: dt.date | None = None
    area_code: AreaCode | None = None  # the ONS code of the area: the key analysts join on
    banks: list[Text] = Field(min_length=1)
    targets: dict[Identifier, Key] = Field(default_factory=dict)
    answers: dict[Identifier, Answer] = Field(default_factory=dict)
    #: clear's record in a JSON answers file it wrote (``clear combine --out X.json``), as
    #: HTML and YAML outputs carry it in a comment: JSON has none. Ignored when reading.
    written_by: str = Field(
        "",
        alias="_written_by",
        description="Written by clear: a record of the output (kind, inputs' digest, SHA-256) "
        "so the same command may replace it; leave it alone, or delete it",
    )

    @field_validator("answers", mode="before")
    @classmethod
    def _none_answers(cls, v: Any) -> Any:
        return {} if v is None else v

    @field_validator("targets", mode="before")
    @classmethod
    def _none_targets(cls, v: Any) -> Any:
        return {} if v is None else v
