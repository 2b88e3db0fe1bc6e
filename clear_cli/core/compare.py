"""Compare two assessments: two localities, or a locality's self-assessment and its peer review.

Pure functions over two loaded assessments; no files, no printing. Only what both sides
answered is compared: the banks both answered and, where a bank differs between them (another
version, or a locality's own copy), only the questions present in both on the same scale.
Everything else is listed in ``left_out`` with the reason. Totals are recomputed over the
compared questions, so when both sides use the same banks they equal ``clear score``'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace

from clear_cli.common.text import same_text
from clear_cli.core.scoring import (
    RANK_THRESHOLD,
    QuestionScore,
    Scorecard,
    percent,
    rank_gaps,
    score_assessment,
)
from clear_cli.models import Bank, Roadmap, Scale, ScoringConfig
from clear_cli.sources.answers import Assessment

PEER_REVIEW = "peer-review"
LOCALITIES = "localities"
SAME_LOCALITY = "same-locality"  # one locality twice, e.g. two years' self-assessments


@dataclass(frozen=True)
class Side:
    """Who made one of the two assessments, and the short name the comparison uses for it."""

    locality: str
    assessment: str
    date: dt.date | None
    assessors: list[str]
    source: str
    label: str
    notes: str = ""  # about the assessment as a whole, from the answers file
    completeness: float = 100.0  # percent of its questions answered (not applicable included)
    provisional: bool = False  # below 80% complete: its scores are provisional


@dataclass(frozen=True)
class Row:
    """One line of the comparison (a bank, a section, or overall): both sides' totals."""

    id: str
    title: str
    a_points: float
    a_max: float
    b_points: float
    b_max: float

    @property
    def a_percent(self) -> float | None:
        """None when nothing on this side can be scored (every question not applicable)."""
        return round(percent(self.a_points, self.a_max), 2) if self.a_max else None

    @property
    def b_percent(self) -> float | None:
        return round(percent(self.b_points, self.b_max), 2) if self.b_max else None

    @property
    def difference(self) -> float | None:
        """b - a in percentage points, from the rounded percents so the figures add up."""
        if self.a_percent is None or self.b_percent is None:
            return None
        return round(self.b_percent - self.a_percent, 2)


@dataclass(frozen=True)
class BankRow(Row):
    a_version: str
    b_version: str
    compared: int
    sections: list[Row]


@dataclass(frozen=True)
class QuestionDiff:
    """A question answered differently by the two sides."""

    a: QuestionScore
    b: QuestionScore
    bank_title: str
    order: int  # position in the banks, to keep equal differences in bank order

    @property
    def id(self) -> str:
        return self.a.id

    @property
    def a_answer(self) -> str | None:
        return answer_key(self.a)

    @property
    def b_answer(self) -> str | None:
        return answer_key(self.b)

    @property
    def a_points(self) -> float | None:
        return None if self.a.response.na else self.a.points

    @property
    def b_points(self) -> float | None:
        return None if self.b.response.na else self.b.points

    @property
    def difference(self) -> float | None:
        """b - a in weighted points; None unless both sides answered with an option."""
        if not self.both_answered:
            return None
        return self.b.points - self.a.points

    @property
    def a_level(self) -> float | None:
        """The level A chose: its option's points on the scale (0-4), before any weight."""
        return level(self.a)

    @property
    def b_level(self) -> float | None:
        return level(self.b)

    @property
    def level_difference(self) -> float | None:
        """b - a in levels of the scale; None unless both sides answered with an option."""
        if self.a_level is None or self.b_level is None:
            return None
        return self.b_level - self.a_level

    @property
    def both_answered(self) -> bool:
        """Both sides chose an option: a disagreement, not a one-sided answer."""
        return self.a.counted and self.b.counted

    @property
    def answered_by(self) -> str | None:
        """In a one-sided answer, the side that chose an option ("a" or "b"); None when
        neither did (not applicable on one side, unanswered on the other)."""
        if self.both_answered:
            return None
        return "a" if self.a.counted else ("b" if self.b.counted else None)


@dataclass(frozen=True)
class StopDiff:
    """A roadmap stop's shortfall on each side: the share of what it could reach that is
    missing, over the questions both sides answer (0 where a side has no gap there)."""

    stop: int
    title: str
    a_shortfall: float
    b_shortfall: float
    a_ranked: bool  # at least 3 answered questions reach the stop on this side
    b_ranked: bool
    questions: list[str]

    @property
    def difference(self) -> float:
        return self.b_shortfall - self.a_shortfall


