"""Rows are read and written by family, through named, shape-checked views (issue 12)."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from tests.conftest import closure, lagged_crossing_network, scenario, two_crossings_network


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
