"""Terminal views of banks and the roadmap."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clear_cli.models import Bank, Roadmap
from clear_cli.outputs.terminal.console import make_console
from clear_cli.sources.catalogue import Catalogue


def console() -> Console:
    return make_console()


def hanging(label: Text | str, body: Text | str, *, indent: int = 2) -> Table:
    """``label`` then ``body``, the body's wrapped lines starting under its first, not at
    column 0: a bullet ("•", an action) or a labelled line ("Evidence:", the guidance)."""
    return labelled([(label, body)], indent=indent)


def labelled(rows: list[tuple[Text | str, Text | str]], *, indent: int = 2) -> Table:
    """Labels in one column and their text beside them, wrapping with a hanging indent."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for label, body in rows:
        head = label if isinstance(label, Text) else Text(label)
        grid.add_row(Text(" " * indent) + head, body if isinstance(body, Text) else Text(body))
    return grid


def banks_table(rows: list[dict[str, Any]]) -> None:
    table = Table(title="Question banks", title_justify="left")
    for col, justify in (
        ("id", "left"),
        ("title", "left"),
        ("group", "left"),
        ("version", "left"),
        ("sections", "right"),
        ("questions", "right"),
    ):
        table.add_column(col.capitalize(), justify=justify)  # type: ignore[arg-type]
    for r in rows:
        table.add_row(
            r["id"],
            r["title"],
            r["group"],
            r["version"],
            str(r["sections"]),
            str(r["questions"]),
        )
    total = sum(r["questions"] for r in rows)
    c = console()
    c.print(table)
    c.print(
        Text.assemble(
            f"{len(rows)} banks, {total} questions. Groups: core, deep-dives, all. See one with ",
            ("clear show ID", "bold"),
            ".",
        )
    )


def show_bank(bank: Bank, roadmap: Roadmap) -> None:
    c = console()
    c.print(
        Panel(
            Text(bank.description),
            title=Text.assemble((bank.title, "bold"), f" ({bank.id} v{bank.version})"),
            title_align="left",
        )
    )
    for name, scale in bank.scales.items():
        t = Table(title=f"Scale '{name}'", title_justify="left", show_lines=False)
        t.add_column("Key")
        t.add_column("Label")
        t.add_column("Points", justify="right")
        t.add_column("What it means")
        target = scale.target or bank.target
        for o in scale.options:
            mark = " (target)" if o.key == target else ""
            t.add_row(o.key, o.label + mark, f"{o.points:g}", o.description)
        c.print(t)
    for section in bank.sections:
        c.rule(Text(f"{section.id} {section.title}", style="bold"), align="left")
        if section.description:
            c.print(Text(section.description, style="italic"))
        for q in section.questions:
            extras = []
            if q.weight != 1:
                extras.append(f"weight {q.weight:g}")
            if q.na_allowed:
                extras.append("N/A allowed")
            if q.scale:
                extras.append(f"scale {q.scale}")
            head = Text(q.text, style="bold")
            if extras:
                head.append(f"  [{', '.join(extras)}]", style="magenta")
            stops = ", ".join(
                f"{n} {s.title}" if (s := roadmap.stop(n)) else str(n) for n in q.stops
            )
            rows: list[tuple[Text | str, Text | str]] = [
                (Text("Evidence:", style="green"), q.guidance)
            ]
            if q.indicator_name:
                rows.append((Text("Indicator:", style="green"), q.indicator_name))
            if q.leads:
                who = "; ".join(bank.stakeholders.get(k, k) for k in q.leads)
                rows.append((Text("Could lead:", style="green"), who))
            rows.append((Text("Roadmap:", style="dim"), Text(stops, style="dim")))
            rows.append((Text("Sources:", style="dim"), Text("; ".join(q.references), style="dim")))
            c.print(Group(hanging(Text(q.id, style="bold cyan"), head, indent=0), labelled(rows)))
            c.print()


def _mapped(cat: Catalogue, stop: int) -> list[tuple[str, str, str]]:
    return [
        (b.id, q.id, q.text) for b in cat.banks.values() for q in b.questions if stop in q.stops
    ]


def roadmap_list(cat: Catalogue) -> None:
    c = console()
    t = Table(
        title=cat.roadmap.title,
        title_justify="left",
        caption=cat.roadmap.source,
        caption_justify="left",
    )
    t.add_column("Stop", justify="right")
    t.add_column("Title")
    t.add_column("Questions", justify="right")
    t.add_column("Summary", ratio=1)
    for s in cat.roadmap.stops:
        first = s.summary.split(". ")[0].rstrip(".") + "."
        t.add_row(str(s.number), s.title, str(len(_mapped(cat, s.number))), first)
    c.print(t)
    c.print(Text.assemble("One stop with its actions and questions: ", ("clear roadmap N", "bold")))


def roadmap_stop(cat: Catalogue, number: int) -> None:
    c = console()
    stop = cat.roadmap.stop(number)
    if stop is None:  # the roadmap is validated to hold 1-12
        return
    c.print(
        Panel(
            Text(stop.summary),
            title=Text(f"Stop {stop.number}: {stop.title}", style="bold"),
            title_align="left",
        )
    )
    c.print(Text("What to do next", style="bold"))
    for a in stop.actions:
        c.print(hanging("•", a))
    c.print(Text("Resources", style="bold"))
    for r in stop.resources:
        line = Text(r.title)
        if r.url:
            line.append(f"  {r.url}", style="blue")
        if r.note:
            line.append(f" ({r.note})", style="dim")
        c.print(hanging("•", line))
    mapped = _mapped(cat, number)
    t = Table(title=f"Questions mapped to stop {number} ({len(mapped)})", title_justify="left")
    t.add_column("Bank")
    t.add_column("ID")
    t.add_column("Question", ratio=1)
    for bank_id, qid, text in mapped:
        t.add_row(bank_id, qid, text)
    c.print(t)
