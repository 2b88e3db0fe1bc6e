"""The one rule for every file clear writes (report, compare --out, export, template, ...).

An existing file is replaced only

- with ``--force``, or
- when clear wrote it and nobody has changed it since, whatever it was written from (so a
  report can be written again after its answers file changed, as the README's walkthrough
  does).

To know the second, every file clear writes carries a small record: the kind of output, a
digest of the input files' full paths (never the paths themselves; kept for the reader of a
file, not used by the rule), and a SHA-256 of the file's own content. HTML and Markdown
carry it in a last-line comment (``<!-- clear-output ... -->``); a workbook in its document
properties (the identifier), with the digest taken over every part of the workbook but those
properties. A report edited by hand, or a workbook re-saved in Excel or LibreOffice, no
longer matches its record, so it is never replaced without ``--force``.

Otherwise the command stops with exit 2, naming the file and ``--force``. A read-only file is
never replaced without ``--force`` (with it, the new file keeps the old permissions). Only
regular files are replaced, and every write is atomic (:mod:`clear_cli.common.atomic`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clear_cli.common.atomic import (
    not_written,
    replace_atomically,
    resolve_target,
    write_text_atomically,
)
from clear_cli.common.cells import MAX_CELL_TEXT, cut_cells, safe_properties
from clear_cli.common.display import say
from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.outputs.formats import FORMATS
from clear_cli.outputs.xlsx.alt_text import described

RECORD = "clear-output"
_RECORD_RE = re.compile(
    rf"{RECORD} 1 (?P<kind>[a-z-]+) "
    r"source=(?P<source>[0-9a-f]{16}) sha256=(?P<sha>[0-9a-f]{64})"
)
#: How a record is written in each text format (before, after).
_COMMENTS = {
    ".html": ("<!-- ", " -->"),
    ".htm": ("<!-- ", " -->"),
    ".md": ("<!-- ", " -->"),
    ".yaml": ("# ", ""),
    ".yml": ("# ", ""),
}
_CORE = "docProps/core.xml"
#: Outputs that are zip packages with core properties (Excel and Word): the record is kept
#: in the properties' identifier, the digest taken over every other part.
_ZIPPED = (".xlsx", ".docx")
_PENDING = "0" * 64
#: Bigger than anything clear writes: such a file is not read to check its record.
_MAX_CHECKED = 256 * 1024 * 1024


@dataclass(frozen=True)
class Output:
    """A checked output path: where to write, in which format, and the record it gets."""

    path: Path
    suffix: str
    kind: str  # the command that writes it: report, compare, export, template...
    source: str  # digest of the inputs

    def record(self, sha: str) -> str:
        return f"{RECORD} 1 {self.kind} source={self.source} sha256={sha}"


def source_digest(kind: str, inputs: Iterable[str | Path]) -> str:
    """A short digest of what an output is made from: files by full path, bank ids as given."""
    names = sorted(_identity(i) for i in inputs)
    return hashlib.sha256("\0".join([kind, *names]).encode("utf-8", "replace")).hexdigest()[:16]


def _identity(item: str | Path) -> str:
    path = Path(item)
    try:
        if path.exists():
            return os.path.realpath(path)
    except OSError:
        pass
    return str(item)


def check_output(
    out: Path,
    *,
    kind: str,
    inputs: Sequence[str | Path] = (),
    force: bool = False,
) -> Output:
    """Check ``out`` before any work is done; a UserError says what is wrong and what to do.

    The suffixes ``kind`` can be written as come from :data:`~clear_cli.outputs.formats.FORMATS`.
    """
    formats = FORMATS[kind]
    shown = display_path(out)
    suffix = out.suffix.lower()
    if suffix not in formats:
        wanted = ", ".join(dict.fromkeys(formats))
        raise UserError.one(
            shown, f"cannot write '{suffix or 'no suffix'}': give a file name ending in {wanted}"
        )
    target = resolve_target(out)
    folder = target.parent
    if not folder.is_dir():
        raise UserError.one(
            shown, f"folder '{display_path(folder)}' does not exist: create it first"
        )
    real = os.path.realpath(target)
    for i in inputs:
        if Path(i).exists() and os.path.realpath(i) == real:
            raise UserError.one(shown, "is one of the input files: give another --out name")
    output = Output(out, suffix, kind, source_digest(kind, inputs))
    try:
        st = target.stat()
    except FileNotFoundError:
        return output
    except OSError as exc:
        raise UserError.one(shown, f"cannot be checked: {exc.strerror or exc}") from None
    if force:
        return output
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise UserError.one(
            shown,
            "already exists and is read-only, so clear will not replace it; use --force to "
            "replace it anyway, or choose another --out name",
        )
    why = _why_not_ours(target, output)
    if why:
        raise UserError.one(
            shown,
            f"already exists and {why}; use --force to replace it, or choose another --out name",
        )
    return output


def _why_not_ours(path: Path, output: Output) -> str:
    """Empty when clear wrote ``path`` and it is unchanged since; else why it may not go."""
    try:
        if path.stat().st_size > _MAX_CHECKED:
            return "was not written by clear"
        if output.suffix in _ZIPPED:
            found = _workbook_record(path)
        elif output.suffix == ".json":
            found = _json_record(path)
        else:
            found = _text_record(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RuntimeError):
        found = None
    if found is None:
        return "was not written by clear"
    _kind, _source, recorded, actual = found
    if recorded != actual:
        return "was changed since clear wrote it"
    return ""


# ---------------------------------------------------------------- text (HTML, Markdown, YAML)


def write_text(output: Output, text: str) -> str:
    """Write ``text`` with its record as the last line; returns the path as shown to users."""
    if not text.endswith("\n"):
        text += "\n"
    before, after = _COMMENTS.get(output.suffix, ("<!-- ", " -->"))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    write_text_atomically(output.path, f"{text}{before}{output.record(sha)}{after}\n")
    return display_path(output.path)


def _text_record(path: Path) -> tuple[str, str, str, str] | None:
    data = path.read_bytes()
    tail = data[-4096:].decode("utf-8", "replace")
    found = list(_RECORD_RE.finditer(tail))
    if not found:
        return None
    m = found[-1]
    cut = data.rfind(m.group().encode("utf-8"))
    start = data.rfind(b"\n", 0, cut) + 1
    end = data.find(b"\n", cut)
    after = data[end + 1 :] if end >= 0 else b""
    actual = hashlib.sha256(data[:start]).hexdigest()
    if after.strip():
        actual = "changed after the record"
    return m["kind"], m["source"], m["sha"], actual


# ---------------------------------------------------------------- JSON

#: The key of a JSON output that holds its record (JSON has no comments).
JSON_RECORD = "_written_by"


def write_json(output: Output, data: dict[str, Any], dump: Callable[[dict[str, Any]], str]) -> str:
    """Write ``data`` as JSON with its record as the last key, ``_written_by``.

    The SHA-256 is of the text with the record's own hash left as zeros, so checking it
    needs nothing but the file: a sidecar could be lost, copied or forged apart from it.
    """
    pending = output.record(_PENDING)
    text = dump({**data, JSON_RECORD: pending})
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    write_text_atomically(output.path, text.replace(pending, output.record(sha), 1))
    return display_path(output.path)


def _json_record(path: Path) -> tuple[str, str, str, str] | None:
    data = path.read_bytes()
    tail = data[-4096:].decode("utf-8", "replace")
    found = list(_RECORD_RE.finditer(tail))
    if not found or f'"{JSON_RECORD}"' not in tail:
        return None
    m = found[-1]
    record = m.group().encode("utf-8")
    pending = record.replace(m["sha"].encode(), _PENDING.encode())
    at = data.rfind(record)
    actual = hashlib.sha256(data[:at] + pending + data[at + len(record) :]).hexdigest()
    return m["kind"], m["source"], m["sha"], actual


# ---------------------------------------------------------------- workbooks


def write_workbook(output: Output, wb: Any, *, alt_text: Mapping[str, str] | None = None) -> str:
    """Save an openpyxl workbook with its record, in one step.

    The workbook is saved in memory first, so only clear's own write can fail on a full
    disk (openpyxl, failing part way through a file, leaves its half-written zip to be
    closed, noisily, later) and the record is stamped before anything touches the disk.
    """
    wb.properties.identifier = output.record(_PENDING)
    safe_properties(wb.properties)  # a locality with ESC in the title must not break the file
    buffer = io.BytesIO()
    failed: OSError | None = None
    try:
        wb.save(buffer)  # a write-only workbook still spools its sheets through temporary files
    except Exception as exc:
        io_error = _io_error(exc)
        if io_error is None:
            raise
        failed = OSError(io_error.errno, io_error.strerror)  # no traceback holding openpyxl's zip
        del io_error
    if failed is not None:
        # Outside the handler, the half-written zip is no longer held by the traceback, so it
        # is closed now, quietly, while the buffer it writes to is still open.
        _close_quietly(wb)
        raise not_written(output.path, failed, output.path.exists()) from None
    data = buffer.getvalue()
    if alt_text:  # openpyxl cannot describe a chart itself
        data = described(data, alt_text)
    data = _stamped(data, output)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            fh.write(data)

    replace_atomically(output.path, write)
    shown = display_path(output.path)
    for sheet, cell, length in cut_cells(wb):
        place = f"sheet '{sheet}', {cell}" if cell else f"sheet '{sheet}'"
        problem = Problem(
            shown,
            place,
            f"a text of {length:,} characters is more than a cell holds ({MAX_CELL_TEXT:,}): "
            "the cell keeps its start, ending in '…', and the rest is not in this "
            "workbook; a .yaml, .md or .html --out (where the command has one) keeps it whole",
        )
        say(f"warning: {problem}", err=True)
    return shown


def _io_error(exc: BaseException) -> OSError | None:
    """The failed write behind ``exc``: an OSError, or lxml's report of one (``IO_EFBIG``:
    openpyxl spools sheets through temporary files with lxml, which words the error itself),
    looking through the errors raised while handling it."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, OSError):
            return seen
        found = re.search(r"\bIO_(E[A-Z]+)\b", str(seen))
        if found and type(seen).__module__.startswith("lxml"):
            code = getattr(errno, found.group(1), errno.EIO)
            return OSError(code, os.strerror(code))
        seen = seen.__cause__ or seen.__context__
    return None


