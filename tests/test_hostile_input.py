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
import yaml

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
    for res in (run("score", path, "--bank", PASSWD), run("validate", PASSWD)):
        err = refused(res, "/etc/passwd:1:1: is not a bank file")
        no_passwd_line(err + res.stdout)
    err = refused(run("score", path), "a.yaml:2:8: bank file '/etc/passwd' is outside")
    no_passwd_line(err)


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
    for res in (run("score", path, "--bank", special), run("validate", special)):
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
    err = refused(run("score", path, "--bank", BANK), "named already")
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


# --- round 3 (issue 25): files that name other files, decoys, and what reaches the screen ---

SECRET = "aws_access_key_id"
GAPS = ASSETS / "gaps"


def _no_escape(res: Any) -> None:
    for stream in (res.stdout, res.stderr):
        assert "\x1b" not in stream and "\x07" not in stream, stream[-800:]


@pytest.mark.parametrize("source", ["notes.txt", "..", "secrets", "leadership.yaml"])
def test_a_workbook_never_opens_a_bare_name_it_records(
    book: Path, tmp_path: Path, source: str
) -> None:
    """A bare name in the hidden record is not looked up in the current folder."""
    for name in ("notes.txt", "secrets", "leadership.yaml"):
        (tmp_path / name).write_text(f"{SECRET}: AKIA-NOT-REAL\n")
    wb = openpyxl.load_workbook(book)
    wb["_clear"]["D5"] = source
    bad = tmp_path / "named.xlsx"
    wb.save(bad)
    res = run("score", "named.xlsx", cwd=tmp_path)
    err = refused(res, "named.xlsx: sheet '_clear'")
    assert SECRET not in err + res.stdout and "AKIA" not in err


@pytest.mark.parametrize(
    "bank", ["/etc/passwd", "/proc/self/environ", "../x.yaml", "../../x.yaml", "link.yaml"]
)
def test_an_answers_file_names_no_bank_outside_its_folder(tmp_path: Path, bank: str) -> None:
    sent = tmp_path / "one" / "two"
    sent.mkdir(parents=True)
    (tmp_path / "x.yaml").write_text(f"{SECRET}: 1\nid: x\n")
    (tmp_path / "one" / "x.yaml").write_text(f"{SECRET}: 1\nid: x\n")
    (sent / "link.yaml").symlink_to(tmp_path / "x.yaml")  # a link out of the folder
    path = sent / "a.yaml"
    path.write_text(f"locality: X\nbanks: [{bank}]\n")
    res = run("score", path)
    err = refused(res, "a.yaml:2:8: bank file", "is outside this file's folder", "--bank")
    assert SECRET not in err and "AWS" not in err.upper().replace("AWS_", "")
    if PASSWD.is_file():
        no_passwd_line(err)
    assert res.seconds < 10


def test_a_bad_bank_beside_an_answers_file_is_counted_not_quoted(tmp_path: Path) -> None:
    (tmp_path / "own.yaml").write_text(f"{SECRET}: AKIA-NOT-REAL\nid: x\n")
    path = tmp_path / "a.yaml"
    path.write_text("locality: X\nbanks: [own.yaml]\n")
    err = refused(run("score", path), "a.yaml:2:8: bank file", "not shown", "clear validate")
    assert SECRET not in err and "AKIA" not in err
    # Named by the user, the same file is explained in full.
    err = refused(run("score", path, "--bank", tmp_path / "own.yaml"))
    assert f"unknown field '{SECRET}'" in err


def test_a_bank_outside_the_folder_is_used_when_given_with_bank(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "minimal.yaml").write_bytes((ASSETS / "banks" / "minimal.yaml").read_bytes())
    sent = tmp_path / "sent"
    sent.mkdir()
    path = sent / "a.yaml"
    path.write_text("locality: X\nbanks: [../shared/minimal.yaml]\nanswers: {T1.1: '2'}\n")
    refused(run("score", path), "--bank minimal.yaml")
    res = run("score", path, "--json", "--bank", shared / "minimal.yaml")
    assert res.returncode == 0, res.stderr
    assert '"local-test"' in res.stdout


@pytest.mark.parametrize("bank", ['"a\\0b.yaml"', '"bad\\0"', '"x\\x1b[2J.yaml"'])
def test_a_control_character_in_a_bank_name_is_located(tmp_path: Path, bank: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"locality: X\nbanks: [leadership, {bank}]\n")
    res = run("score", path)
    refused(res, "a.yaml:2:8:", "control character")
    _no_escape(res)


