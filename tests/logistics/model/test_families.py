"""Rows are read and written by family, through named, shape-checked views (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from tests.conftest import (
    AID,
    FOOD,
    build,
    closure,
    demand,
    lagged_crossing_network,
    node,
    route,
    scenario,
    stock,
    supply,
    two_crossings_network,
)


def test_families_partition_the_rows_in_order_with_their_shapes() -> None:
    model = Model(lagged_crossing_network(), 5, hold_columns=True)
    families = list(model.families.values())
    assert families[0].start == 0
    for before, after in zip(families, families[1:], strict=False):
        assert before.rows.stop == after.start
    assert families[-1].rows.stop == model.matrix.shape[0]
    for family in families:
        assert family.rows.stop - family.start == int(np.prod(family.shape))
        assert len(family.dims) == len(family.shape)
    n, k, t = len(model.node_ids), len(model.commodity_ids), 5
    assert model.families["balance"].shape == (n, k, t)
    assert model.families["throughput"].shape == (len(model.throughput_nodes), t)


def test_a_put_of_the_wrong_shape_is_refused() -> None:
    model = Model(two_crossings_network(), 4)
    bounds = model.row_upper.copy()
    throughput = model.families["throughput"]  # 2 crossings × 4 days
    with pytest.raises(ValueError, match=r"throughput rows are \(2, 4\)"):
        throughput.put(bounds, np.ones((4, 2)))
    throughput.put(bounds, np.arange(8.0).reshape(2, 4))
    assert throughput.view(bounds)[1, 2] == 6.0  # row-major: crossing 1, day 2 → 1 × 4 + 2


def test_a_closure_lowers_exactly_its_crossing_and_days() -> None:
    model = Model(two_crossings_network(), 4)
    data = scenario_data(model, scenario("x50", closure("X50", 1, 3)))
    rows = model.families["node_exempt"].view(data.row_upper)  # [throughput node, day], t/day
    x30, x50 = (list(model.throughput_nodes).index(model.node_pos[n]) for n in ("X30", "X50"))
    assert rows[x50].tolist() == [50.0, 0.0, 0.0, 50.0]  # closed on days 1 and 2 (end 3 exclusive)
    assert rows[x30].tolist() == [30.0] * 4


# Which blocks each family's rows may hold (the design's equations), and for each entry, the
# relation between the row's named position and the column's.
FAMILY_BLOCKS = {
    "balance": {"x", "p", "d", "s", "h"},
    "arc_capacity": {"x"},
    "arc_exempt": {"x", "e"},
    "arc_exempt_link": {"x", "e"},
    "storage": {"s"},
    "throughput": {"x"},
    "node_exempt": {"x", "e"},
    "node_exempt_link": {"x", "e"},
    "need": {"d", "u", "z"},
    "working_stock": {"w", "s"},
    "fairness": {"u", "q"},
    "fairness_level": {"q", "level"},
}


def _entries(model: Model):
    """Every matrix entry as (family, row position tuple, block, column index row)."""
    coo = model.matrix.tocoo()
    block_of = np.empty(model.n_cols, dtype=object)
    position = np.empty(model.n_cols, dtype=np.int64)
    for name, block in model.blocks.items():
        block_of[block.cols] = name
        position[block.cols] = np.arange(block.size)
    for name, family in model.families.items():
        mine = (coo.row >= family.start) & (coo.row < family.rows.stop)
        at = np.unravel_index(coo.row[mine] - family.start, family.shape)
        for i, col in enumerate(coo.col[mine]):
            block = model.blocks[block_of[col]]
            yield name, tuple(int(a[i]) for a in at), block.name, block.index.iloc[position[col]]


def test_every_entry_sits_at_its_named_row_and_column() -> None:
    """Walks every family and block of a model with crossings, exemptions, stock and held
    cargo: an entry written at a wrong offset lands in another family's rows, another block's
    columns or at another node, commodity or day, and fails here.
    """
    network = build(
        nodes=[
            node("SRC", "source"),
            node("X", "crossing", throughput_t_per_day=50),
            node("H", "hub", storage_t=100),
            node("D", "demand", storage_t=None),
        ],
        routes=[
            route("SRC_X", "SRC", "X", transit=2, cost=1),
            route("X_H", "X", "H", transit=1),
            route("H_D", "H", "D"),
        ],
        supply=[supply("SRC", 100), supply("SRC", 20, "aid")],
        demand=[demand("D", 40), demand("D", 10, "aid")],  # aid's rations have tiers (z)
        stocks=[stock("D", 30), stock("H", 10)],
        commodities=(FOOD, AID),
    )
    model = Model(network, 5, exempt_targets=frozenset({"X", "SRC_X"}), hold_columns=True)
    covered = set()
    lag = model.arc_lag
    tn = list(model.throughput_nodes)
    ea = list(model.exempt_arcs)
    stocked = model.blocks["w"].index
    u_index = model.blocks["u"].index
    demand_nodes = list(model.demand_nodes)
    for family, at, block, col in _entries(model):
        assert block in FAMILY_BLOCKS[family], (family, block)
        covered.add(block)
        if family == "balance":
            n, k, t = at
            assert col["commodity"] == k
            if block == "x":
                a = col["arc"]
                departs = model.arc_from[a] == n and col["step"] == t
                arrives = model.arc_to[a] == n and col["step"] + lag[a] == t
                assert departs or arrives
            else:
                assert col["node"] == n
                assert col["step"] in ((t, t - 1) if block == "s" else (t,))
        elif family == "arc_capacity":
            assert (col["arc"], col["step"]) == at
        elif family == "storage":
            assert col["step"] == at[1]
        elif family in ("throughput", "node_exempt", "node_exempt_link"):
            crossing = tn[at[0]]
            if block == "x":
                assert model.arc_to[col["arc"]] == crossing
                assert col["step"] + lag[col["arc"]] == at[-1]
            else:
                assert (col["kind"], col["element"], col["step"]) == ("node", crossing, at[-1])
            if family == "node_exempt_link":
                assert col["commodity"] == at[1]
        elif family in ("arc_exempt", "arc_exempt_link"):
            arc = ea[at[0]]
            if block == "x":
                assert col["arc"] == arc and col["step"] == at[-1]
            else:
                assert (col["kind"], col["element"], col["step"]) == ("arc", arc, at[-1])
            if family == "arc_exempt_link":
                assert col["commodity"] == at[1]
        elif family == "need":
            (r,) = at
            row = u_index.iloc[r]
            assert (col["node"], col["commodity"], col["step"]) == (
                row["node"],
                row["commodity"],
                row["step"],
            )
        elif family == "working_stock":
            pair = stocked.iloc[at[0]]
            assert (col["node"], col["commodity"]) == (pair["node"], pair["commodity"])
            if block == "s":
                assert col["step"] == len(model.steps) - 1
        elif family in ("fairness", "fairness_level") and block in ("u", "q"):
            assert col["node"] == demand_nodes[at[0]]
    # every block with columns is used by some equation
    assert covered == {name for name, block in model.blocks.items() if block.size}
    assert {"s", "w", "e", "h", "z", "storage"} <= covered | set(model.families)
