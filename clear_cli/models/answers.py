"""An answers file: who assessed what, and the answer to each question."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from clear_cli.models.base import Identifier, Key, Strict, Text


class Answer(Strict):
    answer: Key | None = None
    evidence: str = ""
    note: str = ""

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
