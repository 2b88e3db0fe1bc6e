"""The answers file being filled in, and writing it so that it is never half-written.

Every save writes the whole file to a temporary file in the same folder, flushes it to
disk (fsync) and renames it over the old one (``os.replace``, atomic on POSIX and
Windows): whatever happens, F holds either the previous answers or the new ones. If F was
changed by someone else since it was read or last saved, the save is refused rather than
overwriting their work.
"""

from __future__ import annotations

import bisect
import tempfile
from pathlib import Path

import yaml

from clear_cli.common.atomic import write_text_atomically
from clear_cli.common.errors import UserError, display_path
from clear_cli.outputs.answers_file import Draft, dump, to_data
from clear_cli.sources.yamlsrc import token_spans


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path``: temporary file beside it, fsync, then os.replace."""
    write_text_atomically(path, text)


def has_comments(text: str) -> bool:
    """Whether a YAML text has comments (which a rewrite would drop).

    A ``#`` inside a value (``note: "see item #3"``) is not a comment: only a ``#`` that
    no token of the YAML scanner covers is one.
    """
    if "#" not in text:
        return False

    try:
        spans = token_spans(text)
    except yaml.YAMLError:
        return False  # not YAML at all: it was refused before anything is rewritten
    starts = [a for a, _ in spans]
    for i, ch in enumerate(text):
        if ch != "#":
            continue
        k = bisect.bisect_right(starts, i) - 1
        if k < 0 or i >= spans[k][1]:
            return True
    return False


def backup_path(path: Path) -> Path:
    """``F.orig``, or ``F.orig2``... : the first name not already taken."""
    candidate = path.with_name(path.name + ".orig")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.orig{n}")
        n += 1
    return candidate


class AnswersStore:
    """Saves a draft to one file, refusing to overwrite changes made by someone else."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pending = False  # a save was started and has not finished
        self._seen = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_size

    def save(self, draft: Draft) -> None:
        shown = display_path(self.path)
        # After an interrupted save F may hold that save already: only then skip the check.
        stamp = self._stamp()
        if not self.pending and stamp != self._seen:
            what = (
                "was deleted or moved while you were answering"
                if stamp is None
                else "was changed by another program while you were answering"
            )
            raise UserError.one(
                shown, f"{what}, so clear did not overwrite it; {self._recover(draft)}"
            )
        self.pending = True
        try:
            write_atomic(self.path, dump(to_data(draft), self.path.suffix))
        except UserError as exc:
            reason = exc.problems[0].message if exc.problems else "it cannot be written"
            raise UserError.one(shown, f"{reason}; {self._recover(draft)}") from None
        self._seen = self._stamp()
        self.pending = False

    def _recover(self, draft: Draft) -> str:
        """Write the session's answers to a new recovery file; say where (or that it failed)."""
        text = dump(to_data(draft), self.path.suffix)
        name = f"{self.path.stem}.recovered{self.path.suffix}"
        folders = [self.path.parent, Path.cwd(), Path(tempfile.gettempdir())]
        for folder in dict.fromkeys(folders):
            for n in range(1, 100):
                candidate = folder / (
                    name if n == 1 else name.replace(".recovered", f".recovered{n}")
                )
                try:
                    with candidate.open("x", encoding="utf-8", newline="\n") as fh:
                        fh.write(text)
                except FileExistsError:
                    continue
                except OSError:
                    break
                return f"every answer of this session is in {display_path(candidate)}"
        return "and no recovery file could be written either"
