"""``clear show BANK --out PACK.html|PACK.md``: a printable workshop pack.

Each question with its guidance, its answer options and what they mean (tick boxes), and
space to write evidence and notes, so partners can prepare before the workshop. Each
section starts on a new page when printed. Shares the report's jinja2 environment,
stylesheet and escaping.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clear_cli import __version__
from clear_cli.outputs.outfiles import check_output, write_text
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.pages.templating import environment, render_template
from clear_cli.sources.catalogue import Catalogue, load_catalogue, resolve
from clear_cli.sources.workbook.layout import wording

TEMPLATES = {".html": "pack.html.j2", ".htm": "pack.html.j2", ".md": "pack.md.j2"}
#: ``--compact``: questions and scale only, a line for evidence, guidance in an appendix.
COMPACT = {
    ".html": "pack-compact.html.j2",
    ".htm": "pack-compact.html.j2",
    ".md": "pack-compact.md.j2",
}


def write_pack(names: list[str], out: Path, *, force: bool = False, compact: bool = False) -> str:
    """Write the pack for the banks ``names`` (ids, groups or paths) to ``out``."""

    inputs = [p for p in resolve(names) if isinstance(p, Path)]
    output = check_output(out, kind="pack", inputs=inputs, force=force)
    return write_text(output, render(load_catalogue(names), output.suffix, compact=compact))


def render(catalogue: Catalogue, fmt: str, *, compact: bool = False) -> str:

    bank_words = wording()["bank"]
    values = {
        "banks": list(catalogue.banks.values()),
        "roadmap": catalogue.roadmap,
        "na_label": bank_words["na_label"],
        "na_meaning": bank_words["na_meaning"],
        "generated": dt.date.today().isoformat(),
        "version": __version__,
        "generator": GENERATOR_MARK,
    }
    template = (COMPACT if compact else TEMPLATES)[fmt]
    return render_template(environment(), template, values, None)
