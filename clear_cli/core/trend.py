"""One locality over time: percents by bank and section, stop shortfalls, and the answers
that moved, across two or more assessments in date order.

Pure functions over loaded assessments; no files, no printing. Only what every assessment
holds is followed: the banks all of them answered and, where a bank changed between them
(another version, or a locality's own copy), the questions present in every version on the
same scale. Everything else is named in ``left_out``. Totals and stop shortfalls at each date
are :mod:`clear_cli.core.scoring`'s own calculation over the questions followed, so when nothing is
left out they equal ``clear score``'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from clear_cli.common.errors import Problem, UserError
from clear_cli.common.text import normalise
from clear_cli.core.alignment import AlignedBank, BankApart, LeftOut, align, left_out_groups
from clear_cli.core.compare import answer_key
from clear_cli.core.scoring import (
    QuestionScore,
    Scorecard,
    is_ranked,
    percent,
    rank_gaps,
    score_assessment,
    shares,
)
from clear_cli.models import Roadmap, ScoringConfig
from clear_cli.sources.answers import Assessment


@dataclass(frozen=True)
class Point:
    """One assessment in the run."""

    date: dt.date
    assessment: str  # self | peer
    source: str
    assessors: list[str]
    completeness: float  # percent of its questions answered (not applicable included)
    provisional: bool  # below 80% answered


def change(values: list[float | None], back: int) -> float | None:
    """The latest value minus the one ``back`` places before it, from the rounded figures."""
    if len(values) <= back:
        return None
    now, then = values[-1], values[-1 - back]
    if now is None or then is None:
        return None
    return round(now - then, 2)


@dataclass(frozen=True)
class Series:
    """A bank, a section or overall: its percent at each date (None where nothing scores)."""

    id: str
    title: str
    percents: list[float | None]

    @property
    def since_previous(self) -> float | None:
        return change(self.percents, 1)

    @property
    def since_first(self) -> float | None:
        return change(self.percents, len(self.percents) - 1)


@dataclass(frozen=True)
class BankSeries(Series):
    versions: list[str] = field(default_factory=list)  # the bank's version at each date
    compared: int = 0  # questions followed
    sections: list[Series] = field(default_factory=list)


@dataclass(frozen=True)
class StopSeries:
    """A roadmap stop's shortfall at each date, over the questions followed."""

    stop: int
    title: str
    shortfalls: list[float]  # 0-100, rounded to 2; 0 where the stop has no gap
    ranked: list[bool]  # ranked at that date (:func:`~clear_cli.core.scoring.is_ranked`)

    @property
    def since_previous(self) -> float:
        return change(list(self.shortfalls), 1) or 0.0

    @property
    def since_first(self) -> float:
        return change(list(self.shortfalls), len(self.shortfalls) - 1) or 0.0


@dataclass(frozen=True)
class Moved:
    """A question answered (not not applicable) first and latest, with another option."""

    first: QuestionScore
    latest: QuestionScore
    bank_title: str
    order: int  # position in the banks, to keep equal changes in bank order

    @property
    def id(self) -> str:
        return self.latest.id

    @property
    def from_key(self) -> str:
        return answer_key(self.first) or ""

    @property
    def to_key(self) -> str:
        return answer_key(self.latest) or ""

    @property
    def change(self) -> float:
        """Weighted points latest minus first."""
        return self.latest.points - self.first.points

    @property
    def direction(self) -> str:
        return "up" if self.change > 0 else ("down" if self.change < 0 else "level")


