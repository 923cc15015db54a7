"""The analytic centre by Newton's method (logistics/solve/centre.py): hand cases, an independent
oracle (scipy's SLSQP on the same log barrier) and the properties the plan relies on.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import minimize

from logistics.solve.centre import CentreNotFound, analytic_centre

INF = np.inf


def centre(a, lower, upper, row_lower, row_upper, start):
    x, _iterations = analytic_centre(
        sp.csr_matrix(np.asarray(a, float)),
        np.asarray(lower, float),
        np.asarray(upper, float),
        np.asarray(row_lower, float),
        np.asarray(row_upper, float),
        np.asarray(start, float),
    )
    return x


def test_a_box_alone_is_centred_at_its_middle():
    # no rows: each column maximises log(x - 0) + log(4 - x), at x = 2
    x = centre(np.zeros((0, 2)), [0, 0], [4, 4], [], [], [0.1, 3.9])
    assert x == pytest.approx([2.0, 2.0], abs=1e-9)


def test_an_equation_with_one_sided_bounds():
    # x1 + 2 x2 = 4, x ≥ 0: x1 = 4 - 2 x2, and log(4 - 2 x2) + log x2 peaks where
    # -2 / (4 - 2 x2) + 1 / x2 = 0, i.e. x2 = 1, x1 = 2
    x = centre([[1, 2]], [0, 0], [INF, INF], [4], [4], [3.9, 0.05])
    assert x == pytest.approx([2.0, 1.0], abs=1e-9)


def test_a_simplex_is_shared_evenly_and_repeated_rows_change_nothing():
    # x ≥ 0, x1 + x2 + x3 = 1: by symmetry 1/3 each; the same row twice (linearly dependent
    # rows, as a network's balance rows are) leaves the set and so its centre unchanged
    x = centre([[1, 1, 1], [1, 1, 1]], [0] * 3, [INF] * 3, [1, 1], [1, 1], [0.8, 0.1, 0.1])
    assert x == pytest.approx([1 / 3] * 3, abs=1e-9)


def test_an_inequality_row_counts_its_own_distance():
    # 0 ≤ x ≤ 1 and x ≤ 0.5 as a row: maximise log x + log(1 - x) + log(0.5 - x);
    # the derivative 1/x - 1/(1-x) - 1/(0.5-x) = 0 gives 3x² - 3x + 0.5 = 0,
    # x = (3 - √3) / 6 = 0.211325 (the other root, 0.789, is outside the row)
    x = centre([[1]], [0], [1], [-INF], [0.5], [0.4])
    assert x == pytest.approx([(3 - np.sqrt(3)) / 6], abs=1e-9)


def test_a_start_that_must_climb_the_barrier_to_meet_its_rows():
    # 0 ≤ x ≤ 1 and x1 + x2 = 2 - 2e-6: the set is the short segment from (1 - 2e-6, 1) to
    # (1, 1 - 2e-6), symmetric in x1 and x2, so its centre is its middle, 1 - 1e-6 each. From
    # (0.5, 0.5) the rows are 1 t broken and every step that mends them climbs the barrier
    # (log(0.5) twice, to near log(1e-6)): the barrier cannot judge those steps, and
    # Newton's method, which once gave up there, takes them as far as the bounds allow
    x = centre([[1, 1]], [0, 0], [1, 1], [2 - 2e-6], [2 - 2e-6], [0.5, 0.5])
    assert 1 - x == pytest.approx([1e-6, 1e-6], rel=1e-6)


def test_agrees_with_an_independent_optimiser_and_with_itself_from_any_start():
    rng = np.random.default_rng(7)
    n, m = 8, 3
    a = rng.integers(-2, 3, size=(m, n)).astype(float)
    inside = rng.uniform(0.5, 1.5, n)
    b = a @ inside
    upper = np.full(n, 2.0)
    upper[::3] = INF

    def barrier(x):
        return -np.log(x).sum() - np.log(upper[np.isfinite(upper)] - x[np.isfinite(upper)]).sum()

    oracle = minimize(
        barrier,
        inside,
        method="SLSQP",
        bounds=[(1e-9, u if np.isfinite(u) else None) for u in upper],
        constraints=[{"type": "eq", "fun": lambda x: a @ x - b, "jac": lambda x: a}],
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    assert oracle.success
    x = centre(a, np.zeros(n), upper, b, b, inside)
    assert x == pytest.approx(oracle.x, abs=1e-5)
    # a start elsewhere inside (the same set: a @ other = b) reaches the same point
    direction = np.linalg.svd(a)[2][-1]  # in a's null space
    other = inside + 0.4 * direction / np.abs(direction).max()
    assert centre(a, np.zeros(n), upper, b, b, other) == pytest.approx(x, abs=1e-9)


def test_a_start_that_breaks_its_rows_a_little_is_mended():
    # the first pass's end point meets its rows to 1e-9, not exactly: a full step mends them
    x = centre([[1, 1]], [0, 0], [INF, INF], [2], [2], [1.5, 0.5 + 1e-7])
    assert x == pytest.approx([1.0, 1.0], abs=1e-9)
    assert x.sum() == pytest.approx(2.0, abs=1e-12)


def test_a_set_with_no_interior_is_refused():
    # x1 + x2 = 0 with x ≥ 0 holds both at 0: no point is strictly inside
    with pytest.raises(CentreNotFound):
        centre([[1, 1]], [0, 0], [INF, INF], [0], [0], [1e-3, 1e-3])


def test_a_column_with_no_finite_bound_is_refused():
    with pytest.raises(CentreNotFound, match="no finite bound"):
        centre([[1, -1]], [0, -INF], [INF, INF], [0], [0], [1.0, 1.0])
