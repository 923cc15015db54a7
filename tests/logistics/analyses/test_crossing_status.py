"""Crossing status by hand: not functional, open, restricted and closed, with their days."""

import numpy as np
import pandas as pd

from logistics.analyses.crossing_status import crossing_states, day_ranges
from networks.scenarios import Closure, Scenario


def test_day_ranges() -> None:
    """Spells of days in words, summarised when there are more than four."""
    assert day_ranges([]) == ""
    assert day_ranges([5]) == "day 5"
    assert day_ranges(range(30)) == "days 0–29"
    assert day_ranges([*range(10, 25), *range(35, 45)]) == "days 10–24, 35–44"
    assert day_ranges([0, 2, 4, 6, 8]) == "5 days between day 0 and day 8"


def _scenario(*closures: Closure) -> Scenario:
    return Scenario(name="s", closures=closures)


def test_crossing_states_by_hand() -> None:
    """Closed 0–29 of 90; ×0.3; exempt aid; nothing; to horizon end; intermittent over ×0.7."""
    scenario = _scenario(
        Closure(target="A", start_day=0, end_day=30),
        Closure(target="B", capacity_factor=0.3),
        Closure(target="C", exempt=("aid",)),
        Closure(target="E", start_day=30),
        Closure(target="F", start_day=10, end_day=25),
        Closure(target="F", start_day=55, end_day=65),
        Closure(target="F", capacity_factor=0.7),
    )
    states = crossing_states(scenario, ["A", "B", "C", "D", "E", "F"], horizon_days=90)
    assert states["state"].to_dict() == {
        "A": "closed",
        "B": "restricted",
        "C": "restricted",
        "D": "open",
        "E": "closed",
        "F": "closed",
    }
    assert states.loc["A", "days"] == "days 0–29" and states.loc["A", "closed_days"] == 30
    assert states.loc["A", "text"] == "closed days 0–29"
    assert states.loc["B", "text"] == "restricted ×0.3 days 0–89"
    assert states.loc["C", "text"] == "exempt goods only days 0–89"
    assert states.loc["D", "days"] == "" and states.loc["D", "text"] == "open"
    assert states.loc["E", "days"] == "days 30–89"
    assert states.loc["F", "text"] == "closed days 10–24, 55–64; ×0.7 other days"
    assert states.loc["F", "closed_days"] == 25 and states.loc["F", "restricted_days"] == 65


def test_closed_routes_and_ports_next_to_a_crossing() -> None:
    """X has two routes in (from P and Q) and one out; Y one in (from P)."""
    routes = pd.DataFrame(
        {
            "id": ["PX", "QX", "XD", "PY"],
            "from": ["P", "Q", "X", "P"],
            "to": ["X", "X", "D", "Y"],
            "bidirectional": [False, False, False, True],
        }
    )
    one_in = crossing_states(_scenario(Closure(target="PX", end_day=5)), ["X", "Y"], 10, routes)
    assert (
        one_in.loc["X", "state"] == "restricted"
        and one_in.loc["X", "text"] == "routes restricted days 0–4"
    )
    assert one_in.loc["Y", "state"] == "open"
    way_out = crossing_states(
        _scenario(Closure(target="XD", start_day=2, end_day=4)), ["X"], 10, routes
    )
    assert way_out.loc["X", "state"] == "closed" and way_out.loc["X", "days"] == "days 2–3"
    port = crossing_states(_scenario(Closure(target="P")), ["X", "Y"], 10, routes)
    assert port["state"].to_dict() == {"X": "restricted", "Y": "closed"}
    crossing = crossing_states(_scenario(Closure(target="X")), ["X", "Y"], 10, routes)
    assert crossing["state"].to_dict() == {
        "X": "closed",
        "Y": "open",
    }  # closing a crossing closes no route


def test_not_functional_restricted_and_closed_by_hand() -> None:
    """The issue's hand cases: capacity 0 → not functional; factor 0.7 → restricted; factor 0 →
    closed. N has a limit of 0 t/day (and a closure, which changes nothing); R is at ×0.7 for
    days 0–9 of 20, C at 0 for days 5–9; O has no closure.
    """
    scenario = _scenario(
        Closure(target="N", start_day=0, end_day=5),
        Closure(target="R", start_day=0, end_day=10, capacity_factor=0.7),
        Closure(target="C", start_day=5, end_day=10, capacity_factor=0.0),
    )
    limits = pd.Series({"N": 0.0, "R": 100.0, "C": 50.0, "O": 10.0})
    states = crossing_states(scenario, ["N", "R", "C", "O"], 20, throughput_t_per_day=limits)
    assert states["state"].to_dict() == {
        "N": "not functional",
        "R": "restricted",
        "C": "closed",
        "O": "open",
    }
    # day 0: C is not yet closed (its closure starts on day 5)
    assert states["today"].to_dict() == {
        "N": "not functional",
        "R": "restricted",
        "C": "open",
        "O": "open",
    }
    assert states.loc["R", "text"] == "restricted ×0.7 days 0–9"
    assert states.loc["R", "factor"] == 0.7 and states.loc["R", "restricted_days"] == 10
    assert states.loc["R", "closed_days"] == 0  # closed days count only days at 0
    assert states.loc["C", "text"] == "closed days 5–9" and states.loc["C", "closed_days"] == 5
    assert np.isnan(states.loc["C", "factor"]) and states.loc["N", "closed_days"] == 0