@dataclass(frozen=True)
class LeftOut:
    """A bank or question that only one side has, or that the two score on different scales."""

    bank: str
    reason: str  # bank-only-in-a, bank-only-in-b, question-only-in-a, ..., scale-differs
    message: str  # for a question, what is true of it: "only in version 2 of bank 'x' (B)"
    question: str | None = None


@dataclass(frozen=True)
class Comparison:
    kind: str
    a: Side
    b: Side
    overall: Row
    banks: list[BankRow]
    questions: list[QuestionDiff]
    stops: list[StopDiff]
    left_out: list[LeftOut] = field(default_factory=list)
    self_side: str | None = None  # "a" or "b" in a peer review
    # Answered on one side only: unanswered or not applicable on the other. Not disagreements.
    one_sided: list[QuestionDiff] = field(default_factory=list)
    top: int | None = None  # list only the ``top`` largest disagreements; None or 0: all

    @property
    def compared(self) -> int:
        return sum(b.compared for b in self.banks)

    @property
    def listed(self) -> list[QuestionDiff]:
        """The disagreements to show: the ``top`` largest, or all of them."""
        return self.questions[: self.top] if self.top else self.questions

    @property
    def not_listed(self) -> int:
        """Disagreements left out of :attr:`listed` by ``top``."""
        return len(self.questions) - len(self.listed)

    def with_top(self, top: int | None) -> Comparison:
        """The same comparison, listing only the ``top`` largest disagreements (0: all)."""
        return replace(self, top=top or None)

    def self_minus_peer(self, q: QuestionDiff) -> float | None:
        """How far the self-assessment rated above the peers (negative: below)."""
        if q.difference is None or self.self_side is None:
            return None
        return -q.difference if self.self_side == "a" else q.difference

    @property
    def self_higher(self) -> list[QuestionDiff]:
        return [q for q in self.questions if (d := self.self_minus_peer(q)) is not None and d > 0]

    @property
    def self_lower(self) -> list[QuestionDiff]:
        return [q for q in self.questions if (d := self.self_minus_peer(q)) is not None and d < 0]

    @property
    def not_applicable_on_one_side(self) -> list[QuestionDiff]:
        return [q for q in self.one_sided if q.a.response.na or q.b.response.na]

    @property
    def one_sided_groups(self) -> list[tuple[str, list[QuestionDiff]]]:
        """One-sided answers grouped by what happened: ("Self answered; Peers: unanswered",
        questions), in the order first met."""
        labels = {"a": self.a.label, "b": self.b.label}
        groups: dict[str, list[QuestionDiff]] = {}
        for q in self.one_sided:
            groups.setdefault(one_sided_case(q, labels), []).append(q)
        return list(groups.items())

    @property
    def left_out_groups(self) -> list[tuple[str, list[str]]]:
        """Left-out banks one per line; left-out questions grouped by why: (why, ids)."""
        groups: dict[str, list[str]] = {}
        for x in self.left_out:
            groups.setdefault(x.message, []).extend([x.question] if x.question else [])
        return list(groups.items())


def answer_key(q: QuestionScore) -> str | None:
    """The answer as an option key, ``na``, or None when unanswered."""
    if q.response.na:
        return "na"
    return q.response.option.key if q.response.option else None


def one_sided_case(q: QuestionDiff, labels: dict[str, str]) -> str:
    """What a one-sided answer is, in words: "Self answered; Peers: not applicable"."""
    scores = {"a": q.a, "b": q.b}
    if q.answered_by is None:  # not applicable on one side, unanswered on the other
        na_side = "a" if q.a.response.na else "b"
        other = "b" if na_side == "a" else "a"
        return f"{labels[na_side]}: not applicable; {labels[other]}: unanswered"
    other = "b" if q.answered_by == "a" else "a"
    state = "not applicable" if scores[other].response.na else "unanswered"
    return f"{labels[q.answered_by]} answered; {labels[other]}: {state}"


def level(q: QuestionScore) -> float | None:
    """The chosen option's points on its scale (no weight); None when unanswered or N/A."""
    return q.response.option.points if q.counted and q.response.option else None


def answer_label(q: QuestionScore) -> str:
    if q.response.na:
        return "Not applicable"
    return q.response.option.label if q.response.option else "Unanswered"


