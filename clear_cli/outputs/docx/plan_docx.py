"""``clear plan FILE --out PLAN.docx``: the action plan in Word, on landscape A4.

The same rows as the workbook, one table per roadmap stop (its header row repeated on every
page), Owner, Due, Status and Notes left for the alliance to fill in; then the questions still
to answer and, with ``--previous``, what has closed since.
"""

from __future__ import annotations

from clear_cli.core.plan import Plan
from clear_cli.models.plan_table import COLUMNS, STATUSES
from clear_cli.outputs.docx.blocks_docx import add_blocks
from clear_cli.outputs.docx.document import new_document
from clear_cli.outputs.outfiles import Output, write_document
from clear_cli.outputs.review_blocks import Block, Heading, Para, Table

#: Column widths in centimetres, over landscape A4's 25.7 cm of text.
WIDTHS = [1.5, 1.1, 1.2, 3.6, 1.6, 1.6, 3.6, 2.2, 3.0, 1.7, 1.3, 1.5, 1.8]


def _due(value: object) -> str:
    iso = getattr(value, "isoformat", None)
    return str(iso()) if callable(iso) else str(value)


def plan_blocks(plan: Plan, source: str) -> list[Block]:
    who = "self-assessment" if plan.assessment == "self" else "peer assessment"
    when = f" of {plan.date.strftime('%-d %B %Y')}" if plan.date else ""
    out: list[Block] = [Heading(0, f"Action plan: {plan.locality}")]
    out.append(
        Para(
            [
                f"From the CLeaR {who}{when} ({source}): one row per answered question below its "
                f"target. Owner, Due, Status ({', '.join(STATUSES)}) and Notes are for the "
                "alliance to fill in."
            ],
            "muted",
        )
    )
    if plan.start:
        out.append(
            Para(
                [
                    ("bold", f"Where to start: stop {plan.start.number}, {plan.start.title}. "),
                    plan.reason,
                ]
            )
        )
    else:
        out.append(Para([plan.reason]))
    if plan.all_actions:
        out.append(
            Para(
                [
                    f"The first {len(plan.rows)} of {plan.all_actions} actions by priority "
                    f"({plan.not_shown} more not shown: run clear plan without --top for them all)."
                ]
            )
        )
    out.append(Heading(1, "Actions by roadmap stop"))
    if not plan.groups:
        out.append(Para(["No answered question is below its target: nothing to plan."]))
    for g in plan.groups:
        if g.stop:
            tag = " (start here)" if g.start else ""
            shortfall = f", shortfall {g.shortfall:.0f}%" if g.shortfall is not None else ""
            title = f"Stop {g.stop.number}: {g.stop.title}{tag}{shortfall}"
        else:
            title = "Outcomes: results below their target that point to no stop"
        out.append(Heading(2, title))
        rows = [
            [
                str(r.priority),
                str(r.stop.number) if r.stop else "",
                r.id,
                r.question,
                r.now,
                r.target,
                r.action,
                r.leads,
                r.success,
                r.tracking.owner,
                _due(r.tracking.due),
                r.tracking.status,
                r.tracking.notes,
            ]
            for r in g.rows
        ]
        out.append(Table(title, list(COLUMNS), rows, {0, 1}, WIDTHS))
    out.append(Heading(1, "To answer"))
    if plan.to_answer:
        out.append(
            Table(
                "Questions still to answer",
                ["ID", "Bank", "Question", "Stops"],
                [
                    [
                        q.id,
                        plan.bank_titles.get(q.bank_id, q.bank_id),
                        q.question.text,
                        ", ".join(str(s) for s in q.question.stops),
                    ]
                    for q in plan.to_answer
                ],
                widths=[1.6, 5.0, 16.6, 2.5],
            )
        )
    else:
        out.append(Para(["Every question is answered."]))
    if plan.previous:
        out.append(Heading(1, "Closed since last plan"))
        if plan.closed:
            out.append(
                Table(
                    f"In {plan.previous} and no longer a gap",
                    ["ID", "Question", "Was", "Now", "Owner", "Due", "Status", "Notes"],
                    [
                        [
                            c.old.id,
                            c.old.question,
                            c.old.now,
                            c.now,
                            c.old.tracking.owner,
                            _due(c.old.tracking.due),
                            c.old.tracking.status,
                            c.old.tracking.notes,
                        ]
                        for c in plan.closed
                    ],
                    widths=[1.4, 8.0, 2.5, 2.5, 3.0, 2.0, 2.3, 4.0],
                )
            )
        else:
            out.append(Para([f"Nothing in {plan.previous} has closed: every row is still a gap."]))
    return out


def write_plan_docx(plan: Plan, output: Output, source: str) -> str:
    doc = new_document(
        title=f"Action plan: {plan.locality}",
        author=plan.locality,
        subject="CLeaR action plan from the gap analysis",
        landscape=True,
    )
    add_blocks(doc, plan_blocks(plan, source))
    return write_document(output, doc)
