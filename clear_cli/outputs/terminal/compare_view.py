"""``clear compare`` in the terminal (rich): differences by bank and section drawn as a diverging
bar, the answers that differ, the peer-review summary, and what was left out."""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from clear_cli.common.text import plural
from clear_cli.core.compare import PEER_REVIEW, Comparison, QuestionDiff, Row, Side
from clear_cli.core.compare import answer_label as label_of
from clear_cli.outputs.terminal.console import make_console
from clear_cli.outputs.wording import BIG, is_big, print_left_out, title_of
from clear_cli.outputs.wording import signed as signed_text

HALF = 12  # characters each side of the bar's centre line
NARROW = 110  # below this many columns each difference is a block, not a table row
EVIDENCE_LINES = 2  # lines of each side's evidence a block shows
NEGATIVE, POSITIVE = "dark_orange", "dodger_blue2"


def diverging_bar(difference: float | None, scale: float, half: int = HALF) -> Text:
    """A bar growing left of centre for b < a, right for b > a; length to scale."""
    if difference is None:
        return Text("")
    n = min(half, round(abs(difference) / scale * half)) if scale else 0
    if difference and not n:
        n = 1  # any difference at all is visible
    style = (
        f"bold {NEGATIVE if difference < 0 else POSITIVE}"
        if is_big(difference)
        else (NEGATIVE if difference < 0 else POSITIVE)
    )
    left = ("█" * n if difference < 0 else "").rjust(half)
    right = ("█" * n if difference > 0 else "").ljust(half)
    return Text.assemble((left, style), ("│", "grey50"), (right, style))


def signed(value: float | None, style_big: bool = True, fmt: str = "+.1f") -> Text:
    text = signed_text(value, fmt)
    if not value:
        return Text(text, style="dim")
    style = NEGATIVE if value < 0 else POSITIVE
    if style_big and is_big(value):
        style = f"bold {style}"
    return Text(text, style=style)


def _side_line(s: Side) -> Text:
    who = "self-assessment" if s.assessment == "self" else "peer assessment"
    date = f", {s.date.isoformat()}" if s.date else ""
    if s.label == s.locality:
        line = Text.assemble((s.label, "bold"), f": {who}{date}")
    else:
        line = Text.assemble((s.label, "bold"), f": {s.locality}, {who}{date}")
    if s.source:
        line.append(f"  ({s.source})", style="dim")
    if s.provisional:
        line.append(
            f"  provisional: only {s.completeness:.0f}% of questions answered", style="bold yellow"
        )
    return line