def write_document(output: Output, doc: Any) -> str:
    """Save a python-docx document with its record (as :func:`write_workbook` does)."""
    doc.core_properties.identifier = output.record(_PENDING)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = _stamped(buffer.getvalue(), output)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            fh.write(data)

    replace_atomically(output.path, write)
    return display_path(output.path)


@contextlib.contextmanager
def building(output: Output, wb: Any) -> Iterator[None]:
    """Around building a workbook for ``output``. A write-only workbook spools its sheets
    through temporary files as rows are added, so a full disk can fail while it is built, not
    only when it is saved: that gets the same message as a failed save, exit 2, and the old
    file is left as it was."""
    failed: OSError | None = None
    try:
        yield
    except OSError as exc:
        failed = OSError(exc.errno, exc.strerror)
    if failed is not None:
        _close_quietly(wb)
        raise not_written(output.path, failed, output.path.exists()) from None


def _close_quietly(wb: Any) -> None:
    """Close what openpyxl left open after a failed save (a write-only workbook's row
    writers), so it is not closed later with a traceback on stderr."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        for ws in getattr(wb, "worksheets", []):
            writer = getattr(ws, "_writer", None)
            for gen in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
                if gen is not None and hasattr(gen, "close"):
                    with contextlib.suppress(Exception):
                        gen.close()
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _parts_digest(z: zipfile.ZipFile) -> str:
    h = hashlib.sha256()
    total = 0
    for info in sorted(z.infolist(), key=lambda i: i.filename):
        if info.filename == _CORE:
            continue
        total += info.file_size
        if total > _MAX_CHECKED:
            raise ValueError("too large to check")
        h.update(info.filename.encode("utf-8") + b"\0")
        with z.open(info) as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                h.update(chunk)
        h.update(b"\0")
    return h.hexdigest()


def _stamped(data: bytes, output: Output) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sha = _parts_digest(z)
        parts = [(info, z.read(info)) for info in z.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info, part in parts:
            if info.filename == _CORE:
                part = part.replace(
                    output.record(_PENDING).encode("utf-8"), output.record(sha).encode("utf-8")
                )
            new.writestr(info, part)
    return buffer.getvalue()


def _workbook_record(path: Path) -> tuple[str, str, str, str] | None:
    with zipfile.ZipFile(path) as z:
        core = z.read(_CORE).decode("utf-8", "replace")
        m = _RECORD_RE.search(core)
        if m is None:
            return None
        return m["kind"], m["source"], m["sha"], _parts_digest(z)
