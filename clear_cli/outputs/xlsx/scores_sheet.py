"""The template's live Scores sheet: the scorecard, worked out as answers are chosen.

Overall, each bank and each section (points, maximum, percent, band as a word, unanswered,
not applicable); how complete the assessment is and whether the scores are provisional;
where to start and why; and the roadmap stops with a gap in ranked order (shortfall, band,
primary answers, ranked). The same rules as ``clear score`` (see the contract's "Scoring
rules" and "Gap analysis"), in formulas over the hidden lookup sheet
(:mod:`.score_lookup`), which alone reads the Answer cells.

Formulas hold cell references, numbers and this tool's own wording (``wording.yaml``,
``start_here.yaml``) only: bank titles and stop titles are values, or read from the lookup
sheet's cells; nothing a user typed is ever part of a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clear_cli.common.cells import set_text
from clear_cli.models import Bank, ScoringConfig
from clear_cli.outputs.xlsx import style
from clear_cli.outputs.xlsx.printing import print_setup
from clear_cli.outputs.xlsx.score_lookup import FIRST_ROW, Lookup
from clear_cli.sources.data import start_here_wording
from clear_cli.sources.workbook import layout

COLUMNS = ("area", "points", "max", "percent", "band", "unanswered", "na")
STOP_COLUMNS = ("title", "stop", "shortfall", "band", "primary", "ranked", "order")
WIDTHS = (44, 11, 11, 11, 11, 12, 12)
#: Excel's limit on one text constant inside a formula.
MAX_LITERAL = 250
PERCENT = "0.0"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Span:
    """Rows of the lookup sheet's question table: ``first`` to ``last``, empty when last < first."""

    first: int
    last: int


def literal(text: str) -> str:
    """``text`` as a formula's string constant (quotes doubled, cut into pieces Excel allows)."""
    text = text.replace('"', '""')
    pieces = [text[i : i + MAX_LITERAL] for i in range(0, len(text), MAX_LITERAL)] or [""]
    return "&".join(f'"{p}"' for p in pieces)


def sentence(template: str, values: dict[str, str]) -> str:
    """A wording template with ``{name}`` placeholders as a formula joining text and cells."""
    parts: list[str] = []
    at = 0
    for m in _PLACEHOLDER.finditer(template):
        if m.start() > at:
            parts.append(literal(template[at : m.start()]))
        parts.append(values[m[1]])
        at = m.end()
    if at < len(template):
        parts.append(literal(template[at:]))
    return "&".join(parts) or '""'


def write_scores(
    ws: Any,
    banks: Sequence[Bank],
    look: Lookup,
    scoring: ScoringConfig,
) -> None:
    """Fill the Scores sheet ``ws``: every figure a formula over the lookup sheet ``look``."""
    from openpyxl.utils import get_column_letter

    words = layout.wording()["scores"]
    set_text(ws.cell(1, 1), words["title"])
    style.title_style(ws.cell(1, 1))
    set_text(ws.cell(2, 1), words["lede"])
    style.wrap(ws.cell(2, 1))
    ws.row_dimensions[2].height = style.row_height([(words["lede"], WIDTHS[0])])
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    writer = _Writer(ws, look, words)
    row = writer.totals(4, banks)
    row = writer.completeness(row + 1)
    row = writer.start(row + 1)
    writer.stops(row + 1)
    _band_colours(ws, look, scoring, writer.band_cells)
    _titles(ws, writer.tables)
    print_setup(ws, landscape=False, one_page=True)
    style.protect(ws)


