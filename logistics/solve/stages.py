"""The declared stages of each allocation: what the stage driver solves, in order.

The design's lexicographic objective is a list of stages, each solved among the optimal plans
of the stages before it (``logistics.solve.solvers.Solver``):

- ``market``: one stage, the equilibrium's welfare objective (``Model.market_objective``:
  the value of consumption lost below normal need plus transport, USD);
- ``proportional`` and ``priority`` (fair): 1 priority-weighted unmet need (t), 2 the max-min
  levels of each province's unmet share, then unmet need put as late as possible, 3 transport
  cost (USD);
- ``least-cost``: 1 priority-weighted unmet need, 2 transport cost; stage 3 repeats stage 2
  (its optimum is already reached, so it is not solved).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.model.bounds import ScenarioData
from logistics.model.lp import FAIR_ALLOCATIONS, MARKET, Model


@dataclass(frozen=True)
class Stage:
    """One stage: its number (from 1), what it minimises, its column costs, and how it is
    solved: ``levels`` first holds each province's unmet share at its max-min level
    (``Solver._hold_shares``); ``repeat`` is the stage before's objective again (no solve).
    """

    number: int
    name: str
    cost: np.ndarray
    levels: bool = False
    repeat: bool = False


def declared_stages(model: Model, data: ScenarioData) -> tuple[Stage, ...]:
    """The stages of ``model``'s allocation for one scenario's costs (see the module docstring)."""
    if model.allocation == MARKET:
        return (Stage(1, "welfare", model.market_objective(data.stage3_cost)),)
    unmet = Stage(1, "weighted unmet need", model.stage1_cost)
    if model.allocation in FAIR_ALLOCATIONS:
        return (
            unmet,
            Stage(2, "fair shares, then timing", model.stage2_cost, levels=True),
            Stage(3, "transport cost", data.stage3_cost),
        )
    return (
        unmet,
        Stage(2, "transport cost", data.stage3_cost),
        Stage(3, "transport cost", data.stage3_cost, repeat=True),
    )
