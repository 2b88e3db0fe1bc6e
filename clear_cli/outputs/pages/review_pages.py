"""``clear review --out``: the peer review report as HTML or Markdown (jinja2), or Word.

All three are written from one list of blocks (:mod:`clear_cli.outputs.review_blocks`); the
HTML and Markdown templates (``templates/review.html.j2``, ``review.md.j2``) share the report's
sandboxed environment, stylesheet and escaping, so a ``--templates`` folder restyles them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clear_cli import __version__
from clear_cli.core.review import Review
from clear_cli.outputs.docx.review_docx import write_review_docx
from clear_cli.outputs.outfiles import Output, check_output, write_text
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.pages.templating import environment, render_template
from clear_cli.outputs.review_blocks import build_blocks

TEMPLATES = {".html": "review.html.j2", ".htm": "review.html.j2", ".md": "review.md.j2"}
DOCX = ".docx"


def check_review_out(out: Path, inputs: list[Path], *, force: bool) -> Output:
    return check_output(out, kind="review", inputs=inputs, force=force)


def render_review(review: Review, fmt: str, templates: Path | None = None) -> str:
    values = {
        "blocks": build_blocks(review),
        "sources": [s for s in (review.own.source, review.peer.source) if s],
        "generated": dt.date.today().isoformat(),
        "version": __version__,
        "generator": GENERATOR_MARK,
    }
    return render_template(environment(templates), TEMPLATES[fmt], values, templates)


def write_review(review: Review, output: Output, templates: Path | None = None) -> str:
    if output.suffix == DOCX:
        return write_review_docx(review, output)
    return write_text(output, render_review(review, output.suffix, templates))
