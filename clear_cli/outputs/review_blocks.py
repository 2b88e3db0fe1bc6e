"""The peer review report as a list of blocks (headings, paragraphs, lists, tables), built
once from a :class:`~clear_cli.core.review.Review` and written three ways: Word
(:mod:`clear_cli.outputs.docx.review_docx`), HTML and Markdown (``templates/review.*.j2``).
One list of blocks keeps the three formats saying the same thing in the same order.

Every text here is plain: the writers escape it for their format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from clear_cli.core.compare import Side, answer_label
from clear_cli.core.review import Pair, Review
from clear_cli.core.scoring import QuestionScore
from clear_cli.outputs.wording import pct1, signed, signed_level

#: A paragraph's parts: plain text, or ("bold" | "italic", text).
Part = str | tuple[str, str]


@dataclass(frozen=True)
class Heading:
    block: ClassVar[str] = "heading"
    level: int  # 0 the title, 1-3 headings
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Para:
    block: ClassVar[str] = "para"
    parts: list[Part]
    kind: str = ""  # "", "draft" (drafted by clear: to replace), "muted", "space" (to fill in)


@dataclass(frozen=True)
class Items:
    block: ClassVar[str] = "items"
    items: list[list[Part]]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    block: ClassVar[str] = "table"
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns of figures, right-aligned
    widths: list[float] | None = None  # centimetres, in Word


@dataclass(frozen=True)
class PageBreak:
    block: ClassVar[str] = "pagebreak"


Block = Heading | Para | Items | Table | PageBreak

DRAFTED = (
    "Drafted by clear from the two assessments: replace it with the review team's own words "
    "in the notes file."
)


def _date(d: dt.date | None) -> str:
    return d.strftime("%-d %B %Y") if d else "undated"


def _evidence(q: QuestionScore) -> str:
    r = q.response
    evidence = r.evidence.strip()
    if evidence and evidence[-1] not in ".!?;:":
        evidence += "."
    parts = [evidence] if evidence else []
    if r.note:
        parts.append(f"Note: {r.note}")
    return " ".join(parts) or "No evidence recorded."


def _side_line(side: Side, what: str) -> list[Part]:
    who = "; ".join(side.assessors) or "assessors not named"
    line: list[Part] = [
        ("bold", f"{what}: "),
        f"{_date(side.date)}, by {who}. {side.completeness:.0f}% of questions answered",
    ]
    line.append(": provisional, below 80%." if side.provisional else ".")
    return line


def build_blocks(r: Review) -> list[Block]:
    """The whole report, in order."""
    out: list[Block] = [Heading(0, f"Peer review: {r.own.locality}", "top")]
    out.append(
        Para(
            [
                f"CLeaR peer review report. Self-assessment of {_date(r.own.date)}; peer "
                f"assessment of {_date(r.peer.date)}."
            ],
            "muted",
        )
    )
    if r.notes_draft:
        out.append(
            Para(
                [
                    ("bold", "Draft: "),
                    "the review team's notes are marked 'status: draft'. Set 'status: final' "
                    "in the notes file when they are agreed.",
                ],
                "draft",
            )
        )
    out += _who(r)
    out += _summary(r)
    out += _strengths(r)
    out += _areas(r)
    out += _recommendations(r)
    out += _differences(r)
    out += _response(r)
    out += _method(r)
    out.append(PageBreak())
    out += _annex(r)
    return out


def _who(r: Review) -> list[Block]:
    out: list[Block] = [Heading(1, "Who reviewed and how", "who")]
    reviewers = r.reviewers or ["Not named in the peer assessment or the notes."]
    out.append(Para([("bold", "Review team")]))
    out.append(Items([[x] for x in reviewers]))
    if r.dates:
        out.append(Para([("bold", "Dates: "), "; ".join(_date(d) for d in r.dates) + "."]))
    out.append(Para(_side_line(r.own, "Self-assessment")))
    out.append(Para(_side_line(r.peer, "Peer assessment")))
    if r.peer.notes:
        out.append(Para([("bold", "How the peers worked: "), r.peer.notes]))
    for title, values, key in (
        ("Documents read", r.documents, "documents"),
        ("People met", r.people, "people"),
    ):
        out.append(Para([("bold", title)]))
        if values:
            out.append(Items([[x] for x in values]))
        else:
            out.append(Para([f"Not recorded: list them under '{key}' in the notes file."], "space"))
    return out


def _scores_table(r: Review) -> Table:
    c = r.comparison
    own_a = c.self_side == "a"

    def pair(row: object) -> list[str]:
        a, b = getattr(row, "a_percent", None), getattr(row, "b_percent", None)
        own, peer = (a, b) if own_a else (b, a)
        diff = None if own is None or peer is None else round(peer - own, 2)
        return [pct1(own), pct1(peer), signed(diff)]

    rows = [[b.title, *pair(b)] for b in c.banks]
    rows.append(["Overall", *pair(c.overall)])
    return Table(
        "Scores by bank: self-assessment, peers, and the difference (peers minus self, in "
        "percentage points)",
        ["Bank", "Self", "Peers", "Difference"],
        rows,
        {1, 2, 3},
        [9.0, 2.6, 2.6, 2.8],
    )


def _summary(r: Review) -> list[Block]:
    out: list[Block] = [Heading(1, "Summary of the overall view", "summary")]
    if r.summary_drafted:
        out.append(Para([("bold", "Draft. "), DRAFTED + " (summary)"], "draft"))
    out += [Para([x]) for x in r.summary.split("\n\n") if x.strip()]
    out.append(_scores_table(r))
    if r.start_here:
        out.append(
            Para(
                [
                    ("bold", f"Where to start, in the peers' view: stop {r.start_here.number}, "),
                    ("bold", f"{r.start_here.title}. "),
                    r.start_reason,
                ]
            )
        )
    return out


def _pair_rows(pairs: list[Pair]) -> list[list[str]]:
    return [[p.id, p.text, p.own_answer, p.peer_answer, _evidence(p.peer)] for p in pairs]


PAIR_HEADER = ["ID", "Question", "Self", "Peers", "What the peers saw"]
PAIR_WIDTHS = [1.4, 5.6, 2.0, 2.0, 6.0]


def _strengths(r: Review) -> list[Block]:
    out: list[Block] = [Heading(1, "Strengths", "strengths")]
    drafted = any(s.drafted for s in r.strengths)
    if drafted:
        out.append(Para([("bold", "Draft. "), DRAFTED + " (strengths)"], "draft"))
    if not r.strengths:
        out.append(Para(["Neither side rates any question at or above its target."]))
    for i, s in enumerate(r.strengths, start=1):
        out.append(Heading(2, f"Strength {i}", f"strength-{i}"))
        out.append(Para([s.text]))
        if s.pairs:
            out.append(
                Table(
                    f"Strength {i}: the evidence the peers saw",
                    ["ID", "Self", "Peers", "Evidence seen"],
                    [[p.id, p.own_answer, p.peer_answer, _evidence(p.peer)] for p in s.pairs],
                    widths=[1.4, 2.4, 2.4, 10.8],
                )
            )
    if r.sections:
        out.append(Heading(2, "At or above target on both sides, by section", "agreed"))
        out.append(
            Table(
                "Questions both sides rate at or above target, by section",
                ["Bank", "Section", "Both at target", "Compared"],
                [
                    [s.bank_title, s.section_title, str(len(s.pairs)), str(s.compared)]
                    for s in r.sections
                ],
                {2, 3},
                [5.0, 7.0, 2.5, 2.5],
            )
        )
    if r.peers_higher:
        out.append(Heading(2, "Where the peers found more than the locality claimed", "higher"))
        out.append(
            Table(
                "Questions the peers rated higher than the self-assessment",
                PAIR_HEADER,
                _pair_rows(r.peers_higher),
                widths=PAIR_WIDTHS,
            )
        )
    return out


def _areas(r: Review) -> list[Block]:
    out: list[Block] = [Heading(1, "Areas for improvement", "areas")]
    out.append(
        Para(
            [
                "By roadmap stop, in the order of the peers' gap analysis (the stop to start at "
                "first, then the largest shortfall): each weak question once, under its main stop, "
                "with what the peers saw or did not see."
            ]
        )
    )
    for a in r.areas:
        tag = " (start here)" if a.start else ""
        out.append(
            Heading(2, f"Stop {a.stop.number}: {a.stop.title}{tag}", f"stop-{a.stop.number}")
        )
        own = f"{a.own_shortfall:.0f}%" if a.own_shortfall is not None else "no gap"
        facts = f"Shortfall in the peers' view {a.peer_shortfall:.0f}%; self-assessment {own}."
        if not a.ranked and a.questions:
            facts += " Rests on few answers."
        out.append(Para([facts], "muted"))
        if a.texts:
            out += [Para([t]) for t in a.texts]
        elif a.drafted:
            out.append(Para([("italic", "Drafted: "), a.drafted], "draft"))
        if a.questions:
            out.append(
                Table(
                    f"Stop {a.stop.number}: weak questions in the peers' view",
                    PAIR_HEADER,
                    [
                        [
                            w.id,
                            w.weak.score.question.text,
                            w.pair.own_answer if w.pair else "not compared",
                            f"{w.weak.current.label if w.weak.current else ''} (target "
                            f"{w.weak.target.label})",
                            _evidence(w.weak.score),
                        ]
                        for w in a.questions
                    ],
                    widths=PAIR_WIDTHS,
                )
            )
    return out


def _recommendations(r: Review) -> list[Block]:
    out: list[Block] = [Heading(1, "Recommendations", "recommendations")]
    if any(x.drafted for x in r.recommendations):
        out.append(
            Para(
                [
                    ("bold", "Draft. "),
                    "Drafted from the actions that would close most of each top stop's gap in "
                    "the peers' view; the owner is the bank's suggested lead. "
                    + DRAFTED
                    + " (recommendations)",
                ],
                "draft",
            )
        )
    if not r.recommendations:
        out.append(Para(["No recommendation: the peers found no gap."]))
        return out
    items: list[list[Part]] = []
    for x in r.recommendations:
        where = f"stop {x.stop.number}, {x.stop.title}" if x.stop else "no roadmap stop"
        qs = f"; questions {', '.join(x.questions)}" if x.questions else ""
        items.append([x.text, ("italic", f" ({x.id}; {where}{qs}; suggested owner: {x.owner})")])
    out.append(Items(items, numbered=True))
    return out


def _differences(r: Review) -> list[Block]:
    out: list[Block] = [
        Heading(1, "Where the self-assessment and the peers differ most", "differences")
    ]
    if not r.differences:
        out.append(Para(["The two sides answered every question they both answered the same."]))
        return out
    total = len(r.all_differences)
    shown = len(r.differences)
    out.append(
        Para(
            [
                f"The {shown} largest of {total} differences, in levels of the answer scale "
                "(peers minus self), with both sides' evidence. The annex lists every one."
            ]
        )
    )
    for p in r.differences:
        out.append(Heading(2, f"{p.id}: {_levels(p.level_difference)}", f"diff-{p.id}"))
        out.append(Para([("italic", p.text)]))
        out.append(Para([("bold", f"Self: {p.own_answer}. "), _evidence(p.own)]))
        out.append(Para([("bold", f"Peers: {p.peer_answer}. "), _evidence(p.peer)]))
    return out


def _levels(d: float | None) -> str:
    """'the peers rate it 1 level lower' (peers minus self, in levels of the scale)."""
    if not d:
        return "answered differently"
    n = abs(d)
    return f"the peers rate it {n:g} level{'' if n == 1 else 's'} {'higher' if d > 0 else 'lower'}"


def _response(r: Review) -> list[Block]:
    out: list[Block] = [Heading(1, "The locality's response", "response")]
    if r.response:
        out += [Para([x]) for x in r.response.split("\n\n") if x.strip()]
    else:
        out.append(
            Para(
                [
                    "For the locality to complete: its response to each recommendation, who "
                    "will lead it and by when, and the action plan that follows "
                    "('clear plan' writes one from the gap analysis)."
                ],
                "space",
            )
        )
    out.append(
        Table(
            "Response to each recommendation (to fill in)",
            ["No.", "Recommendation", "Response", "Lead", "By when"],
            [[str(x.number), x.id, "", "", ""] for x in r.recommendations],
            widths=[1.2, 2.4, 8.4, 2.8, 2.2],
        )
    )
    when = _date(r.look_again) if r.look_again else "to agree (about 12 months after the visit)"
    out.append(Para([("bold", "Date to look again: "), when + "."]))
    return out


def _method(r: Review) -> list[Block]:
    return [
        Heading(1, "How the scores were made", "method"),
        Items(
            [
                [
                    "A question scores its option's points times its weight, out of the top "
                    "option's points times its weight; not applicable leaves it out of both; "
                    "unanswered scores 0."
                ],
                ["Bank and overall percent = 100 x points / maximum."],
                [
                    "A question's gap = weight x how far its answer is below its target "
                    "(normally In place); only answered questions have a gap."
                ],
                [
                    "A stop's shortfall = the share of what its answered questions could reach "
                    "that is still missing (a question counts in full at its main stop, by half "
                    "at its others)."
                ],
                [
                    "Strengths: questions both sides rate at or above target; areas and "
                    "recommendations come from the peers' scores and gap analysis."
                ],
                [
                    f"Only what both sides answered is compared ({r.comparison.compared} "
                    "questions). For every answer side by side, run 'clear compare SELF PEER "
                    "--out comparison.html'."
                ],
            ]
        ),
    ]


def _annex(r: Review) -> list[Block]:
    c = r.comparison
    own_a = c.self_side == "a"
    out: list[Block] = [Heading(1, "Annex: the full comparison", "annex")]
    rows = []
    for b in c.banks:
        for row, name in ((b, b.title), *((s, f"  {s.title}") for s in b.sections)):
            a, bb = row.a_percent, row.b_percent
            own, peer = (a, bb) if own_a else (bb, a)
            diff = None if own is None or peer is None else round(peer - own, 2)
            rows.append([name, pct1(own), pct1(peer), signed(diff)])
    out.append(
        Table(
            "Scores by bank and section (peers minus self, in percentage points)",
            ["Bank / section", "Self", "Peers", "Difference"],
            rows,
            {1, 2, 3},
            [9.0, 2.6, 2.6, 2.8],
        )
    )
    if r.all_differences:
        out.append(
            Table(
                "Every answer that differs, largest difference first",
                ["ID", "Question", "Self", "Peers", "Levels"],
                [
                    [p.id, p.text, p.own_answer, p.peer_answer, signed_level(p.level_difference)]
                    for p in r.all_differences
                ],
                {4},
                [1.4, 9.0, 2.6, 2.6, 1.4],
            )
        )
    if c.one_sided:
        out.append(
            Table(
                "Answered on one side only",
                ["ID", "Question", "Self", "Peers"],
                [
                    [
                        q.id,
                        q.a.question.text,
                        *(
                            (answer_label(q.a), answer_label(q.b))
                            if own_a
                            else (answer_label(q.b), answer_label(q.a))
                        ),
                    ]
                    for q in c.one_sided
                ],
                widths=[1.4, 10.4, 2.6, 2.6],
            )
        )
    return out
