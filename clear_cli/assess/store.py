"""The answers file being filled in, and writing it so that it is never half-written.

Every save writes the whole file to a temporary file in the same folder, flushes it to
disk (fsync) and renames it over the old one (``os.replace``, atomic on POSIX and
Windows): whatever happens, F holds either the previous answers or the new ones. If F was
changed by someone else since it was read or last saved, the save is refused rather than
overwriting their work.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clear_cli.common.atomic import write_text_atomically
from clear_cli.common.errors import UserError, display_path
from clear_cli.models import AnswersFile
from clear_cli.models.answers import Answer

#: Fields written even when empty, so a hand editor sees where everything goes.
ALWAYS = ("locality", "assessment", "assessors", "banks", "targets", "answers")


@dataclass
class Draft:
    """An answers file in memory: the file's details, its banks and the answers so far."""

    meta: AnswersFile
    banks: list[str]
    order: list[str]  # every question id of the banks, in bank order
    answers: dict[str, Answer] = field(default_factory=dict)

    def get(self, qid: str) -> Answer:
        return self.answers.get(qid, Answer())

    def set_answer(self, qid: str, answer: str) -> None:
        old = self.get(qid)
        self.answers[qid] = Answer(answer=answer, evidence=old.evidence, note=old.note)

    def set_evidence(self, qid: str, evidence: str) -> None:
        old = self.get(qid)
        self.answers[qid] = Answer(answer=old.answer, evidence=evidence, note=old.note)

    def set_note(self, qid: str, note: str) -> None:
        old = self.get(qid)
        self.answers[qid] = Answer(answer=old.answer, evidence=old.evidence, note=note)


def to_data(draft: Draft) -> dict[str, Any]:
    """The file's content: its fields in the model's order, answers in bank order."""
    meta = draft.meta.model_copy(update={"banks": draft.banks, "answers": {}})
    out: dict[str, Any] = {}
    for name, info in AnswersFile.model_fields.items():
        value = getattr(meta, name)
        default = info.get_default(call_default_factory=True)
        if name not in ALWAYS and (value is None or value == default):
            continue
        out[name] = value
    out["targets"] = dict(draft.meta.targets)
    ordered = [q for q in draft.order if q in draft.answers]
    ordered += [q for q in draft.answers if q not in draft.order]  # none after checks; kept safe
    out["answers"] = {q: _entry(draft.answers[q]) for q in ordered}
    return out


def _entry(answer: Answer) -> dict[str, str | None]:
    entry: dict[str, str | None] = {"answer": answer.answer}
    if answer.evidence:
        entry["evidence"] = answer.evidence
    if answer.note:
        entry["note"] = answer.note
    return entry


def dump(data: dict[str, Any], suffix: str) -> str:
    """YAML (or JSON for a ``.json`` file), readable, with every string quoted as needed."""
    if suffix.lower() == ".json":
        return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    return text


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines as a block (``|-``), so notes read as they were typed."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    lines = value.split("\n")
    plain = all(
        line == line.strip(" ") and line.isprintable() for line in lines
    ) and not value.endswith("\n")
    style = "|" if len(lines) > 1 and plain and lines[0] else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


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
    from clear_cli.sources.yamlsrc import token_spans

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
