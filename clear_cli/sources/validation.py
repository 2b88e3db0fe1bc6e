"""Turn pydantic's validation errors into located, plain-English problems.

pydantic reports a path such as ``('sections', 0, 'questions', 2, 'function-after[...]',
'stops')``. We follow that path through the data actually read, dropping the parts that
are pydantic's own (union tags, validator names), so the problem lands on the line and
column of the offending node, and we rewrite the message from ``messages.yaml``.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from clear_cli.common.errors import Problem, UserError
from clear_cli.models.bank import RULE
from clear_cli.sources.yamlsrc import Located, PathT, describe_char

M = TypeVar("M", bound=BaseModel)


@functools.cache
def _messages() -> dict[str, Any]:
    text = (
        resources.files("clear_cli.sources").joinpath("messages.yaml").read_text(encoding="utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def validate(model: type[M], located: Located, *, at: PathT = ()) -> M:
    """Validate ``located.data`` (or the part at ``at``) as ``model``, or raise every problem."""
    data = located.data
    for part in at:
        data = data[part]
    if not at:
        _check_shape(model, located)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UserError(explain(exc, located, model, at=at)) from None


#: What each kind of file is called, for a file that is not one at all.
_WHAT = {
    "Bank": "a bank file",
    "AnswersFile": "an answers file",
    "ReviewNotes": "a review notes file",
}


def _check_shape(model: type[BaseModel], located: Located) -> None:
    """A file that is not this kind of file at all: say so by its shape, echoing nothing.

    The path may be anything (``/etc/passwd``): its content is not shown back.
    """
    what = _WHAT.get(model.__name__, "a file of this kind")
    data = located.data
    names = field_names(model)
    fields = ", ".join(n for n in names if not n.startswith("_"))  # not clear's own record
    if isinstance(data, dict):
        if data and not any(isinstance(k, str) and k in names for k in data):
            raise UserError(
                [
                    located.problem(
                        (),
                        f"is not {what}: it has none of the fields of one ({fields})",
                    )
                ]
            )
        return
    if isinstance(data, str):
        shape = f"plain text ({len(data):,} characters)"
    elif isinstance(data, list):
        shape = f"a list of {len(data):,} items"
    else:
        shape = "a single value"
    raise UserError(
        [
            located.problem(
                (),
                f"is not {what}, which is a mapping of 'name: value' lines "
                f"({fields}): this file holds {shape}",
            )
        ]
    )


def explain(
    exc: ValidationError, located: Located, model: type[BaseModel], *, at: PathT = ()
) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        path = _real_path(located.data, (*at, *err["loc"]))
        if err["type"] == RULE:
            problems.append(located.problem(path, _rule_message(err, located, at)))
            continue
        is_key = "[key]" in err["loc"] or err["type"] == "invalid_key"
        not_text = is_key and err["type"] in {"string_type", "invalid_key"}
        # Suggestions for an unknown field come from the model where it was written only.
        fields = (
            _fields_at(model, path[len(at) : -1]) if err["type"] == "extra_forbidden" else set()
        )
        message = _key_wording(err, path) if not_text else _wording(err, path, fields)
        context = _context(located.data, path)
        key = err["type"] in {"extra_forbidden"} or is_key
        problems.append(located.problem(path, f"{context}{message}", key=key))
    return sorted(problems, key=lambda p: line_col(p.place))


def _rule_message(err: Any, located: Located, at: PathT) -> str:
    """A model rule's own message (:data:`~clear_cli.models.bank.RULE`), with the file, line
    and column of the first of a repeated thing where it names one."""
    ctx = err["ctx"]
    message = str(ctx["message"])
    if "first" in ctx:
        first = _real_path(located.data, (*at, *ctx["first"]))
        message = message.replace("{first}", f"{located.file}:{located.place(first)}")
    return message


def line_col(place: str) -> tuple[int, int]:
    """``"12:5"`` -> (12, 5); (0, 0) for a place that is not a line and column."""
    try:
        line, col = place.split(":")
        return int(line), int(col)
    except ValueError:
        return (0, 0)


def _real_path(data: Any, loc: tuple[Any, ...]) -> PathT:
    """Follow ``loc`` through ``data``, skipping steps that are not in the data."""
    out: list[str | int] = []
    node = data
    for step in loc:
        if isinstance(node, dict) and step in node:
            out.append(step)
            node = node[step]
        elif (
            isinstance(node, dict)
            and isinstance(step, str)
            and step.isdigit()
            and int(step) in node
        ):
            out.append(int(step))
            node = node[int(step)]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            out.append(step)
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str) and not _internal(step):
            # A missing or unknown field: name it, though it has no node of its own.
            out.append(step)
            node = None
        # else: pydantic's own step (a union member, a validator): skip it
    return tuple(out)


def _internal(step: str) -> bool:
    return "[" in step or step in {"list", "dict", "str", "int", "float"}


def _field(path: PathT) -> str:
    for step in reversed(path):
        if isinstance(step, str):
            return step
    return "the file" if not path else "value"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{value}'"


def _key_wording(err: Any, path: PathT) -> str:
    """A key that is not text (``~: 3``, ``3: x``): the key is the problem, not its value."""
    value = err.get("input")
    parent = next((str(p) for p in reversed(path[:-1]) if isinstance(p, str)), "")
    where = f" in '{parent}'" if parent else ""
    if value is None:
        return f"an empty key{where} (~ or null): write the name before the ':'"
    shown = f"'{value}'" if isinstance(value, str) else str(value)
    return (
        f"the key {shown}{where} should be text: put it in quotes, or write a name "
        "such as a question ID"
    )


def invisible(text: str) -> str:
    """'; it contains U+200B ZERO WIDTH SPACE' for characters a reader may not see or tell apart."""

    odd = dict.fromkeys(ch for ch in text if not (ch.isascii() and ch.isprintable()))
    if not odd:
        return ""
    return "; it contains " + ", ".join(describe_char(ch) for ch in list(odd)[:3])


def _wording(err: Any, path: PathT, fields: set[str]) -> str:
    """pydantic's error in the words of ``messages.yaml``, naming the field and the value."""
    messages = _messages()
    kind = err["type"]
    field = _field(path)
    template = messages.get(kind)
    if template is None:
        return f"'{field}': {err['msg']}"
    value = err.get("input")
    ctx = _values(err, messages)
    text, hint = _shaped(str(template), kind, path, value, fields)
    shown_input = value if not isinstance(value, dict | list) else _kind(value)
    try:
        text = text.format(field=field, input=shown_input, kind=_kind(value), hint=hint, **ctx)
    except (KeyError, IndexError):
        return f"'{field}': {err['msg']}"
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        text += messages["colon_hint"]
    return text