@dataclass(frozen=True)
class Trend:
    locality: str
    points: list[Point]
    overall: Series
    banks: list[BankSeries]
    stops: list[StopSeries]  # by stop number
    moved: list[Moved]  # up (largest rise first), level, then down (largest fall first)
    left_out: list[LeftOut] = field(default_factory=list)
    thresholds: list[float] = field(default_factory=list)  # band thresholds, for charts

    @property
    def dates(self) -> list[dt.date]:
        return [p.date for p in self.points]

    @property
    def compared(self) -> int:
        return sum(b.compared for b in self.banks)

    @property
    def mixed(self) -> bool:
        """Self-assessments and peer reviews in one run."""
        return len({p.assessment for p in self.points}) > 1

    def fell(self, top: int = 3) -> list[StopSeries]:
        """The stops whose shortfall fell most since the first assessment."""
        down = [s for s in self.stops if s.since_first < 0]
        return sorted(down, key=lambda s: (s.since_first, s.stop))[:top]

    def rose(self, top: int = 3) -> list[StopSeries]:
        """The stops whose shortfall rose most since the first assessment."""
        up = [s for s in self.stops if s.since_first > 0]
        return sorted(up, key=lambda s: (-s.since_first, s.stop))[:top]

    @property
    def moved_up(self) -> list[Moved]:
        return [m for m in self.moved if m.direction == "up"]

    @property
    def moved_down(self) -> list[Moved]:
        return [m for m in self.moved if m.direction == "down"]

    @property
    def moved_level(self) -> list[Moved]:
        return [m for m in self.moved if m.direction == "level"]

    @property
    def left_out_groups(self) -> list[tuple[str, list[str]]]:
        """Left-out banks one per line; left-out questions grouped by why: (why, ids)."""
        return left_out_groups(self.left_out)


def name(a: Assessment) -> str:
    return a.source or "(unnamed)"


def check_run(run: list[Assessment]) -> list[Assessment]:
    """The assessments in date order, or a UserError naming every file at fault: fewer than
    two, an undated one, two on the same date, more than one locality."""
    problems: list[Problem] = []
    if len(run) < 2:
        problems.append(Problem("", "", "give two or more assessments of one locality"))
    for a in run:
        if a.meta.date is None:
            problems.append(
                Problem(
                    name(a),
                    "",
                    "has no date, so it cannot be placed in the trend: add 'date: YYYY-MM-DD' "
                    "(in a workbook, the Date on the About sheet)",
                )
            )
    by_date: dict[dt.date, list[Assessment]] = {}
    for a in run:
        if a.meta.date is not None:
            by_date.setdefault(a.meta.date, []).append(a)
    for date, same in sorted(by_date.items()):
        if len(same) > 1:
            names = " and ".join(name(a) for a in same)
            problems.append(
                Problem(
                    "",
                    "",
                    f"{names} are both dated {date.isoformat()}: a trend takes one assessment "
                    "per date (combine several assessors' answers first with `clear combine`)",
                )
            )
    localities: dict[str, list[Assessment]] = {}
    for a in run:
        localities.setdefault(normalise(a.meta.locality), []).append(a)
    if len(localities) > 1:
        parts = "; ".join(
            f"{same[0].meta.locality}: {', '.join(name(a) for a in same)}"
            for same in localities.values()
        )
        problems.append(
            Problem("", "", f"the files are of different localities ({parts}): a trend follows one")
        )
    if problems:
        raise UserError(problems)
    return sorted(run, key=lambda a: a.meta.date or dt.date.min)


def _round(points: float, maximum: float) -> float | None:
    return round(percent(points, maximum), 2) if maximum else None


def _series(id_: str, title: str, cards: list[dict[str, QuestionScore]], ids: list[str]) -> Series:
    percents = [_round(sum(c[i].points for i in ids), sum(c[i].max for i in ids)) for c in cards]
    return Series(id_, title, percents)


def _points(run: list[Assessment], cards: list[Scorecard], dates: list[dt.date]) -> list[Point]:
    return [
        Point(
            date=d,
            assessment=card.assessment,
            source=a.source,
            assessors=list(a.meta.assessors),
            completeness=card.completeness.percent,
            provisional=card.completeness.provisional,
        )
        for a, card, d in zip(run, cards, dates, strict=True)
    ]


def follow(run: list[Assessment]) -> Trend:
    """The trend of ``run`` (any order): checked, sorted by date, and compared."""
    run = check_run(run)
    cards = [score_assessment(a) for a in run]
    dates = [a.meta.date for a in run if a.meta.date is not None]
    aligned = align(cards, [a.catalogue.banks for a in run], order=-1)
    by_id = [{q.id: q for q in card.questions} for card in cards]
    banks = [_bank_series(bank, by_id) for bank in aligned.banks]
    followed = [qid for bank in banks for qid in bank.followed]
    left_out = [_bank_left_out(x, dates) for x in aligned.apart]
    for bank in aligned.banks:
        left_out.extend(_questions_left_out(bank, dates))
    cat = run[-1].catalogue
    return Trend(
        locality=cards[-1].locality,
        points=_points(run, cards, dates),
        overall=_series("overall", "Overall", by_id, followed),
        banks=[b.series for b in banks],
        stops=_stops(by_id, followed, cat.roadmap, cat.scoring),
        moved=_moved(by_id, followed, {b.series.id: b.series.title for b in banks}),
        left_out=left_out,
        thresholds=[b.below for b in cat.scoring.bands if b.below is not None],
    )


