"""A peer review team's notes (``clear review --notes REVIEW.yaml``): their own words.

``clear review SELF PEER --notes REVIEW.yaml --init`` drafts this file from the two
assessments; the peers edit it, and ``clear review ... --notes REVIEW.yaml --out`` puts their
words in the report. Every list item names the question ids it rests on, so a reader can find
the evidence. Ids and stops that do not exist are reported with their line and column
(:mod:`clear_cli.sources.review_notes`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from clear_cli.models.base import Identifier, Strict, Text

#: Enough for any real review; a longer list is a mistake (or a hostile file).
MAX_ITEMS = 500


class Strength(Strict):
    """What the peers found strong, and the questions whose evidence shows it."""

    text: Text
    questions: list[Identifier] = Field(default_factory=list, max_length=MAX_ITEMS)


class Area(Strict):
    """An area for improvement at one roadmap stop."""

    stop: int = Field(ge=1, le=99)
    text: Text
    questions: list[Identifier] = Field(default_factory=list, max_length=MAX_ITEMS)


class Recommendation(Strict):
    """One numbered recommendation: specific, tied to a stop and its questions, owned."""

    id: Identifier
    text: Text
    stop: int | None = Field(default=None, ge=1, le=99)
    questions: list[Identifier] = Field(default_factory=list, max_length=MAX_ITEMS)
    owner: str = ""


class ReviewNotes(Strict):
    """The notes file. Everything is optional but the locality: what is left out is drafted
    from the data in the report, and marked as a draft."""

    locality: Text
    status: Literal["draft", "final"] = "final"  # ``--init`` writes "draft"
    reviewers: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    dates: list[dt.date] = Field(default_factory=list, max_length=MAX_ITEMS)  # of the visit
    documents: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)  # documents read
    people: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)  # people met
    summary: str = ""
    strengths: list[Strength] = Field(default_factory=list, max_length=MAX_ITEMS)
    areas: list[Area] = Field(default_factory=list, max_length=MAX_ITEMS)
    recommendations: list[Recommendation] = Field(default_factory=list, max_length=MAX_ITEMS)
    response: str = ""  # the locality's response, when it has given one
    look_again: dt.date | None = None  # the date to look again
