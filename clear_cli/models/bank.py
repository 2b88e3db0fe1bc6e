"""A question bank: scales of options, sections of questions.

Checks that need only one bank live here, in :class:`Bank`'s model validator: each rule
broken is a pydantic error of type :data:`RULE` carrying its ``loc`` (the path to the
offending node) and its whole message, which :mod:`clear_cli.sources.validation` maps to the
file's line and column. Checks across banks (ids used by two banks) and against the roadmap
file live in :mod:`clear_cli.sources.catalogue`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from clear_cli.common.text import normalise
from clear_cli.models.base import (
    MAX_NUMBER,
    Identifier,
    Key,
    Strict,
    Text,
    Version,
    key_text,
)
from clear_cli.models.roadmap import STOP_NUMBERS

#: The pydantic error type of a broken bank rule. Its ``ctx`` holds the whole ``message``
#: and, for a rule about something met twice, ``first``: the path of the first.
RULE = "bank_rule"

Loc = tuple[str | int, ...]

#: The words of a question id met twice; ``{first}`` is where it was met first.
DUPLICATE_ID = (
    "question id '{qid}' is used twice (also at {first}); ids must be unique across all banks"
)


class Option(Strict):
    """One level of a scale."""

    key: Key
    label: Text
    points: float = Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)
    description: Text
    # When this option is the answer, these stops replace the question's own (for example
    # a Results "No local figure" points to stop 12, "No local target" to stop 6).
    stops: list[int] | None = Field(default=None, max_length=3)


class Scale(Strict):
    """An ordered list of options, lowest first; optionally with its own target."""

    options: list[Option] = Field(min_length=2)
    target: Key | None = None
    description: str = ""
    # What ``clear results fill`` judges on this scale: England, similar areas or the recent
    # trend. Left out, it is read from the option keys (see docs/bank-format.md).
    judges: Literal["england", "similar", "trend"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, data: Any) -> Any:
        # A scale may be written as a bare list of options.
        if isinstance(data, list):
            return {"options": data}
        return data

    @property
    def top(self) -> Option:
        return max(self.options, key=lambda o: o.points)

    def option(self, key: str) -> Option | None:
        for opt in self.options:
            if opt.key == key:
                return opt
        return None

    def match(self, text: str) -> Option | None:
        """The option whose key or label is ``text``, ignoring case and surrounding spaces."""
        wanted = normalise(text)
        for opt in self.options:
            if opt.key.casefold() == wanted or normalise(opt.label) == wanted:
                return opt
        return None


class Indicator(Strict):
    """Where an outcome question's figure comes from.

    ``fingertips_id``, ``sex`` and ``age`` pick the rows of a Fingertips Smoking Profile
    download that answer the question; they are left out for a figure not on Fingertips.
    """

    name: Text
    fingertips_id: int | None = Field(default=None, ge=1)
    sex: Text | None = None
    age: Text | None = None
    # Which direction is better, for judgements ``clear results fill`` must compute itself
    # (a download's blank "Compared to England" or "Recent Trend"). Left out, the direction
    # is read from the download's own judgements of other rows where it can be.
    polarity: Literal["low_is_good", "high_is_good"] | None = None


class Question(Strict):
    """One question: what is asked, what good evidence looks like, where it leads."""

    id: Identifier
    text: Text
    guidance: Text
    # Primary stop first, at most two secondary ones; empty for an outcome question that
    # reaches stops only through its answer's option.
    stops: list[int] = Field(max_length=3)
    references: list[Text] = Field(min_length=1)
    scale: Identifier | None = None
    weight: float = Field(default=1.0, gt=0, le=MAX_NUMBER, allow_inf_nan=False)
    na_allowed: bool = False
    leads: list[Identifier] = Field(default_factory=list)
    # The figure an outcome question is about: a mapping (see :class:`Indicator`); plain text
    # is still read, as a name only.
    indicator: Indicator | str = ""
    action: str = ""  # what to do to reach the target: one or two concrete sentences
    # What a peer reviewer would see when this is in place: the action plan's success
    # measure for this question (the target option's description when left out).
    success: str = ""
    # A deep-dive question that goes deeper than a core one names it here, and asks only
    # what the core question does not, so one item is never scored twice.
    expands: Identifier | None = None

    @property
    def indicator_name(self) -> str:
        """The name of the figure this question is about ("" when it names none)."""
        if isinstance(self.indicator, Indicator):
            return self.indicator.name
        return self.indicator


class Section(Strict):
    id: Identifier
    title: Text
    description: str = ""
    questions: list[Question]


class Bank(Strict):
    """A question bank file (``frameworks/*.yaml``, ``deep_dives/*.yaml`` or a locality's own)."""

    id: Identifier
    title: Text
    version: Version
    description: Text
    scales: dict[Identifier, Scale] = Field(min_length=1)
    default_scale: Identifier
    target: Key
    stakeholders: dict[Identifier, Text] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def scale_of(self, question: Question) -> Scale:
        return self.scales[question.scale or self.default_scale]

    def target_key(self, question: Question) -> str:
        """The bank's own target for a question: the scale's target, else the bank's."""
        return self.scale_of(question).target or self.target

    @model_validator(mode="wrap")
    @classmethod
    def _rules(cls, data: Any, handler: ModelWrapValidatorHandler[Bank]) -> Bank:
        """Every rule of a single bank, each a located error. The stops and question ids are
        checked on the data as read, so they are reported with the bank's other problems
        even when it fails its fields' checks; the other rules need a bank that passed."""
        found = [*stop_rules(data), *duplicate_ids(data)]
        try:
            bank = handler(data)
        except ValidationError as exc:
            if not found:
                raise
            raise _together(cls.__name__, exc, found) from None
        found.extend(bank_rules(bank))
        if found:
            raise ValidationError.from_exception_data(cls.__name__, found)
        return bank


def rule(loc: Loc, message: str, first: Loc | None = None) -> InitErrorDetails:
    """A broken rule at ``loc``, worded in full; ``first``: where a repeated thing was first."""
    ctx: dict[str, Any] = {"message": message}
    if first is not None:
        ctx["first"] = first
    return InitErrorDetails(type=PydanticCustomError(RULE, "{message}", ctx), loc=loc, input=None)


def _together(title: str, exc: ValidationError, found: list[InitErrorDetails]) -> ValidationError:
    """The field errors of ``exc`` with the rules in ``found``, as one error."""
    fields = [
        InitErrorDetails(
            type=PydanticCustomError(e["type"], e["msg"]),
            loc=e["loc"],
            input=e["input"],
            ctx={k: v if isinstance(v, str | int | float) else str(v) for k, v in ctx.items()},
        )
        for e in exc.errors(include_url=False)
        for ctx in [e.get("ctx", {})]
    ]
    return ValidationError.from_exception_data(title, [*fields, *found])


def _dicts(value: object) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in a list as read, with their positions; [] for anything else."""
    if not isinstance(value, list):
        return []
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)]


def _numbers(value: object) -> list[int]:
    """A stops list as read, when it is a list of whole numbers (else its own check says so)."""
    if not isinstance(value, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) for x in value
    ):
        return []
    return value


def _mapping(data: object) -> dict[str, Any]:
    return data if isinstance(data, dict) else {}


def listed_stops(data: object) -> Iterator[tuple[Loc, list[int], str]]:
    """Every stops list of a bank as read: (where, the stops, whose: "question 'T1.1'" or
    "scale 'x': option 'k'"), options first. Lists that are not whole numbers are left to
    the fields' own checks."""
    bank = _mapping(data)
    scales = bank.get("scales")
    for name, scale in scales.items() if isinstance(scales, dict) else []:
        options = scale.get("options") if isinstance(scale, dict) else scale
        for i, opt in _dicts(options):
            who = f"scale '{name}': option '{key_text(opt.get('key'))}'"
            yield ("scales", name, "options", i, "stops"), _numbers(opt.get("stops")), who
    for where, q in _questions(bank):
        qid = q.get("id")
        who = f"question '{qid}'" if isinstance(qid, str | int) else "question"
        yield (*where, "stops"), _numbers(q.get("stops")), who


def _questions(bank: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    for si, section in _dicts(bank.get("sections")):
        for qi, q in _dicts(section.get("questions")):
            yield ("sections", si, "questions", qi), q


def question_ids(data: object) -> list[tuple[str, Loc]]:
    """Each question id of a bank as read, with where it is, in file order."""
    return [
        (q["id"].strip(), (*where, "id"))
        for where, q in _questions(_mapping(data))
        if isinstance(q.get("id"), str)
    ]


def stop_rules(data: object) -> list[InitErrorDetails]:
    """Every stop a roadmap stop, none listed twice (questions and options alike)."""
    found: list[InitErrorDetails] = []
    for where, stops, who in listed_stops(data):
        found.extend(
            rule((*where, i), f"{who}: stop {stop} is not a roadmap stop (1-12)")
            for i, stop in enumerate(stops)
            if stop not in STOP_NUMBERS
        )
        if len(set(stops)) != len(stops):
            found.append(rule(where, f"{who}: a stop is listed twice"))
    return found


def duplicate_ids(data: object) -> list[InitErrorDetails]:
    """A question id used twice in the bank, at each use after the first."""
    first: dict[str, Loc] = {}
    found = []
    for qid, where in question_ids(data):
        if qid in first:
            found.append(rule(where, DUPLICATE_ID.format(qid=qid, first="{first}"), first[qid]))
        else:
            first[qid] = where
    return found


def bank_rules(bank: Bank) -> list[InitErrorDetails]:
    """The rules that need a bank whose fields passed: scales, targets, sections, leads."""
    found = _default_scale(bank)
    for name, scale in bank.scales.items():
        found.extend(_scale_rules(bank, name, scale))
    return [*found, *_section_rules(bank)]


def _keys(scale: Scale) -> str:
    return ", ".join(o.key for o in scale.options)


def _default_scale(bank: Bank) -> list[InitErrorDetails]:
    if bank.default_scale not in bank.scales:
        names = ", ".join(bank.scales)
        words = f"default_scale '{bank.default_scale}' is not one of the scales ({names})"
        return [rule(("default_scale",), words)]
    default = bank.scales[bank.default_scale]
    if default.option(bank.target) is None:
        words = (
            f"target '{bank.target}' is not an option key of "
            f"the default scale '{bank.default_scale}' ({_keys(default)})"
        )
        return [rule(("target",), words)]
    return []


#: Keys and labels that would read as "not applicable", which is ``na_allowed``'s to say.
RESERVED = {"na", "n/a", "not applicable"}


def _scale_rules(bank: Bank, name: str, scale: Scale) -> list[InitErrorDetails]:
    """Option keys and labels once each, none reserved, points rising; targets on the scale."""
    found = [*_option_rules(name, scale)]
    if scale.target is not None and scale.option(scale.target) is None:
        words = f"scale '{name}': target '{scale.target}' is not one of its option keys"
        found.append(rule(("scales", name, "target"), f"{words} ({_keys(scale)})"))
    if scale.target is None and name != bank.default_scale and scale.option(bank.target) is None:
        words = (
            f"target '{bank.target}' is not an option key of scale '{name}' ({_keys(scale)}); "
            "give the scale its own target or change the bank's"
        )
        found.append(rule(("target",), words))
    return found


def _option_rules(name: str, scale: Scale) -> Iterator[InitErrorDetails]:
    keys: set[str] = set()
    labels: set[str] = set()
    for i, opt in enumerate(scale.options):
        where: Loc = ("scales", name, "options", i)
        k, lab = opt.key.casefold(), normalise(opt.label)
        if k in keys:
            yield rule((*where, "key"), f"scale '{name}': option key '{opt.key}' is used twice")
        if lab in labels:
            words = f"scale '{name}': option label '{opt.label}' is used twice"
            yield rule((*where, "label"), words)
        if k in RESERVED or lab in RESERVED:
            words = f"scale '{name}': '{opt.key}' is reserved for not applicable (use na_allowed)"
            yield rule((*where, "key"), words)
        keys.add(k)
        labels.add(lab)
        before = scale.options[i - 1].points if i else None
        if before is not None and opt.points <= before:
            words = (
                f"scale '{name}': points must increase down the list, but option "
                f"'{opt.key}' has {opt.points:g} after {before:g}"
            )
            yield rule((*where, "points"), words)


def _section_rules(bank: Bank) -> Iterator[InitErrorDetails]:
    """Section ids once each, no empty section; each question's scale and leads defined."""
    seen: set[str] = set()
    for si, section in enumerate(bank.sections):
        if section.id in seen:
            words = f"section id '{section.id}' is used twice in this bank"
            yield rule(("sections", si, "id"), words)
        seen.add(section.id)
        if not section.questions:
            yield rule(("sections", si), f"section '{section.id}' has no questions")
        for qi, q in enumerate(section.questions):
            yield from _question_rules(bank, ("sections", si, "questions", qi), q)


def _question_rules(bank: Bank, where: Loc, q: Question) -> Iterator[InitErrorDetails]:
    if q.scale is not None and q.scale not in bank.scales:
        names = ", ".join(bank.scales)
        words = f"question '{q.id}': scale '{q.scale}' is not one of the scales ({names})"
        yield rule((*where, "scale"), words)
    for i, lead in enumerate(q.leads):
        if lead not in bank.stakeholders:
            known = ", ".join(sorted(bank.stakeholders)) or "none defined"
            words = f"question '{q.id}': lead '{lead}' is not in the bank's stakeholders ({known})"
            yield rule((*where, "leads", i), words)
