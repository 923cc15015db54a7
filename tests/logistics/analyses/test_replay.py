"""Replay of past closures (logistics.analyses.replay) on a hand network: the model side, the comparison
with the record, and bad replay folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest import approx

from logistics.analyses.replay import compare, load_replay, markdown, model_side
from networks import ScenarioError
from tests.conftest import build, demand, node, route, supply

RICE = {"id": "rice", "name": "Rice", "kcal_per_kg": 3600}
FLOUR = {"id": "flour", "name": "Flour", "kcal_per_kg": 3640}


def rice_and_flour_network():
    """SRCP (rice 100 t/day) → XP (50 t/day) → D; SRCC (flour 100 t/day) → XC (50 t/day) → D.
    D (AF01) needs 20 t/day of rice and 30 t/day of flour; nothing can be stored.
    """
    return build(
        nodes=[
            node("SRCP", "source"),
            node("SRCC", "source"),
            node("XP", "crossing", throughput_t_per_day=50),
            node("XC", "crossing", throughput_t_per_day=50),
            node("D", "demand", pcode="AF01"),
        ],
        routes=[
            route("SRCP_XP", "SRCP", "XP"),
            route("XP_D", "XP", "D"),
            route("SRCC_XC", "SRCC", "XC"),
            route("XC_D", "XC", "D"),
        ],
        supply=[supply("SRCP", 100, "rice"), supply("SRCC", 100, "flour")],
        demand=[demand("D", 20, "rice"), demand("D", 30, "flour")],
        commodities=(RICE, FLOUR),
    )


def write_replay(folder: Path, observed_rows: list[str]) -> Path:
    (folder / "events.yaml").write_text(
        "regions:\n  national: '*'\n  capital: [AF01]\nevents:\n"
        "  - {id: shut, title: XP shut, scenario: shut.yaml, start_date: 2020-03-01, window_days: [0, 8]}\n",
        encoding="utf-8",
    )
    (folder / "shut.yaml").write_text(
        "name: replay-shut\nhorizon_days: 10\nclosures:\n  - {target: XP, start_day: 2, end_day: 6, capacity_factor: 0.0}\n",
        encoding="utf-8",
    )
    header = "event,commodity,region,observed,first_week,evidence,source"
    (folder / "observed.csv").write_text(
        "\n".join([header, *observed_rows]) + "\n", encoding="utf-8"
    )
    return folder


def test_model_side_and_comparison_by_hand(tmp_path: Path):
    replay = load_replay(
        write_replay(
            tmp_path,
            [
                "shut,rice,capital,short,1,prices rose,Paper 2020",
                "shut,rice,national,short,3,prices rose later,Paper 2020",
                "shut,flour,national,short,,said to be short,Paper 2020",
                "shut,flour,capital,not short,,stable,Paper 2020",
            ],
        )
    )
    model = model_side(replay, rice_and_flour_network())
    # XP shut on days 2-5: 4 days × 20 t of rice = 80 t added shortfall; window days 0-7 hold
    # 8 × 20 = 160 t of rice need: 50 %. First short day 2 → week 1. Flour never short: 0 %.
    # Nothing can be stored or is on the road, so both foresight bounds agree.
    rice = model[(model["commodity"] == "rice") & (model["region"] == "capital")].iloc[0]
    assert rice["added_pct_none"] == approx(50.0) and rice["added_pct_perfect"] == approx(50.0)
    assert rice["first_week_none"] == 1 and rice["need_t"] == approx(160.0)
    flour = model[(model["commodity"] == "flour") & (model["region"] == "national")].iloc[0]
    assert flour["added_pct_none"] == approx(
        0.0, abs=1e-9
    )  # % of need; an interior plan's rounding
    assert flour["first_week_none"] != flour["first_week_none"]  # NaN: never short

    table = compare(replay, model).set_index(["commodity", "region"])
    assert (
        table.loc[("rice", "capital"), "direction_agrees"]
        and table.loc[("rice", "capital"), "timing_agrees"] == 1
    )
    # the record's week 3 is two weeks after the model's week 1: direction yes, timing no
    assert (
        table.loc[("rice", "national"), "direction_agrees"]
        and table.loc[("rice", "national"), "timing_agrees"] == 0
    )
    assert not table.loc[("flour", "national"), "direction_agrees"]
    assert table.loc[("flour", "capital"), "direction_agrees"]

    text = markdown(replay, compare(replay, model))
    assert (
        "| shut (2020-03-01) | rice | capital | short | wk 1 | 50.0 % | wk 1 | 50.0 % | yes |"
        in text
    )
    assert "direction yes, timing **no**" in text and "| **no** |" in text


def test_bad_replay_folder_lists_every_problem(tmp_path: Path):
    write_replay(
        tmp_path,
        [
            "shut,rice,capital,maybe,1,prices rose,Paper 2020",  # row 2: bad verdict
            "gone,rice,nowhere,short,x,prices rose,",  # row 3: unknown event and region, bad week, no source
        ],
    )
    with pytest.raises(ScenarioError) as err:
        load_replay(tmp_path)
    text = str(err.value)
    for expected in (
        'row 2, column "observed"',
        'row 3, column "event": unknown event "gone"',
        'row 3, column "region": unknown region "nowhere"',
        'row 3, column "first_week"',
        'row 3, column "source"',
    ):
        assert expected in text, text


def test_unknown_commodity_is_named(tmp_path: Path):
    replay = load_replay(write_replay(tmp_path, ["shut,oil,capital,short,,rose,Paper 2020"]))
    with pytest.raises(ScenarioError, match='row 2, column "commodity": unknown commodity "oil"'):
        model_side(replay, rice_and_flour_network())
