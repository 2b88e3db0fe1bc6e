"""The pieces every Word document clear writes is made of, on python-docx.

- real heading styles (Title, Heading 1-3), so Word's navigation pane and screen readers
  find the structure; lists with Word's own List Number and List Bullet styles;
- tables with a header row marked to repeat on every page (``w:tblHeader``) and rows that do
  not split across pages;
- A4 with 2 cm margins; the document's title, author and subject in its core properties;
- everything a user typed goes in as plain text runs: never a field, a hyperlink or markup,
  and characters XML cannot hold (C0 controls, unpaired surrogates) are taken out first.

python-docx is imported inside the functions, so commands that do not write Word do not
pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from clear_cli.common.display import visible

#: Characters an XML 1.0 document cannot hold at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A4 and its margins, in centimetres.
A4 = (21.0, 29.7)
MARGIN_CM = 2.0
#: Text in tables, in points (body text is 10).
TABLE_PT = 8.5


def plain(value: object) -> str:
    """User text fit for a Word run: control and direction characters shown as visible
    marks (as in every other output), then anything XML cannot hold taken out."""
    return _NOT_XML.sub("", visible(str(value)))


def new_document(*, title: str, author: str, subject: str, landscape: bool = False) -> Any:
    """An empty A4 document with its core properties set."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    props = doc.core_properties
    props.title = plain(title)[:250]
    props.author = plain(author)[:250]
    props.subject = plain(subject)[:250]
    props.language = "en-GB"
    props.keywords = "CLeaR; tobacco control"
    props.comments = ""
    props.last_modified_by = "clear"
    return doc


def heading(doc: Any, text: str, level: int) -> Any:
    """A heading in Word's own style (``Title`` for level 0)."""
    return doc.add_heading(plain(text), level=level)


def paragraph(doc: Any, *parts: str | tuple[str, str], style: str | None = None) -> Any:
    """A paragraph of plain text runs; a part ``("bold", text)`` or ``("italic", text)``."""
    p = doc.add_paragraph(style=style)
    for part in parts:
        how, text = part if isinstance(part, tuple) else ("", part)
        run = p.add_run(plain(text))
        run.bold = how == "bold" or None
        run.italic = how == "italic" or None
    return p


def numbered(doc: Any, *parts: str | tuple[str, str]) -> Any:
    return paragraph(doc, *parts, style="List Number")


def bullet(doc: Any, *parts: str | tuple[str, str]) -> Any:
    return paragraph(doc, *parts, style="List Bullet")


def table(
    doc: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    widths: Sequence[float] | None = None,
    caption: str = "",
) -> Any:
    """A table whose header row repeats on every page; no row splits across two pages.
    ``caption`` goes in a paragraph above it and in the table's own description (alt text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    if caption:
        paragraph(doc, ("bold", caption), style="Caption" if _has(doc, "Caption") else None)
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.autofit = widths is None
    head = t.rows[0]
    _mark(head, "w:tblHeader", OxmlElement, qn)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(plain(text))
        run.bold = True
        _shade(cell, "D9DEE2", OxmlElement, qn)
    for values in rows:
        row = t.add_row()
        _mark(row, "w:cantSplit", OxmlElement, qn)
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(plain(text))
    for row in t.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    run.font.size = Pt(TABLE_PT)
    if widths:  # the grid (LibreOffice reads it) and every cell (Word reads those)
        for column, w in zip(t.columns, widths, strict=True):
            column.width = Cm(w)
        for row in t.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
    if caption:
        props = t._tbl.tblPr
        for name, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
            el = OxmlElement(name)
            el.set(qn("w:val"), plain(value)[:250])
            props.append(el)
    doc.add_paragraph()
    return t


def _has(doc: Any, style: str) -> bool:
    return any(s.name == style for s in doc.styles)


def _mark(row: Any, tag: str, element: Any, qn: Any) -> None:
    props = row._tr.get_or_add_trPr()
    el = element(tag)
    el.set(qn("w:val"), "true")
    props.append(el)


def _shade(cell: Any, fill: str, element: Any, qn: Any) -> None:
    props = cell._tc.get_or_add_tcPr()
    el = element("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), fill)
    props.append(el)


def page_break(doc: Any) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
