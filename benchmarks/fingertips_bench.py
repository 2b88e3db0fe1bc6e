"""Reading a national-size Fingertips download, against a bare ``csv.reader`` pass.

Run with `.venv/bin/python benchmarks/fingertips_bench.py [--mb 60]`. It writes a fictional
download of about MB megabytes with the real header (examples/make_northshire_download.py with
more areas and indicators) in a temporary folder, then times, best of three:

- floor: ``csv.reader`` over the file opened as UTF-8, touching every row;
- clear: ``read_download`` for one area and the three headline indicators (the guarded,
  hashed, validated stream ``clear results fill`` uses);

and the peak memory of each (tracemalloc), to show it stays bounded whatever the file's size.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from clear_cli.sources.fingertips import read_download

ROOT = Path(__file__).resolve().parent.parent
ROW_BYTES = 240  # about, for the generated rows


def bare(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        for _row in csv.reader(fh):
            pass


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=60.0)
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location(
        "gen", ROOT / "examples" / "make_northshire_download.py"
    )
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    indicators = 30
    areas = max(1, int(args.mb * 1e6 / ROW_BYTES / (indicators + 3) / gen.YEARS))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.csv"
        gen.main(["--out", str(path), "--areas", str(areas), "--extra-indicators", str(indicators)])
        size = path.stat().st_size / 1e6
        floor = best(lambda: bare(path))
        ours = best(lambda: read_download(path, "E10000099", {92443, 92445, 93085}))
        mem_floor = peak(lambda: bare(path))
        mem_ours = peak(lambda: read_download(path, "E10000099", {92443, 92445, 93085}))
        print(f"file: {size:.1f} MB, {areas + 11} areas, {indicators + 3} indicators")
        print(f"bare csv.reader: {floor:.2f} s, peak {mem_floor / 1e6:.1f} MB")
        print(f"read_download:   {ours:.2f} s, peak {mem_ours / 1e6:.1f} MB")
        print(f"ratio: {ours / floor:.2f}x (must be at most 1.5x)")


if __name__ == "__main__":
    main()
