"""The bundled Afghanistan network and scenario matrix: data a planner can trust.

Data checks (every row sourced, 34 unique P-codes, every province reachable, no orphan routes),
calibration against the sourced ranges of calibration_targets.csv, and the direction of effects
of the scenario matrix.
"""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd
import pytest

from inputs import bundled_path
from logistics import load_scenarios, run_scenarios
from logistics.calibration import calibration_table, crossing_neighbours
from networks import TABLES, load_network

HORIZON_DAYS = 90
EAST_SOUTH = ["AF06", "AF07", "AF15", "AF16", "AF13", "AF14", "AF12", "AF05", "AF27", "AF26", "AF30", "AF25"]
NORTH_WEST = ["AF21", "AF28", "AF29", "AF22", "AF20", "AF19", "AF18", "AF09", "AF32", "AF31", "AF33", "AF34"]
PAKISTAN_CROSSINGS = ["TORKHAM", "SPIN_BOLDAK", "GHULAM_KHAN", "ANGOOR_ADDA", "KHARLACHI", "BADINI", "NAWA_PASS"]
OTHER_CROSSINGS = ["ISLAM_QALA", "MILAK", "TORGHUNDI", "AQINA", "HAIRATAN", "SHER_KHAN_BANDAR", "ISHKASHIM"]


@pytest.fixture(scope="module")
def network():
    return load_network(bundled_path("afghanistan"))


@pytest.fixture(scope="module")
def matrix(network):
    scenarios = load_scenarios([bundled_path("scenarios")])
    return run_scenarios(network, scenarios, horizon_days=HORIZON_DAYS)


# ---------------------------------------------------------------- data


def test_every_row_has_a_source(network):
    for name in TABLES:
        table = getattr(network, name)
        blank = table["source"].isna() | (table["source"].astype(str).str.strip() == "")
        assert not blank.any(), f"{name} rows without a source: {list(table.index[blank])}"


def test_estimates_say_how_they_were_made(network):
    for name in TABLES:
        sources = getattr(network, name)["source"].astype(str)
        bare = sources[sources.str.strip().str.lower().isin(["estimate", "estimate:", "est", "e"])]
        assert bare.empty, f"{name}: estimates without a method in rows {list(bare.index)}"


def test_34_provinces_with_unique_pcodes(network):
    provinces = network.nodes[network.nodes["kind"] == "demand"]
    assert len(provinces) == 34
    assert sorted(provinces["pcode"]) == [f"AF{i:02d}" for i in range(1, 35)]
    assert provinces["population"].notna().all() and (provinces["population"] > 0).all()
    assert provinces[["lat", "lon"]].notna().all().all()
    # every province inside Afghanistan's bounding box (29.3–38.5 N, 60.5–75 E)
    assert provinces["lat"].between(29.3, 38.5).all() and provinces["lon"].between(60.5, 75.0).all()


def test_required_crossings_present_with_throughput(network):
    nodes = network.node_table
    for crossing in PAKISTAN_CROSSINGS + OTHER_CROSSINGS:
        assert nodes.at[crossing, "kind"] == "crossing"
        assert nodes.at[crossing, "throughput_t_per_day"] > 0
    neighbours = crossing_neighbours(network)
    assert all(neighbours[c] == "PAK" for c in PAKISTAN_CROSSINGS)
    assert neighbours["ISLAM_QALA"] == "IRN" and neighbours["MILAK"] == "IRN"


def test_every_province_reachable_and_no_warnings(network):
    assert network.unreachable_demand_nodes() == []
    assert network.warnings == ()


def test_no_orphan_routes_or_nodes(network):
    g = network.graph()
    reached = set()
    for s in network.supply_node_ids():
        reached |= nx.descendants(g, s) | {s}
    starts = set(network.arcs["from"])
    assert starts <= reached, f"routes that no supply can ever reach: {sorted(starts - reached)}"
    in_routes = set(network.routes["from"]) | set(network.routes["to"])
    assert set(network.node_ids) <= in_routes, f"nodes on no route: {sorted(set(network.node_ids) - in_routes)}"


