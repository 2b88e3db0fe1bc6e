"""Write a list of report blocks (:mod:`clear_cli.outputs.review_blocks`) into a Word document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clear_cli.outputs.docx.document import heading, page_break, paragraph, table
from clear_cli.outputs.review_blocks import Block, Heading, Items, PageBreak, Para, Table


def add_blocks(doc: Any, blocks: Sequence[Block]) -> None:
    for b in blocks:
        if isinstance(b, Heading):
            heading(doc, b.text, b.level)
        elif isinstance(b, Para):
            p = paragraph(doc, *b.parts)
            if b.kind in ("draft", "space"):
                _box(p)
        elif isinstance(b, Items):
            style = "List Number" if b.numbered else "List Bullet"
            for item in b.items:
                paragraph(doc, *item, style=style)
        elif isinstance(b, Table):
            t = table(doc, b.header, b.rows, widths=b.widths, caption=b.caption)
            _right_align(t, b.numeric)
        elif isinstance(b, PageBreak):
            page_break(doc)


#: What follows ``w:pBdr`` in a paragraph's properties: Word wants them in schema order.
_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _box(p: Any) -> None:
    """A light left border: drafted text and space to fill in stand out in print too."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "A0522D")):
        left.set(qn(k), v)
    borders.append(left)
    p._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def _right_align(t: Any, columns: set[int]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for row in t.rows:
        for i, cell in enumerate(row.cells):
            if i in columns:
                for p in cell.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
