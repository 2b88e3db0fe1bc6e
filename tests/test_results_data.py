"""`clear results fill` and `fetch`: Fingertips' judgements, the download reader, the commands."""

from __future__ import annotations

import csv
import hashlib
import http.server
import importlib.util
import io
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from clear_cli.core import fingertips_rules as rules
from tests.conftest import ASSETS, ROOT

BANK = ASSETS / "results" / "results-mini.yaml"
AREA = "E10000099"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_northshire", ROOT / "examples" / "make_northshire_download.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def north(tmp_path: Path) -> Path:
    out = tmp_path / "north.csv"
    _generator().main(["--out", str(out)])
    return out


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    shutil.copy(BANK, tmp_path / BANK.name)
    path = tmp_path / "north.yaml"
    path.write_text(
        "locality: Northshire\n"
        f"banks: [{BANK.name}]\n"
        "answers:\n"
        "  M1.4: {answer: worse, evidence: typed by hand}\n",
        encoding="utf-8",
    )
    return path


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _answers_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


# ----------------------------------------------------------------- Fingertips' rules, worked


def test_england_inside_the_interval_is_similar() -> None:
    assert rules.compare_ci(17.5, 18.6, 18.0, "low_is_good") == "Similar"
    assert rules.compare_ci(17.5, 18.6, 18.0, None) == "Similar"


def test_outside_the_interval_is_better_or_worse_by_polarity() -> None:
    # Local 15.1-16.9 wholly below England's 18.0: better where low is good.
    assert rules.compare_ci(15.1, 16.9, 18.0, "low_is_good") == "Better"
    assert rules.compare_ci(15.1, 16.9, 18.0, "high_is_good") == "Worse"
    assert rules.compare_ci(18.1, 19.0, 18.0, "low_is_good") == "Worse"
    assert rules.compare_ci(15.1, 16.9, 18.0, None) == "Lower"
    assert rules.compare_ci(18.1, 19.0, 18.0, None) == "Higher"


def _points(counts: list[int], n: int) -> list[rules.TrendPoint]:
    return [rules.TrendPoint(c, n) for c in counts]


def test_decreasing_series_on_low_is_good_is_getting_better() -> None:
    # 20%, 19%, 18%, 17%, 16% of 10,000 each: chi-squared = 100^2*100 / (0.18*0.82*100,000)
    # = 67.75, well above 9.5495.
    pts = _points([2000, 1900, 1800, 1700, 1600], 10_000)
    assert rules.trend_statistic(pts) == pytest.approx(1_000_000 / 14_760, rel=1e-9)
    assert rules.recent_trend(pts, "low_is_good") == "Decreasing and getting better"
    assert rules.recent_trend(pts, "high_is_good") == "Decreasing and getting worse"
    assert rules.recent_trend(pts, None) == "Decreasing"


def test_small_samples_are_no_significant_change() -> None:
    # The same percentages of 1,000 each: chi-squared 6.775, below 9.5495.
    pts = _points([200, 190, 180, 170, 160], 1000)
    assert rules.trend_statistic(pts) == pytest.approx(6.775, abs=0.001)
    assert rules.recent_trend(pts, "low_is_good") == "No significant change"


def test_slope_must_keep_its_sign_with_each_point_left_out() -> None:
    # One huge last point drives the whole test: without it the slope turns the other way.
    pts = [rules.TrendPoint(c, n) for c, n in [(300, 1000), (310, 1000), (320, 1000),
                                               (330, 1000), (1000, 100_000)]]  # fmt: skip
    assert rules.trend_statistic(pts) > rules.TREND_THRESHOLD
    assert rules.recent_trend(pts, "low_is_good") == "No significant change"


def test_four_points_cannot_be_calculated() -> None:
    pts = _points([2000, 1900, 1800, 1700], 10_000)
    assert rules.recent_trend(pts, "low_is_good") == "Cannot be calculated"


def test_quarters_rank_best_first() -> None:
    values = [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]
    assert rules.quarter(10.0, values, "low_is_good") == (1, 8, "best")
    assert rules.quarter(17.0, values, "low_is_good") == (8, 8, "worst")
    assert rules.quarter(13.0, values, "low_is_good") == (4, 8, "middle")
    assert rules.quarter(17.0, values, "high_is_good") == (1, 8, "best")


# ----------------------------------------------------------------------------- fill


