"""The solvers behind one protocol: HiGHS through highspy (default) and CBC through PuLP.

A backend holds the model live and does what it is told, nothing more: load the model, set a
scenario's bounds and entries, set costs, change some bounds, run from a given start, and
restrict the next run to the optimal face of the last one. Which start to try, what to do when
a run fails, and every tolerance belong to the stage driver (``logistics.solve.solvers``) and
``logistics.solve.tolerances``; the backends only translate.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from logistics.model.bounds import Coefficients, ScenarioData
from logistics.model.lp import Model
from logistics.solve import tolerances
from logistics.solve.centre import CentreNotFound, analytic_centre
from networks import BorderflowError

if TYPE_CHECKING:
    import scipy.sparse as sp

SOLVERS = ("highs", "cbc")
METHODS = ("dual", "primal", "ipm")
SIMPLEX_DUAL = 1  # HiGHS simplex_strategy values
SIMPLEX_PRIMAL = 4
_NO_LIMIT = 2**31 - 1
# PuLP writes +-infinite row bounds as numbers; CBC reads 1e30 as infinite.
_CBC_INF = 1e30


class _Held:
    """The plan the backend holds after its last run, as a start (``Start.basis``)."""

    def __repr__(self) -> str:
        return "HELD"


HELD = _Held()


@dataclass(frozen=True)
class Start:
    """Where and how one run starts.

    ``basis``: None to start cold (the backend forgets what it holds), ``HELD`` to go on from
    the plan it holds (only costs or bounds it meets changed), or a basis from ``basis()``.
    ``method``: "dual" or "primal" simplex, or "ipm" (interior point, with ``crossover`` to a
    vertex or without). ``iteration_cap``: simplex iterations before the run gives up (None: no
    cap). ``presolve``: let the solver presolve (a run from a basis never presolves).
    """

    basis: object | None = None
    method: str = "dual"
    iteration_cap: int | None = None
    presolve: bool = True
    crossover: bool = True


COLD = Start()


@dataclass(frozen=True)
class Run:
    """How one run ended: ``status`` in the solver's words (lower case), its objective (in the
    cost's units), simplex iterations, and whether it timed out or came from the interior point
    method.
    """

    status: str
    optimal: bool
    objective: float
    iterations: int
    timed_out: bool = False
    interior: bool = False


class Backend(Protocol):
    """What the stage driver needs of a solver."""

    name: str
    model: Model
    warm_starts: bool  # runs can start from a basis (else every run is cold)
    centres: bool  # ``centre`` finds the centre of the optimal face

    def set_scenario(self, data: ScenarioData) -> None:
        """Load a scenario: every column and row bound and the entries it sets; undo every
        restriction and bound change made since.
        """

    def set_costs(self, cost: np.ndarray) -> None:
        """Set every column's cost."""

    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of some columns."""

    def set_row_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of some rows."""

    def run(self, start: Start) -> Run:
        """Solve the LP as it stands from ``start``."""

    def restrict_to_optimal_face(self, objective: float) -> None:
        """Keep later runs to the plans optimal for the last run's cost (``objective``: its
        optimum), until the next ``set_scenario``.
        """

    def centre(self) -> np.ndarray:
        """Column values at the centre of the plans the live model allows (after
        ``restrict_to_optimal_face``: of the optimal plans); RuntimeError when it is not found.
        Only where ``centres``.
        """

    def values(self) -> np.ndarray:
        """Column values of the last run."""

    def row_duals(self) -> np.ndarray:
        """Row duals of the last run (d objective / d row bound)."""

    def basis(self) -> object | None:
        """The last run's basis, or None when there is none (interior point without crossover,
        or a backend without warm starts).
        """


def _at_bound(slack: np.ndarray, other: np.ndarray, dual: np.ndarray) -> np.ndarray:
    """Which of the interior point method's end values are at the bound ``slack`` away (t): within
    ``CENTRE_BOUND_T`` of it, or within ``CENTRE_DUAL_BOUND_T`` and nearer to it than to the other
    bound and than the dual (reduced cost, or row dual) is to 0 (``HighsBackend.centre``).
    """
    near = (slack <= tolerances.CENTRE_DUAL_BOUND_T) & (slack < other) & (slack < np.abs(dual))
    return (slack <= tolerances.CENTRE_BOUND_T) | near


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


