"""``clear trend --out OUT.xlsx``: the trend as a workbook an analyst can chart.

Sheets: About (the assessments), Banks (banks and sections, one column per date), Stops
(shortfall per date), Moved (answers that moved), Left out. Values only, never formulas; every
piece of user text is made safe by the export's
:class:`~clear_cli.outputs.xlsx.export_sheets.Writer`.
Each sheet prints landscape, one page wide, its header row repeated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clear_cli import __version__
from clear_cli.core.compare import answer_label
from clear_cli.core.trend import Series, Trend
from clear_cli.outputs.outfiles import building
from clear_cli.outputs.pages.report import GENERATOR_MARK
from clear_cli.outputs.wording import date_labels
from clear_cli.outputs.xlsx.export_sheets import DATE, PERCENT, Writer
from clear_cli.outputs.xlsx.files import save_atomically

if TYPE_CHECKING:
    from clear_cli.outputs.outfiles import Output

SIGNED = "+0.0;-0.0;0"


def write_xlsx(t: Trend, output: Output) -> None:
    """Build the workbook and move it into place atomically."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    with building(output, wb):
        labels = date_labels(t.dates)
        _about(wb, t)
        _banks(wb, t, labels)
        _stops(wb, t, labels)
        _moved(wb, t, labels)
        _left_out(wb, t)
        wb.properties.creator = f"clear {__version__}"
        wb.properties.description = GENERATOR_MARK
        wb.properties.title = f"{t.locality} over time"
        save_atomically(wb, output)


def _sheet(wb: Any, title: str, headers: list[str], widths: list[float]) -> Writer:
    w = Writer(wb, title, headers, widths)
    w.ws.print_title_rows = "1:1"
    w.ws.page_setup.orientation = "landscape"
    w.ws.page_setup.fitToWidth, w.ws.page_setup.fitToHeight = 1, 0
    w.ws.sheet_properties.pageSetUpPr.fitToPage = True
    return w


def _about(wb: Any, t: Trend) -> None:
    w = _sheet(
        wb,
        "About",
        ["Date", "Assessment", "Locality", "Assessors", "Answered %", "Provisional", "File"],
        [12, 12, 20, 60, 12, 12, 40],
    )
    for p in t.points:
        w.row(
            [
                w.cell(p.date, DATE),
                p.assessment,
                t.locality,
                "; ".join(p.assessors),
                w.cell(round(p.completeness, 2), PERCENT),
                "yes: below 80% answered" if p.provisional else "no",
                p.source,
            ]
        )


def _figures(w: Writer, values: list[float | None], since: list[float | None]) -> list[Any]:
    cells: list[Any] = [w.cell(v, PERCENT) if v is not None else "n/a" for v in values]
    cells += [w.cell(v, SIGNED) if v is not None else "n/a" for v in since]
    return cells


def _banks(wb: Any, t: Trend, labels: list[str]) -> None:
    w = _sheet(
        wb,
        "Banks",
        ["Bank", "Section", "Title", *labels, "Since previous", "Since first"],
        [14, 10, 48, *(10 for _ in labels), 14, 12],
    )

    def add(bank: str, section: str, s: Series) -> None:
        w.row([bank, section, s.title, *_figures(w, s.percents, [s.since_previous, s.since_first])])

    for b in t.banks:
        add(b.id, "", b)
        for s in b.sections:
            add(b.id, s.id, s)
    add("overall", "", t.overall)


def _stops(wb: Any, t: Trend, labels: list[str]) -> None:
    w = _sheet(
        wb,
        "Stops",
        ["Stop", "Title", *labels, "Since previous", "Since first", "Few answers on"],
        [6, 44, *(10 for _ in labels), 14, 12, 24],
    )
    for s in t.stops:
        few = ", ".join(labels[i] for i, ranked in enumerate(s.ranked) if not ranked)
        w.row(
            [
                s.stop,
                s.title,
                *_figures(w, list(s.shortfalls), [s.since_previous, s.since_first]),
                few,
            ]
        )


def _moved(wb: Any, t: Trend, labels: list[str]) -> None:
    first, last = labels[0], labels[-1]
    w = _sheet(
        wb,
        "Moved",
        [
            "Direction",
            "ID",
            "Bank",
            "Question",
            f"{first} key",
            f"{first} answer",
            f"{last} key",
            f"{last} answer",
            "Points change",
            f"{last} evidence",
            f"{last} note",
        ],
        [10, 8, 14, 60, 8, 22, 8, 22, 10, 60, 30],
    )
    for m in t.moved:
        w.row(
            [
                m.direction,
                m.id,
                m.latest.bank_id,
                m.latest.question.text,
                m.from_key,
                answer_label(m.first),
                m.to_key,
                answer_label(m.latest),
                w.cell(m.change, SIGNED),
                m.latest.response.evidence,
                m.latest.response.note,
            ]
        )


def _left_out(wb: Any, t: Trend) -> None:
    w = _sheet(wb, "Left out", ["Bank", "Question", "Why"], [14, 10, 90])
    for x in t.left_out:
        w.row([x.bank, x.question or "", x.message])