def _values(err: Any, messages: dict[str, Any]) -> dict[str, Any]:
    """The error's context as the templates use it: numbers as written, the pattern and the
    expected values in words, a value error's own message."""
    ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in (err.get("ctx") or {}).items()}
    if err["type"] == "value_error":
        ctx["error"] = str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    if "pattern" in ctx:
        ctx["pattern_words"] = messages["patterns"].get(ctx["pattern"], f"pattern {ctx['pattern']}")
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace("'", "")
    return ctx


def _shaped(template: str, kind: str, path: PathT, value: Any, fields: set[str]) -> tuple[str, str]:
    """The template fitted to where the error is, and the hint to add: the field meant by an
    unknown one, the invisible characters in a value not matching its pattern."""
    field = _field(path)
    hint = ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field, sorted(fields), n=1, cutoff=0.6)
        hint = f": did you mean '{close[0]}'?" if close else ""
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        hint = invisible(value)
        template += "{hint}"
    if path and isinstance(path[-1], int) and field != "the file":
        template = template.replace("'{field}'", f"item {path[-1] + 1} of '{{field}}'", 1)
    if field == "the file":
        template = template.replace("'{field}'", "{field}")
    return template, hint


def _context(data: Any, path: PathT) -> str:
    """'question C1.2: ' for problems inside a question (or section, option...) with an id."""
    node = data
    label = ""
    for i, step in enumerate(path):
        if isinstance(node, dict) and i > 0:
            parent = str(path[i - 2]) if i >= 2 else ""
            if isinstance(node.get("id"), str | int):
                what = {"questions": "question", "sections": "section"}.get(parent, "")
                label = f"{what} '{node['id']}': " if what else f"'{node['id']}': "
            elif isinstance(node.get("key"), str | int):
                label = f"option '{node['key']}': "
            elif isinstance(node.get("number"), int):
                label = f"stop {node['number']}: "
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return label


def _fields_at(model: type[BaseModel], path: PathT) -> set[str]:
    """The field names of the model found at ``path`` (a path through the data, from
    ``model``): of an option for ``('scales', 'x', 'options', 0)``, of a question for
    ``('sections', 0, 'questions', 2)``. Empty when the path leads to no model."""
    current: Any = model
    for step in path:
        current = _step(current, step)
        if current is None:
            return set()
    found = _models_in(current)
    return set(field_names(found[0])) if len(found) == 1 else set()


def field_names(model: type[BaseModel]) -> list[str]:
    """A model's fields as written in a file (an alias, such as ``_written_by``, where given)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _step(annotation: Any, step: str | int) -> Any:
    """The type one step down ``annotation``: a model's field, a list's item, a dict's value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(step, str) and step in annotation.model_fields:
            return annotation.model_fields[step].annotation
        lists = [  # a model written as a bare list (a scale as its options)
            info.annotation
            for info in annotation.model_fields.values()
            if typing.get_origin(info.annotation) is list
        ]
        return _step(lists[0], step) if isinstance(step, int) and len(lists) == 1 else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _step(args[0], step)
    if origin is list and isinstance(step, int):
        return args[0]
    if origin is dict:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _step(arg, step)
            if found is not None:
                return found
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    return found
