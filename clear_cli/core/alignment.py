"""Alignment: what two or more assessments can be compared on, and what is left out.

Shared by ``clear compare``, ``clear trend`` and ``clear report --previous``. Only what every
side holds is compared: the banks every side answered and, where a bank differs between the
sides (another version, or a locality's own copy), the questions present in every version
on the same scale as the last side's. Everything else is a :class:`LeftOut`, worded by the
caller (a comparison names its two sides, a trend its dates).

Pure functions; no files, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clear_cli.core.scoring import BankScore, Scorecard
from clear_cli.models import Bank, Question, Scale


@dataclass(frozen=True)
class LeftOut:
    """A bank or question that not every side has, or that the sides score on other scales."""

    bank: str
    # compare: bank-only-in-a, bank-only-in-b, question-only-in-a, question-only-in-b,
    # scale-differs; trend: bank-not-in-every, question-not-in-every, scale-differs
    reason: str
    message: str  # what is true of it: "only in version 2 of bank 'x' (B)"
    question: str | None = None


def left_out_groups(items: Sequence[LeftOut]) -> list[tuple[str, list[str]]]:
    """Left-out banks one per line; left-out questions grouped by why: (why, ids)."""
    groups: dict[str, list[str]] = {}
    for x in items:
        groups.setdefault(x.message, []).extend([x.question] if x.question else [])
    return list(groups.items())


def same_scale(a: Scale, b: Scale) -> bool:
    """Scores on the two scales mean the same: the same option keys with the same points."""
    return [(o.key, o.points) for o in a.options] == [(o.key, o.points) for o in b.options]


@dataclass(frozen=True)
class QuestionApart:
    """A question left out of one bank's comparison: the sides whose version of the bank
    lacks it, or (when every side has it) those scoring it on other options than the last."""

    id: str
    lacking: list[int]
    rescaled: list[int]


@dataclass(frozen=True)
class BankApart:
    """A bank not every side answered: its score where first met, and the sides with it."""

    score: BankScore
    present: list[int]


@dataclass(frozen=True)
class AlignedBank:
    """A bank every side answered: each side's score and version of it, and the questions
    every version holds on the same scale (``ids``), with the others (``apart``)."""

    id: str
    scores: list[BankScore]
    versions: list[Bank]
    ids: set[str]
    apart: list[QuestionApart]


@dataclass(frozen=True)
class Alignment:
    banks: list[AlignedBank]  # in the order of the side given as ``order``
    apart: list[BankApart]  # first met, walking the sides in order


def comparable_questions(versions: Sequence[Bank]) -> tuple[set[str], list[QuestionApart]]:
    """The question ids every version of a bank holds on the scale of the last, and the
    others, in the order first met."""
    held = [{q.id: q for q in b.questions} for b in versions]
    every: dict[str, None] = {}
    for qs in held:
        every.update(dict.fromkeys(qs))
    ids: set[str] = set()
    apart: list[QuestionApart] = []
    for qid in every:
        lacking = [i for i, qs in enumerate(held) if qid not in qs]
        rescaled = [] if lacking else _rescaled(versions, held, qid)
        if lacking or rescaled:
            apart.append(QuestionApart(qid, lacking, rescaled))
        else:
            ids.add(qid)
    return ids, apart


def _rescaled(versions: Sequence[Bank], held: list[dict[str, Question]], qid: str) -> list[int]:
    """The versions scoring ``qid`` on other options than the last version does."""
    scales = [b.scale_of(qs[qid]) for b, qs in zip(versions, held, strict=True)]
    return [i for i, s in enumerate(scales) if not same_scale(s, scales[-1])]


def align(
    cards: Sequence[Scorecard], catalogues: Sequence[dict[str, Bank]], order: int
) -> Alignment:
    """Align the sides' scorecards (``catalogues``: each side's banks by id). The common banks
    follow the bank order of side ``order`` (0 for the first, -1 for the last)."""
    every = [{bs.id: bs for bs in card.banks} for card in cards]
    banks = [
        _aligned(bs.id, [scores[bs.id] for scores in every], [c[bs.id] for c in catalogues])
        for bs in cards[order].banks
        if all(bs.id in scores for scores in every)
    ]
    common = {b.id for b in banks}
    apart: list[BankApart] = []
    seen: set[str] = set()
    for card in cards:
        for bs in card.banks:
            if bs.id not in common and bs.id not in seen:
                seen.add(bs.id)
                present = [i for i, scores in enumerate(every) if bs.id in scores]
                apart.append(BankApart(bs, present))
    return Alignment(banks, apart)


def _aligned(bank_id: str, scores: list[BankScore], versions: list[Bank]) -> AlignedBank:
    ids, apart = comparable_questions(versions)
    return AlignedBank(bank_id, scores, versions, ids, apart)
