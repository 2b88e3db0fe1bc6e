"""Hostile and wrong files fail cleanly: a clear message naming the file, exit 2, no traceback.

Every hostile file is made here with zipfile; nothing big is committed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clear_cli.sources.workbook import safety

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from clear_cli.outputs.xlsx.template import make_template

    out = tmp_path_factory.mktemp("safety") / "t.xlsx"
    make_template(["tests/assets/banks/minimal.yaml"], out, locality="X")
    return out


def rewrite(src: Path, dest: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, change(name, data))
    return dest


def bomb(name: str, data: bytes, padding: int = 0) -> bytes:
    """workbook.xml with a 'billion laughs' DTD, after ``padding`` bytes of comment."""
    if name != "xl/workbook.xml":
        return data
    if data.startswith(b"<?xml"):
        data = data.partition(b"?>")[2]
    body = data.replace(b"<workbook ", b"<workbook x='&lol9;' ", 1)
    comment = b"<!--" + b" " * padding + b"-->"
    return b'<?xml version="1.0"?>' + comment + LAUGHS.encode() + body


def check(cli: Any, path: Path, *expected: str) -> str:
    res = cli("score", path)
    assert res.code == 2, res
    assert "Traceback" not in res.err + res.out and "internal error" not in res.err
    assert res.err.startswith(f"error: {path}: ")
    for text in expected:
        assert text in res.err, res.err
    return str(res.err)


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML


def test_not_a_zip(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    check(cli, path, "not an Excel workbook", "not even a zip")


def test_csv_renamed(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.xlsx"
    path.write_text("ID,Answer\nL1.1,3\n")
    check(cli, path, "text file (CSV?)", "save it as an Excel workbook (.xlsx)")


def test_empty_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    check(cli, path, "the file is empty")


def test_old_xls_renamed(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(
        safety.OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 512
    )
    check(cli, path, "old Excel 97-2003 workbook (.xls)")


def test_password_protected(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    names = "".join(["EncryptionInfo", "EncryptedPackage"]).encode("utf-16-le")
    path.write_bytes(safety.OLE_MAGIC + b"\x00" * 504 + names + b"\0" * 512)
    check(cli, path, "protected with a password", "remove the password")


def test_xml_bomb_refused_before_parsing(cli: Any, tmp_path: Path, template: Path) -> None:
    path = rewrite(template, tmp_path / "bomb.xlsx", bomb)
    check(cli, path, "declares a DTD or XML entities", "xl/workbook.xml")


def test_xml_bomb_past_the_prolog_scan_is_stopped_by_defusedxml(
    cli: Any, tmp_path: Path, template: Path
) -> None:
    pad = safety.PROLOG_BYTES + 100
    path = rewrite(template, tmp_path / "bomb.xlsx", lambda n, d: bomb(n, d, pad))
    check(cli, path, "refused for safety", "EntitiesForbidden")


def test_oversized_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as fh:  # sparse: takes no disk space
        fh.write(b"PK\x03\x04")
        fh.truncate(safety.MAX_FILE_BYTES + 1)
    check(cli, path, "is larger than 20 MiB; refusing it")


def test_unpacks_too_large(
    cli: Any, tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_UNZIPPED_BYTES", 10_000)
    check(cli, template, "would unpack to", "unpacked")


def test_zip_bomb_ratio(cli: Any, tmp_path: Path, template: Path) -> None:
    zeros = b"\0" * (safety.RATIO_FLOOR_BYTES + 1)

    def add_zeros(name: str, data: bytes) -> bytes:
        return data + zeros if name == "docProps/app.xml" else data

    path = rewrite(template, tmp_path / "zipbomb.xlsx", add_zeros)
    assert path.stat().st_size < 200_000
    check(cli, path, "zip bomb")


def test_too_many_parts(
    cli: Any, tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_PARTS", 5)
    check(cli, template, "parts inside")


def test_zip_that_is_not_a_workbook(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("holiday.txt", "not a workbook")
    check(cli, path, "is a zip file but not an Excel workbook")


def test_truncated_zip(cli: Any, tmp_path: Path, template: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(template.read_bytes()[:3000])
    check(cli, path, "damaged or not a workbook")


def test_broken_sheet_xml(cli: Any, tmp_path: Path, template: Path) -> None:
    def cut(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "xl/worksheets/sheet3.xml" else data

    path = rewrite(template, tmp_path / "broken.xlsx", cut)
    check(cli, path, "cannot be read as an Excel workbook")


def test_workbook_from_another_tool(cli: Any, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Score"])
    wb.active.append(["Northshire", 42])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    check(cli, path, "no sheet has a header row with 'ID' and 'Answer' cells", "clear template")


def test_folder_and_missing_file(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "dir.xlsx"
    folder.mkdir()
    check(cli, folder, "is a folder")
    check(cli, tmp_path / "gone.xlsx", "file not found")
