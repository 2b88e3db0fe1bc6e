"""Accessibility checks for the HTML pages clear writes (WCAG 2.2 AA).

Two kinds:

- :func:`structure_problems`: what Python can check without a browser, from the parsed page:
  ``lang``, one ``h1`` and no skipped heading level, the header/nav/main/footer landmarks
  holding all content, table captions and header scopes, charts with a title, a description
  and their figures in a table, band badges with a word and 4.5:1 text contrast.
- :func:`run_axe`: axe-core, the standard accessibility engine, in headless Chromium. axe is
  injected inline into a copy of the page with a script that runs it and writes the result
  into the page; Chromium dumps the page's DOM and the result is read back out of it, so no
  driver or extra Python package is needed. :func:`axe_missing` says why it cannot run.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from clear_cli.outputs.contrast import AA_TEXT, contrast

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
LANDMARKS = ("header", "nav", "main", "footer")
SCOPES = {"col", "row", "colgroup", "rowgroup"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def ancestor(self, *tags: str) -> Element | None:
        node = self.parent
        while node is not None and node.tag not in tags:
            node = node.parent
        return node

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Builder(HTMLParser):
    """A tree like the one a browser builds, from well-formed pages (clear writes nothing else)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.node = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.node.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.node))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data: str) -> None:
        self.node.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def structure_problems(html: str) -> list[str]:
    """Every accessibility problem found in the page's structure, as readable lines."""
    doc = parse(html)
    problems: list[str] = []
    htmls = doc.find_all("html")
    if not htmls or not htmls[0].attrs.get("lang"):
        problems.append("<html> has no lang")
    problems += _heading_problems(doc)
    problems += _landmark_problems(doc)
    problems += _table_problems(doc)
    problems += _chart_problems(doc)
    problems += _badge_problems(doc)
    return problems


def _heading_problems(doc: Element) -> list[str]:
    headings = [e for e in doc.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    problems = []
    ones = [h for h in headings if h.tag == "h1"]
    if len(ones) != 1:
        problems.append(f"{len(ones)} <h1> elements; a page has exactly one")
    level = 0
    for h in headings:
        n = int(h.tag[1])
        if not h.text():
            problems.append(f"empty <{h.tag}>")
        if n > level + 1:
            problems.append(f"<{h.tag}> {h.text()!r} skips a level (after h{level})")
        level = n
    return problems


def _landmark_problems(doc: Element) -> list[str]:
    bodies = doc.find_all("body")
    if not bodies:
        return ["no <body>"]
    body = bodies[0]
    problems = []
    for child in body.children:
        if isinstance(child, str):
            if child.strip():
                problems.append(f"text outside any landmark: {child.strip()[:60]!r}")
        elif child.tag not in LANDMARKS and child.tag != "script":
            problems.append(f"<{child.tag}> outside any landmark")
    for tag in LANDMARKS:
        count = sum(1 for c in body.children if isinstance(c, Element) and c.tag == tag)
        if count != 1:
            problems.append(f"{count} top-level <{tag}> landmarks; a page has one")
    navs = [n for n in doc.find_all("nav") if not n.attrs.get("aria-label")]
    problems += ["<nav> without an aria-label" for _ in navs]
    return problems


def _table_problems(doc: Element) -> list[str]:
    problems = []
    for i, table in enumerate(doc.find_all("table"), start=1):
        captions = [c for c in table.children if isinstance(c, Element) and c.tag == "caption"]
        named = (captions and captions[0].text()) or table.attrs.get("aria-label")
        if not named:
            problems.append(f"table {i} has no caption (or aria-label)")
        ths = table.find_all("th")
        if not ths:
            problems.append(f"table {i} has no header cells")
        for th in ths:
            if th.attrs.get("scope") not in SCOPES:
                problems.append(f"table {i}: <th> {th.text()[:40]!r} has no scope")
        for td in table.find_all("td"):
            if td.ancestor("thead") is not None:
                problems.append(f"table {i}: a <td> in <thead>")
    return problems


def _chart_problems(doc: Element) -> list[str]:
    problems = []
    for i, svg in enumerate(doc.find_all("svg"), start=1):
        kids = {c.tag: c for c in svg.children if isinstance(c, Element)}
        if svg.attrs.get("role") != "img":
            problems.append(f"chart {i} has no role=img")
        for part in ("title", "desc"):
            if part not in kids or not kids[part].text():
                problems.append(f"chart {i} has no <{part}>")
        for part, attr in (("title", "aria-labelledby"), ("desc", "aria-describedby")):
            if part in kids and kids[part].attrs.get("id") not in svg.attrs.get(attr, "").split():
                problems.append(f"chart {i}: {attr} does not name its <{part}>")
        values = [t.text() for t in svg.find_all("text") if "value" in t.classes()]
        if not values:
            problems.append(f"chart {i} marks no figures (class=value)")
        section = svg.ancestor("section", "main", "body")
        cells = {c.text() for c in (section or doc).iter() if c.tag in {"td", "th"}}
        missing = [v for v in values if v not in cells]
        if missing:
            problems.append(f"chart {i}: figures not in a table beside it: {missing[:5]}")
    return problems


def _badge_problems(doc: Element) -> list[str]:
    """Band badges: a word, not colour alone, and text at 4.5:1 on the badge's colour."""
    problems = []
    for badge in (e for e in doc.iter() if "band" in e.classes()):
        if not badge.text():
            problems.append("a band badge without its word")
        style = {
            k.strip(): v.strip()
            for k, v in (d.split(":", 1) for d in badge.attrs.get("style", "").split(";") if d)
        }
        fg, bg = style.get("color"), style.get("background")
        if not (fg and bg):
            problems.append(f"band badge {badge.text()!r} without both text and background colour")
        elif contrast(fg, bg) < AA_TEXT:
            problems.append(
                f"band badge {badge.text()!r}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
            )
    return problems


def markdown_heading_problems(text: str) -> list[str]:
    """One ``#`` title and no skipped level, outside code fences."""
    problems, level, fenced, titles = [], 0, False, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"(#{1,6}) +\S", line)
        if fenced or not m:
            continue
        n = len(m.group(1))
        titles += n == 1
        if n > level + 1:
            problems.append(f"line {number}: heading level {n} after level {level}")
        level = n
    if titles != 1:
        problems.append(f"{titles} '#' titles; a document has exactly one")
    return problems


