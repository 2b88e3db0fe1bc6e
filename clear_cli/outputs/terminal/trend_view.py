"""``clear trend`` in the terminal (rich): each bank's and section's percent at each date with a
one-character bar (read along a row, the bars make a sparkline), the change since the previous
and the first assessment, the stops' shortfalls, and the answers that moved. Fits 80 columns."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from clear_cli.common.text import plural
from clear_cli.core.compare import answer_label
from clear_cli.core.trend import Moved, Point, Series, Trend
from clear_cli.outputs.terminal.console import make_console
from clear_cli.outputs.wording import date_labels, print_left_out

LEVELS = "▁▂▃▄▅▆▇█"
BETTER, WORSE = "dodger_blue2", "dark_orange"
CHANGE_W = 6  # "+100.0"
NAME_W = 20  # the least the bank and section names get
GAP = 3  # between two columns: padding, rule, padding
TOP_MOVED = 8  # moved questions shown in full each way, largest change first


def spark(value: float | None) -> str:
    """One block character for a percent, from ▁ (under 12.5) to █ (100)."""
    if value is None:
        return " "
    return LEVELS[max(0, min(len(LEVELS) - 1, int(value / 100 * len(LEVELS))))]


def sparkline(values: list[float | None]) -> str:
    return "".join(spark(v) for v in values)


def delta(value: float | None, *, up_is_better: bool = True) -> Text:
    if value is None:
        return Text("n/a", style="dim")
    if not value:
        return Text("0", style="dim")
    better = (value > 0) == up_is_better
    return Text(f"{value:+.1f}", style=BETTER if better else WORSE)


def cell(value: float | None, mark: str = "") -> Text:
    if value is None:
        return Text("n/a", style="dim")
    shown = round(value)
    return Text.assemble(f"{shown}{mark} ", (spark(shown), "grey50"))


def visible(n: int, room: int) -> list[int]:
    """The date columns that fit in ``room``: all of them, or the first and the latest few."""
    if n <= room:
        return list(range(n))
    return [0, *range(n - room + 1, n)]


def print_trend(t: Trend, *, console: Console | None = None) -> None:
    out = console or make_console()
    width = min(out.width, 100)
    labels = date_labels(t.dates)
    cell_w = max(5, *(len(x) for x in labels))
    free = width - NAME_W - 2 * (CHANGE_W + GAP)
    shown = visible(len(t.dates), max(2, free // (cell_w + GAP)))
    if len(shown) < len(t.dates):  # make room for a sparkline of every date
        free -= len(t.dates) + GAP
        shown = visible(len(t.dates), max(2, free // (cell_w + GAP)))
    first, last = t.dates[0], t.dates[-1]
    out.print(
        Text.assemble(
            (f"{t.locality} over time", "bold underline"),
            f": {plural(len(t.points), 'assessment')}, {first.isoformat()} to {last.isoformat()}",
        )
    )
    for label, p in zip(labels, t.points, strict=True):
        out.print(_point_line(label, p))
    if len(shown) < len(t.dates):
        out.print(
            Text(
                f"{len(t.dates) - len(shown)} dates are not shown as columns to fit the "
                "screen; the Trend column draws every date, and --out shows them all.",
                style="dim",
            )
        )
    out.print()
    if not t.banks:
        out.print(
            Text("The files have no bank in common: there is nothing to follow.", style="bold")
        )
    else:
        out.print(_scores_table(t, labels, shown, cell_w, width))
        _print_versions(t, out)
        _print_stops(t, labels, shown, cell_w, width, out)
        _print_moved(t, labels, out, width)
    print_left_out(t.left_out_groups, "Left out of the trend (not in every assessment)", out)


def _point_line(label: str, p: Point) -> Text:
    who = "self-assessment" if p.assessment == "self" else "peer assessment"
    line = Text.assemble("  ", (label, "bold"), f"  {p.date.isoformat()} {who}")
    if p.source:
        line.append(f"  {p.source}", style="dim")
    if p.provisional:
        line.append(f"  provisional: {p.completeness:.0f}% answered", style="bold yellow")
    return line


def _columns(t: Table, labels: list[str], shown: list[int], cell_w: int) -> None:
    for i in shown:
        t.add_column(labels[i], justify="right", no_wrap=True, min_width=cell_w)
    if len(shown) < len(labels):
        t.add_column("Trend", no_wrap=True, min_width=len(labels))
    t.add_column("Since\nlast", justify="right", no_wrap=True, min_width=CHANGE_W)
    t.add_column("Since\nfirst", justify="right", no_wrap=True, min_width=CHANGE_W)


def _trend(values: list[float | None], shown: list[int]) -> list[Text]:
    """The sparkline of every date, when some dates have no column of their own."""
    if len(shown) == len(values):
        return []
    return [Text(sparkline(values), style="grey50")]


def _scores_table(t: Trend, labels: list[str], shown: list[int], cell_w: int, width: int) -> Table:
    table = Table(
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        title="Scores by bank and section (percent)",
        title_justify="left",
        title_style="bold",
        caption="Since last: change in percentage points since the previous assessment; "
        "since first: since the earliest.",
        caption_justify="left",
        width=width,
    )
    table.add_column("Bank / section", no_wrap=True, overflow="ellipsis", ratio=1)
    _columns(table, labels, shown, cell_w)

    def add(s: Series, name: Text) -> None:
        table.add_row(
            name,
            *(cell(s.percents[i]) for i in shown),
            *_trend(s.percents, shown),
            delta(s.since_previous),
            delta(s.since_first),
        )

    for b in t.banks:
        add(b, Text(b.title, style="bold"))
        for s in b.sections:
            add(s, Text(f"  {s.title}"))
        table.add_section()
    add(t.overall, Text("Overall", style="bold"))
    return table


def _print_versions(t: Trend, out: Console) -> None:
    for b in t.banks:
        dropped = sum(1 for x in t.left_out if x.bank == b.id and x.question)
        if dropped:
            versions = ", ".join(dict.fromkeys(b.versions))
            out.print(
                Text(
                    f"{b.title} (versions {versions}): {plural(b.compared, 'question')} "
                    f"followed, {dropped} left out (listed at the end).",
                    style="dim",
                )
            )


def _print_stops(
    t: Trend, labels: list[str], shown: list[int], cell_w: int, width: int, out: Console
) -> None:
    if not t.stops:
        return
    out.print()
    table = Table(
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        title="Roadmap stops: shortfall (percent of what the stop could reach that is missing)",
        title_justify="left",
        title_style="bold",
        width=width,
    )
    table.add_column("Stop", justify="right", no_wrap=True)
    table.add_column("Title", no_wrap=True, overflow="ellipsis", ratio=1)
    _columns(table, labels, shown, cell_w)
    few = False
    for s in t.stops:
        marks = ["" if r else "*" for r in s.ranked]
        few = few or any(marks)
        table.add_row(
            str(s.stop),
            s.title,
            *(cell(s.shortfalls[i], marks[i]) for i in shown),
            *_trend(list(s.shortfalls), shown),
            delta(s.since_previous, up_is_better=False),
            delta(s.since_first, up_is_better=False),
        )
    out.print(table)
    if few:
        out.print(
            Text("* fewer than 3 answered questions have it as their main stop.", style="dim")
        )
    for words, stops in (("fell most", t.fell()), ("rose most", t.rose())):
        if stops:
            out.print(
                Text.assemble(
                    (f"Shortfall {words} since {labels[0]}: ", "bold"),
                    "; ".join(f"stop {s.stop}, {s.title} ({s.since_first:+.0f})" for s in stops),
                )
            )


def _short(text: str, most: int = 72) -> str:
    """The question's first words: the ID and --out give the whole of it."""
    return text if len(text) <= most else text[: most - 1].rsplit(" ", 1)[0] + "…"


