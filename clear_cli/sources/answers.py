"""Check an assessment's answers against its banks, whatever file they came from.

The result is an :class:`Assessment`: the answers file's details plus, for each question
of each bank, the option chosen (or not applicable, or unanswered). Every problem in the
file is reported at once, each at its line and column (or cell, for a workbook). Reading a
file by its suffix is :func:`clear_cli.sources.loader.load_assessment`.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.common.text import plural
from clear_cli.models import Answer, AnswersFile, Bank, Option, Question
from clear_cli.models.answers import DataRecord
from clear_cli.sources.catalogue import Catalogue, load_catalogue
from clear_cli.sources.data import data_root
from clear_cli.sources.yamlsrc import Located, PathT


@dataclass(frozen=True)
class Response:
    """One question's answer as scored: the option, or not applicable, or nothing."""

    option: Option | None = None
    na: bool = False
    evidence: str = ""
    note: str = ""
    data: DataRecord | None = None  # where an answer filled from data came from

    @property
    def answered(self) -> bool:
        return self.na or self.option is not None


@dataclass
class Assessment:
    """A locality's answers, resolved against the banks they answer."""

    meta: AnswersFile
    catalogue: Catalogue
    responses: dict[str, Response] = field(default_factory=dict)
    source: str = ""
    warnings: list[Problem] = field(default_factory=list)

    @property
    def banks(self) -> list[Bank]:
        return list(self.catalogue.banks.values())

    def response(self, question: Question) -> Response:
        return self.responses.get(question.id, Response())


@dataclass(frozen=True)
class _Places:
    """Where a problem in an answers file is: its line and column (``located``), or for a
    source that is not YAML the place of the question (``places``: id -> Problem template)."""

    located: Located | None
    places: dict[str, Problem] | None

    @property
    def file(self) -> str:
        return self.located.file if self.located else ""

    def problem(self, path: PathT, message: str, qid: str | None = None) -> Problem:
        if self.places is not None and qid is not None and qid in self.places:
            where = self.places[qid]
            return Problem(where.file, where.place, message)
        if self.located is not None:
            return self.located.problem(path, message)
        return Problem(self.file, "", message)


def resolve_answers(
    meta: AnswersFile,
    located: Located | None,
    *,
    places: dict[str, Problem] | None = None,
    catalogue: Catalogue | None = None,
    base: Path | None = None,
    named: Sequence[Path] = (),
) -> Assessment:
    """Check ``meta``'s answers against its banks; ``located`` gives line numbers.

    ``places`` maps a question id to a Problem template (file and place) for sources that
    are not YAML, such as workbooks; its message is replaced. ``catalogue``: the banks of
    ``meta.banks`` when the caller has already loaded them (the workbook reader does).
    ``base``: the answers file's folder, where its relative bank paths start (and stay);
    ``named``: the bank files the user gave (``--bank``).
    """
    where = _Places(located, places)
    catalogue = _banks(meta, located, base, named) if catalogue is None else catalogue
    questions: dict[str, tuple[Bank, Question]] = {
        q.id: (b, q) for b in catalogue.banks.values() for q in b.questions
    }
    responses, problems = _responses(meta, catalogue, questions, where)
    target_problems, warnings = _targets(meta, catalogue, questions, where)
    problems.extend(target_problems)
    if problems:
        raise UserError(problems)
    return Assessment(
        meta=meta,
        catalogue=catalogue,
        responses=responses,
        source=display_path(where.file) if where.file else "",
        warnings=warnings,
    )


def _banks(
    meta: AnswersFile, located: Located | None, base: Path | None, named: Sequence[Path]
) -> Catalogue:
    """The banks the file names; their problems pointed at its banks list where they have
    no place of their own."""
    try:
        return load_catalogue(meta.banks, base=base, named=named)
    except UserError as exc:
        if located is None:
            raise
        raise UserError(_bank_problems(exc.problems, located, named)) from None


