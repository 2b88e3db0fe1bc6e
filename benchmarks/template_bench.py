"""Timing of `clear template` with its live Scores sheet: the bundled banks, then generated
banks of 1,000 to 10,000 questions, to show the time grows linearly with the questions.

Run with `.venv/bin/python benchmarks/template_bench.py [--runs N]`. Each figure is the
median of N runs of ``make_template`` in this process (banks loaded and cached first), so it
is the time spent building and saving the workbook, without interpreter start-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clear_cli.outputs.xlsx.template import make_template  # noqa: E402
from clear_cli.sources.catalogue import load_catalogue  # noqa: E402

SCALE = [
    {"key": str(i), "label": label, "points": i, "description": f"Level {i}."}
    for i, label in enumerate(
        ["Not in place", "Planned", "Partly in place", "In place", "Embedded and improving"]
    )
]


def generated_bank(folder: Path, questions: int, per_section: int = 50) -> Path:
    """A bank of ``questions`` questions, 50 a section, with one to three stops each."""
    sections = []
    for s in range(0, questions, per_section):
        n = s // per_section + 1
        qs = []
        for i in range(s, min(s + per_section, questions)):
            stops = [1 + i % 12, 1 + (i * 5 + 3) % 12, 1 + (i * 7 + 5) % 12][: 1 + i % 3]
            qs.append(
                {
                    "id": f"G{n}.{i - s + 1}",
                    "text": f"Question {i + 1}: is this arrangement in place and evidenced?",
                    "guidance": "A document, a date, a named owner.",
                    "stops": list(dict.fromkeys(stops)),
                    "references": ["Generated for timing"],
                    "weight": 2 if i % 10 == 0 else 1,
                    "na_allowed": i % 7 == 0,
                }
            )
        sections.append({"id": f"G{n}", "title": f"Section {n}", "questions": qs})
    bank = {
        "id": f"generated-{questions}",
        "title": f"Generated bank of {questions} questions",
        "version": "1.0",
        "description": "For timing only.",
        "scales": {"maturity": SCALE},
        "default_scale": "maturity",
        "target": "3",
        "sections": sections,
    }
    path = folder / f"generated-{questions}.yaml"
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return path


def time_template(names: list[str], out: Path, runs: int) -> tuple[float, int]:
    """Median seconds of ``make_template`` and the number of questions."""
    count = sum(len(b.questions) for b in load_catalogue(names).banks.values())
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make_template(names, out, force=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, list[str]]] = [("core", ["core"]), ("all", ["all"])]
        for size in (int(s) for s in args.sizes.split(",")):
            cases.append((f"generated {size:,}", [str(generated_bank(folder, size))]))
        print(f"{'banks':<20} {'questions':>9} {'seconds':>8} {'ms/question':>12} {'file':>9}")
        for name, names in cases:
            out = folder / "t.xlsx"
            seconds, count = time_template(names, out, args.runs)
            size_kb = out.stat().st_size // 1024
            per = 1000 * seconds / count
            print(f"{name:<20} {count:>9,} {seconds:>8.2f} {per:>12.3f} {size_kb:>7} KB")


if __name__ == "__main__":
    main()
