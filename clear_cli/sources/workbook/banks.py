"""Which banks a workbook answers: from its hidden ``_clear`` record, or from its sheets.

A workbook made by ``clear template`` records its banks, their versions and sheets. A
workbook built by hand to the documented layout (README, "Workbooks") has no record: each
sheet with an ID/Answer header is matched to a bundled bank by its name, else by its ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any, Protocol

from clear_cli.common.errors import Problem
from clear_cli.common.text import normalise
from clear_cli.sources import data
from clear_cli.sources.catalogue import load_catalogue, printable
from clear_cli.sources.workbook import layout
from clear_cli.sources.workbook.safety import Sheet


class Source(Protocol):
    """The workbook being read, as far as finding its banks needs: the reader is one."""

    file: str  # as shown in messages
    named: list[Path]  # the bank files the user named
    problems: list[Problem]  # every problem found so far; more are added here


@dataclass(frozen=True)
class Record:
    """One bank as recorded when the workbook was made."""

    bank: str
    version: str
    sheet: str
    source: str


@dataclass(frozen=True)
class BankSheet:
    """A sheet with answers: its header row (1-based) and column (0-based) of each field."""

    sheet: Sheet
    header_row: int
    cols: dict[str, int]


HEADER_ALIASES = {
    "id": {"id", "question id"},
    "answer": {"answer"},
    "evidence": {"evidence"},
    "notes": {"notes", "note"},
}


def find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The first row (1-based) holding both an ``ID`` and an ``Answer`` cell, and its columns."""
    for r, row in enumerate(sheet.rows[: layout.HEADER_SEARCH_ROWS], start=1):
        cols: dict[str, int] = {}
        for c, value in enumerate(row):
            text = normalise(value) if isinstance(value, str) else ""
            for key, aliases in HEADER_ALIASES.items():
                if text in aliases and key not in cols:
                    cols[key] = c
        if "id" in cols and "answer" in cols:
            return r, cols
    return None


def read_records(sheet: Sheet | None) -> list[Record]:
    if sheet is None:
        return []
    out = []
    for row in sheet.rows[layout.META_HEADER_ROW :]:
        cells = [str(v).strip() if v is not None else "" for v in (*row, "", "", "", "")[:4]]
        if cells[0]:
            out.append(Record(*cells))
    return out


def bank_names(reader: Source, records: list[Record], found: list[BankSheet]) -> list[str]:
    """What to pass to ``load_catalogue``: the recorded sources, else banks matched to sheets."""
    if records:
        sources = [source_of(reader, rec) for rec in records]
        return [n for n in sources if n is not None]
    every = load_catalogue(["all", *(str(p) for p in reader.named)])
    by_name: dict[str, str] = {}
    taken: set[str] = set()
    for bank in every.banks.values():
        for name in (bank.id, bank.title, layout.sheet_name(bank.id, taken)):
            by_name.setdefault(normalise(name), bank.id)
    names: list[str] = []
    for bs in found:
        bank_id = by_name.get(normalise(bs.sheet.name)) or _by_ids(every, bs)
        if bank_id is None:
            reader.problems.append(
                Problem(
                    reader.file,
                    f"sheet '{bs.sheet.name}'",
                    "its name and question IDs match none of the bundled banks",
                )
            )
        elif bank_id not in names:
            names.append(bank_id)
    return names or ["all"]


def _by_ids(every: Any, bs: BankSheet) -> str | None:
    col = bs.cols["id"]
    for row in bs.sheet.rows[bs.header_row :]:
        if col < len(row) and row[col] is not None:
            bank = every.bank_of(str(row[col]).strip())
            if bank is not None:
                return str(bank.id)
    return None


def source_of(reader: Source, rec: Record) -> str | None:
    """A recorded bank: a bundled id, or a bank file the user named with the same file name.

    Nothing written in a workbook is ever opened as a path, however it is written (``/x``,
    ``../x.yaml``, a bare ``notes.txt`` or ``..``): the workbook may come from anyone, and
    its record could name any file on this computer. None (and a problem naming the
    workbook) when the bank is neither bundled nor named by the user.
    """
    source = rec.source
    if source in data.BUNDLED:
        return source
    shown = printable(source, 60) or "?"
    if _ID.match(source):  # an id this version does not bundle (never looked up as a file)
        reader.problems.append(
            Problem(
                reader.file,
                f"sheet '{layout.META}'",
                f"unknown bank '{shown}': the bundled banks are {', '.join(data.BUNDLED)}; "
                "if the workbook was made from a bank file, give that file with --bank",
            )
        )
        return None
    wanted = PureWindowsPath(source).name  # the last part, whether / or \\ separated
    for path in reader.named:
        if wanted and path.name.casefold() == wanted.casefold():
            return str(path)
    name = printable(wanted, 60) or "?"
    reader.problems.append(
        Problem(
            reader.file,
            f"sheet '{layout.META}'",
            f"was made from the bank file '{shown}' (bank '{printable(rec.bank, 40)}'); "
            "for safety clear opens no file that a workbook names: give the bank file "
            f"yourself, e.g. --bank {name}",
        )
    )
    return None


#: What a bank id looks like (no dots or slashes, so never a file's name).
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")
