"""The action plan's table: its columns, the statuses a row can have, what the alliance types.

Shared by the plan builder (:mod:`clear_cli.core.plan`), its workbook writer and the reader of
last year's plan (:mod:`clear_cli.sources.workbook.plan_reader`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clear_cli.common.text import normalise

STATUSES = ("Not started", "In progress", "Done", "Dropped")
NOT_STARTED = STATUSES[0]
COLUMNS = (
    "Priority",
    "Stop",
    "ID",
    "Question",
    "Now",
    "Target",
    "Action",
    "Suggested lead",
    "Success measure",
    "Owner",
    "Due",
    "Status",
    "Notes",
)
#: The columns the alliance fills in; everything else comes from the assessment.
EDITABLE = ("Owner", "Due", "Status", "Notes")


def status_of(text: str) -> str | None:
    """The status a person meant (case and spaces ignored; blank is Not started), or None."""
    wanted = normalise(text)
    if not wanted:
        return NOT_STARTED
    return next((s for s in STATUSES if s.casefold() == wanted), None)


@dataclass(frozen=True)
class Tracking:
    """What the alliance keeps up to date on a row: carried from one plan to the next."""

    owner: str = ""
    due: dt.date | str = ""
    status: str = NOT_STARTED
    notes: str = ""


@dataclass(frozen=True)
class OldRow:
    """A row of an earlier plan, as read back from its workbook."""

    id: str
    question: str
    now: str
    tracking: Tracking
