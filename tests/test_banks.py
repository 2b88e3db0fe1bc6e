"""Structural invariants of the bundled banks (issues 3 and 4). They fail if a bank loses them.

These test what the banks promise users, not their wording: sizes, coverage of the roadmap,
guidance and sources on every question, harm reduction leads, and traceability to the
mental health evaluation.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

import pytest

from clear_cli.sources.catalogue import Catalogue, load_catalogue
from clear_cli.sources.data import GROUPS

# bank id -> (minimum questions, minimum sections)
MINIMUMS = {
    "leadership": (18, 5),
    "challenge": (36, 8),
    "results": (12, 3),
    "acute": (16, 4),
    "illicit": (16, 4),
    "mental-health": (16, 4),
    "pregnancy": (16, 4),
}
PH45_GROUPS = 7
NCCMH = "NCCMH evaluation of community tobacco dependence services for people with SMI"


@functools.cache
def catalogue() -> Catalogue:
    return load_catalogue(["all"])


def test_seven_banks_in_contract_order(cli: Any) -> None:
    assert list(catalogue().banks) == list(GROUPS["all"])
    result = cli("banks", "--json")
    assert result.code == 0
    import json

    rows = json.loads(result.out)
    assert [r["id"] for r in rows] == GROUPS["all"]
    assert all(r["questions"] > 0 and r["sections"] > 0 for r in rows)


@pytest.mark.parametrize("bank_id", list(MINIMUMS))
def test_bank_size(bank_id: str) -> None:
    bank = catalogue().banks[bank_id]
    min_q, min_s = MINIMUMS[bank_id]
    assert len(bank.questions) >= min_q
    assert len(bank.sections) >= min_s
    assert all(len(s.questions) >= 2 for s in bank.sections), "no one-question sections"


@pytest.mark.parametrize("bank_id", list(MINIMUMS))
def test_every_question_is_evidence_based(bank_id: str) -> None:
    bank = catalogue().banks[bank_id]
    for q in bank.questions:
        assert q.text.endswith("?"), f"{q.id}: a question asks"
        assert len(q.guidance.split()) >= 20, f"{q.id}: guidance says what good evidence is"
        assert q.references and all(len(r) >= 8 for r in q.references), q.id
        # an outcome question may list no stops and reach them through its options below target
        scale = bank.scales[q.scale or bank.default_scale]
        target = scale.option(scale.target or bank.target)
        below = [o for o in scale.options if target is not None and o.points < target.points]
        assert q.stops or (below and all(o.stops for o in below)), f"{q.id} reaches no stop"
    assert len(bank.description.split()) >= 40, "the description explains scales and weights"


@pytest.mark.parametrize("bank_id", list(MINIMUMS))
def test_maturity_scales_are_described_precisely(bank_id: str) -> None:
    bank = catalogue().banks[bank_id]
    for name, scale in bank.scales.items():
        for opt in scale.options:
            assert len(opt.description.split()) >= 6, f"{bank_id} {name} {opt.key}"
        target = scale.option(scale.target or bank.target)
        assert target is not None, f"{bank_id} {name}: target is an option"


def test_every_roadmap_stop_is_reached_three_times_by_the_core_banks() -> None:
    cat = catalogue()
    counts: Counter[int] = Counter()
    for bank_id in GROUPS["core"]:
        for q in cat.banks[bank_id].questions:
            counts.update(q.stops)
    assert {s.number for s in cat.roadmap.stops} == set(range(1, 13))
    for stop in range(1, 13):
        assert counts[stop] >= 3, f"stop {stop} is reached by {counts[stop]} core questions"


def test_deep_dives_use_the_high_risk_groups_stop() -> None:
    cat = catalogue()
    for bank_id in ("acute", "mental-health", "pregnancy"):
        qs = cat.banks[bank_id].questions
        # stop 11 is primary only where the group itself is the subject (issue 12), so a
        # quarter of the questions, not half, reach it
        assert sum(11 in q.stops for q in qs) >= len(qs) // 4, bank_id


def test_results_judge_indicators_against_england_trend_and_target() -> None:
    bank = catalogue().banks["results"]
    used = Counter(q.scale or bank.default_scale for q in bank.questions)
    assert len(used) >= 3, "comparison with England, trend and local target scales"
    for q in bank.questions:
        assert q.indicator, f"{q.id} names its indicator and source"


def test_harm_reduction_names_the_ph45_stakeholders_who_could_lead() -> None:
    bank = catalogue().banks["challenge"]
    ph45 = {"ssp", "ssc", "tc", "nhsc", "nhss", "hwb", "lgs"}
    assert len(ph45) == PH45_GROUPS and ph45 <= set(bank.stakeholders)
    section = next(s for s in bank.sections if "harm reduction" in s.title.lower())
    assert len(section.questions) >= 4
    for q in section.questions:
        assert q.leads and set(q.leads) <= ph45, f"{q.id} names PH45 groups who could lead"
        assert any("PH45" in r for r in q.references), q.id


def test_mental_health_questions_trace_to_the_nccmh_evaluation() -> None:
    bank = catalogue().banks["mental-health"]
    traced = [q.id for q in bank.questions if any(r.startswith(NCCMH) for r in q.references)]
    assert len(traced) >= 5, traced
    recs = {
        q.id
        for q in bank.questions
        for r in q.references
        if "PH45" in r and ("rec 9" in r or "rec 10" in r or "recs 9" in r)
    }
    assert recs, "closed institutions (PH45 recommendations 9 and 10) are covered"


def test_weights_are_used_sparingly() -> None:
    for bank in catalogue().banks.values():
        heavy = [q for q in bank.questions if q.weight != 1]
        assert len(heavy) <= len(bank.questions) // 4, bank.id


def test_question_ids_carry_their_bank_prefix() -> None:
    for bank in catalogue().banks.values():
        prefixes = {s.id.rstrip("0123456789") for s in bank.sections}
        assert len(prefixes) == 1, bank.id
        for s in bank.sections:
            assert all(q.id.startswith(f"{s.id}.") for q in s.questions), s.id


def test_show_prints_every_question(cli: Any) -> None:
    result = cli("show", "leadership")
    assert result.code == 0
    for q in catalogue().banks["leadership"].questions:
        assert q.id in result.out


def test_roadmap_command(cli: Any) -> None:
    every = cli("roadmap")
    assert every.code == 0
    for stop in catalogue().roadmap.stops:
        assert stop.title[:20] in every.out
    one = cli("roadmap", "7")
    assert one.code == 0
    stop = catalogue().roadmap.stop(7)
    assert stop is not None
    assert "What to do next" in one.out and "Questions mapped to stop 7" in one.out
    assert cli("roadmap", "13").code == 2


# --- issue 12: actions, leads, stops by one rule, no item scored twice ----------------------

STOP_11_PRIMARY_CAP = 25  # stop 11 is primary only where the high-risk group is the subject
FORBIDDEN_AS_CURRENT = ("Tobacco and Vapes Bill", "updated 2023", "Local Tobacco Control Profiles")
HISTORY_WORDS = ("renamed", "became", "replaced", "formerly", "until", "before")


def _questions() -> list[tuple[str, Any]]:
    return [(b.id, q) for b in catalogue().banks.values() for q in b.questions]


@pytest.mark.parametrize("bank_id", list(MINIMUMS))
def test_every_question_has_an_action_and_who_could_lead(bank_id: str) -> None:
    bank = catalogue().banks[bank_id]
    no_action = [q.id for q in bank.questions if len(q.action.split()) < 8]
    no_leads = [q.id for q in bank.questions if not q.leads]
    assert not no_action, f"questions without a concrete action: {no_action}"
    assert not no_leads, f"questions without leads: {no_leads}"
    # an action is the question's own, not a copy of another's
    actions = Counter(q.action for q in bank.questions)
    assert not [a for a, n in actions.items() if n > 1]


def test_stops_follow_one_rule() -> None:
    primary = Counter(q.stops[0] for _, q in _questions() if q.stops)
    assert primary[11] <= STOP_11_PRIMARY_CAP, f"stop 11 is primary {primary[11]} times"
    assert all(len(q.stops) <= 3 for _, q in _questions())
    # Results questions reach stops through their answer: no figure -> 12, no target -> 6.
    results = catalogue().banks["results"]
    assert all(q.stops == [] for q in results.questions)
    for q in results.questions:
        scale = results.scale_of(q)
        lowest = min(scale.options, key=lambda o: o.points)
        assert lowest.stops, f"{q.id}: the lowest option of '{q.scale}' reaches no stop"
    option_stops = {s for sc in results.scales.values() for o in sc.options for s in o.stops or []}
    assert {6, 12} <= option_stops


def test_deep_dives_expand_core_questions_rather_than_repeat_them() -> None:
    cat = catalogue()
    core = {q.id for b in GROUPS["core"] for q in cat.banks[b].questions}
    expanding = [(b, q) for b, q in _questions() if q.expands]
    assert len(expanding) >= 6  # grounds, discharge, ports, trusts in the alliance
    for bank_id, q in expanding:
        assert bank_id in GROUPS["deep-dives"], f"{q.id}: only deep dives expand core questions"
        assert q.expands in core, f"{q.id} expands '{q.expands}', which is not a core question"
    # retired duplicates stay retired
    ids = {q.id for _, q in _questions()}
    assert not {"L3.8", "L5.5", "C7.5", "AH4.1", "AH4.2", "AH4.3", "AH4.4"} & ids


def test_banks_read_as_current() -> None:
    cat = catalogue()
    for bank in cat.banks.values():
        assert bank.version == "2026.2", bank.id
        for q in bank.questions:
            text = " ".join([q.text, q.guidance, q.action, *q.references])
            for stale in FORBIDDEN_AS_CURRENT:
                if stale in text:
                    # allowed only when told as history ("renamed", "became", "replaced")
                    assert any(w in text for w in HISTORY_WORDS), (
                        f"{q.id} cites '{stale}' as current"
                    )


# --- issue 27: one home per item, across banks written in parallel --------------------------


def _id_pattern() -> re.Pattern[str]:
    prefixes = sorted(
        {s.id.rstrip("0123456789") for b in catalogue().banks.values() for s in b.sections},
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + "|".join(prefixes) + r")\d{1,2}\.\d{1,2}\b")


def test_every_expands_names_a_question_of_a_core_bank() -> None:
    cat = catalogue()
    core = {q.id for b in GROUPS["core"] for q in cat.banks[b].questions}
    wrong = [
        f"{b.id} {q.id} expands {q.expands}"
        for b in cat.banks.values()
        for q in b.questions
        if q.expands is not None and q.expands not in core
    ]
    assert not wrong, wrong


def test_every_question_id_a_bank_mentions_exists() -> None:
    """A question, section or bank text that names another question names one that exists.

    Writers removing an item "because another bank asks it" leave a pointer behind; when the
    other bank removed it too, the pointer dangles and the item is scored nowhere.
    """
    cat = catalogue()
    ids = {q.id for b in cat.banks.values() for q in b.questions}
    pattern = _id_pattern()
    dangling: list[str] = []
    for bank in cat.banks.values():
        texts = [(bank.id, bank.description)]
        for s in bank.sections:
            texts.append((f"{bank.id} {s.id}", s.description))
            for q in s.questions:
                body = " ".join([q.text, q.guidance, q.action, q.success, *q.references])
                texts.append((f"{bank.id} {q.id}", body))
        for where, text in texts:
            dangling += [f"{where} names {m}" for m in pattern.findall(text) if m not in ids]
    assert not dangling, dangling


def test_deep_dive_guidance_names_the_question_it_expands() -> None:
    for bank_id in GROUPS["deep-dives"]:
        for q in catalogue().banks[bank_id].questions:
            if q.expands:
                assert q.expands in q.guidance, f"{q.id}: guidance should name {q.expands}"
