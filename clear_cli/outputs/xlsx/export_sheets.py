"""The sheets of ``clear export``, written row by row (openpyxl's write-only mode)."""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from clear_cli.common.cells import safe_text, set_text
from clear_cli.core.scoring import QuestionScore, Total
from clear_cli.outputs.xlsx import style
from clear_cli.outputs.xlsx.printing import print_setup
from clear_cli.outputs.xlsx.scored import Scored
from clear_cli.sources.workbook import layout

PERCENT = "0.0"
DATE = "yyyy-mm-dd"
#: The first cells of every row; Area code (the ONS code) is the key analysts join on.
WHO = ("Locality", "Assessment", "Date", "Area code")
QUESTION_COLUMNS = (
    *WHO,
    "Bank",
    "Section",
    "Question ID",
    "Question",
    "Answer",
    "Points",
    "Maximum",
    "Target",
    "Gap",
    "Stops",
    "Evidence",
    "Note",
)


#: The same bank texts recur in every assessment's rows: make each safe once.
safe = functools.lru_cache(maxsize=16384)(safe_text)


class Writer:
    """Appends rows to a write-only sheet: text made safe, dates formatted, numbers as they are.

    Text goes in as :func:`safe_text` left it, which never starts with a formula character,
    so openpyxl stores it as a string; cells with a style are built by :meth:`cell`.
    """

    def __init__(self, wb: Any, title: str, headers: Sequence[str], widths: Sequence[float]):
        from openpyxl.utils import get_column_letter

        if len(widths) != len(headers):
            raise ValueError(f"sheet {title}: {len(headers)} headers, {len(widths)} widths")
        self.ws = wb.create_sheet(title)
        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A2"
        print_setup(self.ws, header_row=1)
        self.rows = 0
        self._date: Any = None
        self.row([self.header(h) for h in headers])

    def header(self, text: str) -> Any:
        cell = self.cell(text)
        style.header_style(cell)
        return cell

    def cell(
        self,
        value: object,
        fmt: str | None = None,
        fill: tuple[Any, Any] | None = None,
        *,
        wrap: bool = False,
    ) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment

        cell = WriteOnlyCell(self.ws)
        if isinstance(value, str):
            set_text(cell, value)
        else:
            cell.value = value
        if fmt:
            cell.number_format = fmt
        if fill:
            cell.fill, cell.font = fill
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def row(self, values: Iterable[Any]) -> None:
        self.ws.append([self.plain(v) for v in values])
        self.rows += 1

    @staticmethod
    def plain(value: Any) -> Any:
        """Text made safe (empty text left out); numbers, dates and styled cells as they are.

        openpyxl gives a date cell the format yyyy-mm-dd by itself.
        """
        if isinstance(value, str):
            return safe(value) if value else None
        return value

    def who(self, s: Scored) -> list[Any]:
        """Locality, assessment, date and area code: the first four cells of every row."""
        card = s.card
        code = s.assessment.meta.area_code or ""
        if card.date is None:
            return [card.locality, card.assessment, None, code]
        if self._date is None or self._date.value != card.date:
            # One formatted date cell per assessment, handed to every row of it: the write-only
            # sheet writes each row as it is appended, so the cell is out before it is reused.
            self._date = self.cell(card.date, DATE)
        return [card.locality, card.assessment, self._date, code]


def bank_columns(scored: list[Scored]) -> list[tuple[str, str]]:
    """(bank id, title) of every bank in any assessment, in the order first met."""
    seen: dict[str, str] = {}
    for s in scored:
        for b in s.card.banks:
            seen.setdefault(b.id, b.title)
    return list(seen.items())


def percent_cell(w: Writer, total: Total | None, bands: dict[str, str]) -> Any:
    if total is None or total.max == 0:  # absent, or nothing to score (all not applicable)
        return w.cell(None)
    colour = bands.get(total.band)
    return w.cell(round(total.percent, 2), PERCENT, style.band_fill(colour) if colour else None)


