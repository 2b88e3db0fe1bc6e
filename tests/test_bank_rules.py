"""A bank's own rules are its model's validators: each broken rule is a pydantic error that
carries its location, whoever validates the bank (a file, the cache, a script); the catalogue
checks only what spans files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from clear_cli.models import Bank
from clear_cli.models.bank import RULE
from clear_cli.sources.catalogue import clashes
from tests.conftest import ASSETS

MINIMAL = ASSETS / "banks" / "minimal.yaml"


def _minimal() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text())
    return data


def _rules(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        Bank.model_validate(data)
    return [(e["loc"], e["ctx"]["message"]) for e in caught.value.errors() if e["type"] == RULE]


def test_the_minimal_bank_breaks_no_rule() -> None:
    assert Bank.model_validate(_minimal()).id == "local-test"


def test_a_rule_carries_the_path_of_what_breaks_it() -> None:
    data = _minimal()
    data["scales"]["maturity"]["options"][2]["key"] = "1"
    assert _rules(data) == [
        (
            ("scales", "maturity", "options", 2, "key"),
            "scale 'maturity': option key '1' is used twice",
        )
    ]


def test_stops_and_ids_are_checked_even_when_a_field_fails() -> None:
    data = _minimal()
    first = data["sections"][0]["questions"][0]
    first["stops"] = [13]
    del first["guidance"]  # a field error: the bank as a whole does not validate
    data["sections"][1]["questions"][0]["id"] = first["id"]
    with pytest.raises(ValidationError) as caught:
        Bank.model_validate(data)
    kinds = {(e["type"], e["loc"]) for e in caught.value.errors()}
    assert ("missing", ("sections", 0, "questions", 0, "guidance")) in kinds
    assert (RULE, ("sections", 0, "questions", 0, "stops", 0)) in kinds
    duplicate = next(
        e for e in caught.value.errors() if "used twice" in e.get("ctx", {}).get("message", "")
    )
    assert duplicate["loc"] == ("sections", 1, "questions", 0, "id")
    assert duplicate["ctx"]["first"] == ("sections", 0, "questions", 0, "id")


def test_the_rules_hold_for_a_bank_read_from_json() -> None:
    """The cache validates JSON: the same rules run, so it cannot hold a copy of them."""
    good = Bank.model_validate(_minimal())
    bad = good.model_dump_json().replace('"stops":null', '"stops":[12,12]', 1)
    with pytest.raises(ValidationError) as caught:
        Bank.model_validate_json(bad)
    (err,) = caught.value.errors()
    assert err["type"] == RULE and err["ctx"]["message"].endswith("a stop is listed twice")


def test_clashes_are_across_files_only() -> None:
    Ids = list[tuple[str, tuple[str | int, ...]]]
    one: Ids = [("Q1", ("x",)), ("Q2", ("y",)), ("Q1", ("z",))]  # Q1 twice: its own rule
    two: Ids = [("Q2", ("w",))]
    copy: Ids = [("Q9", ("v",))]
    found = clashes([("a", one), ("b", two), ("a", copy)])
    assert [(c.index, c.at, c.question, c.first, c.first_at) for c in found] == [
        (1, ("w",), "Q2", 0, ("y",)),
        (2, ("id",), None, 0, ()),
    ]


def test_a_user_bank_breaking_a_rule_is_reported_with_its_line(cli: Any, tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("stops: [6]", "stops: [6, 6]", 1)
    bad = tmp_path / "bank.yaml"
    bad.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "stops: [6, 6]" in t)
    result = cli("validate", bad)
    assert result.code == 2
    assert f":{line}:" in result.err and "question 'T1.1': a stop is listed twice" in result.err