def _moved_table(items: list[Moved], width: int) -> Table:
    table = Table(
        show_edge=False, pad_edge=False, header_style="bold", show_lines=True, width=width
    )
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("Question and latest evidence", ratio=3)
    table.add_column("From → to", ratio=2)
    for m in items:
        body = [Text(_short(m.latest.question.text))]
        if m.latest.response.evidence:
            body.append(Text(m.latest.response.evidence, style="dim"))
        table.add_row(
            delta(m.change),
            m.id,
            Group(*body),
            Text(f"{answer_label(m.first)} → {answer_label(m.latest)}"),
        )
    return table


def _print_moved(t: Trend, labels: list[str], out: Console, width: int) -> None:
    out.print()
    since = f"since {labels[0]}"
    if not t.moved:
        out.print(
            Text(
                f"No answer moved {since}: every question answered both times has the same answer.",
                style="green",
            )
        )
        return
    groups = [
        (f"Moved up {since}", t.moved_up),
        (f"Moved down {since}", t.moved_down),
        (f"Another answer at the same level {since}", t.moved_level),
    ]
    for n, (title, items) in enumerate(g for g in groups if g[1]):
        if n:
            out.print()
        out.print(Text(f"{title}: {plural(len(items), 'question')}", style="bold"))
        out.print(_moved_table(items[:TOP_MOVED], width))
        if len(items) > TOP_MOVED:
            rest = items[TOP_MOVED:]
            out.print(
                Text.assemble(
                    f"and {len(rest)} more (--out lists them with their evidence): ",
                    (", ".join(m.id for m in rest), "dim"),
                )
            )
