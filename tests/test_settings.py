"""Stop 11 by setting: each deep dive, and each section of a core bank, with its own gap.

The figures are checked against the questions themselves: a setting holds exactly the weak
questions of that bank (or core section) whose primary stop is 11, and its gap is theirs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clear_cli.core.scoring import score_assessment
from clear_cli.core.settings import by_setting
from clear_cli.sources.loader import load_assessment
from tests.accessibility_checks import parse
from tests.conftest import EXAMPLES


def test_each_setting_holds_its_own_primary_stop_11_questions() -> None:
    card = score_assessment(load_assessment(EXAMPLES / "northshire-self.yaml", []))
    settings = by_setting(card.banks)
    assert settings, "Northshire has stop 11 gaps"
    by_id = {q.id: q for q in card.questions}
    for s in settings:
        assert s.questions
        for qid in s.questions:
            q = by_id[qid]
            assert q.stops[0] == 11 and q.gap > 0
            assert q.bank_id == s.bank_id
            if s.section_id is not None:
                assert q.section_id == s.section_id
        assert abs(s.gap - sum(by_id[i].gap for i in s.questions)) < 1e-9
        assert 0 < s.shortfall <= 100
    # deep dives are one setting each; core banks split by section
    deep = [s for s in settings if s.section_id is None]
    assert {s.bank_id for s in deep} <= {"acute", "illicit", "mental-health", "pregnancy"}
    assert [s.shortfall for s in settings] == sorted((s.shortfall for s in settings), reverse=True)
    # every weak question with 11 as its primary stop is in exactly one setting
    weak_11 = {q.id for q in card.questions if q.counted and q.gap > 0 and q.stops[:1] == [11]}
    assert sorted(i for s in settings for i in s.questions) == sorted(weak_11)


def test_score_json_carries_stop_11_by_setting(cli: Any, in_root: Path) -> None:
    result = cli("score", "examples/southvale-self.yaml", "--json")
    assert result.code == 0, result
    gaps = json.loads(result.out)["gaps"]
    for g in gaps:
        assert (g["settings"] != []) == (g["stop"] == 11)
        assert g["ranked"] == (g["primary"] >= 3)
    eleven = next(g for g in gaps if g["stop"] == 11)
    assert any(s["bank"] == "pregnancy" and s["section"] is None for s in eleven["settings"])


def test_the_report_and_plan_show_stop_11_by_setting(cli: Any, tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    assert cli("report", EXAMPLES / "southvale-self.yaml", "--out", report).code == 0
    doc = parse(report.read_text(encoding="utf-8"))
    tables = [t for t in doc.find_all("table") if "settings" in t.classes()]
    assert len(tables) == 1
    caption = tables[0].find_all("caption")[0].text()
    assert caption.startswith("Stop 11 by setting")
    rows = [r for r in tables[0].find_all("tr") if r.find_all("td")]
    assert any(r.find_all("td")[0].text() == "Deep dive: smoking in pregnancy" for r in rows)
    plan = tmp_path / "p.md"
    assert cli("plan", EXAMPLES / "southvale-self.yaml", "--out", plan).code == 0
    assert "Stop 11 by setting, where the issue-group work is:" in plan.read_text("utf-8")
