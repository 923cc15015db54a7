"""The only module that talks to solvers: HiGHS through highspy (default) and CBC through PuLP.

Both run the design's lexicographic objective as a sequence of solves on one live model:
stage 1 (priority-weighted unmet need), then stage 2 (the allocation rule) among stage 1's
optimal plans, then stage 3 (transport cost) among stage 2's. Under a fair allocation stage 2
is itself a sequence (``HighsSolver._hold_shares``): the largest unmet share is made as small
as possible and the shares that cannot go lower are held there, then the next level, until
every share is held (lexicographic max-min fairness); then, with the shares held, unmet need is
put as late as possible. Under ``market`` stage 2 is the transport cost and stage 3 is not
solved again. HiGHS keeps each stage to the optimal face of
the one before (``HighsSolver._fix_optimal_face``); CBC, through a row holding the optimum.
The matrix goes to HiGHS in one call and the ``Highs`` object is kept for every stage and
scenario; each solve changes only costs and bounds. Each stage starts cold with presolve
(measured faster than warm starts, see ``HighsSolver._run_stage``), except a sweep case's or a
rolling re-plan's first try from its reference's basis, and stages 2-3 of a full solve whose
stage 1 left little need unmet: those start from the basis of one cold solve of the blended
objective (``HighsSolver._blended_start``). Where a stage starts never changes its optimum.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from logistics.model.bounds import ScenarioData
from logistics.model.lp import FAIR_ALLOCATIONS, LEAST_COST, MARKET, Model
from networks import BorderflowError

# A later stage may worsen an earlier stage's optimum by at most this much (relative, absolute).
STAGE_TOLERANCE = (1e-9, 1e-7)
SOLVERS = ("highs", "cbc")
# A province whose shortfall of every commodity over the horizon is at or below this many tonnes
# counts as not short (its deliveries as the full need). Two sources of noise, both far below any
# figure a planner acts on:
# - the data's rounding: stocks are given in whole tonnes, so a stock may be up to 0.5 t below
#   what it estimates, and a province that lives on its stock for a few days then shows a
#   "shortfall" of up to 0.5 t per commodity that the data cannot tell from none (0.5 t of rice
#   in Ghor on day 2 of the baseline was one);
# - the solver: each need row holds to HiGHS's primal feasibility tolerance, 1e-7 t, so at most
#   3.7e-5 t over 365 days; a share held by a fair allocation may exceed its level by 1e-7 of
#   the province's need (``SHARE_HOLD_SLACK_IPM``): 0.03 t for Kabul over 90 days.
# 0.5 t + 0.01 t for the solver, rounded up. The test is per province, not per commodity: a
# province short in earnest keeps every tonne, so its unmet share is the plan's own. (Zeroing
# its small commodities would lower a small province's share by up to 0.51 t ÷ its need, 0.005
# percentage points for Nuristan over 90 days, and reorder provinces a fair plan holds equal.)
# ``extract`` applies it; the max-min stage skips its level solves when no plan on stage 1's
# optimal face leaves more than this unmet in all (``HighsSolver._face_is_quiet``).
SHORTFALL_TOLERANCE_T = 0.51
SIMPLEX_DUAL = 1  # HiGHS simplex_strategy values
SIMPLEX_PRIMAL = 4
# A reduced cost or dual above this (HiGHS's own dual feasibility tolerance) is non-zero: its
# column or row is fixed on the optimal face before stage 3 (``HighsSolver._fix_optimal_face``).
FACE_DUAL_TOLERANCE = 1e-7
# A warm start from a reference basis gives up after this many simplex iterations and the stage
# is solved cold instead. Measured on the bundled network (90 days): warm iterations cost ~0.7 ms
# against ~0.03 ms cold with presolve, so a warm start pays only for small changes (closing a
# small crossing: 50-900 iterations, 0.05-0.2 s, against 1.4 s cold for stages 1-2).
WARM_ITERATION_CAP = 1500
_NO_LIMIT = 2**31 - 1
# The blended start (``HighsSolver._blended_start``): weight of stage 1 against stage 3, as in
# the weighted LP the benchmarks measure against, and the largest unmet share of the
# priority-weighted need (after stage 1) for which it is tried. Measured on the bundled network
# (90 days): the closure scenarios that leave little need unmet left at most 0.06 % of it, those
# where the blend did not pay at least 2 %.
BLEND_UNMET_WEIGHT = 1e4
BLEND_MAX_UNMET_SHARE = 0.01
# The max-min levels (``HighsSolver._hold_shares``): a share held at a level may exceed it by
# SHARE_HOLD_SLACK (absolute share of the node's need), or by SHARE_HOLD_SLACK_IPM when the
# level came from the interior point method (above its accuracy; 0.03 t of Kabul's 90-day
# need), both far below the reporting tolerance; a level
# row whose dual (d level / d share bound) is above LEVEL_DUAL_TOLERANCE blocks its node; a
# level at most SHARE_ZERO means every share still free can be 0.
SHARE_HOLD_SLACK = 1e-9
SHARE_HOLD_SLACK_IPM = 1e-7
LEVEL_DUAL_TOLERANCE = 1e-6
SHARE_ZERO = 1e-9
# Crossover after an interior point level solve: its basis lets the next level solve and the
# timing stage start warm (bundled network, 90 days: winter's stage 2 took 38.5 s with it and
# 144.2 s without; tail-risk-incursion's three stages 161.9 s and 163.8 s; the same optima).
LEVEL_CROSSOVER = "on"
# Tolerances of the "reference solution still optimal" test: bounds (t) and row activity (t).
_FEASIBLE_TOL = 1e-7
# PuLP writes +-infinite row bounds as numbers; CBC reads 1e30 as infinite.
_CBC_INF = 1e30


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
        if np.any(v < data.col_lower - _FEASIBLE_TOL) or np.any(v > data.col_upper + _FEASIBLE_TOL):
            return False
        changed = np.flatnonzero(
            (data.row_lower != ref.row_lower) | (data.row_upper != ref.row_upper)
        )
        if not len(changed):
            return True
        activity = m.matrix_csr[changed] @ v
        return bool(
            np.all(activity >= data.row_lower[changed] - _FEASIBLE_TOL)
            and np.all(activity <= data.row_upper[changed] + _FEASIBLE_TOL)
        )


def _reused(
    reference: Reference | None, data: ScenarioData, stages: int, solver: str, start: float
) -> Solution | None:
    """The reference's own solution when it is still optimal for ``data`` (its stage-1 duals are
    not valid here: NaN), else None.
    """
    if reference is None or reference.stages < stages or not reference.still_optimal(data):
        return None
    return reference.as_solution(stages, solver, time.perf_counter() - start, own_bounds=False)


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
    # time of each stage solved (s); a blended start (``HighsSolver._blended_start``) counts in
    # stage 3, for whose sake it runs
    stage_seconds: tuple[float, ...] = ()
    # the level each demand node's unmet share was held at by a fair allocation (model's
    # demand-node order; shares held in one step are equal by construction), or None
    share_levels: np.ndarray | None = None
    # True when the blended start (``HighsSolver._blended_start``) was tried for this solve
    blend_tried: bool = False


@contextmanager
def _stdout_silenced():
    """Silence file descriptor 1: HiGHS prints its banner from C++ when the first Highs is made,
    which would corrupt ``--json`` output on stdout.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _hold(value: float) -> float:
    rel, absolute = STAGE_TOLERANCE
    return value + max(abs(value) * rel, absolute)


