"""``clear combine``'s files: read every input, check the output, write the consensus.

The combining itself is in :mod:`clear_cli.consensus` (no files); the answers file is
written by the same writer as ``clear assess``'s, the workbook by ``clear template``'s.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from clear_cli.answers import load_assessment
from clear_cli.consensus import Consensus, Input, check_inputs, combine
from clear_cli.errors import Problem, UserError, display_path

ANSWERS_OUT = {".yaml": "answers file", ".yml": "answers file", ".json": "answers file"}
WORKBOOK_OUT = ".xlsx"


def check_out(out: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse an output that is not an answers file or a workbook, is an input, or exists."""
    suffix = out.suffix.lower()
    if suffix == WORKBOOK_OUT:
        from clear_cli.workbook.files import check_out as check_workbook_out

        check_workbook_out(out, force=force, inputs=inputs)
        return
    if suffix not in ANSWERS_OUT:
        raise UserError.one(
            out,
            f"cannot write '{suffix or 'no suffix'}': give a name ending in .yaml (an answers "
            "file) or .xlsx (a workbook)",
        )
    if out.is_dir():
        raise UserError.one(out, "is a folder: give a file name ending in .yaml or .xlsx")
    from clear_cli.render.report import check_output

    check_output(out, inputs, force=force, formats=ANSWERS_OUT)


def read_inputs(files: list[Path]) -> list[Input]:
    """Every input read, every problem in every file at once; named by file name."""
    problems: list[Problem] = []
    seen: dict[Path, str] = {}
    paths: list[Path] = []
    for path in files:
        key = path.resolve()
        if key in seen:
            problems.append(
                Problem(display_path(path), "", f"is given twice (also as {seen[key]})")
            )
            continue
        seen[key] = display_path(path)
        paths.append(path)
    names = _names(paths)
    inputs: list[Input] = []
    for path, name in zip(paths, names, strict=True):
        try:
            inputs.append(Input(name, load_assessment(path)))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return inputs


def _names(paths: list[Path]) -> list[str]:
    """Each file's name, or its path where two files share a name."""
    count = Counter(p.name for p in paths)
    return [p.name if count[p.name] == 1 else display_path(p) for p in paths]


def combine_files(files: list[Path], out: Path, *, force: bool = False) -> Consensus:
    """Read ``files``, combine them and write the consensus to ``out``; nothing written on error."""
    problems: list[Problem] = []
    try:
        check_out(out, files, force=force)
    except UserError as exc:
        problems.extend(exc.problems)
    inputs: list[Input] = []
    try:
        inputs = read_inputs(files)
        check_inputs(inputs)
    except UserError as exc:
        problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    consensus = combine(inputs)
    if out.suffix.lower() == WORKBOOK_OUT and consensus.meta.targets:
        consensus.warnings.append(
            Problem(
                display_path(out),
                "",
                "a workbook has no place for the inputs' targets, so they are left out: "
                "write a .yaml file to keep them",
            )
        )
    write(consensus, out)
    return consensus


def write(consensus: Consensus, out: Path) -> None:
    """The consensus as an answers file (``clear assess``'s writer) or a workbook."""
    if out.suffix.lower() == WORKBOOK_OUT:
        from clear_cli.workbook.disputed import write_consensus_workbook

        write_consensus_workbook(consensus, out)
        return
    from clear_cli.assess.store import Draft, dump, to_data, write_atomic

    meta = consensus.meta
    draft = Draft(
        meta=meta, banks=list(meta.banks), order=consensus.order, answers=dict(meta.answers)
    )
    try:
        write_atomic(out, dump(to_data(draft), out.suffix))
    except OSError as exc:
        raise UserError.one(out, f"cannot be written: {exc.strerror or exc}") from None
