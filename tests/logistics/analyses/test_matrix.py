"""The scenario matrix: probability-weighted view over alternatives, variants left out."""

from __future__ import annotations

import pytest

import logistics
import networks.scenarios
from networks import ScenarioError
from tests.conftest import closure, run, two_crossings_network


def test_probability_weighted_shortfall_over_alternatives():
    net = two_crossings_network()
    base = logistics.Scenario(name="baseline", probability=0.75)
    shut = logistics.Scenario(name="x50-shut", probability=0.25, closures=[closure("X50", 0, 5)])
    corridor = logistics.Scenario(
        name="x30-also",
        variant_of="x50-shut",
        closures=[closure("X50", 0, 5), closure("X30", 0, 5)],
    )
    res = run(net, shut, corridor, base, days=10)
    view = res.probability_weighted()
    # baseline 0 t, x50-shut 5 days × (70 − 30) = 200 t: 0.75 × 0 + 0.25 × 200 = 50 t; need 70 × 10 = 700 t
    assert view["expected_shortfall_t"] == pytest.approx(50, abs=1e-4)
    assert view["expected_shortfall_pct"] == pytest.approx(100 * 50 / 700, abs=1e-4)
    assert view["complete"] is True and view["probability_sum"] == pytest.approx(1.0)
    assert view["scenarios"] == ["baseline", "x50-shut"] and view["variants"] == ["x30-also"]
    assert res.to_dict()["probability_weighted"]["expected_shortfall_t"] == pytest.approx(
        50, abs=1e-4
    )


def test_incomplete_matrix_is_flagged():
    res = run(
        two_crossings_network(),
        logistics.Scenario(name="x50-shut", probability=0.4, closures=[closure("X50", 0, 5)]),
        days=10,
    )
    view = res.probability_weighted()
    assert view["complete"] is False and view["probability_sum"] == pytest.approx(0.4)
    assert view["expected_shortfall_t"] == pytest.approx(200, abs=1e-4)  # 0.4 × 200 / 0.4


def test_a_variant_with_its_own_probability_is_refused():
    with pytest.raises(ScenarioError, match="carries no probability"):
        networks.scenarios.parse_scenarios(
            {"name": "v", "variant_of": "a", "probability": 0.1}, "v.yaml"
        )


def test_no_probabilities_no_view():
    assert run(two_crossings_network(), days=2).probability_weighted() is None
