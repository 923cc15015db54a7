"""Scenario overlays: one scenario applied on top of every scenario of a run, the baseline too.

Factors combine as scenario × overlay for every node, commodity and route under the usual
resolution rules; closures add up. Hand networks from ``tests/conftest.py``, arithmetic in the
comments.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import logistics
from cli import main
from logistics.model.bounds import node_commodity_factors, route_factors, scenario_data
from logistics.model.lp import Model
from logistics.report.workbook import build_workbook
from networks import Network, ScenarioError
from tests.conftest import (
    AID,
    TRADE,
    build,
    closure,
    demand,
    node,
    route,
    scenario,
    supply,
    tables,
)

DAYS = 10


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write dedented ``text`` to ``tmp_path / name``."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def two_provinces_kw() -> dict:
    """SRC (200 t/day) → D1 (P-code AF01, 20 t/day) and D2 (P-code AF02, 20 t/day), no storage."""
    return {
        "nodes": [
            node("SRC", "source"),
            node("D1", "demand", pcode="AF01"),
            node("D2", "demand", pcode="AF02"),
        ],
        "routes": [route("R1", "SRC", "D1"), route("R2", "SRC", "D2", mode="rail")],
        "supply": [supply("SRC", 200)],
        "demand": [demand("D1", 20), demand("D2", 20)],
    }


def one_route_kw() -> dict:
    """SRC (100 t/day, no storage) → route R1 (1,000 t/day) → D (40 t/day, no storage)."""
    return {
        "nodes": [node("SRC", "source"), node("D", "demand")],
        "routes": [route("R1", "SRC", "D")],
        "supply": [supply("SRC", 100)],
        "demand": [demand("D", 40)],
    }


def need_per_day(net: Network, sc: logistics.Scenario) -> dict[str, float]:
    """Day-0 need (t) per node after the scenario's demand factors, as the LP sees it."""
    model = Model(net, DAYS)
    need = scenario_data(model, sc).need  # [node, commodity, day]
    return dict(zip(model.node_ids, need[:, 0, 0].tolist(), strict=True))


# ------------------------------------------------------------------------- (a) resolution


def test_overlay_star_multiplies_a_scenario_pcode_factor():
    """A scenario's P-code factor times an overlay's "*" at that node; "*" alone elsewhere."""
    net = build(**two_provinces_kw())
    sc = scenario("east-displacement", demand_factor={"AF01": 1.3})
    overlay = scenario("half-need", demand_factor={"*": 0.5})
    need = need_per_day(net, logistics.apply_overlay(sc, overlay, net))
    # D1: 20 t/day × 1.3 (its P-code, from the scenario) × 0.5 ("*", from the overlay) = 13 t/day
    # D2: 20 t/day × 1 (no scenario key)               × 0.5                        = 10 t/day
    # (a naive dict merge {"AF01": 1.3, "*": 0.5} would give D1 20 × 1.3 = 26 t/day: the P-code
    # key hides the overlay's "*")
    assert need["D1"] == pytest.approx(13.0)
    assert need["D2"] == pytest.approx(10.0)
    assert need["SRC"] == 0.0


def test_combined_factors_are_written_out_without_a_star():
    """The combination lists each node and route whose product is not 1, and no "*"."""
    net = build(**two_provinces_kw())
    sc = scenario("s", demand_factor={"AF01": 1.3}, cost_factor={"rail": 2.0})
    overlay = scenario("o", demand_factor={"*": 0.5}, cost_factor={"*": 1.5, "R1": 1.0})
    combined = logistics.apply_overlay(sc, overlay, net)
    # nodes: D1 1.3 × 0.5 = 0.65; D2 and SRC 1 × 0.5 = 0.5; no commodity key
    assert combined.demand_factor == {"SRC": 0.5, "D1": 0.65, "D2": 0.5}
    # routes: R1 (road) 1 × 1.0 = 1 (left out); R2 (rail) 2.0 × 1.5 = 3.0
    assert combined.cost_factor == {"R2": 3.0}
    assert combined.supply_factor == {}


