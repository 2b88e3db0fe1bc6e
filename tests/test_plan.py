"""`clear plan` as a lead meets it: rows and order worked by hand on a small bank, the
workbook's editing features, last year's plan carried over, HTML and Markdown parsed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from clear_cli.models.plan_table import COLUMNS, STATUSES
from clear_cli.sources.catalogue import load_catalogue
from tests.conftest import ASSETS, EXAMPLES, beside

BANK = ASSETS / "gaps" / "bank.yaml"
HEADER = 8  # the title, five About lines and a blank row come first


def answers(tmp_path: Path, name: str = "gapton.yaml", **changes: str | None) -> Path:
    """The hand-worked answers of tests/assets/gaps, with ``changes`` (None: unanswered)."""
    data = yaml.safe_load((ASSETS / "gaps" / "answers.yaml").read_text())
    data["banks"] = [beside(tmp_path, BANK)]
    for qid, key in changes.items():
        if key is None:
            data["answers"].pop(qid, None)
        else:
            data["answers"][qid] = {"answer": key}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def plan_rows(ws: Any) -> list[dict[str, Any]]:
    """The Plan sheet's rows below its header, as {column: value}."""
    header = next(
        r for r in range(1, 30) if [ws.cell(r, c).value for c in (1, 2, 3)] == list(COLUMNS[:3])
    )
    out = []
    for r in range(header + 1, ws.max_row + 1):
        values = {name: ws.cell(r, c).value for c, name in enumerate(COLUMNS, start=1)}
        if values["ID"]:
            out.append(values)
    return out


def write_plan(cli: Any, source: Path, out: Path, *extra: str | Path) -> Any:
    result = cli("plan", source, "--out", out, *extra)
    assert result.code == 0, result
    return result


def test_rows_and_order_worked_by_hand(cli: Any, tmp_path: Path) -> None:
    # The bank's target is 3 ("In place"); the outcome scale's is "better" (3 points).
    # Gaps: A1 answered 1 -> 2; A2 2 -> 1; A3 0 at weight 2 -> 6; A4 3 -> 0; B1 3 -> 0;
    # B3 2 -> 1; O1 "no local figure" (0) -> 3, its option pointing to stop 12; O2 "worse"
    # (1) -> 2, reaching no stop. B2 is unanswered: to answer, never a gap.
    # Stops: 6 gets A1 + A2 + A3 in full: 9 of 12, shortfall 75, 3 answers, ranked.
    # 7 gets half of A2, a quarter of A3 and A4: 2 of 6, 33%, ranked. 12 (O1, 3 of 3) and
    # 8 (a quarter of A3, 1.5 of 1.5) are 100% on one answer each: after the ranked ones,
    # the larger gap first. 2 (B1, B3): 1 of 6 on two answers. Order: 6, 7, 12, 8, 2; start
    # at 6 (a foundation stop missing half or more).
    # Rows under each question's primary stop, largest gap first; 7 and 8 are nobody's
    # primary stop; O2 last, with Stop blank.
    out = tmp_path / "plan.xlsx"
    write_plan(cli, answers(tmp_path), out)
    wb = openpyxl.load_workbook(out)
    rows = plan_rows(wb["Plan"])
    assert [(r["Priority"], r["Stop"], r["ID"]) for r in rows] == [
        (1, 6, "A3"),
        (2, 6, "A1"),
        (3, 6, "A2"),
        (4, 12, "O1"),
        (5, 2, "B3"),
        (6, None, "O2"),
    ]
    bank = load_catalogue([str(BANK)]).banks["gaps-test"]
    a1 = rows[1]
    assert (a1["Question"], a1["Now"]) == ("Is there a strategy?", "Planned")
    assert a1["Target"] == "In place"
    assert a1["Action"] == "Write the strategy and have the board sign it off."
    assert a1["Success measure"] == "All of it, evidenced."
    assert a1["Status"] == "Not started" and a1["Owner"] is None
    # A3 has no action of its own: the roadmap's first action for its stop stands in.
    assert rows[0]["Action"].startswith("Roadmap stop 6: ")
    o1 = rows[3]
    target = bank.scales["outcome"].option("better")
    assert target is not None
    assert (o1["Now"], o1["Target"], o1["Success measure"]) == (
        "No local figure",
        target.label,
        target.description,
    )
    to_answer = wb["To answer"]
    assert [to_answer.cell(r, 1).value for r in range(4, to_answer.max_row + 1)] == ["B2"]
    assert "Closed since last plan" not in wb.sheetnames  # only with --previous
    about = " ".join(str(wb["Plan"].cell(r, 1).value) for r in range(1, HEADER))
    assert "Gapton" in about and "2026-04-01" in about
    assert "Where to start: stop 6, Strategy and vision." in about


