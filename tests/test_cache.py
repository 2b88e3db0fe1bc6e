"""The cache of validated bundled banks: hits, misses, invalidation, damage, same results.

A new command is a new process: ``forget()`` drops the catalogues this process has already
loaded, so the next load goes to the cache folder. ``read`` records every YAML file the
catalogue parses, which is what a hit spares.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from clear_cli.common.errors import UserError
from clear_cli.sources import cache, catalogue, data, yamlsrc
from clear_cli.sources.catalogue import load_catalogue, validate_catalogue
from tests.conftest import ASSETS, EXAMPLES, ROOT

CORE = ["challenge", "leadership", "results"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("CLEAR_CLI_CACHE_DIR", str(where))
    return where


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The YAML files parsed by the catalogue from now on, in a process with nothing loaded."""
    monkeypatch.setattr(catalogue, "_LOADED", {})
    parsed: list[Path] = []
    real = yamlsrc.load

    def spy(path: Path) -> Any:
        parsed.append(Path(path).resolve())
        return real(path)

    monkeypatch.setattr(catalogue, "load", spy)
    return parsed


def forget(read: list[Path]) -> None:
    """As if a new command started: nothing loaded in this process, nothing read yet."""
    catalogue._LOADED.clear()
    read.clear()


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled files copied to a folder of their own, which the tool then reads."""
    root = tmp_path / "data"
    for name in ("frameworks", "deep_dives"):
        shutil.copytree(data.data_root() / name, root / name)
    monkeypatch.setattr(data, "data_root", lambda: root)
    return root


def bundled_files(names: list[str]) -> set[Path]:
    paths = [data.bundled_path(n) for n in names]
    return {p.resolve() for p in [*paths, data.roadmap_path(), data.scoring_path()]}


def same(a: Any, b: Any, where: str = "catalogue") -> None:
    """Equal field by field, down to the type of every value and the fields given."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def same_catalogue(cached: catalogue.Catalogue, fresh: catalogue.Catalogue) -> None:
    same(cached.banks, fresh.banks, "banks")
    same(cached.roadmap, fresh.roadmap, "roadmap")
    same(cached.scoring, fresh.scoring, "scoring")
    assert cached.files == fresh.files


def entries(where: Path) -> set[str]:
    return {p.name for p in where.iterdir()} if where.is_dir() else set()


def test_a_miss_fills_the_cache_and_the_next_command_reads_no_yaml(
    folder: Path, read: list[Path]
) -> None:
    first = load_catalogue(CORE)
    assert set(read) == bundled_files(CORE)
    assert entries(folder) == {"roadmap.json", "scoring.json"} | {f"bank-{n}.json" for n in CORE}
    forget(read)
    second = load_catalogue(CORE)
    assert read == []
    same_catalogue(second, first)


def test_cached_catalogue_equals_a_fresh_one_field_by_field(
    folder: Path, read: list[Path], in_root: Path
) -> None:
    load_catalogue(["all"])
    forget(read)
    cached = load_catalogue(["all"])
    assert read == [], "every bundled model should have come from the cache"
    same_catalogue(cached, validate_catalogue(["all"]))


def test_a_changed_bank_file_is_read_again(folder: Path, read: list[Path], data_copy: Path) -> None:
    load_catalogue(CORE)
    bank = data.bundled_path("leadership")
    text = bank.read_text(encoding="utf-8")
    bank.write_text(re.sub(r"(?m)^title: .*$", "title: Leading locally", text, count=1), "utf-8")
    forget(read)
    assert load_catalogue(CORE).banks["leadership"].title == "Leading locally"
    assert bank.resolve() in read
    forget(read)
    assert load_catalogue(CORE).banks["leadership"].title == "Leading locally"
    assert read == []


