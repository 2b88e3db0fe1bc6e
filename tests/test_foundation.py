"""The foundation: commands exist and have help, schema files are current, start-up is lean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from clear_cli import __version__
from clear_cli.models.schema import json_schema
from tests.conftest import ASSETS, ROOT

COMMANDS = [
    "banks",
    "show",
    "roadmap",
    "validate",
    "schema",
    "template",
    "export",
    "assess",
    "score",
    "report",
    "compare",
]


def test_every_command_is_registered(cli: Any) -> None:
    result = cli("--help")
    listed = [c for c in COMMANDS if f" {c} " in result.out]
    assert listed == COMMANDS


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"clear {__version__}"


def test_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "clear_cli", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"clear {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, cli: Any) -> None:
    result = cli(command, "--help")
    assert result.code == 0
    assert "Usage" in result.out
    readme = (ROOT / "README.md").read_text()
    assert f"clear {command}" in readme, f"README does not document 'clear {command}'"


@pytest.mark.parametrize("kind", ["bank", "answers"])
def test_committed_schema_is_current(kind: str, cli: Any) -> None:
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    assert committed == json_schema(kind), "run `make schema` and commit the result"
    result = cli("schema", kind)
    assert json.loads(result.out) == committed


def test_schema_accepts_banks_and_rejects_typos() -> None:
    schema = json.loads((ROOT / "schemas" / "bank.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    banks = [
        *(ROOT / "frameworks").glob("*.yaml"),
        *(ROOT / "deep_dives").glob("*.yaml"),
        ASSETS / "banks" / "minimal.yaml",
    ]
    for path in banks:
        if path.name in {"roadmap.yaml", "scoring.yaml"}:
            continue
        assert "yaml-language-server: $schema=" in path.read_text().splitlines()[0], path
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert errors == [], (path, errors[:3])
    broken = yaml.safe_load((ASSETS / "broken" / "unknown_field.yaml").read_text())
    assert any("guidence" in e.message for e in validator.iter_errors(broken))


def _imported_by(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from clear_cli.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(out.stdout.split()[-1000:]) if out.stdout else set()


@pytest.mark.parametrize("args", [["--version"], ["banks"]])
def test_startup_does_not_import_heavy_libraries(args: list[str]) -> None:
    modules = _imported_by(args)
    assert "clear_cli" in modules
    for heavy in ("openpyxl", "jinja2"):
        assert heavy not in modules, f"`clear {' '.join(args)}` imported {heavy}"


def test_version_does_not_load_models() -> None:
    modules = _imported_by(["--version"])
    assert "pydantic" not in modules and "yaml" not in modules


def test_internal_error_is_short_without_debug(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import clear_cli.cli.catalogue_cmds

    def boom(*_: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(clear_cli.cli.catalogue_cmds, "load_catalogue", boom)
    result = cli("banks")
    assert result.code == 1
    assert "internal error: RuntimeError: kaboom" in result.err
    assert "Traceback" not in result.err
    debug = cli("--debug", "banks")
    assert debug.code == 1
    assert "Traceback" in debug.err


def test_unknown_bank_is_a_usage_error(cli: Any) -> None:
    result = cli("show", "leadershp")
    assert result.code == 2
    assert "unknown bank 'leadershp'" in result.err


def test_packaged_data_dirs_exist() -> None:
    from clear_cli.sources import data

    for folder in ("frameworks", "deep_dives", "templates", "examples"):
        assert (data.data_root() / folder).is_dir(), folder
    assert Path(data.data_root()).exists()


def test_safe_text_neutralises_formulas_and_control_characters() -> None:
    from clear_cli.common.cells import safe_text

    for dangerous in ("=1+1", "+44 1234", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(dangerous).startswith("'"), dangerous
    assert safe_text("Strategy signed off") == "Strategy signed off"
    assert safe_text("a\x00b\x1fc\nd") == "abc\nd"


def test_help_shows_no_type_on_flags_and_messages_name_no_empty_file(cli: Any) -> None:
    helped = cli("report", "--help")
    assert "<bool>" not in helped.out and "--force" in helped.out
    unknown = cli("show", "nope")
    assert unknown.code == 2
    assert unknown.err.startswith("error: unknown bank 'nope'")
    assert "error: :" not in unknown.err
