"""The plan a run reports is the analytic centre of its optimal face, and the same whichever
optimal vertex the solver ended at and whatever the interior point method's tolerances: a
property of the scenario, not of the solver's path.
"""

from __future__ import annotations

import numpy as np
import pytest

from inputs import bundled_path
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve import tolerances
from logistics.solve.backends import Start
from logistics.solve.solvers import make_solver
from networks import load_network
from networks.scenarios import load_scenarios

# three cold starts that end at different vertices of the same optimal face (on the bundled
# network at 7 days their plans are 2.1-2.3 Mt of flows and stock apart, summed over columns)
STARTS = {
    "dual simplex": Start(),
    "primal simplex": Start(method="primal"),
    "interior point, crossover": Start(method="ipm", crossover=True),
}


@pytest.fixture(scope="module")
def case():
    network = load_network(bundled_path("afghanistan"))
    scenario = load_scenarios([bundled_path("scenarios", "pakistan-closure-90d.yaml")])[0]
    model = Model(network, 7, frozenset())
    return model, scenario_data(model, scenario), scenario.name


@pytest.fixture(scope="module")
def plans(case):
    model, data, name = case
    out = {}
    for start_name, start in STARTS.items():
        solver = make_solver(model, "highs", cold=start)
        vertex = solver.solve(data, name)
        out[start_name] = (vertex.values, solver.centre(data, name, vertex, 3).values)
        # Newton's method reached the analytic centre of the face as first described (no
        # fallback to rows held at their activities, nor to the first pass's end point)
        assert solver.backend.centre_fallbacks == 0
    return model, out


def test_the_centre_does_not_depend_on_the_vertex(plans):
    model, out = plans
    flows = np.r_[model.blocks["x"].cols, model.blocks["s"].cols]
    vertices = [vertex[flows] for vertex, _ in out.values()]
    centres = [centre[flows] for _, centre in out.values()]
    # the starts do end at different vertices: otherwise this test could not fail
    assert max(np.abs(v - vertices[0]).max() for v in vertices[1:]) > 100
    # One interior point pass on the columns the vertex left free ended up to 1,324 t apart on
    # one column (which columns are free depends on the vertex); the analytic centre of the face
    # that pass finds is one point.
    for centre in centres[1:]:
        assert np.abs(centre - centres[0]).max() <= 1e-6


def test_the_centre_does_not_depend_on_the_interior_point_tolerances(case, plans, monkeypatch):
    model, data, name = case
    _model, out = plans
    solver = make_solver(model, "highs")
    vertex = solver.solve(data, name)
    # HiGHS's own defaults instead of 1e-9 and 1e-10: the interior point method's end point
    # moved by up to 2,190 t on one column between such tolerances (14-day faces of the default
    # run), and the 30-day no-foresight total of intermittent-closures by 0.7 t
    monkeypatch.setattr(tolerances, "CENTRE_FEASIBILITY_TOL", 1e-7)
    monkeypatch.setattr(tolerances, "CENTRE_OPTIMALITY_TOL", 1e-8)
    loose = solver.centre(data, name, vertex, 3).values
    flows = np.r_[model.blocks["x"].cols, model.blocks["s"].cols]
    assert np.abs(loose[flows] - out["dual simplex"][1][flows]).max() <= 1e-6
