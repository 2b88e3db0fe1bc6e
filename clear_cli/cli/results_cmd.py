"""``clear results fetch`` and ``clear results fill``: the Results bank from Fingertips data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from clear_cli.assess.store import backup_path, has_comments
from clear_cli.cli.options import ForceOpt, new_typer
from clear_cli.common.atomic import replace_atomically, write_text_atomically
from clear_cli.common.display import say
from clear_cli.common.errors import UserError, display_path
from clear_cli.common.text import plural
from clear_cli.core.results_fill import FillResult, fill, wanted_ids
from clear_cli.models import Answer, AnswersFile, Bank
from clear_cli.models.bank import Indicator
from clear_cli.outputs.answers_file import Draft, dump, to_data
from clear_cli.outputs.outfiles import check_output
from clear_cli.sources import fingertips_api
from clear_cli.sources.answers import resolve_answers
from clear_cli.sources.catalogue import load_catalogue
from clear_cli.sources.fingertips import read_download
from clear_cli.sources.loader import ANSWER_SUFFIXES
from clear_cli.sources.validation import validate
from clear_cli.sources.yamlsrc import load, read_text

results = new_typer(
    name="results",
    help="Answer the Results bank from the OHID Fingertips Smoking Profile.",
    no_args_is_help=True,
)

AreaOpt = Annotated[
    str | None,
    typer.Option(
        "--area",
        help="The area's ONS code (e.g. E10000014); fill takes the answers file's area_code "
        "when left out.",
    ),
]


@results.command("fill")
def fill_cmd(
    data: Annotated[
        Path, typer.Argument(help="A Fingertips data download (.csv) from the website or the API.")
    ],
    answers: Annotated[
        Path, typer.Option("--answers", "-a", help="The answers file to fill (.yaml or .json).")
    ],
    area: AreaOpt = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Also replace answers typed by hand with the data's."),
    ] = False,
) -> None:
    """Answer the questions whose figure is on Fingertips, from a data download.

    Each is judged as Fingertips judges it (compared with England, with similar areas, the
    recent trend), with the evidence and a record of the file it came from. Answers typed by
    hand are kept unless --replace. Running it again with the same file changes nothing.
    """
    if answers.suffix.lower() not in ANSWER_SUFFIXES:
        raise UserError.one(
            answers,
            "results fill writes an answers file (.yaml, .yml, .json): for a workbook, "
            "fill an answers file first and make the workbook with clear template --answers",
        )
    located = load(answers)
    meta = validate(AnswersFile, located)
    assessment = resolve_answers(meta, located, base=answers.parent)
    code = _area(answers, area, meta)
    banks = assessment.banks
    ids = wanted_ids(banks)
    if not ids:
        say(
            f"None of the banks of {display_path(answers)} names a Fingertips indicator "
            "(fingertips_id): nothing to fill."
        )
        return
    download = read_download(data, code, ids)
    result = fill(banks, dict(meta.answers), download, replace=replace)
    new = dict(meta.answers)
    for f in result.filled:
        new[f.qid] = f.answer
    for left in result.left:
        if left.answer is None:
            continue
        old = meta.answers.get(left.qid)
        if old is None or old.data is not None or not (old.answer or old.evidence):
            new[left.qid] = left.answer if left.answer.note else Answer()
    order = [q.id for b in banks for q in b.questions]
    draft = Draft(
        meta=meta.model_copy(update={"area_code": code}),
        banks=meta.banks,
        order=order,
        answers={k: v for k, v in new.items() if v != Answer()},
    )
    text = dump(to_data(draft), answers.suffix)
    _print(result, download.name, code, download.sha256, _unnamed(banks))
    before = read_text(answers)
    if text == before:
        say(f"{display_path(answers)} is unchanged: it already holds these answers.")
        return
    if answers.suffix.lower() != ".json" and has_comments(before):
        backup = backup_path(answers)
        shutil.copy2(answers, backup)
        say(f"Its comments are kept in {display_path(backup)} (a rewrite drops them).")
    write_text_atomically(answers, text)
    say(f"Wrote {display_path(answers)}")


def _area(answers: Path, area: str | None, meta: AnswersFile) -> str:
    if area is None:
        if meta.area_code is None:
            raise UserError.one(
                answers,
                "has no area_code: give the area's ONS code with --area (e.g. --area "
                "E10000014), and fill writes it into the file",
            )
        return meta.area_code
    code = fingertips_api.check_area(area)
    if meta.area_code is not None and meta.area_code != code:
        raise UserError.one(
            answers,
            f"is for area {meta.area_code}, not {code}: leave out --area, or fill another "
            "answers file",
        )
    return code


def _unnamed(banks: list[Bank]) -> int:
    return sum(
        1
        for b in banks
        for q in b.questions
        if q.indicator and not (isinstance(q.indicator, Indicator) and q.indicator.fingertips_id)
    )


def _print(result: FillResult, name: str, code: str, sha: str, unnamed: int) -> None:
    say(f"From {name} (area {code}, SHA-256 {sha[:12]}):")
    say(f"Filled {plural(len(result.filled), 'question')}:")
    for f in result.filled:
        data = f.answer.data
        why = f"{data.judgement}, {data.period}" if data else ""
        say(f"  {f.qid}  {f.label}  ({why})")
    if result.left:
        say(f"Left {plural(len(result.left), 'question')}:")
        for left in result.left:
            say(f"  {left.qid}  {left.reason}")
    if unnamed:
        say(
            f"{plural(unnamed, 'question')} {'names' if unnamed == 1 else 'name'} a figure "
            "that is not on Fingertips (no fingertips_id): answer them by hand."
        )


@results.command("fetch")
def fetch_cmd(
    area: Annotated[str, typer.Option("--area", help="The area's ONS code (e.g. E10000014).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to save the download (.csv).")],
    area_type: Annotated[
        int,
        typer.Option(
            "--area-type",
            help="Fingertips area type of the area (502: counties and unitary authorities).",
        ),
    ] = fingertips_api.AREA_TYPE,
    parent_type: Annotated[
        int,
        typer.Option("--parent-type", help="Fingertips area type of the parent (15: England)."),
    ] = fingertips_api.PARENT_TYPE,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds to wait for the service.")
    ] = fingertips_api.TIMEOUT,
    force: ForceOpt = False,
) -> None:
    """Download the Smoking Profile's data for an area's type from Fingertips (needs the
    internet; everything else works offline)."""
    code = fingertips_api.check_area(area)
    output = check_output(out, kind="results-fetch", force=force)
    url = fingertips_api.profile_url(area_type, parent_type)

    def write(tmp: Path) -> None:
        from rich.console import Console
        from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

        console = Console(stderr=True)
        with Progress(
            *Progress.get_default_columns(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("Fingertips Smoking Profile", total=None)

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            fingertips_api.download(url, tmp, progress=progress, timeout=timeout)
        _check_fetched(tmp, code, out)

    replace_atomically(output.path, write)
    say(f"Wrote {display_path(out)}; next: clear results fill {out} --answers F.yaml --area {code}")


def _check_fetched(tmp: Path, code: str, out: Path) -> None:
    """The download must be a Fingertips CSV holding the area; else nothing is written."""
    ids = wanted_ids(load_catalogue(["results"]).banks.values())
    try:
        read_download(tmp, code, ids or {0})
    except UserError as exc:
        message = exc.problems[0].message if exc.problems else "is not a Fingertips download"
        raise UserError.one(out, f"not written: what Fingertips sent {message}") from None


COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {"results": results}
