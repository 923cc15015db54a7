"""What the benchmark scripts share: the reference they measure against."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import highspy

from logistics.model.lp import Model
from logistics.solve.backends import HighsBackend


def raw_stage1_seconds(model: Model, data) -> float:
    """Seconds a fresh ``highspy.Highs`` takes to solve the stage-1 LP of ``data``, read from an MPS
    file (the reference: the same LP with none of our building, hand-off or staging).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "stage1.mps")
        write_lp(model, data, model.stage1_cost, path)
        return raw_solve_seconds(path)


def write_lp(model: Model, data, cost, path: str) -> None:
    """Write the LP of one scenario's bounds with column costs ``cost`` to an MPS file."""
    backend = HighsBackend(model)
    backend.set_scenario(data)
    backend.set_costs(cost)
    backend.write(path)


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
        write_lp(model, data, UNMET_WEIGHT * model.stage1_cost + data.stage3_cost, path)
        return raw_solve_seconds(path)


def raw_market_seconds(model: Model, data) -> float:
    """Seconds a fresh ``highspy.Highs`` takes on the market allocation's one LP of ``data``
    (``Model.market_objective``; the model must be built with ``allocation="market"``), read
    from an MPS file: the same LP the run solves, with none of our building or hand-off.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "market.mps")
        write_lp(model, data, model.market_objective(data.stage3_cost), path)
        return raw_solve_seconds(path)
