"""Shared fixtures: a CliRunner pinned to a fixed width without colour, run from the repo root."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Before any test module imports openpyxl: the same XML path as clear itself uses (see
# clear_cli/__init__.py), whether or not lxml is installed.
os.environ["OPENPYXL_LXML"] = "False"

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
EXAMPLES = ROOT / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files in tests/golden/ from today's output instead of checking.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run from the repository root, so paths in messages are relative to it."""
    monkeypatch.chdir(ROOT)
    yield ROOT


class Result:
    """What a CLI run gave: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[-800:]!r}, err={self.err[-800:]!r})"


@pytest.fixture
def cli() -> object:
    """Call the real typer app: ``cli("score", "x.yaml")`` -> Result."""
    from clear_cli.cli.app import STATE, app

    def run(*args: str | os.PathLike[str], input: str | None = None) -> Result:
        STATE.debug = False
        runner = CliRunner()
        res = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return Result(res.exit_code, res.stdout, res.stderr)

    return run


@pytest.fixture(autouse=True, scope="session")
def _session_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The cache of bundled banks lives in a folder of this test session, not the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLEAR_CLI_CACHE_DIR", str(tmp_path_factory.mktemp("clear-cache")))
        mp.delenv("CLEAR_CLI_NO_CACHE", raising=False)
        yield


def beside(folder: Path, bank: str | Path) -> str:
    """``bank`` copied into ``folder`` (an answers file's), as that file names it.

    An answers file may name bank files only in its own folder (or the user gives them with
    ``--bank``): a path to anywhere else is refused, whoever wrote the file.
    """
    source = Path(bank)
    copy = folder / source.name
    if not copy.exists():
        copy.write_bytes(source.read_bytes())
    return source.name
