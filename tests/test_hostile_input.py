"""Files from strangers: every hostile input ends in exit 2 with a located message, fast.

Each case is built here (workbooks edited at the zip level, FIFOs, alias bombs, deep
nesting, huge numbers) and run through the real command in a subprocess with a memory
limit and a time limit, so a regression fails quickly instead of hanging or swapping.
Nothing that the file did not contain is echoed, and nothing from a file the user did
not mean to show (a line of /etc/passwd) ever is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clear_cli.sources.catalogue import load_catalogue
from tests.conftest import ASSETS, ROOT

MEMORY = 1024 * 1024 * 1024  # bytes of address space per run
SECONDS = 20
PASSWD = Path("/etc/passwd")
BANK = ROOT / "frameworks" / "leadership.yaml"
LOCATED = re.compile(r"^error: \S.*?(:\d+:\d+: |: sheet '[^']+'(, [^:]+)?: )", re.M)


def _limits() -> None:  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str | os.PathLike[str], cwd: Path | None = None) -> Any:
    """``clear ARGS`` in a subprocess, bounded in memory and time."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONWARNINGS": "default"}
    start = time.monotonic()
    res = subprocess.run(
        [sys.executable, "-m", "clear_cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limits,
        stdin=subprocess.DEVNULL,
        cwd=cwd or ROOT,
        env=env,
    )
    res.seconds = time.monotonic() - start  # type: ignore[attr-defined]
    return res


def refused(res: Any, *words: str) -> str:
    """Exit 2, every line a located error, no traceback or library path; the stderr."""
    assert res.returncode == 2, (res.returncode, res.stdout[-500:], res.stderr[-1500:])
    err: str = res.stderr
    assert "Traceback" not in err and "site-packages" not in err and "Warning" not in err, err
    assert LOCATED.search(err), err
    for word in words:
        assert word in err, (word, err)
    return err


def no_passwd_line(text: str) -> None:
    for line in PASSWD.read_text().splitlines():
        if line.strip():
            assert line not in text, line


def answers(tmp: Path, body: str, name: str = "answers.yaml") -> Path:
    path = tmp / name
    path.write_text(f"locality: Testshire\nbanks: [leadership]\n{body}", encoding="utf-8")
    return path


# --- files that are not files -------------------------------------------------------------


@pytest.mark.skipif(not PASSWD.is_file(), reason="needs /etc/passwd")
def test_etc_passwd_as_a_bank_is_described_never_echoed(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("locality: X\nbanks: [/etc/passwd]\n")
    for res in (run("score", path), run("validate", PASSWD)):
        err = refused(res, "/etc/passwd:1:1: is not a bank file")
        no_passwd_line(err + res.stdout)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/stdin", "FIFO", "DIR"])
def test_devices_pipes_and_folders_are_refused_before_reading(tmp_path: Path, special: str) -> None:
    if special == "FIFO":
        os.mkfifo(tmp_path / "pipe.yaml")
        special = str(tmp_path / "pipe.yaml")
    elif special == "DIR":
        (tmp_path / "dir.yaml").mkdir()
        special = str(tmp_path / "dir.yaml")
    elif not Path(special).exists():
        pytest.skip(f"no {special} here")
    path = tmp_path / "a.yaml"
    path.write_text(f"locality: X\nbanks: [{special}]\n")
    for res in (run("score", path), run("validate", special)):
        assert res.returncode == 2 and res.seconds < 10, res.stderr
        assert re.search(r"is (a device|a pipe \(FIFO\)|a folder)", res.stderr), res.stderr
        assert "Traceback" not in res.stderr


def test_a_workbook_given_as_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "book.xlsx")
    res = run("score", tmp_path / "book.xlsx")
    assert res.returncode == 2 and "a pipe (FIFO)" in res.stderr


def test_relative_bank_paths_start_from_the_answers_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sent"
    folder.mkdir()
    (folder / "own.yaml").write_text((ASSETS / "banks" / "minimal.yaml").read_text())
    (tmp_path / "own.yaml").write_text("not: a bank\n")  # a decoy in the current folder
    (folder / "a.yaml").write_text("locality: X\nbanks: [own.yaml]\nanswers: {T1.1: '2'}\n")
    res = run("score", "sent/a.yaml", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert '"local-test"' in res.stdout


def test_one_bank_named_twice_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"locality: X\nbanks: [leadership, {BANK}]\n")
    err = refused(run("score", path), "named already")
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1


# --- YAML that expands, nests or overflows ------------------------------------------------


def test_billion_laughs_is_refused_at_the_alias(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = answers(tmp_path, "\n".join(lines) + "\n")
    assert path.stat().st_size < 600
    res = run("score", path)
    refused(res, "answers.yaml:4:", "alias")
    assert res.seconds < 10


def test_a_recursive_alias_and_deep_nesting_are_located_not_recursion_errors(
    tmp_path: Path,
) -> None:
    refused(run("score", answers(tmp_path, "answers: &r {L1.1: *r}\n")), "alias")
    deep = answers(tmp_path, "answers: " + "[" * 990 + "]" * 990 + "\n", "deep.yaml")
    refused(run("score", deep), "deep.yaml:3:", "nested")
    block = "".join("  " * i + f"k{i}:\n" for i in range(2000))
    refused(run("validate", _write(tmp_path / "block.yaml", block)), "block.yaml:")


def test_a_5000_digit_answer_is_located(tmp_path: Path) -> None:
    path = answers(tmp_path, "answers:\n  L1.1: " + "9" * 5000 + "\n")
    err = refused(run("score", path), "answers.yaml:4:9:", "5,000 digits")
    assert "9" * 100 not in err


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("points: 1", "points: .inf", "'.inf' is not a finite number"),
        ("points: 1", "points: .nan", "'.nan' is not a finite number"),
        ("points: 1", "points: 1e400", "'points' must be a finite number"),
        ("points: 1", "points: 1e308", "'points' must be at most 1000"),
        ('version: "2026.3"', "version: 2026.10", 'in quotes, e.g. version: "2026.10"'),
    ],
)
def test_non_finite_or_absurd_numbers_and_numeric_versions_fail_validate(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    text = BANK.read_text()
    assert old in text
    path = _write(tmp_path / "bank.yaml", text.replace(old, new, 1))
    refused(run("validate", path), words)


def test_a_question_weight_of_1e308_fails_validate(tmp_path: Path) -> None:
    text = (ROOT / "frameworks" / "challenge.yaml").read_text()
    assert "weight: 2\n" in text
    text = text.replace("weight: 2\n", "weight: 1e308\n", 1)
    refused(run("validate", _write(tmp_path / "bank.yaml", text)), "'weight' must be at most")


def test_a_5_mib_flow_list_is_refused_quickly(tmp_path: Path) -> None:
    body = "assessors: [" + ", ".join(["ab"] * 1_200_000) + "]\n"
    res = run("score", answers(tmp_path, body))
    refused(res, "keys and values")
    assert res.seconds < SECONDS


def test_control_characters_and_utf16_give_line_and_column(tmp_path: Path) -> None:
    path = answers(tmp_path, 'answers:\n  L1.1: "3\x1b[2J"\n')
    err = refused(run("score", path), "answers.yaml:4:11:", "U+001B")
    assert "\x1b" not in err and "position" not in err
    utf16 = tmp_path / "wide.yaml"
    utf16.write_bytes("locality: X\nbanks: [leadership]\n".encode("utf-16-be"))
    refused(run("score", utf16), "wide.yaml:1:1:", "UTF-16")


def test_keys_and_invisible_characters_are_named(tmp_path: Path) -> None:
    path = answers(tmp_path, "answers:\n  ~: 3\n  7: 3\n  L1.\u200b1: 3\n  L\u04311.2: 3\n")
    err = refused(run("score", path))
    assert "4:3: an empty key in 'answers'" in err
    assert "5:3: the key 7 in 'answers' should be text" in err
    assert "U+200B ZERO WIDTH SPACE" in err and "U+0431 CYRILLIC SMALL LETTER BE" in err
    assert "'None'" not in err


def test_a_hash_inside_a_value_is_not_a_comment() -> None:
    from clear_cli.assess.store import has_comments

    assert not has_comments('locality: X\nnotes: "see item #3"\n')
    assert not has_comments("notes: 'a #b'\nx: |\n  text #x\n")
    assert has_comments("locality: X # the area\n")
    assert has_comments("# made by hand\nlocality: X\n")


# --- workbooks that lie ---------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("book") / "t.xlsx"
    res = run("template", "leadership", "--out", out, "--locality", "Testshire")
    assert res.returncode == 0, res.stderr
    return out


def edit_part(src: Path, dst: Path, part: str, change: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return dst


def add_rows(xml: str, rows: str) -> str:
    return xml.replace("</sheetData>", rows + "</sheetData>")


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ('<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>', "beyond Excel's last row"),
        ('<row r="-5"><c r="E-5" t="inlineStr"><is><t>3</t></is></c></row>', "rows start at 1"),
        (
            "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(60, 4060)),
            "column XFD",
        ),
        ('<row r="70"><c r="XFE70"><v>1</v></c></row>', "beyond Excel's last column"),
        ('<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "first 60,000 rows"),
        ("<row/>" * 60_001, "first 60,000 rows"),
        ('<row r="1e9"/>', "'1e9' is not a row number"),
    ],
)
def test_sheets_that_lie_about_their_size(
    book: Path, tmp_path: Path, rows: str, words: str
) -> None:
    bad = edit_part(
        book, tmp_path / "bad.xlsx", "xl/worksheets/sheet3.xml", lambda x: add_rows(x, rows)
    )
    res = run("score", bad)
    refused(res, "sheet 'Leadership'", words)
    assert res.seconds < 10


def test_a_dimension_beyond_excel_is_refused(book: Path, tmp_path: Path) -> None:
    bad = edit_part(
        book,
        tmp_path / "dim.xlsx",
        "xl/worksheets/sheet3.xml",
        lambda x: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:ZZZ99999999"', x),
    )
    refused(run("score", bad), "sheet 'Leadership'")


@pytest.mark.parametrize("source", ["/etc/passwd", "/dev/zero", "../../etc/passwd.yaml"])
def test_a_workbook_never_opens_a_path_it_names(book: Path, tmp_path: Path, source: str) -> None:
    wb = openpyxl.load_workbook(book)
    wb["_clear"]["D5"] = source
    bad = tmp_path / "named.xlsx"
    wb.save(bad)
    res = run("score", bad)
    err = refused(res, "sheet '_clear'", "--bank")
    if PASSWD.is_file():
        no_passwd_line(err + res.stdout)
    assert res.seconds < 10


def test_a_bank_file_the_user_names_is_used_for_a_workbook(tmp_path: Path) -> None:
    bank = _write(tmp_path / "mine.yaml", (ASSETS / "banks" / "minimal.yaml").read_text())
    out = tmp_path / "t.xlsx"
    assert run("template", bank, "--out", out, "--locality", "X").returncode == 0
    refused(run("score", out), "--bank mine.yaml")
    res = run("score", out, "--bank", bank, "--json")
    assert res.returncode == 0, res.stderr


def test_formula_answers_without_a_value_and_odd_dates_are_located(
    book: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["Leadership"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "L1.1")
    ws.cell(row, 5).value = '="Plan"&"ned"'  # openpyxl saves no calculated value
    about = wb["About"]
    about["B4"] = 2.5
    about["B4"].number_format = "[h]:mm"
    bad = tmp_path / "f.xlsx"
    wb.save(bad)
    err = refused(run("score", bad))
    assert f"sheet 'Leadership', E{row}: a formula whose value was never saved" in err
    assert "sheet 'About', B4: Date holds a time or a duration" in err
    about["B4"] = 99999999
    about["B4"].number_format = "yyyy-mm-dd"
    ws.cell(row, 5).value = "Planned"
    wb.save(bad)
    ws.cell(row, 6).value = 88888888
    ws.cell(row, 6).number_format = "yyyy-mm-dd"
    wb.save(bad)
    err = refused(run("score", bad), "sheet 'About', B4: the date serial number 99999999")
    assert f"sheet 'Leadership', F{row}: the date serial number 88888888" in err
    assert "#VALUE!" not in err


def test_template_adds_each_drop_down_once_per_range(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert run("template", "core", "--out", out).returncode == 0
    wb = openpyxl.load_workbook(out)
    for ws in (wb[name] for name in ("Challenge", "Leadership", "Results")):
        answers_cells = sum(1 for r in ws.iter_rows(min_row=4) if r[0].value and r[4].style)
        validations = ws.data_validations.dataValidation
        covered = sum(
            cr.size["rows"] * cr.size["columns"] for dv in validations for cr in dv.sqref.ranges
        )
        assert covered == answers_cells
        bank = load_catalogue([ws.title.casefold()]).banks[ws.title.casefold()]
        lists = {(q.scale or bank.default_scale, q.na_allowed) for q in bank.questions}
        assert len(validations) == len(lists)  # one per list of answers, not one per question


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