def test_fill_answers_from_the_file_and_keeps_typed_answers(
    cli: Callable[..., Any], north: Path, answers: Path
) -> None:
    res = cli("results", "fill", north, "--answers", answers, "--area", AREA)
    assert res.code == 0, res
    assert "Filled 5 questions" in res.out
    assert "M1.4  kept: answered by hand" in res.out
    assert "M1.5  its scale 'local_target' is not judged from data" in res.out
    saved = _answers_of(answers)
    assert saved["area_code"] == AREA
    got = saved["answers"]
    assert got["M1.4"] == {"answer": "worse", "evidence": "typed by hand"}
    rows = [r for r in _rows(north) if r[0] == "92443" and r[4] == AREA]
    latest = rows[-1]
    england = next(r for r in _rows(north) if r[0] == "92443" and r[4] == "E92000001"
                   and r[11] == latest[11])  # fmt: skip
    expected = {"Similar": "similar", "Better": "better", "Worse": "worse"}[latest[21]]
    assert got["M1.1"]["answer"] == expected
    data = got["M1.1"]["data"]
    assert data["source"] == "north.csv"
    assert data["sha256"] == hashlib.sha256(north.read_bytes()).hexdigest()
    assert data["indicator_id"] == 92443
    assert data["period"] == latest[11]
    assert data["value"] == pytest.approx(float(latest[12]))
    assert data["comparator_value"] == pytest.approx(float(england[12]))
    assert data["judgement"] == latest[21]
    assert "Open Government Licence" in got["M1.1"]["evidence"]
    assert f"England {float(england[12]):.1f}" in got["M1.1"]["evidence"]
    assert got["M1.2"]["data"]["judgement"] == latest[20]
    assert len(got["M1.2"]["data"]["series"]) == 5
    assert "Rank" in got["M1.3"]["data"]["judgement"]
    # The figure not on Fingertips and the local target are left unanswered.
    assert "M2.3" not in got and "M1.5" not in got


def test_second_run_changes_nothing(cli: Callable[..., Any], north: Path, answers: Path) -> None:
    assert cli("results", "fill", north, "--answers", answers, "--area", AREA).code == 0
    before = answers.read_bytes()
    res = cli("results", "fill", north, "--answers", answers)  # area from the file now
    assert res.code == 0, res
    assert "is unchanged" in res.out
    assert answers.read_bytes() == before


def test_replace_fills_typed_answers_too(
    cli: Callable[..., Any], north: Path, answers: Path
) -> None:
    res = cli("results", "fill", north, "--answers", answers, "--area", AREA, "--replace")
    assert res.code == 0, res
    got = _answers_of(answers)["answers"]
    assert "data" in got["M1.4"] and got["M1.4"]["evidence"] != "typed by hand"


def _blank_judgements(path: Path, out: Path) -> Path:
    rows = _rows(path)
    for r in rows[1:]:
        r[20] = r[21] = r[22] = ""
    return _write(out, rows)


def test_blank_columns_are_judged_as_fingertips_does(
    cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path
) -> None:
    judged = _answers_of_fill(cli, north, answers)
    blank = _blank_judgements(north, tmp_path / "blank.csv")
    res = cli("results", "fill", blank, "--answers", answers, "--replace")
    assert res.code == 0, res
    got = _answers_of(answers)["answers"]
    # M2.1 and M2.2 declare their polarity; computed from the CI and the counts, they agree
    # with the judgements the file carried.
    for qid in ("M2.1", "M2.2"):
        assert got[qid]["answer"] == judged[qid]["answer"], qid
        assert got[qid]["data"]["method"] == "computed"
        assert "computed" in got[qid]["evidence"]
    # M1.1 declares none and the file no longer shows it: Higher/Lower gives no answer.
    assert "M1.1" not in got or got["M1.1"]["answer"] == "similar"


def _answers_of_fill(cli: Callable[..., Any], north: Path, answers: Path) -> dict[str, Any]:
    assert cli("results", "fill", north, "--answers", answers, "--area", AREA).code == 0
    return dict(_answers_of(answers)["answers"])


def test_suppressed_value_takes_the_suppressed_option(
    cli: Callable[..., Any], north: Path, tmp_path: Path
) -> None:
    # Highmoor's latest smoking at delivery is suppressed in the fictional file.
    shutil.copy(BANK, tmp_path / BANK.name)
    path = tmp_path / "highmoor.yaml"
    path.write_text(
        f"locality: Highmoor\narea_code: E10000093\nbanks: [{BANK.name}]\n", encoding="utf-8"
    )
    res = cli("results", "fill", north, "--answers", path)
    assert res.code == 0, res
    got = _answers_of(path)["answers"]
    assert got["M2.1"]["answer"] == "suppressed"
    assert got["M2.1"]["data"]["value_note"].startswith("Value suppressed for disclosure")
    assert got["M2.2"]["answer"] == "suppressed"  # the last of the five points is missing
    assert "suppressed" in res.out.casefold()


