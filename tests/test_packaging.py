"""`pip install .` (not editable) into a clean venv finds every bank, the roadmap and templates.

Builds the wheel, installs it into a fresh virtual environment (dependencies come from the
package index or pip's cache) and runs the installed `clear` from an unrelated folder.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pkg")
    wheels = work / "wheels"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT], cwd=work
    )
    assert built.returncode == 0, built.stderr
    env = work / "venv"
    venv.create(env, with_pip=True)
    wheel = next(wheels.glob("clear_cli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "clear_cli/_data/frameworks/roadmap.yaml",
        "clear_cli/_data/deep_dives/acute.yaml",
        "clear_cli/_data/templates/report.html.j2",
        "clear_cli/sources/messages.yaml",
        "clear_cli/py.typed",
    ):
        assert needed in names, needed
    pip = _run([env / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=work)
    assert pip.returncode == 0, pip.stderr
    return env / "bin" / "clear"


def test_installed_clear_finds_its_data_from_any_folder(installed: Path, tmp_path: Path) -> None:
    banks = _run([installed, "banks", "--json"], cwd=tmp_path)
    assert banks.returncode == 0, banks.stderr
    assert '"id": "mental-health"' in banks.stdout
    assert _run([installed, "validate"], cwd=tmp_path).returncode == 0
    assert _run([installed, "roadmap", "5"], cwd=tmp_path).returncode == 0


def test_installed_clear_writes_a_report(installed: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("locality: Anywhere\nbanks: [leadership]\nanswers: {L1.1: '2'}\n")
    out = tmp_path / "r.html"
    result = _run([installed, "report", answers, "--out", out], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "How these numbers are calculated" in out.read_text()
    assert not (tmp_path / "frameworks").exists()
