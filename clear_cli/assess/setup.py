"""Open an answers file for ``clear assess`` (or start a new one) and choose the questions.

An existing file is read with :func:`clear_cli.sources.loader.load_assessment` first: if it has
problems they are reported and the file is left exactly as it is. Its details, targets and
answers are kept. Banks named on the command line that the file does not cover are added
to it (the union); banks it covers that were not named keep their answers but are not asked.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clear_cli.assess.session import Item
from clear_cli.assess.store import backup_path, has_comments
from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.common.text import same_text
from clear_cli.models import AnswersFile
from clear_cli.outputs.answers_file import Draft
from clear_cli.sources.catalogue import Catalogue, is_path, load_catalogue, rebase, resolve
from clear_cli.sources.loader import ANSWER_SUFFIXES, WORKBOOK_SUFFIXES, load_assessment
from clear_cli.sources.workbook.about import FIRST_YEAR, LAST_YEAR, parse_date
from clear_cli.sources.yamlsrc import load, read_text

LONG_DATE = "%d %B %Y"  # how a date typed is confirmed: "12 March 2026"


def assessment_date(typed: str) -> dt.date | None:
    """A date as a person types it, read exactly as the workbook's About sheet reads it
    (day first: 12/03/2026, 12/3/26, 12 March 2026, or 2026-03-12); None if it is not one."""
    date = parse_date(typed.strip()) if typed.strip() else None
    if date is None or not FIRST_YEAR <= date.year <= LAST_YEAR:
        return None
    return date


@dataclass(frozen=True)
class Request:
    """What the user asked for on the command line."""

    answers: Path
    banks: Sequence[str] = ()
    locality: str | None = None
    assessment: str | None = None
    assessors: Sequence[str] = ()
    section: str | None = None
    review: bool = False
    start: str | None = None
    date: dt.date | None = None

    def command(self, *, review_from: str | None = None) -> str:
        """The command that carries on from here (the user's own, as typed)."""
        args = ["clear", "assess", *self.banks, "--answers", str(self.answers)]
        if self.locality:
            args += ["--locality", self.locality]
        if self.assessment:
            args += ["--assessment", self.assessment]
        for name in self.assessors:
            args += ["--assessor", name]
        if self.date:
            args += ["--date", self.date.isoformat()]
        if self.section:
            args += ["--section", self.section]
        if review_from:
            args += ["--review", "--from", review_from]
        return shlex.join(args)


@dataclass(frozen=True)
class Asker:
    """How to ask for the details of a new answers file that the command line left out."""

    locality: Callable[[], str]
    assessors: Callable[[], list[str]] = list
    date: Callable[[], dt.date] = dt.date.today


@dataclass
class Plan:
    """An answers file opened for a session, and the questions to ask."""

    draft: Draft
    catalogue: Catalogue
    items: list[Item]
    created: bool
    start: int | None = None
    backup: Path | None = None
    added: list[str] = field(default_factory=list)  # bank ids added to the file
    others: list[str] = field(default_factory=list)  # bank ids in the file but not asked
    warnings: list[Problem] = field(default_factory=list)  # from reading the existing file


@dataclass(frozen=True)
class _Opened:
    """The answers file as read, or as it will be started."""

    meta: AnswersFile
    catalogue: Catalogue | None  # the banks the file names; None for a new file
    created: bool
    warnings: list[Problem]


@dataclass(frozen=True)
class _Banks:
    """The banks of the session: those to write in the file and those to ask."""

    catalogue: Catalogue  # every bank the file will name
    written: list[str]  # the file's banks list, as it will be written
    asked: set[str]  # ids of the banks to ask
    file_ids: list[str]  # ids of the banks the file already covered


def open_plan(req: Request, ask: Asker) -> Plan:
    """Read or start the answers file and choose the questions; UserError if anything is off."""
    path = req.answers
    _check_path(path)
    opened = _open(path, req)
    banks = _choose_banks(opened, req, path)
    catalogue, meta = banks.catalogue, opened.meta
    plan = Plan(
        draft=Draft(
            meta=meta,
            banks=banks.written,
            order=[q.id for b in catalogue.banks.values() for q in b.questions],
            answers=dict(meta.answers),
        ),
        catalogue=catalogue,
        items=_items(catalogue, banks.asked, req.section, path),
        created=opened.created,
        added=[b for b in catalogue.banks if b not in banks.file_ids],
        others=[b for b in catalogue.banks if b not in banks.asked],
        warnings=list(opened.warnings),
    )
    if req.start is not None:
        plan.start = _start(plan.items, req.start)
    if opened.created:
        plan.draft.meta = _ask_missing(meta, req, ask)
    elif path.suffix.lower() != ".json" and has_comments(read_text(path)):
        plan.backup = backup_path(path)
    return plan


def _open(path: Path, req: Request) -> _Opened:
    """An existing file, checked and matched against the command line; else a new one."""
    if path.exists():
        named = [Path(n) for n in req.banks if is_path(n)]  # bank files given: usable
        assessment = load_assessment(path, named)
        meta = _check_same(path, assessment.meta, req)
        return _Opened(meta, assessment.catalogue, False, assessment.warnings)
    if not req.banks:
        raise UserError.one(
            path,
            "does not exist yet: name the banks to answer, e.g. "
            f"clear assess core --answers {path}",
        )
    if req.locality is not None and not req.locality.strip():
        raise UserError.one("", "--locality is empty: give the locality's name")
    # Details the command line left out are asked for once the rest is known to be
    # right (see open_plan), so a mistyped --section is reported before anything is asked.
    meta = AnswersFile(
        locality=(req.locality or "?").strip(),
        assessment="peer" if req.assessment == "peer" else "self",
        assessors=list(dict.fromkeys(req.assessors)),
        date=req.date,
        banks=list(req.banks),
    )
    return _Opened(meta, None, True, [])


def _choose_banks(opened: _Opened, req: Request, path: Path) -> _Banks:
    """The union of the file's banks and those named on the command line; those named are
    asked (all of the file's when none are named)."""
    meta, file_cat = opened.meta, opened.catalogue
    # The file's bank paths start from its folder; the command line's from the current one.
    named_banks = [Path(n) for n in req.banks if is_path(n)]
    file_names = (
        list(meta.banks) if opened.created else rebase(meta.banks, path.parent, named_banks)
    )
    if req.banks:
        asked_cat = load_catalogue(list(req.banks))
    else:
        asked_cat = file_cat or load_catalogue(file_names)
    file_ids = list(file_cat.banks) if file_cat else list(asked_cat.banks)
    extra = [n for n in req.banks if not set(ids_of(n, asked_cat)) <= set(file_ids)]
    union = file_names + extra
    catalogue = load_catalogue(union) if extra else file_cat or asked_cat
    kept = [] if opened.created else list(meta.banks)
    written = [*kept, *(_from_folder(n, path.parent) for n in union[len(kept) :])]
    return _Banks(catalogue, written, set(asked_cat.banks), file_ids)


def _ask_missing(meta: AnswersFile, req: Request, ask: Asker) -> AnswersFile:
    """A new file's locality, assessors and date, asked for where not given."""
    return meta.model_copy(
        update={
            "locality": req.locality.strip() if req.locality else ask.locality().strip(),
            "assessors": meta.assessors or list(dict.fromkeys(ask.assessors())),
            "date": req.date or ask.date(),
        }
    )


def ids_of(name: str, catalogue: Catalogue) -> list[str]:
    """The bank ids a command-line name stands for (a group, an id or a bank file)."""
    out: list[str] = []
    for item in resolve([name]):
        if isinstance(item, str):
            out.append(item)
        else:
            shown = display_path(item)
            out += [b for b, f in catalogue.files.items() if f == shown]
    return out


def _from_folder(name: str, folder: Path) -> str:
    """A bank path named on the command line, as the answers file in ``folder`` should say it."""
    if not is_path(name) or Path(name).is_absolute():
        return name
    try:
        return Path(os.path.relpath(Path(name).resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return str(Path(name).resolve())


def _check_path(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        raise UserError.one(
            path,
            "clear assess writes an answers file (.yaml, .yml or .json), "
            "not a workbook; to fill in a workbook, make one with "
            "clear template",
        )
    if suffix not in ANSWER_SUFFIXES:
        raise UserError.one(
            path,
            f"cannot write '{suffix or 'no suffix'}' files: give an "
            "answers file ending .yaml, .yml or .json",
        )
    if path.is_dir():
        raise UserError.one(
            path, f"is a folder: give the answers file inside it, e.g. {path / 'answers.yaml'}"
        )
    folder = path.parent
    if not folder.is_dir():
        raise UserError.one(path, f"the folder {display_path(folder)} does not exist")


def _check_same(path: Path, meta: AnswersFile, req: Request) -> AnswersFile:
    """The file's own details win; a different locality or kind of assessment is refused."""
    problems: list[Problem] = []
    shown = display_path(path)
    if req.locality and not same_text(req.locality, meta.locality):
        problems.append(
            Problem(
                shown,
                _place(path, "locality"),
                f"is the assessment of "
                f"'{meta.locality}', not '{req.locality}': to assess "
                f"{req.locality}, give another --answers file",
            )
        )
    if req.assessment and req.assessment != meta.assessment:
        problems.append(
            Problem(
                shown,
                _place(path, "assessment"),
                f"is a {meta.assessment} "
                f"assessment, not a {req.assessment} one: give another "
                "--answers file (clear compare sets the two side by side)",
            )
        )
    if problems:
        raise UserError(problems)
    new = [a for a in dict.fromkeys(req.assessors) if a not in meta.assessors]
    update: dict[str, object] = {"assessors": [*meta.assessors, *new]} if new else {}
    if req.date is not None and req.date != meta.date:
        update["date"] = req.date  # the workshop's date, given again on a later day
    return meta.model_copy(update=update) if update else meta


def _place(path: Path, key: str) -> str:
    return load(path).place((key,))


def _items(catalogue: Catalogue, asked: set[str], section: str | None, path: Path) -> list[Item]:
    items = [
        Item(b, s, q)
        for b in catalogue.banks.values()
        if b.id in asked
        for s in b.sections
        for q in s.questions
    ]
    if section is None:
        return items
    chosen = [i for i in items if i.section.id.casefold() == section.strip().casefold()]
    if not chosen:
        known = ", ".join(dict.fromkeys(i.section.id for i in items))
        raise UserError.one("", f"no section '{section}' in the banks asked; sections: {known}")
    return chosen


def _start(items: list[Item], qid: str) -> int:
    for n, item in enumerate(items):
        if item.question.id.casefold() == qid.strip().casefold():
            return n
    raise UserError.one(
        "",
        f"--from {qid}: no such question among the questions asked "
        f"({items[0].question.id} to {items[-1].question.id})",
    )
