"""JSON Schemas of the files users write (as editors use them to validate YAML), and of
``clear score --json``, ``clear compare --json`` and ``clear trend --json`` (for scripts)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from clear_cli.models import AnswersFile, Bank
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
    "review-notes": "clear review --notes file",
}
_MODELS: dict[str, type[BaseModel]] = {
    "bank": Bank,
    "answers": AnswersFile,
    "score": ScoreOutput,
    "trend": TrendOutput,
    "compare": CompareOutput,
    "review-notes": ReviewNotes,
}

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
