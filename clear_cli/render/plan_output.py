"""``clear plan``: read the assessment (and last year's plan), build the plan, write it as a
workbook, an HTML page or Markdown.

Every problem with the inputs and the output path is reported at once, before anything is
written. HTML and Markdown share the report's jinja2 environment, stylesheet and escaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clear_cli import __version__
from clear_cli.answers import Assessment
from clear_cli.data import start_here_wording
from clear_cli.errors import Problem, UserError, display_path
from clear_cli.loader import load_assessment
from clear_cli.outfiles import Output, write_text
from clear_cli.plan import COLUMNS, STATUSES, OldRow, Plan, build_plan
from clear_cli.scoring import score_assessment

TEMPLATES = {".html": "plan.html.j2", ".htm": "plan.html.j2", ".md": "plan.md.j2"}
WORKBOOK = ".xlsx"


@dataclass(frozen=True)
class Written:
    out: str
    plan: Plan
    warnings: list[Problem]


def check_plan_out(out: Path, inputs: list[Path], *, force: bool) -> Output:
    """The checked output (see :mod:`clear_cli.outfiles`); refuse what the output rule refuses."""
    from clear_cli.outfiles import check_output

    formats = [WORKBOOK, *TEMPLATES]
    return check_output(out, kind="plan", formats=formats, inputs=inputs, force=force)


def write_plan(
    file: Path,
    out: Path,
    *,
    previous: Path | None = None,
    force: bool = False,
    banks: Sequence[Path] = (),
) -> Written:
    """Read ``file`` (and ``previous``), and write its action plan to ``out``."""
    problems: list[Problem] = []
    inputs = [file, *([previous] if previous else [])]
    output: Output | None = None
    assessment: Assessment | None = None
    old: dict[str, OldRow] | None = None
    try:
        output = check_plan_out(out, inputs, force=force)
    except UserError as exc:
        problems.extend(exc.problems)
    try:
        assessment = load_assessment(file, banks)
    except UserError as exc:
        problems.extend(exc.problems)
    if previous is not None:
        from clear_cli.workbook.plan_reader import read_plan

        try:
            old = read_plan(previous)
        except UserError as exc:
            problems.extend(exc.problems)
    if problems or assessment is None or output is None:
        raise UserError(problems)
    card = score_assessment(assessment)
    plan = build_plan(
        card,
        assessment.catalogue,
        start_here_wording(),
        old,
        display_path(previous) if previous else None,
    )
    source = display_path(assessment.source or file)
    if output.suffix == WORKBOOK:
        from clear_cli.workbook.plan_xlsx import write_plan_workbook

        write_plan_workbook(plan, output, source)
    else:
        write_text(output, render(plan, output.suffix, source))
    return Written(display_path(out), plan, list(assessment.warnings))


def render(plan: Plan, fmt: str, source: str) -> str:
    from clear_cli.render.report import GENERATOR_MARK
    from clear_cli.render.templating import environment, render_template

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
