"""Scoring bands: a percent maps to the first band whose ``below`` it is under."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from clear_cli.models.base import Identifier, Strict, Text


class Band(Strict):
    name: Identifier
    label: Text
    below: float | None = Field(default=None, gt=0, le=100.0001)
    colour: Text = Field(pattern=r"^#[0-9a-fA-F]{6}$")  # reports and workbooks
    # The terminal uses one of the 16 standard colours, which every terminal theme draws as
    # itself: a hex colour is approximated in 256-colour terminals, where red became brown.
    terminal: Literal["red", "yellow", "green", "blue", "magenta", "cyan", "white"] = "white"
    meaning: Text


class ScoringConfig(Strict):
    description: str = ""
    bands: list[Band] = Field(min_length=1)

    def band(self, percent: float) -> Band:
        for b in self.bands:
            if b.below is None or percent < b.below:
                return b
        return self.bands[-1]