def test_area_code_is_validated(cli: Callable[..., Any], north: Path, answers: Path) -> None:
    before = answers.read_bytes()
    res = cli("results", "fill", north, "--answers", answers, "--area", "Northshire")
    assert res.code == 2
    assert "not an ONS area code" in res.err and len(res.err.strip().splitlines()) == 1
    answers.write_text(before.decode() + "area_code: e1000\n", encoding="utf-8")
    res = cli("score", answers)
    assert res.code == 2
    assert "north.yaml:5" in res.err and "ONS area code" in res.err


def test_no_area_anywhere(cli: Callable[..., Any], north: Path, answers: Path) -> None:
    res = cli("results", "fill", north, "--answers", answers)
    assert res.code == 2 and "has no area_code" in res.err


def test_area_not_in_the_file(cli: Callable[..., Any], north: Path, answers: Path) -> None:
    before = answers.read_bytes()
    res = cli("results", "fill", north, "--answers", answers, "--area", "E06000001")
    assert res.code == 2, res
    assert "holds no rows for area E06000001" in res.err
    assert answers.read_bytes() == before


# ------------------------------------------------------------------------ the reader


def _bad(
    cli: Callable[..., Any], data: Path, answers: Path, expected: str, line: int | None
) -> None:
    before = answers.read_bytes()
    res = cli("results", "fill", data, "--answers", answers, "--area", AREA)
    assert res.code == 2, res
    lines = res.err.strip().splitlines()
    assert len(lines) == 1, res.err
    where = f"{data.name}:{line}:" if line else f"{data.name}:"
    assert where in lines[0] and expected in lines[0], lines[0]
    assert answers.read_bytes() == before


def test_wrong_header(cli: Callable[..., Any], answers: Path, tmp_path: Path) -> None:
    data = _write(tmp_path / "other.csv", [["Area", "Value"], ["E10000099", "12"]])
    _bad(cli, data, answers, "is not a Fingertips data download", 1)


def test_empty_file(cli: Callable[..., Any], answers: Path, tmp_path: Path) -> None:
    data = tmp_path / "empty.csv"
    data.write_bytes(b"")
    _bad(cli, data, answers, "is empty", None)


def test_areaname_and_bom_and_cp1252(
    cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path
) -> None:
    rows = _rows(north)
    rows[0][5] = "AreaName"
    for r in rows[1:]:
        r[5] = r[5].replace("Northshire", "Northshire Côte")
    data = tmp_path / "excel.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    data.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("cp1252"))
    res = cli("results", "fill", data, "--answers", answers, "--area", AREA)
    assert res.code == 0, res
    assert "Northshire Côte" in _answers_of(answers)["answers"]["M1.1"]["evidence"]


def test_nul_byte(cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path) -> None:
    text = north.read_bytes().split(b"\n")
    text[40] = text[40].replace(b"Persons", b"Per\0sons")
    data = tmp_path / "nul.csv"
    data.write_bytes(b"\n".join(text))
    _bad(cli, data, answers, "NUL byte", 41)


def test_huge_field(cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path) -> None:
    rows = _rows(north)
    rows[3][19] = "x" * 200_000
    data = _write(tmp_path / "huge.csv", rows)
    _bad(cli, data, answers, "not a readable CSV file", 4)


def test_endless_line(cli: Callable[..., Any], answers: Path, tmp_path: Path) -> None:
    data = tmp_path / "endless.csv"
    data.write_bytes(b"Indicator ID," + b"a," * 700_000)
    _bad(cli, data, answers, "has a line longer than", 1)


def test_cut_short_and_not_a_number(
    cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path
) -> None:
    rows = _rows(north)
    rows[5] = rows[5][:10]
    _bad(cli, _write(tmp_path / "short.csv", rows), answers, "has 10 fields", 6)
    rows = _rows(north)
    n = next(i for i, r in enumerate(rows) if r[4] == AREA)
    rows[n][12] = "=1+1"
    _bad(cli, _write(tmp_path / "nan.csv", rows), answers, "is not a number", n + 1)


