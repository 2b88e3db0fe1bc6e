"""Shared model configuration: strict about unknown fields, tidy about whitespace."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema


class Strict(BaseModel):
    """Base for every file model: unknown fields are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _key_text(value: Any) -> Any:
    """Option keys are text: ``3`` and ``"3"`` are the same key."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


Key = Annotated[
    str,
    BeforeValidator(_key_text),
    Field(min_length=1),
    WithJsonSchema({"type": ["string", "number"], "description": 'Text; 3 and "3" are the same'}),
]
Text = Annotated[str, Field(min_length=1)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$", max_length=40)]