class HighsBackend:
    """A live ``highspy.Highs`` holding the model: the matrix goes to HiGHS in one call, and each
    scenario changes only bounds, costs and the entries it sets.

    The optimal face is kept by fixing (``restrict_to_optimal_face``), never by a row holding an
    optimum: such a row is dense (every unmet-need column), and a dense row, even a free one,
    made stage 3 several times slower (measured on the bundled network, 90 days:
    cpec-pressure's stage 3 took 102 s with two free stage rows and 33 s without them).
    """

    name = "highs"
    warm_starts = True
    centres = True

    def __init__(self, model: Model, time_limit_s: float | None = None):
        import highspy

        self._highspy = highspy
        self.model = model
        with _stdout_silenced():
            h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        self.time_limit_s = time_limit_s
        matrix = model.matrix
        n_rows = matrix.shape[0]
        # the bounds as set (``set_*``), before any restriction to an optimal face: the
        # second pass of ``centre`` holds rows and columns at these exact values
        self._col_bounds = (np.zeros(model.n_cols), np.full(model.n_cols, highspy.kHighsInf))
        self._row_bounds = (self._inf(model.row_lower), self._inf(model.row_upper))
        lp = highspy.HighsLp()
        lp.num_col_ = model.n_cols
        lp.num_row_ = n_rows
        lp.col_cost_ = np.zeros(model.n_cols)
        lp.col_lower_, lp.col_upper_ = self._col_bounds
        lp.row_lower_, lp.row_upper_ = self._row_bounds
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
        lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
        lp.a_matrix_.value_ = matrix.data
        if h.passModel(lp) == highspy.HighsStatus.kError:
            msg = "HiGHS refused the model"
            raise BorderflowError(msg)
        self.h = h
        self._all_cols = np.arange(model.n_cols, dtype=np.int32)
        self._all_rows = np.arange(n_rows, dtype=np.int32)
        # the live values of the entries a scenario sets (``ScenarioData.coefficients``)
        self._coefficients = matrix.tocsr()
        # how often ``centre`` kept the first pass's end point instead of the analytic centre
        self.centre_fallbacks = 0

    def _inf(self, a: np.ndarray) -> np.ndarray:
        big = self._highspy.kHighsInf
        return np.clip(a, -big, big)

    def set_scenario(self, data: ScenarioData) -> None:
        """Load one scenario's column and row bounds and set entries into the live model."""
        self.set_col_bounds(self._all_cols, data.col_lower, data.col_upper)
        self.set_row_bounds(self._all_rows, data.row_lower, data.row_upper)
        self._set_coefficients(data.coefficients)

    def _set_coefficients(self, c: Coefficients) -> None:
        live = np.asarray(self._coefficients[c.rows, c.cols]).ravel()
        for i in np.flatnonzero(c.values != live):
            self.h.changeCoeff(int(c.rows[i]), int(c.cols[i]), float(c.values[i]))
            self._coefficients[c.rows[i], c.cols[i]] = c.values[i]

    def set_costs(self, cost: np.ndarray) -> None:
        """Set every column's cost."""
        self.h.changeColsCost(len(self._all_cols), self._all_cols, cost)

    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of some columns."""
        cols = np.asarray(cols, dtype=np.int32)
        lower, upper = self._inf(lower), self._inf(upper)
        self._col_bounds[0][cols], self._col_bounds[1][cols] = lower, upper
        self.h.changeColsBounds(len(cols), cols, lower, upper)

    def set_row_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of some rows."""
        rows = np.asarray(rows, dtype=np.int32)
        lower, upper = self._inf(lower), self._inf(upper)
        self._row_bounds[0][rows], self._row_bounds[1][rows] = lower, upper
        self.h.changeRowsBounds(len(rows), rows, lower, upper)

    def run(self, start: Start) -> Run:
        """One HiGHS run from ``start``, allowed ``time_limit_s`` seconds of its own. Every
        option a run depends on is set here, so no run inherits another's.
        """
        h, option = self.h, self.h.setOptionValue
        if start.method == "ipm":
            option("solver", "ipm")
            option("run_crossover", "on" if start.crossover else "off")
        else:
            option("solver", "choose")
            option("simplex_strategy", SIMPLEX_PRIMAL if start.method == "primal" else SIMPLEX_DUAL)
        option("presolve", "choose" if start.presolve else "off")
        cap = start.iteration_cap
        option("simplex_iteration_limit", _NO_LIMIT if cap is None else int(cap))
        if start.basis is None:
            h.clearSolver()
        elif start.basis is not HELD:
            h.setBasis(start.basis)
        if self.time_limit_s is not None:
            # HiGHS compares its limit with the clock of the whole Highs object, which runs on
            # across solves: the limit moves on by the time already spent
            option("time_limit", float(self.time_limit_s) + h.getRunTime())
        h.run()
        status, info = h.getModelStatus(), h.getInfo()
        kinds = self._highspy.HighsModelStatus
        return Run(
            h.modelStatusToString(status).lower(),
            status == kinds.kOptimal,
            float(info.objective_function_value),
            int(info.simplex_iteration_count),
            timed_out=status == kinds.kTimeLimit,
            interior=start.method == "ipm",
        )

    def restrict_to_optimal_face(self, objective: float) -> None:
        """Fix every column with a non-zero reduced cost at its value and make every row with a
        non-zero dual an equality at its activity. By complementary slackness (with the optimal
        duals just found) a feasible plan is optimal for the last run's cost exactly when it
        satisfies these, so later runs keep exactly its optimal plans, with no row holding the
        optimum (``objective`` is not needed), and presolve removes the fixed part.
        """
        del objective
        h = self.h
        solution = h.getSolution()
        values, reduced = np.asarray(solution.col_value), np.asarray(solution.col_dual)
        cols = np.flatnonzero(np.abs(reduced) > tolerances.FACE_DUAL_TOLERANCE).astype(np.int32)
        if len(cols):
            h.changeColsBounds(len(cols), cols, values[cols], values[cols])
        activity, duals = np.asarray(solution.row_value), np.asarray(solution.row_dual)
        rows = np.flatnonzero(np.abs(duals) > tolerances.FACE_DUAL_TOLERANCE).astype(np.int32)
        if len(rows):
            h.changeRowsBounds(len(rows), rows, activity[rows], activity[rows])

    def centre(self) -> np.ndarray:
        """Column values at the analytic centre of the plans the live model allows (the optimal
        face it was restricted to), keeping the last run's value of every fixed column. Raises
        RuntimeError when the first pass ends without an optimum (the second has fallbacks).

        Two passes, so that the answer depends on the face alone:

        1. The interior point method, without crossover or presolve (HiGHS's presolve removes
           dominated columns, which picks one of several equally good plans), on the LP of the
           columns still free and the rows they enter, with the last run's cost (the same for
           every plan on the face; with no cost at all it ended "unknown"). Its end point lies
           inside the face, so the columns and rows at a bound there are those at their bound in
           every optimal plan: within ``tolerances.CENTRE_BOUND_T`` of it, or nearer to it than
           their dual (reduced cost) is to 0, the interior point method's own sign of a bound
           that holds (at its end x·d ≈ μ: a column held at 0 has x ≈ 1e-9 and d ≈ 2,000, a
           free one x ≥ 0.5 and d ≤ 1e-5; a small network where 1.4e-9 t was left above 0).
           Where that end point lies depends on the vertex the simplex ended at (its reduced
           costs fix the other columns) and on the method's tolerances: from three vertices of
           one face it gave plans up to 4,400 t apart, and one LP's end point moved 2,190 t
           between tolerances of 1e-6 and 1e-9.
        2. Newton's method to the analytic centre (``logistics.solve.centre``) of the face so
           described, from the first pass's end point: the columns found at a bound held at
           their bounds as set (not as a restriction left them), the rows found at a bound at
           the end point's activity, the rest free within their bounds as set. The analytic
           centre is one point of the face whatever the start, and moves smoothly with the
           data: from the three vertices the plans agree to 1e-6 t, and to 1e-9 t from end
           points at either tolerance. (Rows held at their exact bounds instead left Newton
           unable to meet them, to 1e-8 t, on up to 146 of the suite's 1,053 centres: a row the
           first pass leaves a few 1e-9 t inside its bound, as a max-min share held
           ``SHARE_HOLD_SLACK`` above its level, cannot be at it with the rest.)

        The centre is kept only if it keeps the first pass's objective
        (``tolerances.CENTRE_OBJECTIVE_RTOL``), as a face wrongly described would not; where it
        does not, or where Newton's method finds no interior (a face of one point), the first
        pass's end point, which meets every row, stands (``centre_fallbacks`` counts these).
        """
        lp = self.h.getLp()
        lower, upper = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)
        row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        cost = np.asarray(lp.col_cost_)
        values = np.asarray(self.h.getSolution().col_value)
        values, col_dual, row_dual = self._interior_point_pass(
            values, lower, upper, row_lower, row_upper, cost
        )
        first = values
        (lower, upper), (row_lower, row_upper) = self._col_bounds, self._row_bounds
        # (a column narrower than the tolerance, as a share held at a level of 0, is at its lower)
        at_lower = _at_bound(values - lower, upper - values, col_dual)
        at_upper = _at_bound(upper - values, values - lower, col_dual) & ~at_lower
        values = np.where(at_lower, lower, np.where(at_upper, upper, values))
        lower2, upper2 = np.where(at_upper, upper, lower), np.where(at_lower, lower, upper)
        activity = self._coefficients @ values
        at_row_lower = _at_bound(activity - row_lower, row_upper - activity, row_dual)
        at_row_upper = _at_bound(row_upper - activity, activity - row_lower, row_dual)
        objective = float(cost @ values)
        tight = at_row_lower | at_row_upper
        held_lower = np.where(tight, activity, row_lower)
        held_upper = np.where(tight, activity, row_upper)
        try:
            centre = self._newton_pass(values, lower2, upper2, held_lower, held_upper)
        except CentreNotFound:
            self.centre_fallbacks += 1
            return first
        gap = abs(float(cost @ centre) - objective)
        if gap > tolerances.CENTRE_OBJECTIVE_RTOL * max(1.0, abs(objective)):
            self.centre_fallbacks += 1
            return first
        return centre

    def _reduced(
        self,
        values: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, sp.csc_matrix, np.ndarray, np.ndarray, np.ndarray]:
        """The LP of the columns with lower < upper and the bounded rows they enter, the rest
        held at ``values``: (every column's value with the held ones set, the free columns,
        their matrix on those rows, the rows' lower and upper bounds less the held part, the
        rows).
        """
        fixed = lower == upper
        values = np.where(fixed, lower, values)
        free = np.flatnonzero(~fixed)
        live = self._coefficients
        shift = live @ np.where(fixed, values, 0.0)
        bounded = np.isfinite(row_lower) | np.isfinite(row_upper)
        sub = live[:, free].tocsr()
        rows = np.flatnonzero((np.diff(sub.indptr) > 0) & bounded)
        sub = sub[rows].tocsc()
        # a column that enters only free rows (the max-min level outside its solves) is bound by
        # nothing on the face: it keeps its value rather than drift off to the centre of [0, ∞)
        entered = np.diff(sub.indptr) > 0
        free, sub = free[entered], sub[:, entered]
        sub_lower, sub_upper = row_lower[rows] - shift[rows], row_upper[rows] - shift[rows]
        return values, free, sub, sub_lower, sub_upper, rows

    def _interior_point_pass(
        self,
        values: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
        cost: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One interior point run on ``_reduced``'s LP; returns every column's value, and every
        column's and row's dual (0 outside that LP). Raises RuntimeError when it ends without an
        optimum.
        """
        highspy = self._highspy
        values, free, sub, sub_lower, sub_upper, rows = self._reduced(
            values, lower, upper, row_lower, row_upper
        )
        col_dual, row_dual = np.zeros(len(values)), np.zeros(len(row_lower))
        if not len(free):
            return values, col_dual, row_dual
        reduced = highspy.HighsLp()
        reduced.num_col_, reduced.num_row_ = sub.shape[1], sub.shape[0]
        reduced.col_cost_ = cost[free]
        reduced.col_lower_, reduced.col_upper_ = lower[free], upper[free]
        reduced.row_lower_, reduced.row_upper_ = sub_lower, sub_upper
        reduced.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        reduced.a_matrix_.start_ = sub.indptr.astype(np.int32)
        reduced.a_matrix_.index_ = sub.indices.astype(np.int32)
        reduced.a_matrix_.value_ = sub.data
        with _stdout_silenced():
            centre = highspy.Highs()
        option = centre.setOptionValue
        option("output_flag", False)
        option("solver", "ipm")
        option("run_crossover", "off")
        option("presolve", "off")
        # its end point classifies every column and row as at a bound or not, to CENTRE_BOUND_T
        option("primal_feasibility_tolerance", tolerances.CENTRE_FEASIBILITY_TOL)
        option("dual_feasibility_tolerance", tolerances.CENTRE_FEASIBILITY_TOL)
        option("ipm_optimality_tolerance", tolerances.CENTRE_OPTIMALITY_TOL)
        if self.time_limit_s is not None:
            option("time_limit", float(self.time_limit_s))
        centre.passModel(reduced)
        centre.run()
        if centre.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            status = centre.modelStatusToString(centre.getModelStatus()).lower()
            raise RuntimeError(status)
        solution = centre.getSolution()
        values[free] = np.clip(solution.col_value, lower[free], upper[free])
        col_dual[free], row_dual[rows] = solution.col_dual, solution.row_dual
        return values, col_dual, row_dual

    def _newton_pass(
        self,
        values: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
    ) -> np.ndarray:
        """The analytic centre of ``_reduced``'s LP (``logistics.solve.centre``), from
        ``values``; returns every column's value. Raises CentreNotFound when Newton's method
        does not reach it.
        """
        values, free, sub, sub_lower, sub_upper, _rows = self._reduced(
            values, lower, upper, row_lower, row_upper
        )
        if not len(free):
            return values
        centre, _iterations = analytic_centre(
            sub, lower[free], upper[free], sub_lower, sub_upper, values[free]
        )
        values[free] = np.clip(centre, lower[free], upper[free])
        return values

    def values(self) -> np.ndarray:
        """Column values of the last run."""
        return np.asarray(self.h.getSolution().col_value, dtype=float)

    def row_duals(self) -> np.ndarray:
        """Row duals of the last run."""
        return np.asarray(self.h.getSolution().row_dual, dtype=float)

    def basis(self):
        """The last run's basis, or None when it has none (interior point without crossover)."""
        basis = self.h.getBasis()
        return basis if basis.valid else None

    def write(self, path: str) -> None:
        """Write the LP as it stands (bounds and costs) to an MPS or LP file."""
        self.h.writeModel(path)


class CbcBackend:
    """CBC through PuLP: one PuLP problem built from the model's arrays, its bounds changed per
    scenario. Every run is cold (no warm start here), and an optimum is held by a row of its
    own (cost ≤ optimum + ``tolerances.STAGE_TOLERANCE``), free again at the next scenario.

    Column and row ids are ours (``c<j>``, ``r<i>``); results are read back by position, never
    by parsing PuLP names.
    """

    name = "cbc"
    warm_starts = False
    centres = False

    def __init__(self, model: Model, time_limit_s: float | None = None):
        import cbcbox
        import pulp

        self._pulp = pulp
        self.model = model
        self.time_limit_s = time_limit_s
        prob = pulp.LpProblem("borderflow", pulp.LpMinimize)
        self.vars = [prob.add_variable(f"c{j}", 0, None) for j in range(model.n_cols)]
        csr = model.matrix.tocsr()
        self.rows: list = []
        self._equality = model.row_lower == model.row_upper
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
        self.prob = prob
        self._holds: list = []  # rows holding an optimum (cost ≤ optimum), made as needed
        self._holds_used = 0
        self._cost = np.zeros(model.n_cols)
        self._values = np.zeros(model.n_cols)
        self.cmd = pulp.COIN_CMD(path=cbcbox.cbc_bin_path(), msg=False, timeLimit=time_limit_s)
        self._no_presolve = pulp.COIN_CMD(
            path=cbcbox.cbc_bin_path(), msg=False, timeLimit=time_limit_s, presolve=False
        )

    def set_scenario(self, data: ScenarioData) -> None:
        """Load one scenario's bounds and set entries; free every held optimum."""
        for v, lo, hi in zip(self.vars, data.col_lower, data.col_upper, strict=True):
            v.lowBound = float(lo)
            v.upBound = None if np.isinf(hi) else float(hi)
        self.set_row_bounds(np.arange(len(self.rows)), data.row_lower, data.row_upper)
        for con in self._holds:
            con.constant = -_CBC_INF
        self._holds_used = 0
        c = data.coefficients
        for row, col, value in zip(c.rows, c.cols, c.values, strict=True):
            self.rows[int(row)].expr[self.vars[int(col)]] = float(value)

    def set_costs(self, cost: np.ndarray) -> None:
        """Set every column's cost."""
        self._cost = np.asarray(cost, dtype=float).copy()
        self.prob.setObjective(self._expression(self._cost))

    def _expression(self, cost: np.ndarray):
        nz = np.flatnonzero(cost)
        return self._pulp.LpAffineExpression([(self.vars[j], float(cost[j])) for j in nz])

    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of some columns."""
        for j, lo, hi in zip(cols, lower, upper, strict=True):
            self.vars[int(j)].lowBound = float(lo)
            self.vars[int(j)].upBound = None if np.isinf(hi) else float(hi)

    def set_row_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of some rows: an equality row takes equal bounds, a ≤ row a free
        lower bound (the model writes only these two kinds).
        """
        for i, lo, hi in zip(rows, lower, upper, strict=True):
            if self._equality[int(i)] != (lo == hi) or (lo != hi and np.isfinite(lo)):
                msg = f"row {int(i)}: bounds ({lo}, {hi}) change the row's kind"
                raise ValueError(msg)
            self.rows[int(i)].constant = -float(lo if lo == hi else min(hi, _CBC_INF))

    def run(self, start: Start) -> Run:
        """Solve the problem as it stands, cold, with or without presolve (``start``'s basis and
        method do not apply here).
        """
        self.prob.solve(self.cmd if start.presolve else self._no_presolve)
        status = self._pulp.LpStatus[self.prob.status].lower()
        self._values = np.array([v.varValue or 0.0 for v in self.vars])
        return Run(
            status,
            status == "optimal",
            float(self._cost @ self._values),
            0,
            timed_out=status == "not solved" and self.time_limit_s is not None,
        )

    def restrict_to_optimal_face(self, objective: float) -> None:
        """Hold the last run's cost at its optimum ``objective``, within
        ``tolerances.STAGE_TOLERANCE``, by a row of its own.
        """
        if self._holds_used == len(self._holds):
            con = self._pulp.LpConstraint(
                self._pulp.LpAffineExpression(),
                self._pulp.LpConstraintLE,
                f"hold{len(self._holds)}",
                _CBC_INF,
            )
            self.prob += con
            self._holds.append(con)
        con = self._holds[self._holds_used]
        self._holds_used += 1
        con.expr.clear()
        con.expr.update(self._expression(self._cost))
        rel, absolute = tolerances.STAGE_TOLERANCE
        con.constant = -(objective + max(abs(objective) * rel, absolute))

    def values(self) -> np.ndarray:
        """Column values of the last run."""
        return self._values

    def row_duals(self) -> np.ndarray:
        """Row duals of the last run."""
        return np.array([con.pi or 0.0 for con in self.rows])

    def basis(self) -> None:
        """No basis: every CBC run here is cold."""
        return None


def make_backend(
    model: Model, solver: str = "highs", time_limit_s: float | None = None
) -> HighsBackend | CbcBackend:
    """A live backend for ``model``: ``highs`` (highspy, default) or ``cbc`` (PuLP + CBC)."""
    if solver == "highs":
        return HighsBackend(model, time_limit_s)
    if solver == "cbc":
        return CbcBackend(model, time_limit_s)
    msg = f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}"
    raise ValueError(msg)