def test_commodity_keys_multiply():
    """Commodity keys of scenario and overlay multiply; node keys stay node keys."""
    supplies, demands = [supply("SRC", 200, "aid")], [demand("D1", 20, "trade")]
    kw = two_provinces_kw() | {"supply": supplies, "demand": demands}
    net = build(**kw, commodities=[AID, TRADE])
    sc = scenario("s", supply_factor={"aid": 2.0, "D1": 3.0})
    overlay = scenario("o", supply_factor={"aid": 0.25, "trade": 0.5})
    combined = logistics.apply_overlay(sc, overlay, net)
    # aid 2.0 × 0.25 = 0.5, trade 1 × 0.5 = 0.5; D1 3.0 × 1 = 3.0 (its node factor)
    assert combined.supply_factor == {"D1": 3.0, "aid": 0.5, "trade": 0.5}


def test_scenario_fields_other_than_changes_are_kept():
    """Name, description, probability and horizon are the scenario's; closures add up."""
    net = build(**one_route_kw())
    sc = logistics.Scenario(name="s", description="d", probability=0.3, horizon_days=7)
    sc = sc.model_copy(update={"closures": (closure("R1", 0, 2),)})
    c = logistics.apply_overlay(sc, scenario("o", closure("SRC", 5, 6)), net)
    assert (c.name, c.description, c.probability, c.horizon_days) == ("s", "d", 0.3, 7)
    assert c.closures == (closure("R1", 0, 2), closure("SRC", 5, 6))


def collision_network() -> Network:
    """Node ids that are other nodes' P-codes (AF01) and a route id that is a mode (rail)."""
    return build(
        nodes=[
            node("SRC", "source"),
            node("AF01", "demand", pcode="AF01"),
            node("H", "hub", pcode="AF01"),
            node("D2", "demand", pcode="AF02"),
        ],
        routes=[
            route("rail", "SRC", "H"),
            route("R2", "H", "AF01", mode="rail"),
            route("R3", "H", "D2"),
        ],
        supply=[supply("SRC", 100, "aid"), supply("SRC", 100, "trade")],
        demand=[demand("AF01", 20, "aid"), demand("D2", 20, "trade")],
        commodities=[AID, TRADE],
    )


NODE_KEYS = ["*", "SRC", "AF01", "H", "D2", "AF02", "aid", "trade"]
ROUTE_KEYS = ["*", "rail", "R2", "R3", "road"]
FACTOR = st.sampled_from([0.0, 0.5, 1.0, 1.3, 2.0])


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(st.sampled_from(NODE_KEYS), FACTOR),
    st.dictionaries(st.sampled_from(NODE_KEYS), FACTOR),
    st.dictionaries(st.sampled_from(ROUTE_KEYS), FACTOR),
    st.dictionaries(st.sampled_from(ROUTE_KEYS), FACTOR),
)
def test_every_node_commodity_and_route_gets_the_product(own, extra, own_cost, extra_cost):
    """Every [node, commodity] and route factor is exactly scenario × overlay."""
    # Checked with the model's own resolution (logistics.model.bounds), on a network where a node id
    # is another node's P-code and a route id is a mode, so written-out keys could shadow others.
    net = collision_network()
    model = Model(net, 2)
    sc = scenario("s", demand_factor=own, cost_factor=own_cost)
    overlay = scenario("o", demand_factor=extra, cost_factor=extra_cost)
    combined = logistics.apply_overlay(sc, overlay, net)
    expected = node_commodity_factors(model, own) * node_commodity_factors(model, extra)
    np.testing.assert_allclose(node_commodity_factors(model, combined.demand_factor), expected)
    expected_cost = route_factors(model, own_cost) * route_factors(model, extra_cost)
    np.testing.assert_allclose(route_factors(model, combined.cost_factor), expected_cost)
    assert "*" not in combined.demand_factor and "*" not in combined.cost_factor


# ------------------------------------------------------- (b), (c) closures and the baseline