def _fairness_is_moot(model: Model, stage: int, objectives: list[float]) -> bool:
    """A fair allocation's stage 2 needs no solve when stage 1 met all need: every u is 0, so
    every share and the timing objective are 0 as well.
    """
    return (
        stage == 2 and model.allocation in FAIR_ALLOCATIONS and objectives[0] <= STAGE_TOLERANCE[1]
    )


def _blocked(level: float, free: np.ndarray, dual: np.ndarray) -> tuple[np.ndarray, float]:
    """One max-min step: which shares to hold, and at what level, given the level just found and
    the level rows' duals (``HighsSolver._hold_shares``). At a level of at most ``SHARE_ZERO``
    every free share is held at 0; otherwise every free share whose row has a dual above
    ``LEVEL_DUAL_TOLERANCE``, or the one with the largest dual if numerics leave none above it.
    """
    if level <= SHARE_ZERO:
        return free.copy(), 0.0
    dual = np.where(free, np.abs(dual), -1.0)
    hold = dual > LEVEL_DUAL_TOLERANCE
    if not hold.any():
        hold[np.argmax(dual)] = True
    return hold, level


def _unmet_tonnes_probe(model: Model, stage1_optimum: float) -> np.ndarray | None:
    """The cost that finds the largest unmet tonnage on stage 1's optimal face (-1 per unmet
    tonne, minimised), for ``_face_is_quiet``; None when stage 1's optimum (weighted t) already
    rules a quiet face out: a weight-w tonne adds w to it, so at least optimum ÷ (largest weight)
    tonnes are unmet in every plan on the face.
    """
    unmet = model.blocks["u"].cols
    if stage1_optimum > SHORTFALL_TOLERANCE_T * float(model.stage1_cost[unmet].max(initial=1.0)):
        return None
    cost = np.zeros(model.n_cols)
    cost[unmet] = -1.0
    return cost


def _repeats_stage2(model: Model, stage: int) -> bool:
    """Under ``least-cost`` stage 3 is stage 2's objective again: its optimum is already
    reached.
    """
    return stage == 3 and model.allocation == LEAST_COST


