"""The README's walkthrough, kept true: its commands, the figures it quotes, its screenshot.

Usage: python scripts/readme.py [--check | --commands]

- Every ``$ clear ...`` line in a ```console block of README.md is a command a user can type
  from the repository root as written; ``--commands`` lists them (tests/test_readme.py runs
  them all, in order, in a copy of the examples). Commands that are templates for a user's own
  files go in ```text blocks, with their placeholders in CAPITALS.
- A block between ``<!-- readme-output: clear ARGS -->`` and ``<!-- /readme-output -->``
  holds what that command prints at 80 columns, and ``<!-- readme-figures -->`` lines hold
  figures worked out from ``clear score --json``; this script rewrites both, and the
  screenshot of the report's first page (docs/images/report-summary.png, with headless
  Chromium). ``--check`` rewrites nothing and exits 1 when the README is not current.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHOT = ROOT / "docs" / "images" / "report-summary.png"
EXAMPLE = "examples/northshire-self.yaml"
_CONSOLE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
_OUTPUT = re.compile(
    r"(<!-- readme-output: (?P<cmd>clear [^>]*?) -->\n```text\n)(?P<body>.*?)"
    r"(```\n<!-- /readme-output -->)",
    re.S,
)
_FIGURES = re.compile(r"<!-- readme-figures -->(?P<body>.*?)<!-- /readme-figures -->", re.S)


def commands(text: str) -> list[str]:
    """Every ``$ clear`` command of the README's console blocks, continuations joined."""
    found: list[str] = []
    for block in _CONSOLE.findall(text):
        current = ""
        for line in block.splitlines():
            if line.startswith("$ "):
                current = line[2:]
            elif current:
                current += "\n" + line
            else:
                continue
            if current.endswith("\\"):
                continue
            if current.startswith("clear "):
                found.append(current)
            current = ""
    return found


def clear_output(args: str) -> str:
    """What ``clear ARGS`` prints at 80 columns without colour, run from the repository root."""
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    argv = [sys.executable, "-m", "clear_cli", *args.split()[1:]]
    run = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"{args} failed: {run.stderr}")
    return run.stdout


def figures() -> str:
    """The example's headline figures, as the README's prose quotes them."""
    data = json.loads(clear_output(f"clear score {EXAMPLE} --json"))
    done = data["completeness"]
    start = next(g for g in data["gaps"] if g["stop"] == data["start_here"])
    percent = round(data["overall"]["percent"])
    return (
        f"Northshire's self-assessment scores {percent}% overall "
        f"({data['overall']['band'].capitalize()}), with {done['answered']} of "
        f"{done['questions']} questions answered, and starts at stop {start['stop']} "
        f"({start['title']}), {round(start['shortfall'])}% short of its target."
    )


def current(text: str) -> str:
    """The README with every generated block as the tool prints it today."""
    text = _OUTPUT.sub(lambda m: m[1] + clear_output(m["cmd"]) + m[4], text)
    return _FIGURES.sub(f"<!-- readme-figures -->{figures()}<!-- /readme-figures -->", text)


def screenshot() -> None:
    """The report's first page, as a browser shows it, for the README."""
    browser = next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    if browser is None:
        print("no Chromium: the screenshot was not redone")
        return
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        subprocess.run(
            [sys.executable, "-m", "clear_cli", "report", EXAMPLE, "--out", str(page)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={SHOT}",
                "--window-size=1000,1300",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {SHOT.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    if "--commands" in argv:
        print("\n".join(commands(text)))
        return 0
    new = current(text)
    if "--check" in argv:
        if new != text:
            print("README.md quotes outputs or figures that are not current: run `make readme`")
            return 1
        print("README.md is current")
        return 0
    README.write_text(new, encoding="utf-8")
    print("wrote README.md")
    screenshot()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
