"""A cache of the validated bundled banks, roadmap and scoring bands, kept between runs.

Parsing the bundled YAML (with the position of every node, for messages) is most of what a
command spends on the catalogue; validating the same data from JSON takes a fraction of
that. So once the bundled files have been loaded and every check has passed, each model is
written as JSON to the user's cache folder, and later runs validate that JSON instead.

- Only bundled files are cached, never a user's own bank file.
- An entry is used only when its key matches: the package, Python and pydantic versions,
  the code that checks the files, the hash of the bundled file itself and, for a bank, of
  the roadmap it was checked against. Anything else is a miss, and the files are loaded
  and checked afresh.
- Entries are written in one step (a temporary file renamed over the old one). A corrupt,
  truncated, foreign or unreadable entry is ignored and rewritten; a folder that cannot be
  made or written to just means no cache.
- The JSON is validated by the same pydantic models as the YAML (nothing is unpickled), so
  a cached model is the model a fresh load gives.

The folder is ``$CLEAR_CLI_CACHE_DIR`` if set, else ``%LOCALAPPDATA%\\clear-cli\\cache`` on
Windows, else ``$XDG_CACHE_HOME/clear-cli`` (``~/.cache/clear-cli``).
``CLEAR_CLI_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from clear_cli import __version__
from clear_cli.common.atomic import write_text_atomically
from clear_cli.common.errors import UserError

M = TypeVar("M", bound=BaseModel)

#: Bumped whenever the layout of an entry changes.
FORMAT = "clear-cli-cache 1"

#: The code whose behaviour a cached model stands for: the models and every check run on them.
_CODE = (
    "models",
    "sources/catalogue.py",
    "sources/validation.py",
    "sources/yamlsrc.py",
    "sources/data.py",
    "sources/cache.py",
)

_hashes: dict[tuple[str, int, int], str] = {}


def folder() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("CLEAR_CLI_NO_CACHE", "").strip() not in {"", "0"}:
        return None
    override = os.environ.get("CLEAR_CLI_CACHE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "").strip()
        return Path(local) / "clear-cli" / "cache" if local else None
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "clear-cli"


def get(model: type[M], name: str, source: Path, depends: Sequence[Path] = ()) -> M | None:
    """The cached ``model`` for the bundled file ``source``, or None on any miss."""
    where = folder()
    if where is None:
        return None
    try:
        key = _key(name, source, depends)
        raw = (where / f"{name}.json").read_bytes()
    except (OSError, ValueError):
        return None
    head, _, body = raw.partition(b"\n")
    if head.decode("utf-8", "replace") != f"{FORMAT} {key} {_digest(body)}":
        return None
    try:
        return model.model_validate_json(body)
    except (ValidationError, ValueError):
        return None


def put(value: BaseModel, name: str, source: Path, depends: Sequence[Path] = ()) -> None:
    """Store ``value``, validated from ``source``; quietly nothing when it cannot be written."""
    where = folder()
    if where is None:
        return

    entry = where / f"{name}.json"
    try:
        if entry.is_symlink():  # not ours: never write through it to another file
            return
        key = _key(name, source, depends)
        body = value.model_dump_json(exclude_unset=True)
        where.mkdir(parents=True, exist_ok=True)
        digest = _digest(body.encode("utf-8"))
        write_text_atomically(entry, f"{FORMAT} {key} {digest}\n{body}")
    except (OSError, ValueError, UserError):  # a cache that cannot be written is no cache
        return


def _key(name: str, source: Path, depends: Sequence[Path]) -> str:
    import pydantic
    import pydantic_core

    parts = [
        FORMAT,
        __version__,
        sys.version,
        pydantic.VERSION,
        pydantic_core.__version__,
        _code_stamp(),
        name,
        *(f"{p.name}={_file_hash(p)}" for p in (source, *depends)),
    ]
    return _digest("\n".join(parts).encode("utf-8"))


@functools.cache
def _code_stamp() -> str:
    """Size and modification time of the checking code: an edit is a miss, even unreleased."""
    here = Path(__file__).resolve().parent.parent
    stamps = []
    for name in _CODE:
        path = here / name
        for p in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            st = p.stat()
            stamps.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return ",".join(stamps)


def _file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, computed once per process while its size and time hold."""
    st = path.stat()
    stamp = (str(path), st.st_size, st.st_mtime_ns)
    if stamp not in _hashes:
        _hashes[stamp] = _digest(path.read_bytes())
    return _hashes[stamp]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
