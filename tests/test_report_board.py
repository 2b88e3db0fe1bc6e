"""The report as a board meets it: the summary that opens it (HTML parsed into a tree, and
Markdown read by its headings), checked against what `clear score --json` says."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from clear_cli.core.board import ACTIONS_PER_STOP, TOP_STOPS
from tests.conftest import EXAMPLES, ROOT
from tests.test_report import _cells, _md_tables

NORTHSHIRE = EXAMPLES / "northshire-self.yaml"
VOID = {"meta", "br", "img", "input", "hr", "link", "col", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def nodes(self) -> Iterator[Node]:
        """This node and every element under it, in document order."""
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.nodes()

    def all(self, test: str | Callable[[Node], bool]) -> list[Node]:
        if isinstance(test, str):
            tag = test
            return [n for n in self.nodes() if n.tag == tag]
        return [n for n in self.nodes() if test(n)]

    def one(self, test: str | Callable[[Node], bool]) -> Node:
        found = self.all(test)
        assert len(found) == 1, (test, len(found))
        return found[0]

    def id(self, id_: str) -> Node:
        return self.one(lambda n: n.attrs.get("id") == id_)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    return builder.root


def _run(*args: str | Path) -> str:
    from clear_cli.cli.app import STATE, app

    STATE.debug = False
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@dataclass
class Report:
    tree: Node
    markdown: str
    score: dict[str, Any]
    answers: dict[str, Any]


@pytest.fixture(scope="module")
def northshire(tmp_path_factory: pytest.TempPathFactory) -> Report:
    out = tmp_path_factory.mktemp("board")
    _run("report", NORTHSHIRE, "--out", out / "r.html")
    _run("report", NORTHSHIRE, "--out", out / "r.md")
    return Report(
        tree=parse((out / "r.html").read_text(encoding="utf-8")),
        markdown=(out / "r.md").read_text(encoding="utf-8"),
        score=json.loads(_run("score", NORTHSHIRE, "--json")),
        answers=yaml.safe_load(NORTHSHIRE.read_text(encoding="utf-8")),
    )


def _bands() -> list[dict[str, Any]]:
    bands: list[dict[str, Any]] = yaml.safe_load((ROOT / "frameworks/scoring.yaml").read_text())[
        "bands"
    ]
    return bands


def _label(band: str) -> str:
    return next(str(b["label"]) for b in _bands() if b["name"] == band)


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def _ranked_start_first(score: dict[str, Any]) -> list[dict[str, Any]]:
    ranked = [g for g in score["gaps"] if g["ranked"]]
    start = [g for g in ranked if g["stop"] == score["start_here"]]
    return (start + [g for g in ranked if g["stop"] != score["start_here"]])[:TOP_STOPS]


def test_landmarks_one_h1_and_headings_in_order(northshire: Report) -> None:
    html = northshire.tree.one("html")
    assert html.attrs["lang"].startswith("en")
    body = html.one("body")
    landmarks = [n.tag for n in body.elements()]
    assert landmarks == ["header", "nav", "main", "footer"]
    assert body.one("nav").attrs.get("aria-label") == "Contents"
    assert len(body.all("h1")) == 1 and body.one("header").all("h1")
    levels = [int(n.tag[1]) for n in body.nodes() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"h{before} followed by h{after}"


def test_header_names_the_locality_date_and_assessors(northshire: Report) -> None:
    header = northshire.tree.one("header")
    locality = northshire.score["locality"]
    assert header.one("h1").text.startswith(f"{locality}: CLeaR")
    date = dt.date.fromisoformat(northshire.score["date"])
    assert f"{date.day} {date:%B %Y}" in header.text
    for person in northshire.answers["assessors"]:
        assert " ".join(person.split()) in header.text


def test_summary_opens_main_with_scores_chart_and_table(northshire: Report) -> None:
    main = northshire.tree.one("main")
    sections = [n for n in main.elements() if n.tag == "section"]
    assert sections[0].attrs["id"] == "summary"
    summary = sections[0]
    assert summary.one("h2").text == "Board summary"
    score = northshire.score
    rows = [("Overall", score["overall"])] + [(b["title"], b) for b in score["banks"]]
    # The chart: an image with a title and a description holding every figure.
    svg = summary.one("svg")
    assert svg.attrs["role"] == "img"
    title, desc = svg.one("title"), svg.one("desc")
    assert svg.attrs["aria-labelledby"] == title.attrs["id"]
    assert svg.attrs["aria-describedby"] == desc.attrs["id"]
    for name, data in rows:
        assert f"{name}: {_pct(data['percent'])}, {_label(data['band'])}" in desc.text
    # The table: the same figures, with a caption and headers that say what they head.
    table = summary.id("summary-scores")
    assert table.one("caption").text
    for th in table.all("th"):
        assert th.attrs.get("scope") in {"col", "row"}, th.text
    body_rows = [tr for tr in table.all("tr") if tr.all("td")]
    got = [(tr.one("th").text, tr.all("td")[0].text, tr.all("td")[1].text) for tr in body_rows]
    want = [(n, _pct(d["percent"]), _label(d["band"])) for n, d in rows[1:] + rows[:1]]
    assert got == want
    # The band word always sits beside its colour.
    for swatch in summary.all(lambda n: "swatch" in n.classes()):
        assert swatch.attrs.get("aria-hidden") == "true"
    words = [n.text for n in summary.all(lambda n: "band-word" in n.classes())]
    assert words and set(words) <= {str(b["label"]) for b in _bands()}
    done = score["completeness"]
    assert f"{done['answered']} of {done['questions']} questions answered" in (
        summary.id("completeness").text
    )
    assert not summary.all(lambda n: n.attrs.get("id") == "provisional")


def _contrast(hex_colour: str, background: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(hex_colour), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_chart_text_is_readable(northshire: Report) -> None:
    texts = northshire.tree.id("summary").one("svg").all("text")
    assert texts
    for t in texts:
        assert _contrast(t.attrs["fill"]) >= 4.5, t.attrs["fill"]


def test_where_to_start_in_one_sentence(northshire: Report) -> None:
    start = northshire.score["start_here"]
    chosen = next(g for g in northshire.score["gaps"] if g["stop"] == start)
    box = northshire.tree.id("start-here")
    assert box.one("h3").text == f"Where to start: stop {start}, {chosen['title']}"
    sentence = box.one(lambda n: "sentence" in n.classes()).text
    assert sentence.startswith(f"Start at stop {start} ({chosen['title']})")
    assert _pct(chosen["shortfall"]) in sentence
    assert sentence.count(". ") == 0 and sentence.endswith(".")


def test_top_stops_with_the_actions_closing_most_and_who_could_lead(northshire: Report) -> None:
    score = northshire.score
    want = _ranked_start_first(score)
    items = northshire.tree.id("priorities").all(lambda n: "priority" in n.classes())
    assert 3 <= len(items) <= 5
    assert [li.attrs["id"] for li in items] == [f"priority-{g['stop']}" for g in want]
    assert "start here" in items[0].one("h4").text
    seen: list[str] = []
    for li, gap in zip(items, want, strict=True):
        assert li.one("h4").text.startswith(f"Stop {gap['stop']}: {gap['title']}")
        assert f"{_pct(gap['shortfall'])} short of its target, across" in li.text
        actions = li.one("ul").all("li")
        assert 1 <= len(actions) <= ACTIONS_PER_STOP
        for action in actions:
            who = action.one(lambda n: "who" in n.classes()).text
            found = re.fullmatch(r"\((\S+); (could lead: .+|lead to agree)\)", who)
            assert found, who
            assert found[1] in gap["questions"]  # it has a gap at this stop
            seen.append(found[1])
        # Listed largest share of the gap first: the order of the stop's own question list.
        ids = seen[-len(actions) :]
        assert ids == sorted(ids, key=gap["questions"].index)
    assert len(seen) == len(set(seen)), "no action twice in the summary"


def test_what_is_strong(northshire: Report) -> None:
    text = northshire.tree.id("strengths").text
    top = _bands()[-1]
    low = float(_bands()[-2]["below"])
    for bank in northshire.score["banks"]:
        if bank["band"] == top["name"]:
            assert f"{bank['title']} ({_pct(bank['percent'])})" in text
        else:
            for s in bank["sections"]:
                strong = s["max"] > 0 and s["percent"] >= low
                assert (f"{s['title']} ({_pct(s['percent'])})" in text) == strong, s["title"]


def test_after_the_summary_a_new_page_and_the_questions_are_an_appendix(
    northshire: Report,
) -> None:
    main = northshire.tree.one("main")
    sections = [n for n in main.elements() if n.tag == "section"]
    ids = [s.attrs["id"] for s in sections]
    assert ids == ["summary", "scores", "gaps", "missing", "method", "questions"]
    assert "new-page" in sections[1].classes()
    appendix = sections[-1]
    assert {"appendix", "new-page"} <= appendix.classes()
    assert appendix.one("h2").text.startswith("Appendix:")
    every = set(northshire.answers["answers"]) | {
        q for b in northshire.score["banks"] for q in b["unanswered"]
    }
    listed = [tr.all("td")[0].text for tr in appendix.all("tr") if tr.all("td")]
    assert every <= set(listed) and len(listed) == len(set(listed))
    assert len(listed) == northshire.score["completeness"]["questions"]
    style = northshire.tree.one("style").text
    assert "@page { size: A4;" in style and "display: table-header-group" in style


def test_each_weak_question_once_in_the_gap_analysis(northshire: Report) -> None:
    gaps = northshire.tree.id("gaps")
    rows = [
        tr.all("td")[0].one("strong").text
        for table in gaps.all(lambda n: n.tag == "table" and "weak" in n.classes())
        for tr in table.all("tr")
        if tr.all("td")
    ]
    assert len(rows) == len(set(rows)), "no weak question twice"
    appendix = northshire.tree.id("questions")
    with_gap = {
        tr.all("td")[0].text for tr in appendix.all("tr") if tr.all("td") and tr.all("td")[4].text
    }
    assert set(rows) == with_gap
    assert {q for g in northshire.score["gaps"] for q in g["questions"]} <= set(rows)


def _headings(markdown: str) -> list[tuple[int, str]]:
    out = []
    for line in markdown.splitlines():
        found = re.match(r"(#{1,6}) (.+)", line)
        if found:
            out.append((len(found[1]), found[2]))
    return out


def test_markdown_opens_with_the_same_summary(northshire: Report) -> None:
    md = northshire.markdown
    heads = _headings(md)
    assert [h for level, h in heads if level == 1] == ["Northshire: CLeaR self-assessment"]
    for (before, _), (after, text) in itertools.pairwise(heads):
        assert after <= before + 1, text
    h2 = [h for level, h in heads if level == 2]
    assert h2[0] == "Board summary" and h2[-1].startswith("Appendix:")
    summary = heads[heads.index((2, "Board summary")) + 1 : heads.index((2, h2[1]))]
    want = _ranked_start_first(northshire.score)
    start = want[0]
    assert [h for level, h in summary if level == 3] == [
        "Scores",
        f"Where to start: stop {start['stop']}, {start['title']}",
        f"The {len(want)} stops to work on first",
        "What is strong",
    ]
    stops = [h for level, h in summary if level == 4]
    assert stops[0] == f"1. Stop {start['stop']}: {start['title']} (start here)"
    numbers = re.findall(r"^\d+\. Stop (\d+):", "\n".join(stops), flags=re.M)
    assert numbers == [str(g["stop"]) for g in want]
    # Under each stop, its actions as a list, each naming a question with a gap there.
    blocks = re.split(r"^#### ", md.split("### What is strong")[0], flags=re.M)[1:]
    for block, gap in zip(blocks, want, strict=True):
        bullets = [line for line in block.splitlines() if line.startswith("- ")]
        assert 1 <= len(bullets) <= ACTIONS_PER_STOP
        for line in bullets:
            qid = re.search(r"\((\S+); (could lead: |lead to agree)", line)
            assert qid and qid[1] in gap["questions"], line
    for table in _md_tables(md):
        assert len({_cells(row) for row in table}) == 1, table[0]
