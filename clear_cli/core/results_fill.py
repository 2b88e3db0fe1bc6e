"""Answer outcome questions from a Fingertips download: which option the data gives, and why.

A question is answered when it names its figure with a ``fingertips_id`` and its scale judges
one of three things (the scale's ``judges``, else its option keys; docs/bank-format.md):

- ``england`` (keys ``better``, ``similar``, ``worse``): the file's "Compared to England", else
  the same judgement computed from the local 95% interval and England's value;
- ``similar`` (keys ``best_quarter``, ``middle``, ``worst_quarter``: the local value's rank among
  the areas of its similar-areas group; keys ``better``/``similar``/``worse``: the file's column
  for the parent), only when the download's parent is a similar-areas group (``nn-...``);
- ``trend`` (keys ``improving``, ``no_change``, ``worsening``): the file's "Recent Trend", else
  the chi-squared test for trend over the last five points.

A value the publisher withheld takes the scale's ``suppressed`` option, or stays unanswered with
a note: it is never "no local figure". Pure: the download is already read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from clear_cli.common.text import normalise
from clear_cli.core import fingertips_rules as rules
from clear_cli.models import Answer, Bank, Question, Scale
from clear_cli.models.answers import DataPoint, DataRecord
from clear_cli.models.bank import Indicator
from clear_cli.sources.fingertips import ENGLAND, Download, Row

SUPPRESSED = "suppressed"
KINDS = {
    "england": ("better", "similar", "worse"),
    "similar": ("best_quarter", "middle", "worst_quarter"),
    "trend": ("improving", "no_change", "worsening"),
}
LICENCE = (
    "Source: OHID Fingertips, Smoking Profile; Office for Health Improvement and Disparities, "
    "Open Government Licence v3.0"
)


@dataclass(frozen=True)
class Filled:
    qid: str
    answer: Answer
    label: str  # the option's label


@dataclass(frozen=True)
class Left:
    qid: str
    reason: str
    answer: Answer | None = None  # a note written for a value that was withheld


@dataclass(frozen=True)
class FillResult:
    filled: list[Filled]
    left: list[Left]


def scale_kind(scale: Scale) -> str | None:
    """What a scale judges: its ``judges``, else by its option keys; None for neither."""
    if scale.judges:
        return scale.judges
    keys = {o.key for o in scale.options}
    for kind, wanted in KINDS.items():
        if set(wanted) <= keys:
            return kind
    return None


def wanted_ids(banks: Iterable[Bank]) -> set[int]:
    """The Fingertips ids the banks' questions name."""
    return {
        q.indicator.fingertips_id
        for b in banks
        for q in b.questions
        if isinstance(q.indicator, Indicator) and q.indicator.fingertips_id is not None
    }


class _Series:
    """The rows of one indicator (sex, age, no category breakdown) in a download."""

    def __init__(self, download: Download, ind: Indicator) -> None:
        def fits(r: Row) -> bool:
            return (
                r.indicator_id == ind.fingertips_id
                and (ind.sex is None or normalise(r.sex) == normalise(ind.sex))
                and (ind.age is None or normalise(r.age) == normalise(ind.age))
                and not r.category_type
            )

        rows = [r for r in download.rows if fits(r)]
        self.local = _by_period([r for r in rows if r.area_code == download.area])
        self.england = {r.sortable: r for r in rows if r.area_code == ENGLAND}
        self.rows = rows
        self.ind = ind
        self.polarity = ind.polarity or self._inferred()

    def _inferred(self) -> rules.Polarity | None:
        """The direction that is better, from the file's own judgements of the rows kept."""
        for r in self.rows:
            trend = normalise(r.recent_trend)
            if "getting better" in trend or "getting worse" in trend:
                up = trend.startswith("increasing")
                good = "getting better" in trend
                return "high_is_good" if up == good else "low_is_good"
            eng = self.england.get(r.sortable)
            said = normalise(r.compared_england)
            known = eng is not None and eng.value is not None and r.value is not None
            if known and said in ("better", "worse"):
                assert eng is not None and eng.value is not None and r.value is not None
                if r.value != eng.value:
                    above = r.value > eng.value
                    return "high_is_good" if above == (said == "better") else "low_is_good"
        return None