def print_comparison(c: Comparison, *, console: Console | None = None) -> None:
    out = console or make_console()
    out.print(Text(title_of(c), style="bold underline"))
    out.print(_side_line(c.a))
    out.print(_side_line(c.b))
    out.print()
    if not c.banks:
        out.print(
            Text("The two files have no bank in common: there is nothing to compare.", style="bold")
        )
    else:
        out.print(_totals_table(c, half=max(4, min(HALF, (out.width - 64) // 2))))
        for b in c.banks:
            dropped = sum(1 for x in c.left_out if x.bank == b.id and x.question)
            if dropped:
                versions = (
                    f"versions {b.a_version} and {b.b_version}"
                    if b.a_version != b.b_version
                    else "two different copies"
                )
                out.print(
                    Text(
                        f"{b.title}: {versions}; {plural(b.compared, 'question')} compared, "
                        f"{dropped} left out (listed at the end).",
                        style="dim",
                    )
                )
        _print_questions(c, out)
        _print_stops(c, out)
    print_left_out(c.left_out_groups, "Left out of the comparison", out)


def _totals_table(c: Comparison, half: int = HALF) -> Table:
    rows: list[Row] = [c.overall, *c.banks, *(s for b in c.banks for s in b.sections)]
    scale = max([BIG, *(abs(r.difference) for r in rows if r.difference is not None)])
    t = Table(
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        caption=f"Difference = {c.b.label} - {c.a.label}, in percentage points. Bars "
        f"grow left (◀) where {c.a.label} is higher, right (▶) where {c.b.label} "
        f"is; a full bar is {scale:.0f} points.",
        caption_justify="left",
    )
    t.add_column("Bank / section")
    t.add_column(f"{c.a.label} %", justify="right")
    t.add_column(f"{c.b.label} %", justify="right")
    t.add_column("Difference", justify="right")
    t.add_column(
        Text.assemble(("◀ ", NEGATIVE), "│", (" ▶", POSITIVE)),
        justify="center",
        no_wrap=True,
        min_width=2 * half + 1,
    )

    def add(r: Row, name: Text) -> None:
        t.add_row(
            name,
            _pct(r.a_percent),
            _pct(r.b_percent),
            signed(r.difference),
            diverging_bar(r.difference, scale, half),
        )

    for b in c.banks:
        add(b, Text(b.title, style="bold"))
        for s in b.sections:
            add(s, Text(f"  {s.title}"))
        t.add_section()
    add(c.overall, Text("Overall", style="bold"))
    return t


def _pct(value: float | None) -> Text:
    return Text("n/a", style="dim") if value is None else Text(f"{value:.1f}")


def _answer(q: QuestionDiff, side: str) -> Text:
    """The option's label and its level on the scale: "In place (3)"."""
    score = q.a if side == "a" else q.b
    level = q.a_level if side == "a" else q.b_level
    text = Text(label_of(score))
    if level is not None:
        text.append(f" ({level:g})", style="dim")
    return text


def _print_questions(c: Comparison, out: Console) -> None:
    out.print()
    if not c.questions and not c.one_sided:
        out.print(
            Text(
                f"Every question compared ({c.compared}) has the same answer on both sides.",
                style="green",
            )
        )
        return
    if c.questions:
        _print_disagreements(c, out)
    else:
        out.print(Text("No question was answered differently by both sides.", style="green"))
    _print_one_sided(c, out)


def _print_disagreements(c: Comparison, out: Console) -> None:
    shown = (
        f"the {len(c.listed)} largest differences" if c.not_listed else "largest difference first"
    )
    out.print(
        Text(
            f"Answers that differ: {len(c.questions)} of {plural(c.compared, 'question')}, {shown}",
            style="bold",
        )
    )
    if c.kind == PEER_REVIEW:
        line = (
            f"The self-assessment rated {len(c.self_higher)} higher and "
            f"{len(c.self_lower)} lower than the peers."
        )
        out.print(Text(line))
    if out.width < NARROW:
        _print_difference_blocks(c, out)
    else:
        out.print(_differences_table(c))
    out.print(
        Text(
            "Diff: levels on the answer scale, "
            f"{c.b.label} - {c.a.label}; answers show their level in brackets.",
            style="dim",
        )
    )
    if c.not_listed:
        out.print(
            Text(
                f"{plural(c.not_listed, 'more answer')} that differ not shown: "
                "add --top 0 to list them all, or --top N for the N largest.",
                style="bold",
            )
        )


def _differences_table(c: Comparison) -> Table:
    t = Table(show_edge=False, pad_edge=False, header_style="bold", show_lines=True)
    t.add_column("Diff", justify="right")
    t.add_column("ID", no_wrap=True)
    t.add_column("Question and evidence", ratio=3)
    t.add_column(c.a.label, ratio=1)
    t.add_column(c.b.label, ratio=1)
    for q in c.listed:
        body = [Text(q.a.question.text)]
        for side, score in ((c.a, q.a), (c.b, q.b)):
            if score.response.evidence:
                body.append(
                    Text.assemble((f"{side.label}: ", "bold dim"), (score.response.evidence, "dim"))
                )
        diff = signed(q.level_difference, style_big=False, fmt="+g")
        t.add_row(diff, q.id, Group(*body), _answer(q, "a"), _answer(q, "b"))
    return t


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _print_difference_blocks(c: Comparison, out: Console) -> None:
    """One block per difference, for a narrow terminal: the id, the gap and both answers on one
    line, the question wrapped to the full width, each side's evidence shortened to a few lines."""
    indent = 2
    room = max(20, out.width - indent)
    for q in c.listed:
        out.print(Text("─" * min(out.width, 40), style="grey50"))
        head = Text.assemble(
            (q.id, "bold"),
            "  ",
            signed(q.level_difference, style_big=False, fmt="+g"),
            "   ",
            (f"{c.a.label}: ", "bold"),
            _answer(q, "a"),
            "  →  ",
            (f"{c.b.label}: ", "bold"),
            _answer(q, "b"),
        )
        out.print(head)
        out.print(Padding(Text(q.a.question.text), (0, 0, 0, indent)))
        for side, score in ((c.a, q.a), (c.b, q.b)):
            evidence = score.response.evidence
            if not evidence:
                continue
            who = f"{side.label}: "
            line = Text.assemble(
                (who, "bold dim"), (shorten(evidence, EVIDENCE_LINES * room - len(who) - 2), "dim")
            )
            out.print(Padding(line, (0, 0, 0, indent)))
    if c.listed:
        out.print(Text("─" * min(out.width, 40), style="grey50"))
        out.print(
            Text(
                "Evidence is shortened to fit: --out FILE.html or a wider terminal shows it all.",
                style="dim",
            )
        )


def _print_one_sided(c: Comparison, out: Console) -> None:
    if not c.one_sided:
        return
    out.print()
    out.print(
        Text(
            f"Answered on one side only: {plural(len(c.one_sided), 'question')} "
            "(not disagreements)",
            style="bold",
        )
    )
    for case, questions in c.one_sided_groups:
        line = Text("  • ")
        line.append(f"{case}: ")
        line.append(", ".join(q.id for q in questions), style="dim")
        out.print(line)


def _print_stops(c: Comparison, out: Console) -> None:
    if not c.stops:
        return
    out.print()
    if c.kind == PEER_REVIEW:
        own, peer = ("a", "b") if c.self_side == "a" else ("b", "a")
        out.print(
            Text(
                f"Roadmap stops where the peers see a larger shortfall than {c.a.locality} does",
                style="bold",
            )
        )
    else:
        own, peer = "a", "b"
        out.print(Text("Roadmap stops where the shortfall differs most", style="bold"))
    label = {"a": c.a.label, "b": c.b.label}
    t = Table(show_edge=False, pad_edge=False, header_style="bold")
    t.add_column("Stop", justify="right")
    t.add_column("Title")
    t.add_column(f"{label[own]} shortfall", justify="right")
    t.add_column(f"{label[peer]} shortfall", justify="right")
    t.add_column(f"{label[peer]} - {label[own]}", justify="right")
    t.add_column("Questions", ratio=1)
    for s in c.stops:
        gap = {"a": s.a_shortfall, "b": s.b_shortfall}
        ranked = {"a": s.a_ranked, "b": s.b_ranked}
        ids = ", ".join(s.questions[:6]) + (
            f" +{len(s.questions) - 6}" if len(s.questions) > 6 else ""
        )
        t.add_row(
            str(s.stop),
            Text(s.title),
            f"{gap[own]:.0f}%{'' if ranked[own] else ' *'}",
            f"{gap[peer]:.0f}%{'' if ranked[peer] else ' *'}",
            signed(gap[peer] - gap[own], style_big=False),
            ids,
        )
    out.print(t)
    out.print(
        Text(
            "Shortfall: the share of what a stop could reach that is missing."
            + (
                " * resting on fewer than 3 answered questions with it as their main stop."
                if not all(s.a_ranked and s.b_ranked for s in c.stops)
                else ""
            ),
            style="dim",
        )
    )
