"""What a `clear` workbook looks like: sheet names, header cells, where things are.

Shared by the writer (:mod:`template`) and the reader (:mod:`reader`), so the two can
never disagree. No openpyxl here: this module is plain data and small helpers.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import yaml

ABOUT = "About"
#: Hidden sheet recording which banks (and versions) a workbook was made for.
META = "_clear"
#: Hidden sheet holding drop-down lists too long for a data validation formula.
LISTS = "_lists"
#: The live Scores sheet (formulas written by `clear template`) and its hidden lookup sheet.
#: Readers ignore both: they hold no answers, only what is worked out from them.
SCORES = "Scores"
SCORE_DATA = "_scores"
IGNORED = {SCORES.casefold(), SCORE_DATA}
RESERVED = {ABOUT.casefold(), META, LISTS, *IGNORED}
FORMAT_NAME = "clear workbook"
FORMAT_VERSION = "1"
#: The row of the META sheet with the bank table's header; banks follow below it.
META_HEADER_ROW = 4
META_COLUMNS = ("Bank", "Version", "Sheet", "Source")

#: Bank sheets: a title row, a subtitle row, then the header row and one row per question.
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
#: Column order on bank sheets; ``answer`` is column E, as the README describes.
COLUMNS = ("id", "question", "guidance", "options", "answer", "evidence", "notes")
WIDTHS = {
    "id": 9,
    "question": 50,
    "guidance": 50,
    "options": 48,
    "answer": 24,
    "evidence": 40,
    "notes": 32,
}
#: How far down a sheet the reader looks for the header row, and About for its labels.
HEADER_SEARCH_ROWS = 30
ABOUT_SEARCH_ROWS = 60
#: The About sheet's label/value pairs, in the order written (from row 1, columns A and B).
ABOUT_FIELDS = ("locality", "assessment", "assessors", "date", "notes", "area_code")

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@functools.cache
def wording() -> dict[str, Any]:
    """The words of the workbooks, from ``wording.yaml`` beside this module."""
    text = resources.files(__package__).joinpath("wording.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def header_names() -> dict[str, str]:
    """Column key -> header text, e.g. ``answer`` -> ``Answer``."""
    names: dict[str, str] = wording()["bank"]["headers"]
    return names


def sheet_name(bank_id: str, taken: set[str]) -> str:
    """A readable, valid, unique sheet name for a bank: ``mental-health`` -> ``Mental health``."""
    base = _BAD_SHEET_CHARS.sub(" ", bank_id.replace("-", " ").replace("_", " ")).strip()
    base = (base[:1].upper() + base[1:])[:28] or "Bank"
    name, n = base, 2
    while name.casefold() in taken or name.casefold() in RESERVED:
        name, n = f"{base} {n}", n + 1
    taken.add(name.casefold())
    return name
