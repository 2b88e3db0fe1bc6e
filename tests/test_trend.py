"""`clear trend` through the CLI: four generated assessments of one locality against the small
test bank, in shuffled order and mixed formats, with every figure worked out here by hand; a
bank version change; the refusals; and the bundled Northshire run over three years."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.trend_inputs import V1, V2, make_run, write

SCHEMA = ROOT / "schemas" / "trend.schema.json"
NORTHSHIRE = [EXAMPLES / f"northshire-{year}.yaml" for year in ("2024", "2025")] + [
    EXAMPLES / "northshire-self.yaml"
]


@pytest.fixture
def run(cli: Any, tmp_path: Path) -> list[Path]:
    return make_run(cli, tmp_path)


def trend_json(cli: Any, *files: Path) -> dict[str, Any]:
    result = cli("trend", "--bank", V1, *files, "--json")
    assert result.code == 0, result
    data: dict[str, Any] = json.loads(result.out)
    return data


def shuffled(paths: list[Path]) -> list[Path]:
    out = list(paths)
    random.Random(15).shuffle(out)
    if out == paths:
        out.reverse()
    return out


def test_figures_by_hand_from_shuffled_mixed_inputs(cli: Any, run: list[Path]) -> None:
    data = trend_json(cli, *shuffled(run))
    assert data["locality"] == "Testshire"
    assert data["dates"] == ["2023-03-01", "2024-03-01", "2025-03-01"]
    # 2023: T1 1 + 2x1 = 3 of 12, T2 0 of 1 -> 3/13; 2024: T1 2 + 2x2 = 6/12, T2 na -> 6/12;
    # 2025: T1 3 + 2x1 = 5/12, T2 1/1 -> 6/13.
    (bank,) = data["banks"]
    assert bank["id"] == "local-test"
    assert bank["percents"] == [23.08, 50.0, 46.15]
    assert bank["change"] == {"since_previous": -3.85, "since_first": 23.07}
    t1, t2 = bank["sections"]
    assert t1["percents"] == [25.0, 50.0, 41.67]
    assert t1["change"] == {"since_previous": -8.33, "since_first": 16.67}
    assert t2["percents"] == [0.0, None, 100.0]
    assert t2["change"] == {"since_previous": None, "since_first": 100.0}
    assert data["overall"] == {"percents": bank["percents"], "change": bank["change"]}
    # Shortfall = 100 x gap / reach: stop 6 (T1.1): 2/3, 1/3, 0; stops 8 and 10 (T1.2, in full
    # and at half share): 4/6, 2/6, 4/6; stop 11 (T2.1): 1/1, na (not reached), 0.
    stops = {s["stop"]: s for s in data["stops"]}
    assert list(stops) == [6, 8, 10, 11]
    assert stops[6]["shortfalls"] == [66.67, 33.33, 0.0]
    assert stops[8]["shortfalls"] == stops[10]["shortfalls"] == [66.67, 33.33, 66.67]
    assert stops[11]["shortfalls"] == [100.0, 0.0, 0.0]
    assert stops[8]["change"] == {"since_previous": 33.34, "since_first": 0.0}
    assert stops[11]["change"] == {"since_previous": 0.0, "since_first": -100.0}
    # First against latest: T1.1 Planned -> In place, T2.1 No -> Yes; T1.2 the same both times.
    assert data["moved"] == [
        {"id": "T1.1", "bank": "local-test", "from": "1", "to": "3", "change": 2.0},
        {"id": "T2.1", "bank": "local-test", "from": "no", "to": "yes", "change": 1.0},
    ]
    assert data["left_out"] == []
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))


def test_each_date_is_the_scorecards_own(cli: Any, run: list[Path]) -> None:
    """Nothing left out: every percent and shortfall is `clear score`'s for that file."""
    data = trend_json(cli, *run)
    for i, path in enumerate(run):
        card = json.loads(cli("score", path, "--json", "--bank", V1).out)
        assert card["date"] == data["dates"][i]
        assert data["overall"]["percents"][i] == card["overall"]["percent"]
        for bank, scored in zip(data["banks"], card["banks"], strict=True):
            assert bank["percents"][i] == scored["percent"]
            for s, t in zip(bank["sections"], scored["sections"], strict=True):
                assert s["percents"][i] == (t["percent"] if t["max"] else None)
        gaps = {g["stop"]: g["shortfall"] for g in card["gaps"]}
        for stop in data["stops"]:
            assert stop["shortfalls"][i] == gaps.get(stop["stop"], 0.0)


def test_bank_version_change_follows_the_shared_questions(
    cli: Any, run: list[Path], tmp_path: Path
) -> None:
    # Version 2 drops T1.2, adds T1.3 and puts T2.1 on a three-option scale: only T1.1 is
    # in every version on the same options.
    v2 = write(
        tmp_path,
        "y2026.yaml",
        {"T1.1": "4", "T1.3": "2", "T2.1": "partly"},
        date="2026-03-01",
        bank=V2,
    )
    data = trend_json(cli, v2, *run)
    assert data["dates"][-1] == "2026-03-01"
    (bank,) = data["banks"]
    assert bank["title"] == "Local test bank, second edition"
    assert bank["percents"] == [25.0, 50.0, 75.0, 100.0]
    assert [s["id"] for s in bank["sections"]] == ["T1"]
    assert bank["change"] == {"since_previous": 25.0, "since_first": 75.0}
    assert [s["stop"] for s in data["stops"]] == [6]
    assert data["moved"] == [
        {"id": "T1.1", "bank": "local-test", "from": "1", "to": "4", "change": 3.0}
    ]
    left = {x["question"]: x["message"] for x in data["left_out"]}
    assert set(left) == {"T1.2", "T1.3", "T2.1"}
    assert left["T1.2"] == "not in version 2 of bank 'local-test' (used on 2026-03-01)"
    assert left["T1.3"].startswith("not in version 1 of bank 'local-test' (used on 2023-03-01")
    assert "other options" in left["T2.1"]
    shown = cli("trend", "--bank", V1, *run, v2)
    assert shown.code == 0, shown
    assert "Left out of the trend" in shown.out
    assert "T1.2" in shown.out and "T2.1" in shown.out


