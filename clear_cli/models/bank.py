"""A question bank: scales of options, sections of questions.

Checks that need only one bank live here (model validators); checks across
banks and against the roadmap live in :mod:`clear_cli.sources.catalogue`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from clear_cli.common.text import normalise
from clear_cli.models.base import MAX_NUMBER, Identifier, Key, Strict, Text, Version


class Option(Strict):
    """One level of a scale."""

    key: Key
    label: Text
    points: float = Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)
    description: Text
    # When this option is the answer, these stops replace the question's own (for example
    # a Results "No local figure" points to stop 12, "No local target" to stop 6).
    stops: list[int] | None = Field(default=None, max_length=3)


class Scale(Strict):
    """An ordered list of options, lowest first; optionally with its own target."""

    options: list[Option] = Field(min_length=2)
    target: Key | None = None
    description: str = ""
    # What ``clear results fill`` judges on this scale: England, similar areas or the recent
    # trend. Left out, it is read from the option keys (see docs/bank-format.md).
    judges: Literal["england", "similar", "trend"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, data: Any) -> Any:
        # A scale may be written as a bare list of options.
        if isinstance(data, list):
            return {"options": data}
        return data

    @property
    def top(self) -> Option:
        return max(self.options, key=lambda o: o.points)

    def option(self, key: str) -> Option | None:
        for opt in self.options:
            if opt.key == key:
                return opt
        return None

    def match(self, text: str) -> Option | None:
        """The option whose key or label is ``text``, ignoring case and surrounding spaces."""
        wanted = normalise(text)
        for opt in self.options:
            if opt.key.casefold() == wanted or normalise(opt.label) == wanted:
                return opt
        return None


class Indicator(Strict):
    """Where an outcome question's figure comes from.

    ``fingertips_id``, ``sex`` and ``age`` pick the rows of a Fingertips Smoking Profile
    download that answer the question; they are left out for a figure not on Fingertips.
    """

    name: Text
    fingertips_id: int | None = Field(default=None, ge=1)
    sex: Text | None = None
    age: Text | None = None
    # Which direction is better, for judgements ``clear results fill`` must compute itself
    # (a download's blank "Compared to England" or "Recent Trend"). Left out, the direction
    # is read from the download's own judgements of other rows where it can be.
    polarity: Literal["low_is_good", "high_is_good"] | None = None


class Question(Strict):
    """One question: what is asked, what good evidence looks like, where it leads."""

    id: Identifier
    text: Text
    guidance: Text
    # Primary stop first, at most two secondary ones; empty for an outcome question that
    # reaches stops only through its answer's option.
    stops: list[int] = Field(max_length=3)
    references: list[Text] = Field(min_length=1)
    scale: Identifier | None = None
    weight: float = Field(default=1.0, gt=0, le=MAX_NUMBER, allow_inf_nan=False)
    na_allowed: bool = False
    leads: list[Identifier] = Field(default_factory=list)
    # The figure an outcome question is about: a mapping (see :class:`Indicator`); plain text
    # is still read, as a name only.
    indicator: Indicator | str = ""
    action: str = ""  # what to do to reach the target: one or two concrete sentences
    # What a peer reviewer would see when this is in place: the action plan's success
    # measure for this question (the target option's description when left out).
    success: str = ""
    # A deep-dive question that goes deeper than a core one names it here, and asks only
    # what the core question does not, so one item is never scored twice.
    expands: Identifier | None = None

    @property
    def indicator_name(self) -> str:
        """The name of the figure this question is about ("" when it names none)."""
        if isinstance(self.indicator, Indicator):
            return self.indicator.name
        return self.indicator


class Section(Strict):
    id: Identifier
    title: Text
    description: str = ""
    questions: list[Question]


class Bank(Strict):
    """A question bank file (``frameworks/*.yaml``, ``deep_dives/*.yaml`` or a locality's own)."""

    id: Identifier
    title: Text
    version: Version
    description: Text
    scales: dict[Identifier, Scale] = Field(min_length=1)
    default_scale: Identifier
    target: Key
    stakeholders: dict[Identifier, Text] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def scale_of(self, question: Question) -> Scale:
        return self.scales[question.scale or self.default_scale]

    def target_key(self, question: Question) -> str:
        """The bank's own target for a question: the scale's target, else the bank's."""
        return self.scale_of(question).target or self.target
