"""Read a Fingertips data download (the website's CSV or the API's), streamed, in bounded memory.

A full national download of the Smoking Profile is tens of megabytes: it is read row by row and
only the rows a fill needs are kept (the indicators the bank names, for the area, England and
the area's similar-areas group). The file is checked as it goes:

- the header must be a Fingertips one (27 columns; ``AreaName`` for ``Area Name`` and the 23rd
  column named after the parent are accepted; columns are found by name, not position);
- a byte-order mark is skipped; text that is not UTF-8 (a file saved by Excel as cp1252) is read
  as cp1252, byte by byte where needed;
- a NUL byte, a line longer than :data:`MAX_LINE` characters, a field longer than the csv limit,
  a row with the wrong number of fields or a value that is not a number is one located problem
  (``file:line``), and nothing is changed.

Strings from the file are made one-line and visible before they go anywhere else.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from clear_cli.common.display import visible
from clear_cli.common.errors import UserError, display_path
from clear_cli.sources.inputs import kind_of

ENGLAND = "E92000001"
#: A line of a download is a few hundred characters; a line longer than this is not one.
MAX_LINE = 1 << 20
#: A single field (an indicator name, a note) is never near this long.
MAX_FIELD = 64 * 1024
CHUNK = 1 << 20

#: The columns a fill reads, by their names in the download (normalised: case and spaces aside).
COLUMNS = {
    "indicator_id": "indicator id",
    "indicator_name": "indicator name",
    "parent_code": "parent code",
    "parent_name": "parent name",
    "area_code": "area code",
    "area_name": "area name",
    "area_type": "area type",
    "sex": "sex",
    "age": "age",
    "category_type": "category type",
    "category": "category",
    "period": "time period",
    "value": "value",
    "lower_ci": "lower ci 95.0 limit",
    "upper_ci": "upper ci 95.0 limit",
    "count": "count",
    "denominator": "denominator",
    "value_note": "value note",
    "recent_trend": "recent trend",
    "compared_england": "compared to england value or percentiles",
    "sortable": "time period sortable",
}
#: Other spellings seen in downloads.
ALIASES = {"areaname": "area name", "areacode": "area code"}
NUMBERS = ("value", "lower_ci", "upper_ci", "count", "denominator")


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refused as cp1252 (a file saved by Excel), one by one."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("clear-cp1252", _cp1252_bytes)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a download that a fill may use."""

    line: int
    indicator_id: int
    indicator_name: str
    parent_code: str
    parent_name: str
    area_code: str
    area_name: str
    sex: str
    age: str
    category_type: str
    period: str
    sortable: int
    value: float | None
    lower_ci: float | None
    upper_ci: float | None
    count: float | None
    denominator: float | None
    value_note: str
    recent_trend: str
    compared_england: str
    compared_parent: str

    @property
    def is_group_parent(self) -> bool:
        """Whether the row's parent is a similar-areas group (``nn-<type>-<area code>``)."""
        return self.parent_code.casefold().startswith("nn-")


@dataclass
class Download:
    """The rows kept from one download, and what a reader needs to cite it."""

    path: Path
    name: str
    sha256: str
    area: str
    rows: list[Row] = field(default_factory=list)
    areas_seen: int = 0
    parent_column: str = ""  # the 23rd column's name, as the file writes it


def scan(fh: BinaryIO, shown: str) -> str:
    """The SHA-256 of the file, checking first that it has no NUL byte and no endless line.

    One pass in large chunks at the speed of the disk; the line of a problem is counted only
    when there is one.
    """
    digest = hashlib.sha256()
    offset = 0
    run = 0  # bytes since the last newline
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
        nul = chunk.find(b"\0")
        if nul >= 0:
            raise UserError.one(
                shown,
                "holds a NUL byte, so it is not a text CSV file: download the data again "
                "from Fingertips (or save it from the spreadsheet as CSV)",
                str(_line_at(fh, offset + nul)),
            )
        last = chunk.rfind(b"\n")
        if last < 0:
            run += len(chunk)
        else:
            first = chunk.find(b"\n")
            if run + first > MAX_LINE:
                raise _too_long(shown, _line_at(fh, offset + first))
            run = len(chunk) - last - 1
            if last - first > MAX_LINE and _longest(chunk[first:last]) > MAX_LINE:
                raise _too_long(shown, _line_at(fh, offset + first + 1))
        if run > MAX_LINE:
            raise _too_long(shown, _line_at(fh, offset + len(chunk) - 1))
        offset += len(chunk)
    fh.seek(0)
    return digest.hexdigest()


def _longest(block: bytes) -> int:
    return max(len(line) for line in block.split(b"\n"))


def _too_long(shown: str, line: int) -> UserError:
    return UserError.one(
        shown,
        f"has a line longer than {MAX_LINE // 1024} KiB, so it is not a Fingertips "
        "download: download the data again",
        str(line),
    )


