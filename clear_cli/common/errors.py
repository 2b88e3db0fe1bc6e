"""The one error type for problems a user can fix.

Every problem names a file and a place in it (``line:column`` for YAML and JSON,
``sheet 'X', B7`` for workbooks) so a user can go straight to it. Problems are
collected, not raised one at a time, so a user sees every mistake at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clear_cli.common.display import visible


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one place."""

    file: str
    place: str
    message: str

    def __str__(self) -> str:

        if not self.file:  # about the command line as a whole, not one file
            text = f"{self.place}: {self.message}" if self.place else self.message
        elif self.place and self.place[0].isdigit():
            text = f"{self.file}:{self.place}: {self.message}"
        elif self.place:
            text = f"{self.file}: {self.place}: {self.message}"
        else:
            text = f"{self.file}: {self.message}"
        return visible(text, one_line=True)


def display_path(path: str | Path) -> str:
    """A path as the user would recognise it: relative to the current folder when inside it."""
    p = Path(path)
    try:  # abspath, not resolve: a symlink is named as given, and a loop is no error
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd().resolve()))  # noqa: PTH100
    except (ValueError, OSError):
        return str(p)


class UserError(Exception):
    """One or more problems with the user's input; the CLI prints them and exits 2."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = _unique(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: str | Path, message: str, place: str = "") -> UserError:
        return cls([Problem(display_path(file) if file else "", place, message)])


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out: list[Problem] = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
