"""The gap analysis as users meet it: `clear score` (terminal and JSON, with its schema),
`clear report`, `clear compare` and `clear export` on the examples and on a mostly blank file."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.xlsx"))
SCHEMA = ROOT / "schemas" / "score.schema.json"


def _score(cli: Any, path: Path) -> dict[str, Any]:
    result = cli("score", path, "--json")
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_committed_score_schema_is_current(cli: Any) -> None:
    result = cli("schema", "score")
    assert result.code == 0
    assert json.loads(result.out) == json.loads(SCHEMA.read_text()), "run `make schema`"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_score_json_of_every_example_validates(cli: Any, path: Path) -> None:
    data = _score(cli, path)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert list(data) == [
        "locality",
        "assessment",
        "date",
        "overall",
        "completeness",
        "banks",
        "start_here",
        "gaps",
    ]
    for g in data["gaps"]:
        for key in ("gap", "reach", "shortfall"):
            assert g[key] == round(g[key], 2)
        assert not g["ranked"] or g["answered"] >= 3  # primary answers alone rank a stop


def test_southvale_starts_at_a_foundation_stop(cli: Any) -> None:
    data = _score(cli, EXAMPLES / "southvale-self.yaml")
    start = data["start_here"]
    assert start in range(1, 7)
    chosen = next(g for g in data["gaps"] if g["stop"] == start)
    assert chosen["ranked"] and chosen["shortfall"] >= 50
    weaker = [g for g in data["gaps"] if g["stop"] < start and g["ranked"]]
    assert all(g["shortfall"] < 50 for g in weaker), "the lowest-numbered weak foundation stop"


def test_northshire_first_stop_is_not_chosen_by_question_count(cli: Any) -> None:
    data = _score(cli, EXAMPLES / "northshire-self.yaml")
    ranked = [g for g in data["gaps"] if g["ranked"]]
    first = ranked[0]
    # Ranked by shortfall, not by how many questions reach a stop or by total gap.
    assert [g["shortfall"] for g in ranked] == sorted(
        (g["shortfall"] for g in ranked), reverse=True
    )
    assert first["answered"] < max(g["answered"] for g in ranked)
    assert data["start_here"] is not None


def _mostly_blank(tmp_path: Path, name: str = "blank.yaml") -> Path:
    data = yaml.safe_load((EXAMPLES / "northshire-self.yaml").read_text())
    data["answers"] = dict(list(data["answers"].items())[:25])
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_a_mostly_blank_file_is_provisional_in_score(cli: Any, tmp_path: Path) -> None:
    path = _mostly_blank(tmp_path)
    data = _score(cli, path)
    done = data["completeness"]
    assert done["answered"] == 25 and done["provisional"] is True
    assert done["percent"] == round(100 * 25 / done["questions"], 2)
    unanswered = {q for b in data["banks"] for q in b["unanswered"]}
    assert len(unanswered) == done["questions"] - 25
    assert not unanswered & {q for g in data["gaps"] for q in g["questions"]}
    out = cli("score", path).out
    assert "Provisional:" in out and f"{len(unanswered)} questions are still to answer" in out


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, list[str]] = {}
        self.stack: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.classes.extend((a.get("class") or "").split())
        if tag in {"br", "meta", "img", "input", "hr", "link"}:
            return
        self.stack.append(a.get("id") or "")
        if a.get("id"):
            self.ids.setdefault(a["id"] or "", [])

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in {"br", "meta"}:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for i in self.stack:
            if i:
                self.ids[i].append(data)

    def text(self, id_: str) -> str:
        return " ".join(" ".join(self.ids.get(id_, [])).split())


def _report(cli: Any, path: Path, out: Path) -> Tree:
    result = cli("report", path, "--out", out)
    assert result.code == 0, result
    tree = Tree()
    tree.feed(out.read_text())
    return tree


def test_a_mostly_blank_file_is_provisional_in_reports(cli: Any, tmp_path: Path) -> None:
    path = _mostly_blank(tmp_path)
    data = _score(cli, path)
    tree = _report(cli, path, tmp_path / "r.html")
    assert "provisional" in tree.classes
    assert "Provisional:" in tree.text("summary")
    still = tree.text("still-to-answer")
    for b in data["banks"]:
        for qid in b["unanswered"]:
            assert qid in still
    result = cli("report", path, "--out", tmp_path / "r.md")
    assert result.code == 0
    text = (tmp_path / "r.md").read_text()
    assert "> **Provisional:**" in text and "## Still to answer" in text


def test_report_lists_each_weak_question_once_under_its_primary_stop(
    cli: Any, tmp_path: Path
) -> None:
    path = EXAMPLES / "southvale-self.yaml"
    data = _score(cli, path)
    tree = _report(cli, path, tmp_path / "s.html")
    weak = {q for g in data["gaps"] for q in g["questions"]}
    stops = [g["stop"] for g in data["gaps"]]
    start = data["start_here"]
    assert f"Where to start: stop {start}" in tree.text("start-here")
    # The stop articles appear in ranked order.
    html = (tmp_path / "s.html").read_text()
    positions = [html.index(f'id="stop-{n}"') for n in stops]
    assert positions == sorted(positions)
    # Every weak question once, in a weak-question table of one stop (or outcomes).
    rows = _weak_rows(html)
    assert sorted(rows) == sorted(set(rows)), "no question listed twice"
    assert weak <= set(rows)
    method = tree.text("method")
    for words in ("shortfall", "reach", "fewer than 3 answered", "stops 1 to 6", "50%"):
        assert words in method


def _weak_rows(html: str) -> list[str]:
    """The question ids at the start of each row of the weak-question tables."""

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.in_strong = False
            self.cell = 0
            self.ids: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "table" and ("class", "weak") in attrs:
                self.depth = 1
            elif self.depth and tag == "tr":
                self.cell = 0
            elif self.depth and tag == "td":
                self.cell += 1
            elif self.depth and tag == "strong" and self.cell == 1:
                self.in_strong = True

        def handle_endtag(self, tag: str) -> None:
            if tag == "table":
                self.depth = 0
            if tag == "strong":
                self.in_strong = False

        def handle_data(self, data: str) -> None:
            if self.in_strong and data.strip():
                self.ids.append(data.strip())
                self.in_strong = False

    parser = Rows()
    parser.feed(html)
    return parser.ids


def test_a_mostly_blank_file_is_provisional_in_compare(cli: Any, tmp_path: Path) -> None:
    path = _mostly_blank(tmp_path)
    data = json.loads(cli("compare", EXAMPLES / "northshire-self.yaml", path, "--json").out)
    assert (data["a"]["provisional"], data["b"]["provisional"]) == (False, True)
    assert "provisional" in cli("compare", EXAMPLES / "northshire-self.yaml", path).out
    for suffix in (".md", ".html", ".xlsx"):
        out = tmp_path / f"c{suffix}"
        result = cli("compare", EXAMPLES / "northshire-self.yaml", path, "--out", out)
        assert result.code == 0, result
        if suffix == ".xlsx":
            ws = openpyxl.load_workbook(out)["Summary"]
            cells = {
                ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, 3).value)
                for r in range(1, 20)
            }
            assert cells["Provisional"][0] == "no" and cells["Provisional"][1].startswith("yes")
            stops = openpyxl.load_workbook(out)["Stops"]
            header = [c.value for c in stops[1]]
            assert any("shortfall" in (h or "") for h in header)
        else:
            assert "provisional" in out.read_text().lower()


def test_a_mostly_blank_file_is_provisional_in_export(cli: Any, tmp_path: Path) -> None:
    path = _mostly_blank(tmp_path)
    out = tmp_path / "e.xlsx"
    result = cli("export", EXAMPLES / "southvale-self.yaml", path, "--out", out)
    assert result.code == 0, result
    wb = openpyxl.load_workbook(out)
    summary = list(wb["Summary"].iter_rows(values_only=True))
    head = summary[0]
    rows = [dict(zip(head, r, strict=True)) for r in summary[1:]]
    assert [r["Provisional"] for r in rows] == [None, "provisional"]
    stops = list(wb["Stops"].iter_rows(values_only=True))
    shead = stops[0]
    srows = [dict(zip(shead, r, strict=True)) for r in stops[1:]]
    south = _score(cli, EXAMPLES / "southvale-self.yaml")
    mine = [r for r in srows if r["Locality"] == "Southvale"]
    assert [(r["Stop"], r["Shortfall %"]) for r in mine] == [
        (g["stop"], g["shortfall"]) for g in south["gaps"]
    ]
    assert {r["Provisional"] for r in srows if r["Locality"] != "Southvale"} == {"provisional"}


def test_make_schema_target_writes_the_score_schema() -> None:
    text = (ROOT / "Makefile").read_text()
    assert "clear schema score > schemas/score.schema.json" in text
    out = subprocess.run(
        [sys.executable, "-m", "clear_cli", "schema", "score"], capture_output=True, text=True
    )
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "clear score --json"