def summary(
    wb: Any, scored: list[Scored], banks: list[tuple[str, str]], bands: dict[str, str]
) -> None:
    headers = [
        *WHO,
        "File",
        "Points",
        "Maximum",
        "Percent",
        "Band",
        *(f"{title} %" for _, title in banks),
        "Completeness %",
        "Provisional",
        "Start here",
        "Banks covered",
        "Note",
    ]
    w = Writer(
        wb,
        layout.wording()["export"]["summary"],
        headers,
        # one width per header: narrow number columns under wrapped headings, so the sheet
        # printed one page wide stays readable
        [18, 11, 11, 11, 24, 8, 9, 9, 9, *(11 for _ in banks), 13, 11, 10, 24, 34],
    )
    covered = [[b.id for b in s.card.banks] for s in scored]
    # Overall percents over different banks do not compare: say so on every row.
    mixed = len({tuple(sorted(ids)) for ids in covered}) > 1
    note = layout.wording()["export"]["different_banks"] if mixed else ""
    for s, ids in zip(scored, covered, strict=True):
        by_id = {b.id: b.total for b in s.card.banks}
        overall = s.card.overall
        w.row(
            [
                *w.who(s),
                s.source,
                overall.points,
                overall.max,
                percent_cell(w, overall, bands),
                band_label(s, overall.band) if overall.max > 0 else "n/a",
                *(percent_cell(w, by_id.get(bank_id), bands) for bank_id, _ in banks),
                w.cell(round(s.card.completeness.percent, 2), PERCENT),
                "provisional" if s.card.completeness.provisional else "",
                s.card.start_here,
                ", ".join(ids),
                w.cell(note, wrap=True) if note else None,
            ]
        )


def band_label(s: Scored, name: str) -> str:
    """A band as every other output shows it: "Amber", not "amber"."""
    return next((b.label for b in s.assessment.catalogue.scoring.bands if b.name == name), name)


def sections(wb: Any, scored: list[Scored], bands: dict[str, str]) -> None:
    headers = [*WHO, "Bank", "Section ID", "Section", "Points", "Maximum", "Percent", "Band"]
    w = Writer(
        wb,
        layout.wording()["export"]["sections"],
        headers,
        [18, 12, 12, 11, 36, 10, 44, 9, 9, 9, 9],
    )
    for s in scored:
        for b in s.card.banks:
            for sec in b.sections:
                t = sec.total
                w.row(
                    [
                        *w.who(s),
                        b.title,
                        sec.id,
                        sec.title,
                        t.points,
                        t.max,
                        percent_cell(w, t, bands),
                        band_label(s, t.band) if t.max > 0 else "n/a",
                    ]
                )


