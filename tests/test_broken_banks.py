"""Every broken bank in tests/assets/broken gives exactly its expected, located messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ASSETS

BROKEN = ASSETS / "broken"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BROKEN / "expected.yaml").read_text())


def test_corpus_is_complete() -> None:
    files = {p.name for p in BROKEN.glob("*.yaml")} - {"expected.yaml"}
    assert files == set(EXPECTED), "every broken bank needs expected messages, and vice versa"
    assert len(files) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_bank_messages(name: str, cli: Any, in_root: Path) -> None:
    path = BROKEN / name
    rel = path.relative_to(in_root)
    result = cli("validate", rel)
    assert result.code == 2, result
    assert "Traceback" not in result.err + result.out
    mine = [
        line.removeprefix(f"error: {rel}:")
        for line in result.err.splitlines()
        if line.startswith(f"error: {rel}")
    ]
    assert mine == EXPECTED[name]
    for line in result.err.splitlines():
        if line.startswith("error: "):
            assert ":" in line.removeprefix("error: "), "every message names a file and place"


def test_minimal_bank_is_valid(cli: Any, in_root: Path) -> None:
    result = cli("validate", "tests/assets/banks/minimal.yaml")
    assert result.code == 0, result
    assert "local-test v1, 2 sections, 3 questions" in result.out


def test_duplicate_ids_across_files(cli: Any, in_root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    text = (ASSETS / "banks" / "minimal.yaml").read_text().replace("id: local-test", "id: other")
    copy.write_text(text)
    result = cli("validate", "tests/assets/banks/minimal.yaml", copy)
    assert result.code == 2
    dupes = [line for line in result.err.splitlines() if "is used twice (also at" in line]
    assert len(dupes) == 3  # T1.1, T1.2, T2.1, each pointing at the other file
    assert all("tests/assets/banks/minimal.yaml:" in line for line in dupes)


def test_missing_file(cli: Any, in_root: Path) -> None:
    result = cli("validate", "no/such/bank.yaml")
    assert result.code == 2
    assert result.err.strip() == "error: no/such/bank.yaml: file not found"


def test_binary_file(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bank.yaml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    result = cli("validate", bad)
    assert result.code == 2
    assert "is not UTF-8 text" in result.err
