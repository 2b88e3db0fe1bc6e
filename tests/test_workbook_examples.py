"""The example workbooks are current: the same cells as `make examples` would write now."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clear_cli.core.scoring import score_assessment
from clear_cli.outputs.json_out.score_json import to_json
from clear_cli.sources.loader import load_assessment
from tests.conftest import EXAMPLES, ROOT

SOURCES = sorted(EXAMPLES.glob("*.yaml"))


def script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "scripts" / "make_example_workbooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, leaving out the version of clear that made it."""
    wb = openpyxl.load_workbook(path)
    out = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    out["About"] = [r for r in out["About"] if r[0] != "Made by"]
    out["_clear"] = [r for r in out["_clear"] if r[0] != "clear"]
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SOURCES:
        pytest.skip("no example answers files yet")
    out = tmp_path_factory.mktemp("examples")
    assert script().main([str(out)]) == 0
    return out


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_example_workbook_is_current(source: Path, fresh: Path) -> None:
    committed = source.with_suffix(".xlsx")
    assert committed.exists(), f"run `make examples` to write {committed.name}"
    assert values(committed) == values(fresh / committed.name), "run `make examples`"


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_example_workbook_scores_like_its_answers_file(source: Path, cli: Any) -> None:
    book = source.with_suffix(".xlsx")
    expected = to_json(score_assessment(load_assessment(source)))
    assert to_json(score_assessment(load_assessment(book))) == expected
    res = cli("score", book, "--json")
    assert res.code == 0 and json.loads(res.out) == expected
