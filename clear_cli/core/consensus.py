"""Several assessors' answers for one locality, combined into one consensus draft.

Pure logic, no files: the inputs are assessments already read. Per question, among the
inputs that answered it: the same answer from all (the same option, or all not applicable)
is agreed; anything else is disputed, and the draft is the lower median of the level
points of the answers that are not N/A (sorted points, element (n-1)//2; N/A only when
every answer was N/A). Every input's answer, evidence and notes are kept in the note, so
the workshop can settle each dispute from the draft alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from clear_cli.common.errors import Problem, UserError
from clear_cli.common.text import normalise, same_text
from clear_cli.models import AnswersFile, Bank, Option, Question
from clear_cli.models.answers import Answer
from clear_cli.sources import data
from clear_cli.sources.answers import Assessment, Response
from clear_cli.sources.catalogue import Catalogue, resolve

NA = "na"
NA_LABEL = "N/A"
KIND = {"self": "a self-assessment", "peer": "a peer review"}


@dataclass(frozen=True)
class Input:
    """One assessor's (or one partner's) file: the name shown for it and what it holds."""

    name: str
    assessment: Assessment

    @property
    def assessors(self) -> list[str]:
        return list(self.assessment.meta.assessors)

    @property
    def who(self) -> str:
        """The file's name and its assessors, as the facilitator reads it."""
        people = "; ".join(self.assessors)
        return f"{self.name} ({people})" if people else self.name


@dataclass(frozen=True)
class Given:
    """One input's answer to a disputed question."""

    source: Input
    response: Response

    @property
    def answer(self) -> str:
        """The option key, or ``na``."""
        return answer_key(self.response)


@dataclass(frozen=True)
class Dispute:
    """A question the inputs answered differently, and the draft answer to start from."""

    bank: Bank
    question: Question
    given: tuple[Given, ...]
    draft: Response
    spread: float  # 0-1: how much of the scale the answers span; 1 for N/A against answers
    levels: int  # how many levels apart the answers that are not N/A are

    @property
    def na_against_answers(self) -> bool:
        kinds = {g.response.na for g in self.given}
        return len(kinds) == 2

    @property
    def apart(self) -> str:
        """How far apart the answers are, in words."""
        if self.na_against_answers:
            return "N/A against answers"
        return f"{self.levels} level{'s' if self.levels != 1 else ''} apart"


@dataclass
class Consensus:
    """The combined assessment, ready to write, and what the facilitator needs to know."""

    assessment: Assessment
    inputs: list[Input]
    disputed: list[Dispute]
    agreed: int = 0
    single: int = 0  # agreed questions that only one input answered
    unanswered: int = 0
    order: list[str] = field(default_factory=list)  # every question id, in bank order
    warnings: list[Problem] = field(default_factory=list)

    @property
    def meta(self) -> AnswersFile:
        return self.assessment.meta

    @property
    def questions(self) -> int:
        return len(self.order)


def answer_key(response: Response) -> str:
    """How an answer is written in an answers file: its option key, ``na``, or empty."""
    if response.na:
        return NA
    return response.option.key if response.option is not None else ""


def label_of(response: Response) -> str:
    """An answer as a person reads it: the option's label, ``N/A``, or empty."""
    if response.na:
        return NA_LABEL
    return response.option.label if response.option is not None else ""


def same_locality(a: str, b: str) -> bool:
    return same_text(a, b)


def check_inputs(inputs: Sequence[Input]) -> None:
    """Two or more files of one locality and one kind of assessment, or a UserError."""
    if len(inputs) < 2:
        named = inputs[0].name if inputs else ""
        raise UserError.one(
            named,
            "combine needs the answers of two or more assessors: give every partner's file",
        )
    first = inputs[0]
    problems: list[Problem] = []
    for other in inputs[1:]:
        if not same_locality(other.assessment.meta.locality, first.assessment.meta.locality):
            problems.append(
                Problem(
                    other.name,
                    "",
                    f"is for '{other.assessment.meta.locality}', but {first.name} is for "
                    f"'{first.assessment.meta.locality}': combine one locality's answers at a "
                    "time",
                )
            )
        if other.assessment.meta.assessment != first.assessment.meta.assessment:
            problems.append(
                Problem(
                    other.name,
                    "",
                    f"is {KIND[other.assessment.meta.assessment]}, but {first.name} is "
                    f"{KIND[first.assessment.meta.assessment]}: combine self-assessments and "
                    "peer reviews separately",
                )
            )
    if problems:
        raise UserError(problems)


