"""Writing an answers file: an assessment in memory (:class:`Draft`) as YAML or JSON.

Used by ``clear assess`` (which saves after every answer) and ``clear combine`` (which writes
the consensus draft); the YAML is the format people edit by hand, so text of several lines is
written as a block and the fields follow the model's order.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import yaml

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
        self.answers[qid] = self.get(qid).model_copy(update={"answer": answer})

    def set_evidence(self, qid: str, evidence: str) -> None:
        self.answers[qid] = self.get(qid).model_copy(update={"evidence": evidence})

    def set_note(self, qid: str, note: str) -> None:
        self.answers[qid] = self.get(qid).model_copy(update={"note": note})


def to_data(draft: Draft) -> dict[str, Any]:
    """The file's content: its fields in the model's order, answers in bank order."""
    meta = draft.meta.model_copy(update={"banks": draft.banks, "answers": {}})
    out: dict[str, Any] = {}
    for name, info in AnswersFile.model_fields.items():
        if name == "written_by":  # the record of an output, written only by its writer
            continue
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


def _entry(answer: Answer) -> dict[str, Any]:
    entry: dict[str, Any] = {"answer": answer.answer}
    if answer.evidence:
        entry["evidence"] = answer.evidence
    if answer.note:
        entry["note"] = answer.note
    if answer.data is not None:
        entry["data"] = answer.data.model_dump(exclude_defaults=True)
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
