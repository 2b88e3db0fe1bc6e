"""Read an assessment as the CLI takes it: an answers file or a workbook, by its suffix.

This module sits above both readers (:mod:`clear_cli.sources.answers` for YAML and JSON,
:mod:`clear_cli.sources.workbook.reader` for workbooks), so neither has to import the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from clear_cli.common.errors import Problem, UserError
from clear_cli.models import AnswersFile
from clear_cli.sources.answers import Assessment, resolve_answers
from clear_cli.sources.validation import validate
from clear_cli.sources.workbook.reader import read_workbook
from clear_cli.sources.yamlsrc import load

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Spreadsheets clear does not read, and how to save each as a workbook it does.
SAVE_AS = {
    ".ods": "open it in LibreOffice Calc and choose File > Save As > Excel 2007-365 (.xlsx)",
    ".xls": "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)",
}


def load_assessment(path: Path, banks: Sequence[Path] = ()) -> Assessment:
    """Read FILE as the CLI takes it: an answers file or a workbook, by its suffix.

    ``banks``: bank files the user named (``--bank``); a workbook may use only those and
    the bundled banks, never a path written inside it; an answers file, those and the bank
    files in its own folder.
    """
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(path, banks)
    if suffix in SAVE_AS:
        raise UserError.one(
            path, f"is a '{suffix}' spreadsheet, which clear does not read: {SAVE_AS[suffix]}"
        )
    if suffix not in ANSWER_SUFFIXES:
        raise UserError.one(
            path,
            f"cannot read '{suffix or 'no suffix'}' files: give an answers "
            "file (.yaml, .yml, .json) or a workbook (.xlsx)",
        )
    located = load(path)
    meta = validate(AnswersFile, located)
    return resolve_answers(meta, located, base=path.parent, named=banks)


def load_assessments(
    paths: Sequence[Path], banks: Sequence[Path] = (), problems: Sequence[Problem] = ()
) -> list[Assessment]:
    """Every file read; one UserError holding ``problems`` (found before, e.g. with the
    output path) and every problem of every file, so a user sees all of them at once."""
    found = list(problems)
    loaded: list[Assessment] = []
    for path in paths:
        try:
            loaded.append(load_assessment(path, banks))
        except UserError as exc:
            found.extend(exc.problems)
    if found:
        raise UserError(found)
    return loaded