def test_order_follows_the_score_on_the_examples(cli: Any, tmp_path: Path) -> None:
    for name in ("northshire-self.yaml", "southvale-self.yaml"):
        source = EXAMPLES / name
        scored = json.loads(cli("score", source, "--json").out)
        out = tmp_path / f"{name}.xlsx"
        write_plan(cli, source, out)
        rows = plan_rows(openpyxl.load_workbook(out)["Plan"])
        assert [r["Priority"] for r in rows] == list(range(1, len(rows) + 1))
        ids = [r["ID"] for r in rows]
        assert len(ids) == len(set(ids)), "each weak question once"
        with_gap = {q for g in scored["gaps"] for q in g["questions"]}
        assert set(ids) <= with_gap
        stops = [r["Stop"] for r in rows if r["Stop"] is not None]
        if scored["start_here"] in stops:  # its own weak questions, if any, come first
            assert stops[0] == scored["start_here"]
        ranked = [g["stop"] for g in scored["gaps"]]
        groups = list(dict.fromkeys(stops))
        assert groups[1:] == [s for s in ranked if s in groups[1:]], "then the ranked order"
        outcomes = [r for r in rows if r["Stop"] is None]
        assert rows[len(rows) - len(outcomes) :] == outcomes, "outcomes last"


def test_workbook_is_for_editing_and_prints(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(cli, EXAMPLES / "northshire-self.yaml", out)
    ws = openpyxl.load_workbook(out)["Plan"]
    rows = plan_rows(ws)
    first, last = HEADER + 1, HEADER + len(rows)
    assert [ws.cell(HEADER, c).value for c in range(1, len(COLUMNS) + 1)] == list(COLUMNS)
    status_col = openpyxl.utils.get_column_letter(COLUMNS.index("Status") + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(lists[0].sqref) == f"{status_col}{first}:{status_col}{last}"
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False  # filtering stays allowed
    for c, name in enumerate(COLUMNS, start=1):
        locked = ws.cell(first, c).protection.locked
        assert locked == (name not in ("Owner", "Due", "Status", "Notes")), name
    assert ws.freeze_panes == f"D{first}"
    assert ws.auto_filter.ref == f"A{HEADER}:M{last}"
    assert ws.column_dimensions["D"].width >= 30 and ws.cell(first, 4).alignment.wrap_text
    assert_prints(ws, landscape=True, header_row=HEADER)


def assert_prints(
    ws: Any, *, landscape: bool, header_row: int | None, one_page: bool = False
) -> None:
    """A4, the orientation asked for, one page wide (and tall), the header row repeated."""
    setup = ws.page_setup
    assert setup.paperSize == 9, ws.title
    assert setup.orientation == ("landscape" if landscape else "portrait"), ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 1 if one_page else 0), ws.title
    if header_row is not None:
        assert ws.print_title_rows == f"${header_row}:${header_row}", ws.title
    assert ws.page_margins.left <= 0.5


def edit_old_plan(path: Path, edits: dict[str, dict[str, Any]], extra_id: str = "") -> None:
    """Type into a plan as a user would in a spreadsheet: text stays text, dates are dates."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Plan"]
    col = {name: c for c, name in enumerate(COLUMNS, start=1)}
    for r in range(HEADER + 1, ws.max_row + 1):
        for name, value in edits.get(str(ws.cell(r, col["ID"]).value), {}).items():
            cell = ws.cell(r, col[name])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # typed as text, as a spreadsheet keeps '=... typed text
    if extra_id:  # a row for a question the new assessment no longer asks
        r = ws.max_row + 1
        ws.cell(r, col["ID"], extra_id)
        ws.cell(r, col["Question"], "A question since retired")
        ws.cell(r, col["Status"], "Dropped")
    wb.save(path)


def test_previous_plan_carries_over_and_lists_what_closed(cli: Any, tmp_path: Path) -> None:
    old = tmp_path / "2026-plan.xlsx"
    write_plan(cli, answers(tmp_path), old)
    due = dt.date(2027, 3, 31)
    payload = '=HYPERLINK("http://example.invalid","click")'
    edit_old_plan(
        old,
        {
            "A3": {"Owner": "Director of Public Health", "Due": due, "Status": "in progress"},
            "A1": {"Owner": "@alliance chair", "Status": "Done", "Notes": "Signed off in May"},
            "B3": {"Notes": payload, "Due": "Q3", "Owner": "+44 1234"},
        },
        extra_id="Z9",
    )
    # A year on: A1 reached its target, so it has closed; the rest are still gaps.
    new = answers(tmp_path, "gapton-2027.yaml", A1="3")
    out = tmp_path / "2027-plan.xlsx"
    result = write_plan(cli, new, out, "--previous", old)
    assert "2 closed" in result.out
    wb = openpyxl.load_workbook(out)
    rows = {r["ID"]: r for r in plan_rows(wb["Plan"])}
    assert "A1" not in rows
    a3 = rows["A3"]
    assert (a3["Owner"], a3["Status"]) == ("Director of Public Health", "In progress")
    assert a3["Due"].date() == due
    b3 = rows["B3"]
    # Formula payloads stay text: stored as strings, never formulas, shown as typed.
    assert b3["Notes"] == "'" + payload and b3["Owner"] == "'+44 1234" and b3["Due"] == "Q3"
    col = {name: c for c, name in enumerate(COLUMNS, start=1)}
    for r in range(HEADER + 1, wb["Plan"].max_row + 1):
        for name in ("Owner", "Due", "Status", "Notes"):
            assert wb["Plan"].cell(r, col[name]).data_type != "f"
    assert rows["A2"]["Status"] == "Not started" and rows["A2"]["Owner"] is None
    closed = wb["Closed since last plan"]
    head = [closed.cell(3, c).value for c in range(1, 9)]
    assert head == ["ID", "Question", "Was", "Now", "Owner", "Due", "Status", "Notes"]
    listed = {
        closed.cell(r, 1).value: [closed.cell(r, c).value for c in range(1, 9)]
        for r in range(4, closed.max_row + 1)
    }
    assert listed["A1"][2:] == [
        "Planned",
        "In place",
        "'@alliance chair",
        None,
        "Done",
        "Signed off in May",
    ]
    assert listed["Z9"][3] == "not in this assessment" and listed["Z9"][6] == "Dropped"
    # The carried plan is itself a previous plan: the quote added before formula-like text
    # is not doubled year on year.
    again = tmp_path / "2028-plan.xlsx"
    write_plan(cli, new, again, "--previous", out)
    rows = {r["ID"]: r for r in plan_rows(openpyxl.load_workbook(again)["Plan"])}
    assert rows["B3"]["Notes"] == "'" + payload


def test_previous_plan_problems_are_located(cli: Any, tmp_path: Path) -> None:
    old = tmp_path / "old.xlsx"
    write_plan(cli, answers(tmp_path), old)
    edit_old_plan(old, {"A3": {"Status": "Finished"}, "A1": {"Status": "soon"}})
    out = tmp_path / "new.xlsx"
    result = cli("plan", answers(tmp_path), "--out", out, "--previous", old)
    assert result.code == 2
    status_col = openpyxl.utils.get_column_letter(COLUMNS.index("Status") + 1)
    lines = result.err.splitlines()
    assert any(
        f"old.xlsx: sheet 'Plan', {status_col}{HEADER + 1}: Status 'Finished' is not one of" in x
        for x in lines
    ), result.err
    assert any(f"{status_col}{HEADER + 2}: Status 'soon'" in x for x in lines), result.err
    assert not out.exists()
    template = tmp_path / "template.xlsx"
    assert cli("template", str(BANK), "--out", template).code == 0
    result = cli("plan", answers(tmp_path), "--out", out, "--previous", template)
    assert result.code == 2 and "no sheet has a header row with the cells ID, Owner" in result.err
    result = cli("plan", answers(tmp_path), "--out", out, "--previous", tmp_path / "none.xlsx")
    assert result.code == 2 and "none.xlsx: file not found" in result.err
    assert not out.exists()


def test_output_rules(cli: Any, tmp_path: Path) -> None:
    source = answers(tmp_path)
    out = tmp_path / "plan.xlsx"
    out.write_text("someone's file")
    result = cli("plan", source, "--out", out)
    assert result.code == 2 and "--force" in result.err
    assert out.read_text() == "someone's file"
    write_plan(cli, source, out, "--force")
    result = cli("plan", source, "--out", tmp_path / "plan.txt", "--previous", tmp_path / "x.xlsx")
    assert result.code == 2
    assert "ending in .xlsx, .html, .htm, .md" in result.err
    assert "x.xlsx: file not found" in result.err
    html = tmp_path / "plan.html"
    write_plan(cli, source, html)
    write_plan(cli, source, html)  # its own output, unchanged: replaced


class Page(HTMLParser):
    """Collects what the tests check: elements, table captions, row headers and cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[dict[str, Any]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for part in (self._cell, self._caption):
            if part is not None:
                part.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text())
    return page


def assert_accessible(page: Page) -> None:
    assert ("html", {"lang": "en-GB"}) in page.tags
    assert page.count("h1") == 1
    for landmark in ("header", "main", "footer"):
        assert page.count(landmark) == 1, landmark
    assert page.count("script") == 0
    for tag, attrs in page.tags:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs
    for table in page.tables:
        assert table["caption"], table["rows"][:1]


def test_html_and_markdown_have_the_same_rows(cli: Any, tmp_path: Path) -> None:
    data = yaml.safe_load(answers(tmp_path).read_text())
    data["locality"] = "Gap<script>alert(1)</script>ton | x"
    source = tmp_path / "hostile.yaml"
    source.write_text(yaml.safe_dump(data))
    xlsx, html, md = (tmp_path / f"plan.{x}" for x in ("xlsx", "html", "md"))
    for out in (xlsx, html, md):
        write_plan(cli, source, out)
    expected = [
        [str(v) if v is not None else "" for v in r.values()]
        for r in plan_rows(openpyxl.load_workbook(xlsx)["Plan"])
    ]
    page = parse(html)
    assert_accessible(page)
    plan_tables = [t for t in page.tables if t["rows"] and t["rows"][0] == list(COLUMNS)]
    roadmap = load_catalogue([str(BANK)]).roadmap
    title = {s.number: s.title for s in roadmap.stops}
    assert [t["caption"] for t in plan_tables] == [
        f"Stop 6: {title[6]} (start here), shortfall 75%",
        f"Stop 12: {title[12]}, shortfall 100% (few answers: not ranked)",
        f"Stop 2: {title[2]}, shortfall 17% (few answers: not ranked)",
        "Outcomes: results below their target that point to no stop",
    ]
    assert [row for t in plan_tables for row in t["rows"][1:]] == expected
    assert "Gap<script>alert(1)</script>ton | x" in "".join(page.text)  # shown, escaped
    to_answer = next(t for t in page.tables if t["caption"].startswith("Questions still"))
    assert [r[0] for r in to_answer["rows"][1:]] == ["B2"]

    text = md.read_text()
    assert "<script>" not in text
    table_rows = [
        [c.strip() for c in line.strip()[1:-1].split(" | ")]
        for line in text.splitlines()
        if line.startswith("| ") and line[2:3].isdigit()
    ]
    assert [r[:3] for r in table_rows] == [r[:3] for r in expected]
    assert [r[11] for r in table_rows] == [r[11] for r in expected]
    assert "## To answer" in text and "| B2 |" in text


def test_html_closed_section_with_previous(cli: Any, tmp_path: Path) -> None:
    old = tmp_path / "old.xlsx"
    write_plan(cli, answers(tmp_path), old)
    edit_old_plan(old, {"A1": {"Notes": "<b>done</b>", "Status": "Done"}})
    html = tmp_path / "plan.html"
    write_plan(cli, answers(tmp_path, "new.yaml", A1="4"), html, "--previous", old)
    page = parse(html)
    assert_accessible(page)
    closed = next(t for t in page.tables if t["caption"].startswith("In "))
    assert closed["rows"][1][0] == "A1" and closed["rows"][1][-1] == "<b>done</b>"
    assert page.count("b") == 0


def test_plan_opens_in_libreoffice_with_the_drop_down(cli: Any, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "plan.xlsx"
    write_plan(cli, answers(tmp_path), out)
    saved = tmp_path / "saved"
    saved.mkdir()
    for fmt in ("pdf", "xlsx"):
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                *("--convert-to", fmt, "--outdir", str(saved), str(out)),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    assert (saved / "plan.pdf").read_bytes().startswith(b"%PDF")
    ws = openpyxl.load_workbook(saved / "plan.xlsx")["Plan"]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all(s in lists[0].formula1 for s in STATUSES)
    assert ws.protection.sheet
    # Saved by LibreOffice, it still serves as last year's plan.
    again = tmp_path / "again.xlsx"
    write_plan(cli, answers(tmp_path), again, "--previous", saved / "plan.xlsx")
