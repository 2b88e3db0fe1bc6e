"""Hostile cases on the output side: what clear writes, and what it shows.

Every case runs the real command in a subprocess with a time limit and a memory limit, so a
regression fails fast instead of hanging. Files others send may hold escape sequences, rich
markup and direction overrides; outputs may point at folders, devices, links and full disks.
The promise: exit 2 with a one-line message naming the file, the user's files untouched, no
temporary file left behind, and nothing in a terminal or report that the file can control.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.conftest import ASSETS, beside

BANK = ASSETS / "banks" / "minimal.yaml"
TIMEOUT = 60
MEMORY = 2 * 1024**3
#: What must never reach people raw: ESC, BEL, NUL, DEL, a C1 CSI, bidi overrides.
RAW = ("\x1b", "\x07", "\x00", "\x7f", "\x9b", "\u202e", "\u2066")
EVIL = "Evil\x1b]0;TITLE\x07\x1b[2J\x9b31m\u202eenil\u2066[/][link=file:///etc/passwd]x[/link]"


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[bytes]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")
        self.raw = proc.stdout + proc.stderr

    def __repr__(self) -> str:
        return f"Run(code={self.code}, out={self.out[-600:]!r}, err={self.err[-600:]!r})"


def _limits(close_stdin: bool = False, fsize: int | None = None) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if close_stdin:
            os.close(0)

    return apply


def clear(
    *args: str | os.PathLike[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    close_stdin: bool = False,
    fsize: int | None = None,
    stdout: int | None = None,
) -> Run:
    base = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
    base.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "clear_cli", *map(str, args)],
        cwd=cwd,
        env={**base, **(env or {})},
        stdin=None if close_stdin else subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        preexec_fn=_limits(close_stdin, fsize),
        check=False,
    )
    if proc.stdout is None:
        proc.stdout = b""
    return Run(proc)


def answers(
    folder: Path, name: str = "a.yaml", locality: str = "Testshire", **extra: object
) -> Path:
    data = {
        "locality": locality,
        "assessment": "self",
        "date": "2026-03-01",
        "banks": [beside(folder, BANK)],
        "answers": {
            "T1.1": {"answer": "2", "evidence": "Plan", "note": ""},
            "T1.2": {"answer": "3", "evidence": "Minutes"},
            "T2.1": {"answer": "no"},
        },
        **extra,
    }
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".clear-*.tmp"))


def one_line_error(run: Run, name: str) -> str:
    """The run failed with exit 2 and one `error:` line naming ``name``."""
    assert run.code == 2, run
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), run
    assert name in lines[0], run
    assert "Traceback" not in run.err and "bug in clear" not in run.err
    return lines[0]


# ---------------------------------------------------------------- one rule for output files


REPORTS = ["report.html", "report.md"]


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_is_replaced_only_while_it_is_clears_own_and_unchanged(
    tmp_path: Path, name: str
) -> None:
    north = answers(tmp_path, "north.yaml", "Northshire")
    south = answers(tmp_path, "south.yaml", "Southvale")
    out = tmp_path / name
    assert clear("report", north, "--out", out, cwd=tmp_path).code == 0
    assert clear("report", north, "--out", out, cwd=tmp_path).code == 0  # same input: again

    # Whatever it was written from: clear's own unchanged file is replaced.
    assert clear("report", south, "--out", out, cwd=tmp_path).code == 0
    assert b"Southvale" in out.read_bytes()
    assert clear("report", north, "--out", out, cwd=tmp_path).code == 0
    first = out.read_bytes()

    out.write_bytes(first.replace(b"Northshire", b"Northshire (edited)", 1))
    edited = out.read_bytes()
    line = one_line_error(clear("report", north, "--out", out, cwd=tmp_path), name)
    assert "changed since clear wrote it" in line
    assert out.read_bytes() == edited

    with out.open("ab") as fh:
        fh.write(b"\nMy own closing words.\n")
    assert clear("report", north, "--out", out, cwd=tmp_path).code == 2

    assert clear("report", south, "--out", out, "--force", cwd=tmp_path).code == 0
    assert b"Southvale" in out.read_bytes()
    assert leftovers(tmp_path) == []


def test_a_compare_workbook_resaved_by_a_spreadsheet_is_not_replaced(tmp_path: Path) -> None:
    a, b = answers(tmp_path, "a.yaml"), answers(tmp_path, "b.yaml", "Otherton")
    out = tmp_path / "cmp.xlsx"
    assert clear("compare", a, b, "--out", out, cwd=tmp_path).code == 0
    assert clear("compare", a, b, "--out", out, cwd=tmp_path).code == 0
    wb = openpyxl.load_workbook(out)  # what Excel or LibreOffice do on save: rewrite it all
    wb.save(out)
    resaved = out.read_bytes()
    line = one_line_error(clear("compare", a, b, "--out", out, cwd=tmp_path), "cmp.xlsx")
    assert "changed since clear wrote it" in line
    assert out.read_bytes() == resaved


def test_export_and_template_follow_the_same_rule(tmp_path: Path) -> None:
    a = answers(tmp_path)
    book = tmp_path / "scores.xlsx"
    assert clear("export", a, "--out", book, cwd=tmp_path).code == 0
    assert clear("export", a, "--out", book, cwd=tmp_path).code == 0
    other = answers(tmp_path, "other.yaml", "Otherton")
    assert clear("export", other, "--out", book, cwd=tmp_path).code == 0  # other inputs: fine

    form = tmp_path / "form.xlsx"
    assert clear("template", BANK, "--out", form, cwd=tmp_path).code == 0
    assert clear("template", BANK, "--out", form, cwd=tmp_path).code == 0  # unchanged: again
    wb = openpyxl.load_workbook(form)  # someone fills it in
    wb.worksheets[1]["A1"] = "changed"
    wb.save(form)
    filled = form.read_bytes()
    line = one_line_error(clear("template", BANK, "--out", form, cwd=tmp_path), "form.xlsx")
    assert "--force" in line
    assert form.read_bytes() == filled


def test_the_record_is_in_the_file_and_names_no_path(tmp_path: Path) -> None:
    a = answers(tmp_path, "secret-name.yaml")
    out = tmp_path / "r.md"
    assert clear("report", a, "--out", out, cwd=tmp_path).code == 0
    last = out.read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("<!-- clear-output 1 report source=") and last.endswith(" -->")
    assert "secret-name" not in last and str(tmp_path) not in last
    book = tmp_path / "x.xlsx"
    assert clear("export", a, "--out", book, cwd=tmp_path).code == 0
    with zipfile.ZipFile(book) as z:
        assert "clear-output 1 export source=" in z.read("docProps/core.xml").decode()


WRITERS: dict[str, Callable[[Path, Path], list[str | Path]]] = {
    "report": lambda a, out: ["report", a, "--out", out],
    "compare": lambda a, out: ["compare", a, a.with_name("b.yaml"), "--out", out],
    "export": lambda a, out: ["export", a, "--out", out],
    "template": lambda a, out: ["template", BANK, "--out", out],
}
SUFFIX = {"report": ".html", "compare": ".md", "export": ".xlsx", "template": ".xlsx"}


def _setup(tmp_path: Path) -> Path:
    answers(tmp_path, "b.yaml", "Otherton")
    return answers(tmp_path)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_folder_is_never_the_output(tmp_path: Path, command: str) -> None:
    a = _setup(tmp_path)
    folder = tmp_path / f"existing{SUFFIX[command]}"
    (folder / "inside").mkdir(parents=True)
    line = one_line_error(clear(*WRITERS[command](a, folder), "--force", cwd=tmp_path), folder.name)
    assert "is a folder" in line and "not written by clear" not in line
    assert (folder / "inside").is_dir()


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_links_and_special_files_are_refused(tmp_path: Path, command: str) -> None:
    a = _setup(tmp_path)
    sfx = SUFFIX[command]
    dangling = tmp_path / f"dangling{sfx}"
    dangling.symlink_to(tmp_path / f"nowhere{sfx}")
    loop = tmp_path / f"loop{sfx}"
    loop.symlink_to(loop)
    device = tmp_path / f"device{sfx}"
    device.symlink_to(os.devnull)
    fifo = tmp_path / f"pipe{sfx}"
    os.mkfifo(fifo)
    cases = {
        dangling: "does not exist",
        loop: "loops",
        device: "not a regular file",
        fifo: "not a regular file",
    }
    for path, words in cases.items():
        line = one_line_error(clear(*WRITERS[command](a, path), "--force", cwd=tmp_path), path.name)
        assert words in line
    assert dangling.is_symlink() and not (tmp_path / f"nowhere{sfx}").exists()
    assert device.is_symlink() and stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_link_to_a_regular_file_replaces_that_file(tmp_path: Path) -> None:
    a = answers(tmp_path)
    real = tmp_path / "real.md"
    assert clear("report", a, "--out", real, cwd=tmp_path).code == 0
    link = tmp_path / "link.md"
    link.symlink_to(real)
    answers(tmp_path, locality="Renamedshire")
    assert clear("report", a, "--out", link, cwd=tmp_path).code == 0
    assert link.is_symlink() and "Renamedshire" in real.read_text(encoding="utf-8")


def test_long_file_names(tmp_path: Path) -> None:
    a = answers(tmp_path)
    longest = tmp_path / ("r" * 250 + ".html")  # 255 characters: legal
    assert clear("report", a, "--out", longest, cwd=tmp_path).code == 0
    assert longest.is_file()
    too_long = tmp_path / ("r" * 252 + ".html")
    line = one_line_error(clear("report", a, "--out", too_long, cwd=tmp_path), "rrrr")
    assert "too long" in line
    assert leftovers(tmp_path) == []


def test_a_read_only_output_is_refused_without_force(tmp_path: Path) -> None:
    a = answers(tmp_path)
    out = tmp_path / "r.html"
    assert clear("report", a, "--out", out, cwd=tmp_path).code == 0
    out.chmod(0o444)
    before = out.read_bytes()
    line = one_line_error(clear("report", a, "--out", out, cwd=tmp_path), "r.html")
    assert "read-only" in line and "--force" in line
    assert out.read_bytes() == before
    assert clear("report", a, "--out", out, "--force", cwd=tmp_path).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o444  # replaced, still read-only


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder(tmp_path: Path) -> None:
    a = answers(tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "r.html").write_text("old")
    folder.chmod(0o555)
    try:
        run = clear("report", a, "--out", folder / "r.html", "--force", cwd=tmp_path)
        line = one_line_error(run, "r.html")
        assert "permission denied" in line
        assert (folder / "r.html").read_text() == "old"
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, command: str
) -> None:
    a = _setup(tmp_path)
    out = tmp_path / f"out{SUFFIX[command]}"
    out.write_bytes(b"old")
    run = clear(*WRITERS[command](a, out), "--force", cwd=tmp_path, fsize=2048)
    line = one_line_error(run, out.name)
    assert "cannot be written" in line and "left as it was" in line
    assert out.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clear_cli.common import atomic

    target = tmp_path / "f.txt"
    target.write_text("old")
    real_close = os.close

    def close_then_interrupt(fd: int) -> None:  # Ctrl-C right after the file is created
        real_close(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "close", close_then_interrupt)  # the os module atomic uses
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text_atomically(target, "new")
    monkeypatch.undo()

    def interrupted(tmp: Path) -> None:
        tmp.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.replace_atomically(target, interrupted)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- what people see


def _no_raw(data: bytes | str) -> None:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for ch in RAW:
        assert ch not in text, f"raw {ch!r} in output"


def test_hostile_text_reaches_no_terminal_raw(tmp_path: Path) -> None:
    evil = answers(
        tmp_path,
        "evil.yaml",
        EVIL,
        assessors=[EVIL],
        answers={"T1.1": {"answer": "1", "evidence": EVIL, "note": EVIL}},
    )
    plain = answers(tmp_path, "plain.yaml")
    for args in (("score", evil), ("compare", evil, plain), ("compare", plain, evil)):
        run = clear(*args, cwd=tmp_path, env={"TERM": "xterm-256color", "FORCE_COLOR": "1"})
        assert run.code == 0, run
        _no_raw(run.out.replace("\x1b[", "").replace("\x1b]8;", "\x1b"))  # colours allowed
        assert "\x1b]" not in run.out  # no title, no hyperlink
        assert "\x1b[2J" not in run.out
        assert "␛]0;TITLE" in run.out  # shown, not obeyed
        assert "[link=file:///etc/passwd]x[/link]" in run.out  # printed as typed
    run = clear("assess", "--answers", evil, "--review", cwd=tmp_path)
    assert run.code == 130, run
    _no_raw(run.raw)
    assert "␛]0;TITLE" in run.out


def test_markup_in_a_users_bank_is_printed_as_typed(tmp_path: Path) -> None:
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    bank["title"] = "[/]Bank [link=file:///etc/passwd]x[/link]\x1b[2J"
    bank["version"] = "1\x1b]0;v\x07"
    bank["scales"]["maturity"]["options"][0]["label"] = "[bold]Not[/] [/]"
    bank["sections"][0]["title"] = "[/]"
    path = tmp_path / "markup.yaml"
    path.write_text(yaml.safe_dump(bank), encoding="utf-8")
    env = {"TERM": "xterm-256color", "FORCE_COLOR": "1"}
    for args in (("show", path), ("validate", path)):
        run = clear(*args, cwd=tmp_path, env=env)
        assert run.code == 0, run
        assert "\x1b]" not in run.out and "\x1b[2J" not in run.out
    run = clear("show", path, cwd=tmp_path)
    assert "[link=file:///etc/passwd]x[/link]␛[2J" in run.out
    top, body = run.out.splitlines()[:2]  # the panel's edges still line up
    assert len(top) == len(body) and top.endswith("╮")
    assert "[bold]Not[/] [/]" in run.out


def test_hostile_text_in_messages_is_shown_not_obeyed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            {"locality": "X", "banks": [beside(tmp_path, BANK)], "answers": {"T1.1": EVIL}}
        ),
        encoding="utf-8",
    )
    run = clear("score", bad, cwd=tmp_path)
    assert run.code == 2, run
    _no_raw(run.raw)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v or "" for k, v in attrs if k == "href"]


def test_hostile_text_in_reports_is_shown_not_obeyed(tmp_path: Path) -> None:
    evil = answers(
        tmp_path,
        "evil.yaml",
        EVIL,
        answers={"T1.1": {"answer": "1", "evidence": EVIL, "note": EVIL}},
    )
    plain = answers(tmp_path, "plain.yaml")
    for args in (("report", evil), ("compare", plain, evil)):
        for suffix in (".md", ".html"):
            out = tmp_path / f"{args[0]}{suffix}"
            run = clear(*args, "--out", out, cwd=tmp_path)
            assert run.code == 0, run
            _no_raw(out.read_bytes())
            if suffix == ".html":
                page = _Text()
                page.feed(out.read_text(encoding="utf-8"))
                assert any("␛]0;TITLE" in t for t in page.text)
                assert not any(link.startswith("file:") for link in page.links)


def test_markdown_notes_make_no_headings_or_lists(tmp_path: Path) -> None:
    starts = ["# Heading", "- item", "1. first", "> quote", "+ plus", "---", "~~~ fence", "2) x"]
    data = {f"T{i}": s for i, s in enumerate(starts)}
    a = answers(
        tmp_path,
        notes="# Not a heading",
        answers={"T1.1": {"answer": "1", "evidence": data["T0"], "note": "| pipe | cell"}},
    )
    out = tmp_path / "r.md"
    assert clear("report", a, "--out", out, cwd=tmp_path).code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "\\# Not a heading" in lines
    assert "# Not a heading" not in lines
    from clear_cli.outputs.pages.templating import md_escape

    for s in starts:
        escaped = md_escape(s)
        assert escaped != s and not re.match(r"([#>+=~-]|\d+[.)])", escaped), escaped
    row = next(line for line in lines if line.startswith("| T1.1 "))
    assert row.count(" | ") == row.replace("\\|", "").count(" | ")  # no extra cells
    assert "\\| pipe \\| cell" in row


# ---------------------------------------------------------------- awkward terminals


def test_a_windows_encoding_falls_back_to_plain_characters(tmp_path: Path) -> None:
    a = answers(tmp_path, locality="Évry — “test” ✓ 東京")
    b = answers(tmp_path, "b.yaml", "Otherton")
    env = {"PYTHONIOENCODING": "cp1252"}
    for args in (("score", a), ("compare", a, b), ("roadmap",), ("roadmap", "6"), ("show", BANK)):
        run = clear(*args, cwd=tmp_path, env=env)
        assert run.code == 0, run
        assert "UnicodeEncodeError" not in run.err
    run = clear("score", a, cwd=tmp_path, env=env)
    assert "Évry" in run.raw.decode("cp1252") and "??" in run.raw.decode("cp1252")
    run = clear("assess", "--answers", a, "--review", cwd=tmp_path, env=env)
    assert run.code == 130 and "UnicodeEncodeError" not in run.err, run


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_stdout_on_a_full_device(tmp_path: Path) -> None:
    a = answers(tmp_path)
    with Path("/dev/full").open("wb") as full:
        run = clear("score", a, cwd=tmp_path, stdout=full.fileno())
    assert run.code == 2
    assert run.err.strip() == "clear: cannot write the output: No space left on device"


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    with subprocess.Popen(
        # Far more than a pipe holds (about 600 kB), so the write meets the closed pipe
        # however fast or slow the reader is.
        [sys.executable, "-m", "clear_cli", "show", "all"],
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "100"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limits(),
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # `| head -1`
        err = proc.stderr.read()
        code = proc.wait(timeout=TIMEOUT)
    assert code == 141
    assert err == b""


def test_a_tiny_terminal_still_draws_the_scorecard(tmp_path: Path) -> None:
    a = answers(tmp_path)
    for columns in ("0", "5"):
        run = clear("score", a, cwd=tmp_path, env={"COLUMNS": columns})
        assert run.code == 0, run
        assert "First section" in run.out and "Overall" in run.out


def test_suggested_commands_quote_paths_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "my files"
    folder.mkdir()
    a = answers(folder, "north shire.yaml")
    run = clear("score", a, cwd=tmp_path)
    assert "clear report 'my files/north shire.yaml' --out 'my files/north shire-report.html'" in (
        run.out.replace(str(tmp_path) + "/", "")
    )
    run = clear("template", BANK, "--out", "my files/the form.xlsx", cwd=tmp_path)
    assert "clear score 'my files/the form.xlsx'" in run.out


# ---------------------------------------------------------------- assess


def test_assess_with_stdin_closed_is_end_of_input(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    run = clear(
        "assess",
        BANK,
        "--answers",
        out,
        "--locality",
        "X",
        "--date",
        "2026-03-01",
        "--assessor",
        "T",
        cwd=tmp_path,
        close_stdin=True,
    )
    assert run.code == 130, run
    assert "Traceback" not in run.err and "AttributeError" not in run.err
    assert "End of input" in run.err


def test_assess_respects_a_read_only_answers_file(tmp_path: Path) -> None:
    a = answers(tmp_path)
    a.chmod(0o444)
    before = a.read_bytes()
    line = one_line_error(clear("assess", "--answers", a, cwd=tmp_path), "a.yaml")
    assert "read-only" in line
    assert a.read_bytes() == before


def test_assess_keeps_the_answers_when_the_file_goes_away(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    path = tmp_path / "mid.yaml"
    child = pexpect.spawn(
        sys.executable,
        [
            *("-m", "clear_cli", "assess", str(BANK), "--answers", str(path)),
            *("--locality", "X", "--date", "2026-03-01", "--assessor", "T"),
        ],
        cwd=str(tmp_path),
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"},
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 100),
    )
    child.expect("Answer: ")
    child.sendline("2")
    child.expect("Evidence")
    child.sendline("the plan")
    child.expect("Answer: ")
    path.rename(tmp_path / "moved.yaml")
    child.sendline("3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    said = " ".join(child.before.split())
    assert "deleted or moved" in said and "mid.recovered.yaml" in said
    kept = yaml.safe_load((tmp_path / "mid.recovered.yaml").read_text(encoding="utf-8"))
    assert kept["answers"]["T1.1"] == {"answer": "2", "evidence": "the plan"}
    assert kept["answers"]["T1.2"]["answer"] == "3"


# ---------------------------------------------------------------- everything not applicable


def test_a_bank_answered_all_not_applicable_has_no_percent(tmp_path: Path) -> None:
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    ids = []
    for section in bank["sections"]:
        for q in section["questions"]:
            q["na_allowed"] = True
            ids.append(q["id"])
    (tmp_path / "na-bank.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    a = tmp_path / "na.yaml"
    a.write_text(
        yaml.safe_dump(
            {
                "locality": "X",
                "banks": ["na-bank.yaml"],
                "answers": {i: {"answer": "na", "note": "none here"} for i in ids},
            }
        ),
        encoding="utf-8",
    )
    import json

    run = clear("score", a, "--json", cwd=tmp_path)
    data = json.loads(run.out)
    assert data["overall"]["percent"] is None and data["overall"]["band"] is None
    assert data["banks"][0]["percent"] is None and data["banks"][0]["band"] is None
    assert all(s["percent"] is None for s in data["banks"][0]["sections"])
    run = clear("score", a, cwd=tmp_path)
    overall = next(line for line in run.out.splitlines() if line.startswith("Overall"))
    assert "n/a" in overall and "Red" not in overall
    out = tmp_path / "r.md"
    assert clear("report", a, "--out", out, cwd=tmp_path).code == 0
    summary = next(line for line in out.read_text().splitlines() if "**Overall**" in line)
    assert summary == "| **Overall** | **n/a** | **n/a** |"
    html = tmp_path / "r.html"
    assert clear("report", a, "--out", html, cwd=tmp_path).code == 0
    page = _Text()
    page.feed(html.read_text(encoding="utf-8"))
    # the only "Red" left is the legend of the bands, beside the completeness line
    assert page.text.count("Red") <= 1 and "0%" not in page.text
    book = tmp_path / "x.xlsx"
    assert clear("export", a, "--out", book, cwd=tmp_path).code == 0
    ws = openpyxl.load_workbook(book).worksheets[0]
    header = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    assert row[header.index("Percent")] is None and row[header.index("Band")] == "n/a"


# ---------------------------------------------------------------- templates folders


TEMPLATES: dict[str, tuple[str | bytes, int, str]] = {
    "missing include": ('a\n{% include "missing.md" %}\n', 2, "not found"),
    "not UTF-8": (b"a\nb \xff\xfe\n", 2, "not UTF-8"),
    "division by zero": ("a\n\n{{ 1 / 0 }}\n", 3, "ZeroDivisionError"),
    "recursion": ('x\n{% include "report.md.j2" %}\n', 2, "without end"),
    "sandbox": ('{{ "".__class__.__mro__ }}\n', 1, "unsafe"),
    "syntax": ("{% if %}\n", 1, "template error"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATES))
def test_a_broken_template_is_located(tmp_path: Path, case: str) -> None:
    body, line, words = TEMPLATES[case]
    folder = tmp_path / "mine"
    folder.mkdir()
    target = folder / "report.md.j2"
    if isinstance(body, bytes):
        target.write_bytes(body)
    else:
        target.write_text(body, encoding="utf-8")
    a = answers(tmp_path)
    out = tmp_path / "r.md"
    run = clear("report", a, "--out", out, "--templates", folder, cwd=tmp_path)
    message = one_line_error(run, f"mine/report.md.j2:{line}:")
    assert words in message
    assert not out.exists()