class _Writer:
    def __init__(self, ws: Any, look: Lookup, words: dict[str, Any]) -> None:
        self.ws, self.look, self.words = ws, look, words
        self.band_cells: list[str] = []
        self.tables: list[str] = []  # header-row ranges, for screen readers

    def label(self, row: int, text: str, *, bold: bool = False) -> None:
        cell = self.ws.cell(row, 1)
        set_text(cell, text)
        style.wrap(cell)
        if bold:
            cell.style = style.SECTION

    def formula(self, row: int, col: int, formula: str, number_format: str = "") -> Any:
        cell = self.ws.cell(row, col, "=" + formula)
        if number_format:
            cell.number_format = number_format
        return cell

    def header(self, row: int, keys: Sequence[str], names: dict[str, str], last: int) -> None:
        from openpyxl.utils import get_column_letter

        for c, key in enumerate(keys, start=1):
            style.header_style(self.ws.cell(row, c, names[key]))
        end = get_column_letter(len(keys))
        self.tables.append(f"$A${row}:${end}${last}")

    def totals(self, row: int, banks: Sequence[Bank]) -> int:
        """The header, Overall, then each bank and its sections; the next free row."""
        lines: list[tuple[str, Span, bool]] = []
        at = FIRST_ROW
        for bank in banks:
            start = at
            sections = []
            for section in bank.sections:
                sections.append((section.title, Span(at, at + len(section.questions) - 1), False))
                at += len(section.questions)
            lines.append((bank.title, Span(start, at - 1), True))
            lines.extend(sections)
        lines.insert(0, (self.words["overall"], Span(FIRST_ROW, at - 1), True))
        self.header(row, COLUMNS, self.words["headers"], row + len(lines))
        for r, (title, span, bold) in enumerate(lines, start=row + 1):
            self.label(r, title, bold=bold)
            self.total(r, span)
            if not bold:
                self.ws.cell(r, 1).alignment = _indent()
        return row + len(lines) + 1

    def total(self, r: int, span: Span) -> None:
        """Points, maximum, percent, band, unanswered and not applicable of the rows ``span``."""
        from openpyxl.utils import get_column_letter

        col = {key: get_column_letter(i) for i, key in enumerate(COLUMNS, start=1)}

        def sum_of(key: str) -> str:
            if span.last < span.first:
                return "0"
            return f"SUM({self.look.ref(key, span.first, span.last)})"

        size = max(0, span.last - span.first + 1)
        pts, mx, pct = (f"{col[k]}{r}" for k in ("points", "max", "percent"))
        self.formula(r, 2, sum_of("points"), "0.##")
        self.formula(r, 3, sum_of("max"), "0.##")
        self.formula(r, 4, f'IF({mx}>0,100*{pts}/{mx},"")', PERCENT)
        self.formula(r, 5, f'IF({mx}>0,{self.look.band(pct)},"")')
        self.band_cells.append(f"{col['band']}{r}")
        self.formula(r, 6, f"{size}-{sum_of('answered')}")
        self.formula(r, 7, sum_of("na"))

    def completeness(self, row: int) -> int:
        w, look = self.words, self.look
        self.label(row, w["completeness_title"], bold=True)
        answered, questions, pct = (f"B{row + i}" for i in (1, 2, 3))
        rows = [
            (w["answered"], f"SUM({look.questions('answered')})", "0"),
            (w["questions"], str(max(0, look.last_question - FIRST_ROW + 1)), "0"),
            (w["complete"], f"IF({questions}>0,100*{answered}/{questions},100)", PERCENT),
            (
                w["provisional"],
                f'IF({pct}<{look.setting["provisional_below"]},"Yes","No")',
                "",
            ),
            (w["unknown"], f"SUM({look.questions('unknown')})", "0"),
        ]
        for i, (text, formula, fmt) in enumerate(rows, start=1):
            self.label(row + i, text)
            self.formula(row + i, 2, formula, fmt)
        prov, unknown = f"B{row + 4}", f"B{row + 5}"
        notes = [
            f'IF({prov}="Yes",{literal(w["provisional_yes"])},{literal(w["provisional_no"])})',
            f'IF({unknown}>0,{unknown}&" "&{literal(w["unknown_some"])},'
            f"{literal(w['unknown_none'])})",
        ]
        longest = max(len(w["provisional_yes"]), len(w["unknown_some"]) + 6)
        for i, formula in enumerate(notes, start=row + 6):
            cell = self.formula(i, 1, formula)
            style.wrap(cell)
            self.ws.row_dimensions[i].height = style.row_height([("x" * longest, WIDTHS[0])])
        return row + 8

    def start(self, row: int) -> int:
        """Where to start: the stop, its title, and why (in ``start_here.yaml``'s words)."""
        w, look = self.words, self.look
        self.label(row, w["start_title"], bold=True)
        start, why = look.setting["start"], look.setting["why"]
        stops = look.stops("stop")

        def of(key: str) -> str:
            return f"INDEX({look.stops(key)},MATCH({start},{stops},0))"

        self.label(row + 1, w["start"])
        self.formula(row + 1, 2, f"IF({start}=0,{literal(w['start_none'])},{start})")
        self.label(row + 2, w["start_stop_title"])
        self.formula(row + 2, 2, f'IF({start}=0,"",{of("title")})')
        self.label(row + 3, w["why"])
        values = {
            "stop": start,
            "title": of("title"),
            "shortfall": f"ROUND({of('shortfall')},0)",
            "answered": of("reached"),
            "primary": of("primary"),
        }
        wording = start_here_wording()["sentence"]
        text = f'IF({why}="none",{literal(wording["none"])},'
        text += f'IF({why}="foundation",{sentence(wording["foundation"], values)},'
        text += f'IF({why}="largest",{sentence(wording["largest"], values)},'
        text += f"{sentence(wording['few'], values)})))"
        cell = self.formula(row + 4, 1, text)
        style.wrap(cell)
        longest = max(len(str(v)) for v in wording.values()) + 40
        self.ws.row_dimensions[row + 4].height = style.row_height([("x" * longest, WIDTHS[0])])
        return row + 5

    def stops(self, row: int) -> int:
        """The stops with a gap, in ranked order: row k shows the stop ranked k-th."""
        w, look = self.words, self.look
        self.label(row, w["stops_title"], bold=True)
        count = len(look.stop_rows)
        self.header(row + 1, STOP_COLUMNS, w["stop_headers"], row + 1 + count)
        pos = look.stops("position")
        for k in range(1, count + 1):
            r = row + 1 + k

            def at(key: str, k: int = k) -> str:
                return f"INDEX({look.stops(key)},MATCH({k},{pos},0))"

            blank = f"COUNTIF({pos},{k})=0"
            title = f'IF({blank},"",{at("stop")}&". "&{at("title")})'
            self.formula(r, 1, title)
            self.formula(r, 2, f'IF({blank},"",{at("stop")})')
            self.formula(r, 3, f'IF({blank},"",{at("shortfall")})', PERCENT)
            self.formula(r, 4, f'IF({blank},"",{at("stop_band")})')
            self.band_cells.append(f"D{r}")
            self.formula(r, 5, f'IF({blank},"",{at("primary")})')
            yes, no = literal(w["ranked_yes"]), literal(w["ranked_no"])
            self.formula(r, 6, f'IF({blank},"",IF({at("ranked")}=1,{yes},{no}))')
            self.formula(r, 7, f'IF({blank},"",{k})')
        note = row + count + 2
        set_text(self.ws.cell(note, 1), w["stops_note"])
        style.wrap(self.ws.cell(note, 1))
        self.ws.row_dimensions[note].height = style.row_height([(w["stops_note"], WIDTHS[0])])
        return note + 1


def _band_colours(ws: Any, look: Lookup, scoring: ScoringConfig, cells: list[str]) -> None:
    """Each band cell in its band's colour (the word is there too: colour is never alone)."""
    from openpyxl.formatting.rule import CellIsRule

    if not cells:
        return
    ranges = " ".join(cells)
    for band, ref in zip(scoring.bands, look.band_cells, strict=True):
        fill, font = style.band_fill(band.colour)
        rule = CellIsRule(operator="equal", formula=[ref], fill=fill, font=font)
        ws.conditional_formatting.add(ranges, rule)


def _titles(ws: Any, tables: list[str]) -> None:
    """Name each table's header row for screen readers (the ``ColumnTitle`` convention)."""
    from openpyxl.utils import quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    for i, rng in enumerate(tables, start=1):
        name = f"ColumnTitle{i}"
        ws.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(ws.title)}!{rng}")


def _indent() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(indent=1, vertical="top", wrap_text=True)
