"""The hidden, protected lookup sheet behind the template's live Scores sheet.

One row per question: what the banks say (weight, top, lowest and target points, whether
not applicable is allowed, its stops) as values, then formulas that read the question's
Answer cell and work out, by the contract's scoring rules, its option, points, maximum, gap,
reach, stops and shares. Beside it, tables of the scales' options, the bands of
``scoring.yaml``, the rule's settings, and one row per roadmap stop with its gap, reach,
shortfall, band, primary answers, whether it is ranked, and its place in the ranking.

Everything here is generated from the banks loaded: nothing about a particular bank is
written into the code. Formulas are built from this module's templates, cell references
and numbers only; every text from a bank or a user goes into a cell as a value
(:func:`~clear_cli.common.cells.set_text`), never into a formula. Functions used are ones
Excel 2010 and LibreOffice both calculate: IF, AND, OR, TRIM, INDEX, MATCH, SUM, SUMIFS,
COUNTIF, COUNTIFS, SUMPRODUCT, MIN, MAX, ROUND.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from clear_cli.common.cells import set_text
from clear_cli.core.scoring import (
    FOUNDATION,
    FOUNDATION_SHORTFALL,
    PROVISIONAL_BELOW,
    RANK_THRESHOLD,
)
from clear_cli.models import Bank, Question, Roadmap, ScoringConfig
from clear_cli.models.answers import NA_WORDS
from clear_cli.outputs.xlsx import style
from clear_cli.sources.workbook import layout

#: Slack on the foundation rule's ">= 50", as in :func:`clear_cli.core.scoring.start_here`.
EPSILON = "0.000000001"
#: A candidate value larger than any stop number: "not a foundation stop to start at".
NO_STOP = 999
FIRST_ROW = 2

#: The question table, left to right: values from the banks, then formulas.
STATIC = (
    "id",
    "weight",
    "top",
    "lowest",
    "target",
    "na_allowed",
    "stop1",
    "stop2",
    "stop3",
    "first",
)
#: Formula columns: ``{name}`` is that column's cell on the same row; ``{answer_cell}`` the
#: question's Answer cell; ``{option_match}``, ``{na_match}`` and the option ranges
#: (``{opt_*}``) are filled in per question. Order matters: each uses only those before it.
COMPUTED: dict[str, str] = {
    "answer": 'TRIM({answer_cell}&"")',
    "na": "IF(AND({na_allowed}=1,{na_match}),1,0)",
    "option": 'IF(OR({answer}="",{na}=1),0,{option_match})',
    "level": "IF({option}>0,INDEX({opt_points},{first}+{option}-1),0)",
    "points": "{weight}*{level}",
    "max": "IF({na}=1,0,{weight}*{top})",
    "answered": "IF(OR({option}>0,{na}=1),1,0)",
    "unknown": 'IF(AND({answer}<>"",{answered}=0),1,0)',
    "gap": "IF({option}>0,{weight}*MAX(0,{target}-{level}),0)",
    "reach": "IF({option}>0,{weight}*MAX(0,{target}-{lowest}),0)",
    "s1": "IF({option}=0,{stop1},IF(INDEX({opt_has},{first}+{option}-1)=1,"
    "INDEX({opt_stop1},{first}+{option}-1),{stop1}))",
    "s2": "IF({option}=0,{stop2},IF(INDEX({opt_has},{first}+{option}-1)=1,"
    "INDEX({opt_stop2},{first}+{option}-1),{stop2}))",
    "s3": "IF({option}=0,{stop3},IF(INDEX({opt_has},{first}+{option}-1)=1,"
    "INDEX({opt_stop3},{first}+{option}-1),{stop3}))",
    "share2": "IF(AND({s2}>0,{s2}<>{s1}),0.5/(({s2}>0)*({s2}<>{s1})+({s3}>0)*({s3}<>{s1})),0)",
    "share3": "IF(AND({s3}>0,{s3}<>{s1}),0.5/(({s2}>0)*({s2}<>{s1})+({s3}>0)*({s3}<>{s1})),0)",
    "gap2": "{gap}*{share2}",
    "gap3": "{gap}*{share3}",
    "reach2": "{reach}*{share2}",
    "reach3": "{reach}*{share3}",
    "count2": "IF({share2}>0,{s2},0)",
    "count3": "IF(AND({share3}>0,{s3}<>{s2}),{s3},0)",
}
QUESTION_COLUMNS = (*STATIC, *COMPUTED)
OPTION_COLUMNS = ("key", "label", "opt_points", "has_stops", "opt_stop1", "opt_stop2", "opt_stop3")
BAND_COLUMNS = ("band", "below")
SETTING_COLUMNS = ("setting", "value")
SETTINGS = (
    "rank_threshold",
    "provisional_below",
    "foundation_first",
    "foundation_last",
    "foundation_shortfall",
    "start",
    "why",
)
#: The stop table: ``{q_*}`` are whole columns of the question table, ``{all_*}`` whole
#: columns of this table, ``{set_*}`` the settings' cells.
STOP_COMPUTED: dict[str, str] = {
    "G": "SUMIFS({q_gap},{q_s1},{stop})+SUMIFS({q_gap2},{q_s2},{stop})"
    "+SUMIFS({q_gap3},{q_s3},{stop})",
    "R": "SUMIFS({q_reach},{q_s1},{stop})+SUMIFS({q_reach2},{q_s2},{stop})"
    "+SUMIFS({q_reach3},{q_s3},{stop})",
    "shortfall": "IF({R}>0,100*{G}/{R},0)",
    "short9": "ROUND({shortfall},9)",
    "gap9": "ROUND({G},9)",
    "stop_band": "{band_of_rest}",
    "primary": 'COUNTIFS({q_s1},{stop},{q_option},">0")',
    "reached": '{primary}+COUNTIFS({q_count2},{stop},{q_option},">0")'
    '+COUNTIFS({q_count3},{stop},{q_option},">0")',
    "ranked": "IF({primary}>={set_rank_threshold},1,0)",
    "candidate": "IF(AND({G}>0,{ranked}=1,{stop}>={set_foundation_first},"
    "{stop}<={set_foundation_last},{shortfall}>={set_foundation_shortfall}-" + EPSILON + "),"
    "{stop}," + str(NO_STOP) + ")",
    "position": "IF({G}>0,1+SUMPRODUCT(({all_G}>0)*(({all_ranked}>{ranked})+({all_ranked}={ranked})"
    "*(({all_short9}>{short9})+({all_short9}={short9})*(({all_gap9}>{gap9})+({all_gap9}={gap9})"
    "*({all_stop}<{stop}))))),0)",
}
STOP_COLUMNS = ("stop", "title", *STOP_COMPUTED)


def band_formula(percent: str, bands: ScoringConfig, labels: Sequence[str]) -> str:
    """The band of ``percent`` (a formula), as the cells ``labels`` (one per band) name it:
    the first band whose ``below`` the percent is under, the last band otherwise."""
    out = labels[-1]
    for band, label in zip(reversed(bands.bands[:-1]), reversed(labels[:-1]), strict=True):
        assert band.below is not None  # only the last band may leave it out
        out = f"IF({percent}<{band.below!r},{label},{out})"
    return out


@dataclass
class Lookup:
    """Where things are on the lookup sheet, for the Scores sheet's formulas."""

    sheet: str = layout.SCORE_DATA
    col: dict[str, str] = field(default_factory=dict)  # column key -> letters
    last_question: int = FIRST_ROW - 1
    stop_rows: dict[int, int] = field(default_factory=dict)  # stop number -> row
    band_cells: list[str] = field(default_factory=list)  # absolute, with the sheet
    setting: dict[str, str] = field(default_factory=dict)  # setting -> absolute cell
    scoring: ScoringConfig | None = None

    def ref(self, key: str, first: int, last: int | None = None) -> str:
        """An absolute reference, with the sheet, to a cell or a range of one column."""
        c = self.col[key]
        cell = f"{self.prefix}${c}${first}"
        return cell if last is None or last == first else f"{cell}:${c}${last}"

    @property
    def prefix(self) -> str:
        from openpyxl.utils import quote_sheetname

        return f"{quote_sheetname(self.sheet)}!"

    def questions(self, key: str) -> str:
        """The whole question column ``key``."""
        return self.ref(key, FIRST_ROW, max(FIRST_ROW, self.last_question))

    def stops(self, key: str) -> str:
        rows = sorted(self.stop_rows.values())
        return self.ref(key, rows[0], rows[-1])

    def band(self, percent: str) -> str:
        """The band word of ``percent`` (a formula)."""
        if self.scoring is None:
            raise ValueError("the bands are not written yet")
        return band_formula(percent, self.scoring, self.band_cells)


