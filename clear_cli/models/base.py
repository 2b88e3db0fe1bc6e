"""Shared model configuration: strict about unknown fields, tidy about whitespace; closed output
shapes."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema


class Strict(BaseModel):
    """Base for every file model: unknown fields are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Closed(BaseModel):
    """Base for every JSON output model: unknown keys are errors, so the schema made from the
    model is closed too, and a key added to an output without its model cannot be printed.
    Built on first use (``defer_build``), so a command that prints no JSON does not pay for it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


def key_text(value: Any) -> Any:
    """Option keys are text: ``3`` and ``"3"`` are the same key."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


Key = Annotated[
    str,
    BeforeValidator(key_text),
    Field(min_length=1),
    WithJsonSchema({"type": ["string", "number"], "description": 'Text; 3 and "3" are the same'}),
]
Text = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$", max_length=40)]


def _version_text(value: Any) -> Any:
    """A version must be written as text: ``2026.10`` as a number would read as 2026.1."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            'write the version as text in quotes, e.g. version: "2026.10" (as a number, '
            "2026.10 reads as 2026.1, so a new version could go unseen)"
        )
    return value


Version = Annotated[
    str,
    BeforeValidator(_version_text),
    Field(min_length=1, max_length=40),
    WithJsonSchema({"type": "string", "description": 'Text in quotes, e.g. "2026.1"'}),
]
#: Points and weights: ordinary numbers (no infinity or NaN, nothing absurdly large).
MAX_NUMBER = 1000.0