def same_scale(a: Scale, b: Scale) -> bool:
    """Scores on the two scales mean the same: the same option keys with the same points."""
    return [(o.key, o.points) for o in a.options] == [(o.key, o.points) for o in b.options]


def _sides(a: Scorecard, b: Scorecard) -> tuple[str, str | None, tuple[str, str]]:
    """The kind of comparison, which side is the self-assessment, and the two labels."""
    same = same_text(a.locality, b.locality)
    if same and {a.assessment, b.assessment} == {"self", "peer"}:
        self_side = "a" if a.assessment == "self" else "b"
        labels = ("Self", "Peers") if self_side == "a" else ("Peers", "Self")
        return PEER_REVIEW, self_side, labels
    if not same:
        labels = (a.locality, b.locality)
        return LOCALITIES, None, labels
    labels = (_when(a), _when(b)) if a.date != b.date else ("A", "B")
    return SAME_LOCALITY, None, labels


def _when(card: Scorecard) -> str:
    return card.date.isoformat() if card.date else "undated"


def _row(id_: str, title: str, a: list[QuestionScore], b: list[QuestionScore]) -> Row:
    return Row(
        id_,
        title,
        sum(q.points for q in a),
        sum(q.max for q in a),
        sum(q.points for q in b),
        sum(q.max for q in b),
    )


def compare(a: Assessment, b: Assessment) -> Comparison:
    """Compare ``a`` with ``b``; every difference is b - a."""
    card_a, card_b = score_assessment(a), score_assessment(b)
    kind, self_side, labels = _sides(card_a, card_b)
    side_a, side_b = (
        Side(
            card.locality,
            card.assessment,
            card.date,
            list(x.meta.assessors),
            x.source,
            label,
            x.meta.notes,
            card.completeness.percent,
            card.completeness.provisional,
        )
        for card, x, label in ((card_a, a, labels[0]), (card_b, b, labels[1]))
    )
    left_out: list[LeftOut] = []
    rows: list[BankRow] = []
    diffs: list[QuestionDiff] = []
    one_sided: list[QuestionDiff] = []
    compared_a: list[QuestionScore] = []
    compared_b: list[QuestionScore] = []
    scores_b = {bs.id: bs for bs in card_b.banks}
    for bs in card_a.banks:
        if bs.id not in scores_b:
            left_out.append(
                LeftOut(
                    bs.id,
                    "bank-only-in-a",
                    f"only {side_a.label} answered bank '{bs.id}' ({bs.title})",
                )
            )
            continue
        other = scores_b[bs.id]
        ids, dropped = _comparable(
            a.catalogue.banks[bs.id], b.catalogue.banks[bs.id], side_a, side_b
        )
        left_out.extend(dropped)
        qa = [q for q in bs.questions if q.id in ids]
        qb_by_id = {q.id: q for q in other.questions if q.id in ids}
        qb = [qb_by_id[q.id] for q in qa]
        compared_a.extend(qa)
        compared_b.extend(qb)
        sections = []
        b_sections = {s.id: s for s in other.sections}
        for s in bs.sections:
            if s.id in b_sections:  # over the questions in this section on both sides
                both = (
                    ids & {q.id for q in s.questions} & {q.id for q in b_sections[s.id].questions}
                )
                sa = [q for q in s.questions if q.id in both]
                sb = [q for q in b_sections[s.id].questions if q.id in both]
                if sa:
                    sections.append(_row(s.id, s.title, sa, sb))
        whole = _row(bs.id, bs.title, qa, qb)
        rows.append(
            BankRow(
                **asdict(whole),
                a_version=bs.version,
                b_version=other.version,
                compared=len(qa),
                sections=sections,
            )
        )
        start = len(compared_a) - len(qa)
        for i, (x, y) in enumerate(zip(qa, qb, strict=True)):
            if answer_key(x) != answer_key(y):
                diff = QuestionDiff(x, y, bs.title, start + i)
                (diffs if diff.both_answered else one_sided).append(diff)
    for bs in card_b.banks:
        if not any(bs.id == s.id for s in card_a.banks):
            left_out.append(
                LeftOut(
                    bs.id,
                    "bank-only-in-b",
                    f"only {side_b.label} answered bank '{bs.id}' ({bs.title})",
                )
            )
    # The largest disagreements first: in levels of the scale, then in weighted points.
    diffs.sort(key=lambda q: (-abs(q.level_difference or 0.0), -abs(q.difference or 0.0), q.order))
    roadmap = a.catalogue.roadmap
    return Comparison(
        kind=kind,
        a=side_a,
        b=side_b,
        overall=_row("overall", "Overall", compared_a, compared_b),
        banks=rows,
        questions=diffs,
        stops=_stops(compared_a, compared_b, roadmap, a.catalogue.scoring, self_side),
        left_out=left_out,
        self_side=self_side,
        one_sided=one_sided,
    )