def _by_period(rows: list[Row]) -> list[Row]:
    """One row per period (the first in the file), oldest first."""
    seen: dict[int, Row] = {}
    for r in rows:
        seen.setdefault(r.sortable, r)
    return [seen[k] for k in sorted(seen)]


def _fmt(x: float | None) -> str:
    if x is None:
        return "not published"
    return f"{x:.1f}" if abs(x) < 1000 else f"{x:,.0f}"


def _value_words(r: Row) -> str:
    if r.value is None:
        note = f" ({r.value_note})" if r.value_note else ""
        return f"no value{note}"
    ci = (
        f" (95% CI {_fmt(r.lower_ci)} to {_fmt(r.upper_ci)})"
        if r.lower_ci is not None and r.upper_ci is not None
        else ""
    )
    return f"{_fmt(r.value)}{ci}"


class _Filler:
    def __init__(self, download: Download) -> None:
        self.download = download
        self.series: dict[tuple[int | None, str | None, str | None], _Series] = {}

    def series_of(self, ind: Indicator) -> _Series:
        key = (ind.fingertips_id, ind.sex, ind.age)
        if key not in self.series:
            self.series[key] = _Series(self.download, ind)
        return self.series[key]

    def record(self, s: _Series, r: Row, judgement: str, method: str, **more: object) -> DataRecord:
        return DataRecord.model_validate(
            {
                "source": self.download.name,
                "sha256": self.download.sha256,
                "indicator_id": s.ind.fingertips_id,
                "indicator": s.ind.name,
                "area_code": self.download.area,
                "sex": r.sex,
                "age": r.age,
                "period": r.period or str(r.sortable),
                "value": r.value,
                "lower_ci": r.lower_ci,
                "upper_ci": r.upper_ci,
                "value_note": r.value_note,
                "judgement": judgement,
                "method": method,
                **more,
            }
        )

    def evidence(self, s: _Series, r: Row, compared: str, judgement: str, method: str) -> str:
        where = f"{r.area_name or self.download.area} ({self.download.area})"
        who = ", ".join(x for x in (r.sex, r.age) if x)
        how = "the download's own judgement" if method == "file" else method
        return (
            f"Fingertips indicator {s.ind.fingertips_id}, {s.ind.name}"
            f"{f' ({who})' if who else ''}, {r.period}: {where} {_value_words(r)}{compared}. "
            f"{judgement} ({how}). From {self.download.name} "
            f"(SHA-256 {self.download.sha256[:12]}). {LICENCE}."
        )


def fill(
    banks: Iterable[Bank],
    existing: dict[str, Answer],
    download: Download,
    *,
    replace: bool = False,
) -> FillResult:
    """What ``download`` answers among the banks' questions.

    Answers typed by hand (no ``data`` record) are kept unless ``replace``."""
    filler = _Filler(download)
    filled: list[Filled] = []
    left: list[Left] = []
    for bank in banks:
        for q in bank.questions:
            ind = q.indicator
            if not isinstance(ind, Indicator) or ind.fingertips_id is None:
                continue
            old = existing.get(q.id)
            if (
                old is not None
                and old.data is None
                and (old.answer or old.evidence)
                and not replace
            ):
                left.append(Left(q.id, "kept: answered by hand (use --replace to fill it)"))
                continue
            outcome = _answer(filler, bank, q, ind)
            if isinstance(outcome, Left):
                if old is not None and old.data is not None and old.answer:
                    outcome = Left(q.id, outcome.reason, Answer(note=old.note))
                left.append(outcome)
                continue
            key, evidence, data = outcome
            opt = bank.scale_of(q).option(key)
            assert opt is not None  # the key came from the scale
            note = old.note if old is not None else ""
            filled.append(
                Filled(q.id, Answer(answer=key, evidence=evidence, note=note, data=data), opt.label)
            )
    return FillResult(filled, left)


