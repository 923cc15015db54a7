"""The Data sheet's long table (``tidy_results``) on hand networks: the surprise bound's rows,
route flows, the crossing ranking, the HXL row and the rule for days that are not short.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from logistics import run_criticality, write_report
from logistics.analyses.criticality import competition_ranks
from logistics.analyses.run import BOUND_KEYS, run_analysis
from logistics.engine.engine import Options
from logistics.model.demand import INELASTIC_UNMET_USD_PER_T
from logistics.report.tidy import DATA_COLUMNS, NATIONAL, ZERO_DAYS_NOTE, tidy_results
from tests.conftest import (
    closure,
    one_crossing_network,
    run,
    scenario,
    three_parallel_crossings_network,
    two_crossings_closures,
)

START = date(2026, 11, 30)
# the first thirteen columns and their order are a contract: new ones only at the end
CONTRACT = (
    "scenario, foresight, pcode, province, node, commodity, commodity_id, pipeline, date, day, "
    "metric, value, unit"
).split(", ")


def _surprise_run(foresight: str):
    """SRC → X (50 t/day) → D (40 t/day, unlimited storage) over 16 days; "likely" shuts X on
    days 12-13. Known in advance, 12 days × 10 t/day of spare capacity stock the 80 t those two
    days need: nothing short. Learned on day 12, D holds no stock: 2 × 40 = 80 t short.
    """
    network = one_crossing_network(storage_at_demand=None)
    likely = scenario("likely", closure("X", 12, 14))
    return run_analysis(network, [likely], Options(16, foresight=foresight, workers=1)).results


def _rows(table: pd.DataFrame, **where) -> pd.DataFrame:
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    return table[mask]


def _value(table: pd.DataFrame, **where) -> float:
    (value,) = _rows(table, **where)["value"]
    return value


def test_a_run_of_both_bounds_gives_the_surprise_bound_as_rows_of_their_own() -> None:
    results = _surprise_run("both")
    table = tidy_results(results, START)
    none = _rows(table, scenario="likely", foresight="none")
    figures = dict(zip(none["metric"], none["value"], strict=True))
    # need 16 days × 40 t = 640 t; learned on day 12: days 12-13 short, 2 × 40 = 80 t, 12.5 %
    assert figures["national_need_t"] == pytest.approx(640)
    assert figures["national_shortfall_t"] == pytest.approx(80, abs=1e-6)
    assert figures["national_delivered_t"] == pytest.approx(560, abs=1e-6)
    assert figures["national_shortfall_pct"] == pytest.approx(12.5, abs=1e-6)
    # 80,000 kg × 3,500 kcal/kg = 280,000,000 kcal; ÷ 2,100 kcal a person a day = 133,333 people-days
    assert figures["national_shortfall_kcal"] == pytest.approx(280e6, rel=1e-9)
    assert figures["national_people_days_unmet"] == pytest.approx(280e6 / 2100, rel=1e-9)
    # Food is trade: all 80 t are trade, none aid; 560 t delivered × 1 USD/t to enter SRC → X
    assert figures["national_trade_shortfall_t"] == pytest.approx(80, abs=1e-6)
    assert figures["national_aid_shortfall_t"] == pytest.approx(0, abs=1e-6)
    assert figures["national_transport_cost_usd"] == pytest.approx(560, abs=1e-4)
    # market: 80 t of unpriced food at 10,000 USD/t go uneaten, 80 × 1 USD/t of delivery saved
    assert figures["national_welfare_loss_usd"] == pytest.approx(
        80 * INELASTIC_UNMET_USD_PER_T - 80, abs=1e-2
    )
    first = _rows(none, metric="national_first_day_short").iloc[0]
    assert (first["value"], first["day"], first["date"]) == (12, 12, date(2026, 12, 12))
    province = _rows(none, metric="national_first_province_short").iloc[0]
    assert province["node"] == "D" and pd.isna(province["value"])
    # every national metric is one of the run's bound figures, equal to it
    bound = results["likely"].bounds["none"]
    for metric, (key, _) in NATIONAL.items():
        if bound[key] is not None:
            assert figures[metric] == pytest.approx(bound[key], abs=1e-9), metric
    assert {key for key, _ in NATIONAL.values()} <= set(BOUND_KEYS)
    # every table of the rolling horizon's plan too: D is short 40 t on each of days 12 and 13
    assert _value(none, metric="shortfall_t", node="D") == pytest.approx(80, abs=1e-6)
    daily = _rows(none, metric="daily_shortfall_t", node="D")
    assert daily["day"].tolist() == [12, 13]
    assert daily["value"].tolist() == pytest.approx([40, 40], abs=1e-6)
    assert _value(none, metric="first_day_short", node="D") == 12
    # X carries 40 t/day on the 14 open days = 560 t; the baseline (nothing to learn) has no rows
    assert _value(none, metric="crossing_throughput_t", node="X") == pytest.approx(560, abs=1e-6)
    assert _rows(table, scenario="baseline", foresight="none").empty
    # the perfect-foresight bound: nothing short, so no first day short
    perfect = _rows(table, scenario="likely", foresight="perfect")
    assert _value(perfect, metric="national_shortfall_t") == pytest.approx(0, abs=1e-6)
    assert _rows(perfect, metric="national_first_day_short").empty
    assert set(_rows(table, metric="shortfall_t")["foresight"]) == {"perfect", "none"}


@pytest.mark.parametrize("foresight", ["perfect", "none"])
def test_a_run_of_one_bound_labels_every_row_with_it(foresight: str) -> None:
    table = tidy_results(_surprise_run(foresight), START)
    assert set(table["foresight"]) == {foresight}
    # one national total per scenario, not two: 0 t with warning, 80 t without (see above)
    (short,) = _rows(table, scenario="likely", metric="national_shortfall_t")["value"]
    assert short == pytest.approx(0 if foresight == "perfect" else 80, abs=1e-6)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    """two_crossings (SRC → X30 30 t/day, 1 USD/t / X50 50 t/day, 2 USD/t → D 70 t/day, no
    storage) over 6 days, with the crossing ranking; the report and its long table.
    """
    results, ranking = two_crossings_closures()
    path = write_report(
        results,
        tmp_path_factory.mktemp("r") / "r.xlsx",
        criticality=ranking,
        start_date=START,
        boundaries=None,
    )
    return results, ranking, openpyxl.load_workbook(path), tidy_results(results, START, ranking)


def test_route_flows_are_the_routes_sheet_flows(report) -> None:
    results, _, wb, table = report
    flows = _rows(table, metric="route_flow_t")
    got = {(r.scenario, r.route): r.value for r in flows.itertuples()}
    # the cheaper X30 carries 30 t/day whenever open, X50 the other 40 t/day:
    # baseline 6 days × 30 = 180 t and 6 × 40 = 240 t; x50-closed: X50 only on days 0, 4 and 5,
    # 3 × 40 = 120 t; both-day-2: each open 5 days, 5 × 30 = 150 t and 5 × 40 = 200 t
    expected = {"baseline": (180, 240), "x50-closed": (180, 120), "both-day-2": (150, 200)}
    for name, (x30, x50) in expected.items():
        for r, t in (("SRC_X30", x30), ("X30_D", x30), ("SRC_X50", x50), ("X50_D", x50)):
            assert got[(name, r)] == pytest.approx(t, abs=1e-6), (name, r)
    assert len(flows) == 3 * 4  # every route of every scenario, used or not
    assert flows["unit"].eq("t").all() and flows["node"].isna().all()
    # the same figures as the Routes sheet's "<scenario>: flow (t)" columns
    ws = wb["Routes"]
    headers = [c.value for c in ws[1]]
    sheet = [[c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value != "Total"]
    for s in results.scenarios:
        col = headers.index(f"{s.name}: flow (t)")
        for row in sheet:
            assert got[(s.name, row[0])] == pytest.approx(row[col], abs=1e-9)


def test_criticality_rows_match_the_ranking(report) -> None:
    _, ranking, wb, table = report
    rows = _rows(table, scenario="baseline", foresight="perfect")
    rows = rows[rows["metric"].str.startswith("criticality_")]

    def figure(metric: str, target: str) -> float:
        return _value(rows, metric=metric, node=target)

    # closing X50 for 6 days leaves 30 of 70 t/day: 6 × 40 = 240 t added, 240 / 420 t = 57.1 %;
    # X30 leaves 50: 6 × 20 = 120 t, 28.6 %. People-days: 240,000 kg × 3,500 kcal/kg ÷ 2,100
    # = 400,000 and 200,000. One province (D) is affected by each, no aid is short.
    for target, rank, added in (("X50", 1, 240), ("X30", 2, 120)):
        assert figure("criticality_rank", target) == rank
        assert figure("criticality_added_shortfall_t", target) == pytest.approx(added, abs=1e-6)
        assert figure("criticality_added_shortfall_pct", target) == pytest.approx(
            100 * added / 420, abs=1e-6
        )
        assert figure("criticality_added_people_days", target) == pytest.approx(
            added * 1000 * 3500 / 2100, rel=1e-9
        )
        assert figure("criticality_added_aid_shortfall_t", target) == pytest.approx(0, abs=1e-9)
        assert figure("criticality_provinces_affected", target) == 1
    ranks, _ = competition_ranks(ranking.ranking["added_shortfall_t"])
    for r, rank in zip(ranking.ranking.itertuples(), ranks, strict=True):
        assert figure("criticality_rank", r.target) == rank
        assert figure("criticality_added_shortfall_t", r.target) == r.added_shortfall_t
        assert figure("criticality_provinces_affected", r.target) == r.provinces_affected
    # the sheet's Data table has them too; without a ranking there are none
    data = pd.DataFrame(
        [[c.value for c in row] for row in wb["Data"].iter_rows(min_row=4)],
        columns=[c.value for c in wb["Data"][2]],
    )
    assert (data["metric"] == "criticality_rank").sum() == 2
    results = report[0]
    assert not tidy_results(results, START)["metric"].str.startswith("criticality_").any()


def test_tied_closures_share_a_rank_in_the_data() -> None:
    # three parallel crossings of 50 t/day for a 40 t/day need: closing any one adds 0 t, a tie
    network = three_parallel_crossings_network()
    table = tidy_results(run(network, days=3), START, run_criticality(network, 3, workers=1))
    ranks = _rows(table, metric="criticality_rank")
    assert sorted(ranks["node"]) == ["A", "B", "C"] and set(ranks["value"]) == {1}


def test_each_column_has_its_own_hxl_tag(report) -> None:
    *_, wb, table = report
    assert [c.name for c in DATA_COLUMNS][: len(CONTRACT)] == CONTRACT
    assert list(table.columns) == [c.name for c in DATA_COLUMNS]
    tags = {c.name: c.hxl for c in DATA_COLUMNS}
    assert tags == {
        "scenario": "#meta+scenario",
        "foresight": "#meta+foresight",
        "pcode": "#adm1+code",
        "province": "#adm1+name",
        "node": "#loc+code",
        "commodity": "#item+name",
        "commodity_id": "#item+code",
        "pipeline": "#item+type",
        "date": "#date",
        "day": "#meta+day+num",
        "metric": "#indicator+code",
        "value": "#indicator+value+num",
        "unit": "#indicator+unit",
        "route": "#route+code",
    }
    assert len(set(tags.values())) == len(tags)
    # a day number is not a date, and day, metric and unit are not all tagged #indicator
    assert [n for n, t in tags.items() if t.startswith("#date")] == ["date"]
    assert not all(tags[n].startswith("#indicator") for n in ("day", "metric", "unit"))
    ws = wb["Data"]
    assert [c.value for c in ws[2]] == list(tags)
    assert [c.value for c in ws[3]] == list(tags.values())
    assert ws.auto_filter.ref.startswith("A3")


def test_days_not_short_have_no_row_and_the_sheet_says_so(report) -> None:
    *_, wb, table = report
    daily = _rows(table, metric="daily_shortfall_t")
    # x50-closed is short 40 t/day on days 1-3 only (30 of 70 t/day arrive); both-day-2 70 t
    # on day 2; the baseline is never short: 4 rows, no zeros
    assert {(r.scenario, r.day): r.value for r in daily.itertuples()} == pytest.approx(
        {("x50-closed", 1): 40, ("x50-closed", 2): 40, ("x50-closed", 3): 40, ("both-day-2", 2): 70}
    )
    assert ZERO_DAYS_NOTE in wb["Data"]["A1"].value
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=2) if r[0].value}
    assert (
        "daily_shortfall_t has a row only for days that are short"
        in (about["How to read this report"])
    )


def test_every_metric_is_documented(report) -> None:
    import logistics.report.tidy as tidy

    *_, table = report
    docs = (Path(__file__).parents[3] / "docs" / "report.md").read_text(encoding="utf-8")
    for metric in set(table["metric"]) | set(tidy.UNITS):
        assert f"``{metric}``" in tidy.__doc__, metric
        assert f"`{metric}`" in docs, metric
