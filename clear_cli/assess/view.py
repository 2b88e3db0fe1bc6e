"""How a question looks in the terminal (rich). Readable without colour: every mark is text."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from clear_cli.assess.session import Item, Screen, say
from clear_cli.models import Roadmap

BAR = 24


def progress_bar(done: int, total: int, width: int = BAR) -> str:
    filled = round(width * done / total) if total else width
    return "█" * filled + "░" * (width - filled)


class RichView:
    """Draws questions, guidance and messages on a rich console (stdout)."""

    def __init__(self, console: Console) -> None:
        self.c = console

    def question(self, s: Screen) -> None:
        item, q = s.item, s.item.question
        c = self.c
        c.print()
        c.rule(Text(f"{item.bank.title} · {item.section.id} {item.section.title}"), align="left")
        pct = round(100 * s.answered / s.total) if s.total else 100
        done = f"{s.answered} of {s.total} answered ({pct}%)"
        bar = progress_bar(s.answered, s.total)
        c.print(Text.assemble((f"Question {s.position} of {s.total}", "bold"), f"   {bar} {done}"))
        c.print()
        c.print(Text.assemble((q.id, "bold cyan"), "  ", (q.text, "bold")))
        c.print()
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
        table.add_column(width=1, no_wrap=True)  # marks the current answer
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for o in item.scale.options:
            mark = "▶" if s.current is not None and s.current.key == o.key else " "
            label = Text(o.label)
            if o.key == item.target:
                label.append(" (target)", style="green")
            table.add_row(mark, o.key, label, Text(o.description, style="dim"))
        if q.na_allowed:
            table.add_row(
                "▶" if s.current_na else " ",
                "n",
                "Not applicable",
                Text("This does not apply here; say why.", style="dim"),
            )
        c.print(table)
        if s.current is not None or s.current_na:
            now = f"{s.current.key} {s.current.label}" if s.current else "not applicable"
            c.print(Text.assemble("Current answer: ", (now, "bold")))
        if s.evidence:
            c.print(Text.assemble("Evidence: ", s.evidence))
        hint = say("how_to_answer")
        if s.current is not None or s.current_na:
            hint += " " + say("enter_keeps")
        c.print(Text(hint))
        c.print(Text(say("commands_na" if q.na_allowed else "commands"), style="dim"))

    def where(self, s: Screen) -> None:
        """One line just above each prompt, so a short terminal never scrolls it away."""
        item = s.item
        self.c.print(
            Text.assemble(
                (f"Question {s.position} of {s.total}", "bold"),
                f" · {item.section.id} {item.section.title} · {s.answered} answered",
                style="cyan",
            ),
            overflow="ellipsis",
            no_wrap=True,
        )

    def guidance(self, item: Item, roadmap: Roadmap) -> None:
        q = item.question
        c = self.c
        c.print(Text("What good evidence looks like", style="bold"))
        c.print(Text(q.guidance or say("no_guidance")))
        if q.indicator_name:
            c.print(Text.assemble(("Indicator: ", "bold"), q.indicator_name))
        if q.leads:
            who = "; ".join(item.bank.stakeholders.get(k, k) for k in q.leads)
            c.print(Text.assemble(("Could lead: ", "bold"), who))
        stops = "; ".join(f"{n} {s.title}" if (s := roadmap.stop(n)) else str(n) for n in q.stops)
        c.print(Text.assemble(("Roadmap stops: ", "bold"), stops))
        c.print(Text.assemble(("Sources: ", "bold"), "; ".join(q.references)))
        if q.weight != 1:
            c.print(Text(f"This question weighs {q.weight:g} in the score.", style="dim"))

    def say(self, text: str) -> None:
        self.c.print(Text(text, style="green"))

    def warn(self, text: str) -> None:
        self.c.print(Text(text, style="yellow"))
