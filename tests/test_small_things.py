"""Small things new users met: a .ods file says how to save it as .xlsx, the compare page names
its inputs by file name only, and help shows readable placeholders (BANK..., FILE, N)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from clear_cli.cli.app import COMMAND_MODULES
from tests.conftest import EXAMPLES


def test_ods_says_how_to_save_as_xlsx(cli: Any, tmp_path: Path) -> None:
    book = tmp_path / "returns.ods"
    book.write_bytes(b"PK\x03\x04 not read")
    before = book.read_bytes()
    result = cli("score", book)
    assert result.code == 2
    assert result.err.strip().splitlines()[0] == (
        f"error: {book}: is a '.ods' spreadsheet, which clear does not read: open it in "
        "LibreOffice Calc and choose File > Save As > Excel 2007-365 (.xlsx)"
    )
    assert book.read_bytes() == before


@pytest.mark.skipif(
    not (EXAMPLES / "northshire-peer.yaml").exists(), reason="example localities not written yet"
)
@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_compare_page_names_files_not_local_paths(cli: Any, tmp_path: Path, suffix: str) -> None:
    private = tmp_path / "home" / "jo" / "private-folder"
    private.mkdir(parents=True)
    for name in ("northshire-self.yaml", "northshire-peer.yaml"):
        (private / name).write_text((EXAMPLES / name).read_text())  # banks named by id
    out = tmp_path / f"review{suffix}"
    result = cli(
        "compare", private / "northshire-self.yaml", private / "northshire-peer.yaml", "--out", out
    )
    assert result.code == 0, result
    page = out.read_text()
    assert "northshire-self.yaml" in page and "northshire-peer.yaml" in page
    assert "private-folder" not in page and str(tmp_path) not in page


def test_help_placeholders_are_readable(cli: Any) -> None:
    for name in COMMAND_MODULES:
        result = cli(name, "--help")
        assert result.code == 0, (name, result)
        text = result.out
        assert not re.search(r"<[a-z][a-z_\[\]|, ]*>", text), (name, text)  # <list[str]>, <path>
        assert "{" not in text.split("\n", 1)[0], (name, text)  # the usage line: no {banks}
    template = cli("template", "--help").out
    assert "template [OPTIONS] BANK..." in template
    assert "--out FILE" in template and "--assessment self|peer" in template
    assert "FILE..." in cli("export", "--help").out
    assert "--top N" in cli("plan", "--help").out
