"""Read YAML (or JSON) keeping where every value came from.

PyYAML builds plain Python objects and forgets positions. Here we compose the node
tree once, check it (no aliases, bounded depth and size, ordinary numbers), construct
the data from it, and keep a map from each value's path
(``("sections", 0, "questions", 2, "stops")``) to its line and column, so that any
later check, pydantic's or our own, can point the user at the exact place.

Files come from strangers: a few hundred bytes of aliases (a "billion laughs") would
otherwise expand to gigabytes, and deep nesting or a 5,000-digit number would crash.
Every such file is refused with a located message instead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.sources.inputs import read_bytes

PathT = tuple[str | int, ...]

#: Files larger than this are refused before parsing: no bank or answers file comes near it.
MAX_BYTES = 5 * 1024 * 1024
#: Nesting deeper than this is refused: a bank nests about eight levels.
MAX_DEPTH = 64
#: Keys and values in one file: a 10,000-question bank has about 250,000.
MAX_NODES = 600_000
#: Texts longer than this are first counted (cheaply) before nodes are built for them.
PRESCAN_CHARS = 256 * 1024
#: Digits in a whole number: no count, points or weight comes near it.
MAX_DIGITS = 30

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
#: Characters YAML does not allow in a file (C0 controls but tab and line ends, and the like).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
    raw = read_bytes(path, MAX_BYTES)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError.one(
            shown,
            "is not UTF-8 text (bad byte at "
            f"{_line_col(raw.decode('utf-8', errors='replace'), _chars_before(raw, exc.start))}); "
            "is it a binary file, or saved in another encoding?",
        ) from None


def _chars_before(raw: bytes, byte: int) -> int:
    return len(raw[:byte].decode("utf-8", errors="replace"))


def _line_col(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"line {line}, column {index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def load(path: Path) -> Located:
    """Parse a YAML or JSON file (JSON is YAML) with positions."""
    text = read_text(path)
    return parse(text, display_path(path))


def describe_char(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character a person cannot see, named."""
    name = unicodedata.name(ch, "")
    if not name and ord(ch) < 32:
        name = {0: "NUL", 9: "TAB", 27: "ESCAPE"}.get(ord(ch), "CONTROL CHARACTER")
    return f"U+{ord(ch):04X} {name}".rstrip()


def _forbidden(text: str, shown: str) -> None:
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return
    i = bad.start()
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    hint = " (the file looks like UTF-16: save it as UTF-8)" if bad.group() == "\x00" else ""
    raise UserError(
        [
            Problem(
                shown,
                f"{line}:{col}",
                f"contains {describe_char(bad.group())}, "
                f"a control character YAML does not allow{hint}",
            )
        ]
    )


