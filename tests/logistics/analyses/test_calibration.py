"""Calibration metrics on a hand network: imports by neighbour, origin and crossing."""

from __future__ import annotations

import pandas as pd
import pytest

from logistics.analyses.calibration import (
    calibration_table,
    crossing_neighbours,
    markdown,
    model_metrics,
)
from tests.conftest import build, demand, node, route, run, supply


@pytest.fixture(scope="module")
def two_neighbours():
    # PAK (40 t/day) → XP (crossing) → D ; IRN (100 t/day) → XI (crossing) → D ; D needs 70 t/day.
    # Iran's route costs 5 USD/t, Pakistan's 1, so the cost stage takes all 40 from Pakistan and 30 from Iran.
    net = build(
        nodes=[
            node("PK", "source", country="PAK"),
            node("IR", "source", country="IRN"),
            node("XP", "crossing", country="AFG", throughput_t_per_day=100),
            node("XI", "crossing", country="AFG", throughput_t_per_day=100),
            node("D", "demand", country="AFG"),
        ],
        routes=[
            route("PK_XP", "PK", "XP", cost=1),
            route("IR_XI", "IR", "XI", cost=5),
            route("XP_D", "XP", "D"),
            route("XI_D", "XI", "D"),
        ],
        supply=[supply("PK", 40), supply("IR", 100)],
        demand=[demand("D", 70)],
    )
    return net, run(net, days=4).baseline


def test_neighbours(two_neighbours):
    net, _ = two_neighbours
    assert crossing_neighbours(net).to_dict() == {"XP": "PAK", "XI": "IRN"}


def test_metrics(two_neighbours):
    net, base = two_neighbours
    m = model_metrics(base, net, 4)
    assert m["total_imports_t_per_day"] == pytest.approx(70, abs=1e-6)
    assert m["pakistan_share_of_imports"] == pytest.approx(40 / 70, abs=1e-6)
    assert m["iran_share_of_imports"] == pytest.approx(30 / 70, abs=1e-6)
    assert m["central_asia_share_of_imports"] == 0
    assert m["origin_PK_t_per_day"] == pytest.approx(40, abs=1e-6)
    assert m["crossing_XI_t_per_day"] == pytest.approx(30, abs=1e-6)
    assert m["baseline_shortfall_pct"] == pytest.approx(0, abs=1e-6)


def test_table_flags_values_outside_their_range(two_neighbours):
    net, base = two_neighbours
    targets = pd.DataFrame(
        [
            {
                "metric": "pakistan_share_of_imports",
                "low": 0.5,
                "high": 0.6,
                "unit": "share",
                "source": "hand",
            },
            {
                "metric": "origin_IR_t_per_day",
                "low": 40,
                "high": 50,
                "unit": "t/day",
                "source": "hand",
            },
            {
                "metric": "origin_NOWHERE_t_per_day",
                "low": 1,
                "high": 2,
                "unit": "t/day",
                "source": "hand",
            },
        ]
    )
    table = calibration_table(base, net, 4, targets)
    assert table["within"].tolist() == [
        True,
        False,
        False,
    ]  # 0.571 in range; 30 < 40; unknown metric
    text = markdown(table)
    assert "| pakistan_share_of_imports | 0.571 | 0.500 – 0.600 | share | yes | hand |" in text
    assert "| origin_NOWHERE_t_per_day | n/a |" in text


def test_metrics_per_commodity():
    # PK offers rice 40 and oil 10 t/day → XP; IR offers rice 100 t/day → XI (5 USD/t against 1);
    # D needs rice 70 and oil 10 t/day: the cost stage takes all of PK's rice and oil and 30 t of
    # Iran's rice. Rice: 70 t/day, Pakistan 40/70, Iran 30/70; oil: 10 t/day, all Pakistani.
    rice = {"id": "rice", "name": "Rice", "kcal_per_kg": 3600}
    oil = {"id": "oil", "name": "Oil", "kcal_per_kg": 8840}
    net = build(
        nodes=[
            node("PK", "source", country="PAK"),
            node("IR", "source", country="IRN"),
            node("XP", "crossing", country="AFG", throughput_t_per_day=100),
            node("XI", "crossing", country="AFG", throughput_t_per_day=100),
            node("D", "demand", country="AFG"),
        ],
        routes=[
            route("PK_XP", "PK", "XP", cost=1),
            route("IR_XI", "IR", "XI", cost=5),
            route("XP_D", "XP", "D"),
            route("XI_D", "XI", "D"),
        ],
        supply=[supply("PK", 40, "rice"), supply("PK", 10, "oil"), supply("IR", 100, "rice")],
        demand=[demand("D", 70, "rice"), demand("D", 10, "oil")],
        commodities=(rice, oil),
    )
    m = model_metrics(run(net, days=4).baseline, net, 4)
    assert m["rice_imports_t_per_day"] == pytest.approx(70, abs=1e-6)
    assert m["pakistan_share_of_rice_imports"] == pytest.approx(40 / 70, abs=1e-6)
    assert m["iran_share_of_rice_imports"] == pytest.approx(30 / 70, abs=1e-6)
    assert m["oil_imports_t_per_day"] == pytest.approx(10, abs=1e-6)
    assert m["pakistan_share_of_oil_imports"] == pytest.approx(1.0, abs=1e-6)
    assert m["total_imports_t_per_day"] == pytest.approx(80, abs=1e-6)
