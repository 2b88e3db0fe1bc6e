"""``clear review SELF PEER --notes REVIEW.yaml --init``: write the drafted notes file.

Plain YAML the peers edit: a comment at the top says what each part is for, lists of question
ids are written on one line, and every text is a quoted YAML string (nothing a user typed can
become a YAML tag, alias or key). Written through the output rule, like every file clear writes.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from clear_cli.models.review_notes import ReviewNotes
from clear_cli.outputs.outfiles import Output, write_text

HEADER = """\
# The peer review team's notes for `clear review SELF PEER --notes THIS_FILE --out REPORT.docx`.
# Drafted by clear from the two assessments: replace the drafted words with your own, add the
# documents you read and the people you met, and set `status: final` when they are agreed.
# Every strength, area and recommendation names the question ids it rests on; areas and
# recommendations name their roadmap stop (1-12). `clear schema review-notes` prints the schema.
"""


class _Dumper(yaml.SafeDumper):
    pass


_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    """Names and ids as they are (PyYAML still quotes 'yes' or 'null'); other text quoted,
    or folded onto lines of 96 characters when long."""
    if _WORD.match(value) and len(value) <= 40:
        style = None
    elif "\n" in value:
        style = "|"
    elif len(value) > 80:
        style = ">"
    else:
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> Any:
    short = all(isinstance(v, str) and len(v) <= 40 and " " not in v for v in value)
    return dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=short and bool(value)
    )


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def notes_yaml(notes: ReviewNotes) -> str:
    data = notes.model_dump(mode="json", exclude_none=True)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)
    return HEADER + body


def write_notes(output: Output, notes: ReviewNotes) -> str:
    return write_text(output, notes_yaml(notes))