def test_different_localities_are_refused(cli: Any, run: list[Path], tmp_path: Path) -> None:
    other = write(tmp_path, "other.yaml", {"T1.1": "2"}, date="2026-01-01", locality="Otherton")
    out = tmp_path / "t.html"
    result = cli("trend", "--bank", V1, *run, other, "--out", out)
    assert result.code == 2
    assert result.out == ""
    assert "different localities" in result.err
    assert "Otherton: other.yaml" in result.err.replace(str(tmp_path) + "/", "")
    assert "y2023.yaml" in result.err
    assert not out.exists()


def test_same_date_and_missing_date_are_refused_at_once(
    cli: Any, run: list[Path], tmp_path: Path
) -> None:
    twin = write(tmp_path, "twin.yaml", {"T1.1": "2"}, date="2025-03-01")
    undated = write(tmp_path, "undated.yaml", {"T1.1": "2"}, date=None)
    result = cli("trend", "--bank", V1, *run, twin, undated)
    assert result.code == 2
    lines = result.err.replace(str(tmp_path) + "/", "").splitlines()
    assert any("y2025.json and twin.yaml are both dated 2025-03-01" in x for x in lines)
    assert any(x.startswith("error: undated.yaml: has no date") for x in lines)
    assert "2 problems found" in lines[-1]


def test_one_file_is_not_a_trend(cli: Any, run: list[Path]) -> None:
    result = cli("trend", "--bank", V1, run[0])
    assert result.code == 2
    assert "two or more assessments" in result.err


def test_terminal_fits_80_columns(
    cli: Any, run: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("trend", "--bank", V1, *shuffled(run))
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert max(len(x) for x in lines) <= 80
    assert lines[0].startswith("Testshire over time: 3 assessments, 2023-03-01 to 2025-03-01")
    table = next(x for x in lines if x.startswith("Local test bank"))
    # The percent at each date with its bar, then the changes since the last and the first.
    assert [c.strip() for c in table.split("│")[1:]] == ["23 ▂", "50 ▅", "46 ▄", "-3.9", "+23.1"]
    text = result.out
    assert "Shortfall fell most since 2023: stop 11" in text
    assert "Moved up since 2023: 2 questions" in text
    # The latest evidence, as typed, beside each moved question.
    assert "Plan signed off by the board" in text
    assert '=HYPERLINK("http://x") <b>policy</b>' in text.replace("\n", "")


def test_many_dates_still_fit(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [
        write(tmp_path, f"m{m:02}.yaml", {"T1.1": str(m % 5)}, date=f"2026-{m:02}-01")
        for m in range(1, 12)
    ]
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("trend", "--bank", V1, *files)
    assert result.code == 0, result
    assert max(len(x) for x in result.out.splitlines()) <= 80
    assert "dates are not shown as columns" in result.out
    header = next(x for x in result.out.splitlines() if x.startswith("Bank / section"))
    assert "2026-01" in header and "2026-11" in header and "2026-05" not in header


def test_schema_command_is_the_committed_schema(cli: Any) -> None:
    result = cli("schema", "trend")
    assert result.code == 0
    assert json.loads(result.out) == json.loads(SCHEMA.read_text()), "run `make schema`"


@pytest.mark.parametrize("order", [0, 1])
def test_northshire_over_three_years(cli: Any, order: int) -> None:
    files = (
        NORTHSHIRE
        if order == 0
        else [NORTHSHIRE[2], NORTHSHIRE[0].with_suffix(".xlsx"), NORTHSHIRE[1]]
    )
    data = trend_json(cli, *files)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["locality"] == "Northshire" and len(data["dates"]) == 3
    assert data["dates"] == sorted(data["dates"]) and data["dates"][-1] == "2026-03-12"
    assert data["left_out"] == []
    overall = data["overall"]["percents"]
    assert overall[0] < overall[1] < overall[2], "plausible progress"
    ups = [m for m in data["moved"] if m["change"] > 0]
    downs = [m for m in data["moved"] if m["change"] < 0]
    assert len(ups) > len(downs) > 0, "mostly up, with a few setbacks"
    # The same calculation as `clear score` at every date.
    for i, path in enumerate(NORTHSHIRE):
        card = json.loads(cli("score", path, "--json").out)
        assert overall[i] == card["overall"]["percent"]
        gaps = {g["stop"]: g["shortfall"] for g in card["gaps"]}
        assert {s["stop"]: s["shortfalls"][i] for s in data["stops"]} == {
            s["stop"]: gaps.get(s["stop"], 0.0) for s in data["stops"]
        }
