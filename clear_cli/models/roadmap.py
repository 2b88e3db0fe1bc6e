"""The ASH Local Alliances Roadmap: 12 stops, each with what to do next."""

from __future__ import annotations

from pydantic import Field

from clear_cli.models.base import Strict, Text

#: The roadmap's stop numbers: the stops a question or an option may name.
STOP_NUMBERS = range(1, 13)


class Resource(Strict):
    title: Text
    url: str = ""
    note: str = ""


class Stop(Strict):
    number: int = Field(ge=STOP_NUMBERS[0], le=STOP_NUMBERS[-1])
    title: Text
    summary: Text
    actions: list[Text] = Field(min_length=3)
    resources: list[Resource] = Field(min_length=1)


class Roadmap(Strict):
    title: Text
    source: Text
    stops: list[Stop] = Field(min_length=12, max_length=12)

    def stop(self, number: int) -> Stop | None:
        for s in self.stops:
            if s.number == number:
                return s
        return None
