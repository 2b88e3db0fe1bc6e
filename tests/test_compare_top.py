"""`clear compare`: its JSON against its committed schema, `--top N` in every format, and
answers given on one side only listed apart from the disagreements."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clear_cli.models.schema import json_schema
from tests.conftest import EXAMPLES, ROOT, beside

SCHEMA = ROOT / "schemas" / "compare.schema.json"
SELF, PEER = "examples/northshire-self.yaml", "examples/northshire-peer.yaml"
OTHER = "examples/southvale-self.yaml"

pytestmark = pytest.mark.skipif(
    not (EXAMPLES / "northshire-peer.yaml").exists(), reason="example localities not written yet"
)


def run_json(cli: Any, *args: Any) -> dict[str, Any]:
    result = cli("compare", *args, "--json")
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_committed_compare_schema_is_current(cli: Any) -> None:
    result = cli("schema", "compare")
    assert result.code == 0, result
    committed = json.loads(SCHEMA.read_text())
    assert json.loads(result.out) == committed == json_schema("compare"), "run `make schema`"
    makefile = (ROOT / "Makefile").read_text()
    assert "clear schema compare > schemas/compare.schema.json" in makefile


@pytest.mark.parametrize(
    ("a", "b", "extra"),
    [
        (SELF, PEER, []),
        (PEER, SELF, ["--top", "4"]),
        (SELF, OTHER, []),
        ("tests/assets/compare/testshire-self.yaml", "tests/assets/compare/testshire-v2.yaml", []),
        (
            "tests/assets/compare/testshire-self.yaml",
            "tests/assets/compare/pregnancy-only.yaml",
            [],
        ),
    ],
)
def test_real_output_validates(cli: Any, in_root: Path, a: str, b: str, extra: list[str]) -> None:
    data = run_json(cli, a, b, *extra)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    # Closed: a key added to the output without the schema (or a typo) is caught.
    broken = {**data, "extra": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_top_in_json(cli: Any, in_root: Path) -> None:
    every = run_json(cli, SELF, PEER)
    assert every["top"] is None and len(every["questions"]) == every["answered_differently"] > 5
    five = run_json(cli, SELF, PEER, "--top", "5")
    assert five["top"] == 5 and five["answered_differently"] == every["answered_differently"]
    assert five["questions"] == every["questions"][:5]
    # The summary counts and the one-sided answers are over every question, not the top 5.
    assert five["peer_review"] == every["peer_review"] and five["one_sided"] == every["one_sided"]
    assert run_json(cli, SELF, PEER, "--top", "0") == every


def test_top_must_not_be_negative(cli: Any, in_root: Path) -> None:
    result = cli("compare", SELF, PEER, "--top", "-1")
    assert result.code == 2 and "--top" in result.err


def _answer_ids(text: str, ids: set[str]) -> list[str]:
    """The question ids in the terminal's "Answers that differ" table, in order."""
    part = text.split("Answers that differ", 1)[1].split("Answered on one side only", 1)[0]
    found = []
    for line in part.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 2 and cells[1] in ids:
            found.append(cells[1])
    return found


def test_terminal_lists_fifteen_by_default(cli: Any, in_root: Path) -> None:
    every = run_json(cli, SELF, PEER)
    ids = [q["id"] for q in every["questions"]]
    total = len(ids)
    assert total > 15, "the example peer review needs more than 15 differences"
    result = cli("compare", SELF, PEER)
    assert result.code == 0, result
    assert _answer_ids(result.out, set(ids)) == ids[:15]
    assert f"{total - 15} more answers that differ not shown" in result.out
    assert "--top 0" in result.out
    everything = cli("compare", SELF, PEER, "--top", "0")
    assert _answer_ids(everything.out, set(ids)) == ids
    assert "not shown" not in everything.out
    three = cli("compare", SELF, PEER, "--top", "3")
    assert _answer_ids(three.out, set(ids)) == ids[:3]


def test_terminal_shows_levels_and_one_sided_apart(cli: Any, in_root: Path) -> None:
    data = run_json(cli, SELF, PEER)
    result = cli("compare", SELF, PEER, "--top", "0")
    weighted = next(q for q in data["questions"] if q["a_points"] != q["a_level"])
    row = next(line for line in result.out.splitlines() if f"│ {weighted['id']} " in line)
    assert f"{weighted['a_label']} ({weighted['a_level']:g})" in row  # the level, not points
    assert f"({weighted['a_points']:g})" not in row
    one_sided = result.out.split("Answered on one side only", 1)[1].split("Roadmap stops")[0]
    for q in data["one_sided"]:
        assert q["id"] in one_sided
        assert q["id"] not in _answer_ids(result.out, {q["id"]})


class Rows(HTMLParser):
    """The rows of each table body, by the id of the section holding it."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.rows: dict[str, int] = {}
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id") or ""
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows[self.section] = self.rows.get(self.section, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False


@pytest.mark.parametrize("top", [None, 4])
def test_top_in_files(cli: Any, in_root: Path, tmp_path: Path, top: int | None) -> None:
    from openpyxl import load_workbook

    data = run_json(cli, SELF, PEER)
    total, one_sided = data["answered_differently"], len(data["one_sided"])
    listed = top or total  # files list every difference unless --top says otherwise
    extra = ["--top", str(top)] if top else []
    for suffix in (".html", ".md", ".xlsx"):
        out = tmp_path / f"review{suffix}"
        result = cli("compare", SELF, PEER, "--out", out, *extra)
        assert result.code == 0, result
        if suffix == ".html":
            rows = Rows()
            rows.feed(out.read_text())
            assert rows.rows["answers"] == listed
            assert rows.rows["one-sided"] == one_sided
        elif suffix == ".md":
            text = out.read_text()
            part = text.split("## Answers that differ", 1)[1].split("\n## ", 1)[0]
            assert sum(1 for line in part.splitlines() if line.startswith("| ")) - 1 == listed
            assert ("`--top 0` lists them all" in part) == bool(top)
        else:
            wb = load_workbook(out)
            assert wb["Questions"].max_row - 1 == listed
            assert wb["One side only"].max_row - 1 == one_sided
            summary = {r[0].value: r[1].value for r in wb["Summary"].iter_rows()}
            assert summary["Answered differently"] == total
            assert summary["Answered on one side only"] == one_sided


def test_not_applicable_against_unanswered_is_one_sided(
    cli: Any, in_root: Path, tmp_path: Path
) -> None:
    """N/A on one side, unanswered on the other: neither chose an option, so no side
    answered; still a one-sided answer, never a difference."""
    source = Path("tests/assets/compare/testshire-peer.yaml")  # T2.1: na
    text = source.read_text()
    later = tmp_path / "later.yaml"
    later.write_text(
        "\n".join(line for line in text.splitlines() if "T2.1" not in line).replace(
            "2026-05-14", "2027-05-14"
        )
    )
    beside(tmp_path, source.parent / "minimal.yaml")  # bank paths stay in the file's folder
    data = run_json(cli, source, later)
    assert data["kind"] == "same-locality"
    assert [
        (q["id"], q["answered_by"], q["a_answer"], q["b_answer"]) for q in data["one_sided"]
    ] == [("T2.1", None, "na", None)]
    assert data["questions"] == []
    result = cli("compare", source, later)
    assert result.code == 0, result
    assert "2026-05-14: not applicable; 2027-05-14: unanswered: T2.1" in result.out