def _repackage(src: Path, dst: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    change(parts)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return dst


def _decoy(parts: dict[str, bytes], *, rels_too: bool = True) -> None:
    """Move the workbook part to xl/real.xml and leave a decoy xl/workbook.xml of no sheets."""
    real = parts.pop("xl/workbook.xml")
    parts["xl/real.xml"] = real
    parts["xl/_rels/real.xml.rels"] = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/workbook.xml"] = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", real, flags=re.S)
    types = parts["[Content_Types].xml"].replace(
        b'PartName="/xl/workbook.xml"', b'PartName="/xl/real.xml"'
    )
    parts["[Content_Types].xml"] = types
    if rels_too:
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"xl/real.xml")


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ('<row r="900000"><c r="A900000"><v>1</v></c></row>', "first 60,000 rows"),
        (
            "".join(f'<row r="{r}">' + "<c/>" * 63 + "</row>" for r in range(100, 8100)),
            "500,000 cells",
        ),
        ('<row r="70">' + "<c><v>1</v></c>" * 500_100 + "</row>", "500,000 cells"),
    ],
)
def test_a_decoy_workbook_part_does_not_skip_the_size_checks(
    book: Path, tmp_path: Path, rows: str, words: str
) -> None:
    def change(parts: dict[str, bytes]) -> None:
        _decoy(parts)
        sheet = "xl/worksheets/sheet3.xml"  # About, Scores, then Leadership
        parts[sheet] = add_rows(parts[sheet].decode(), rows).encode()

    res = run("score", _repackage(book, tmp_path / "decoy.xlsx", change))
    err = refused(res, "sheet 'Leadership'", words)
    assert "{MAX_CELLS" not in err
    assert res.seconds < SECONDS


def test_a_package_naming_two_workbook_parts_is_refused(book: Path, tmp_path: Path) -> None:
    bad = _repackage(book, tmp_path / "two.xlsx", lambda p: _decoy(p, rels_too=False))
    res = run("score", bad)
    assert res.returncode == 2 and "names two workbook parts" in res.stderr, res.stderr


def test_a_shared_strings_table_beyond_any_workbook_is_refused(book: Path, tmp_path: Path) -> None:
    def change(parts: dict[str, bytes]) -> None:
        parts["xl/sharedStrings.xml"] = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>a</t></si>" * 500_001
            + b"</sst>"
        )
        types = parts["[Content_Types].xml"]
        parts["[Content_Types].xml"] = types.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )

    res = run("score", _repackage(book, tmp_path / "sst.xlsx", change))
    assert res.returncode == 2 and "shared text" in res.stderr, res.stderr
    assert res.seconds < SECONDS


ESC_NAME = "Evil\x1b]0;PWNED\x07\x1b[2J"


def _two_years(tmp_path: Path, locality: str, evidence: str = "minutes") -> list[Path]:
    files = []
    for year, answer in (("2025", "1"), ("2026", "3")):
        path = tmp_path / f"{year}.yaml"
        data = {
            "locality": locality,
            "assessors": [f"Lead {ESC_NAME}"],
            "date": f"{year}-03-01",
            "banks": ["minimal.yaml"],
            "answers": {"T1.1": {"answer": answer, "evidence": evidence}, "T1.2": "2"},
        }
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        files.append(path)
    (tmp_path / "minimal.yaml").write_bytes((ASSETS / "banks" / "minimal.yaml").read_bytes())
    return files


def test_no_escape_reaches_the_terminal_from_headings_summaries_or_status_lines(
    tmp_path: Path,
) -> None:
    a, b = _two_years(tmp_path, ESC_NAME)
    out = f"out{ESC_NAME}"
    cases = [
        ("trend", a, b),
        ("trend", a, b, "--out", f"{out}.md"),
        ("combine", a, b, "--out", f"{out}.yaml"),
        ("combine", a, b, "--out", f"{out}c.xlsx", "--json"),
        ("compare", a, b, "--out", f"{out}.html"),
        ("report", a, "--out", f"{out}r.md"),
        ("plan", a, "--out", f"{out}p.md"),
        ("template", "leadership", "--out", f"{out}t.xlsx"),
        ("export", a, b, "--out", f"{out}e.xlsx"),
        ("score", b),
    ]
    for case in cases:
        res = run(*case, cwd=tmp_path)
        assert res.returncode == 0, (case, res.stderr)
        _no_escape(res)
        assert "␛" in res.stdout + res.stderr, case  # shown, not dropped


def test_a_control_character_never_breaks_a_workbook_s_properties(tmp_path: Path) -> None:
    a, b = _two_years(tmp_path, "Testshire\x1b[31m\x0b")
    for case in (
        ("trend", a, b, "--out", "t.xlsx"),
        ("compare", a, b, "--out", "c.xlsx"),
        ("plan", b, "--out", "p.xlsx"),
        ("combine", a, b, "--out", "k.xlsx"),
    ):
        res = run(*case, cwd=tmp_path)
        assert res.returncode == 0, (case, res.stderr)
        wb = openpyxl.load_workbook(tmp_path / case[-1])  # opens: the XML is well formed
        for value in vars(wb.properties).values():
            assert not isinstance(value, str) or not re.search(
                r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value
            )


