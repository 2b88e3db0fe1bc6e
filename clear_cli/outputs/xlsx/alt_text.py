"""Alt text for the charts in a saved workbook, which openpyxl cannot set itself.

openpyxl builds each chart's frame afresh when it saves, with a name ("Chart 1") and no
description, so the text a screen reader reads for a chart is added to the saved file:
the ``descr`` attribute of the frame's ``cNvPr`` element in the sheet's drawing part
(``xl/drawings/drawingN.xml``), which is where Excel keeps what its Alt Text pane shows.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
FRAME = re.compile(r"<(\w+:)?graphicFrame\b.*?</\1?graphicFrame>", re.S)
CNVPR = re.compile(r"<((?:\w+:)?cNvPr)\b([^>]*?)(/?)>")


def describe_charts(path: Path, descriptions: Mapping[str, str]) -> None:
    """Give every chart on each named sheet the alt text ``descriptions[sheet]``, in place."""
    path.write_bytes(described(path.read_bytes(), descriptions))


def described(data: bytes, descriptions: Mapping[str, str]) -> bytes:
    """The workbook ``data`` (an .xlsx file's bytes) with alt text on the named sheets' charts."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        parts = {info.filename: z.read(info) for info in infos}
    for sheet, text in descriptions.items():
        drawing = _drawing_of(parts, sheet)
        if drawing is not None:
            xml = parts[drawing].decode("utf-8")
            parts[drawing] = FRAME.sub(functools.partial(_describe, text=text), xml).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            z.writestr(info, parts[info.filename])
    return buffer.getvalue()


def _describe(frame_match: re.Match[str], text: str) -> str:
    """The chart frame with ``text`` as the alt text of its first ``cNvPr`` element."""

    def attrs(m: re.Match[str]) -> str:
        kept = re.sub(r'\sdescr="[^"]*"', "", m.group(2)).rstrip()
        return f"<{m.group(1)}{kept} descr={quoteattr(text)}{m.group(3)}>"

    return CNVPR.sub(attrs, frame_match.group(0), count=1)


def _drawing_of(parts: dict[str, bytes], sheet: str) -> str | None:
    """The drawing part of the sheet called ``sheet``, following the package's relationships."""
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    rid = next((s.get(REL_ID) for s in book.iter(f"{MAIN}sheet") if s.get("name") == sheet), None)
    sheet_part = _target(parts, "xl/workbook.xml", lambda r: r.get("Id") == rid)
    if rid is None or sheet_part is None:
        return None
    return _target(parts, sheet_part, lambda r: r.get("Type", "").endswith("/drawing"))


def _target(
    parts: dict[str, bytes], source: str, match: Callable[[ElementTree.Element], bool]
) -> str | None:
    folder, name = posixpath.split(source)
    rels = parts.get(posixpath.join(folder, "_rels", f"{name}.rels"))
    if rels is None:
        return None
    for rel in ElementTree.fromstring(rels).iter(f"{PKG_REL}Relationship"):
        if match(rel):
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join(folder, target))
    return None
