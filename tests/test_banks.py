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
from tests.conftest import ROOT

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
NCCMH = "NCCMH evaluation (2024)"  # cited-as name of the evaluation of community services for SMI
PH45_MATRIX = "Local implementation matrix for PH45 (seed)"


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
    # the matrix's seven groups less the Health and Wellbeing Board, which backs and
    # scrutinises but is not an operational lead (issue 27)
    operational = {"ssp", "ssc", "tc", "nhsc", "nhss", "lgs"}
    assert len(operational) == PH45_GROUPS - 1 and operational <= set(bank.stakeholders)
    assert "hwb" not in bank.stakeholders
    section = next(s for s in bank.sections if "harm reduction" in s.title.lower())
    assert len(section.questions) >= 4
    for q in section.questions:
        assert q.leads and set(q.leads) <= set(bank.stakeholders), q.id
        # closed institutions are led by the prison healthcare provider (issue 27)
        assert set(q.leads) & (operational | {"prisonhc"}), f"{q.id} names who could lead"
        assert any(r.startswith(PH45_MATRIX) for r in q.references), q.id


def test_mental_health_questions_trace_to_the_nccmh_evaluation() -> None:
    bank = catalogue().banks["mental-health"]
    traced = [q.id for q in bank.questions if any(r.startswith(NCCMH) for r in q.references)]
    assert len(traced) >= 5, traced
    # closed institutions (former PH45 recommendations 9 and 10, now NG209's harm reduction
    # recommendations, cited by topic)
    closed = {
        q.id
        for q in bank.questions
        for r in q.references
        if r.startswith("NICE NG209") and "closed institutions" in r
    }
    assert len(closed) >= 2, "people and staff in closed institutions are covered"


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
    seven = catalogue().roadmap.stop(7)
    assert seven is not None
    assert "What to do next" in one.out and "Questions mapped to stop 7" in one.out
    assert cli("roadmap", "13").code == 2


# --- issue 12: actions, leads, stops by one rule, no item scored twice ----------------------

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
    # the distribution of primary stops is checked bank by bank below (issue 27)
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
        assert bank.version == "2026.3", bank.id
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


# --- issue 27: one register of sources, and the rule that maps stops ------------------------

SOURCES = ROOT / "docs" / "sources.md"
STATUSES = ("current", "history", "ended", "archived")
REFERENCE_SEPARATORS = (", ", ": ", " (")


def _register() -> dict[str, list[str]]:
    """The rows of docs/sources.md: cited-as name -> the other five cells."""
    rows: dict[str, list[str]] = {}
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0] in ("cited as", "---") or len(cells) != 6:
            continue
        assert cells[0] not in rows, f"'{cells[0]}' is registered twice"
        rows[cells[0]] = cells[1:]
    return rows


def _cited_as(reference: str, names: set[str]) -> str | None:
    """The longest registered name the reference begins with, followed by its end or a separator."""
    fits = [
        n
        for n in names
        if reference == n or any(reference.startswith(n + sep) for sep in REFERENCE_SEPARATORS)
    ]
    return max(fits, key=len, default=None)


def test_sources_register_has_a_full_row_for_every_source() -> None:
    rows = _register()
    assert len(rows) >= 50
    for name, (title, date, status, supports, checked) in rows.items():
        assert title and date and supports, name
        assert status.split(" ")[0] in STATUSES, f"{name}: status '{status}'"
        assert checked.startswith("2026-12"), f"{name}: last checked '{checked}'"


def test_every_reference_begins_with_a_registered_name_and_every_name_is_cited() -> None:
    names = set(_register())
    cited: set[str] = set()
    unregistered: list[str] = []
    for bank_id, q in _questions():
        for ref in q.references:
            name = _cited_as(ref, names)
            if name is None:
                unregistered.append(f"{bank_id} {q.id}: {ref[:70]}")
            else:
                cited.add(name)
    assert not unregistered, unregistered
    assert names == cited, f"registered but never cited: {sorted(names - cited)}"


def test_superseded_sources_are_never_cited_as_current() -> None:
    """PH45 and PH48 are history inside NG209; PHE documents say they are archived."""
    for _, q in _questions():
        for ref in q.references:
            if re.search(r"\bPH(45|48)\b", ref):
                assert "NG209" in ref, f"{q.id}: '{ref[:60]}' cites PH45/PH48 as current"
            if ref.startswith("PHE (archived)"):
                assert "archived" in ref[len("PHE (archived)") :], q.id
            if "Tobacco Control Plan" in ref and "2017" in ref:
                assert "ended 2022" in ref, q.id


