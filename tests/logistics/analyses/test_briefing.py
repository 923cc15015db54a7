"""Page 1's briefing on a network small enough to compute by hand, and every printed percentage
read back against the need printed beside it.

P (Pakistan, 100 t/day) → X (crossing, 50 t/day) → D; I (Iran, 100 t/day) → Y (crossing,
30 t/day) → D. D (AF01) needs 40 t/day of food and can store without limit; entering X costs
1 USD/t, Y 2 USD/t. Six days from 30 Nov 2026. "likely" (probability 0.6) closes X on days 2-4;
"worst" (probability 0.1) closes X all six days and raises D's need by a quarter.

- Baseline: 40 t/day through X (the cheaper), none through Y: food enters 100 % from Pakistan.
- likely: on days 2-4 Y brings 30 of the 40 t/day, 3 × 10 = 30 t short unless stocked; days 0-1
  have 10 + 30 t/day of spare capacity, so the plan stocks 30 t at D by the end of day 1:
  nothing is short, and the build-up above the baseline's (0 t) is 30 t.
- worst: need 1.25 × 40 = 50 t/day; Y's 30 t/day every day, 6 × 20 = 120 t short of its own
  6 × 50 = 300 t need: 40.0 % (against the baseline's 240 t it would read 50.0 %), short from
  day 0 (20 of 50 t, above 0.5 % of the day's need). 120 t × 3,500 kcal/kg ÷ 2,100 kcal =
  200,000 people-days, ÷ 6 days = 33,333 people.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import logistics
from logistics.analyses.briefing import briefing, tonnes_of
from tests.conftest import build, closure, demand, node, route, scenario, supply

START = date(2026, 11, 30)
SHARE = re.compile(r"([\d,]+) t of ([\d,]+) t \(([\d.]+) %\)")


def _network():
    return build(
        nodes=[
            node("P", "source", country="PAK"),
            node("I", "source", country="IRN"),
            node("X", "crossing", throughput_t_per_day=50),
            node("Y", "crossing", throughput_t_per_day=30),
            node("D", "demand", storage_t=None, pcode="AF01"),
        ],
        routes=[
            route("PX", "P", "X", cost=1),
            route("IY", "I", "Y", cost=2),
            route("XD", "X", "D"),
            route("YD", "Y", "D"),
        ],
        supply=[supply("P", 100), supply("I", 100)],
        demand=[demand("D", 40)],
    )


@pytest.fixture(scope="module")
def results() -> logistics.Results:
    likely = scenario("likely", closure("X", 2, 5)).model_copy(update={"probability": 0.6})
    worst = scenario("worst", closure("X"), demand_factor={"D": 1.25})
    worst = worst.model_copy(update={"probability": 0.1})
    return logistics.run_scenarios(_network(), [likely, worst], horizon_days=6, allocation="market")


def test_headline_gives_the_most_likely_outcome_first(results) -> None:
    brief = briefing(results, None, START)
    assert brief.headline == (
        "Most likely (Likely, analysts' probability 0.60): all food and aid reach every province. "
        "Worst case (Worst, analysts' probability 0.10): 120 t of 300 t (40.0 %) short."
    )
    assert brief.in_numbers[:3] == [
        ("0 t", "short, most likely scenario (foreseen–surprise)"),
        ("120 t", "short, worst case, of 300 t"),
        ("33,333", "people's food for 6 days, worst case"),
    ]
    # day 0 of "likely": X's closure starts on day 2, so neither crossing is limited yet
    assert brief.in_numbers[-1] == (
        "0 of 2",
        "crossings closed or restricted on day 0, most likely",
    )


def test_what_runs_short_first_and_where(results) -> None:
    table = briefing(results, None, START).runs_short.set_index("Good")
    food = table.loc["Food"]
    assert food["Main way in (baseline, ISO3)"] == "PAK 100 %"
    assert food["Likely: first short"] == "not short"
    assert (food["Worst: first short"], food["Worst: where first"]) == ("30 Nov (day 0)", "D name")
    assert (food["Worst: short (t)"], food["Worst: need (t)"]) == pytest.approx(
        (120, 300), abs=1e-6
    )
    assert food["Worst: short (% of need)"] == pytest.approx(40.0, abs=1e-6)


def test_crossing_status_and_actions(results) -> None:
    brief = briefing(results, None, START)
    # each with the country it imports from (the country of the nodes routed into it)
    assert brief.crossings[0] == ("Open", "X name (PAK), Y name (IRN)")
    pre, secure = brief.actions
    # 30 t stocked at D by the end of day 1 (1 Dec), before X closes on day 2
    assert pre.text.startswith(
        "Pre-position by 1 Dec 2026 (day 1), before the first closure of Likely: food 30 t "
        "(D name 30 t)"
    )
    # worst: Y carries 30 t/day against 0 in the baseline
    assert "Y name +30 t/day" in secure.text


def test_every_printed_share_is_of_the_need_beside_it(results, tmp_path: Path) -> None:
    """Every "A t of B t (C %)" on the Summary has C = 100 A / B to 0.1 points, and every table
    row with a share of need shows that need.
    """
    assert tonnes_of(60, 240) == "60 t of 240 t (25.0 %)"
    path = logistics.write_report(results, tmp_path / "r.xlsx", start_date=START)
    ws = openpyxl.load_workbook(path)["Summary"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    found = [m for text in texts for m in SHARE.finditer(text)]
    assert found  # the headline holds one
    for m in found:
        short, need, share = (float(g.replace(",", "")) for g in m.groups())
        assert share == pytest.approx(100 * short / need, abs=0.051), m.group(0)
    checked = 0
    for header_row in _header_rows(ws):
        headers = {ws.cell(header_row, j).value: j for j in range(1, ws.max_column + 1)}
        need = next(j for h, j in headers.items() if h and h.lower().endswith("need (t)"))
        for r in range(header_row + 1, ws.max_row + 1):
            if ws.cell(r, 1).value is None:
                break
            for header, j in headers.items():
                if header and header.endswith("(% of need)"):
                    short = headers[header.replace("(% of need)", "(t)")]
                    value, t, n = (ws.cell(r, c).value for c in (j, short, need))
                    assert value == pytest.approx(100 * t / n, abs=0.05), (r, header)
                    checked += 1
    # the comparison: 3 scenarios × 1 share (one foresight); what runs short: 1 good
    assert checked == 4


def _header_rows(ws) -> list[int]:
    """The rows of the Summary's table headers (dark blue)."""
    return [
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).fill.fgColor.rgb in ("001F4E78", "FF1F4E78")
    ]
