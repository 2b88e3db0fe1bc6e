"""Read a peer review team's notes file, checked against the assessments it is about.

The file's own shape is checked by :class:`~clear_cli.models.review_notes.ReviewNotes`
(every problem located by :mod:`clear_cli.sources.validation`); here, what needs the
assessments: every question id must be a question of the banks reviewed, every stop a stop
of the roadmap, recommendation ids unique, and the locality the one reviewed.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from clear_cli.common.errors import Problem, UserError
from clear_cli.common.text import same_text
from clear_cli.models.review_notes import ReviewNotes
from clear_cli.sources.validation import validate
from clear_cli.sources.yamlsrc import Located, load

NOTES_SUFFIXES = (".yaml", ".yml", ".json")


def load_notes(
    path: Path, *, locality: str, questions: Collection[str], stops: Collection[int]
) -> ReviewNotes:
    """The notes at ``path``, or a UserError listing every problem with its line and column."""
    if path.suffix.lower() not in NOTES_SUFFIXES:
        raise UserError.one(
            path,
            f"cannot read '{path.suffix or 'no suffix'}' files: give a notes file ending in "
            ".yaml, .yml or .json",
        )
    located = load(path)
    notes = validate(ReviewNotes, located)
    problems = cross_check(notes, located, locality=locality, questions=questions, stops=stops)
    if problems:
        raise UserError(problems)
    return notes


def cross_check(
    notes: ReviewNotes,
    located: Located,
    *,
    locality: str,
    questions: Collection[str],
    stops: Collection[int],
) -> list[Problem]:
    """What the notes name that the assessments or the roadmap do not have."""
    problems: list[Problem] = []
    if not same_text(notes.locality, locality):
        problems.append(
            located.problem(
                ("locality",),
                f"these notes are about '{notes.locality}', but the assessments are of "
                f"'{locality}'",
            )
        )
    known = set(questions)
    shown_stops = f"{min(stops)}-{max(stops)}" if stops else "none"

    def check_ids(kind: str, index: int, ids: list[str]) -> None:
        for j, qid in enumerate(ids):
            if qid not in known:
                problems.append(
                    located.problem(
                        (kind, index, "questions", j),
                        f"item {index + 1} of '{kind}': '{qid}' is not a question of the "
                        "banks reviewed",
                    )
                )

    def check_stop(kind: str, index: int, stop: int | None) -> None:
        if stop is not None and stop not in stops:
            problems.append(
                located.problem(
                    (kind, index, "stop"),
                    f"item {index + 1} of '{kind}': stop {stop} is not a roadmap stop "
                    f"({shown_stops})",
                )
            )

    for i, s in enumerate(notes.strengths):
        check_ids("strengths", i, s.questions)
    for i, a in enumerate(notes.areas):
        check_stop("areas", i, a.stop)
        check_ids("areas", i, a.questions)
    seen: dict[str, int] = {}
    for i, r in enumerate(notes.recommendations):
        check_stop("recommendations", i, r.stop)
        check_ids("recommendations", i, r.questions)
        if r.id in seen:
            problems.append(
                located.problem(
                    ("recommendations", i, "id"),
                    f"recommendation '{r.id}' is given twice (first as item {seen[r.id] + 1}): "
                    "give each its own id",
                )
            )
        seen.setdefault(r.id, i)
    return sorted(problems, key=lambda p: _line(p.place))


def _line(place: str) -> tuple[int, int]:
    line, _, col = place.partition(":")
    return (int(line), int(col)) if line.isdigit() and col.isdigit() else (0, 0)