def test_combine_says_when_a_cell_cannot_hold_the_evidence(tmp_path: Path) -> None:
    a, b = _two_years(tmp_path, "Testshire", evidence="e" * 20_000)
    res = run("combine", a, b, "--out", "k.xlsx", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert re.search(
        r"warning: k\.xlsx: sheet '[^']+', G\d+: a text of [\d,]+ characters", res.stderr
    )
    assert "32,767" in res.stderr


def test_combine_to_json_can_be_run_again_and_keeps_its_record(tmp_path: Path) -> None:
    a, b = _two_years(tmp_path, "Testshire")
    for _ in range(2):
        res = run("combine", a, b, "--out", "k.json", cwd=tmp_path)
        assert res.returncode == 0, res.stderr
    import json

    data = json.loads((tmp_path / "k.json").read_text())
    assert data["_written_by"].startswith("clear-output 1 combine ")
    assert run("score", tmp_path / "k.json").returncode == 0  # the record is read, and ignored
    (tmp_path / "k.json").write_text((tmp_path / "k.json").read_text().replace("Testshire", "Tes"))
    res = run("combine", a, b, "--out", "k.json", cwd=tmp_path)
    assert res.returncode == 2 and "changed since clear wrote it" in res.stderr, res.stderr


def test_plan_previous_keeps_formulas_as_typed_and_locates_bad_dates(tmp_path: Path) -> None:
    (tmp_path / "bank.yaml").write_bytes((GAPS / "bank.yaml").read_bytes())
    data = yaml.safe_load((GAPS / "answers.yaml").read_text())
    data["banks"] = ["bank.yaml"]
    answers_file = tmp_path / "a.yaml"
    answers_file.write_text(yaml.safe_dump(data))
    assert run("plan", answers_file, "--out", tmp_path / "old.xlsx").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "old.xlsx")
    ws = wb.active
    header = next(r for r in range(1, 20) if ws.cell(r, 3).value == "ID")
    col = {ws.cell(header, c).value: c for c in range(1, 14)}
    row = header + 1
    qid = ws.cell(row, col["ID"]).value
    ws.cell(row, col["Owner"]).value = '="Jo"&" Smith"'  # no saved value: openpyxl saves none
    ws.cell(row, col["Notes"]).value = '=HYPERLINK("https://example.org/minutes","minutes")'
    ws.cell(row, col["Due"]).value = 88888888
    ws.cell(row, col["Due"]).number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "old.xlsx")
    due = f"{openpyxl.utils.get_column_letter(col['Due'])}{row}"
    err = refused(
        run(
            "plan",
            answers_file,
            "--out",
            tmp_path / "new.xlsx",
            "--previous",
            tmp_path / "old.xlsx",
        ),
        f"old.xlsx: sheet '{ws.title}', {due}: the date serial number 88888888",
    )
    assert "#VALUE!" not in err and not (tmp_path / "new.xlsx").exists()
    ws.cell(row, col["Due"]).value = "Q3"
    wb.save(tmp_path / "old.xlsx")
    res = run(
        "plan", answers_file, "--out", tmp_path / "new.md", "--previous", tmp_path / "old.xlsx"
    )
    assert res.returncode == 0, res.stderr
    assert res.stderr.count("warning: old.xlsx") == 2 or res.stderr.count("old.xlsx: sheet") == 2, (
        res.stderr
    )
    text = (tmp_path / "new.md").read_text()
    assert "HYPERLINK" in text and "https://example.org/minutes" in text and "Jo" in text, qid


def test_sheets_sharing_one_part_are_refused(book: Path, tmp_path: Path) -> None:
    """Thousands of sheets over one small part would be read (and reported) each time."""

    def change(parts: dict[str, bytes]) -> None:
        extra = b"".join(
            b'<sheet name="S%d" sheetId="%d" r:id="rId2"/>' % (i, i + 100) for i in range(300)
        )
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"</sheets>", extra + b"</sheets>"
        )

    res = run("score", _repackage(book, tmp_path / "many.xlsx", change))
    assert res.returncode == 2 and "share one part" in res.stderr, res.stderr[-500:]
    assert res.seconds < 10
    extra = "".join(f'<sheet name="S{i}" sheetId="{i + 9}" r:id="rId{i + 9}"/>' for i in range(501))
    res = run(
        "score",
        edit_part(
            book,
            tmp_path / "lots.xlsx",
            "xl/workbook.xml",
            lambda x: x.replace("</sheets>", extra + "</sheets>"),
        ),
    )
    assert res.returncode == 2 and "at most 500" in res.stderr, res.stderr[-500:]