def parse(text: str, shown: str) -> Located:
    _forbidden(text, shown)
    if len(text) > PRESCAN_CHARS:
        _count(text, shown)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise UserError.one(shown, "the file is empty", "1:1")
        problems: list[Problem] = []
        marks, key_marks = _check(node, shown, problems)
        if problems:
            raise UserError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "not valid YAML"
        raise UserError([Problem(shown, place, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        what = getattr(exc, "reason", "") or "not valid YAML"
        raise UserError.one(shown, f"YAML error: {what}") from None
    finally:
        loader.dispose()
    return Located(shown, data, marks, key_marks)


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _count(text: str, shown: str) -> None:
    """Refuse a long text with too many values before building a node for each one."""
    loader = _Loader(text)
    n = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            n += 1
            if n > MAX_NODES:
                raise UserError.one(
                    shown,
                    f"has more than {MAX_NODES:,} keys and values; no bank or answers file "
                    "comes near that, so it is refused",
                    _pos(event.start_mark),
                )
    except yaml.YAMLError:
        return  # parse() reports it, with its place
    finally:
        loader.dispose()


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of every scalar the YAML scanner finds, in order."""
    loader = _Loader(text)
    try:
        spans = []
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
        return spans
    finally:
        loader.dispose()


def _pos(mark: Any) -> str:
    return f"{mark.line + 1}:{mark.column + 1}"


def _check(
    root: yaml.Node, file: str, problems: list[Problem]
) -> tuple[dict[PathT, tuple[int, int]], dict[PathT, tuple[int, int]]]:
    """Positions of every value and key, visiting each node once (no recursion).

    A node met twice is an alias (``*name``), or a mapping that contains itself: refused,
    so nothing is expanded. Duplicate keys, nesting too deep, too many values, and
    numbers that are too long or not finite are problems, each at its place.
    """
    marks: dict[PathT, tuple[int, int]] = {}
    key_marks: dict[PathT, tuple[int, int]] = {}
    seen: set[int] = set()
    todo: list[tuple[yaml.Node, PathT, tuple[int, int] | None]] = [(root, (), None)]
    while todo:
        node, path, key_at = todo.pop()
        where = key_at or _at(node.start_mark)
        if id(node) in seen:
            line = node.start_mark.line + 1
            problems.append(
                Problem(
                    file,
                    f"{where[0]}:{where[1]}",
                    f"an alias (*) of the value on line {line}: anchors (&) and aliases (*) "
                    "are not accepted, so that a small file cannot expand without bound; "
                    "write the value out in full",
                )
            )
            continue
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            problems.append(
                Problem(
                    file,
                    f"{where[0]}:{where[1]}",
                    f"has more than {MAX_NODES:,} values; "
                    "no bank or answers file comes near that, so it is refused",
                )
            )
            return marks, key_marks
        if len(path) > MAX_DEPTH:
            problems.append(
                Problem(
                    file,
                    f"{where[0]}:{where[1]}",
                    f"nested more than {MAX_DEPTH} levels "
                    "deep; no bank or answers file comes near that, so it is refused",
                )
            )
            return marks, key_marks
        marks[path] = _at(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            _check_number(node, file, problems)
        elif isinstance(node, yaml.MappingNode):
            firsts: dict[Any, int] = {}
            children = []
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key: Any = _key(key_node)
                else:
                    problems.append(
                        Problem(
                            file,
                            _pos(key_node.start_mark),
                            "a key that is a list or mapping: keys must be plain text",
                        )
                    )
                    continue
                if key in firsts:
                    problems.append(
                        Problem(
                            file,
                            _pos(key_node.start_mark),
                            f"'{key}' appears twice in the same mapping (first on line "
                            f"{firsts[key]}); the second would silently replace the first",
                        )
                    )
                firsts[key] = key_node.start_mark.line + 1
                child = (*path, key)
                key_marks[child] = _at(key_node.start_mark)
                children.append((value_node, child, key_marks[child]))
            todo.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            # An alias in a list is reported at the list: the alias itself has no node.
            inside = (node.start_mark.line + 1, node.start_mark.column + 1)
            todo.extend(
                (item, (*path, i), inside if id(item) in seen else None)
                for i, item in reversed(list(enumerate(node.value)))
            )
    return marks, key_marks


def _key(node: yaml.ScalarNode) -> Any:
    """A key as the constructed data has it (``7`` a number, ``~`` None), to find it again."""
    if node.tag == _INT and len(node.value) <= MAX_DIGITS:
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in {"true", "yes", "on", "y"}
    return node.value


def _check_number(node: yaml.ScalarNode, file: str, problems: list[Problem]) -> None:
    """Whole numbers too long to be meant, and infinities or NaN, at their place."""
    where = _pos(node.start_mark)
    value = node.value
    if node.tag == _INT and sum(ch.isdigit() for ch in value) > MAX_DIGITS:
        digits = sum(ch.isdigit() for ch in value)
        problems.append(
            Problem(
                file,
                where,
                f"a number {digits:,} digits long; no value in clear's "
                "files needs more than a few digits",
            )
        )
    elif node.tag == _FLOAT:
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            lowered = value.lower().lstrip("+-")
            number = math.inf if lowered == ".inf" else math.nan if lowered == ".nan" else 0.0
        if not math.isfinite(number):
            shown = value if len(value) <= 20 else value[:20] + "..."
            problems.append(
                Problem(
                    file,
                    where,
                    f"'{shown}' is not a finite number: give an ordinary "
                    "number (or put it in quotes if it is text)",
                )
            )
