"""Terminal views of banks and the roadmap."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from clear_cli.catalogue import Catalogue
from clear_cli.models import Bank, Roadmap


def console() -> Console:
    return Console(highlight=False)


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
            escape(r["title"]),
            r["group"],
            r["version"],
            str(r["sections"]),
            str(r["questions"]),
        )
    total = sum(r["questions"] for r in rows)
    c = console()
    c.print(table)
    c.print(
        f"{len(rows)} banks, {total} questions. Groups: core, deep-dives, all. "
        "See one with [bold]clear show ID[/]."
    )


def show_bank(bank: Bank, roadmap: Roadmap) -> None:
    c = console()
    c.print(
        Panel(
            Text(bank.description),
            title=f"[bold]{escape(bank.title)}[/] ({bank.id} v{escape(bank.version)})",
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
            t.add_row(o.key, escape(o.label) + mark, f"{o.points:g}", escape(o.description))
        c.print(t)
    for section in bank.sections:
        c.rule(f"[bold]{escape(section.id)} {escape(section.title)}[/]", align="left")
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
            if q.indicator:
                rows.append((Text("Indicator:", style="green"), q.indicator))
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
        title=escape(cat.roadmap.title),
        title_justify="left",
        caption=escape(cat.roadmap.source),
        caption_justify="left",
    )
    t.add_column("Stop", justify="right")
    t.add_column("Title")
    t.add_column("Questions", justify="right")
    t.add_column("Summary", ratio=1)
    for s in cat.roadmap.stops:
        first = s.summary.split(". ")[0].rstrip(".") + "."
        t.add_row(str(s.number), escape(s.title), str(len(_mapped(cat, s.number))), escape(first))
    c.print(t)
    c.print("One stop with its actions and questions: [bold]clear roadmap N[/]")


def roadmap_stop(cat: Catalogue, number: int) -> None:
    c = console()
    stop = cat.roadmap.stop(number)
    if stop is None:  # the roadmap is validated to hold 1-12
        return
    c.print(
        Panel(
            Text(stop.summary),
            title=f"[bold]Stop {stop.number}: {escape(stop.title)}[/]",
            title_align="left",
        )
    )
    c.print("[bold]What to do next[/]")
    for a in stop.actions:
        c.print(hanging("•", a))
    c.print("[bold]Resources[/]")
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
        t.add_row(bank_id, qid, escape(text))
    c.print(t)
