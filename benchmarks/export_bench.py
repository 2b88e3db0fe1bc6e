"""`clear export` on many filled workbooks, against openpyxl's own floor.

Run with `.venv/bin/python benchmarks/export_bench.py [--count 150] [--banks core]`. It fills
COUNT workbooks with random answers and evidence in a temporary folder, then times, per
workbook:

- floor: a bare ``openpyxl.load_workbook(read_only=True, data_only=True)`` (the reader's own
  mode), with and without reading every cell value (read-only loading is lazy, so the
  cells are what costs);
- clear read: ``read_workbook`` (safety checks, parsing, resolving answers) and scoring;
  and the same assessments read from answers files (YAML) for comparison;
- clear export: reading, scoring and writing the export workbook, in-process;
- one real ``clear export`` process over all of them (includes start-up).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import yaml

from clear_cli.models import AnswersFile
from clear_cli.outputs.xlsx.export import export_scores, load_all
from clear_cli.outputs.xlsx.template import make_template
from clear_cli.sources.answers import resolve_answers
from clear_cli.sources.catalogue import load_catalogue

CLEAR = Path(sys.executable).parent / "clear"
WORDS = [
    "strategy",
    "minutes",
    "contract",
    "audit",
    "referral",
    "pathway",
    "board",
    "report",
    "survey",
    "data",
    "plan",
]


def make_workbooks(
    folder: Path, count: int, banks: list[str], seed: int = 1
) -> tuple[list[Path], list[Path]]:
    """COUNT filled workbooks, and the same assessments as answers files."""
    rng = random.Random(seed)
    catalogue = load_catalogue(banks)
    questions = [(b, q) for b in catalogue.banks.values() for q in b.questions]
    paths, answers_files = [], []
    for i in range(count):
        answers: dict[str, object] = {}
        for bank, q in questions:
            roll = rng.random()
            if roll < 0.1:
                continue
            if roll < 0.15 and q.na_allowed:
                answers[q.id] = {"answer": "na", "note": "No such service here"}
                continue
            option = rng.choice(bank.scale_of(q).options)
            evidence = " ".join(rng.choices(WORDS, k=rng.randint(4, 20)))
            answers[q.id] = {"answer": option.key, "evidence": evidence}
        raw = {
            "locality": f"Locality {i:03d}",
            "assessment": rng.choice(["self", "peer"]),
            "date": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "assessors": ["Public health lead"],
            "banks": banks,
            "answers": answers,
        }
        meta = AnswersFile.model_validate(raw)
        path = folder / f"locality-{i:03d}.xlsx"
        make_template(banks, path, filled=resolve_answers(meta, None))
        paths.append(path)
        answers_files.append(folder / f"locality-{i:03d}.yaml")
        answers_files[-1].write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return paths, answers_files


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bare_load(paths: list[Path], *, cells: bool) -> None:
    for path in paths:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        if cells:
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
        wb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--banks", nargs="+", default=["core"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths, answers_files = make_workbooks(folder, args.count, args.banks)
        made = time.perf_counter() - start
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        n = len(paths)
        print(f"{n} workbooks ({' '.join(args.banks)}, {size:.0f} KiB each) made in {made:.1f} s")
        load_all(paths[:3])  # warm caches and imports, as a long-running process would be
        rows = [
            ("openpyxl load only (read-only)", timed(lambda: bare_load(paths, cells=False))),
            ("openpyxl load + every cell (floor)", timed(lambda: bare_load(paths, cells=True))),
            ("clear read + score", timed(lambda: load_all(paths))),
            ("clear read + score, answers files", timed(lambda: load_all(answers_files))),
            (
                "clear export, in-process",
                timed(lambda: export_scores(paths, folder / "scores.xlsx", force=True)),
            ),
            (
                "clear export, one process",
                timed(
                    lambda: subprocess.run(
                        [str(CLEAR), "export", *map(str, paths), "--out", str(folder / "cli.xlsx")],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                ),
            ),
        ]
        floor = rows[1][1]
        print(f"\n{'':38} {'total s':>8} {'s/workbook':>11} {'x floor':>8}")
        for name, seconds in rows:
            print(f"{name:38} {seconds:8.2f} {seconds / n:11.4f} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
