"""JSON Schemas of the files users write (as editors use them to validate YAML), and of every
JSON output: ``clear banks``, ``score``, ``compare``, ``trend`` and ``combine --json`` (for
scripts). Each output is its model dumped, so it always matches its schema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from clear_cli.models import AnswersFile, Bank
from clear_cli.models.banks_output import BanksOutput
from clear_cli.models.combine_output import CombineOutput
from clear_cli.models.compare_output import CompareOutput
from clear_cli.models.review_notes import ReviewNotes
from clear_cli.models.score_output import ScoreOutput
from clear_cli.models.trend_output import TrendOutput

_TITLES = {
    "bank": "clear question bank",
    "answers": "clear answers file",
    "score": "clear score --json",
    "trend": "clear trend --json",
    "compare": "clear compare --json",
    "combine": "clear combine --json",
    "banks": "clear banks --json",
    "review-notes": "clear review --notes file",
}
_MODELS: dict[str, type[BaseModel]] = {
    "bank": Bank,
    "answers": AnswersFile,
    "score": ScoreOutput,
    "trend": TrendOutput,
    "compare": CompareOutput,
    "combine": CombineOutput,
    "banks": BanksOutput,
    "review-notes": ReviewNotes,
}
#: Every NAME ``clear schema NAME`` takes, in the order its help lists them.
SCHEMAS = tuple(_MODELS)

# Models that also accept a shorter spelling in YAML (their "before" validators):
# a scale as a bare list of options, an answer as just its key or label.
_SHORTHANDS = {
    "Scale": {"type": "array", "items": {"$ref": "#/$defs/Option"}},
    "Answer": {"type": ["string", "number"]},
}


def json_schema(kind: str) -> dict[str, Any]:
    model = _MODELS[kind]
    out = model.model_json_schema()
    defs = out.get("$defs", {})
    for name, short in _SHORTHANDS.items():
        if name in defs:
            defs[name] = {"anyOf": [defs[name], short]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **out,
        "title": _TITLES[kind],
    }
