"""Fingertips' own judgements, for a download whose judgement columns are blank.

- Compared with a benchmark (England, or a group's value) on the 95% confidence interval: the
  benchmark inside the local interval is *Similar*; otherwise *Better* or *Worse* by the
  indicator's polarity, or *Higher* / *Lower* when its polarity is not known.
- Recent trend over the last five points: the chi-squared test for trend in proportions
  (counts over denominators), significant at 99.8% (chi-squared above 9.5495 on one degree
  of freedom), and only when the slope keeps its sign with each point left out in turn.
- Rank among similar areas: best first by polarity, in quarters.

Pure functions: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Polarity = Literal["low_is_good", "high_is_good"]

#: Chi-squared on one degree of freedom at the 99.8% level (two-sided p = 0.002).
TREND_THRESHOLD = 9.5495
TREND_POINTS = 5

SIMILAR, BETTER, WORSE, HIGHER, LOWER = "Similar", "Better", "Worse", "Higher", "Lower"
NO_CHANGE = "No significant change"
CANNOT = "Cannot be calculated"


def compare_ci(lower: float, upper: float, benchmark: float, polarity: Polarity | None) -> str:
    """Fingertips' comparison of a local value (its 95% interval) with a benchmark value."""
    if lower <= benchmark <= upper:
        return SIMILAR
    higher = benchmark < lower  # the whole local interval lies above the benchmark
    if polarity is None:
        return HIGHER if higher else LOWER
    good = higher == (polarity == "high_is_good")
    return BETTER if good else WORSE


@dataclass(frozen=True)
class TrendPoint:
    count: float
    denominator: float


def _slope_sign(points: Sequence[tuple[int, TrendPoint]]) -> tuple[float, float]:
    """(numerator, chi-squared) of the test for trend over (time, point) pairs."""
    total_o = sum(p.count for _, p in points)
    total_n = sum(p.denominator for _, p in points)
    if total_n <= 0:
        return 0.0, 0.0
    rate = total_o / total_n
    t1 = sum(p.count * t for t, p in points)
    t2 = sum(p.denominator * t for t, p in points)
    t3 = sum(p.denominator * t * t for t, p in points)
    spread = t3 - t2 * t2 / total_n
    diff = t1 - rate * t2
    variance = rate * (1 - rate) * spread
    if variance <= 0:
        return diff, 0.0
    return diff, diff * diff / variance


def trend_statistic(points: Sequence[TrendPoint]) -> float:
    """The chi-squared statistic for trend over ``points`` (oldest first)."""
    return _slope_sign(list(enumerate(points, start=1)))[1]


def recent_trend(points: Sequence[TrendPoint], polarity: Polarity | None) -> str:
    """Fingertips' recent-trend label for the last five points (oldest first).

    Fewer than five points: "Cannot be calculated".
    """
    if len(points) < TREND_POINTS:
        return CANNOT
    timed = list(enumerate(points[-TREND_POINTS:], start=1))
    diff, chi2 = _slope_sign(timed)
    if chi2 <= TREND_THRESHOLD or diff == 0:
        return NO_CHANGE
    for left_out in range(len(timed)):
        rest = timed[:left_out] + timed[left_out + 1 :]
        d, _ = _slope_sign(rest)
        if d == 0 or (d > 0) != (diff > 0):
            return NO_CHANGE
    word = "Increasing" if diff > 0 else "Decreasing"
    if polarity is None:
        return word
    good = (diff > 0) == (polarity == "high_is_good")
    return f"{word} and getting {'better' if good else 'worse'}"


def quarter(value: float, others: Sequence[float], polarity: Polarity) -> tuple[int, int, str]:
    """(rank, areas, quarter) of ``value`` among ``others`` (which include it), best first.

    The quarter is "best", "middle" or "worst": the best quarter is ranks up to n/4, the worst
    those above 3n/4. Ties take the best rank they share.
    """
    ordered = sorted(others, reverse=polarity == "high_is_good")
    n = len(ordered)
    rank = ordered.index(value) + 1
    if rank <= n / 4:
        return rank, n, "best"
    if rank > 3 * n / 4:
        return rank, n, "worst"
    return rank, n, "middle"
