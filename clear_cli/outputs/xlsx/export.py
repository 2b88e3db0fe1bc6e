"""`clear export`: the scores of many assessments in one workbook, for analysts.

Summary (one row per assessment, band colours as fills), Sections, Questions (long
format, an Excel table ready for pivot tables), Stops (shortfall by roadmap stop) and a
Chart of overall percents, highest first, beside a table of them with each bank's percent.
Values only, no formulas, so it reads the same in any locale and any spreadsheet; user
text goes through :func:`clear_cli.common.cells.set_text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clear_cli.common.errors import Problem, UserError
from clear_cli.common.text import normalise
from clear_cli.core.scoring import score_assessment
from clear_cli.outputs.outfiles import building
from clear_cli.outputs.xlsx import export_sheets as sheets
from clear_cli.outputs.xlsx.files import check_out, save_atomically
from clear_cli.outputs.xlsx.scored import Scored
from clear_cli.sources.loader import ANSWER_SUFFIXES, WORKBOOK_SUFFIXES, load_assessment
from clear_cli.sources.workbook import layout


@dataclass(frozen=True)
class Taken:
    """The files a folder given as an argument stood for."""

    folder: Path
    files: list[Path]
    banks: list[Path]  # bank files beside the answers files: left out, they are not answers


def expand_folders(files: Sequence[Path], out: Path) -> tuple[list[Path], list[Taken]]:
    """Each folder among ``files`` replaced by the answers files and workbooks directly in it
    (not in folders below), sorted by name; hidden files, Excel's lock files (~$...) and the
    output itself left out. A folder with none of them is a problem."""
    suffixes = (*ANSWER_SUFFIXES, *WORKBOOK_SUFFIXES)
    expanded: list[Path] = []
    taken: list[Taken] = []
    problems: list[Problem] = []
    for path in files:
        if not path.is_dir():
            expanded.append(path)
            continue
        found = sorted(
            (
                f
                for f in path.iterdir()
                if f.suffix.lower() in suffixes
                and not f.name.startswith((".", "~$"))
                and f.is_file()
                and not _same_file(f, out)
            ),
            key=lambda f: f.name.casefold(),
        )
        if not found:
            problems.append(
                Problem(
                    str(path),
                    "",
                    "is a folder with no answers file or workbook in it ("
                    + ", ".join(suffixes)
                    + "): give the files, or the folder that holds them",
                )
            )
            continue
        banks = [f for f in found if is_bank_file(f)]
        found = [f for f in found if f not in banks]
        expanded.extend(found)
        taken.append(Taken(path, found, banks))
    if problems:
        raise UserError(problems)
    return expanded, taken


#: A bank file has these at the top level (an answers file has ``answers`` instead).
_BANK_KEYS = re.compile(rb"^(sections|scales|default_scale):", re.M)
_ANSWERS_KEY = re.compile(rb"^answers:", re.M)


def is_bank_file(path: Path) -> bool:
    """Whether a YAML file in a folder looks like a bank rather than an answers file, from its
    first 64 KiB (a bank's own banks are named beside the answers files that use them)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return False
    return bool(_BANK_KEYS.search(head)) and not _ANSWERS_KEY.search(head)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except (OSError, RuntimeError):  # b not there yet, or a link loop: not the same file
        return False


@dataclass(frozen=True)
class Exported:
    out: Path
    assessments: int
    questions: int
    warnings: list[Problem]
    taken: list[Taken]


def load_all(files: Sequence[Path], banks: Sequence[Path] = ()) -> list[Scored]:
    """Read and score every file; the problems of all of them at once."""
    problems: list[Problem] = []
    scored: list[Scored] = []
    seen: set[Path] = set()
    for path in files:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            assessment = load_assessment(path, banks)
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        scored.append(
            Scored(assessment.source or str(path), assessment, score_assessment(assessment))
        )
    if problems:
        raise UserError(problems)
    return scored


def export_scores(
    files: Sequence[Path], out: Path, *, force: bool = False, banks: Sequence[Path] = ()
) -> Exported:
    """Read, score and write ``files`` to the workbook ``out``; nothing written on a problem."""
    if not files:
        raise UserError.one("", "give at least one answers file or workbook to export")
    files, taken = expand_folders(files, out)
    output = check_out(out, kind="export", force=force, inputs=files)
    scored, twins = drop_twins(load_all(files, banks))
    wb = new_workbook()
    with building(output, wb):
        build_workbook(wb, scored)
        save_atomically(wb, output, alt_text=chart_alt_text())
    warnings = [w for s in scored for w in s.assessment.warnings] + twins
    if len({bank_set(s) for s in scored}) > 1:
        warnings.append(
            Problem(
                "",
                "",
                "the assessments cover different banks, so their overall percents do not "
                "compare: the Summary sheet says which banks each covers",
            )
        )
    questions = sum(len(s.card.questions) for s in scored)
    return Exported(out, len(scored), questions, warnings, taken)


def bank_set(s: Scored) -> tuple[str, ...]:
    """The ids of the banks an assessment covers, which its overall percent is over."""
    return tuple(sorted(b.id for b in s.card.banks))


def drop_twins(scored: list[Scored]) -> tuple[list[Scored], list[Problem]]:
    """The same assessment given twice (an answers file and its workbook, say: the same
    locality, kind, date and answers) is kept once, the first time; a warning for each other."""
    first: dict[tuple[object, ...], Scored] = {}
    kept: list[Scored] = []
    warnings: list[Problem] = []
    for s in scored:
        card = s.card
        answers = tuple(
            (q.id, "na" if q.response.na else (q.response.option.key if q.response.option else ""))
            for q in card.questions
        )
        key = (normalise(card.locality), card.assessment, card.date, answers)
        if key in first:
            warnings.append(
                Problem(
                    s.source,
                    "",
                    f"the same assessment as {first[key].source} (same locality, kind, date "
                    "and answers): counted once",
                )
            )
            continue
        first[key] = s
        kept.append(s)
    return kept, warnings


def chart_alt_text() -> dict[str, str]:
    """The chart sheet's name -> the alt text of its chart."""

    words = layout.wording()["export"]
    return {words["chart"]: words["chart_alt"]}


def new_workbook() -> Any:
    """The export's workbook: write-only, so thousands of rows stay cheap."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def build_workbook(wb: Any, scored: list[Scored]) -> None:
    """Every sheet of the export, in ``wb`` (from :func:`new_workbook`)."""
    banks = sheets.bank_columns(scored)
    bands = {b.name: b.colour for s in scored for b in s.assessment.catalogue.scoring.bands}
    sheets.summary(wb, scored, banks, bands)
    sheets.sections(wb, scored, bands)
    sheets.questions(wb, scored)
    sheets.stops(wb, scored, bands)
    sheets.chart(wb, scored, banks)
