"""Golden files: what people read, compared whole with a reviewed copy in tests/golden/.

A change to the report's Markdown, a comparison, a trend, the terminal scorecard at 80 columns
or `score --json` shows here as a diff of the whole output. When the change is meant, rewrite
the copies with `pytest tests/test_golden.py --update-golden` (or `make golden`) and review the
diff in git before committing it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
#: The last-line record every written file carries holds a hash of the file: drop it, so the
#: golden copy shows what a reader sees.
_RECORD = re.compile(r"\n<!-- clear-output 1 [^\n]*-->\n?$")
#: Pages say the day they were made: the golden copy says DATE.
_MADE_ON = re.compile(r"\bGenerated \d{4}-\d{2}-\d{2}\b")


def _example(name: str) -> str:
    return str((EXAMPLES / name).relative_to(ROOT))


#: name of the golden file -> the command that makes it (run from the repository root).
TEXT_OUTPUTS: dict[str, list[str]] = {
    "score-northshire-self.json": ["score", _example("northshire-self.yaml"), "--json"],
    "score-northshire-self-80.txt": ["score", _example("northshire-self.yaml")],
    "score-southvale-self-80.txt": ["score", _example("southvale-self.yaml")],
    "compare-northshire-self-peer.json": [
        "compare",
        _example("northshire-self.yaml"),
        _example("northshire-peer.yaml"),
        "--json",
    ],
}
PAGES: dict[str, list[str]] = {
    "report-northshire-self.md": ["report", _example("northshire-self.yaml")],
    "compare-northshire-self-peer.md": [
        "compare",
        _example("northshire-self.yaml"),
        _example("northshire-peer.yaml"),
    ],
    "trend-northshire.md": [
        "trend",
        _example("northshire-2024.yaml"),
        _example("northshire-2025.yaml"),
    ],
}


def check(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {name}: run pytest --update-golden and review it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"golden/{name}",
                "today",
                n=2,
            )
        )
        pytest.fail(f"{name} differs from its golden copy (--update-golden if meant):\n{diff}")


@pytest.mark.parametrize("name", sorted(TEXT_OUTPUTS))
def test_terminal_and_json_outputs_match_their_golden_copies(
    name: str, cli: Any, in_root: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*TEXT_OUTPUTS[name])
    assert result.code == 0, result
    check(name, result.out, update_golden)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_match_their_golden_copies(
    name: str, cli: Any, in_root: Path, update_golden: bool, tmp_path: Path
) -> None:
    out = tmp_path / name
    result = cli(*PAGES[name], "--out", out)
    assert result.code == 0, result
    text = _MADE_ON.sub("Generated DATE", _RECORD.sub("\n", out.read_text(encoding="utf-8")))
    check(name, text, update_golden)
