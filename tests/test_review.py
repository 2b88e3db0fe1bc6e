"""``clear review SELF PEER``: the peer review report in Word, HTML and Markdown, and the
notes file it is written from (drafted by --init, checked with located messages)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import accessibility_checks as a11y
from tests.conftest import EXAMPLES, ROOT
from tests.docx_helpers import (
    document_xml,
    header_rows_repeat,
    headings,
    open_docx,
    pdf_pages,
    soffice,
    to_pdf,
)

SELF = EXAMPLES / "northshire-self.yaml"
PEER = EXAMPLES / "northshire-peer.yaml"
NOTES = EXAMPLES / "reviews" / "northshire-review-notes.yaml"
SECTIONS = [
    "Who reviewed and how",
    "Summary of the overall view",
    "Strengths",
    "Areas for improvement",
    "Recommendations",
    "Where the self-assessment and the peers differ most",
    "The locality's response",
    "How the scores were made",
    "Annex: the full comparison",
]


def _notes() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(NOTES.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from clear_cli.cli.app import app

    out = tmp_path_factory.mktemp("review") / "northshire-review.docx"
    res = CliRunner().invoke(
        app, ["review", str(SELF), str(PEER), "--notes", str(NOTES), "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    return out


def test_word_report_has_real_headings_in_order(word: Path) -> None:
    doc = open_docx(word)
    found = headings(doc)
    assert found[0] == ("Title", "Peer review: Northshire")
    top = [text for style, text in found if style == "Heading 1"]
    assert top == SECTIONS
    assert any(style == "Heading 2" and text.startswith("Stop ") for style, text in found)


def test_word_recommendations_are_numbered_in_the_peers_words(word: Path) -> None:
    doc = open_docx(word)
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    wanted = _notes()["recommendations"]
    assert len(numbered) == len(wanted)
    for para, rec in zip(numbered, wanted, strict=True):
        assert para.startswith(" ".join(rec["text"].split())[:60])
        assert f"({rec['id']}; stop {rec['stop']}," in para
        assert f"suggested owner: {rec['owner']}" in para


def test_word_carries_the_peers_summary_documents_and_people(word: Path) -> None:
    doc = open_docx(word)
    text = "\n".join(p.text for p in doc.paragraphs)
    notes = _notes()
    assert " ".join(notes["summary"].split())[:120] in text
    for item in (*notes["documents"], *notes["people"], *notes["reviewers"]):
        assert item in text
    assert "Drafted by clear" not in text.split("Areas for improvement")[0]  # their own words
    assert "31 May 2027" in text  # the date to look again


def test_word_tables_repeat_their_header_rows_and_properties_are_set(word: Path) -> None:
    doc = open_docx(word)
    assert header_rows_repeat(doc)
    props = doc.core_properties
    assert props.title == "Peer review: Northshire"
    assert "Director of Public Health, Eastmoor" in props.author
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 2.0
    # the scores chart as a table: each bank with both sides' percent
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Bank", "Self", "Peers", "Difference"]
    assert first.rows[-1].cells[0].text == "Overall"


def test_word_shows_both_evidence_notes_where_the_sides_differ(word: Path) -> None:
    doc = open_docx(word)
    text = "\n".join(p.text for p in doc.paragraphs)
    peer = yaml.safe_load(PEER.read_text(encoding="utf-8"))["answers"]
    own = yaml.safe_load(SELF.read_text(encoding="utf-8"))["answers"]
    part = text.split("Where the self-assessment and the peers differ most")[1]
    listed = [p.text.split(":")[0] for p in doc.paragraphs if p.style.name == "Heading 2"]
    shown = [i for i in listed if i in peer and i in own and i in part]
    assert shown
    for qid in shown[:3]:
        assert peer[qid]["evidence"][:50] in part
        assert own[qid]["evidence"][:50] in part


@pytest.mark.skipif(soffice() is None or shutil.which("pdfinfo") is None, reason="no LibreOffice")
def test_northshire_review_prints_on_at_most_30_pages(word: Path, tmp_path: Path) -> None:
    pdf = to_pdf(word, tmp_path)
    assert 5 <= pdf_pages(pdf) <= 30
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"<!-- readme-review-pages -->(\d+)<!-- /readme-review-pages -->", readme)
    assert quoted is not None
    assert int(quoted[1]) == pdf_pages(pdf), "the README quotes another page count: update it"


def test_html_review_is_accessible_and_holds_the_peers_words(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    res = cli("review", SELF, PEER, "--notes", NOTES, "--out", out)
    assert res.code == 0, res
    html = out.read_text(encoding="utf-8")
    assert a11y.structure_problems(html) == []
    doc = a11y.parse(html)
    lists = [e for e in doc.find_all("ol") if "recommendations" in e.classes()]
    assert len(lists) == 1
    items = lists[0].find_all("li")
    assert len(items) == len(_notes()["recommendations"])
    assert "Check every pharmacy adviser" in items[0].text()
    assert [h.text() for h in doc.find_all("h2")][: len(SECTIONS)] == SECTIONS


def test_markdown_review_numbers_its_recommendations(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    assert cli("review", SELF, PEER, "--notes", NOTES, "--out", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert a11y.markdown_heading_problems(text) == []
    assert "\n1. Check every pharmacy adviser" in text
    assert "\n5. Keep a log of the intelligence" in text
    assert "## Recommendations" in text


def test_without_notes_everything_drafted_is_marked(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    res = cli("review", SELF, PEER, "--out", out)
    assert res.code == 0 and "drafted" in res.out
    text = out.read_text(encoding="utf-8")
    summary = text.split("## Summary of the overall view")[1].split("##")[0]
    assert "**Draft.**" in summary
    recs = text.split("## Recommendations")[1].split("\n## ")[0]
    assert "**Draft.**" in recs
    assert "suggested owner:" in recs


def test_init_drafts_a_notes_file_that_reads_back(cli: Any, tmp_path: Path) -> None:
    notes = tmp_path / "review.yaml"
    res = cli("review", SELF, PEER, "--notes", notes, "--init")
    assert res.code == 0, res
    data = yaml.safe_load(notes.read_text(encoding="utf-8"))
    assert data["locality"] == "Northshire" and data["status"] == "draft"
    assert data["strengths"] and data["areas"] and data["recommendations"]
    assert all(r["questions"] and r["owner"] and r["stop"] for r in data["recommendations"])
    out = tmp_path / "review.docx"
    assert cli("review", SELF, PEER, "--notes", notes, "--out", out).code == 0
    text = "\n".join(p.text for p in open_docx(out).paragraphs)
    assert "status: draft" in text
    # clear wrote it and nobody changed it: --init may replace it; once edited, it may not
    assert cli("review", SELF, PEER, "--notes", notes, "--init").code == 0
    notes.write_text(notes.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    res = cli("review", SELF, PEER, "--notes", notes, "--init")
    assert res.code == 2 and "--force" in res.err


def _write_notes(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _review(cli: Any, notes: Path, out: Path) -> Any:
    res = cli("review", SELF, PEER, "--notes", notes, "--out", out)
    assert res.code == 2, res
    assert not out.exists()
    assert "Traceback" not in res.err
    return res


def test_notes_that_are_not_yaml_are_located(cli: Any, tmp_path: Path) -> None:
    notes = _write_notes(tmp_path, "locality: Northshire\nsummary: [unclosed\n")
    res = _review(cli, notes, tmp_path / "r.docx")
    assert "notes.yaml:" in res.err


def test_unknown_question_ids_and_stops_are_located(cli: Any, tmp_path: Path) -> None:
    notes = _write_notes(
        tmp_path,
        "locality: Northshire\n"
        "strengths:\n"
        "  - text: Good\n"
        "    questions: [L1.1, ZZ9.9]\n"
        "recommendations:\n"
        "  - id: R1\n"
        "    text: Do it\n"
        "    stop: 13\n"
        "  - id: R1\n"
        "    text: Again\n"
        "    stop: 3\n",
    )
    res = _review(cli, notes, tmp_path / "r.html")
    lines = res.err.splitlines()
    assert any("notes.yaml:4:23:" in x and "'ZZ9.9' is not a question" in x for x in lines)
    assert any(
        "notes.yaml:8:11:" in x and "stop 13 is not a roadmap stop (1-12)" in x for x in lines
    )
    assert any("notes.yaml:9:9:" in x and "'R1' is given twice" in x for x in lines)


def test_unknown_fields_and_another_locality_are_located(cli: Any, tmp_path: Path) -> None:
    notes = _write_notes(
        tmp_path, "locality: Southvale\nsumary: typo\nareas:\n  - stop: 3\n    txt: x\n"
    )
    res = _review(cli, notes, tmp_path / "r.md")
    assert "notes.yaml:2:1:" in res.err and "did you mean 'summary'" in res.err
    assert "notes.yaml:5:5:" in res.err


def test_a_huge_notes_file_is_refused_quickly(cli: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_bytes(b"locality: Northshire\nsummary: '" + b"x" * (6 * 1024 * 1024) + b"'\n")
    _review(cli, notes, tmp_path / "r.md")


def test_two_self_assessments_are_not_a_review(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    res = cli("review", SELF, EXAMPLES / "northshire-2025.yaml", "--out", out)
    assert res.code == 2 and "not a self-assessment and a peer assessment" in res.err
    assert not out.exists()


HOSTILE = (
    'Bell\x07 esc\x1b]0;TITLE\x07 <script>alert(1)</script> =HYPERLINK("http://evil.example") '
    '{ HYPERLINK "http://evil.example" } {{ 7*7 }} \u202eright-to-left'
)


def test_hostile_text_in_notes_and_evidence_stays_plain_text(cli: Any, tmp_path: Path) -> None:
    peer = yaml.safe_load(PEER.read_text(encoding="utf-8"))
    first = next(q for q, a in peer["answers"].items() if isinstance(a, dict) and a.get("note"))
    peer["answers"][first]["evidence"] = HOSTILE
    peer["notes"] = HOSTILE
    peer_file = tmp_path / "peer.json"
    peer_file.write_text(json.dumps(peer, default=str), encoding="utf-8")
    notes = _notes()
    notes["summary"] = HOSTILE
    notes["recommendations"][0]["text"] = HOSTILE
    notes["people"] = [HOSTILE]
    notes_file = tmp_path / "notes.json"
    notes_file.write_text(json.dumps(notes, default=str), encoding="utf-8")
    for suffix in (".docx", ".html", ".md"):
        out = tmp_path / f"review{suffix}"
        res = cli("review", SELF, peer_file, "--notes", notes_file, "--out", out)
        assert res.code == 0, res
        if suffix == ".docx":
            xml = document_xml(out)
            for tag in ("w:fldSimple", "w:instrText", "w:hyperlink", "w:fldChar"):
                assert tag not in xml
            assert "\x07" not in xml and "\x1b" not in xml and "\u202e" not in xml
            text = "\n".join(p.text for p in open_docx(out).paragraphs)
            assert "<script>alert(1)</script>" in text  # shown as typed, as text
            assert "{{ 7*7 }}" in text
        else:
            body = out.read_text(encoding="utf-8")
            assert "<script>" not in body and "\x1b" not in body and "\u202e" not in body
            assert "49" not in body.split("7*7")[0][-10:]


def test_review_notes_schema_is_committed_and_fits_the_example(cli: Any) -> None:
    import jsonschema

    res = cli("schema", "review-notes")
    assert res.code == 0
    schema = json.loads(res.out)
    assert json.loads((ROOT / "schemas" / "review-notes.schema.json").read_text()) == schema
    data = yaml.safe_load(NOTES.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)
    assert "clear schema review-notes > schemas/review-notes.schema.json" in (
        ROOT / "Makefile"
    ).read_text(encoding="utf-8")
