"""What the benchmark scripts share: the reference they measure against."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import highspy

from logistics.model.lp import Model
from logistics.solve.solvers import HighsSolver


def raw_stage1_seconds(model: Model, data) -> float:
    """Seconds a fresh ``highspy.Highs`` takes to solve the stage-1 LP of ``data``, read from an MPS
    file (the reference: the same LP with none of our building, hand-off or staging).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "stage1.mps")
        HighsSolver(model).write_stage1(data, path)
        return raw_solve_seconds(path)


def raw_solve_seconds(path: str) -> float:
    """Seconds a fresh ``highspy.Highs`` takes to solve the LP in the MPS file at ``path``."""
    raw = highspy.Highs()
    raw.setOptionValue("output_flag", False)
    raw.readModel(path)
    start = time.perf_counter()
    raw.run()
    return time.perf_counter() - start


UNMET_WEIGHT = 1e4


def raw_weighted_seconds(model: Model, data) -> float:
    """Seconds a fresh ``highspy.Highs`` takes on the single weighted LP of ``data``, read from an
    MPS file: 10⁴ × priority-weighted unmet need + transport cost (USD), with no staging. This
    is the floor issue 12 measures a run against: one solve of the same model and scenario.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "weighted.mps")
        solver = HighsSolver(model)
        solver.write_stage1(data, path)  # bounds of the scenario, stage rows freed
        solver.h.changeColsCost(
            model.n_cols, solver._all_cols, UNMET_WEIGHT * model.stage1_cost + data.stage3_cost
        )
        solver.h.writeModel(path)
        return raw_solve_seconds(path)


def raw_market_seconds(model: Model, data) -> float:
    """Seconds a fresh ``highspy.Highs`` takes on the market allocation's one LP of ``data``
    (``Model.market_objective``; the model must be built with ``allocation="market"``), read
    from an MPS file: the same LP the run solves, with none of our building or hand-off.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "market.mps")
        solver = HighsSolver(model)
        solver.set_bounds(data)
        solver.h.changeColsCost(
            model.n_cols, solver._all_cols, model.market_objective(data.stage3_cost)
        )
        solver.h.writeModel(path)
        return raw_solve_seconds(path)
