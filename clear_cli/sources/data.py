"""Where the bundled data lives: inside the installed package, or at the repository root.

A wheel carries ``frameworks/``, ``deep_dives/``, ``templates/`` and ``examples/`` under
``clear_cli/_data/`` (see ``pyproject.toml``); an editable install or a source checkout
reads them from the repository root beside the package.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def data_root() -> Path:
    installed = _PACKAGE / "_data"
    if (installed / "frameworks").is_dir():
        return installed
    return _PACKAGE.parent


def frameworks_dir() -> Path:
    return data_root() / "frameworks"


def templates_dir() -> Path:
    return data_root() / "templates"


def examples_dir() -> Path:
    return data_root() / "examples"


#: Bank id -> file, in the order banks are listed and scored.
BUNDLED: dict[str, str] = {
    "challenge": "frameworks/challenge.yaml",
    "leadership": "frameworks/leadership.yaml",
    "results": "frameworks/results.yaml",
    "acute": "deep_dives/acute.yaml",
    "illicit": "deep_dives/illicit.yaml",
    "mental-health": "deep_dives/mental_health.yaml",
    "pregnancy": "deep_dives/pregnancy.yaml",
}

GROUPS: dict[str, list[str]] = {
    "core": ["challenge", "leadership", "results"],
    "deep-dives": ["acute", "illicit", "mental-health", "pregnancy"],
    "all": list(BUNDLED),
}


def bundled_path(bank_id: str) -> Path:
    return data_root() / BUNDLED[bank_id]


def roadmap_path() -> Path:
    return frameworks_dir() / "roadmap.yaml"


def scoring_path() -> Path:
    return frameworks_dir() / "scoring.yaml"


@functools.cache
def start_here_wording() -> dict[str, Any]:
    """Why the gap analysis starts where it does (``clear_cli/start_here.yaml``)."""
    import yaml

    text = (
        resources.files("clear_cli.sources").joinpath("start_here.yaml").read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded
