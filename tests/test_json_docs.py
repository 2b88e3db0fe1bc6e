"""Every JSON output is documented in the project (docs/json.md), with every key its schema
has; help and README point there, never to a file users do not have."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from clear_cli.models.schema import json_schema
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "json.md").read_text()


def _section(heading: str) -> str:
    """The text of the section of docs/json.md whose heading starts with ``heading``."""
    start = DOC.index(f"\n## {heading}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start : end if end > 0 else len(DOC)]


def _keys(schema: dict[str, Any]) -> set[str]:
    """Every property name anywhere in a JSON Schema."""
    found: set[str] = set()
    todo: list[Any] = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


@pytest.mark.parametrize("kind", ["score", "compare", "trend", "combine", "banks"])
def test_every_key_of_the_schema_is_documented(kind: str) -> None:
    text = _section(f"`clear {kind} ")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    missing = _keys(json_schema(kind)) - documented
    assert not missing, f"docs/json.md does not describe {sorted(missing)} of clear {kind}"


@pytest.mark.parametrize(
    ("args", "heading"),
    [
        (["banks", "--json"], "`clear banks --json`"),
        (
            ["compare", "examples/northshire-self.yaml", "examples/northshire-peer.yaml", "--json"],
            "`clear compare A B --json`",
        ),
    ],
)
def test_real_keys_are_documented(cli: Any, in_root: Path, args: list[str], heading: str) -> None:
    result = cli(*args)
    assert result.code == 0, result
    data = json.loads(result.out)
    first = data[0] if isinstance(data, list) else data
    text = _section(heading)
    for key in first:
        assert f"`{key}`" in text, key


def test_combine_json_is_documented(cli: Any, in_root: Path, tmp_path: Path) -> None:
    files = sorted(Path("examples/partners").glob("*.yaml"))
    result = cli("combine", *files, "--out", tmp_path / "draft.yaml", "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    text = _section("`clear combine")
    assert data["disputed"], "the partners' examples disagree somewhere"
    for key in [*data, *data["disputed"][0]]:
        assert f"`{key}`" in text, key


@pytest.mark.parametrize("command", ["score", "compare", "trend", "combine", "banks"])
def test_help_points_to_the_docs(cli: Any, command: str) -> None:
    result = cli(command, "--help")
    assert result.code == 0, result
    text = " ".join(result.out.split())
    assert "docs/json.md" in text and f"clear schema {command}" in text
    assert "CONTRACT" not in text


def test_readme_and_docs_point_only_to_what_users_have() -> None:
    for path in (ROOT / "README.md", *(ROOT / "docs").glob("*.md")):
        assert "CONTRACT" not in path.read_text(), path
    readme = (ROOT / "README.md").read_text()
    assert "docs/json.md" in readme and "clear schema compare" in readme
