"""Check an assessment's answers against its banks, whatever file they came from.

The result is an :class:`Assessment`: the answers file's details plus, for each question
of each bank, the option chosen (or not applicable, or unanswered). Every problem in the
file is reported at once, each at its line and column (or cell, for a workbook). Reading a
file by its suffix is :func:`clear_cli.sources.loader.load_assessment`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.models import AnswersFile, Bank, Option, Question
from clear_cli.models.answers import DataRecord
from clear_cli.sources.catalogue import Catalogue, load_catalogue
from clear_cli.sources.yamlsrc import Located


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


def resolve_answers(
    meta: AnswersFile,
    located: Located | None,
    *,
    places: dict[str, Problem] | None = None,
    catalogue: Catalogue | None = None,
    base: Path | None = None,
) -> Assessment:
    """Check ``meta``'s answers against its banks; ``located`` gives line numbers.

    ``places`` maps a question id to a Problem template (file and place) for sources that
    are not YAML, such as workbooks; its message is replaced. ``catalogue``: the banks of
    ``meta.banks`` when the caller has already loaded them (the workbook reader does).
    ``base``: the answers file's folder, where its relative bank paths start.
    """
    file = located.file if located else ""

    def problem(path: tuple[str | int, ...], message: str, qid: str | None = None) -> Problem:
        if places is not None and qid is not None and qid in places:
            where = places[qid]
            return Problem(where.file, where.place, message)
        if located is not None:
            return located.problem(path, message)
        return Problem(file, "", message)

    try:
        catalogue = load_catalogue(meta.banks, base=base) if catalogue is None else catalogue
    except UserError as exc:
        if located is None:
            raise
        # Point at the banks list for a bank that is unknown or cannot be opened at all;
        # keep the problems found inside a bank file as they are.
        raise UserError(
            located.problem(("banks",), f"{p.file}: {p.message}" if p.file else p.message)
            if not p.place
            else p
            for p in exc.problems
        ) from None
    problems: list[Problem] = []
    owners = functools.cache(bundled_owners)  # loaded at most once, and only if needed
    questions: dict[str, tuple[Bank, Question]] = {
        q.id: (b, q) for b in catalogue.banks.values() for q in b.questions
    }
    responses: dict[str, Response] = {}
    warnings: list[Problem] = []
    for qid, given in meta.answers.items():
        path: tuple[str | int, ...] = ("answers", qid)
        if qid not in questions:
            owner = owners().get(qid)
            hint = (
                f"; it belongs to bank '{owner}', which is not in this file's banks"
                if owner
                else ""
            )
            problems.append(
                problem(
                    path,
                    f"'{qid}' is not a question of the banks {', '.join(catalogue.banks)}{hint}",
                    qid,
                )
            )
            continue
        bank, q = questions[qid]
        if given.answer is None or not given.answer.strip():
            responses[qid] = Response(evidence=given.evidence, note=given.note, data=given.data)
            continue
        if given.is_na:
            if not q.na_allowed:
                problems.append(
                    problem(
                        (*path, "answer"),
                        f"'{qid}' cannot be answered not applicable: every locality has this to do",
                        qid,
                    )
                )
                continue
            responses[qid] = Response(
                na=True, evidence=given.evidence, note=given.note, data=given.data
            )
            continue
        scale = bank.scale_of(q)
        opt = scale.match(given.answer)
        if opt is None:
            choices = "; ".join(f"{o.key} = {o.label}" for o in scale.options)
            na = "; or na" if q.na_allowed else ""
            problems.append(
                problem(
                    (*path, "answer"),
                    f"'{given.answer}' is not an answer to '{qid}': use one of {choices}{na}",
                    qid,
                )
            )
            continue
        responses[qid] = Response(
            option=opt, evidence=given.evidence, note=given.note, data=given.data
        )
    for target_for, key in meta.targets.items():
        if target_for in catalogue.banks:
            bank = catalogue.banks[target_for]
            if all(bank.scale_of(q).match(key) is None for q in bank.questions):
                problems.append(
                    problem(
                        ("targets", target_for),
                        f"target '{key}' for bank "
                        f"'{target_for}' is not an option of any of its scales",
                    )
                )
        elif target_for in questions:
            bank, q = questions[target_for]
            if bank.scale_of(q).match(key) is None:
                # CONTRACT: a target key the question's scale lacks is skipped (next rule applies).
                warnings.append(
                    problem(
                        ("targets", target_for),
                        f"target '{key}' is not an option "
                        f"of question '{target_for}', so the bank's target is used",
                    )
                )
        else:
            problems.append(
                problem(
                    ("targets", target_for),
                    f"target for '{target_for}', "
                    "which is neither a bank in this file nor one of its questions",
                )
            )
    if problems:
        raise UserError(problems)
    return Assessment(
        meta=meta,
        catalogue=catalogue,
        responses=responses,
        source=display_path(file) if file else "",
        warnings=warnings,
    )


def bundled_owners() -> dict[str, str]:
    """Question id -> bundled bank id, to explain an answer filed under the wrong banks."""
    try:
        every = load_catalogue(["all"])
    except UserError:
        return {}
    return {q.id: b.id for b in every.banks.values() for q in b.questions}
