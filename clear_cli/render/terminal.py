"""The scorecard in the terminal (rich): banks and sections with bands and bars, and the
roadmap stops to work on first."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from clear_cli.catalogue import Catalogue
from clear_cli.gaps import analyse
from clear_cli.render.console import make_console
from clear_cli.scoring import Scorecard, Total

BAR_WIDTH = 20


def bar(percent: float, colour: str, width: int = BAR_WIDTH) -> Text:
    filled = round(percent / 100 * width)
    return Text.assemble(("█" * filled, colour), ("░" * (width - filled), "grey50"))


def _percent(total: Total, style: str = "") -> Text:
    return Text("n/a", style="dim") if total.max == 0 else Text(f"{total.percent:.0f}", style)


def _band_cell(total: Total, catalogue: Catalogue) -> tuple[Text, Text]:
    if total.max == 0:
        return Text("n/a", style="dim"), Text("")
    band = next(b for b in catalogue.scoring.bands if b.name == total.band)
    return Text(band.label, style=f"bold {band.colour}"), bar(total.percent, band.colour)


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
    # Fixed columns: points 7, percent 3, band 5, bar; 3 characters between columns.
    fixed = 7 + 3 + 5 + BAR_WIDTH + 4 * 3
    title_width = max(16, min(44, c.width - fixed - 1))
    table.add_column("Bank / section", no_wrap=True, overflow="ellipsis", width=title_width)
    table.add_column("Points", justify="right", no_wrap=True, min_width=7)
    table.add_column("%", justify="right", no_wrap=True, min_width=3)
    table.add_column("Band", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    for b in card.banks:
        band, graph = _band_cell(b.total, catalogue)
        table.add_row(
            Text(b.title, style="bold"),
            f"{b.total.points:g}/{b.total.max:g}",
            _percent(b.total),
            band,
            graph,
        )
        for s in b.sections:
            band, graph = _band_cell(s.total, catalogue)
            table.add_row(
                f"  {s.title}",
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
    band, graph = _band_cell(card.overall, catalogue)
    table.add_row(
        Text("Overall", style="bold"),
        f"{card.overall.points:g}/{card.overall.max:g}",
        _percent(card.overall, "bold"),
        band,
        graph,
    )
    c.print(table)
    stops = analyse(card, catalogue)[:top]
    if not stops:
        c.print(Text("Every answered question is at or above its target: no gaps.", style="green"))
        return
    c.print()
    c.print(Text("Roadmap stops to work on first", style="bold"))
    gaps = Table(show_edge=False, pad_edge=False, header_style="bold")
    gaps.add_column("Stop", justify="right")
    gaps.add_column("Title")
    gaps.add_column("Gap", justify="right")
    gaps.add_column("Share", justify="right")
    gaps.add_column("Weak questions", ratio=1)
    for a in stops:
        ids = ", ".join(w.id for w in a.questions[:6])
        if len(a.questions) > 6:
            ids += f" and {len(a.questions) - 6} more"
        gaps.add_row(str(a.stop.number), a.stop.title, f"{a.gap:g}", f"{a.share * 100:.0f}%", ids)
    c.print(gaps)
    first = stops[0]
    c.print()
    c.print(
        Text.assemble(
            ("Start with stop ", "bold"),
            (f"{first.stop.number}", "bold"),
            (f" ({first.stop.title}): ", "bold"),
            first.stop.actions[0],
        )
    )
    c.print(Text(f"Every action for a stop: clear roadmap {first.stop.number}", style="dim"))
