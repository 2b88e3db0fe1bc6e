"""The shape of ``clear banks --json``, as models: the source of ``schemas/banks.schema.json``.

The JSON itself is this model dumped (:mod:`clear_cli.outputs.json_out.banks_json`), so the
output and its schema cannot drift apart. Fields are declared in the order they are printed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, RootModel

from clear_cli.models.base import Closed


class BankListed(Closed):
    id: str = Field(description="The bank id, as commands take it")
    title: str
    version: str = Field(description="From the bank file, as text")
    group: Literal["core", "deep-dives"] = Field(description="The group that includes it")
    sections: int = Field(ge=1, description="How many sections the bank has")
    questions: int = Field(ge=1, description="How many questions the bank has")
    file: str = Field(description="The bank file, relative to the current folder when inside it")


class BanksOutput(RootModel[list[BankListed]]):
    """clear banks --json: one object per bundled bank, in the order ``clear banks`` shows."""
