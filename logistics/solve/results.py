"""What a solve gives back: its status, its solution, and a solved plan kept as a start."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.model.bounds import ScenarioData
from logistics.model.lp import Model
from logistics.solve import tolerances
from networks import BorderflowError


@dataclass(frozen=True)
class SolveStatus:
    """A solver outcome in our words: ``ok`` only when every stage ended optimal."""

    solver: str
    status: str
    stage: int | None = None

    @property
    def ok(self) -> bool:
        """True when the solve is optimal."""
        return self.status == "optimal"


@dataclass(frozen=True)
class Reference:
    """A solved scenario kept as a starting point: its bounds, solution, objectives and each
    stage's basis (None where the stage was not solved).
    """

    model: Model
    data: ScenarioData
    values: np.ndarray
    objectives: tuple[float, ...]
    bases: tuple
    stage1_row_duals: np.ndarray
    stages: int
    seconds: float
    stage_seconds: tuple[float, ...] = ()
    share_levels: np.ndarray | None = None

    @classmethod
    def of(
        cls, model: Model, data: ScenarioData, solution: Solution, bases, stages: int
    ) -> Reference:
        """Keep ``solution`` (of ``stages`` stages, for ``data``) and each stage's basis
        (``bases``; None where there is none) as a starting point.
        """
        return cls(
            model, data, solution.values, solution.objectives, tuple(bases),
            solution.stage1_row_duals, stages, solution.seconds, solution.stage_seconds,
            solution.share_levels,
        )  # fmt: skip

    def as_solution(self, stages: int, solver: str, seconds: float, own_bounds: bool) -> Solution:
        """Return the reference's plan as the solution of ``stages`` stages, reached in ``seconds``.
        With ``own_bounds`` (the bounds it was solved for) its stage-1 duals and stage times are
        the solution's; for other bounds the duals are not valid (NaN) and no stage was solved.
        """
        row_duals = (
            self.stage1_row_duals if own_bounds else np.full(len(self.stage1_row_duals), np.nan)
        )
        return Solution(
            self.values,
            row_duals,
            self.objectives[:stages],
            SolveStatus(solver, "optimal"),
            seconds,
            0,
            "reference",
            self.stage_seconds[:stages] if own_bounds else (),
            self.share_levels if stages >= 2 else None,
        )

    def still_optimal(self, data: ScenarioData) -> bool:
        """True when ``data`` only tightens this reference's bounds (same need, no looser bound)
        and this reference's solution satisfies ``data``: the solution is then
        lexicographically optimal for ``data`` as well, since the objectives are the same.
        """
        ref, m = self.data, self.model
        if not (
            np.array_equal(data.stage3_cost, ref.stage3_cost)
            and np.all(data.col_lower >= ref.col_lower)
            and np.all(data.col_upper <= ref.col_upper)
            and np.all(data.row_lower >= ref.row_lower)
            and np.all(data.row_upper <= ref.row_upper)
        ):
            return False
        v = self.values
        tol = tolerances.FEASIBLE_TOL
        if np.any(v < data.col_lower - tol) or np.any(v > data.col_upper + tol):
            return False
        changed = np.flatnonzero(
            (data.row_lower != ref.row_lower) | (data.row_upper != ref.row_upper)
        )
        if not len(changed):
            return True
        activity = m.matrix_csr[changed] @ v
        return bool(
            np.all(activity >= data.row_lower[changed] - tol)
            and np.all(activity <= data.row_upper[changed] + tol)
        )


class SolveError(BorderflowError):
    """A solve that did not end optimal; ``status`` says how it ended (never reported as a
    result).
    """

    def __init__(self, scenario: str, status: SolveStatus):
        self.scenario = scenario
        self.status = status
        super().__init__(
            f'scenario "{scenario}": {status.solver} stopped at stage {status.stage} with status '
            f'"{status.status}"; no results are reported for it'
        )

    def __reduce__(self):
        # raised in a worker process, it must reach the caller as it was
        return (type(self), (self.scenario, self.status))


@dataclass(frozen=True)
class Solution:
    """Column values of the final stage, each stage's optimum, and timing (seconds)."""

    values: np.ndarray
    stage1_row_duals: np.ndarray  # d(stage-1 objective)/d(row bound), per row
    objectives: tuple[float, ...]
    status: SolveStatus
    seconds: float
    iterations: int
    path: str = "cold"  # how it was reached: "cold", "warm" (from a reference basis) or "reference"
    # time of each stage solved (s); a blended start (``Solver._blended_start``) counts in
    # stage 3, for whose sake it runs
    stage_seconds: tuple[float, ...] = ()
    # the level each demand node's unmet share was held at by a fair allocation (model's
    # demand-node order; shares held in one step are equal by construction), or None
    share_levels: np.ndarray | None = None
    # True when the blended start (``Solver._blended_start``) was tried for this solve
    blend_tried: bool = False