@dataclass(frozen=True)
class Placed:
    """A question and the row of its Answer cell on its bank's sheet."""

    bank: Bank
    question: Question
    sheet: str
    row: int


def write_lookup(
    ws: Any, placed: Sequence[Placed], roadmap: Roadmap, scoring: ScoringConfig
) -> Lookup:
    """Fill ``ws`` (the lookup sheet), hide and protect it; where everything went."""
    from openpyxl.utils import get_column_letter

    keys = [
        *QUESTION_COLUMNS,
        "",
        *OPTION_COLUMNS,
        "",
        *BAND_COLUMNS,
        "",
        *SETTING_COLUMNS,
        "",
        *STOP_COLUMNS,
    ]
    look = Lookup(scoring=scoring)
    for i, key in enumerate(keys, start=1):
        if key:
            look.col[key] = get_column_letter(i)
            set_text(ws.cell(1, i), key)
    options = _write_options(ws, look, placed)
    look.last_question = FIRST_ROW + len(placed) - 1
    answer_col = get_column_letter(layout.COLUMNS.index("answer") + 1)
    last_option = FIRST_ROW + max(1, len(options.rows)) - 1
    opt = {
        "opt_points": look.ref("opt_points", FIRST_ROW, last_option),
        "opt_has": look.ref("has_stops", FIRST_ROW, last_option),
        **{f"opt_stop{n}": look.ref(f"opt_stop{n}", FIRST_ROW, last_option) for n in (1, 2, 3)},
    }
    for r, p in enumerate(placed, start=FIRST_ROW):
        _write_question(ws, look, r, p, options, opt, f"{_quoted(p.sheet)}!${answer_col}${p.row}")
    _write_bands(ws, look, scoring)
    _write_settings(ws, look)
    _write_stops(ws, look, roadmap)
    ws.sheet_state = "hidden"
    style.protect(ws)
    return look


