"""Readable placeholders in every command's help: ``BANK...``, ``FILE``, ``N``, ``self|peer``,
never typer's own ``{banks}... <list[str]>`` or ``<path>``.

A command may give its own ``metavar=``; every parameter without one gets one here, from its
name and type, when the command is built (:func:`clear_cli.cli.app.load_command`).
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from typer.core import TyperArgument

#: Argument names that read better as a word of their own than as the name in capitals.
ARGUMENT_WORDS = {"banks": "BANK", "names": "BANK", "files": "FILE", "file": "FILE"}


class ReadableArgument(TyperArgument):
    """An argument shown by its metavar alone: ``BANK...`` in the usage line and the list."""

    def display_type_rich(self, ctx: Any) -> str | None:  # no "<list[str]>" beside the name
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"


def _base(annotation: Any) -> Any:
    """``list[Path] | None`` -> ``Path``."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is list and args:
        return _base(args[0])
    if args and origin is not typing.Literal and len(args) == 1:
        return _base(args[0])
    return annotation


def _word(param: Any) -> str | None:
    """The placeholder a parameter's type and name suggest; None for a flag."""
    if getattr(param, "is_flag", False):
        return None
    desc = getattr(param, "type_descriptor", None)
    annotation = _base(desc.annotation) if desc is not None else None
    if desc is not None and desc.is_choice and desc.choices:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices)
    name = str(param.name or "value")
    if isinstance(param, TyperArgument) and name in ARGUMENT_WORDS:
        return ARGUMENT_WORDS[name]
    if annotation is Path or (desc is not None and desc.is_path):
        folder = "dir" in name or "folder" in name or name == "templates"
        return "FOLDER" if folder else "FILE"
    if annotation is int:
        return "N"
    if annotation is float:
        return "NUMBER"
    if isinstance(param, TyperArgument):
        return name.upper()
    return "TEXT"


def readable_metavars(command: Any) -> Any:
    """Give every parameter of ``command`` (and of its sub-commands) a readable metavar."""
    for sub in getattr(command, "commands", {}).values():
        readable_metavars(sub)
    for param in command.params:
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                name = _word(param) or "VALUE"
                param.metavar = f"{name}..." if param.nargs != 1 else name
            param.__class__ = ReadableArgument
        elif param.metavar is None:
            param.metavar = _word(param)
    return command
