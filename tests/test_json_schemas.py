"""Every command's JSON, run through the CLI, validates against the schema `clear schema NAME`
prints: the usual cases and the one where every question is not applicable (nothing to score,
so percents and bands are null). The committed schemas/ are current, and every schema is closed,
so a key printed without its model would be caught."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clear_cli.models.schema import SCHEMAS, json_schema
from tests.conftest import ASSETS, EXAMPLES, ROOT

ALL_NA = ASSETS / "json" / "all-na-2026.yaml"
ALL_NA_LATER = ASSETS / "json" / "all-na-2027.yaml"
OUTPUTS = ("score", "compare", "trend", "combine", "banks")
PARTNERS = sorted((EXAMPLES / "partners").glob("*.yaml"))
SELF, PEER = EXAMPLES / "northshire-self.yaml", EXAMPLES / "northshire-peer.yaml"
SOUTHVALE = EXAMPLES / "southvale-self.yaml"
TESTSHIRE = ASSETS / "compare" / "testshire-self.yaml"


def _schema(cli: Any, name: str) -> dict[str, Any]:
    result = cli("schema", name)
    assert result.code == 0, result
    schema: dict[str, Any] = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _json(cli: Any, *args: str | Path) -> Any:
    result = cli(*args, "--json")
    assert result.code == 0, result
    return json.loads(result.out)


def _errors(data: Any, schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


CASES: list[tuple[str, str, list[str | Path]]] = [
    ("score", "example", ["score", SELF]),
    ("score", "workbook", ["score", EXAMPLES / "northshire-self.xlsx"]),
    ("score", "all-na", ["score", ALL_NA]),
    ("compare", "peer-review", ["compare", SELF, PEER]),
    ("compare", "localities-top", ["compare", SELF, SOUTHVALE, "--top", "2"]),
    ("compare", "top-0", ["compare", PEER, SELF, "--top", "0"]),
    ("compare", "left-out", ["compare", TESTSHIRE, ASSETS / "compare" / "pregnancy-only.yaml"]),
    ("compare", "all-na", ["compare", ALL_NA, ALL_NA_LATER]),
    ("compare", "all-na-one-side", ["compare", TESTSHIRE, ALL_NA]),
    (
        "trend",
        "example",
        ["trend", EXAMPLES / "northshire-2024.yaml", EXAMPLES / "northshire-2025.yaml", SELF],
    ),
    ("trend", "all-na", ["trend", ALL_NA, ALL_NA_LATER]),
    ("combine", "partners", ["combine", *PARTNERS]),
    ("combine", "all-na", ["combine", ALL_NA, ALL_NA_LATER]),
    ("banks", "bundled", ["banks"]),
]


@pytest.mark.parametrize(
    ("name", "args"), [(n, a) for n, _, a in CASES], ids=[f"{n}-{c}" for n, c, _ in CASES]
)
def test_json_validates_against_its_schema(
    cli: Any, tmp_path: Path, name: str, args: list[str | Path]
) -> None:
    if name == "combine":
        args = [*args, "--out", tmp_path / "draft.yaml"]
    data = _json(cli, *args)
    assert _errors(data, _schema(cli, name)) == []


def test_every_output_is_tested() -> None:
    assert {n for n, _, _ in CASES} == set(OUTPUTS)
    assert set(OUTPUTS) <= set(SCHEMAS)
    assert {n for n, c, _ in CASES if c == "all-na"} == set(OUTPUTS) - {"banks"}


def test_nothing_to_score_prints_null_percent_and_band(cli: Any) -> None:
    data = _json(cli, "score", ALL_NA)
    assert data["overall"] == {"points": 0.0, "max": 0.0, "percent": None, "band": None}
    bank = data["banks"][0]
    assert (bank["percent"], bank["band"], bank["not_applicable"]) == (None, None, ["N1.1", "N1.2"])
    assert [s["percent"] for s in bank["sections"]] == [None]
    assert data["completeness"]["percent"] == 100.0
    assert (data["start_here"], data["gaps"]) == (None, [])
    # A percent that is there is still a number: null is only for nothing to score.
    schema = _schema(cli, "score")
    assert _errors({**data, "overall": {**data["overall"], "percent": "n/a"}}, schema)


def test_all_na_in_trend_and_compare_is_null_too(cli: Any) -> None:
    trend = _json(cli, "trend", ALL_NA, ALL_NA_LATER)
    assert trend["overall"]["percents"] == [None, None]
    assert trend["overall"]["change"] == {"since_previous": None, "since_first": None}
    compare = _json(cli, "compare", ALL_NA, ALL_NA_LATER)
    assert (compare["overall"]["a_percent"], compare["overall"]["difference"]) == (None, None)


@pytest.mark.parametrize("name", SCHEMAS)
def test_committed_schema_is_current(cli: Any, name: str) -> None:
    committed = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())
    assert committed == json_schema(name) == _schema(cli, name), "run `make schema`"
    makefile = (ROOT / "Makefile").read_text()
    assert f"clear schema {name} > schemas/{name}.schema.json" in makefile


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every object schema (one with properties) inside a JSON Schema."""
    found, todo = [], [node]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if "properties" in item:
                found.append(item)
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found


@pytest.mark.parametrize("name", OUTPUTS)
def test_output_schemas_are_closed_and_require_every_key(name: str) -> None:
    """Keys are always present (a value that does not apply is null), and no others."""
    optional = {"compare": {"peer_review"}}.get(name, set())
    for obj in _objects(json_schema(name)):
        assert obj.get("additionalProperties") is False, obj.get("title")
        assert set(obj["properties"]) - set(obj.get("required", [])) <= optional, obj["title"]


def test_a_key_the_schema_lacks_is_rejected(cli: Any, tmp_path: Path) -> None:
    data = _json(cli, "combine", *PARTNERS, "--out", tmp_path / "draft.yaml")
    schema = _schema(cli, "combine")
    assert data["disputed"], "the partners' examples disagree somewhere"
    assert _errors({**data, "extra": 1}, schema)
    assert _errors({**data, "disputed": [{**data["disputed"][0], "extra": 1}]}, schema)


def test_key_order_is_the_documented_order(cli: Any) -> None:
    """The models declare their fields in the order the JSON prints them (docs/json.md)."""
    score = _json(cli, "score", SELF)
    assert list(score["banks"][0])[:6] == ["id", "title", "points", "max", "percent", "band"]
    assert list(score["banks"][0]["sections"][0]) == ["id", "title", "points", "max", "percent"]
    trend = _json(cli, "trend", EXAMPLES / "northshire-2024.yaml", SELF)
    assert list(trend["banks"][0]) == ["id", "title", "percents", "change", "sections"]
    assert list(trend["moved"][0]) == ["id", "bank", "from", "to", "change"]
    banks = _json(cli, "banks")
    assert list(banks[0]) == [
        "id",
        "title",
        "version",
        "group",
        "sections",
        "questions",
        "file",
    ]