@dataclass
class _Options:
    rows: list[tuple[str, str, object]] = field(default_factory=list)
    first: dict[tuple[str, str], int] = field(default_factory=dict)  # (bank, scale) -> index


def _write_options(ws: Any, look: Lookup, placed: Sequence[Placed]) -> _Options:
    """Each scale's options once, in order: key, label, points, own stops."""
    out = _Options()
    for p in placed:
        name = p.question.scale or p.bank.default_scale
        if (p.bank.id, name) in out.first:
            continue
        out.first[(p.bank.id, name)] = len(out.rows) + 1
        for o in p.bank.scales[name].options:
            r = FIRST_ROW + len(out.rows)
            out.rows.append((o.key, o.label, o.points))
            set_text(ws.cell(r, _n(look, "key")), o.key)
            set_text(ws.cell(r, _n(look, "label")), o.label)
            ws.cell(r, _n(look, "opt_points"), o.points)
            ws.cell(r, _n(look, "has_stops"), 0 if o.stops is None else 1)
            for n, stop in enumerate(_three(o.stops or []), start=1):
                ws.cell(r, _n(look, f"opt_stop{n}"), stop)
    return out


def _write_question(
    ws: Any,
    look: Lookup,
    r: int,
    p: Placed,
    options: _Options,
    opt: dict[str, str],
    answer_cell: str,
) -> None:
    bank, q = p.bank, p.question
    scale = bank.scale_of(q)
    first = options.first[(bank.id, q.scale or bank.default_scale)]
    target = scale.option(bank.target_key(q))
    stops = _three(q.stops)
    values: dict[str, object] = {
        "weight": q.weight,
        "top": scale.top.points,
        "lowest": min(o.points for o in scale.options),
        "target": target.points if target is not None else scale.top.points,
        "na_allowed": 1 if q.na_allowed else 0,
        "stop1": stops[0],
        "stop2": stops[1],
        "stop3": stops[2],
        "first": first,
    }
    set_text(ws.cell(r, _n(look, "id")), q.id)
    for key, value in values.items():
        ws.cell(r, _n(look, key), value)
    cells = {key: f"{look.col[key]}{r}" for key in QUESTION_COLUMNS}
    answer = cells["answer"]
    option_match = "0"
    for i in range(len(scale.options), 0, -1):
        row = FIRST_ROW + first + i - 2
        label, key = f"${look.col['label']}${row}", f"${look.col['key']}${row}"
        option_match = f"IF(OR({answer}={label},{answer}={key}),{i},{option_match})"
    na_match = "OR(" + ",".join(f'{answer}="{w}"' for w in sorted(NA_WORDS)) + ")"
    fill = {
        **cells,
        **opt,
        "answer_cell": answer_cell,
        "option_match": option_match,
        "na_match": na_match,
    }
    for key, template in COMPUTED.items():
        ws.cell(r, _n(look, key), "=" + template.format(**fill))