PRIMARY_SHARE_CAP = 0.40  # in Challenge and Leadership no stop is primary for more of the bank


def _primaries(bank_id: str) -> Counter[int]:
    return Counter(q.stops[0] for q in catalogue().banks[bank_id].questions if q.stops)


@pytest.mark.parametrize("bank_id", ["challenge", "leadership"])
def test_no_stop_carries_more_than_two_fifths_of_a_core_bank(bank_id: str) -> None:
    primary = _primaries(bank_id)
    total = len(catalogue().banks[bank_id].questions)
    for stop, n in primary.items():
        assert n <= PRIMARY_SHARE_CAP * total, f"{bank_id}: stop {stop} is primary {n}/{total}"
    assert len(primary) >= 8, f"{bank_id}: the rule spreads questions over the roadmap"


def test_breadth_and_the_alliance_have_primary_questions_of_their_own() -> None:
    core = sum((_primaries(b) for b in GROUPS["core"]), Counter())
    # enough primary questions for stops 1 and 2 to be ranked (the ranking needs three)
    assert core[1] >= 3 and core[2] >= 3, core
    # stop 3 is about membership: never the primary stop of a service question
    assert _primaries("challenge")[3] == 0


@pytest.mark.parametrize("bank_id", ["acute", "illicit", "mental-health", "pregnancy"])
def test_deep_dives_put_service_gaps_at_stop_11(bank_id: str) -> None:
    primary = _primaries(bank_id)
    top, n = primary.most_common(1)[0]
    assert top == 11 and all(m < n for s, m in primary.items() if s != 11), primary
    assert primary[3] == 0, f"{bank_id}: stop 3 is never primary in a deep dive"
    # the cause sits second on the setting's questions: 7, 6, 5 or 12 most often
    seconds = Counter(
        q.stops[1]
        for q in catalogue().banks[bank_id].questions
        if q.stops[:1] == [11] and len(q.stops) > 1
    )
    assert sum(seconds[s] for s in (5, 6, 7, 12)) >= sum(seconds.values()) / 2, seconds


@pytest.mark.parametrize("bank_id", list(MINIMUMS))
def test_every_question_has_its_own_success_measure(bank_id: str) -> None:
    bank = catalogue().banks[bank_id]
    generic = {o.description for sc in bank.scales.values() for o in sc.options}
    for q in bank.questions:
        assert len(q.success.split()) >= 12, f"{q.id}: success says what a reviewer would see"
        assert q.success not in generic, f"{q.id}: success repeats the scale's wording"
    repeated = [m for m, n in Counter(q.success for q in bank.questions).items() if n > 1]
    assert not repeated, f"{bank_id}: the same success measure twice"


# An "In place" anchor is written either as a label ("'In place': every ward ...") or as the end
# of a count ("all three is 'In place'", "score four of five as 'In place'"). Either quote style.
_IN_PLACE = r"""['"\u2018\u201c]In place['"\u2019\u201d]"""
IN_PLACE_ANCHOR = re.compile(
    rf"{_IN_PLACE}\s*:"  # 'In place': ...
    rf"|\bis\s+{_IN_PLACE}"  # ... is 'In place'
    rf"|\bscore\b[^.;]{{0,160}}\bas\s+{_IN_PLACE}"  # score ... as 'In place'
)


def test_no_question_defines_in_place_twice() -> None:
    # issue 27, round 2: an appended anchor beside an older one gave two different tests
    twice = []
    for bank_id, q in _questions():
        n = len(IN_PLACE_ANCHOR.findall(f"{q.text} {q.guidance}"))
        if n > 1:
            twice.append(f"{bank_id} {q.id} ({n})")
    assert not twice, f"'In place' defined more than once: {twice}"


def test_the_anchor_pattern_finds_both_ways_of_writing_one() -> None:
    assert len(IN_PLACE_ANCHOR.findall("'In place': all. Two is 'Partly in place'.")) == 1
    assert len(IN_PLACE_ANCHOR.findall('all three is "In place"; score four as "In place".')) == 2
    assert not IN_PLACE_ANCHOR.findall("'Embedded': as 'In place', with an evaluation.")
