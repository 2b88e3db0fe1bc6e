"""Which banks a workbook answers: from its hidden ``_clear`` record, or from its sheets.

A workbook made by ``clear template`` records its banks, their versions and sheets. A
workbook built by hand to CONTRACT.md's layout has no record: each sheet with an
ID/Answer header is matched to a bundled bank by its name, else by its question ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clear_cli.catalogue import load_catalogue
from clear_cli.errors import Problem
from clear_cli.workbook import layout
from clear_cli.workbook.safety import Sheet

if TYPE_CHECKING:
    from clear_cli.workbook.reader import Reader


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
            text = layout.norm(value) if isinstance(value, str) else ""
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


def bank_names(reader: Reader, records: list[Record], found: list[BankSheet]) -> list[str]:
    """What to pass to ``load_catalogue``: the recorded sources, else banks matched to sheets."""
    if records:
        return [source_of(reader.path, rec.source) for rec in records]
    every = load_catalogue(["all"])
    by_name: dict[str, str] = {}
    taken: set[str] = set()
    for bank in every.banks.values():
        for name in (bank.id, bank.title, layout.sheet_name(bank.id, taken)):
            by_name.setdefault(layout.norm(name), bank.id)
    names: list[str] = []
    for bs in found:
        bank_id = by_name.get(layout.norm(bs.sheet.name)) or _by_ids(every, bs)
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


def source_of(workbook: Path, source: str) -> str:
    """A recorded bank: a bundled id, or a bank file found as given or beside the workbook."""
    if not source.endswith((".yaml", ".yml")) or Path(source).exists():
        return source
    beside = workbook.parent / source
    return str(beside) if beside.exists() else source
