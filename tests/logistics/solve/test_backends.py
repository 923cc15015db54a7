"""Both backends do what the stage driver tells them, the same way, on a textbook LP."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import scipy.sparse as sp
from pytest import approx

from logistics.model.bounds import Coefficients
from logistics.solve.backends import COLD, HELD, Backend, Start, make_backend

INF = np.inf


def _textbook():
    # columns x, y ≥ 0; row 0: x + y ≤ 4; row 1: x - y ≤ 2 (its x entry is the one a scenario
    # may set); x ≤ 3 and y ≤ 3 by column bounds
    matrix = sp.csc_matrix(np.array([[1.0, 1.0], [1.0, -1.0]]))
    model = SimpleNamespace(
        matrix=matrix, row_lower=np.array([-INF, -INF]), row_upper=np.array([4.0, 2.0]), n_cols=2
    )
    data = SimpleNamespace(
        col_lower=np.zeros(2),
        col_upper=np.array([3.0, 3.0]),
        row_lower=model.row_lower,
        row_upper=model.row_upper,
        coefficients=Coefficients(np.array([1]), np.array([0]), np.array([1.0])),
    )
    return model, data


@pytest.fixture(params=["highs", "cbc"])
def backend(request) -> Backend:
    model, data = _textbook()
    b = make_backend(model, request.param)
    b.set_scenario(data)
    return b


def test_a_later_cost_keeps_to_the_optimal_face_of_the_one_before(backend):
    # max x + y: optimum 4 on the face x + y = 4, where x - y ≤ 2 leaves x in [1, 3]
    backend.set_costs(np.array([-1.0, -1.0]))
    first = backend.run(COLD)
    assert first.optimal and first.objective == approx(-4.0)
    backend.restrict_to_optimal_face(first.objective)
    # then min x on that face: x = 1, y = 3 (off the face min x would give x = y = 0)
    backend.set_costs(np.array([1.0, 0.0]))
    second = backend.run(COLD)
    assert second.optimal and second.objective == approx(1.0, abs=1e-6)
    assert backend.values() == approx([1.0, 3.0], abs=1e-6)


def test_a_new_scenario_frees_the_face_and_sets_its_entries(backend):
    model, data = _textbook()
    backend.set_costs(np.array([-1.0, -1.0]))
    backend.restrict_to_optimal_face(backend.run(COLD).objective)
    # a scenario whose row 1 reads 3x - y ≤ 2. Max y - x: x = 0, y = 3, objective -3 (on the
    # old face x + y = 4, x ≥ 1, it would be 1 - 3 = -2)
    backend.set_scenario(
        SimpleNamespace(**{**vars(data), "coefficients": Coefficients([1], [0], [3.0])})
    )
    backend.set_costs(np.array([1.0, -1.0]))
    run = backend.run(COLD)
    assert run.optimal and run.objective == approx(-3.0)
    assert backend.values() == approx([0.0, 3.0], abs=1e-9)
    # max x: with y = 4 - x, 3x - (4 - x) ≤ 2 gives x ≤ 1.5 (with the entry at 1: x = 3)
    backend.set_costs(np.array([-1.0, 0.0]))
    assert backend.run(COLD).objective == approx(-1.5)
    backend.set_scenario(data)
    assert backend.run(COLD).objective == approx(-3.0)


def test_row_and_column_bound_changes_and_duals(backend):
    backend.set_costs(np.array([-1.0, -1.0]))
    backend.set_row_bounds(np.array([0]), np.array([-INF]), np.array([5.0]))
    run = backend.run(COLD)
    # x + y ≤ 5 with x, y ≤ 3 and x - y ≤ 2: optimum -5; row 0 binds with dual -1
    assert run.objective == approx(-5.0)
    assert backend.row_duals()[0] == approx(-1.0)
    backend.set_col_bounds(np.array([1]), np.array([0.0]), np.array([1.0]))
    # y ≤ 1: x ≤ 3, so x + y = 4
    assert backend.run(COLD).objective == approx(-4.0)


def test_warm_starts_from_a_basis_or_the_plan_held():
    model, data = _textbook()
    b = make_backend(model, "highs")
    b.set_scenario(data)
    b.set_costs(np.array([-1.0, -1.0]))
    b.run(COLD)
    basis = b.basis()
    assert basis is not None
    b.set_costs(np.array([-1.0, -2.0]))  # max x + 2y: x = 1, y = 3, objective -7
    held = b.run(Start(HELD, "primal"))
    assert held.optimal and held.objective == approx(-7.0)
    again = b.run(Start(basis, "dual"))
    assert again.optimal and again.objective == approx(-7.0)
    # a cap of 0 iterations from the first plan's basis cannot reach the new optimum
    capped = b.run(Start(basis, "primal", iteration_cap=0))
    assert not capped.optimal and not capped.timed_out
    # the interior point method without crossover leaves no basis to start from
    ipm = b.run(Start(method="ipm", crossover=False))
    assert ipm.optimal and ipm.interior and ipm.objective == approx(-7.0)
    assert b.basis() is None


def test_cbc_has_no_warm_starts():
    model, data = _textbook()
    b = make_backend(model, "cbc")
    assert not b.warm_starts and b.basis() is None


def test_an_unknown_solver_is_refused():
    model, _ = _textbook()
    with pytest.raises(ValueError, match="choose one of highs, cbc"):
        make_backend(model, "gurobi")
