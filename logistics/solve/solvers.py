"""The stage driver: solves a scenario's declared stages on any backend, and decides every
start and fallback.

The design's lexicographic objective is a list of stages (``logistics.solve.stages``), each
solved among the optimal plans of the stages before it: the backend restricts each later stage
to the optimal face of the one before (HiGHS by fixing, CBC by a row of its own;
``logistics.solve.backends``). Under a fair allocation stage 2 is itself a sequence
(``Solver._hold_shares``): the largest unmet share is made as small as possible and the shares
that cannot go lower are held there, then the next level, until every share is held
(lexicographic max-min fairness); then, with the shares held, unmet need is put as late as
possible. Under ``market`` there is one stage.

Where each run starts, written once here:

- a scenario whose bounds only tighten a reference's, which the reference's plan still meets,
  gets that plan (it is optimal here too; ``Reference.still_optimal``);
- otherwise each stage starts cold, with presolve, by dual simplex (``Solver.cold``: measured
  faster than warm starts, see ``Solver._run``), except:

  - with a reference and ``warm``, a stage first tries the dual simplex from the reference's
    basis for that stage, capped at ``tolerances.WARM_ITERATION_CAP`` iterations;
  - stages 2-3 of a full solve whose stage 1 went cold and left little need unmet start from
    the basis of one cold solve of the blended objective (``Solver._blended_start``);
  - a fair stage 2 and the stage after it go on by primal simplex from the plan held (only the
    cost changed); a max-min level past the cap goes to the interior point method, with
    crossover;
- a cold run that ends neither optimal nor out of time is run again without presolve.

Where a stage starts never changes its optimum. A backend without warm starts (CBC) runs every
stage cold.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from logistics.model.bounds import ScenarioData
from logistics.model.lp import Model
from logistics.solve import tolerances
from logistics.solve.backends import (
    COLD,
    HELD,
    SOLVERS,
    Backend,
    Run,
    Start,
    make_backend,
)
from logistics.solve.results import Reference, Solution, SolveError, SolveStatus
from logistics.solve.stages import declared_stages

__all__ = [
    "SOLVERS",
    "Reference",
    "Solution",
    "SolveError",
    "SolveStatus",
    "Solver",
    "make_solver",
]


def _blocked(level: float, free: np.ndarray, dual: np.ndarray) -> tuple[np.ndarray, float]:
    """One max-min step: which shares to hold, and at what level, given the level just found and
    the level rows' duals (``Solver._hold_shares``). At a level of at most ``SHARE_ZERO`` every
    free share is held at 0; otherwise every free share whose row has a dual above
    ``LEVEL_DUAL_TOLERANCE``, or the one with the largest dual if numerics leave none above it.
    """
    if level <= tolerances.SHARE_ZERO:
        return free.copy(), 0.0
    dual = np.where(free, np.abs(dual), -1.0)
    hold = dual > tolerances.LEVEL_DUAL_TOLERANCE
    if not hold.any():
        hold[np.argmax(dual)] = True
    return hold, level


def _unmet_tonnes_probe(model: Model, stage1_optimum: float) -> np.ndarray | None:
    """The cost that finds the largest unmet tonnage on stage 1's optimal face (-1 per unmet
    tonne, minimised), for ``Solver._face_is_quiet``; None when stage 1's optimum (weighted t)
    already rules a quiet face out: a weight-w tonne adds w to it, so at least optimum ÷ (largest
    weight) tonnes are unmet in every plan on the face.
    """
    unmet = model.blocks["u"].cols
    limit = tolerances.SHORTFALL_TOLERANCE_T * float(model.stage1_cost[unmet].max(initial=1.0))
    if stage1_optimum > limit:
        return None
    cost = np.zeros(model.n_cols)
    cost[unmet] = -1.0
    return cost


class Solver:
    """Solves scenarios on one live backend; ``solve`` changes bounds and costs and re-solves.

    ``cold``: how a cold run starts (default: dual simplex with presolve). The interior point
    method without crossover (``Start(method="ipm", crossover=False)``) ends at the centre of
    the optimal face; it gives no basis, so nothing can start warm from its plans.
    """

    def __init__(self, backend: Backend, cold: Start = COLD):
        self.backend = backend
        self.model = backend.model
        self.name = backend.name
        self.cold = cold

    # ------------------------------------------------------------------ the driver
    def solve(
        self,
        data: ScenarioData,
        scenario: str,
        stages: int = 3,
        reference: Reference | None = None,
        bases_out: list | None = None,
        warm: bool = True,
        reuse: bool = True,
    ) -> Solution:
        """Solve stages 1..``stages`` for one scenario's bounds; raise SolveError unless all are
        optimal.

        ``stages=2`` stops after the fairness stage: enough for every shortfall figure (transport
        cost is then not optimised). ``reference`` (see ``make_reference``): its plan when still
        optimal (``reuse=False``: solved from its bases even then, so that the backend holds the
        optimum), else its bases as warm starts (``warm=False``: cold at once); see the module
        docstring. ``bases_out`` receives each solved stage's basis.
        """
        b, m = self.backend, self.model
        start = time.perf_counter()
        if reuse and (reused := self._reused(reference, data, stages, start)) is not None:
            return reused
        b.set_scenario(data)
        objectives: list[float] = []
        iterations = 0
        paths: list[str] = []
        stage_seconds: list[float] = []
        duals = np.zeros(0)
        blended, blend_seconds = False, 0.0
        self._blend_tried = False
        levels = None
        for stage in declared_stages(m, data)[:stages]:
            if stage.levels and objectives[0] <= tolerances.STAGE_TOLERANCE[1]:
                # stage 1's optimal face has no unmet need: every share and timing cost is 0
                objectives.append(0.0)
                stage_seconds.append(0.0)
                levels = np.zeros(len(m.demand_nodes))
                continue
            if stage.repeat:
                objectives.append(objectives[-1])
                stage_seconds.append(0.0)
                continue
            if stage.number > 1 and stages == 3 and paths == ["cold"] and b.warm_starts:
                t_blend = time.perf_counter()
                blended = self._blended_start(data, scenario, objectives[0])
                blend_seconds = time.perf_counter() - t_blend
            t_stage = time.perf_counter()
            if stage.number > 1:
                b.restrict_to_optimal_face(objectives[-1])
            if stage.levels:
                levels, its = self._hold_shares(scenario, objectives[0])
                iterations += its
            b.set_costs(stage.cost)
            if blended or stage.levels:
                # the backend holds a plan optimal for every stage so far: only the cost changed
                run, path = self._run(HELD, primal=True)
            else:
                warm_from = reference is not None and warm
                run, path = self._run(reference.bases[stage.number - 1] if warm_from else None)
            # a blended start runs for stage 3's sake: its time counts there
            stage_seconds.append(
                time.perf_counter() - t_stage + (blend_seconds if stage.number == stages else 0.0)
            )
            blended = blended and path == "warm"
            iterations += run.iterations
            paths.append(path)
            if not run.optimal:
                raise SolveError(scenario, SolveStatus(self.name, run.status, stage.number))
            if bases_out is not None:
                bases_out[stage.number - 1] = b.basis()
            objectives.append(run.objective)
            if stage.number == 1:
                duals = b.row_duals()
        path = "warm" if paths and all(p == "warm" for p in paths) else "cold"
        return Solution(
            b.values(),
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

    def _reused(
        self, reference: Reference | None, data: ScenarioData, stages: int, start: float
    ) -> Solution | None:
        """The reference's own solution when it is still optimal for ``data`` (its stage-1 duals
        are not valid here: NaN), else None.
        """
        if reference is None or reference.stages < stages or not reference.still_optimal(data):
            return None
        seconds = time.perf_counter() - start
        return reference.as_solution(stages, self.name, seconds, own_bounds=False)

    # ------------------------------------------------------------------ starts and fallbacks
    def _run(self, basis, primal: bool = False, cold_fallback: bool = True) -> tuple[Run, str]:
        """Run the LP as it stands: from ``basis`` (a basis, or ``HELD``) with an iteration cap
        (by dual simplex, or primal simplex when ``primal``: the basis is then primal feasible,
        only the cost changed), else (``cold_fallback``) cold by ``self.cold``, and once more
        without presolve if that ends neither optimal nor out of time. Returns the run (its
        iterations summed over the tries) and "warm" or "cold".

        Every stage otherwise starts cold, with presolve, by measurement (benchmarks/): stage 1
        after a bounds change took 0.1-1.0 s cold against 0.4-8 s by dual simplex from the
        previous scenario's basis (bundled network); stage 2 by primal simplex from stage 1's
        basis was faster on the bundled network (0.02-0.3 s against 0.1-0.6 s) but 8× slower on
        a synthetic one (22 s against 2.6 s); stage 3 cold 2.1-2.9 s against 3.5-4.5 s warm.
        """
        b = self.backend
        iterations = 0
        if basis is HELD and b.basis() is None:
            basis = None  # nothing held to go on from (an interior point plan, or no warm starts)
        if basis is not None and b.warm_starts:
            method = "primal" if primal else "dual"
            run = b.run(Start(basis, method, tolerances.WARM_ITERATION_CAP))
            iterations += run.iterations
            if run.optimal or not cold_fallback:
                return run, "warm"
        run = b.run(self.cold)
        if not run.optimal and not run.timed_out:
            # Presolve can misjudge a tight row (a row whose columns a rolling horizon has
            # fixed, or one at an earlier optimum); the simplex without presolve settles it.
            iterations += run.iterations
            run = b.run(replace(self.cold, presolve=False))
        return replace(run, iterations=iterations + run.iterations), "cold"

    def _run_level(self) -> Run:
        """One max-min level solve: by primal simplex from the plan held (feasible: the last
        solve's cost or bounds it meets changed), capped at ``WARM_ITERATION_CAP``; past the cap,
        by the interior point method, with crossover (``LEVEL_CROSSOVER``). Measured on the
        bundled network (tail-risk-incursion, 90 days, one level LP): primal simplex had not
        finished after 300 s (120,000 iterations), the dual simplex after 5 minutes; interior
        point took 42 s with crossover and 28 s without. Crossover's duals are a vertex's, not
        strictly complementary, so a solve may find fewer of the provinces blocked at a level;
        the next solve, warm from that vertex, finds the level again and holds the rest, so the
        levels are the same either way.
        """
        b = self.backend
        iterations = 0
        if b.warm_starts and b.basis() is not None:
            run = b.run(Start(HELD, "primal", tolerances.WARM_ITERATION_CAP))
            if run.optimal:
                return run
            iterations = run.iterations
        run = b.run(Start(method="ipm", crossover=tolerances.LEVEL_CROSSOVER))
        return replace(run, iterations=iterations + run.iterations)

    def _blended_start(self, data: ScenarioData, scenario: str, stage1_optimum: float) -> bool:
        """After a cold stage 1 that left little unmet need, re-solve the scenario cold with the
        blended objective ``BLEND_UNMET_WEIGHT`` × stage 1 + stage 3 and confirm stage 1 from
        its basis, so that stages 2 and 3 start from a plan that is usually optimal for them too.
        Returns True when the backend now holds a confirmed stage-1 optimum from the blend (the
        caller then starts stages 2-3 from it), False when it holds stage 1's own cold solution
        (the blend was not tried or did not end optimal).

        Why: on the bundled network (90 days) stage 3 on the optimal face of stage 2 took 54 s
        cold for cpec-pressure, while the blended LP took 33 s and stages 1-3 then needed 0, 577
        and 310 simplex iterations (1.4 s). Where much need goes unmet, stage 2 trades fairness
        against cost, no blend weight kept it near optimal, and the blend only added its own
        solve; so it is tried only when stage 1 left at most ``BLEND_MAX_UNMET_SHARE`` of the
        priority-weighted need unmet. Either way every stage ends optimal on the face of the
        stage before: the blend changes where the simplex starts, never the answer.
        """
        m, b = self.model, self.backend
        u, need_rows = m.blocks["u"].cols, m.families["need"].rows
        weighted_need = float(m.stage1_cost[u] @ data.row_upper[need_rows])
        if stage1_optimum > tolerances.BLEND_MAX_UNMET_SHARE * weighted_need:
            return False
        self._blend_tried = True
        b.set_costs(tolerances.BLEND_UNMET_WEIGHT * m.stage1_cost + data.stage3_cost)
        blend = b.run(COLD)
        b.set_costs(m.stage1_cost)
        if blend.optimal:
            run, path = self._run(HELD, primal=True, cold_fallback=False)
            if run.optimal and path == "warm":
                return True
        # the blend did not settle (rare: a time limit or numerical trouble): stage 1 again, cold
        run, _path = self._run(None)
        if not run.optimal:
            raise SolveError(scenario, SolveStatus(self.name, run.status, 1))
        return False

    # ------------------------------------------------------------------ the max-min levels
    def _face_is_quiet(self, stage1_optimum: float) -> tuple[bool, int]:
        """True when no plan on the optimal face of stage 1 leaves more than
        ``SHORTFALL_TOLERANCE_T`` tonnes unmet in all: every province then counts as not short in
        every optimal plan, whatever the shares, so the levels need no solve. Decided by the
        largest unmet tonnage on the face (primal simplex from the plan held), when stage 1's
        optimum allows it (``_unmet_tonnes_probe``). Returns (quiet, simplex iterations).
        """
        cost = _unmet_tonnes_probe(self.model, stage1_optimum)
        if cost is None:
            return False, 0
        self.backend.set_costs(cost)
        run, _path = self._run(HELD, primal=True)
        quiet = run.optimal and -run.objective <= tolerances.SHORTFALL_TOLERANCE_T
        return quiet, run.iterations

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
        b, m = self.backend, self.model
        q = m.blocks["q"].cols
        levels = np.zeros(len(q))
        quiet, iterations = self._face_is_quiet(stage1_optimum)
        if quiet:
            return levels, iterations
        rows = np.asarray(m.families["fairness_level"].row(np.arange(len(q))))
        free = np.ones(len(q), bool)
        b.set_costs(m.level_cost)
        b.set_row_bounds(rows, np.full(len(rows), -np.inf), np.zeros(len(rows)))
        while free.any():
            run = self._run_level()
            iterations += run.iterations
            if not run.optimal:
                raise SolveError(scenario, SolveStatus(self.name, run.status, 2))
            slack = tolerances.SHARE_HOLD_SLACK_IPM if run.interior else tolerances.SHARE_HOLD_SLACK
            hold, level = _blocked(run.objective, free, b.row_duals()[rows])
            held = np.flatnonzero(hold)
            levels[held] = level
            b.set_col_bounds(q[held], np.zeros(len(held)), np.full(len(held), level + slack))
            b.set_row_bounds(rows[held], np.full(len(held), -np.inf), np.full(len(held), np.inf))
            free[held] = False
        return levels, iterations

    # ------------------------------------------------------------------ the centre
    def centre(
        self,
        data: ScenarioData,
        scenario: str,
        solution: Solution,
        stages: int,
        reference: Reference | None = None,
    ) -> Solution:
        """The plan at the centre of the optimal face of ``solution`` (``stages`` stages of
        ``data``, just solved, or answered by ``reference``): the analytic centre of the plans
        optimal for every stage (``Backend.centre``). The centre is the same whichever optimal
        plan the simplex ended at, so it is a property of the scenario, not of the solver's path:
        where several plans are equally good, it uses each of them equally (as many traders who
        each pick one of several equally good options would, together). Its values replace the
        vertex's; the objectives and the stage-1 duals (optimal duals hold for every optimal
        plan) stay, and so do the vertex's bases, still optimal, for warm starts. A backend
        without it (CBC) keeps the vertex.
        """
        b = self.backend
        if not b.centres:
            return solution
        started = time.perf_counter()
        if solution.path == "reference":
            # the backend does not hold this optimum: reach it from the reference's bases
            solution = self.solve(data, scenario, stages, reference, warm=True, reuse=False)
        b.restrict_to_optimal_face(solution.objectives[-1])
        try:
            values = b.centre()
        except RuntimeError as exc:
            status = SolveStatus(self.name, f"centre: {exc}", len(solution.objectives))
            raise SolveError(scenario, status) from exc
        return replace(
            solution, values=values, seconds=solution.seconds + time.perf_counter() - started
        )

    # ------------------------------------------------------------------ references
    def make_reference(self, data: ScenarioData, stages: int = 3) -> Reference:
        """Solve ``data`` cold (stages 1..``stages``) and keep its solution (the centre of its
        optimal face, ``centre``) and each stage's basis, for ``solve(..., reference=...)`` of
        scenarios that differ from it a little.
        """
        bases: list = [None, None, None]
        solution = self.solve(data, "baseline", stages, bases_out=bases)
        solution = self.centre(data, "baseline", solution, stages)
        return Reference.of(self.model, data, solution, bases, stages)


def make_solver(
    model: Model,
    solver: str = "highs",
    time_limit_s: float | None = None,
    cold: Start = COLD,
) -> Solver:
    """Return a stage driver on a live backend for ``model``: ``highs`` (highspy, default) or
    ``cbc`` (PuLP + CBC); ``time_limit_s`` per solver run (s), ``cold`` how cold runs start.
    """
    return Solver(make_backend(model, solver, time_limit_s), cold)