def _responses(
    meta: AnswersFile,
    catalogue: Catalogue,
    questions: dict[str, tuple[Bank, Question]],
    where: _Places,
) -> tuple[dict[str, Response], list[Problem]]:
    """Each answer as scored, and the problems with the others."""
    owners = functools.cache(bundled_owners)  # loaded at most once, and only if needed
    responses: dict[str, Response] = {}
    problems: list[Problem] = []
    for qid, given in meta.answers.items():
        path: PathT = ("answers", qid)
        if qid not in questions:
            owner = owners().get(qid)
            hint = (
                f"; it belongs to bank '{owner}', which is not in this file's banks"
                if owner
                else ""
            )
            banks = ", ".join(catalogue.banks)
            message = f"'{qid}' is not a question of the banks {banks}{hint}"
            problems.append(where.problem(path, message, qid))
            continue
        found = _response(given, *questions[qid])
        if isinstance(found, str):
            problems.append(where.problem((*path, "answer"), found, qid))
        else:
            responses[qid] = found
    return responses, problems


def _response(given: Answer, bank: Bank, q: Question) -> Response | str:
    """The answer given to ``q`` as scored, or what is wrong with it."""
    if given.answer is None or not given.answer.strip():
        return Response(evidence=given.evidence, note=given.note, data=given.data)
    if given.is_na:
        if not q.na_allowed:
            return f"'{q.id}' cannot be answered not applicable: every locality has this to do"
        return Response(na=True, evidence=given.evidence, note=given.note, data=given.data)
    scale = bank.scale_of(q)
    opt = scale.match(given.answer)
    if opt is None:
        choices = "; ".join(f"{o.key} = {o.label}" for o in scale.options)
        na = "; or na" if q.na_allowed else ""
        return f"'{given.answer}' is not an answer to '{q.id}': use one of {choices}{na}"
    return Response(option=opt, evidence=given.evidence, note=given.note, data=given.data)


def _targets(
    meta: AnswersFile,
    catalogue: Catalogue,
    questions: dict[str, tuple[Bank, Question]],
    where: _Places,
) -> tuple[list[Problem], list[Problem]]:
    """The problems with the file's targets, and the warnings about them."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for target_for, key in meta.targets.items():
        path: PathT = ("targets", target_for)
        if target_for in catalogue.banks:
            bank = catalogue.banks[target_for]
            if all(bank.scale_of(q).match(key) is None for q in bank.questions):
                message = (
                    f"target '{key}' for bank '{target_for}' is not an option of any of its scales"
                )
                problems.append(where.problem(path, message))
        elif target_for in questions:
            bank, q = questions[target_for]
            if bank.scale_of(q).match(key) is None:
                # CONTRACT: a target key the question's scale lacks is skipped (next rule applies).
                message = (
                    f"target '{key}' is not an option "
                    f"of question '{target_for}', so the bank's target is used"
                )
                warnings.append(where.problem(path, message))
        else:
            message = (
                f"target for '{target_for}', "
                "which is neither a bank in this file nor one of its questions"
            )
            problems.append(where.problem(path, message))
    return problems, warnings


def bundled_owners() -> dict[str, str]:
    """Question id -> bundled bank id, to explain an answer filed under the wrong banks."""
    try:
        every = load_catalogue(["all"])
    except UserError:
        return {}
    return {q.id: b.id for b in every.banks.values() for q in b.questions}


def _bank_problems(
    problems: Sequence[Problem], located: Located, named: Sequence[Path]
) -> list[Problem]:
    """The problems of an answers file's banks, as its reader is told them.

    A bank that is unknown or cannot be opened at all is pointed at in the banks list. The
    problems inside a bank file are shown only when the user named that file (``--bank``)
    or it is a bundled one: a file named by someone else's answers file is never quoted
    (its lines or keys could be anything on this computer), only counted, with the command
    that shows them.
    """
    shown_ok = {display_path(p) for p in named}
    bundled = data_root()
    out: list[Problem] = []
    hidden: dict[str, int] = {}
    for p in problems:
        if not p.place:
            out.append(
                located.problem(("banks",), f"{p.file}: {p.message}" if p.file else p.message)
            )
        elif p.file in shown_ok or _is_under(p.file, bundled):
            out.append(p)
        else:
            hidden[p.file] = hidden.get(p.file, 0) + 1
    for file, n in hidden.items():
        out.append(
            located.problem(
                ("banks",),
                f"bank file '{file}' is not a valid bank ({plural(n, 'problem')}, not shown "
                "here because you did not name that file yourself): see them with "
                f"{shlex.join(['clear', 'validate', file])}",
            )
        )
    return out


def _is_under(file: str, folder: Path) -> bool:
    try:
        return folder.resolve() in Path(file).resolve().parents
    except (OSError, RuntimeError, ValueError):
        return False