def _answer(
    filler: _Filler, bank: Bank, q: Question, ind: Indicator
) -> Left | tuple[str, str, DataRecord]:
    scale = bank.scale_of(q)
    kind = scale_kind(scale)
    if kind is None:
        name = q.scale or bank.default_scale
        return Left(q.id, f"its scale '{name}' is not judged from data (e.g. a local target)")
    s = filler.series_of(ind)
    if not s.local:
        return Left(
            q.id,
            f"the download has no rows for indicator {ind.fingertips_id}"
            f"{f' ({ind.sex}, {ind.age})' if ind.sex or ind.age else ''} for this area",
        )
    latest = s.local[-1]
    if kind == "trend":
        return _trend(filler, q, scale, s)
    if latest.value is None:
        return _withheld(filler, q, scale, s, latest)
    if kind == "england":
        return _england(filler, q, scale, s, latest)
    return _similar(filler, q, scale, s, latest)


def _withheld(
    filler: _Filler, q: Question, scale: Scale, s: _Series, r: Row
) -> Left | tuple[str, str, DataRecord]:
    why = f"{r.period}: value not published{f' ({r.value_note})' if r.value_note else ''}"
    if scale.option(SUPPRESSED) is None:
        note = f"Fingertips indicator {s.ind.fingertips_id}, {why}"
        return Left(q.id, f"{why}, and the scale has no 'suppressed' option", Answer(note=note))
    data = filler.record(s, r, "Suppressed", "file")
    words = filler.evidence(s, r, "", "Suppressed or not published", "file")
    return SUPPRESSED, words, data


def _to_key(label: str, polarity: rules.Polarity | None, keys: tuple[str, str, str]) -> str | None:
    """A comparison label as one of (good, same, bad) option keys."""
    good, same, bad = keys
    said = normalise(label)
    if said == "similar":
        return same
    if said == "better":
        return good
    if said == "worse":
        return bad
    if said in ("higher", "lower") and polarity is not None:
        return good if (said == "higher") == (polarity == "high_is_good") else bad
    return None


def _compare(
    filler: _Filler,
    q: Question,
    s: _Series,
    r: Row,
    said: str,
    benchmark: Row | None,
    name: str,
    keys: tuple[str, str, str],
) -> Left | tuple[str, str, DataRecord]:
    method = "file"
    label = said
    if not label and benchmark is not None and benchmark.value is not None:
        if r.lower_ci is None or r.upper_ci is None:
            return Left(q.id, f"{r.period}: no judgement and no 95% interval to judge on")
        label = rules.compare_ci(r.lower_ci, r.upper_ci, benchmark.value, s.polarity)
        method = f"computed: {name}'s value against the local 95% interval"
    if not label:
        return Left(q.id, f"{r.period}: no judgement against {name} and no {name} value")
    key = _to_key(label, s.polarity, keys)
    if key is None:
        return Left(
            q.id,
            f"{r.period}: compared with {name}, Fingertips says '{label}', "
            "which gives no better or worse (add polarity to the indicator)",
        )
    bench = benchmark.value if benchmark is not None else None
    compared = f"; {name} {_fmt(bench)}" if bench is not None else ""
    data = filler.record(
        s,
        r,
        label,
        "file" if method == "file" else "computed",
        comparator=name,
        comparator_value=bench,
    )
    return key, filler.evidence(s, r, compared, f"Compared with {name}: {label}", method), data


def _england(
    filler: _Filler, q: Question, scale: Scale, s: _Series, r: Row
) -> Left | tuple[str, str, DataRecord]:
    keys = ("better", "similar", "worse")
    return _compare(filler, q, s, r, r.compared_england, s.england.get(r.sortable), "England", keys)