def _stage_costs(model: Model, data: ScenarioData) -> tuple[np.ndarray, ...]:
    """Each stage's column costs. ``market``: one stage, the equilibrium's welfare objective
    (``Model.market_objective``); otherwise weighted unmet need, the allocation's, transport
    cost.
    """
    if model.allocation == MARKET:
        return (model.market_objective(data.stage3_cost),)
    if model.allocation in FAIR_ALLOCATIONS:
        return model.stage1_cost, model.stage2_cost, data.stage3_cost
    return model.stage1_cost, data.stage3_cost, data.stage3_cost


class HighsSolver:
    """A live ``highspy.Highs`` holding the model; ``solve`` changes bounds and costs and
    re-solves.

    Each later stage is solved on the optimal face of the stage before it
    (``_fix_optimal_face``), never through a row holding the earlier optimum: such a row is
    dense (every unmet-need column), and a dense row, even a free one, made stage 3 several
    times slower (measured on the bundled network, 90 days: cpec-pressure's stage 3 took 102 s
    with two free stage rows and 33 s without them).
    """

    name = "highs"

    def __init__(self, model: Model, time_limit_s: float | None = None):
        import highspy

        self._highspy = highspy
        self.model = model
        with _stdout_silenced():
            h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        self.time_limit_s = time_limit_s
        n_rows = model.matrix.shape[0]
        matrix = model.matrix
        lp = highspy.HighsLp()
        lp.num_col_ = model.n_cols
        lp.num_row_ = n_rows
        lp.col_cost_ = model.stage1_cost
        lp.col_lower_ = np.zeros(model.n_cols)
        lp.col_upper_ = np.full(model.n_cols, highspy.kHighsInf)
        lp.row_lower_ = self._inf(model.row_lower[:n_rows])
        lp.row_upper_ = self._inf(model.row_upper[:n_rows])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
        lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
        lp.a_matrix_.value_ = matrix.data
        status = h.passModel(lp)
        if status == highspy.HighsStatus.kError:
            msg = "HiGHS refused the model"
            raise BorderflowError(msg)
        self.h = h
        self._all_cols = np.arange(model.n_cols, dtype=np.int32)
        self._all_rows = np.arange(n_rows, dtype=np.int32)
        # the live values of the entries a scenario sets (``ScenarioData.coefficients``)
        self._coefficients = model.matrix.tocsr()

    def _inf(self, a: np.ndarray) -> np.ndarray:
        big = self._highspy.kHighsInf
        return np.clip(a, -big, big)

    def set_bounds(self, data: ScenarioData) -> None:
        """Load one scenario's column and row bounds into the live model."""
        self.h.changeColsBounds(
            self.model.n_cols, self._all_cols, self._inf(data.col_lower), self._inf(data.col_upper)
        )
        n = len(self._all_rows)
        self.h.changeRowsBounds(
            n, self._all_rows, self._inf(data.row_lower[:n]), self._inf(data.row_upper[:n])
        )
        c = data.coefficients
        live = np.asarray(self._coefficients[c.rows, c.cols]).ravel()
        for i in np.flatnonzero(c.values != live):
            self.h.changeCoeff(int(c.rows[i]), int(c.cols[i]), float(c.values[i]))
            self._coefficients[c.rows[i], c.cols[i]] = c.values[i]

    def write_stage1(self, data: ScenarioData, path: str) -> None:
        """Write the stage-1 LP of one scenario to an MPS or LP file (for benchmarks and
        debugging).
        """
        self.set_bounds(data)
        self.h.changeColsCost(self.model.n_cols, self._all_cols, self.model.stage1_cost)
        self.h.writeModel(path)

    def solve(
        self,
        data: ScenarioData,
        scenario: str,
        stages: int = 3,
        reference: Reference | None = None,
        bases_out: list | None = None,
        warm: bool = True,
    ) -> Solution:
        """Solve stages 1..``stages`` for one scenario's bounds; raise SolveError unless all are
        optimal.

        ``stages=2`` stops after the fairness stage: enough for every shortfall figure (transport
        cost is then not optimised). With a ``reference`` (see ``make_reference``), a scenario whose
        bounds only tighten the reference's and which the reference solution still satisfies gets
        that solution (it is then optimal here too); otherwise each stage first tries the simplex
        from the reference's basis for that stage, capped at ``WARM_ITERATION_CAP`` iterations, and
        falls back to a cold solve with presolve (``warm=False``: cold at once). A full solve
        (``stages=3``) whose stage 1 went cold and left little need unmet continues from a
        blended solve (``_blended_start``). ``bases_out`` receives each solved stage's basis.
        """
        h, m = self.h, self.model
        start = time.perf_counter()
        if (reused := _reused(reference, data, stages, self.name, start)) is not None:
            return reused
        self.set_bounds(data)
        objectives: list[float] = []
        iterations = 0
        paths: list[str] = []
        stage_seconds: list[float] = []
        duals = np.zeros(0)
        blended, blend_seconds = False, 0.0
        self._blend_tried = False
        levels = None
        for stage, cost in enumerate(_stage_costs(m, data)[:stages], start=1):
            if _fairness_is_moot(m, stage, objectives):
                # stage 1's optimal face has no unmet need: every share and timing cost is 0
                objectives.append(0.0)
                stage_seconds.append(0.0)
                levels = np.zeros(len(m.demand_nodes))
                continue
            if _repeats_stage2(m, stage):
                objectives.append(objectives[-1])
                stage_seconds.append(0.0)
                continue
            if stage > 1 and stages == 3 and paths == ["cold"]:
                t_blend = time.perf_counter()
                blended = self._blended_start(data, scenario, objectives[0])
                blend_seconds = time.perf_counter() - t_blend
            t_stage = time.perf_counter()
            if stage > 1:
                self._fix_optimal_face()
            fair = stage == 2 and m.allocation in FAIR_ALLOCATIONS
            if fair:
                levels, its = self._hold_shares(scenario, objectives[0])
                iterations += its
            h.changeColsCost(m.n_cols, self._all_cols, cost)
            if blended or fair:
                # the solver holds a plan optimal for every stage so far: only the cost changes
                # (no basis when the last level was found by the interior point method)
                basis = h.getBasis()
                basis = basis if basis.valid else None
            else:
                basis = reference.bases[stage - 1] if reference is not None and warm else None
            model_status, its, path = self._run_stage(stage, basis, primal=blended or fair)
            # a blended start runs for stage 3's sake: its time counts there
            stage_seconds.append(
                time.perf_counter() - t_stage + (blend_seconds if stage == stages else 0.0)
            )
            blended = blended and path == "warm"
            iterations += its
            paths.append(path)
            if model_status != self._highspy.HighsModelStatus.kOptimal:
                raise SolveError(
                    scenario,
                    SolveStatus(self.name, h.modelStatusToString(model_status).lower(), stage),
                )
            if bases_out is not None:
                bases_out[stage - 1] = h.getBasis()
            value = float(h.getInfo().objective_function_value)
            objectives.append(value)
            if stage == 1:
                duals = np.asarray(h.getSolution().row_dual, dtype=float)
        values = np.asarray(h.getSolution().col_value)
        path = "warm" if paths and all(p == "warm" for p in paths) else "cold"
        return Solution(
            values,
            duals,
            tuple(objectives),
            SolveStatus(self.name, "optimal"),
            time.perf_counter() - start,
            iterations,
            path,
            tuple(stage_seconds),
            levels,
            self._blend_tried,
        )

    def _face_is_quiet(self, stage1_optimum: float) -> tuple[bool, int]:
        """True when no plan on the optimal face of stage 1 leaves more than
        ``SHORTFALL_TOLERANCE_T`` tonnes unmet in all: every province then counts as not short in
        every optimal plan, whatever the shares, so the levels need no solve. Decided by the
        largest unmet tonnage on the face (primal simplex from the current basis), when stage 1's
        optimum allows it (``_unmet_tonnes_probe``). Returns (quiet, simplex iterations).
        """
        h, m = self.h, self.model
        cost = _unmet_tonnes_probe(m, stage1_optimum)
        if cost is None:
            return False, 0
        h.changeColsCost(m.n_cols, self._all_cols, cost)
        basis = h.getBasis()
        status, its, _ = self._run_stage(2, basis if basis.valid else None, primal=True)
        largest = -float(h.getInfo().objective_function_value)
        quiet = (
            status == self._highspy.HighsModelStatus.kOptimal and largest <= SHORTFALL_TOLERANCE_T
        )
        return quiet, its

    def _hold_shares(self, scenario: str, stage1_optimum: float) -> tuple[np.ndarray, int]:
        """Lexicographic max-min fairness of the unmet shares, on the optimal face of stage 1:
        minimise the level L over q[n] ≤ L for every share not yet held; hold every share that
        cannot go below L (its level row has a non-zero dual: by complementary slackness it is
        at L in every optimal plan) at L, by its column bound, and free its row; repeat until
        every share is held, or L is 0 (every share still free is then held at 0). Each solve
        starts from the plan before it, which stays feasible: only the cost changed, or bounds
        that it meets. Returns each demand node's level and the simplex iterations.

        In exact arithmetic the duals of the level rows sum to 1 when L > 0, so at least one
        node is blocked at each step; the one with the largest dual is held if numerics leave
        every dual below ``LEVEL_DUAL_TOLERANCE``. A node held too late is held at the same
        level one step later, so the tolerance never changes a level.

        When the face is quiet (``_face_is_quiet``: stage 1 leaves only rounding ghosts, as in
        a scenario with no real shortfall) no level is solved and every level is reported as 0:
        every shortfall figure is then 0 whatever the shares, and only the plan's routes may
        differ from the held-share plan's, by how a few tenths of a tonne are spread.
        """
        h, m = self.h, self.model
        kOptimal = self._highspy.HighsModelStatus.kOptimal
        q = m.blocks["q"].cols.astype(np.int32)
        levels = np.zeros(len(q))
        quiet, iterations = self._face_is_quiet(stage1_optimum)
        if quiet:
            return levels, iterations
        rows = np.asarray(m.families["fairness_level"].row(np.arange(len(q))), dtype=np.int32)
        free = np.ones(len(q), bool)
        h.changeColsCost(m.n_cols, self._all_cols, m.level_cost)
        big = self._highspy.kHighsInf
        h.changeRowsBounds(len(rows), rows, np.full(len(rows), -big), np.zeros(len(rows)))
        while free.any():
            status, its, interior = self._run_level()
            slack = SHARE_HOLD_SLACK_IPM if interior else SHARE_HOLD_SLACK
            iterations += its
            if status != kOptimal:
                raise SolveError(
                    scenario, SolveStatus(self.name, h.modelStatusToString(status).lower(), 2)
                )
            dual = np.asarray(h.getSolution().row_dual)[rows]
            hold, level = _blocked(float(h.getInfo().objective_function_value), free, dual)
            held = np.flatnonzero(hold)
            levels[held] = level
            h.changeColsBounds(
                len(held),
                q[held],
                np.zeros(len(held)),
                np.full(len(held), level + slack),
            )
            h.changeRowsBounds(
                len(held), rows[held], np.full(len(held), -big), np.full(len(held), big)
            )
            free[held] = False
        return levels, iterations

    def _run_level(self) -> tuple:
        """One max-min level solve: by primal simplex from the plan the solver holds (feasible:
        the last solve's cost or bounds it meets changed), capped at ``WARM_ITERATION_CAP``;
        past the cap, by the interior point method, then crossover (``LEVEL_CROSSOVER``).
        Measured on the bundled network (tail-risk-incursion, 90 days, one level LP): primal
        simplex had not finished after 300 s (120,000 iterations), the dual simplex after 5
        minutes; interior point took 42 s with crossover and 28 s without. Crossover's duals are
        a vertex's, not strictly complementary, so a solve may find fewer of the provinces
        blocked at a level; the next solve, warm from that vertex, finds the level again and
        holds the rest, so the levels are the same either way. Returns (model status, simplex
        iterations, True when the interior point method found it).
        """
        h, kOptimal = self.h, self._highspy.HighsModelStatus.kOptimal
        iterations = 0
        if h.getBasis().valid:
            h.setOptionValue("simplex_strategy", SIMPLEX_PRIMAL)
            h.setOptionValue("simplex_iteration_limit", WARM_ITERATION_CAP)
            self._run()
            h.setOptionValue("simplex_iteration_limit", _NO_LIMIT)
            iterations += int(h.getInfo().simplex_iteration_count)
            if h.getModelStatus() == kOptimal:
                return kOptimal, iterations, False
        h.clearSolver()
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", LEVEL_CROSSOVER)
        try:
            self._run()
        finally:
            h.setOptionValue("solver", "choose")
            h.setOptionValue("run_crossover", "on")
            h.setOptionValue("simplex_strategy", SIMPLEX_DUAL)
        return h.getModelStatus(), iterations, True

    def _blended_start(self, data: ScenarioData, scenario: str, stage1_optimum: float) -> bool:
        """After a cold stage 1 that left little unmet need, re-solve the scenario cold with the
        blended objective ``BLEND_UNMET_WEIGHT`` × stage 1 + stage 3 and confirm stage 1 from
        its basis, so that stages 2 and 3 start from a plan that is usually optimal for them too.
        Returns True when the solver now holds a confirmed stage-1 optimum from the blend (the
        caller then starts stages 2-3 from its basis), False when it still holds stage 1's own
        cold solution (the blend was not tried or did not end optimal).

        Why: on the bundled network (90 days) stage 3 on the optimal face of stage 2 took 54 s
        cold for cpec-pressure, while the blended LP took 33 s and stages 1-3 then needed 0, 577
        and 310 simplex iterations (1.4 s). Where much need goes unmet, stage 2 trades fairness
        against cost, no blend weight kept it near optimal, and the blend only added its own
        solve; so it is tried only when stage 1 left at most ``BLEND_MAX_UNMET_SHARE`` of the
        priority-weighted need unmet. Either way every stage ends optimal on the face of the
        stage before: the blend changes where the simplex starts, never the answer.
        """
        m, h = self.model, self.h
        u, need_rows = m.blocks["u"].cols, m.families["need"].rows
        weighted_need = float(m.stage1_cost[u] @ data.row_upper[need_rows])
        if stage1_optimum > BLEND_MAX_UNMET_SHARE * weighted_need:
            return False
        self._blend_tried = True
        h.changeColsCost(
            m.n_cols, self._all_cols, BLEND_UNMET_WEIGHT * m.stage1_cost + data.stage3_cost
        )
        h.clearSolver()
        self._run()
        kOptimal = self._highspy.HighsModelStatus.kOptimal
        blend_optimal = h.getModelStatus() == kOptimal
        h.changeColsCost(m.n_cols, self._all_cols, m.stage1_cost)
        if blend_optimal:
            status, _its, path = self._run_stage(1, h.getBasis(), cold_fallback=False, primal=True)
            if status == kOptimal and path == "warm":
                return True
        # the blend did not settle (rare: a time limit or numerical trouble): stage 1 again, cold
        status, _its, _path = self._run_stage(1, None)
        if status != kOptimal:
            raise SolveError(
                scenario, SolveStatus(self.name, h.modelStatusToString(status).lower(), 1)
            )
        return False

    def _fix_optimal_face(self) -> None:
        """Confine the next stage to the optimal face of the stage just solved: fix every column
        with a non-zero reduced cost at its value and make every row with a non-zero dual an
        equality at its activity. By complementary slackness (with the optimal duals just found)
        a feasible plan is optimal for that stage exactly when it satisfies these, so the next
        stage keeps exactly that stage's optimal plans, with no row holding its optimum, and
        presolve removes the fixed part. The next scenario's ``set_bounds`` restores every bound.
        """
        h = self.h
        solution = h.getSolution()
        values, reduced = np.asarray(solution.col_value), np.asarray(solution.col_dual)
        cols = np.flatnonzero(np.abs(reduced) > FACE_DUAL_TOLERANCE).astype(np.int32)
        if len(cols):
            h.changeColsBounds(len(cols), cols, values[cols], values[cols])
        activity, duals = np.asarray(solution.row_value), np.asarray(solution.row_dual)
        rows = np.flatnonzero(np.abs(duals) > FACE_DUAL_TOLERANCE).astype(np.int32)
        if len(rows):
            h.changeRowsBounds(len(rows), rows, activity[rows], activity[rows])

    def _run(self) -> None:
        """One HiGHS run, allowed ``time_limit_s`` seconds of its own. HiGHS compares its time
        limit with the clock of the whole ``Highs`` object, which keeps running across solves,
        so the limit is moved on by the time already spent before every run.
        """
        if self.time_limit_s is not None:
            self.h.setOptionValue("time_limit", float(self.time_limit_s) + self.h.getRunTime())
        self.h.run()

    def _run_stage(
        self, stage: int, basis, cold_fallback: bool = True, primal: bool = False
    ) -> tuple:
        """Run one stage: from ``basis`` with an iteration cap (by dual simplex, or primal
        simplex when ``primal``: the basis is then primal feasible, only the cost changed), else
        (``cold_fallback``) cold with presolve by dual simplex. Returns (model status, simplex
        iterations, "warm" or "cold").
        """
        h, kOptimal = self.h, self._highspy.HighsModelStatus.kOptimal
        iterations = 0
        if basis is not None:
            h.setOptionValue("simplex_strategy", SIMPLEX_PRIMAL if primal else SIMPLEX_DUAL)
            h.setBasis(basis)
            h.setOptionValue("simplex_iteration_limit", WARM_ITERATION_CAP)
            self._run()
            h.setOptionValue("simplex_iteration_limit", _NO_LIMIT)
            iterations += int(h.getInfo().simplex_iteration_count)
            if h.getModelStatus() == kOptimal or not cold_fallback:
                return h.getModelStatus(), iterations, "warm"
        h.setOptionValue("simplex_strategy", SIMPLEX_DUAL)
        # Every stage otherwise starts cold, with presolve, by measurement (benchmarks/): stage 1
        # after a bounds change took 0.1-1.0 s cold against 0.4-8 s by dual simplex from the
        # previous scenario's basis (bundled network); stage 2 by primal simplex from stage 1's
        # basis was faster on the bundled network (0.02-0.3 s against 0.1-0.6 s) but 8× slower on a
        # synthetic one (22 s against 2.6 s); stage 3 cold 2.1-2.9 s against 3.5-4.5 s warm.
        h.clearSolver()
        self._run()
        model_status = h.getModelStatus()
        if model_status not in (kOptimal, self._highspy.HighsModelStatus.kTimeLimit):
            # Presolve can misjudge a tight row (the row holding an earlier optimum, or a row
            # whose columns a rolling horizon has fixed); the simplex without presolve settles it.
            h.setOptionValue("presolve", "off")
            self._run()
            h.setOptionValue("presolve", "choose")
            model_status = h.getModelStatus()
        iterations += int(h.getInfo().simplex_iteration_count)
        return model_status, iterations, "cold"

    def make_reference(self, data: ScenarioData, stages: int = 3) -> Reference:
        """Solve ``data`` cold (stages 1..``stages``) and keep its solution and each stage's basis,
        for ``solve(..., reference=...)`` of scenarios that differ from it a little.
        """
        bases: list = [None, None, None]
        solution = self.solve(data, "baseline", stages, bases_out=bases)
        return Reference(
            self.model,
            data,
            solution.values,
            solution.objectives,
            tuple(bases),
            solution.stage1_row_duals,
            stages,
            solution.seconds,
            solution.stage_seconds,
            solution.share_levels,
        )


