"""The scorecard in the terminal (rich): banks and sections with bands and bars, and the
roadmap stops to work on first."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from clear_cli.core.gaps import Analysis, analyse
from clear_cli.core.scoring import Scorecard, Total
from clear_cli.outputs.terminal.console import make_console
from clear_cli.sources.catalogue import Catalogue
from clear_cli.sources.data import start_here_wording

BAR_WIDTH = 20


def bar(percent: float, colour: str, width: int = BAR_WIDTH) -> Text:
    filled = round(percent / 100 * width)
    return Text.assemble(("█" * filled, colour), ("░" * (width - filled), "grey50"))


def _percent(total: Total, style: str = "") -> Text:
    return Text("n/a", style="dim") if total.max == 0 else Text(f"{total.percent:.0f}", style)


def _band_cell(total: Total, catalogue: Catalogue, width: int = BAR_WIDTH) -> tuple[Text, Text]:
    if total.max == 0:
        return Text("n/a", style="dim"), Text("")
    band = next(b for b in catalogue.scoring.bands if b.name == total.band)
    return Text(band.label, style=f"bold {band.terminal}"), bar(total.percent, band.terminal, width)


def _widths(card: Scorecard, width: int) -> tuple[int, int]:
    """Widths of the name column and the bar: names whole where the terminal has room (the
    bar gives up to half its length first); else the longest wrap onto a second line."""
    names = [b.title for b in card.banks] + [f"  {s.title}" for b in card.banks for s in b.sections]
    needed = max([len("Bank / section"), *(cell_len(n) for n in names)])
    fixed = 7 + 3 + 5 + 4 * 3  # points, percent, band; 3 characters between columns
    bar_width = max(BAR_WIDTH // 2, min(BAR_WIDTH, width - fixed - needed - 1))
    return max(16, min(needed, width - fixed - bar_width - 1)), bar_width


def print_scorecard(
    card: Scorecard,
    catalogue: Catalogue,
    *,
    console: Console | None = None,
    source: str = "",
    top: int = 5,
) -> None:
    c = console or make_console()
    who = "self-assessment" if card.assessment == "self" else "peer assessment"
    date = f", {card.date.isoformat()}" if card.date else ""
    c.print(Text.assemble((card.locality, "bold"), f" — {who}{date}"))
    if source:
        c.print(Text(source, style="dim"))
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    title_width, bar_width = _widths(card, c.width)
    table.add_column("Bank / section", overflow="fold", width=title_width)
    table.add_column("Points", justify="right", no_wrap=True, min_width=7)
    table.add_column("%", justify="right", no_wrap=True, min_width=3)
    table.add_column("Band", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=bar_width)
    for b in card.banks:
        band, graph = _band_cell(b.total, catalogue, bar_width)
        table.add_row(
            Text(b.title, style="bold"),
            f"{b.total.points:g}/{b.total.max:g}",
            _percent(b.total),
            band,
            graph,
        )
        for s in b.sections:
            band, graph = _band_cell(s.total, catalogue, bar_width)
            table.add_row(
                Padding(Text(s.title), (0, 0, 0, 2)),  # a long title wraps under itself
                f"{s.total.points:g}/{s.total.max:g}",
                _percent(s.total),
                band,
                graph,
            )
        notes = []
        if b.unanswered:
            notes.append(f"{len(b.unanswered)} unanswered")
        if b.not_applicable:
            notes.append(f"{len(b.not_applicable)} not applicable")
        if notes:
            table.add_row(Text(f"  ({', '.join(notes)})", style="dim"), "", "", "", "")
        table.add_section()
    band, graph = _band_cell(card.overall, catalogue, bar_width)
    table.add_row(
        Text("Overall", style="bold"),
        f"{card.overall.points:g}/{card.overall.max:g}",
        _percent(card.overall, "bold"),
        band,
        graph,
    )
    c.print(table)
    print_gaps(card, catalogue, c, top=top)


def first_action(found: Analysis) -> str | None:
    """The first thing to do: the bank's action for the weak question with the largest gap at
    the stop to start at (its own words, with its id), when the bank gives one."""
    here = next((a for a in found.stops if a.stop.number == found.start_here), None)
    for w in here.questions if here else []:
        if w.action:
            return f"{w.action} ({w.id})"
    return None


def print_gaps(card: Scorecard, catalogue: Catalogue, c: Console, *, top: int = 8) -> None:
    """Completeness, where to start and why, and the stops ranked by shortfall."""
    done = card.completeness
    c.print()
    c.print(
        f"Completeness: {done.answered} of {done.questions} questions answered "
        f"({done.percent:.0f}%, not applicable counts as answered)"
    )
    if done.provisional:
        c.print(
            Text(
                f"Provisional: {len(card.unanswered)} questions are still to answer. Below 80% "
                "the scores and the ranking are provisional.",
                style="bold yellow",
            )
        )
    found = analyse(card, catalogue, start_here_wording())
    if found.start_here is None:
        c.print(Text(found.reason, style="green"))
        return
    start = catalogue.roadmap.stop(found.start_here)
    c.print()
    c.print(
        Text.assemble(
            ("Where to start: stop ", "bold"),
            (f"{found.start_here}", "bold"),
            (f" ({start.title if start else ''})", "bold"),
        )
    )
    c.print(found.reason)
    first = first_action(found)
    if first is not None:
        c.print(Text.assemble(("First action: ", "bold"), first))
    elif start is not None:
        c.print(Text.assemble(("First action: ", "bold"), start.actions[0]))
    c.print(Text(f"Every action for a stop: clear roadmap {found.start_here}", style="dim"))
    c.print()
    c.print(
        Text(
            "Roadmap stops by shortfall (the share of what a stop could reach that is missing)",
            style="bold",
        )
    )
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Stop", justify="right")
    table.add_column("Title")
    table.add_column("Shortfall", justify="right")
    table.add_column("Band")
    table.add_column("Answers", justify="right")
    table.add_column("Weak questions", ratio=1)
    bands = {b.name: b for b in catalogue.scoring.bands}
    few = False
    for a in found.stops[:top]:
        g = a.gap
        ids = ", ".join(q.id for q in g.questions[:5])
        if len(g.questions) > 5:
            ids += f" and {len(g.questions) - 5} more"
        mark = "" if g.ranked else " *"
        few = few or not g.ranked
        band = bands[g.band]
        table.add_row(
            str(g.stop),
            g.title,
            f"{g.shortfall:.0f}%",
            Text(band.label, style=f"bold {band.terminal}"),
            f"{g.answered}{mark}",
            ids,
        )
    c.print(table)
    for a in found.stops[:top]:
        if a.settings:
            parts = [f"{st.title} {st.shortfall:.0f}% short ({st.answered})" for st in a.settings]
            c.print(Text.assemble((f"Stop {a.stop.number} by setting: ", "bold"), "; ".join(parts)))
    if len(found.stops) > top:
        c.print(Text(f"... and {len(found.stops) - top} more stops in the report", style="dim"))
    if few:
        c.print(
            Text(
                "* fewer than 3 answered questions have it as their main stop: not ranked",
                style="dim",
            )
        )
    if found.still_to_answer:
        c.print(f"Still to answer: {len(found.still_to_answer)} questions (listed in the report).")