@pytest.mark.parametrize("target", ["SRC", "R1"])
def test_overlay_closure_gives_the_hand_shortfall(target):
    """An overlay closing the source or its route adds the hand-computed shortfall."""
    net = build(**one_route_kw())
    overlay = scenario("supply-cut", closure(target, 0, 3))
    low_supply = scenario("low-supply", supply_factor={"SRC": 0.3})
    res = logistics.run_scenarios(net, [low_supply], horizon_days=DAYS, overlay=overlay)
    # Closing SRC (a node without a throughput limit closes the routes leaving it) or R1 on days
    # 0, 1, 2: nothing reaches D, which cannot store, so 3 days × 40 t = 120 t short.
    # baseline: days 3-9 deliver the full 40 t/day → 120 t.
    assert res.baseline.totals["shortfall_t"] == pytest.approx(120.0, abs=1e-6)
    # low-supply: SRC gives 100 × 0.3 = 30 t/day; days 0-2 short 40 t each = 120 t, days 3-9 short
    # 40 − 30 = 10 t each = 70 t → 190 t (100 t without the overlay: 10 days × 10 t).
    assert res["low-supply"].totals["shortfall_t"] == pytest.approx(190.0, abs=1e-6)
    assert res["low-supply"].change["shortfall_t"] == pytest.approx(70.0, abs=1e-6)


def test_the_baseline_is_overlaid_and_the_results_record_the_overlay(tmp_path):
    """The built-in baseline gets the overlay; JSON and About name it."""
    net = build(**one_route_kw())
    path = write(
        tmp_path,
        "half.yaml",
        """\
        name: half-need
        description: need halved everywhere
        demand_factor: {"*": 0.5}
        """,
    )
    overlay = logistics.load_overlay(path)
    res = logistics.run_scenarios(net, [], horizon_days=DAYS, overlay=overlay)
    assert [s.name for s in res.scenarios] == ["baseline"]
    # need: 10 days × 40 t/day × 0.5 = 200 t (400 t without the overlay)
    assert res.baseline.totals["need_t"] == pytest.approx(200.0)
    assert res.baseline.scenario.demand_factor == {"SRC": 0.5, "D": 0.5}
    assert res.overlay is overlay
    assert res.to_dict()["overlay"] == {
        "name": "half-need",
        "file": "half.yaml",
        "description": "need halved everywhere",
    }
    assert logistics.run_scenarios(net, [], horizon_days=DAYS).to_dict()["overlay"] is None
    about = build_workbook(res)["About"]
    lines = {row[0]: row[1] for row in about.iter_rows(min_row=2, values_only=True)}
    assert lines["Overlay"].startswith("half-need (half.yaml)")


def test_a_given_baseline_is_overlaid_too():
    """A baseline given as a scenario is overlaid as well."""
    net = build(**one_route_kw())
    overlay = scenario("o", closure("R1", 0, 1))
    res = logistics.run_scenarios(net, [scenario("baseline")], horizon_days=DAYS, overlay=overlay)
    # R1 shut on day 0: 1 day × 40 t = 40 t short
    assert res.baseline.totals["shortfall_t"] == pytest.approx(40.0, abs=1e-6)


# -------------------------------------------------------------------------- (d) bad overlays

GOOD = """\
name: low
description: less supply at the source
supply_factor: {SRC: 0.5}
closures:
  - target: R1
    start_day: 0
    end_day: 2
"""


def test_unknown_key_names_the_overlay_file(tmp_path):
    """A misspelt key is an error naming the overlay file and the key."""
    path = write(tmp_path, "low.yaml", GOOD.replace("supply_factor", "supply_facter"))
    with pytest.raises(ScenarioError, match="unknown key") as info:
        logistics.load_overlay(path)
    (p,) = info.value.problems
    assert p.where == 'low.yaml scenario "low"' and p.column == "supply_facter"


def test_unknown_target_and_factor_key_name_the_overlay_file(tmp_path):
    """Unknown targets and factor keys are checked against the network."""
    text = GOOD.replace("target: R1", "target: R7").replace("SRC: 0.5", "SCR: 0.5")
    overlay = logistics.load_overlay(write(tmp_path, "low.yaml", text))
    net = build(**one_route_kw())
    with pytest.raises(ScenarioError) as info:
        logistics.run_scenarios(net, [scenario("s")], horizon_days=DAYS, overlay=overlay)
    assert sorted((p.where, p.column) for p in info.value.problems) == [
        ('low.yaml scenario "low"', "closures.0.target"),
        ('low.yaml scenario "low"', "supply_factor.SCR"),
    ]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("- name: a\n- name: b\n", "holds one mapping .* found a list"),
        (GOOD + "probability: 0.2\n", "applies to every scenario"),
        (GOOD + "horizon_days: 30\n", "applies to every scenario"),
        ("\n", "file is empty"),
    ],
)
def test_an_overlay_is_one_mapping_without_matrix_keys(tmp_path, text, match):
    """One mapping per file; probability and horizon belong to scenarios."""
    with pytest.raises(ScenarioError, match=match) as info:
        logistics.load_overlay(write(tmp_path, "bad.yaml", text))
    assert all(p.where.startswith("bad.yaml") for p in info.value.problems)


