"""Start-up and main-job benchmark: median wall time of real `clear` processes.

Run with `make bench` (or `.venv/bin/python benchmarks/run.py [--runs N]`). Every figure is
the median of N runs of a fresh process, so it includes interpreter start-up and imports,
which is what a user waits for. The baseline is a bare `python -c pass`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAR = Path(sys.executable).parent / "clear"


def median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def largest_example() -> Path:
    examples = sorted((ROOT / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)
    return examples[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    example = largest_example().relative_to(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("clear --version", [str(CLEAR), "--version"]),
            ("clear banks", [str(CLEAR), "banks"]),
            (f"clear score {example.name}", [str(CLEAR), "score", str(example)]),
            (f"clear score {example.name} --json", [str(CLEAR), "score", str(example), "--json"]),
            (
                f"clear report {example.name} (html)",
                [str(CLEAR), "report", str(example), "--out", f"{tmp}/r.html"],
            ),
            (
                f"clear report {example.name} (md)",
                [str(CLEAR), "report", str(example), "--out", f"{tmp}/r.md"],
            ),
        ]
        base = None
        print(f"median of {args.runs} runs, {example} as the example\n")
        print(f"{'command':45} {'median ms':>10} {'x python':>9}")
        for name, cmd in cases:
            secs = median_seconds(cmd, args.runs)
            base = base or secs
            print(f"{name:45} {secs * 1000:10.1f} {secs / base:9.1f}")


if __name__ == "__main__":
    main()
