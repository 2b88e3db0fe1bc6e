"""Read a filled workbook into an :class:`Assessment`, with every problem at its cell.

Tolerant where a person would be (case and spaces, a key for a label, numbers stored as
text, formulas, empty or reordered rows and columns); strict where it matters (answers
that are not options, unknown or repeated question ids, a missing sheet or header, N/A
where it is not allowed). The answers themselves are checked by the same
:func:`clear_cli.sources.answers.resolve_answers` as an answers file's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.common.text import normalise
from clear_cli.models import Answer, AnswersFile
from clear_cli.sources.answers import Assessment, resolve_answers
from clear_cli.sources.catalogue import Catalogue, load_catalogue
from clear_cli.sources.validation import invisible
from clear_cli.sources.workbook import layout
from clear_cli.sources.workbook.about import UNCACHED, about_values, bad_serial, unquote
from clear_cli.sources.workbook.banks import (
    BankSheet,
    Record,
    bank_names,
    find_header,
    read_records,
)
from clear_cli.sources.workbook.safety import Sheet, read_sheets

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
PLACE = re.compile(r"^sheet '(.*)', ([A-Z]+)(\d+)$")


def read_workbook(path: Path, banks: Sequence[Path] = ()) -> Assessment:
    """Read ``path`` (a workbook made by ``clear template``, filled in) as an assessment.

    ``banks``: the bank files the user named; the only files besides bundled banks that a
    workbook's record may lead to.
    """
    sheets = read_sheets(path)
    return Reader(path, display_path(path), sheets, list(banks)).read()


@dataclass
class Reader:
    path: Path
    file: str
    sheets: list[Sheet]
    named: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems: list[Problem] = []
        self.by_name = {normalise(s.name): s for s in self.sheets}

    def at(self, sheet: Sheet, col: int, row: int, message: str = "") -> Problem:
        from openpyxl.utils import get_column_letter

        return Problem(
            self.file, f"sheet '{sheet.name}', {get_column_letter(col + 1)}{row}", message
        )

    def read(self) -> Assessment:
        about = self.by_name.get(normalise(layout.ABOUT))
        details: dict[str, Any] = {}
        if about is None:
            self.problems.append(
                Problem(
                    self.file,
                    "",
                    f"no sheet '{layout.ABOUT}': it holds the "
                    "locality, assessment, assessors and date",
                )
            )
        else:
            details = about_values(about, self.file, self.problems)
        records = read_records(self.by_name.get(layout.META))
        bank_sheets = self.bank_sheets(records)
        names = bank_names(self, records, bank_sheets)
        if len(names) < len(records):  # a bank file was not named: nothing more to check
            raise UserError(sorted(self.problems, key=self.order))
        catalogue = self.catalogue(names)
        if records:
            self.check_versions(catalogue, records)
        answers, places = self.answers(catalogue, bank_sheets)
        try:
            meta = AnswersFile(
                locality=details.get("locality") or "?",
                assessment=details.get("assessment", "self"),
                assessors=details.get("assessors", []),
                date=details.get("date"),
                notes=details.get("notes", ""),
                area_code=details.get("area_code"),
                banks=names,
                answers=answers,
            )
        except ValidationError as exc:  # the checks above should leave nothing for pydantic
            raise UserError([*self.problems, Problem(self.file, "", str(exc))]) from None
        assessment = None
        try:
            assessment = resolve_answers(meta, None, places=places, catalogue=catalogue)
        except UserError as exc:
            self.problems.extend(exc.problems)
        if self.problems or assessment is None:
            raise UserError(sorted(self.problems, key=self.order))
        assessment.source = self.file
        return assessment

    def bank_sheets(self, records: list[Record]) -> list[BankSheet]:
        """Every sheet with an ID/Answer header; a recorded sheet that is missing is a problem."""
        found: list[BankSheet] = []
        skip = {normalise(layout.ABOUT), layout.META, layout.LISTS, *layout.IGNORED}
        for sheet in self.sheets:
            if normalise(sheet.name) in skip:
                continue
            header = find_header(sheet)
            if header is not None:
                found.append(BankSheet(sheet, *header))
        have = {normalise(b.sheet.name) for b in found}
        for rec in records:
            name = normalise(rec.sheet)
            if name in have:
                continue
            if name in self.by_name:
                self.problems.append(
                    Problem(
                        self.file,
                        f"sheet '{rec.sheet}'",
                        "no header row "
                        "with 'ID' and 'Answer' cells in the first "
                        f"{layout.HEADER_SEARCH_ROWS} rows",
                    )
                )
            else:
                self.problems.append(
                    Problem(
                        self.file,
                        f"sheet '{rec.sheet}'",
                        f"missing: it "
                        f"held the answers for bank '{rec.bank}'; was it "
                        "renamed or deleted?",
                    )
                )
        if not found and not records:
            raise UserError(
                [
                    Problem(
                        self.file,
                        "",
                        "no sheet has a header row with 'ID' and "
                        "'Answer' cells, so this is not a workbook clear can read: "
                        "make one with `clear template BANK... --out FILE.xlsx`",
                    )
                ]
            )
        return found

    def catalogue(self, names: list[str]) -> Catalogue:
        try:
            return load_catalogue(names)
        except UserError as exc:
            # An unknown bank id has no file of its own: it came from this workbook's record.
            where = f"sheet '{layout.META}'" if layout.META in self.by_name else ""
            found = [p if p.file else Problem(self.file, where, p.message) for p in exc.problems]
            raise UserError([*self.problems, *found]) from None

    def check_versions(self, catalogue: Catalogue, records: list[Record]) -> None:
        for rec in records:
            bank = catalogue.banks.get(rec.bank)
            if bank is None:
                now = ", ".join(catalogue.banks)
                self.problems.append(
                    Problem(
                        self.file,
                        f"sheet '{rec.sheet}'",
                        f"made for bank '{rec.bank}', but {rec.source} now holds {now}",
                    )
                )
            elif bank.version != rec.version:
                self.problems.append(
                    Problem(
                        self.file,
                        f"sheet '{rec.sheet}'",
                        f"made for version {rec.version} of bank '{bank.id}', but the bank is now "
                        f"version {bank.version} and its questions may have changed: make a new "
                        f"workbook with `clear template {rec.source} --out NEW.xlsx` and copy the "
                        "answers across, checking the questions that changed",
                    )
                )

    def answers(
        self, catalogue: Catalogue, bank_sheets: list[BankSheet]
    ) -> tuple[dict[str, Answer], dict[str, Problem]]:
        ids = {q.id.casefold(): q.id for b in catalogue.banks.values() for q in b.questions}
        known_ids = set(ids.values())
        answers: dict[str, Answer] = {}
        places: dict[str, Problem] = {}
        first: dict[str, str] = {}
        for bs in bank_sheets:
            for r, row in enumerate(bs.sheet.rows[bs.header_row :], start=bs.header_row + 1):
                for c in bs.cols.values():
                    if (r, c + 1) in bs.sheet.uncached:
                        self.problems.append(self.at(bs.sheet, c, r, UNCACHED))
                    where = self.at(bs.sheet, c, r)
                    serial = bs.sheet.bad_dates.get(where.place.rsplit(", ", 1)[-1])
                    if serial is not None:
                        self.problems.append(self.at(bs.sheet, c, r, bad_serial(serial)))
                        row = (*row[:c], None, *row[c + 1 :])
                cell = {key: _text(row[c]) if c < len(row) else "" for key, c in bs.cols.items()}
                if not any(cell.values()):
                    continue
                raw = cell["id"]
                if not raw:
                    self.problems.append(
                        self.at(
                            bs.sheet,
                            bs.cols["id"],
                            r,
                            "an answer, evidence or note with no question ID beside it",
                        )
                    )
                    continue
                qid = ids.get(raw.casefold(), raw)
                id_place = self.at(bs.sheet, bs.cols["id"], r)
                if qid in first:
                    self.problems.append(
                        Problem(
                            id_place.file,
                            id_place.place,
                            f"question '{qid}' appears twice (also at {first[qid]})",
                        )
                    )
                    continue
                first[qid] = id_place.place
                if qid not in known_ids and not (ID_PATTERN.match(qid) and len(qid) <= 40):
                    self.problems.append(
                        Problem(
                            id_place.file,
                            id_place.place,
                            f"'{raw}' is not a question ID (such as L1.1){invisible(raw)}",
                        )
                    )
                    continue
                known = qid in known_ids
                places[qid] = self.at(bs.sheet, bs.cols["answer"], r) if known else id_place
                answers[qid] = Answer(
                    answer=cell["answer"] or None,
                    evidence=cell.get("evidence", ""),
                    note=cell.get("notes", ""),
                )
        return answers, places

    def order(self, p: Problem) -> tuple[int, int, int, str]:
        """Problems in workbook order: sheet by sheet, row by row."""
        m = PLACE.match(p.place)
        if not m:
            return (-1, 0, 0, p.place)
        names = [s.name for s in self.sheets]
        sheet = names.index(m[1]) if m[1] in names else len(names)
        return (sheet, int(m[3]), column_index(m[2]), p.message)


def column_index(letters: str) -> int:
    """A column's number from its letters, as Excel counts: A 1, Z 26, AA 27, AB 28, BA 53."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def _text(value: Any) -> str:
    """A cell's value as the text a person meant: 3.0 -> '3', dates as ISO, no stray spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return unquote(str(value)).strip()