def _comparable(
    bank_a: Bank, bank_b: Bank, side_a: Side, side_b: Side
) -> tuple[set[str], list[LeftOut]]:
    """Question ids both versions of a bank hold on the same scale, and the others."""
    qa = {q.id: q for q in bank_a.questions}
    qb = {q.id: q for q in bank_b.questions}
    if bank_a.version != bank_b.version:
        where_a = f"version {bank_a.version} of bank '{bank_a.id}' ({side_a.label})"
        where_b = f"version {bank_b.version} of bank '{bank_b.id}' ({side_b.label})"
    else:
        where_a = f"{side_a.label}'s copy of bank '{bank_a.id}'"
        where_b = f"{side_b.label}'s copy of bank '{bank_b.id}'"
    ids: set[str] = set()
    out: list[LeftOut] = []
    for qid, q in qa.items():
        if qid not in qb:
            out.append(LeftOut(bank_a.id, "question-only-in-a", f"only in {where_a}", qid))
        elif not same_scale(bank_a.scale_of(q), bank_b.scale_of(qb[qid])):
            out.append(
                LeftOut(
                    bank_a.id,
                    "scale-differs",
                    f"scored on different options in {where_a} and {where_b}",
                    qid,
                )
            )
        else:
            ids.add(qid)
    out.extend(
        LeftOut(bank_b.id, "question-only-in-b", f"only in {where_b}", qid)
        for qid in qb
        if qid not in qa
    )
    return ids, out


def _stops(
    a: list[QuestionScore],
    b: list[QuestionScore],
    roadmap: Roadmap,
    scoring: ScoringConfig,
    self_side: str | None,
) -> list[StopDiff]:
    """Stop shortfalls on both sides. In a peer review, only the stops where the peers see the
    larger shortfall, the largest excess first; otherwise the stops whose shortfalls differ, the
    largest difference first. Each stop lists the questions behind the difference."""
    gaps_a = {g.stop: g for g in rank_gaps(a, roadmap, scoring)}
    gaps_b = {g.stop: g for g in rank_gaps(b, roadmap, scoring)}
    gap_of_a = {q.id: q.gap for q in a}
    gap_of_b = {q.id: q.gap for q in b}
    out = []
    for number in sorted(set(gaps_a) | set(gaps_b)):
        stop = roadmap.stop(number)
        title = stop.title if stop else f"Stop {number}"
        ga = gaps_a[number].shortfall if number in gaps_a else 0.0
        gb = gaps_b[number].shortfall if number in gaps_b else 0.0
        ra = gaps_a[number].ranked if number in gaps_a else _reached(a, number)
        rb = gaps_b[number].ranked if number in gaps_b else _reached(b, number)
        mapped = [
            q.id
            for q in (
                *(gaps_a[number].questions if number in gaps_a else []),
                *(gaps_b[number].questions if number in gaps_b else []),
            )
        ]
        ids = list(dict.fromkeys(mapped))
        if self_side is None:
            ids = [i for i in ids if gap_of_a[i] != gap_of_b[i]]
        else:
            peer, own = (gap_of_b, gap_of_a) if self_side == "a" else (gap_of_a, gap_of_b)
            ids = [i for i in ids if peer[i] > own[i]]
        out.append(StopDiff(number, title, ga, gb, ra, rb, ids))
    if self_side is None:
        return sorted(
            (s for s in out if round(s.difference, 9)), key=lambda s: (-abs(s.difference), s.stop)
        )
    sign = 1 if self_side == "a" else -1  # peers' gap minus self's
    return sorted(
        (s for s in out if sign * s.difference > 0), key=lambda s: (-sign * s.difference, s.stop)
    )


def _reached(questions: list[QuestionScore], stop: int) -> bool:
    """Whether at least 3 answered, applicable questions reach ``stop`` (with no gap there)."""
    return sum(1 for q in questions if q.counted and stop in q.stops) >= RANK_THRESHOLD