def combine(inputs: Sequence[Input]) -> Consensus:
    """The consensus of ``inputs`` (checked by :func:`check_inputs` first)."""
    check_inputs(inputs)
    warnings: list[Problem] = []
    chosen = _choose_banks(inputs, warnings)
    first = inputs[0].assessment
    catalogue = Catalogue(
        banks={bank.id: bank for bank, _, _ in chosen},
        roadmap=first.catalogue.roadmap,
        scoring=first.catalogue.scoring,
        files={
            bank.id: source.assessment.catalogue.files.get(bank.id, "")
            for bank, _, source in chosen
        },
    )
    responses: dict[str, Response] = {}
    disputes: list[Dispute] = []
    result = Consensus(
        assessment=Assessment(meta=first.meta, catalogue=catalogue),
        inputs=list(inputs),
        disputed=disputes,
        warnings=warnings,
    )
    for bank, _, _ in chosen:
        for q in bank.questions:
            result.order.append(q.id)
            outcome = _combine_question(bank, q, _answers_to(bank, q, inputs))
            if isinstance(outcome, Dispute):
                disputes.append(outcome)
                responses[q.id] = outcome.draft
                continue
            response, count = outcome
            if response.answered:
                result.agreed += 1
                result.single += count == 1
            else:
                result.unanswered += 1
            if response.answered or response.evidence or response.note:
                responses[q.id] = response
    position = {qid: i for i, qid in enumerate(result.order)}
    disputes.sort(key=lambda d: (-d.spread, -d.levels, position[d.question.id]))
    meta = AnswersFile(
        locality=first.meta.locality,
        assessment=first.meta.assessment,
        notes=_notes(inputs, len(disputes)),
        assessors=_assessors(inputs),
        date=max((i.assessment.meta.date for i in inputs if i.assessment.meta.date), default=None),
        banks=[name for _, name, _ in chosen],
        targets=_targets(inputs, warnings),
        answers={
            qid: Answer(answer=answer_key(r) or None, evidence=r.evidence, note=r.note)
            for qid, r in responses.items()
        },
    )
    result.assessment = Assessment(meta=meta, catalogue=catalogue, responses=responses)
    return result


def _choose_banks(
    inputs: Sequence[Input], warnings: list[Problem]
) -> list[tuple[Bank, str, Input]]:
    """Every input's banks, once each: (bank, name to load it by, the input it came from).

    Bundled banks come in their usual order, a locality's own after them. Where inputs
    answer different versions of a bank, the first input's version is used, with a warning.
    """
    found: dict[str, tuple[Bank, str, Input]] = {}
    for item in inputs:
        names = resolve(item.assessment.meta.banks)
        for name, bank in zip(names, item.assessment.catalogue.banks.values(), strict=True):
            if bank.id not in found:
                found[bank.id] = (bank, str(name), item)
                continue
            ours, _, source = found[bank.id]
            if bank.version != ours.version:
                left = [
                    q.id
                    for q in bank.questions
                    if item.assessment.response(q).answered and not _same_terms(ours, q.id, bank)
                ]
                tail = f"; its answers to {', '.join(left)} are left out" if left else ""
                warnings.append(
                    Problem(
                        item.name,
                        "",
                        f"answers version {bank.version} of bank '{bank.id}', but "
                        f"{source.name} answers version {ours.version}: combining the "
                        f"questions the versions share, with version {ours.version}{tail}",
                    )
                )
    bundled = list(data.BUNDLED)
    ranked = sorted(
        enumerate(found.values()),
        key=lambda pair: (
            bundled.index(pair[1][0].id) if pair[1][0].id in bundled else len(bundled),
            pair[0],
        ),
    )
    return [entry for _, entry in ranked]


def _same_terms(ours: Bank, qid: str, theirs: Bank) -> bool:
    """Whether question ``qid`` is asked on the same scale (keys, points, N/A) in both banks."""
    a = next((q for q in ours.questions if q.id == qid), None)
    b = next((q for q in theirs.questions if q.id == qid), None)
    if a is None or b is None or a.na_allowed != b.na_allowed:
        return False
    terms_a = [(o.key, o.points) for o in ours.scale_of(a).options]
    terms_b = [(o.key, o.points) for o in theirs.scale_of(b).options]
    return terms_a == terms_b


