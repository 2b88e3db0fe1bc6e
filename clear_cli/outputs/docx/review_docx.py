"""``clear review --out REPORT.docx``: the peer review report in Word."""

from __future__ import annotations

from clear_cli.core.review import Review
from clear_cli.outputs.docx.blocks_docx import add_blocks
from clear_cli.outputs.docx.document import new_document
from clear_cli.outputs.outfiles import Output, write_document
from clear_cli.outputs.review_blocks import build_blocks


def write_review_docx(review: Review, output: Output) -> str:
    doc = new_document(
        title=f"Peer review: {review.own.locality}",
        author="; ".join(review.reviewers) or "CLeaR peer review team",
        subject="CLeaR peer review report",
    )
    add_blocks(doc, build_blocks(review))
    return write_document(output, doc)
