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
from clear_cli.core.alignment import (
    AlignedBank,
    Alignment,
    BankApart,
    LeftOut,
    align,
    left_out_groups,
)
from clear_cli.core.scoring import (
    BankScore,
    QuestionScore,
    Scorecard,
    is_ranked,
    percent,
    rank_gaps,
    score_assessment,
)
from clear_cli.models import Roadmap, ScoringConfig
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
    a_ranked: bool  # ranked on this side (:func:`~clear_cli.core.scoring.is_ranked`)
    b_ranked: bool
    questions: list[str]

    @property
    def difference(self) -> float:
        return self.b_shortfall - self.a_shortfall


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
        return left_out_groups(self.left_out)


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


def _side(card: Scorecard, x: Assessment, label: str) -> Side:
    return Side(
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


@dataclass(frozen=True)
class _Compared:
    """One bank as compared: its row, and both sides' compared questions in A's order."""

    row: BankRow
    a: list[QuestionScore]
    b: list[QuestionScore]


def compare(a: Assessment, b: Assessment) -> Comparison:
    """Compare ``a`` with ``b``; every difference is b - a."""
    card_a, card_b = score_assessment(a), score_assessment(b)
    kind, self_side, labels = _sides(card_a, card_b)
    sides = (_side(card_a, a, labels[0]), _side(card_b, b, labels[1]))
    aligned = align([card_a, card_b], [a.catalogue.banks, b.catalogue.banks], order=0)
    banks = [_compare_bank(bank) for bank in aligned.banks]
    compared_a = [q for x in banks for q in x.a]
    compared_b = [q for x in banks for q in x.b]
    diffs, one_sided = _differences(banks)
    return Comparison(
        kind=kind,
        a=sides[0],
        b=sides[1],
        overall=_row("overall", "Overall", compared_a, compared_b),
        banks=[x.row for x in banks],
        questions=diffs,
        stops=_stops(compared_a, compared_b, a.catalogue.roadmap, a.catalogue.scoring, self_side),
        left_out=_left_out(card_a, aligned, sides),
        self_side=self_side,
        one_sided=one_sided,
    )


def _compare_bank(bank: AlignedBank) -> _Compared:
    """A bank both sides answered, over the questions both versions hold on one scale."""
    bs, other = bank.scores
    qa = [q for q in bs.questions if q.id in bank.ids]
    qb_by_id = {q.id: q for q in other.questions if q.id in bank.ids}
    qb = [qb_by_id[q.id] for q in qa]
    whole = _row(bs.id, bs.title, qa, qb)
    row = BankRow(
        **asdict(whole),
        a_version=bs.version,
        b_version=other.version,
        compared=len(qa),
        sections=_section_rows(bs, other, bank.ids),
    )
    return _Compared(row, qa, qb)


def _section_rows(bs: BankScore, other: BankScore, ids: set[str]) -> list[Row]:
    """A row per section both sides have, over the compared questions in it on both sides."""
    rows = []
    b_sections = {s.id: s for s in other.sections}
    for s in bs.sections:
        if s.id not in b_sections:
            continue
        theirs = b_sections[s.id].questions
        both = ids & {q.id for q in s.questions} & {q.id for q in theirs}
        sa = [q for q in s.questions if q.id in both]
        sb = [q for q in theirs if q.id in both]
        if sa:
            rows.append(_row(s.id, s.title, sa, sb))
    return rows


def _differences(banks: list[_Compared]) -> tuple[list[QuestionDiff], list[QuestionDiff]]:
    """The questions answered differently: disagreements (largest first) and one-sided."""
    diffs: list[QuestionDiff] = []
    one_sided: list[QuestionDiff] = []
    order = 0
    for bank in banks:
        for x, y in zip(bank.a, bank.b, strict=True):
            if answer_key(x) != answer_key(y):
                diff = QuestionDiff(x, y, bank.row.title, order)
                (diffs if diff.both_answered else one_sided).append(diff)
            order += 1
    # The largest disagreements first: in levels of the scale, then in weighted points.
    diffs.sort(key=lambda q: (-abs(q.level_difference or 0.0), -abs(q.difference or 0.0), q.order))
    return diffs, one_sided


def _left_out(card_a: Scorecard, aligned: Alignment, sides: tuple[Side, Side]) -> list[LeftOut]:
    """In A's bank order, each bank only A answered or the questions left out of a bank both
    answered; then the banks only B answered."""
    common = {bank.id: bank for bank in aligned.banks}
    apart = {x.score.id: x for x in aligned.apart}
    out: list[LeftOut] = []
    for bs in card_a.banks:
        if bs.id in common:
            out.extend(_questions_left_out(common[bs.id], sides))
        else:
            out.append(_bank_left_out(apart[bs.id], sides))
    out.extend(_bank_left_out(x, sides) for x in aligned.apart if x.present == [1])
    return out


def _bank_left_out(x: BankApart, sides: tuple[Side, Side]) -> LeftOut:
    only_a = x.present == [0]
    side, reason = (sides[0], "bank-only-in-a") if only_a else (sides[1], "bank-only-in-b")
    return LeftOut(
        x.score.id, reason, f"only {side.label} answered bank '{x.score.id}' ({x.score.title})"
    )


def _questions_left_out(bank: AlignedBank, sides: tuple[Side, Side]) -> list[LeftOut]:
    """The questions of a bank both answered that only one version holds on the same scale."""
    bank_a, bank_b = bank.versions
    if bank_a.version != bank_b.version:
        where_a = f"version {bank_a.version} of bank '{bank_a.id}' ({sides[0].label})"
        where_b = f"version {bank_b.version} of bank '{bank_b.id}' ({sides[1].label})"
    else:
        where_a = f"{sides[0].label}'s copy of bank '{bank_a.id}'"
        where_b = f"{sides[1].label}'s copy of bank '{bank_b.id}'"
    out = []
    for q in bank.apart:
        if q.lacking == [1]:
            out.append(LeftOut(bank.id, "question-only-in-a", f"only in {where_a}", q.id))
        elif q.lacking == [0]:
            out.append(LeftOut(bank.id, "question-only-in-b", f"only in {where_b}", q.id))
        else:
            words = f"scored on different options in {where_a} and {where_b}"
            out.append(LeftOut(bank.id, "scale-differs", words, q.id))
    return out


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
        found_a, found_b = gaps_a.get(number), gaps_b.get(number)
        mapped = [q.id for g in (found_a, found_b) if g is not None for q in g.questions]
        out.append(
            StopDiff(
                number,
                _stop_title(roadmap, number),
                found_a.shortfall if found_a else 0.0,
                found_b.shortfall if found_b else 0.0,
                is_ranked(a, number),
                is_ranked(b, number),
                [i for i in dict.fromkeys(mapped) if _behind(gap_of_a[i], gap_of_b[i], self_side)],
            )
        )
    return _differing(out, self_side)


def _behind(gap_a: float, gap_b: float, self_side: str | None) -> bool:
    """Whether a question's gaps (A's, B's) are behind a stop's difference: any difference,
    or in a peer review the peers' gap above the self-assessment's."""
    if self_side is None:
        return gap_a != gap_b
    return gap_b > gap_a if self_side == "a" else gap_a > gap_b


def _stop_title(roadmap: Roadmap, number: int) -> str:
    stop = roadmap.stop(number)
    return stop.title if stop else f"Stop {number}"


def _differing(stops: list[StopDiff], self_side: str | None) -> list[StopDiff]:
    """The stops to show, in order: see :func:`_stops`."""
    if self_side is None:
        return sorted(
            (s for s in stops if round(s.difference, 9)),
            key=lambda s: (-abs(s.difference), s.stop),
        )
    sign = 1 if self_side == "a" else -1  # peers' gap minus self's
    return sorted(
        (s for s in stops if sign * s.difference > 0), key=lambda s: (-sign * s.difference, s.stop)
    )
