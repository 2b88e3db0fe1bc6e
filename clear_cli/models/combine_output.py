"""The shape of ``clear combine --json``, as models: the source of
``schemas/combine.schema.json``.

The JSON itself is this model dumped (:mod:`clear_cli.outputs.json_out.combine_json`), so the
output and its schema cannot drift apart. Fields are declared in the order they are printed.
"""

from __future__ import annotations

from pydantic import Field

from clear_cli.models.base import Closed


class DisputedOut(Closed):
    id: str = Field(description="Question id")
    answers: dict[str, str] = Field(
        description="Each input's answer by its file name: an option key, or 'na' for not "
        "applicable; inputs that left the question unanswered are not listed"
    )
    draft: str = Field(
        description="The answer written to the draft: the lower median of the levels given "
        "(an option key), or 'na' when every answer was not applicable"
    )


class CombineOutput(Closed):
    """clear combine FILE... --out F --json"""

    agreed: int = Field(
        ge=0, description="Questions every input that answered them answered the same way"
    )
    disputed: list[DisputedOut] = Field(
        description="The questions answered differently, furthest apart first"
    )