@dataclass(frozen=True)
class _Followed:
    series: BankSeries
    followed: list[str]  # the question ids followed, in the latest bank's order


def _bank_series(bank: AlignedBank, cards: list[dict[str, QuestionScore]]) -> _Followed:
    """A bank every assessment answered, over the questions followed in it."""
    latest = bank.scores[-1]
    ordered = [q.id for q in latest.questions if q.id in bank.ids]
    sections = []
    for s in latest.sections:
        mine = [q.id for q in s.questions if q.id in bank.ids]
        if mine:
            sections.append(_series(s.id, s.title, cards, mine))
    whole = _series(latest.id, latest.title, cards, ordered)
    series = BankSeries(
        whole.id,
        whole.title,
        whole.percents,
        versions=[b.version for b in bank.versions],
        compared=len(ordered),
        sections=sections,
    )
    return _Followed(series, ordered)


def _bank_left_out(x: BankApart, dates: list[dt.date]) -> LeftOut:
    on = ", ".join(dates[i].isoformat() for i in x.present)
    bs = x.score
    return LeftOut(
        bs.id,
        "bank-not-in-every",
        f"bank '{bs.id}' ({bs.title}) is not in every assessment: answered on {on} only",
    )


def _questions_left_out(bank: AlignedBank, dates: list[dt.date]) -> list[LeftOut]:
    """The questions of a bank not held by every version on the scale of the latest."""
    versions = bank.versions
    same_version = len({b.version for b in versions}) == 1

    def where(indices: list[int]) -> str:
        on = ", ".join(dates[i].isoformat() for i in indices)
        if same_version:
            return f"the copy of bank '{bank.id}' used on {on}"
        numbers = list(dict.fromkeys(versions[i].version for i in indices))
        label = "version" if len(numbers) == 1 else "versions"
        return f"{label} {', '.join(numbers)} of bank '{bank.id}' (used on {on})"

    out = []
    for q in bank.apart:
        if q.lacking:
            words = f"not in {where(q.lacking)}"
            out.append(LeftOut(bank.id, "question-not-in-every", words, q.id))
        else:
            words = f"scored on other options in {where(q.rescaled)} than in the latest"
            out.append(LeftOut(bank.id, "scale-differs", words, q.id))
    return out


def _stops(
    cards: list[dict[str, QuestionScore]],
    ids: list[str],
    roadmap: Roadmap,
    scoring: ScoringConfig,
) -> list[StopSeries]:
    """Every stop reached at some date: its shortfall at each date (``rank_gaps``)."""
    per_date = []
    reached: set[int] = set()
    for card in cards:
        qs = [card[i] for i in ids]
        per_date.append((qs, {g.stop: g for g in rank_gaps(qs, roadmap, scoring)}))
        reached.update(s for q in qs if q.counted for s in shares(q.stops))
    out = []
    for number in sorted(reached):
        stop = roadmap.stop(number)
        shortfalls = [
            round(gaps[number].shortfall, 2) if number in gaps else 0.0 for _, gaps in per_date
        ]
        ranked = [is_ranked(qs, number) for qs, _ in per_date]
        out.append(StopSeries(number, stop.title if stop else f"Stop {number}", shortfalls, ranked))
    return out


def _moved(
    cards: list[dict[str, QuestionScore]], ids: list[str], titles: dict[str, str]
) -> list[Moved]:
    """Questions answered (not not applicable) first and latest with different options."""
    first, latest = cards[0], cards[-1]
    out = [
        Moved(first[i], latest[i], titles.get(latest[i].bank_id, latest[i].bank_id), n)
        for n, i in enumerate(ids)
        if first[i].counted and latest[i].counted and answer_key(first[i]) != answer_key(latest[i])
    ]
    rank = {"up": 0, "level": 1, "down": 2}
    return sorted(out, key=lambda m: (rank[m.direction], -abs(m.change), m.order))
