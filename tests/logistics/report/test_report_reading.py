"""The report as a reader meets it: every chart's ranges read back from the file, findings in every
run, one HXL tag per column, ties shown as ties, the exceedance curve drawn as falling steps.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from logistics import run_criticality, run_montecarlo, write_analysis_report, write_report
from logistics.analyses.criticality import competition_ranks
from logistics.analyses.findings import key_findings, short_name
from logistics.analyses.montecarlo import RiskModel
from logistics.report.tidy import DATA_COLUMNS, tidy_results
from logistics.report.workbook import _shown_ranks, exceedance_steps
from networks import Network
from tests.conftest import (
    build,
    closure,
    demand,
    node,
    route,
    run,
    scenario,
    supply,
    three_parallel_crossings_network,
    two_crossings_closures,
    two_crossings_network,
)
from tests.reading import assert_chart_is_right, cells, chart_series

START = date(2026, 11, 30)


@pytest.fixture(scope="module")
def two_crossings_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """two_crossings (X30 + X50 → D, 70 t/day) over 6 days: X50 closed days 1-3 leaves 30 of 70 t/day,
    i.e. 3 × 40 = 120 t short; both closed on day 2 only leaves 70 t short. With the criticality ranking.
    """
    results, ranking = two_crossings_closures()
    return write_report(
        results, tmp_path_factory.mktemp("r") / "r.xlsx", criticality=ranking, start_date=START
    )


def test_every_chart_takes_its_ranges_from_its_table(two_crossings_report: Path) -> None:
    wb = openpyxl.load_workbook(two_crossings_report)
    series = chart_series(wb)
    assert {s.sheet for s in series} == {"Summary", "Timeline", "Criticality"}
    for s in series:
        assert_chart_is_right(wb, s)
    by_sheet = {s.sheet: s for s in series}
    # the Summary bar's first value is the baseline's shortfall (0 t), then 120 t and 70 t
    assert cells(wb, by_sheet["Summary"].values) == pytest.approx([0, 120, 70], abs=1e-6)
    # scenarios by their titles (a scenario without one: its name in words)
    assert cells(wb, by_sheet["Summary"].categories) == ["Baseline", "X50 closed", "Both day 2"]
    # the Timeline: x50-closed is short 40 t/day on days 1-3, from the first day on (not a day late)
    timeline = [s for s in series if s.sheet == "Timeline"]
    assert len(timeline) == 3  # one line per scenario, the baseline included
    x50 = next(s for s in timeline if cells(wb, s.title) == ["x50-closed: shortfall (t/day)"])
    assert cells(wb, x50.values) == pytest.approx([0, 40, 40, 40, 0, 0], abs=1e-6)
    assert cells(wb, x50.categories) == [0, 1, 2, 3, 4, 5]


def test_criticality_chart_labels_every_closure_in_rank_order(two_crossings_report: Path) -> None:
    wb = openpyxl.load_workbook(two_crossings_report)
    (bar,) = [s for s in chart_series(wb) if s.sheet == "Criticality"]
    assert bar.label_skip == 1
    # closing X50 for 6 days leaves 30 of 70 t/day: 6 × 40 = 240 t; closing X30 leaves 50: 6 × 20 = 120 t
    assert cells(wb, bar.values) == pytest.approx([240, 120], abs=1e-6)
    assert [v.split(" ")[0] for v in cells(wb, bar.categories)] == ["X50", "X30"]


def test_summary_is_a_briefing_with_dates(two_crossings_report: Path) -> None:
    ws = openpyxl.load_workbook(two_crossings_report)["Summary"]
    text = "\n".join(str(c.value) for row in ws.iter_rows(max_col=1) for c in row if c.value)
    assert "outlook 30 Nov 2026 to 5 Dec 2026" in text and "6 days from day 0 = 30 Nov 2026" in text
    assert "Optimistic bound" in text
    # the headline: 120 t short of 6 days × 70 t/day = 420 t need: 28.6 %
    assert "Worst case (X50 closed): 120 t of 420 t (28.6 %) short." in text
    # what runs short first: the good is short nationally from day 1 = 1 Dec, in province D
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "1 Dec (day 1)" in cells
    assert "What would change this outlook" in text


def test_ties_share_a_rank_and_show_as_ties() -> None:
    # 240 t, 0 t, 0 t, 0.4 t (shown as 0 t): ranks 1, 2, 2, 2; the three equal on the page are tied
    ranks, tied = competition_ranks(pd.Series([240.0, 0.0, 0.0, 0.4]))
    assert list(ranks) == [1, 2, 2, 2]
    assert list(tied) == [False, True, True, True]


def test_report_ranks_blank_for_closures_that_add_nothing() -> None:
    # 240 t, 120 t, 120 t, 0.4 t (shown as 0 t): ranks 1, =2, =2 and none for the harmless one
    ranks, tied = _shown_ranks(pd.Series([240.0, 120.0, 120.0, 0.4]))
    assert ranks.tolist()[:3] == [1, 2, 2] and pd.isna(ranks.iloc[3])
    assert list(tied) == [False, True, True, False]


def test_harmless_crossings_have_no_rank(tmp_path: Path) -> None:
    # three parallel crossings of 50 t/day for a 40 t/day need: closing any one adds nothing
    network = three_parallel_crossings_network()
    path = write_report(
        run(network, days=3),
        tmp_path / "r.xlsx",
        criticality=run_criticality(network, 3, workers=1),
    )
    ws = openpyxl.load_workbook(path)["Criticality"]
    # each adds nothing: tied at 0 t, so no crossing is ranked above another, and none is ranked
    assert [ws.cell(r, 2).value.split(" ")[0] for r in range(6, 9)] == ["A", "B", "C"]
    assert [ws.cell(r, 1).value for r in range(6, 9)] == [None, None, None]
    assert [ws.cell(r, 4).value for r in range(6, 9)] == pytest.approx([0, 0, 0], abs=1e-6)


def behind_x(*provinces: str) -> Network:
    """S (100 t/day) → X (20 t/day) → each of ``provinces`` (30 t/day of need, pcodes AF01…)."""
    return build(
        nodes=[
            node("S", "source"),
            node("X", "crossing", throughput_t_per_day=20),
            *[node(p, "demand", pcode=f"AF{i:02d}") for i, p in enumerate(provinces, start=1)],
        ],
        routes=[route("SX", "S", "X"), *[route(f"X{p}", "X", p) for p in provinces]],
        supply=[supply("S", 100)],
        demand=[demand(p, 30) for p in provinces],
    )


def test_findings_in_every_run() -> None:
    # a baseline alone, 30 t/day through a 20 t/day crossing: 10 t/day × 4 days = 40 t short
    short = behind_x("D")
    findings = key_findings(run(short, days=4), start_date=START)
    assert findings and findings[0].startswith(
        "Even with every crossing open (baseline): food 33.3 % short"
    )
    assert "In all 40 t of food goes undelivered over 4 days" in findings[0]
    # D, the only province, is short 10 of its 30 t every day from day 0
    day0 = f"{START:%-d %b %Y} (day 0)"
    assert findings[0].endswith(f"shortages start on {day0}; only D name is short, from {day0}.")
    # with two provinces short, the first is named as this plan's: equally good plans may differ
    two = behind_x("D", "E")
    text = key_findings(run(two, days=4), start_date=START)[0]
    assert text.endswith(", but equally good plans can start elsewhere.")
    assert f"shortages start on {day0}; in this plan " in text
    # and a baseline alone that meets every need still says so
    enough = key_findings(run(two_crossings_network(), days=2))
    assert enough == [
        "With every crossing open (baseline) the network meets all need over 2 days; no closure scenario was run."
    ]


def test_weighting_over_incomplete_probabilities_is_conditional() -> None:
    network = two_crossings_network()
    likely = scenario("x50-closed", closure("X50", 1, 4))
    likely = likely.model_copy(update={"probability": 0.1})
    text = " ".join(key_findings(run(network, likely, days=6)))
    assert "conditional on one of them happening, not an expectation" in text
    assert "expected shortfall" not in text


def test_data_sheet_one_hxl_tag_per_column_and_totals_that_add_up(
    two_crossings_report: Path,
) -> None:
    ws = openpyxl.load_workbook(two_crossings_report)["Data"]
    # row 1 says which rows are left out (days not short); the header, then the HXL tags
    headers = [c.value for c in ws[2]]
    tags = [c.value for c in ws[3]]
    assert headers[:3] == ["scenario", "foresight", "pcode"] and {
        "province",
        "commodity",
        "day",
        "metric",
        "value",
        "unit",
    } <= set(headers)
    assert tags == [c.hxl for c in DATA_COLUMNS] and len(set(tags)) == len(tags)
    assert ws.auto_filter.ref.startswith("A3")
    rows = pd.DataFrame(
        [[c.value for c in row] for row in ws.iter_rows(min_row=4)], columns=headers
    )
    short = rows[rows["metric"] == "shortfall_t"].groupby("scenario")["value"].sum()
    daily = rows[rows["metric"] == "daily_shortfall_t"].groupby("scenario")["value"].sum()
    assert short["x50-closed"] == pytest.approx(120, abs=1e-6) and daily[
        "x50-closed"
    ] == pytest.approx(120, abs=1e-6)
    first = rows[(rows["metric"] == "daily_shortfall_t") & (rows["scenario"] == "x50-closed")].iloc[
        0
    ]
    assert first["day"] == 1 and first["date"].date() == date(2026, 12, 1)


def test_wide_sheets_have_distinct_hxl_tags(two_crossings_report: Path) -> None:
    wb = openpyxl.load_workbook(two_crossings_report)
    for name in ("Provinces", "Timeline", "Crossings", "Routes", "Commodities"):
        tags = [c.value for c in wb[name][2] if c.value is not None]
        assert len(set(tags)) == len(tags), name


def test_crossings_have_both_countries(tmp_path: Path) -> None:
    network = build(
        nodes=[
            node("S", "source", country="PAK"),
            node("X", "crossing", throughput_t_per_day=50, country="AFG"),
            node("D", "demand", pcode="AF01", country="AFG"),
        ],
        routes=[route("SX", "S", "X"), route("XD", "X", "D")],
        supply=[supply("S", 100)],
        demand=[demand("D", 40)],
    )
    ws = openpyxl.load_workbook(write_report(run(network, days=2), tmp_path / "r.xlsx"))[
        "Crossings"
    ]
    assert ws["C1"].value == "Countries" and ws["C3"].value == "AFG–PAK"


def test_tidy_table_sums_to_the_scenario_totals() -> None:
    results = run(two_crossings_network(), scenario("x50-closed", closure("X50", 1, 4)), days=6)
    table = tidy_results(results, START)
    for s in results.scenarios:
        mine = table[(table["scenario"] == s.name)]
        assert mine.loc[mine["metric"] == "shortfall_t", "value"].sum() == pytest.approx(
            s.totals["shortfall_t"], abs=1e-6
        )
        assert mine.loc[mine["metric"] == "need_t", "value"].sum() == pytest.approx(
            s.totals["need_t"], abs=1e-6
        )


def test_exceedance_curve_is_drawn_as_falling_steps(tmp_path: Path) -> None:
    # thresholds 0, 10, 30 t with P(> t) 0.6, 0.2, 0: steps (0, .6), (10, .6), (10, .2), (30, .2), (30, 0)
    steps = exceedance_steps(
        pd.DataFrame({"shortfall_t": [0.0, 10.0, 30.0], "probability": [0.6, 0.2, 0.0]})
    )
    assert steps.values.tolist() == [[0, 0.6], [10, 0.6], [10, 0.2], [30, 0.2], [30, 0.0]]
    risk = RiskModel(
        name="test",
        processes=[
            {
                "name": "p",
                "targets": ["X50"],
                "weekly_probability": 0.5,
                "duration_days": {"median": 2, "p90": 4},
            }
        ],
    )
    result = run_montecarlo(
        two_crossings_network(), risk, samples=12, seed=3, horizon_days=7, workers=1
    )
    wb = openpyxl.load_workbook(
        write_analysis_report(tmp_path / "mc.xlsx", montecarlo=result, start_date=START)
    )
    (curve,) = chart_series(wb)
    assert_chart_is_right(wb, curve)
    xs, ps = cells(wb, curve.categories), cells(wb, curve.values)
    assert xs == sorted(xs) and ps == sorted(ps, reverse=True)
    assert max(ps) <= 1


def test_short_names_for_sentences() -> None:
    assert short_name("Rice (commercial)") == "rice"
    assert short_name("WFP food basket (fortified flour, split peas)") == "WFP food basket"
    assert short_name("Pulses: beans, lentils") == "pulses"


def test_findings_say_when_provinces_tie_and_what_a_surprise_costs() -> None:
    from logistics.analyses.run import run_analysis
    from logistics.engine.engine import Options
    from tests.conftest import closure, one_crossing_network, scenario

    # D and E (30 t/day each) behind X (20 t/day), X shut on days 2-3 of 4: each gets 10 t/day
    # on days 0-1 and nothing on days 2-3, so each is 20 + 20 + 30 + 30 = 100 t of 120 t short,
    # 83.3 %: a tie, so neither is "the hardest hit"
    two = behind_x("D", "E")
    text = " ".join(key_findings(run(two, scenario("cut", closure("X", 2, 4)), days=4)))
    assert "In cut 2 provinces are equally hardest hit, each 83.3 % short" in text
    assert "hardest-hit provinces are" not in text
    # SRC → X (50 t/day) → D (40 t/day, unlimited storage), 16 days. "likely" (probability
    # 0.6) shuts X on days 12-13: with warning, 12 days × 10 t/day spare stock the 80 t those
    # days need, so nothing is short; without, D holds no stock: 2 × 40 = 80 t short, 12.5 %
    # of the 640 t need. "worst" (0.1) shuts X for good: 640 t short either way.
    network = one_crossing_network(storage_at_demand=None)
    likely = scenario("likely", closure("X", 12, 14), probability=0.6)
    worst = scenario("worst", closure("X", 0), probability=0.1)
    results = run_analysis(network, [likely, worst], Options(16, foresight="both")).results
    text = " ".join(key_findings(results))
    assert (
        "The scenario judged most likely, likely (analysts' probability 0.60), leaves no food "
        "undelivered over 16 days if each closure is known in advance, but 80 t (12.5 % of need; "
        "0 t aid) if each comes without warning."
    ) in text