def _line_at(fh: BinaryIO, offset: int) -> int:
    """The line number of byte ``offset`` (counted again from the start: only for a problem)."""
    fh.seek(0)
    lines = 1
    done = 0
    while done < offset and (chunk := fh.read(min(CHUNK, offset - done))):
        lines += chunk.count(b"\n")
        done += len(chunk)
    return lines


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; else one located UserError."""
    shown = display_path(path)
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        raise UserError.one(shown, "file not found") from None
    except IsADirectoryError:
        raise UserError.one(shown, "is a folder, not a Fingertips download") from None
    except OSError as exc:
        raise UserError.one(shown, f"cannot be read: {exc.strerror or exc}") from None
    mode = os.fstat(fh.fileno()).st_mode
    if not stat.S_ISREG(mode):
        fh.close()
        raise UserError.one(
            shown, f"is {kind_of(mode)}, not a Fingertips download: only regular files are read"
        )
    return fh


def _norm(name: str) -> str:
    text = " ".join(name.replace("\ufeff", "").split()).casefold()
    return ALIASES.get(text, text)


def header_index(header: list[str], shown: str) -> tuple[dict[str, int], str]:
    """Where each column a fill reads is, and the name of the parent's comparison column."""
    names = [_norm(h) for h in header]
    where: dict[str, int] = {}
    missing: list[str] = []
    for key, name in COLUMNS.items():
        if name in names:
            where[key] = names.index(name)
        else:
            missing.append(name)
    parent = [
        i
        for i, n in enumerate(names)
        if n.startswith("compared to ")
        and n not in ("compared to england value or percentiles", "compared to goal")
    ]
    if missing or len(header) < len(COLUMNS):
        wanted = ", ".join(f"'{m}'" for m in missing[:4]) or "columns"
        raise UserError.one(
            shown,
            f"is not a Fingertips data download: its header lacks {wanted} "
            "(expected the 27-column header starting 'Indicator ID,Indicator Name,Parent Code'): "
            "download the data from the Smoking Profile's Download page, or use "
            "clear results fetch",
            "1",
        )
    if parent:
        where["compared_parent"] = parent[0]
    return where, visible(header[parent[0]], one_line=True) if parent else ""


def _number(text: str, shown: str, line: int, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise UserError.one(
            shown,
            f"'{visible(text[:30], one_line=True)}' in column '{column}' is not a number",
            str(line),
        )
    return value


def read_download(path: Path, area: str, indicator_ids: set[int]) -> Download:
    """The rows of ``path`` for ``indicator_ids`` and ``area`` (with England and its group).

    Raises one located UserError for a file that is not a Fingertips download or is damaged,
    and for an area the file holds no row for.
    """
    shown = display_path(path)
    wanted_ids = {str(i) for i in indicator_ids}
    suffix = f"-{area}"
    keep_areas = {area, ENGLAND}
    fh = open_regular(path)
    try:
        sha = scan(fh, shown)
    except BaseException:
        fh.close()
        raise
    text = io.TextIOWrapper(fh, encoding="utf-8", errors="clear-cp1252", newline="")
    download = Download(path=path, name=path.name, sha256=sha, area=area)
    areas: set[str] = set()
    old_limit = csv.field_size_limit(MAX_FIELD)
    try:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise UserError.one(shown, "is empty: it holds no Fingertips data")
        where, download.parent_column = header_index(header, shown)
        width = len(header)
        i_id, i_area, i_parent = where["indicator_id"], where["area_code"], where["parent_code"]
        for row in reader:
            if len(row) != width:
                if not row:
                    continue
                raise UserError.one(
                    shown,
                    f"has {len(row)} fields where the header has {width}: the file is cut "
                    "short or damaged; download it again",
                    str(reader.line_num),
                )
            if row[i_id] not in wanted_ids:
                continue
            code = row[i_area]
            areas.add(code)
            if code in keep_areas or row[i_parent].endswith(suffix):
                download.rows.append(_row(row, where, shown, reader.line_num))
    except csv.Error as exc:
        raise UserError.one(
            shown,
            f"is not a readable CSV file ({exc}): download it again",
            str(max(1, reader.line_num)),
        ) from None
    finally:
        csv.field_size_limit(old_limit)
        text.close()
    download.areas_seen = len(areas)
    if areas and area not in areas:
        raise UserError.one(
            shown,
            f"holds no rows for area {area} (it holds {len(areas)} areas for these indicators): "
            "check the area code, or download the data for that area",
        )
    return download


def _row(row: list[str], where: dict[str, int], shown: str, line: int) -> Row:
    def text(key: str) -> str:
        i = where.get(key)
        return visible(row[i].strip(), one_line=True) if i is not None else ""

    numbers = {k: _number(row[where[k]], shown, line, COLUMNS[k]) for k in NUMBERS}
    try:
        indicator_id = int(row[where["indicator_id"]])
        sortable = int(row[where["sortable"]] or 0)
    except ValueError:
        raise UserError.one(
            shown, "'Time period Sortable' is not a whole number", str(line)
        ) from None
    return Row(
        line=line,
        indicator_id=indicator_id,
        indicator_name=text("indicator_name"),
        parent_code=text("parent_code"),
        parent_name=text("parent_name"),
        area_code=text("area_code"),
        area_name=text("area_name"),
        sex=text("sex"),
        age=text("age"),
        category_type=text("category_type"),
        period=text("period"),
        sortable=sortable,
        value_note=text("value_note"),
        recent_trend=text("recent_trend"),
        compared_england=text("compared_england"),
        compared_parent=text("compared_parent"),
        **numbers,
    )