def test_hostile_names_reach_the_file_visible(
    cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path
) -> None:
    rows = _rows(north)
    for r in rows[1:]:
        if r[4] == AREA:
            r[5] = '=HYPERLINK("http://x")\x1b[31m<b>'
    data = _write(tmp_path / "hostile.csv", rows)
    assert cli("results", "fill", data, "--answers", answers, "--area", AREA).code == 0
    evidence = _answers_of(answers)["answers"]["M1.1"]["evidence"]
    assert "\x1b" not in evidence
    res = cli("report", answers, "--out", tmp_path / "r.html")
    assert res.code == 0, res
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<b>" not in html.split("<body", 1)[1].replace("<b>", "", 0) or "&lt;b&gt;" in html


def test_parent_column_when_the_parent_is_a_group(
    cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path
) -> None:
    rows = _rows(north)
    for r in rows[1:]:
        if r[4] == AREA and r[0] == "92443":
            r[22] = "Worse"
    data = _write(tmp_path / "group.csv", rows)
    assert cli("results", "fill", data, "--answers", answers, "--area", AREA).code == 0
    got = _answers_of(answers)["answers"]["M1.6"]
    assert got["answer"] == "worse"
    assert got["data"]["comparator"] == "Northshire's similar areas (fictional)"


def test_parent_england_leaves_similar_areas(
    cli: Callable[..., Any], north: Path, answers: Path, tmp_path: Path
) -> None:
    rows = _rows(north)
    for r in rows[1:]:
        if r[2]:
            r[2], r[3] = "E92000001", "England"
    rows[0][22] = "Compared to percentiles"
    data = _write(tmp_path / "england.csv", rows)
    res = cli("results", "fill", data, "--answers", answers, "--area", AREA)
    assert res.code == 0, res
    assert "M1.3  the download's parent is England, not a similar-areas group" in res.out


# ---------------------------------------------------------------------------- fetch


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    status = 200
    paths: list[str] = []  # noqa: RUF012 - shared by the test server's handlers on purpose

    def do_GET(self) -> None:
        _Handler.paths.append(self.path)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Handler]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CLEAR_FINGERTIPS_API", f"http://127.0.0.1:{httpd.server_port}/api")
    _Handler.paths = []
    yield _Handler
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_fetch_saves_the_recorded_response(
    cli: Callable[..., Any], server: type[_Handler], north: Path, tmp_path: Path
) -> None:
    server.body, server.status = north.read_bytes(), 200
    out = tmp_path / "fetched.csv"
    res = cli("results", "fetch", "--area", AREA, "--out", out)
    assert res.code == 0, res
    assert out.read_bytes() == north.read_bytes()
    assert server.paths == [
        "/api/all_data/csv/by_profile_id?child_area_type_id=502&parent_area_type_id=15"
        "&profile_id=18"
    ]
    assert "clear results fill" in res.out
    # An existing file is replaced only with --force.
    res = cli("results", "fetch", "--area", AREA, "--out", out)
    assert res.code == 2 and "--force" in res.err


def test_fetch_http_error(cli: Callable[..., Any], server: type[_Handler], tmp_path: Path) -> None:
    server.body, server.status = b"oops", 500
    out = tmp_path / "fetched.csv"
    res = cli("results", "fetch", "--area", AREA, "--out", out)
    assert res.code == 2
    assert "Fingertips answered HTTP 500" in res.err
    assert len(res.err.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob(".clear-*"))


def test_fetch_not_a_download(
    cli: Callable[..., Any], server: type[_Handler], tmp_path: Path
) -> None:
    server.body, server.status = b"<html>Service unavailable</html>\n", 200
    out = tmp_path / "fetched.csv"
    res = cli("results", "fetch", "--area", AREA, "--out", out)
    assert res.code == 2, res
    assert "not written" in res.err and "not a Fingertips data download" in res.err
    assert not out.exists()


def test_fetch_offline(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("CLEAR_FINGERTIPS_API", f"http://127.0.0.1:{port}/api")
    out = tmp_path / "fetched.csv"
    res = cli("results", "fetch", "--area", AREA, "--out", out, "--timeout", "5")
    assert res.code == 2
    assert "cannot reach Fingertips" in res.err and len(res.err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_example_download_is_current(tmp_path: Path) -> None:
    out = tmp_path / "made.csv"
    _generator().main(["--out", str(out)])
    example = ROOT / "examples" / "northshire-fingertips-fictional.csv"
    assert out.read_bytes() == example.read_bytes(), "run examples/make_northshire_download.py"
    assert all("Fictional" in line for line in example.read_text(encoding="utf-8").splitlines()[1:])
