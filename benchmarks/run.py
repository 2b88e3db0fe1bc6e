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
import resource
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


def seconds(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def paired(
    a: list[str], b: list[str], runs: int, env: dict[str, str]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of ``a`` and of ``b``, run turn about."""
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(seconds(a, env))
        times_b.append(seconds(b, env))
    return medians(times_a), medians(times_b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-cache", action="store_true", help="time with the cache off")
    parser.add_argument(
        "--workbook", default=f"{EXAMPLE}.xlsx", help="the workbook to score (default: %(default)s)"
    )
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CLEAR_CLI_CACHE_DIR": f"{tmp}/cache"}
        if args.no_cache:
            env["CLEAR_CLI_NO_CACHE"] = "1"
        xlsx, yaml_file = args.workbook, f"{EXAMPLE}.yaml"
        seconds([str(CLEAR), "score", yaml_file], env)  # fills the cache, as a first use would
        cache = "off" if args.no_cache else "warm"
        print(f"median of {args.runs} runs of a fresh process, cache {cache}; wall and CPU ms")
        print("(CPU time, user + system, is steadier than wall time on a busy machine)\n")
        print(
            f"{'command':34} {'wall':>7} {'cpu':>7}   {'floor':<38} {'wall':>7} {'cpu':>7}"
            f" {'ratio wall':>10} {'cpu':>5}"
        )
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
                f"{name:34} {ours[0] * 1000:7.0f} {ours[1] * 1000:7.0f}   {floor_name:<38}"
                f" {base[0] * 1000:7.0f} {base[1] * 1000:7.0f}"
                f" {ours[0] / base[0]:10.2f} {ours[1] / base[1]:5.2f}"
            )
        others = [
            ("python -c pass", [py, "-c", "pass"]),
            ("clear --version", [str(CLEAR), "--version"]),
            ("clear banks", [str(CLEAR), "banks"]),
            (
                f"clear score {Path(yaml_file).name} --json",
                [str(CLEAR), "score", yaml_file, "--json"],
            ),
        ]
        print(f"\n{'command':44} {'wall':>7} {'cpu':>7}")
        for name, cmd in others:
            wall, cpu = medians([seconds(cmd, env) for _ in range(args.runs)])
            print(f"{name:44} {wall * 1000:7.0f} {cpu * 1000:7.0f}")


if __name__ == "__main__":
    main()