def test_a_changed_roadmap_is_a_miss_for_the_banks_checked_against_it(
    folder: Path, read: list[Path], data_copy: Path
) -> None:
    load_catalogue(CORE)
    roadmap = data.roadmap_path()
    text = roadmap.read_text(encoding="utf-8")
    roadmap.write_text(text + "\n# an edit\n", encoding="utf-8")
    forget(read)
    load_catalogue(CORE)
    assert set(read) == bundled_files(CORE)


def test_a_bundled_file_broken_after_caching_is_reported_not_hidden(
    folder: Path, read: list[Path], data_copy: Path
) -> None:
    load_catalogue(CORE)
    bank = data.bundled_path("results")
    text = bank.read_text(encoding="utf-8")
    bank.write_text(re.sub(r"(?m)^version: .*$", "version: ''", text, count=1), "utf-8")
    forget(read)
    with pytest.raises(UserError) as cached:
        load_catalogue(CORE)
    with pytest.raises(UserError) as fresh:
        validate_catalogue(CORE)
    assert cached.value.problems == fresh.value.problems
    assert any("results.yaml" in p.file for p in cached.value.problems)


def _folder_instead(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


DAMAGE: dict[str, Callable[[Path], object]] = {
    "garbage": lambda p: p.write_bytes(os.urandom(300)),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "foreign": lambda p: p.write_text('{"title": "not ours"}', encoding="utf-8"),
    "other key": lambda p: p.write_bytes(re.sub(rb"^(\S+ \S+) \w+", rb"\1 0", p.read_bytes())),
    "body edited": lambda p: p.write_bytes(p.read_bytes().replace(b'"title":"', b'"title":"X', 1)),
    "not a file": lambda p: _folder_instead(p),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_entry_is_ignored_and_rewritten(
    damage: str, folder: Path, read: list[Path]
) -> None:
    fresh = validate_catalogue(CORE)
    load_catalogue(CORE)
    for entry in folder.iterdir():
        DAMAGE[damage](entry)
    forget(read)
    same_catalogue(load_catalogue(CORE), fresh)
    assert set(read) == bundled_files(CORE), "damaged entries must not be used"
    forget(read)
    same_catalogue(load_catalogue(CORE), fresh)
    if damage != "not a file":  # a folder where an entry should be stays a miss
        assert read == [], "damaged entries should have been written anew"


def test_an_entry_that_is_a_link_is_never_written_through(
    folder: Path, read: list[Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file", encoding="utf-8")
    folder.mkdir()
    (folder / "scoring.json").symlink_to(elsewhere)
    fresh = validate_catalogue(CORE)
    same_catalogue(load_catalogue(CORE), fresh)
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file"
    assert (folder / "scoring.json").is_symlink()


def _file_in_the_way(where: Path) -> None:
    where.write_text("not a folder", encoding="utf-8")


def _beneath_a_file(where: Path) -> None:
    where.write_text("not a folder", encoding="utf-8")
    os.environ["CLEAR_CLI_CACHE_DIR"] = str(where / "cache")  # restored by the folder fixture


def _read_only(where: Path) -> None:
    where.mkdir()
    where.chmod(0o555)


@pytest.mark.parametrize("make", [_file_in_the_way, _beneath_a_file, _read_only])
def test_a_folder_that_cannot_be_written_means_no_cache(
    make: Callable[[Path], None], folder: Path, read: list[Path]
) -> None:
    make(folder)
    try:
        fresh = validate_catalogue(CORE)
        for _ in range(2):
            forget(read)
            same_catalogue(load_catalogue(CORE), fresh)
            if os.geteuid() != 0 or make is not _read_only:  # root writes anywhere
                assert set(read) == bundled_files(CORE)
    finally:
        if folder.is_dir():
            folder.chmod(0o755)


def test_no_cache_when_turned_off(
    folder: Path, read: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEAR_CLI_NO_CACHE", "1")
    for _ in range(2):
        forget(read)
        load_catalogue(CORE)
        assert set(read) == bundled_files(CORE)
    assert not folder.exists()


def test_a_users_bank_file_is_never_cached(folder: Path, read: list[Path], in_root: Path) -> None:
    own = ASSETS / "banks" / "minimal.yaml"
    load_catalogue([*CORE, str(own)])
    assert entries(folder) == {"roadmap.json", "scoring.json"} | {f"bank-{n}.json" for n in CORE}
    assert not any("local-test" in name or "minimal" in name for name in entries(folder))
    forget(read)
    cat = load_catalogue([*CORE, str(own)])
    assert read == [own.resolve()]
    same_catalogue(cat, validate_catalogue([*CORE, str(own)]))


def test_a_clash_with_a_cached_bank_is_reported_with_its_place(
    folder: Path, read: list[Path], in_root: Path, tmp_path: Path
) -> None:
    taken = load_catalogue(["leadership"]).banks["leadership"].questions[0].id
    own = tmp_path / "own.yaml"
    text = (ASSETS / "banks" / "minimal.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace("id: T1.1", f"id: {taken}"), encoding="utf-8")
    forget(read)
    with pytest.raises(UserError) as cached:
        load_catalogue(["leadership", str(own)])
    with pytest.raises(UserError) as fresh:
        validate_catalogue(["leadership", str(own)])
    assert cached.value.problems == fresh.value.problems
    clash = f"'{taken}' is used twice (also at frameworks/leadership.yaml:"
    assert any(clash in p.message for p in cached.value.problems)


def test_export_of_many_answers_files_loads_their_banks_once(
    cli: Any, read: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEAR_CLI_NO_CACHE", "1")
    files = []
    for i in range(4):
        copy = tmp_path / f"locality-{i}.yaml"
        text = (EXAMPLES / "northshire-self.yaml").read_text(encoding="utf-8")
        copy.write_text(text.replace("locality: Northshire", f"locality: Place {i}"), "utf-8")
        files.append(copy)
    result = cli("export", *files, "--out", tmp_path / "scores.xlsx")
    assert result.code == 0, result
    banks = ["challenge", "leadership", "results", "acute", "mental-health"]
    assert sorted(read) == sorted(bundled_files(banks))


def _score_json(file: Path, env: dict[str, str]) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "clear_cli", "score", str(file), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("example", ["northshire-self.yaml", "northshire-self.xlsx"])
def test_score_json_is_the_same_with_and_without_the_cache(example: str, folder: Path) -> None:
    env = {**os.environ}
    filling = _score_json(EXAMPLES / example, env)
    assert entries(folder), "the first command should have filled the cache"
    written = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    from_cache = _score_json(EXAMPLES / example, env)
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == written
    without = _score_json(EXAMPLES / example, {**env, "CLEAR_CLI_NO_CACHE": "1"})
    assert filling == from_cache == without


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"CLEAR_CLI_CACHE_DIR": "/tmp/mine", "XDG_CACHE_HOME": "/x"}, "linux", "/tmp/mine"),
        ({"XDG_CACHE_HOME": "/x/cache"}, "linux", "/x/cache/clear-cli"),
        ({"XDG_CACHE_HOME": "relative"}, "darwin", "~/.cache/clear-cli"),
        ({}, "linux", "~/.cache/clear-cli"),
        ({"LOCALAPPDATA": "/c/AppData/Local"}, "win32", "/c/AppData/Local/clear-cli/cache"),
        ({}, "win32", None),
        ({"CLEAR_CLI_NO_CACHE": "1", "CLEAR_CLI_CACHE_DIR": "/tmp/mine"}, "linux", None),
        ({"CLEAR_CLI_NO_CACHE": "0"}, "linux", "~/.cache/clear-cli"),
    ],
)
def test_where_the_cache_lives(
    env: dict[str, str], platform: str, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CLEAR_CLI_CACHE_DIR", "CLEAR_CLI_NO_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    where = cache.folder()
    assert where == (Path(expected).expanduser() if expected else None)
