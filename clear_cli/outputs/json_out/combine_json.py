"""``clear combine --json``: what was agreed and what is disputed, as
:class:`~clear_cli.models.combine_output.CombineOutput`, whose JSON Schema ``clear schema
combine`` prints (described in docs/json.md)."""

from __future__ import annotations

from typing import Any

from clear_cli.core.consensus import Consensus, Dispute, answer_key
from clear_cli.models.combine_output import CombineOutput, DisputedOut


def _disputed(d: Dispute) -> DisputedOut:
    return DisputedOut(
        id=d.question.id,
        answers={g.source.name: g.answer for g in d.given},
        draft=answer_key(d.draft),
    )


def combine_output(c: Consensus) -> CombineOutput:
    """The consensus in the shape of ``clear combine --json``."""
    return CombineOutput(agreed=c.agreed, disputed=[_disputed(d) for d in c.disputed])


def to_json(c: Consensus) -> dict[str, Any]:
    """What ``clear combine --json`` prints, as a dict (keys in the printed order)."""
    return combine_output(c).model_dump(mode="json")