def _answers_to(bank: Bank, q: Question, inputs: Sequence[Input]) -> list[Given]:
    """What each input that has this question, on the same terms, said about it."""
    out = []
    for item in inputs:
        theirs = item.assessment.catalogue.banks.get(bank.id)
        if theirs is None or not _same_terms(bank, q.id, theirs):
            continue
        response = item.assessment.responses.get(q.id)
        if response is not None:
            out.append(Given(item, response))
    return out


def _combine_question(
    bank: Bank, q: Question, given: list[Given]
) -> Dispute | tuple[Response, int]:
    answered = [g for g in given if g.response.answered]
    if len({g.answer for g in answered}) <= 1:
        evidence = _merge([(g.source, g.response.evidence) for g in given])
        note = _merge([(g.source, g.response.note) for g in given])
        if not answered:
            return Response(evidence=evidence, note=note), 0
        one = answered[0].response
        return Response(
            option=_option(bank, q, one.option), na=one.na, evidence=evidence, note=note
        ), len(answered)
    scale = bank.scale_of(q)
    points = sorted(g.response.option.points for g in answered if g.response.option is not None)
    option = next(o for o in scale.options if o.points == points[(len(points) - 1) // 2])
    keys = [o.key for o in scale.options]
    levels_at = [keys.index(g.answer) for g in answered if not g.response.na]
    levels = max(levels_at) - min(levels_at)
    has_na = any(g.response.na for g in answered)
    spread = 1.0 if has_na else levels / (len(scale.options) - 1)
    draft = Response(
        option=option,
        evidence=_merge(
            [(g.source, g.response.evidence) for g in answered if g.answer == option.key]
        ),
        note=_dispute_note(given),
    )
    return Dispute(bank, q, tuple(answered), draft, spread, levels)


def _option(bank: Bank, q: Question, option: Option | None) -> Option | None:
    """The same option (by key) on this bank's scale: inputs may load another copy of it."""
    if option is None:
        return None
    return bank.scale_of(q).option(option.key)


def _merge(texts: list[tuple[Input, str]]) -> str:
    """One text as it was, or each input's text on its own line when they differ."""
    given = [(source, text.strip()) for source, text in texts if text.strip()]
    if len({text for _, text in given}) <= 1:
        return given[0][1] if given else ""
    return "\n".join(f"{source.name}: {text}" for source, text in given)


def _dispute_note(given: list[Given]) -> str:
    lines = ["DISPUTED: the draft is the lower median; settle it at the workshop. Answers given:"]
    for g in given:
        r = g.response
        said = label_of(r) or "no answer"
        parts = [f"- {g.source.who}: {said}."]
        if r.evidence.strip():
            parts.append(f"Evidence: {r.evidence.strip()}")
        if r.note.strip():
            parts.append(f"Note: {r.note.strip()}")
        lines.append(" ".join(parts))
    return "\n".join(lines)


def _assessors(inputs: Sequence[Input]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in inputs:
        for person in item.assessors:
            key = normalise(person)
            if key not in seen:
                seen.add(key)
                out.append(person)
    return out


def _targets(inputs: Sequence[Input], warnings: list[Problem]) -> dict[str, str]:
    out: dict[str, str] = {}
    source: dict[str, str] = {}
    for item in inputs:
        for target_for, key in item.assessment.meta.targets.items():
            if target_for not in out:
                out[target_for], source[target_for] = key, item.name
            elif out[target_for] != key:
                warnings.append(
                    Problem(
                        item.name,
                        "",
                        f"sets the target for '{target_for}' to '{key}', but "
                        f"{source[target_for]} sets '{out[target_for]}': the consensus keeps "
                        f"'{out[target_for]}'",
                    )
                )
    return out


def _notes(inputs: Sequence[Input], disputed: int) -> str:
    names = ", ".join(i.name for i in inputs)
    text = f"Consensus draft combined by clear from {len(inputs)} files: {names}."
    if disputed:
        text += (
            f" {disputed} disputed question(s) are drafted at the lower median of the answers "
            "and marked DISPUTED in their notes: settle them at the workshop."
        )
    return text
