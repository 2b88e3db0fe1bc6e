"""How every renderer of a comparison or a trend words and marks a difference.

One place for the comparison's title and lede, its two colours, what counts as a big
difference, how a signed number is written and how dates are labelled, so the terminal,
the pages and the workbook say the same thing. Plain strings only: no rich, jinja2 or
openpyxl here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from clear_cli.common.text import plural
from clear_cli.core.compare import LOCALITIES, PEER_REVIEW, Comparison

#: orange: A higher; blue: B higher. Both reach 4.5:1 as text on white and on the table's
#: header grey (#f4f6f7): the orange is 5.2:1 there, the blue 6.1:1.
COLOURS = {"a": "#a84e0d", "b": "#1f5f99"}
#: A difference of this many percentage points or more is drawn in bold.
BIG = 10.0


def title_of(c: Comparison) -> str:
    if c.kind == PEER_REVIEW:
        return f"Peer review of {c.a.locality}"
    if c.kind == LOCALITIES:
        return f"{c.a.locality} and {c.b.locality} compared"
    return f"{c.a.locality}: two assessments compared"


def lede_of(c: Comparison) -> str:
    if c.kind == PEER_REVIEW:
        return (
            "The locality's self-assessment beside the peer reviewers' assessment of it: "
            "where the two agree, where the self-assessment rated higher or lower, and "
            "the roadmap stops where the peers see larger gaps."
        )
    return f"Two CLeaR assessments side by side. Every difference is {c.b.label} minus {c.a.label}."


def difference_heading(c: Comparison) -> str:
    """The heading over a column of differences: "Difference (B - A)"."""
    return f"Difference ({c.b.label} - {c.a.label})"


def is_big(value: float | None) -> bool:
    return value is not None and abs(value) >= BIG


def signed(value: float | None, fmt: str = "+.1f") -> str:
    """A difference with its sign: "+2.5", "-1.0"; "0" for none, "n/a" when unknown."""
    if value is None:
        return "n/a"
    return f"{value:{fmt}}" if value else "0"


def signed_level(value: float | None) -> str:
    """A difference in levels of the answer scale: "+1", "-2", "0"."""
    return signed(value, "+g")


def pct1(value: float | None) -> str:
    """A percent to one decimal place: "62.5%"; "n/a" when unknown."""
    return "n/a" if value is None else f"{value:.1f}%"


def date_labels(dates: list[dt.date]) -> list[str]:
    """The shortest labels that tell the dates apart: years, then year-month, then the date."""
    for fmt in ("%Y", "%Y-%m"):
        labels = [d.strftime(fmt) for d in dates]
        if len(set(labels)) == len(labels):
            return labels
    return [d.isoformat() for d in dates]


def print_left_out(groups: Sequence[tuple[str, Sequence[str]]], title: str, out: Any) -> None:
    """What a comparison or a trend left out, one bullet per reason, in the terminal."""
    from rich.text import Text

    if not groups:
        return
    out.print()
    out.print(Text(title, style="bold"))
    for why, ids in groups:
        line = Text("  • ")
        if ids:
            line.append(f"{plural(len(ids), 'question')} {why}: ")
            line.append(", ".join(ids), style="dim")
        else:
            line.append(why)
        out.print(line)
