"""``clear review SELF PEER``: the peer review report, and the notes file it is written from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.cli.options import BankOpt, ForceOpt, TemplatesOpt
from clear_cli.cli.warnings import print_warnings
from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.core.compare import compare
from clear_cli.core.review import NotAPeerReview, build_review, draft_notes
from clear_cli.models.review_notes import ReviewNotes
from clear_cli.outputs.outfiles import Output, check_output
from clear_cli.outputs.pages.review_pages import check_review_out, write_review
from clear_cli.outputs.review_notes_file import write_notes
from clear_cli.sources.data import start_here_wording
from clear_cli.sources.loader import load_assessments
from clear_cli.sources.review_notes import NOTES_SUFFIXES, load_notes

FileArg = Annotated[
    Path, typer.Argument(help="Answers file (.yaml, .yml, .json) or workbook (.xlsx).")
]


def review(
    own: Annotated[Path, typer.Argument(metavar="SELF", help="The locality's self-assessment.")],
    peer: Annotated[Path, typer.Argument(metavar="PEER", help="The peers' assessment.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Where to write the report: .docx, .html or .md."),
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option(
            "--notes",
            help="The review team's notes (YAML): their summary, strengths, areas, "
            "recommendations, documents read and people met. With --init, where to draft it.",
        ),
    ] = None,
    init: Annotated[
        bool,
        typer.Option(
            "--init", help="Draft the notes file given by --notes from the two assessments."
        ),
    ] = False,
    templates: TemplatesOpt = None,
    force: ForceOpt = False,
    bank: BankOpt = None,
) -> None:
    """The peer review report: who reviewed and how, a summary, strengths, areas for
    improvement by roadmap stop, numbered recommendations with owners, where the two sides
    differ most, space for the locality's response, and the comparison as an annex.

    First `clear review SELF PEER --notes REVIEW.yaml --init` drafts the notes file for the
    peers to edit; then `clear review SELF PEER --notes REVIEW.yaml --out REPORT.docx`.
    """

    problems: list[Problem] = []
    output: Output | None = None
    if init:
        if notes is None:
            raise UserError.one("", "--init drafts a notes file: give its name with --notes")
        if out is not None:
            raise UserError.one(
                "", "--init writes only the notes file: run again with --out for the report"
            )
        try:
            output = check_output(
                notes,
                kind="review-notes",
                formats=NOTES_SUFFIXES[:2],
                inputs=[own, peer],
                force=force,
            )
        except UserError as exc:
            problems.extend(exc.problems)
    elif out is None:
        raise UserError.one("", "give --out REPORT.docx (or .html, .md), or --notes F --init")
    else:
        try:
            output = check_review_out(out, [own, peer, *([notes] if notes else [])], force=force)
        except UserError as exc:
            problems.extend(exc.problems)
    loaded = load_assessments((own, peer), bank or [], problems)
    for a in loaded:
        print_warnings(a.warnings)
    comparison = compare(loaded[0], loaded[1])
    if comparison.self_side is None:
        raise UserError.one(
            "",
            f"{display_path(own)} and {display_path(peer)} are not a self-assessment and a "
            "peer assessment of one locality: a review needs both (assessment: self, "
            "assessment: peer, the same locality)",
        )
    own_a, peer_a = (
        (loaded[0], loaded[1]) if comparison.self_side == "a" else (loaded[1], loaded[0])
    )
    given: ReviewNotes | None = None
    if notes is not None and not init:
        given = load_notes(
            notes,
            locality=own_a.meta.locality,
            questions=[q.id for b in (*own_a.banks, *peer_a.banks) for q in b.questions],
            stops=[s.number for s in peer_a.catalogue.roadmap.stops],
        )
    try:
        built = build_review(own_a, peer_a, comparison, start_here_wording(), given)
    except NotAPeerReview:  # pragma: no cover - checked above
        raise UserError.one("", "not a peer review") from None
    assert output is not None
    if init:
        written = write_notes(output, draft_notes(built))
        typer.echo(
            f"Wrote {written}: {len(built.strengths)} strengths, {len(built.areas)} areas and "
            f"{len(built.recommendations)} recommendations drafted; edit them, then run "
            f"clear review {display_path(own)} {display_path(peer)} --notes {written} "
            "--out review.docx"
        )
        return
    written = write_review(built, output, templates)
    typer.echo(
        f"Wrote {written}: {len(built.recommendations)} recommendations, "
        f"{len(built.areas)} areas for improvement"
        + ("" if given else " (drafted: no --notes given)")
        + "."
    )


COMMANDS: dict[str, Callable[..., None]] = {"review": review}
