"""``clear compare --out``: the comparison as HTML or Markdown (jinja2) or a workbook (openpyxl).

The HTML and Markdown templates (``templates/compare.html.j2``, ``compare.md.j2``) share the
report's environment, stylesheet and Markdown escaping (:mod:`clear_cli.outputs.pages.report`), so
a locality's ``--templates`` folder restyles both. Output is written atomically.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from clear_cli import __version__
from clear_cli.common.errors import display_path
from clear_cli.common.text import plural
from clear_cli.core.compare import Comparison, level
from clear_cli.core.compare import answer_label as label_of
from clear_cli.core.scoring import QuestionScore
from clear_cli.models import Roadmap
from clear_cli.outputs.outfiles import Output, check_output, write_text
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.pages.templating import environment, render_template
from clear_cli.outputs.wording import (
    BIG,
    COLOURS,
    lede_of,
    pct1,
    signed,
    signed_level,
    title_of,
)
from clear_cli.outputs.xlsx.compare_xlsx import write_xlsx

TEMPLATES = {".html": "compare.html.j2", ".htm": "compare.html.j2", ".md": "compare.md.j2"}


def diff_class(value: float | None) -> str:
    return "diff-a" if value and value < 0 else ("diff-b" if value and value > 0 else "")


def text_bar(difference: float | None, scale: float, half: int = 10) -> str:
    """A diverging bar in text for Markdown: left of the centre when A is higher."""
    if difference is None:
        return ""
    n = min(half, round(abs(difference) / scale * half)) if scale else 0
    n = max(n, 1) if difference else 0
    left = ("█" * n if difference < 0 else "").rjust(half, "·")
    right = ("█" * n if difference > 0 else "").ljust(half, "·")
    return f"`{left}│{right}`"


def answer_text(q: QuestionScore) -> str:
    """The option's label and its level on the scale: "In place (3)"."""
    lvl = level(q)
    return label_of(q) if lvl is None else f"{label_of(q)} ({lvl:g})"


def context(c: Comparison, roadmap: Roadmap) -> dict[str, Any]:
    rows = [c.overall, *c.banks, *(s for b in c.banks for s in b.sections)]
    own_side = "b" if c.self_side == "b" else "a"
    sides = {"a": c.a, "b": c.b}
    return {
        "c": c,
        "title": title_of(c),
        "lede": lede_of(c),
        "colours": COLOURS,
        "big": BIG,
        "scale": math.ceil(
            max([BIG, *(abs(r.difference) for r in rows if r.difference is not None)])
        ),
        "own_side": own_side,
        "own": sides[own_side],
        "other": sides["a" if own_side == "b" else "b"],
        "actions": {s.number: s.actions[0] for s in roadmap.stops},
        "generated": dt.date.today().isoformat(),
        "version": __version__,
    }


def render_page(c: Comparison, roadmap: Roadmap, fmt: str, templates: Path | None = None) -> str:

    env = environment(templates)
    env.filters["signed"] = signed
    env.filters["pct1"] = pct1
    env.filters["diffclass"] = diff_class
    env.filters["textbar"] = text_bar
    env.filters["answer_text"] = answer_text
    env.filters["signed_level"] = signed_level
    env.filters["plural"] = plural
    values = {**context(c, roadmap), "generator": GENERATOR_MARK}
    return render_template(env, TEMPLATES[fmt], values, templates)


def check_out(out: Path, inputs: list[Path], *, force: bool, kind: str = "compare") -> Output:
    """The checked output (see :mod:`clear_cli.outputs.outfiles`), or a UserError saying why not."""
    return check_output(out, kind=kind, inputs=inputs, force=force)


def write_comparison(
    c: Comparison, roadmap: Roadmap, output: Output, templates: Path | None = None
) -> str:
    """Render and write atomically; ``output`` from :func:`check_out`."""
    if output.suffix == ".xlsx":
        write_xlsx(c, output)
        return display_path(output.path)
    return write_text(output, render_page(c, roadmap, output.suffix, templates))
