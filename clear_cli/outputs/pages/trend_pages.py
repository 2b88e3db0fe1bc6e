"""``clear trend --out``: the trend as HTML or Markdown (jinja2) or a workbook (openpyxl).

The templates (``templates/trend.html.j2``, ``trend.md.j2``) share the report's environment,
stylesheet and Markdown escaping (:mod:`clear_cli.outputs.pages.report`), so a locality's
``--templates`` folder restyles them too. The line charts' geometry is worked out here, so
the template only draws it. Output is written atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clear_cli import __version__
from clear_cli.common.errors import display_path
from clear_cli.common.text import plural
from clear_cli.core.compare import answer_label
from clear_cli.core.trend import BankSeries, Series, Trend
from clear_cli.outputs.outfiles import Output, write_text
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.pages.templating import environment, render_template
from clear_cli.outputs.terminal.trend_view import sparkline
from clear_cli.outputs.wording import date_labels, pct1, signed
from clear_cli.outputs.xlsx.trend_xlsx import write_xlsx

TEMPLATES = {".html": "trend.html.j2", ".htm": "trend.html.j2", ".md": "trend.md.j2"}
#: Line colours, each at least 4.5:1 against white; the first is the bank's (or overall) line.
PALETTE = (
    "#1a5276",
    "#b9560f",
    "#1e7b4a",
    "#7d3c98",
    "#a93226",
    "#117a8b",
    "#5d6d7e",
    "#7e5109",
    "#2e4053",
    "#943126",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3")


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    width: float
    points: list[tuple[float, float, float]]  # x, y, percent; dates without a percent skipped

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


@dataclass(frozen=True)
class Chart:
    """An SVG line chart's geometry: percent (0-100) against the assessments' dates."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    left: int
    top: int
    plot_w: int
    plot_h: int
    xs: list[tuple[float, str]]  # x of each date and its label
    ticks: list[tuple[float, int]]  # y of 0, 25, 50, 75, 100
    thresholds: list[tuple[float, float]]  # y of each band threshold, and the threshold
    lines: list[Line]
    legend_top: int


def _y(top: int, plot_h: int, value: float) -> float:
    return top + plot_h * (1 - value / 100)


def line_chart(
    id_: str,
    title: str,
    main: Series,
    others: list[Series],
    dates: list[dt.date],
    thresholds: list[float],
) -> Chart:
    """One thick line for ``main`` (labelled at each date) and a thin one for each of
    ``others``, with a legend below; the description reads the figures out in words."""
    width, left, right, top, plot_h, pad = 720, 44, 24, 24, 240, 28
    plot_w = width - left - right
    n = len(dates)
    step = (plot_w - 2 * pad) / (n - 1) if n > 1 else 0.0
    labels = date_labels(dates)
    xs = [(left + pad + i * step, labels[i]) for i in range(n)]
    lines = []
    for k, s in enumerate([main, *others]):
        pts = [(xs[i][0], _y(top, plot_h, v), v) for i, v in enumerate(s.percents) if v is not None]
        lines.append(
            Line(
                label=s.title if k == 0 or isinstance(s, BankSeries) else f"{s.id} {s.title}",
                colour=PALETTE[k % len(PALETTE)],
                dash=DASHES[k % len(DASHES)],
                width=3.0 if k == 0 else 1.6,
                points=pts,
            )
        )
    legend_top = top + plot_h + 36
    height = legend_top + 18 * len(lines) + 6
    figures = ", ".join(
        f"{v:.0f}% in {labels[i]}" if v is not None else f"not scored in {labels[i]}"
        for i, v in enumerate(main.percents)
    )
    desc = f"{main.title}: {figures}."
    if others:
        desc += f" Thinner lines: {', '.join(line.label for line in lines[1:])}."
    desc += " The table below gives every figure."
    return Chart(
        id=id_,
        title=title,
        desc=desc,
        width=width,
        height=height,
        left=left,
        top=top,
        plot_w=plot_w,
        plot_h=plot_h,
        xs=xs,
        ticks=[(_y(top, plot_h, v), v) for v in (0, 25, 50, 75, 100)],
        thresholds=[(_y(top, plot_h, t), t) for t in thresholds],
        lines=lines,
        legend_top=legend_top,
    )


def charts(t: Trend, thresholds: list[float]) -> dict[str, Chart]:
    """The overall chart (with a line per bank) and one chart per bank (with its sections)."""
    out = {
        "overall": line_chart(
            "chart-overall",
            f"{t.locality}: overall and by bank, percent at each assessment",
            t.overall,
            list(t.banks),
            t.dates,
            thresholds,
        )
    }
    for b in t.banks:
        out[b.id] = line_chart(
            f"chart-{b.id}",
            f"{b.title}: percent at each assessment, by section",
            b,
            b.sections,
            t.dates,
            thresholds,
        )
    return out


def good_class(value: float | None, up_is_better: bool = True) -> str:
    if not value:
        return ""
    return "better" if (value > 0) == up_is_better else "worse"


def context(t: Trend) -> dict[str, Any]:
    labels = date_labels(t.dates)
    return {
        "t": t,
        "title": f"{t.locality} over time",
        "labels": labels,
        "charts": charts(t, t.thresholds),
        "generated": dt.date.today().isoformat(),
        "version": __version__,
    }


def render_page(t: Trend, fmt: str, templates: Path | None = None) -> str:

    env = environment(templates)
    env.filters["signed"] = signed
    env.filters["pct1"] = pct1
    env.filters["good"] = good_class
    env.filters["plural"] = plural
    env.filters["answer"] = answer_label
    env.filters["spark"] = sparkline
    values = {**context(t), "generator": GENERATOR_MARK}
    return render_template(env, TEMPLATES[fmt], values, templates)


def write_trend(t: Trend, output: Output, templates: Path | None = None) -> str:
    """Render and write atomically; ``output`` comes from ``check_out`` (the output rule)."""
    if output.suffix == ".xlsx":
        write_xlsx(t, output)
        return display_path(output.path)
    return write_text(output, render_page(t, output.suffix, templates))