def questions(wb: Any, scored: list[Scored]) -> None:
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    widths = [18, 12, 12, 11, 30, 30, 11, 50, 22, 8, 9, 18, 7, 8, 40, 30]
    w = Writer(wb, layout.wording()["export"]["questions"], QUESTION_COLUMNS, widths)
    for s in scored:
        titles = {b.id: (b.title, {sec.id: sec.title for sec in b.sections}) for b in s.card.banks}
        for q in s.card.questions:
            bank_title, section_titles = titles[q.bank_id]
            w.row([*w.who(s), bank_title, section_titles[q.section_id], *question_values(w, q)])
    from openpyxl.utils import get_column_letter

    ref = f"A1:{get_column_letter(len(QUESTION_COLUMNS))}{max(w.rows, 2)}"
    table = Table(displayName="Questions", ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(QUESTION_COLUMNS, 1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():  # openpyxl warns that we must name the columns: we do
        warnings.simplefilter("ignore", UserWarning)
        w.ws.add_table(table)


def question_values(w: Writer, q: QuestionScore) -> list[Any]:
    r = q.response
    answer = layout.wording()["bank"]["na_label"] if r.na else (r.option.label if r.option else "")
    return [
        q.id,
        q.question.text,
        answer,
        q.points,
        q.max,
        q.target.label,
        q.gap,
        ", ".join(str(n) for n in q.stops),
        r.evidence,
        r.note,
    ]


def stops(wb: Any, scored: list[Scored], bands: dict[str, str]) -> None:
    """One row per assessment and stop with a gap, in ranked order: the shortfall and what
    it rests on."""
    headers = [
        *WHO,
        "Stop",
        "Title",
        "Shortfall %",
        "Band",
        "Gap",
        "Reach",
        "Answered",
        "Ranked",
        "Start here",
        "Provisional",
        "Questions",
    ]
    widths = [18, 12, 12, 11, 7, 40, 12, 9, 8, 8, 10, 8, 10, 12, 60]
    w = Writer(wb, layout.wording()["export"]["stops"], headers, widths)
    for s in scored:
        card = s.card
        start = card.start_here
        for g in card.gaps:
            colour = bands.get(g.band)
            w.row(
                [
                    *w.who(s),
                    g.stop,
                    g.title,
                    w.cell(
                        round(g.shortfall, 2), PERCENT, style.band_fill(colour) if colour else None
                    ),
                    band_label(s, g.band),
                    round(g.gap, 2),
                    round(g.reach, 2),
                    g.answered,
                    "yes" if g.ranked else "few answers",
                    "start here" if g.stop == start else "",
                    "provisional" if card.completeness.provisional else "",
                    ", ".join(q.id for q in g.questions),
                ]
            )


#: Chart sizes in cm: one bar per assessment, a row's height apart, so bars sit beside their rows.
BAR_CM = 0.53
CHART_FRAME_CM = 2.6
CHART_WIDTH_CM = 15.0


#: Blank rows after each bank's rows, so its chart (taller than its rows by the frame) fits.
CHART_GAP_ROWS = 6


def chart(wb: Any, scored: list[Scored], banks: list[tuple[str, str]]) -> None:
    """One bar chart per bank: the percent each assessment covering it scored, highest first,
    beside the rows it is drawn from. Overall percents of assessments covering different banks
    do not compare, so no chart ranks them; a bank's percent means the same everywhere."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    words = layout.wording()["export"]
    w = Writer(wb, words["chart"], ["Bank", "Assessment", words["chart_percent"]], [30, 30, 10])
    labels = chart_labels(scored)
    for bank_id, title in banks:
        ranked = sorted(
            (
                (label, next(b.total for b in s.card.banks if b.id == bank_id))
                for label, s in zip(labels, scored, strict=True)
                if any(b.id == bank_id for b in s.card.banks)
            ),
            key=lambda pair: -pair[1].percent,  # stable: input order among equals
        )
        first = w.rows + 1
        for label, total in ranked:
            w.row([title, label, round(total.percent, 2)])
        last = w.rows
        bar = BarChart()
        bar.type, bar.grouping = "bar", "clustered"
        bar.title = words["chart_title"].format(bank=title)
        bar.y_axis.title = words["chart_axis"]
        bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
        bar.x_axis.scaling.orientation = "maxMin"  # the highest at the top, as in the table
        bar.x_axis.delete = bar.y_axis.delete = False
        bar.legend = None
        bar.gapWidth = 40
        bar.dataLabels = DataLabelList(
            showVal=True,
            showCatName=False,
            showSerName=False,
            showLegendKey=False,
            showPercent=False,
            numFmt="0",  # 62, not 62.35: the table beside it has the decimals
        )
        bar.add_data(Reference(w.ws, min_col=3, min_row=first, max_row=last))
        bar.set_categories(Reference(w.ws, min_col=2, min_row=first, max_row=last))
        bar.width = CHART_WIDTH_CM
        bar.height = CHART_FRAME_CM + BAR_CM * max(3, len(ranked))
        w.ws.add_chart(bar, f"E{first}")
        for _ in range(CHART_GAP_ROWS + max(0, 3 - len(ranked))):
            w.row([])


def chart_labels(scored: list[Scored]) -> list[str]:
    """Each assessment's locality, with its kind and date where a locality appears twice."""
    counts: dict[str, int] = {}
    for s in scored:
        counts[s.card.locality] = counts.get(s.card.locality, 0) + 1
    out = []
    for s in scored:
        c = s.card
        when = c.date.isoformat() if isinstance(c.date, dt.date) else "undated"
        out.append(
            c.locality if counts[c.locality] == 1 else f"{c.locality} ({c.assessment}, {when})"
        )
    return out
