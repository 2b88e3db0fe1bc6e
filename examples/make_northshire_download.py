"""Make a FICTIONAL Fingertips Smoking Profile download for Northshire and its similar areas.

Every area, code and figure in the file it writes is invented (the codes E10000099 and
E10000090-E10000098 are not allocated to any real area); only the header, the indicator ids and
names and the way the judgement columns are worked out follow the real Fingertips download. Use
it to try ``clear results fill`` without the internet:

    python examples/make_northshire_download.py --out examples/northshire-fingertips-fictional.csv

``--areas N`` adds N more fictional areas and ``--extra-indicators M`` more indicators (for
benchmarks: a download of tens of megabytes, as a national one is).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from pathlib import Path

HEADER = [
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name",
    "Area Type", "Sex", "Age", "Category Type", "Category", "Time period", "Value",
    "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit",
    "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles", "", "Time period Sortable", "New data",
    "Compared to goal", "Time period range",
]  # fmt: skip
AREA = ("E10000099", "Northshire (fictional)")
GROUP_NAME = "Northshire's similar areas (fictional)"
GROUP = f"nn-502-{AREA[0]}"
NEIGHBOURS = [
    ("E10000090", "Eastmarsh (fictional)"), ("E10000091", "Westdale (fictional)"),
    ("E10000092", "Southfold (fictional)"), ("E10000093", "Highmoor (fictional)"),
    ("E10000094", "Lowbridge (fictional)"), ("E10000095", "Greywater (fictional)"),
    ("E10000096", "Oakhurst (fictional)"), ("E10000097", "Fernley (fictional)"),
    ("E10000098", "Brackenvale (fictional)"),
]  # fmt: skip
ENGLAND = ("E92000001", "England")
GROUPED = {AREA[0], *(c for c, _ in NEIGHBOURS)}
#: (id, name, sex, age, years: first, England at first and last year, denominator, financial)
INDICATORS = [
    (92443, "Smoking Prevalence in adults (18+) - current smokers (APS)", "Persons", "18+ yrs",
     2015, 16.9, 11.9, 6000, False),
    (92445, "Smoking Prevalence in adults in routine and manual occupations (18-64) - current "
     "smokers (APS)", "Persons", "18-64 yrs", 2015, 26.5, 19.5, 1500, False),
    (93085, "Smoking status at time of delivery", "Female", "All ages", 2015, 10.6, 7.4,
     9000, True),
]  # fmt: skip
YEARS = 9
#: Every row says it: a fictional figure, made for a worked example.
FICTIONAL = "Fictional figure for a worked example (clear)"
Z95, Z998 = 1.959964, 3.090232
THRESHOLD = 9.5495


def wilson(count: float, n: float, z: float) -> tuple[float, float]:
    p = count / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    div = 1 + z * z / n
    return 100 * (centre - spread) / div, 100 * (centre + spread) / div


def compared(lo: float, hi: float, england: float) -> str:
    if lo <= england <= hi:
        return "Similar"
    return "Worse" if england < lo else "Better"  # every indicator here: low is good


def trend(points: list[tuple[float, float]]) -> str:
    if len(points) < 5:
        return ""
    pts = list(enumerate(points[-5:], start=1))

    def diff_chi(sub: list[tuple[int, tuple[float, float]]]) -> tuple[float, float]:
        o = sum(c for _, (c, _) in sub)
        n = sum(d for _, (_, d) in sub)
        p = o / n
        t1 = sum(c * t for t, (c, _) in sub)
        t2 = sum(d * t for t, (_, d) in sub)
        t3 = sum(d * t * t for t, (_, d) in sub)
        diff = t1 - p * t2
        var = p * (1 - p) * (t3 - t2 * t2 / n)
        return diff, diff * diff / var if var > 0 else 0.0

    diff, chi = diff_chi(pts)
    if chi <= THRESHOLD or any(
        (diff_chi(pts[:i] + pts[i + 1 :])[0] > 0) != (diff > 0) for i in range(5)
    ):
        return "No significant change"
    return "Increasing and getting worse" if diff > 0 else "Decreasing and getting better"


def period(year: int, financial: bool) -> str:
    return f"{year}/{str(year + 1)[2:]}" if financial else str(year)


def rows(areas: list[tuple[str, str]], extra: int, rng: random.Random) -> list[list[str]]:
    out: list[list[str]] = []
    indicators = list(INDICATORS)
    for k in range(extra):
        indicators.append(
            (90000 + k, f"Fictional extra indicator {k + 1}", "Persons", "18+ yrs", 2015, 20.0,
             15.0, 4000, False)
        )  # fmt: skip
    for iid, name, sex, age, first, e0, e1, denom, financial in indicators:
        england = [e0 + (e1 - e0) * i / (YEARS - 1) for i in range(YEARS)]
        places = [ENGLAND, AREA, *areas]
        for code, area_name in places:
            offset = 0.0 if code == ENGLAND[0] else rng.uniform(-3.0, 3.5)
            series: list[tuple[float, float]] = []
            n = denom * 300 if code == ENGLAND[0] else denom
            for i in range(YEARS):
                value = max(0.5, england[i] + offset + rng.gauss(0, 0.6))
                if code == ENGLAND[0]:
                    value = england[i]
                count = round(value / 100 * n)
                lo, hi = wilson(count, n, Z95)
                lo8, hi8 = wilson(count, n, Z998)
                shown = 100 * count / n
                series.append((count, n))
                note = FICTIONAL
                cols = [f"{shown:.6f}", f"{lo:.6f}", f"{hi:.6f}", f"{lo8:.6f}", f"{hi8:.6f}",
                        str(count), str(n)]  # fmt: skip
                judged = "" if code == ENGLAND[0] else compared(lo, hi, england[i])
                trended = "" if code == ENGLAND[0] else trend(series)
                if code == "E10000093" and iid == 93085 and i == YEARS - 1:
                    cols = ["", "", "", "", "", "", ""]
                    note, judged = "Value suppressed for disclosure control (Fictional)", ""
                    trended = "Cannot be calculated"
                parent = (
                    ("", "") if code == ENGLAND[0]
                    else (GROUP, GROUP_NAME) if code in GROUPED
                    else ENGLAND
                )  # fmt: skip
                year = first + i
                out.append([
                    str(iid), name, parent[0], parent[1], code, area_name,
                    "England" if code == ENGLAND[0] else "Counties & UAs (from Apr 2023)",
                    sex, age, "", "", period(year, financial), *cols, note,
                    trended,
                    judged, "", str(year * 10000 + (4 if financial else 0)),
                    "", "", "1y",
                ])  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--areas", type=int, default=0, help="more fictional areas")
    parser.add_argument("--extra-indicators", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    areas = list(NEIGHBOURS) + [
        (f"E0{9000000 + k:07d}"[:9], f"Fictional area {k + 1}") for k in range(args.areas)
    ]
    header = list(HEADER)
    header[22] = f"Compared to {GROUP_NAME} value or percentiles"
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows(areas, args.extra_indicators, rng))
    return 0


if __name__ == "__main__":
    sys.exit(main())
