"""What ``clear combine`` tells the facilitator in the terminal (its JSON is in
:mod:`clear_cli.outputs.json_out.combine_json`).

The summary is plain text wrapped to the terminal (at most 100 columns, at least 60), so
it reads the same in a terminal, a log or an e-mail: how many questions were agreed, then
the disputes, furthest apart first, each with every answer and who gave it.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from clear_cli.common.errors import display_path
from clear_cli.core.consensus import KIND, Consensus, Dispute, label_of

MIN_WIDTH, MAX_WIDTH = 60, 100
LABEL_WIDTH = 24  # the answers column; longer labels push their "who" along


def width() -> int:
    columns = shutil.get_terminal_size(fallback=(80, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def summary(c: Consensus, out: Path, columns: int | None = None) -> str:
    """The facilitator's summary, wrapped to ``columns`` (default: the terminal's width)."""
    cols = columns or width()
    shown = display_path(out)
    lines: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        lines.extend(
            textwrap.wrap(
                text,
                cols,
                initial_indent=indent if first is None else first,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            )
            or [indent.rstrip()]
        )

    para(
        f"{c.meta.locality}, {KIND[c.meta.assessment]}: {len(c.inputs)} files combined into "
        f"{shown} ({', '.join(i.name for i in c.inputs)})."
    )
    lines.append("")
    single = f" ({c.single} answered by one file only)" if c.single else ""
    unanswered = f"; {c.unanswered} unanswered by everyone" if c.unanswered else ""
    para(
        f"{c.questions} questions: {c.agreed} agreed{single}, {len(c.disputed)} "
        f"disputed{unanswered}."
    )
    if not c.disputed:
        lines.append("")
        para(f"Nothing to settle: score it with `clear score {shown}`.")
        return "\n".join(lines)
    lines.append("")
    para("Disputed, furthest apart first (the draft is the lower median of the answers):")
    digits = len(str(len(c.disputed)))
    for n, d in enumerate(c.disputed, start=1):
        lines.append("")
        lines.extend(_dispute(d, n, digits, cols))
    lines.append("")
    where = (
        "its sheet 'Disputed' lists them and their rows are shaded"
        if out.suffix.lower() == ".xlsx"
        else "each is marked DISPUTED in its note"
    )
    para(f"Settle them in {shown} ({where}), then score it as it is: `clear score {shown}`.")
    return "\n".join(lines)


def _dispute(d: Dispute, n: int, digits: int, cols: int) -> list[str]:
    head = f"{n:>{digits}}. "
    indent = " " * len(head)
    out = textwrap.wrap(
        f"{d.question.id} ({d.apart}): {d.question.text}",
        cols,
        initial_indent=head,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )
    out.append(f"{indent}Draft: {label_of(d.draft)}")
    labels = [label_of(g.response) for g in d.given]
    col = min(LABEL_WIDTH, max(len(label) for label in labels))
    answer_indent = indent + "  "
    for g, label in zip(d.given, labels, strict=True):
        out.extend(
            textwrap.wrap(
                f"{label.ljust(col)}  {g.source.who}",
                cols,
                initial_indent=answer_indent,
                subsequent_indent=answer_indent + " " * (col + 2),
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
    return out