# --- axe-core in headless Chromium ---------------------------------------------------------

RUNNER = """<script>
window.addEventListener("load", function () {
  function put(name, value) {
    var el = document.createElement("div");
    el.id = "axe-result";
    el.setAttribute(name, value);
    document.documentElement.appendChild(el);
  }
  axe.run(document).then(function (r) {
    var s = JSON.stringify({violations: r.violations, passes: r.passes.length});
    put("data-result", btoa(unescape(encodeURIComponent(s))));
  }, function (e) { put("data-error", String(e)); });
});
</script>"""


def browser() -> str | None:
    """Chromium (or Chrome): the one named by $CHROMIUM, else the first on the PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def axe_missing() -> str | None:
    """Why axe cannot run here, or None when it can."""
    if browser() is None:
        return "no Chromium found (install chromium, or set CHROMIUM to a Chrome binary)"
    if not AXE_JS.is_file():
        return f"axe-core is not installed at {AXE_JS.relative_to(ROOT)} (run make with npm)"
    return None


def run_axe(html: str, work: Path) -> list[dict[str, Any]]:
    """axe-core's violations on the page ``html`` (rules with their failing nodes)."""
    axe = AXE_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    injected = html.replace("</head>", f"<script>{axe}</script>{RUNNER}</head>", 1)
    page = work / "page-with-axe.html"
    page.write_text(injected, encoding="utf-8")
    command = [
        str(browser()),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={work / 'profile'}",
        "--virtual-time-budget=30000",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    found = re.search(r'id="axe-result" data-(result|error)="([^"]*)"', done.stdout)
    if found is None:
        raise RuntimeError(f"axe gave no result; Chromium said: {done.stderr[-2000:]}")
    if found.group(1) == "error":
        raise RuntimeError(f"axe failed: {found.group(2)}")
    result: dict[str, Any] = json.loads(base64.b64decode(found.group(2)).decode("utf-8"))
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as lines a person can act on: rule, impact, what to fix, where."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']} {v['helpUrl']}")
        for node in v["nodes"][:10]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:240]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)
