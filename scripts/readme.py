"""The README's walkthrough, kept true: its commands, the figures it quotes, its screenshot.

Usage: python scripts/readme.py [--check | --commands]

- Every ``$ ...`` line in a ```console block of README.md (but ``make demo`` and ``make
  test``, the set-up) is a command a user can type from the repository root as written;
  ``--commands`` lists them (tests/test_readme.py runs them all, in order, in a copy of the
  examples). Commands that are templates for a user's own files go in ```text blocks, with
  their placeholders in CAPITALS.
- A block between ``<!-- readme-output: clear ARGS -->`` and ``<!-- /readme-output -->``
  holds what that command prints at 80 columns (``clear ARGS | head N``: its first N lines,
  then ``...``); the command runs in a copy of the examples, after the console blocks before
  it, as a reader following the README would run it, and ``<!-- readme-figures -->`` lines hold
  figures worked out from ``clear score --json``; this script rewrites both, and the
  screenshot of the report's first page (docs/images/report-summary.png, with headless
  Chromium) and the printed page counts of the report and the review (``readme-report-pages``,
  ``readme-review-pages``; the print tests check those). ``--check`` rewrites nothing and exits
  1 when the README's outputs or figures are not current.
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
#: What a reader types at `clear assess`'s prompts in the walkthrough: Enter for no assessors,
#: Enter for today's date, then q to save and quit.
TYPED = "\n\nq\n"
_FIGURES = re.compile(r"<!-- readme-figures -->(?P<body>.*?)<!-- /readme-figures -->", re.S)


def commands(text: str) -> list[str]:
    """Every ``$`` command of the README's console blocks (but ``make``), continuations
    joined."""
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
            if not current.startswith("make "):  # make demo / make test: the set-up itself
                found.append(current)
            current = ""
    return found


def clear_output(args: str, cwd: Path = ROOT) -> str:
    """What ``clear ARGS`` prints at 80 columns without colour (``| head N``: N lines).

    Run by bash (so globs expand as a reader's shell expands them) with this checkout's
    ``clear`` first on PATH.
    """
    args, _, head = args.partition(" | head ")
    run = subprocess.run(
        ["bash", "-c", args], cwd=cwd, env=_env(cwd), capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        raise SystemExit(f"{args} failed: {run.stderr}")
    out = run.stdout
    if head:
        lines = out.splitlines()
        out = "\n".join(lines[: int(head)]) + ("\n...\n" if len(lines) > int(head) else "\n")
    return out


def _env(folder: Path) -> dict[str, str]:
    """The environment of a reader's shell in ``folder``, with this checkout's ``clear``."""
    bin_dir = Path(tempfile.gettempdir()) / f"clear-readme-bin-{os.getpid()}"
    bin_dir.mkdir(exist_ok=True)
    clear = bin_dir / "clear"
    if not clear.exists():
        clear.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m clear_cli "$@"\n')
        clear.chmod(0o755)
    return {
        **os.environ,
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
    }


def replay(text: str, folder: Path) -> str:
    """The README with every generated block made by running the README in ``folder``."""
    out: list[str] = []
    done = 0
    for m in _OUTPUT.finditer(text):
        for command in commands(text[done : m.start()]):
            subprocess.run(
                ["bash", "-c", command],
                cwd=folder,
                env=_env(folder),
                input=TYPED,
                text=True,
                capture_output=True,
                check=False,
            )
        out.append(text[done : m.start()] + m[1] + clear_output(m["cmd"], folder) + m[4])
        done = m.end()
    out.append(text[done:])
    return "".join(out)


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
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "examples", Path(tmp) / "examples")
        text = replay(text, Path(tmp))
    return _FIGURES.sub(f"<!-- readme-figures -->{figures()}<!-- /readme-figures -->", text)


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def page_counts(text: str) -> str:
    """The README with the printed page counts of the report and the review measured again:
    the report through headless Chromium, the review's Word file through LibreOffice."""
    browser = _browser()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run = [sys.executable, "-m", "clear_cli"]
        if browser:
            page = folder / "report.html"
            subprocess.run([*run, "report", EXAMPLE, "--out", str(page)], cwd=ROOT, check=True)
            pdf = folder / "report.pdf"
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            text = _set(text, "readme-report-pages", _pdf_pages(pdf))
        if office:
            word = folder / "review.docx"
            subprocess.run(
                [
                    *run,
                    "review",
                    EXAMPLE,
                    "examples/northshire-peer.yaml",
                    "--notes",
                    "examples/reviews/northshire-review-notes.yaml",
                    "--out",
                    str(word),
                ],
                cwd=ROOT,
                check=True,
            )
            subprocess.run(
                [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(word)],
                check=True,
                capture_output=True,
            )
            text = _set(text, "readme-review-pages", _pdf_pages(folder / "review.pdf"))
    return text


def _set(text: str, name: str, value: int) -> str:
    return re.sub(
        rf"<!-- {name} -->\d+<!-- /{name} -->", f"<!-- {name} -->{value}<!-- /{name} -->", text
    )


def _browser() -> str | None:
    return next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )


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
    README.write_text(page_counts(new), encoding="utf-8")
    print("wrote README.md")
    screenshot()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
