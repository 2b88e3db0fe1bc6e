"""``clear plan``: write the plan the command built as a workbook, an HTML page or Markdown.

HTML and Markdown share the report's jinja2 environment, stylesheet and escaping.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clear_cli import __version__
from clear_cli.core.plan import Plan
from clear_cli.models.plan_table import COLUMNS, STATUSES
from clear_cli.outputs.docx.plan_docx import write_plan_docx
from clear_cli.outputs.outfiles import Output, check_output, write_text
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.pages.templating import environment, render_template
from clear_cli.outputs.xlsx.plan_xlsx import write_plan_workbook

TEMPLATES = {".html": "plan.html.j2", ".htm": "plan.html.j2", ".md": "plan.md.j2"}
WORKBOOK = ".xlsx"
DOCX = ".docx"


def check_plan_out(out: Path, inputs: list[Path], *, force: bool) -> Output:
    """The checked output; refuse what the output rule (:mod:`.outfiles`) refuses."""

    return check_output(out, kind="plan", inputs=inputs, force=force)


def write_plan(plan: Plan, output: Output, source: str) -> None:
    """Write ``plan`` (built from the assessment at ``source``) to the checked ``output``."""
    if output.suffix == WORKBOOK:
        write_plan_workbook(plan, output, source)
    elif output.suffix == DOCX:
        write_plan_docx(plan, output, source)
    else:
        write_text(output, render(plan, output.suffix, source))


def render(plan: Plan, fmt: str, source: str) -> str:

    values = {
        "plan": plan,
        "columns": COLUMNS,
        "statuses": STATUSES,
        "source": source,
        "generated": dt.date.today().isoformat(),
        "version": __version__,
        "generator": GENERATOR_MARK,
    }
    return render_template(environment(), TEMPLATES[fmt], values, None)
