"""`clear compare` in a narrow terminal: each difference is a block (id, both answers, the gap,
the question at the full width, evidence shortened), so a peer review fits 80 columns."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import EXAMPLES

SELF, PEER = "examples/northshire-self.yaml", "examples/northshire-peer.yaml"

pytestmark = pytest.mark.skipif(
    not (EXAMPLES / "northshire-peer.yaml").exists(), reason="example localities not written yet"
)


def test_peer_review_fits_80_columns(cli: Any, in_root: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("compare", SELF, PEER)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert len(lines) < 300, len(lines)  # 591 as a table with a 19-character question column
    assert max(len(x.rstrip()) for x in lines) <= 80
    assert "Question and evidence" not in result.out  # blocks, not the wide table
    wide = cli("compare", SELF, PEER, "--json")
    data = json.loads(wide.out)
    listed = data["questions"][:15]  # the terminal lists the 15 largest by default
    assert listed
    flat = " ".join(result.out.split())
    for q in listed:
        # the id heads its block and the whole question is there, wrapped, never cut
        assert any(x.startswith(q["id"] + "  ") for x in lines), q["id"]
        assert " ".join(q["text"].split()) in flat, q["id"]
    assert "Evidence is shortened to fit" in result.out


def test_wide_terminal_keeps_the_table(cli: Any, in_root: Any) -> None:
    result = cli("compare", SELF, PEER)  # 120 columns
    assert result.code == 0, result
    assert "Question and evidence" in result.out
    assert "Evidence is shortened" not in result.out


def test_shorten_cuts_at_a_word() -> None:
    from clear_cli.outputs.terminal.compare_view import shorten

    assert shorten("short text", 40) == "short text"
    cut = shorten("one two three four five six seven eight nine ten", 20)
    assert len(cut) <= 20 and cut.endswith("…") and cut[:-1] in "one two three four five six"
