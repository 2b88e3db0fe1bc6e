"""Read YAML (or JSON) keeping where every value came from.

PyYAML builds plain Python objects and forgets positions. Here we compose the node
tree once, construct the data from it, and keep a map from each value's path
(``("sections", 0, "questions", 2, "stops")``) to its line and column, so that any
later check, pydantic's or our own, can point the user at the exact place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clear_cli.errors import Problem, UserError, display_path

PathT = tuple[str | int, ...]

#: Files larger than this are refused before parsing: no bank or answers file comes near it.
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Located:
    """Data read from a file, with the position of every node in it."""

    file: str
    data: Any
    marks: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathT, tuple[int, int]] = field(default_factory=dict)

    def place(self, path: Sequence[str | int], *, key: bool = False) -> str:
        """``line:column`` (1-based) of the value at ``path``, or of the nearest parent.

        With ``key=True`` the position of the mapping key itself is preferred (used for
        unknown fields, where the key is the mistake).
        """
        p: PathT = tuple(path)
        if key and p in self.key_marks:
            line, col = self.key_marks[p]
            return f"{line}:{col}"
        while True:
            if p in self.marks:
                line, col = self.marks[p]
                return f"{line}:{col}"
            if not p:
                return "1:1"
            p = p[:-1]

    def problem(self, path: Sequence[str | int], message: str, *, key: bool = False) -> Problem:
        return Problem(self.file, self.place(path, key=key), message)


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster


class _Loader(_Base):  # type: ignore[misc]
    """SafeLoader that leaves dates as text (an answers file's date is parsed by pydantic)."""


# Keep timestamps as strings: pydantic turns them into dates and explains bad ones.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    """The text of a file, or a UserError that says plainly why it cannot be read."""
    shown = display_path(path)
    if not path.exists():
        raise UserError.one(shown, "file not found")
    if path.is_dir():
        raise UserError.one(shown, "is a folder, not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError.one(
            shown,
            f"file is {size // 1024} KiB; refusing files over {MAX_BYTES // 1024 // 1024} MiB",
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError.one(
            shown,
            f"is not UTF-8 text (byte {exc.start}); is it a binary "
            "file, or saved in another encoding?",
        ) from None
    except OSError as exc:
        raise UserError.one(shown, f"cannot be read: {exc.strerror}") from None


def load(path: Path) -> Located:
    """Parse a YAML or JSON file (JSON is YAML) with positions."""
    text = read_text(path)
    return parse(text, display_path(path))


def parse(text: str, shown: str) -> Located:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise UserError.one(shown, "the file is empty", "1:1")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "not valid YAML"
        raise UserError([Problem(shown, place, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise UserError.one(shown, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    located = Located(shown, data)
    problems: list[Problem] = []
    _walk(node, (), located, problems)
    if problems:
        raise UserError(problems)
    return located


def _walk(node: yaml.Node, path: PathT, out: Located, problems: list[Problem]) -> None:
    out.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key in seen:
                problems.append(
                    Problem(
                        out.file,
                        f"{key_node.start_mark.line + 1}:{key_node.start_mark.column + 1}",
                        f"'{key}' appears twice in the same mapping (first on line {seen[key]}); "
                        "the second would silently replace the first",
                    )
                )
            seen[key] = key_node.start_mark.line + 1
            child = (*path, key)
            out.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, child, out, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), out, problems)
