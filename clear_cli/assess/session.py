"""The question loop of ``clear assess``, independent of the terminal.

A :class:`Session` asks through ``ask(prompt) -> line`` and shows through a :class:`View`,
so tests can drive it with a list of lines. End of input (``EOFError``) and Ctrl-C
(``KeyboardInterrupt``) pass straight through to the caller: every answer is saved (by
``save``) before the next prompt, so there is nothing to lose when they do.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

import yaml

from clear_cli.common.text import normalise
from clear_cli.models import Bank, Option, Question, Roadmap, Scale, Section
from clear_cli.models.answers import NA_WORDS
from clear_cli.outputs.answers_file import Draft

Ask = Callable[[str], str]


@functools.cache
def words() -> dict[str, str]:
    """The wording of every prompt and message (``wording.yaml``)."""
    text = resources.files("clear_cli.assess").joinpath("wording.yaml").read_text("utf-8")
    data: dict[str, str] = yaml.safe_load(text)
    return data


def say(key: str, **values: Any) -> str:
    return words()[key].format(**values)


@dataclass(frozen=True)
class Item:
    """One question to ask, with the bank and section it belongs to."""

    bank: Bank
    section: Section
    question: Question

    @property
    def scale(self) -> Scale:
        return self.bank.scale_of(self.question)

    @property
    def target(self) -> str:
        return self.bank.target_key(self.question)


@dataclass(frozen=True)
class Screen:
    """Everything shown for one question."""

    item: Item
    position: int  # 1-based, among the questions of this session
    total: int
    answered: int
    current: Option | None
    current_na: bool
    evidence: str
    review: bool


class View(Protocol):
    def question(self, screen: Screen) -> None: ...
    def where(self, screen: Screen) -> None: ...
    def guidance(self, item: Item, roadmap: Roadmap) -> None: ...
    def say(self, text: str) -> None: ...
    def warn(self, text: str) -> None: ...


class Outcome(enum.Enum):
    FINISHED = "finished"  # reached the end of the questions
    QUIT = "quit"  # the user typed q
    NOTHING_TO_DO = "nothing"  # every question was answered already


class _Cmd(enum.Enum):
    BACK = "b"
    SKIP = "s"
    QUIT = "q"
    KEEP = ""
    NA = "n"


def clean(text: str) -> str:
    """A typed line without control characters (stray arrow keys) or surrounding spaces."""
    return " ".join("".join(ch for ch in text if ch.isprintable()).split())


TARGET_MARK = "(target)"


def as_typed(text: str) -> str:
    """What was typed without the "(target)" mark the screen shows after the target's label,
    so "In place (target)" typed back reads as "In place"."""
    if text.casefold().endswith(TARGET_MARK):
        return text[: -len(TARGET_MARK)].strip()
    return text


def starting_with(scale: Scale, text: str) -> list[Option]:
    """Options whose label starts with what was typed ("partly" for "Partly in place")."""
    wanted = normalise(text)
    return [o for o in scale.options if normalise(o.label).startswith(wanted)]


class Session:
    def __init__(
        self,
        items: list[Item],
        draft: Draft,
        *,
        ask: Ask,
        view: View,
        save: Callable[[], None],
        roadmap: Roadmap,
        review: bool = False,
        start: int | None = None,
        typed_so_far: Callable[[], str] = lambda: "",
    ) -> None:
        self.items, self.draft, self.ask, self.view = items, draft, ask, view
        self.save, self.roadmap, self.review, self.start = save, roadmap, review, start
        self.typed_so_far = typed_so_far  # the half-typed line when Ctrl-C stops a prompt
        self.position: int | None = None  # the question on screen, for resuming a review
        self.kept: tuple[str, str] | None = None  # (question id, text) kept at Ctrl-C

    # --- state -----------------------------------------------------------------------
    def is_answered(self, item: Item) -> bool:
        answer = self.draft.get(item.question.id).answer
        return bool(answer and answer.strip())

    @property
    def answered(self) -> int:
        return sum(self.is_answered(i) for i in self.items)

    @property
    def unanswered(self) -> list[str]:
        return [i.question.id for i in self.items if not self.is_answered(i)]

    def first(self) -> int | None:
        if self.start is not None:
            return self.start
        if self.review:
            return 0
        return next((n for n, i in enumerate(self.items) if not self.is_answered(i)), None)

    def after(self, n: int) -> int:
        if self.review:
            return n + 1
        later = (m for m in range(n + 1, len(self.items)) if not self.is_answered(self.items[m]))
        return next(later, len(self.items))

    def screen(self, n: int) -> Screen:
        item = self.items[n]
        given = self.draft.get(item.question.id)
        na = given.is_na
        current = None if na or not given.answer else item.scale.match(given.answer)
        return Screen(
            item, n + 1, len(self.items), self.answered, current, na, given.evidence, self.review
        )

    # --- the loop --------------------------------------------------------------------
    def run(self) -> Outcome:
        n = self.first()
        if n is None:
            return Outcome.NOTHING_TO_DO
        while n < len(self.items):
            self.position = n
            item = self.items[n]
            self.view.question(self.screen(n))
            choice = self._choose(self.screen(n), can_go_back=n > 0)
            if choice is _Cmd.QUIT:
                return Outcome.QUIT
            if choice is _Cmd.BACK:
                n -= 1
                continue
            if isinstance(choice, Option) or choice is _Cmd.NA:
                self._record(item, choice)
            n = self.after(n)
        self.position = None
        return Outcome.FINISHED

    def _choose(self, screen: Screen, *, can_go_back: bool) -> Option | _Cmd:
        item = screen.item
        q, scale = item.question, item.scale
        keys = ", ".join(o.key for o in scale.options)
        while True:
            self.view.where(screen)  # the section and "Question N of M", just above the prompt
            text = as_typed(clean(self.ask(say("answer_prompt"))))
            low = text.casefold()
            if not text:
                if self.is_answered(item):
                    return _Cmd.KEEP
                self.view.warn(say("empty", keys=keys))
            elif low in {"?", "help"}:
                self.view.guidance(item, self.roadmap)
            elif low == "b" and not can_go_back:
                self.view.warn(say("first_question"))
            elif low in {"b", "s", "q"}:
                return _Cmd(low)
            elif low == "n" or low in NA_WORDS:
                if q.na_allowed:
                    return _Cmd.NA
                self.view.warn(say("na_not_allowed", qid=q.id))
            elif (option := scale.match(text)) is not None:
                return option
            elif len(found := starting_with(scale, text)) == 1:
                return found[0]
            elif found:
                labels = " or ".join(f"'{o.label}'" for o in found)
                self.view.warn(say("ambiguous", given=text, labels=labels))
            else:
                self.view.warn(say("invalid", given=text, qid=q.id, keys=keys))

    def _record(self, item: Item, choice: Option | _Cmd) -> None:
        qid = item.question.id
        is_option = isinstance(choice, Option)
        self.draft.set_answer(qid, choice.key if isinstance(choice, Option) else "na")
        self.save()  # the answer is safe before anything else is asked
        given = self.draft.get(qid)
        # Evidence for an answer; for not applicable, the reason, kept as the answer's note.
        old = given.evidence if is_option else given.note
        if old:
            prompt = "evidence_keep_prompt" if is_option else "na_reason_keep_prompt"
        else:
            prompt = "evidence_prompt" if is_option else "na_reason_prompt"
        try:
            typed = clean(self.ask(say(prompt)))
        except KeyboardInterrupt:
            self._keep_half_typed(qid, old, is_option=is_option)
            raise
        if typed:
            value = "" if typed == "-" else typed
            if is_option:
                self.draft.set_evidence(qid, value)
            else:
                self.draft.set_note(qid, value)
            self.save()
        shown = f"{choice.key} {choice.label}" if isinstance(choice, Option) else "not applicable"
        self.view.say(say("saved", qid=qid, answer=shown))

    def _keep_half_typed(self, qid: str, old: str, *, is_option: bool) -> None:
        """Ctrl-C while typing evidence (or a reason): save what was typed so far, after any
        evidence given before, so nothing typed is lost."""
        half = clean(self.typed_so_far())
        if not half or half == "-":
            return
        value = f"{old}; {half}" if old else half
        if is_option:
            self.draft.set_evidence(qid, value)
        else:
            self.draft.set_note(qid, value)
        self.save()
        self.kept = (qid, half)