def test_route_ids_follow_the_convention(network):
    fixed = {"SALANG", "R_TAKHAR_BADAKHSHAN", "R_BADAKHSHAN_ISHKASHIM"}
    assert fixed <= set(network.routes["id"])
    assert all(re.fullmatch(r"[A-Z0-9_]+", r) for r in network.routes["id"])


# ---------------------------------------------------------------- calibration


def test_baseline_within_sourced_ranges(network, matrix):
    targets = pd.read_csv(bundled_path("afghanistan", "calibration_targets.csv"))
    assert {"total_imports_t_per_day", "pakistan_share_of_imports", "baseline_shortfall_pct"} <= set(targets["metric"])
    assert targets["source"].notna().all()
    table = calibration_table(matrix.baseline, network, HORIZON_DAYS, targets).set_index("metric")
    required = ["total_imports_t_per_day", "pakistan_share_of_imports", "baseline_shortfall_pct"]
    assert table.loc[required, "within"].all(), table.loc[required].to_string()
    assert table["model"].notna().all(), "every target names a metric the model reports"
    assert matrix.baseline.totals["shortfall_pct"] < 2.0


def test_readme_holds_the_generated_calibration_table():
    readme = bundled_path("afghanistan", "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- calibration:start -->", 1)[1].split("<!-- calibration:end -->", 1)[0]
    assert "Generated by `python inputs/afghanistan/calibrate.py`" in block
    assert "| total_imports_t_per_day |" in block and "| pakistan_share_of_imports |" in block


# ---------------------------------------------------------------- the scenario matrix


def test_matrix_probabilities_sum_to_one_with_variants_named(matrix):
    view = matrix.probability_weighted()
    assert view["complete"], view["probability_sum"]
    assert {"humanitarian-corridor", "winter"} <= set(view["variants"])
    names = {s.name for s in matrix.scenarios}
    for s in matrix.scenarios:
        assert s.scenario.description.strip(), s.name
        assert s.scenario.variant_of is None or s.scenario.variant_of in names


def _added_pct(result, baseline, pcodes):
    by = result.by_node.set_index("pcode")
    base = baseline.by_node.set_index("pcode")
    added = (by["shortfall_t"] - base["shortfall_t"]).loc[pcodes].sum()
    return 100.0 * added / by["need_t"].loc[pcodes].sum()


def test_pakistan_closure_hits_east_and_south_hardest(matrix):
    closure = matrix["pakistan-closure-90d"]
    assert closure.totals["shortfall_t"] > matrix.baseline.totals["shortfall_t"]
    assert _added_pct(closure, matrix.baseline, EAST_SOUTH) > _added_pct(closure, matrix.baseline, NORTH_WEST)


def test_closing_pakistan_raises_flows_through_iran_and_central_asia(matrix):
    base = matrix.baseline.crossings["throughput_t"]
    closed = matrix["pakistan-closure-90d"].crossings["throughput_t"]
    assert closed[OTHER_CROSSINGS].sum() > base[OTHER_CROSSINGS].sum()
    assert closed[PAKISTAN_CROSSINGS].sum() == pytest.approx(0, abs=1e-6)


def test_corridor_saves_aid(matrix):
    corridor = matrix["humanitarian-corridor"].totals
    closure = matrix["pakistan-closure-90d"].totals
    assert corridor["aid_shortfall_t"] < closure["aid_shortfall_t"]
    assert corridor["shortfall_t"] <= closure["shortfall_t"] + 1e-6


def test_closing_more_never_helps(matrix):
    # torkham-chaman-30d ⊂ pakistan-closure-90d ⊂ tail-risk (which also raises need)
    short = {s.name: s.totals["shortfall_t"] for s in matrix.scenarios}
    assert short["baseline"] <= short["torkham-chaman-30d"] + 1e-6
    assert short["torkham-chaman-30d"] <= short["pakistan-closure-90d"] + 1e-6
    assert short["pakistan-closure-90d"] <= short["tail-risk-incursion"] + 1e-6
    assert short["iran-lever"] >= short["pakistan-closure-90d"] - 1e-6
    assert short["iran-lifeline"] <= short["pakistan-closure-90d"] + 1e-6