def _similar(
    filler: _Filler, q: Question, scale: Scale, s: _Series, r: Row
) -> Left | tuple[str, str, DataRecord]:
    if not r.is_group_parent:
        return Left(
            q.id,
            f"the download's parent is {r.parent_name or r.parent_code or 'none'}, "
            "not a similar-areas group (nn-...): download it with nearest neighbours "
            "as the parent",
        )
    group = r.parent_name or r.parent_code
    if scale.option("best_quarter") is None:  # better / similar / worse against the group
        benchmark = next(
            (x for x in s.rows if x.area_code == r.parent_code and x.sortable == r.sortable), None
        )
        return _compare(
            filler, q, s, r, r.compared_parent, benchmark, group, ("better", "similar", "worse")
        )
    if s.polarity is None:
        return Left(q.id, "the indicator's better direction is not known (add polarity)")
    assert r.value is not None  # a withheld value was answered before this
    values: dict[str, float] = {
        x.area_code: x.value
        for x in s.rows
        if x.parent_code == r.parent_code and x.sortable == r.sortable and x.value is not None
    }
    values[r.area_code] = r.value
    if len(values) < 4:
        return Left(q.id, f"{r.period}: only {len(values)} areas of {group} have a value")
    rank, n, where = rules.quarter(r.value, list(values.values()), s.polarity)
    key = {"best": "best_quarter", "middle": "middle", "worst": "worst_quarter"}[where]
    label = (
        f"Rank {rank} of {n} in {group} ({where} quarter)"
        if where != "middle"
        else (f"Rank {rank} of {n} in {group} (middle half)")
    )
    data = filler.record(s, r, label, "computed", comparator=group)
    words = filler.evidence(s, r, "", label, "computed: rank of the point values, best first")
    return key, words, data


def _trend(
    filler: _Filler, q: Question, scale: Scale, s: _Series
) -> Left | tuple[str, str, DataRecord]:
    r = s.local[-1]
    points = s.local[-rules.TREND_POINTS :]
    series = [DataPoint(period=p.period or str(p.sortable), value=p.value) for p in points]
    found = _trend_label(q, s, points)
    if isinstance(found, Left):
        return found
    label, method = found
    said = normalise(label)
    key = _trend_key(said, s.polarity)
    if key is None and said == normalise(rules.CANNOT):
        cannot = _cannot_trend(q, scale, r, points)
        if isinstance(cannot, Left):
            return cannot
        key = cannot
    if key is None:
        return Left(q.id, f"Recent Trend '{label}' gives no better or worse (add polarity)")
    data = filler.record(s, r, label, "file" if method == "file" else "computed", series=series)
    shown = ", ".join(f"{p.period} {_fmt(p.value)}" for p in series)
    return key, filler.evidence(s, r, f"; points {shown}", f"Recent trend: {label}", method), data


def _too_few_points(points: list[Row]) -> bool:
    """Fewer than the points a trend needs, or one of them without a value."""
    return len(points) < rules.TREND_POINTS or any(p.value is None for p in points)


def _trend_label(q: Question, s: _Series, points: list[Row]) -> Left | tuple[str, str]:
    """The recent trend and how it was found: the file's, else calculated from the counts."""
    label = s.local[-1].recent_trend
    if label:
        return label, "file"
    counts = [
        rules.TrendPoint(p.count, p.denominator)
        for p in points
        if p.count is not None and p.denominator is not None
    ]
    if _too_few_points(points):
        label = rules.CANNOT
    elif len(counts) < len(points):
        return Left(q.id, "no recent trend in the file, and no counts to calculate it from")
    else:
        label = rules.recent_trend(counts, s.polarity)
    return label, "computed: chi-squared test for trend over the last 5 points"


def _trend_key(said: str, polarity: rules.Polarity | None) -> str | None:
    """The scale option a recent trend (normalised) stands for; None when it says neither
    better nor worse (a direction without the indicator's polarity, or cannot be calculated)."""
    if "getting better" in said:
        return "improving"
    if "getting worse" in said:
        return "worsening"
    if said == normalise(rules.NO_CHANGE):
        return "no_change"
    if said.startswith(("increasing", "decreasing")) and polarity is not None:
        good = said.startswith("increasing") == (polarity == "high_is_good")
        return "improving" if good else "worsening"
    return None


def _cannot_trend(q: Question, scale: Scale, r: Row, points: list[Row]) -> Left | str:
    """A trend that cannot be calculated: the suppressed option when there are too few
    points and the scale has one, else left unanswered with the reason."""
    if not _too_few_points(points):
        return Left(q.id, f"Fingertips could not calculate a recent trend to {r.period}")
    if scale.option(SUPPRESSED) is None:
        return Left(
            q.id,
            f"too few points for a trend to {r.period}, and the scale has no 'suppressed' option",
            Answer(note=f"Too few points for a trend to {r.period}"),
        )
    return SUPPRESSED
