"""Start-up and main-job benchmark: median wall time of real `clear` processes.

Run with `make bench` (or `.venv/bin/python benchmarks/run.py [--runs N]`). Every figure is
the median of N runs of a fresh process, so it includes interpreter start-up and imports,
which is what a user waits for.

Two pairs are timed side by side, each run alternating with its floor so that a busy
machine slows both alike:

- `clear score` of the example workbook against a bare openpyxl load of it (read-only,
  every cell read, as the reader does);
- `clear score` of the example answers file against a bare import of the libraries every
  command needs (typer, pydantic, yaml, rich).

The cache of the bundled banks is warmed first (one untimed run), as it is for a user after
the first command; `--no-cache` times with the cache turned off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAR = Path(sys.executable).parent / "clear"
EXAMPLE = "examples/northshire-self"
IMPORTS = "import typer, pydantic, yaml, rich"
OPENPYXL_LOAD = (
    "import sys, openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True, keep_links=False)\n"
    "for ws in wb.worksheets:\n"
    "    for _ in ws.iter_rows(values_only=True): pass\n"
    "wb.close()"
)


def seconds(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def paired(a: list[str], b: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median seconds of ``a`` and of ``b``, run turn about."""
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(seconds(a, env))
        times_b.append(seconds(b, env))
    return statistics.median(times_a), statistics.median(times_b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-cache", action="store_true", help="time with the cache off")
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CLEAR_CLI_CACHE_DIR": f"{tmp}/cache"}
        if args.no_cache:
            env["CLEAR_CLI_NO_CACHE"] = "1"
        xlsx, yaml_file = f"{EXAMPLE}.xlsx", f"{EXAMPLE}.yaml"
        seconds([str(CLEAR), "score", yaml_file], env)  # fills the cache, as a first use would
        cache = "off" if args.no_cache else "warm"
        print(f"median of {args.runs} runs of a fresh process, cache {cache}\n")
        print(f"{'command':44} {'median ms':>10} {'floor':>38} {'floor ms':>9} {'ratio':>6}")
        pairs = [
            (
                f"clear score {Path(xlsx).name}",
                [str(CLEAR), "score", xlsx],
                "openpyxl load, every cell",
                [py, "-c", OPENPYXL_LOAD, xlsx],
            ),
            (
                f"clear score {Path(yaml_file).name}",
                [str(CLEAR), "score", yaml_file],
                f"python -c '{IMPORTS}'",
                [py, "-c", IMPORTS],
            ),
        ]
        for name, cmd, floor_name, floor in pairs:
            ours, base = paired(cmd, floor, args.runs, env)
            print(
                f"{name:44} {ours * 1000:10.1f} {floor_name:>38} {base * 1000:9.1f}"
                f" {ours / base:6.2f}"
            )
        others = [
            ("python -c pass", [py, "-c", "pass"]),
            ("clear --version", [str(CLEAR), "--version"]),
            ("clear banks", [str(CLEAR), "banks"]),
            (f"clear score {Path(yaml_file).name} --json", [str(CLEAR), "score", yaml_file, "--json"]),
        ]
        print(f"\n{'command':44} {'median ms':>10}")
        for name, cmd in others:
            secs = statistics.median(seconds(cmd, env) for _ in range(args.runs))
            print(f"{name:44} {secs * 1000:10.1f}")


if __name__ == "__main__":
    main()
