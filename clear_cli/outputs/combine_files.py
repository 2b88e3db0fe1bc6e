"""``clear combine``'s files: read every input, check the output, write the consensus.

The combining itself is in :mod:`clear_cli.core.consensus` (no files); the answers file is
written by the same writer as ``clear assess``'s, the workbook by ``clear template``'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clear_cli.common.errors import Problem, UserError, display_path
from clear_cli.core.consensus import Consensus, Input, check_inputs, combine
from clear_cli.outputs.answers_file import Draft, dump, to_data
from clear_cli.outputs.outfiles import check_output, write_json, write_text
from clear_cli.outputs.xlsx.consensus_xlsx import write_consensus_workbook
from clear_cli.sources.loader import load_assessment

if TYPE_CHECKING:
    from clear_cli.outputs.outfiles import Output

WORKBOOK_OUT = ".xlsx"


def check_out(out: Path, inputs: list[Path], *, force: bool) -> Output:
    """Refuse an output that is not an answers file or a workbook, is an input, or may not be
    replaced (see :mod:`clear_cli.outputs.outfiles`)."""

    return check_output(out, kind="combine", inputs=inputs, force=force)


def read_inputs(files: list[Path], banks: Sequence[Path] = ()) -> list[Input]:
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
            inputs.append(Input(name, load_assessment(path, banks)))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return inputs


def _names(paths: list[Path]) -> list[str]:
    """Each file's name, or its path where two files share a name."""
    count = Counter(p.name for p in paths)
    return [p.name if count[p.name] == 1 else display_path(p) for p in paths]


def combine_files(
    files: list[Path], out: Path, *, force: bool = False, banks: Sequence[Path] = ()
) -> Consensus:
    """Read ``files``, combine them and write the consensus to ``out``; nothing written on error."""
    problems: list[Problem] = []
    output: Output | None = None
    try:
        output = check_out(out, files, force=force)
    except UserError as exc:
        problems.extend(exc.problems)
    inputs: list[Input] = []
    try:
        inputs = read_inputs(files, banks)
        check_inputs(inputs)
    except UserError as exc:
        problems.extend(exc.problems)
    if problems or output is None:
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
    write(consensus, output)
    return consensus


def write(consensus: Consensus, output: Output) -> None:
    """The consensus as an answers file (``clear assess``'s writer) or a workbook."""
    if output.suffix == WORKBOOK_OUT:
        write_consensus_workbook(consensus, output)
        return

    meta = consensus.meta
    draft = Draft(
        meta=meta, banks=list(meta.banks), order=consensus.order, answers=dict(meta.answers)
    )
    data = to_data(draft)
    if output.suffix == ".json":  # JSON has no comments: the record is a key of its own
        write_json(output, data, lambda d: dump(d, output.suffix))
    else:
        write_text(output, dump(data, output.suffix))