def _write_bands(ws: Any, look: Lookup, scoring: ScoringConfig) -> None:
    for r, band in enumerate(scoring.bands, start=FIRST_ROW):
        set_text(ws.cell(r, _n(look, "band")), band.label)
        if band.below is not None:
            ws.cell(r, _n(look, "below"), band.below)
        look.band_cells.append(look.ref("band", r))


def _write_settings(ws: Any, look: Lookup) -> None:
    values: dict[str, object] = {
        "rank_threshold": RANK_THRESHOLD,
        "provisional_below": PROVISIONAL_BELOW,
        "foundation_first": min(FOUNDATION),
        "foundation_last": max(FOUNDATION),
        "foundation_shortfall": FOUNDATION_SHORTFALL,
    }
    for r, key in enumerate(SETTINGS, start=FIRST_ROW):
        set_text(ws.cell(r, _n(look, "setting")), key)
        look.setting[key] = look.ref("value", r)
        if key in values:
            ws.cell(r, _n(look, "value"), values[key])


def _write_stops(ws: Any, look: Lookup, roadmap: Roadmap) -> None:
    for r, stop in enumerate(sorted(roadmap.stops, key=lambda s: s.number), start=FIRST_ROW):
        look.stop_rows[stop.number] = r
        ws.cell(r, _n(look, "stop"), stop.number)
        set_text(ws.cell(r, _n(look, "title")), stop.title)
    fill_all = {f"all_{k}": look.stops(k) for k in STOP_COLUMNS}
    fill_q = {f"q_{k}": look.questions(k) for k in QUESTION_COLUMNS}
    fill_set = {f"set_{k}": v for k, v in look.setting.items()}
    for r in look.stop_rows.values():
        cells = {k: f"{look.col[k]}{r}" for k in STOP_COLUMNS}
        rest = f"(100-{cells['shortfall']})"
        fill = {**cells, **fill_all, **fill_q, **fill_set, "band_of_rest": look.band(rest)}
        for key, template in STOP_COMPUTED.items():
            ws.cell(r, _n(look, key), "=" + template.format(**fill))
    start, why = look.setting["start"], look.setting["why"]
    cand, pos, numbers = look.stops("candidate"), look.stops("position"), look.stops("stop")
    start_formula = (
        f"IF(MIN({cand})<{NO_STOP},MIN({cand}),"
        f"IF(COUNTIF({pos},1)>0,INDEX({numbers},MATCH(1,{pos},0)),0))"
    )
    ranked = look.stops("ranked")
    why_formula = (
        f'IF({start}=0,"none",IF(MIN({cand})<{NO_STOP},"foundation",'
        f'IF(INDEX({ranked},MATCH({start},{numbers},0))=1,"largest","few")))'
    )
    ws[_local(start)] = "=" + start_formula
    ws[_local(why)] = "=" + why_formula


def _three(stops: Sequence[int]) -> list[int]:
    """A list of stops as three numbers, 0 for none."""
    return [*stops[:3], 0, 0, 0][:3]


def _n(look: Lookup, key: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(look.col[key]))


def _quoted(sheet: str) -> str:
    from openpyxl.utils import quote_sheetname

    return str(quote_sheetname(sheet))


def _local(ref: str) -> str:
    """``'_scores'!$A$2`` -> ``A2``."""
    return ref.rsplit("!", 1)[-1].replace("$", "")