class CbcSolver:
    """CBC through PuLP: one PuLP problem built from the model's arrays, its bounds changed per
    scenario.

    Column and row ids are ours (``c<j>``, ``r<i>``); results are read back by position, never
    by parsing PuLP names.
    """

    name = "cbc"

    def __init__(self, model: Model, time_limit_s: float | None = None):
        import cbcbox
        import pulp

        self._pulp = pulp
        self.model = model
        prob = pulp.LpProblem("borderflow", pulp.LpMinimize)
        self.vars = [prob.add_variable(f"c{j}", 0, None) for j in range(model.n_cols)]
        csr = model.matrix.tocsr()
        self.rows: list = []
        for i in range(csr.shape[0]):
            lo, hi = model.row_lower[i], model.row_upper[i]
            lo_s, hi_s = csr.indptr[i], csr.indptr[i + 1]
            expr = pulp.LpAffineExpression(
                list(
                    zip(
                        (self.vars[j] for j in csr.indices[lo_s:hi_s]),
                        csr.data[lo_s:hi_s],
                        strict=True,
                    )
                )
            )
            if lo == hi:
                con = pulp.LpConstraint(expr, pulp.LpConstraintEQ, f"r{i}", lo)
            elif np.isinf(lo):
                con = pulp.LpConstraint(expr, pulp.LpConstraintLE, f"r{i}", min(hi, _CBC_INF))
            else:
                msg = (
                    f"row {i} has a lower bound and no equality; the model writes only = and ≤ rows"
                )
                raise ValueError(msg)
            prob += con
            self.rows.append(con)
        # CBC keeps a later stage to an earlier stage's optimum through a row of its own (cost ≤
        # optimum, free until the optimum is known); these rows are not the model's
        self.hold_rows = {}
        for stage, cost in ((1, model.stage1_cost), (2, model.stage2_cost)):
            nz = np.flatnonzero(cost)
            expr = pulp.LpAffineExpression([(self.vars[j], float(cost[j])) for j in nz])
            con = pulp.LpConstraint(expr, pulp.LpConstraintLE, f"hold{stage}", _CBC_INF)
            prob += con
            self.hold_rows[stage] = con
        self.prob = prob
        self.cmd = pulp.COIN_CMD(path=cbcbox.cbc_bin_path(), msg=False, timeLimit=time_limit_s)
        self._no_presolve = pulp.COIN_CMD(
            path=cbcbox.cbc_bin_path(), msg=False, timeLimit=time_limit_s, presolve=False
        )

    def _set_cost(self, cost: np.ndarray) -> None:
        nz = np.flatnonzero(cost)
        self.prob.setObjective(
            self._pulp.LpAffineExpression([(self.vars[j], float(cost[j])) for j in nz])
        )

    def solve(
        self,
        data: ScenarioData,
        scenario: str,
        stages: int = 3,
        reference: Reference | None = None,
        bases_out: list | None = None,
        warm: bool = True,
    ) -> Solution:
        """Solve stages 1..``stages`` for one scenario's bounds; raise SolveError unless all are
        optimal. A ``reference`` is used only when its solution is still optimal (CBC has no warm
        start here).
        """
        m = self.model
        start = time.perf_counter()
        if (reused := _reused(reference, data, stages, self.name, start)) is not None:
            return reused
        for v, lo, hi in zip(self.vars, data.col_lower, data.col_upper, strict=True):
            v.lowBound = float(lo)
            v.upBound = None if np.isinf(hi) else float(hi)
        for con, lo, hi in zip(self.rows, data.row_lower, data.row_upper, strict=True):
            con.constant = -float(lo if lo == hi else min(hi, _CBC_INF))
        for con in self.hold_rows.values():
            con.constant = -_CBC_INF
        c = data.coefficients
        for row, col, value in zip(c.rows, c.cols, c.values, strict=True):
            self.rows[int(row)].expr[self.vars[int(col)]] = float(value)
        objectives: list[float] = []
        levels = None
        for stage, cost in enumerate(_stage_costs(m, data)[:stages], start=1):
            if _fairness_is_moot(m, stage, objectives):
                objectives.append(0.0)
                levels = np.zeros(len(m.demand_nodes))
                self.hold_rows[2].constant = -_hold(0.0)
                continue
            if _repeats_stage2(m, stage):
                objectives.append(objectives[-1])
                continue
            if stage == 2 and m.allocation in FAIR_ALLOCATIONS:
                levels = self._hold_shares(scenario, objectives[0])
            self._set_cost(cost)
            self._run(scenario, stage)
            value = float(
                sum(cost[j] * (self.vars[j].varValue or 0.0) for j in np.flatnonzero(cost))
            )
            objectives.append(value)
            if stage == 1:
                duals = np.array([con.pi or 0.0 for con in self.rows])
            if stage < 3:
                self.hold_rows[stage].constant = -_hold(value)
        values = np.array([v.varValue or 0.0 for v in self.vars])
        return Solution(
            values,
            duals,
            tuple(objectives),
            SolveStatus(self.name, "optimal"),
            time.perf_counter() - start,
            0,
            share_levels=levels,
        )

    def _run(self, scenario: str, stage: int) -> None:
        """Solve the problem as it stands; raise SolveError unless optimal."""
        self.prob.solve(self.cmd)
        status = self._pulp.LpStatus[self.prob.status].lower()
        if status == "infeasible":
            # CBC's presolve can call a rolling re-plan infeasible when its fixed columns leave
            # rows at residuals of 1e-11 t (HiGHS solves the same LP); without presolve it solves
            self.prob.solve(self._no_presolve)
            status = self._pulp.LpStatus[self.prob.status].lower()
        if status != "optimal":
            raise SolveError(scenario, SolveStatus(self.name, status, stage))

    def _face_is_quiet(self, scenario: str, stage1_optimum: float) -> bool:
        """As ``HighsSolver._face_is_quiet``: no plan holding stage 1's optimum (its row) leaves
        more than ``SHORTFALL_TOLERANCE_T`` tonnes unmet in all.
        """
        m = self.model
        cost = _unmet_tonnes_probe(m, stage1_optimum)
        if cost is None:
            return False
        self._set_cost(cost)
        self._run(scenario, 2)
        unmet = m.blocks["u"].cols
        return sum(self.vars[j].varValue or 0.0 for j in unmet) <= SHORTFALL_TOLERANCE_T

    def _hold_shares(self, scenario: str, stage1_optimum: float) -> np.ndarray:
        """The max-min levels of the unmet shares, as ``HighsSolver._hold_shares`` finds them
        (the stage-1 optimum is held by its row here), none on a quiet face; returns each demand
        node's level.
        """
        m = self.model
        levels = np.zeros(len(m.demand_nodes))
        if self._face_is_quiet(scenario, stage1_optimum):
            return levels
        q = [self.vars[j] for j in m.blocks["q"].cols]
        level_rows = m.families["fairness_level"]
        rows = [self.rows[int(level_rows.row(i))] for i in range(len(q))]
        free = np.ones(len(q), bool)
        self._set_cost(m.level_cost)
        for con in rows:
            con.constant = 0.0  # q[n] - L ≤ 0 while the levels are found
        while free.any():
            self._run(scenario, 2)
            level = float(self.vars[m.blocks["level"].start].varValue or 0.0)
            hold, level = _blocked(level, free, np.array([con.pi or 0.0 for con in rows]))
            for i in np.flatnonzero(hold):
                levels[i] = level
                q[i].upBound = level + SHARE_HOLD_SLACK
                rows[i].constant = -_CBC_INF
            free &= ~hold
        return levels

    def make_reference(self, data: ScenarioData, stages: int = 3) -> Reference:
        """Solve ``data`` and keep its solution (no bases: CBC is always solved cold here)."""
        solution = self.solve(data, "baseline", stages)
        return Reference(
            self.model,
            data,
            solution.values,
            solution.objectives,
            (None, None, None),
            solution.stage1_row_duals,
            stages,
            solution.seconds,
            share_levels=solution.share_levels,
        )


def make_solver(
    model: Model, solver: str = "highs", time_limit_s: float | None = None
) -> HighsSolver | CbcSolver:
    """Return a live solver for ``model``: ``highs`` (highspy, default) or ``cbc`` (PuLP + CBC)."""
    if solver == "highs":
        return HighsSolver(model, time_limit_s)
    if solver == "cbc":
        return CbcSolver(model, time_limit_s)
    msg = f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}"
    raise ValueError(msg)
