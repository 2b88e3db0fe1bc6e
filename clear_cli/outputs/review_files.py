"""``clear review``'s files: check the output, read both assessments and the notes, build the
review, and write the report or the drafted notes file.

The review itself is built in :mod:`clear_cli.core.review` (no files); the report is written by
:mod:`clear_cli.outputs.pages.review_pages`, the notes file by
:mod:`clear_cli.outputs.review_notes_file`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.core.compare import Comparison, compare
from clear_cli.core.review import NotAPeerReview, Review, build_review, draft_notes
from clear_cli.models.review_notes import ReviewNotes
from clear_cli.outputs.outfiles import Output, check_output
from clear_cli.outputs.pages.review_pages import check_review_out, write_review
from clear_cli.outputs.review_notes_file import write_notes
from clear_cli.sources.answers import Assessment
from clear_cli.sources.data import start_here_wording
from clear_cli.sources.loader import load_assessments
from clear_cli.sources.review_notes import load_notes

#: Called with each input's warnings as soon as it is read.
Warn = Callable[[Iterable[object]], None]


def review_files(
    own: Path,
    peer: Path,
    *,
    out: Path | None,
    notes: Path | None,
    init: bool,
    templates: Path | None,
    force: bool,
    banks: list[Path],
    warn: Warn,
) -> str:
    """Write the review of ``own`` by ``peer`` to ``out`` (or, with ``init``, draft the notes
    file ``notes``); the one-line summary of what was written. Nothing written on error."""
    problems: list[Problem] = []
    output = _check_out(own, peer, out=out, notes=notes, init=init, force=force, problems=problems)
    loaded = load_assessments((own, peer), banks, problems)
    for a in loaded:
        warn(a.warnings)
    comparison = compare(loaded[0], loaded[1])
    own_a, peer_a = _self_and_peer(comparison, loaded, own, peer)
    given = None if init or notes is None else _load_notes(notes, own_a, peer_a)
    try:
        built = build_review(own_a, peer_a, comparison, start_here_wording(), given)
    except NotAPeerReview:  # pragma: no cover - checked above
        raise UserError.one("", "not a peer review") from None
    assert output is not None
    if init:
        return _write_draft(built, output, own, peer)
    written = write_review(built, output, templates)
    return (
        f"Wrote {written}: {len(built.recommendations)} recommendations, "
        f"{len(built.areas)} areas for improvement"
        + ("" if given else " (drafted: no --notes given)")
        + "."
    )


def _check_out(
    own: Path,
    peer: Path,
    *,
    out: Path | None,
    notes: Path | None,
    init: bool,
    force: bool,
    problems: list[Problem],
) -> Output | None:
    """The checked output (the notes file with ``init``, else the report); a usage error is
    raised at once, a refused output added to ``problems``."""
    if init:
        if notes is None:
            raise UserError.one("", "--init drafts a notes file: give its name with --notes")
        if out is not None:
            raise UserError.one(
                "", "--init writes only the notes file: run again with --out for the report"
            )
        target, check = notes, _check_notes_out
    elif out is None:
        raise UserError.one("", "give --out REPORT.docx (or .html, .md), or --notes F --init")
    else:
        target, check = out, check_review_out
    try:
        return check(target, [own, peer, *([notes] if notes and not init else [])], force=force)
    except UserError as exc:
        problems.extend(exc.problems)
        return None


def _check_notes_out(out: Path, inputs: list[Path], *, force: bool) -> Output:
    return check_output(out, kind="review-notes", inputs=inputs, force=force)


def _self_and_peer(
    comparison: Comparison, loaded: list[Assessment], own: Path, peer: Path
) -> tuple[Assessment, Assessment]:
    """The self-assessment and the peer assessment, in that order, whichever way given."""
    if comparison.self_side is None:
        raise UserError.one(
            "",
            f"{display_path(own)} and {display_path(peer)} are not a self-assessment and a "
            "peer assessment of one locality: a review needs both (assessment: self, "
            "assessment: peer, the same locality)",
        )
    if comparison.self_side == "a":
        return loaded[0], loaded[1]
    return loaded[1], loaded[0]


def _load_notes(notes: Path, own: Assessment, peer: Assessment) -> ReviewNotes:
    return load_notes(
        notes,
        locality=own.meta.locality,
        questions=[q.id for b in (*own.banks, *peer.banks) for q in b.questions],
        stops=[s.number for s in peer.catalogue.roadmap.stops],
    )


def _write_draft(built: Review, output: Output, own: Path, peer: Path) -> str:
    written = write_notes(output, draft_notes(built))
    return (
        f"Wrote {written}: {len(built.strengths)} strengths, {len(built.areas)} areas and "
        f"{len(built.recommendations)} recommendations drafted; edit them, then run "
        f"clear review {display_path(own)} {display_path(peer)} --notes {written} "
        "--out review.docx"
    )