def test_overlay_may_share_a_scenario_name():
    """The overlay is checked on its own, so its name may be a scenario's."""
    net = build(**one_route_kw())
    overlay = scenario("low", closure("R1", 0, 1))
    res = logistics.run_scenarios(net, [scenario("low")], horizon_days=DAYS, overlay=overlay)
    assert [s.name for s in res.scenarios] == ["baseline", "low"]


# ------------------------------------------------------------------------------ (e) the CLI


@pytest.fixture
def network_folder(tmp_path: Path) -> Path:
    """Write the one-route network as a folder of CSV files."""
    folder = tmp_path / "net"
    folder.mkdir()
    for name, frame in tables(**one_route_kw()).items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def invoke_run(network_folder: Path, *args: str):
    """``borderflow run --network network_folder *args`` through click's test runner."""
    return CliRunner().invoke(main, ["run", "--network", str(network_folder), *args])


def test_cli_run_overlay_json(tmp_path, network_folder):
    """`run --overlay --json` carries the overlay key and overlaid numbers."""
    overlay = write(tmp_path, "low.yaml", GOOD)
    result = invoke_run(network_folder, "--days", str(DAYS), "--json", "--overlay", str(overlay))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["overlay"] == {
        "name": "low",
        "file": "low.yaml",
        "description": "less supply at the source",
    }
    # baseline under the overlay: R1 shut days 0-1 → 2 × 40 = 80 t; days 2-9 SRC gives
    # 100 × 0.5 = 50 ≥ 40 t/day → no more shortfall
    (base,) = doc["scenarios"]
    assert base["name"] == "baseline" and base["shortfall_t"] == pytest.approx(80.0, abs=1e-6)
    assert "criticality" not in doc and "no crossing ranking under an overlay" in result.stderr


def test_cli_run_without_overlay_has_a_null_overlay_key(network_folder):
    """Without --overlay the JSON says null."""
    result = invoke_run(network_folder, "--days", "2", "--json", "--no-criticality")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overlay"] is None


def test_cli_run_bad_overlay_exits_1_naming_file_and_key(tmp_path, network_folder):
    """A bad overlay exits 1 with file and key named, no traceback."""
    overlay = write(tmp_path, "low.yaml", GOOD.replace("target: R1", "target: R7"))
    result = invoke_run(network_folder, "--days", "2", "--overlay", str(overlay))
    assert result.exit_code == 1
    where = 'low.yaml scenario "low", column "closures.0.target"'
    assert f'{where}: unknown closure target "R7"' in result.stderr
    assert "Traceback" not in result.output


def test_cli_run_overlay_must_be_a_file(tmp_path, network_folder):
    """--overlay takes a file, not a folder."""
    result = invoke_run(network_folder, "--overlay", str(tmp_path))
    assert result.exit_code == 2  # click.Path(dir_okay=False): a usage error


def test_cli_validate_checks_an_overlay_as_a_scenario_file(tmp_path, network_folder):
    """`validate` checks an overlay file as the scenario file it is."""
    runner, network = CliRunner(), ["--network", str(network_folder)]
    good = runner.invoke(main, ["validate", str(write(tmp_path, "low.yaml", GOOD)), *network])
    assert good.exit_code == 0 and "OK" in good.stdout
    bad = write(tmp_path, "typo.yaml", GOOD.replace("SRC: 0.5", "SCR: 0.5"))
    result = runner.invoke(main, ["validate", str(bad), *network])
    assert result.exit_code == 1
    assert 'typo.yaml scenario "low", column "supply_factor.SCR"' in result.stderr
