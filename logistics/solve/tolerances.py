"""Every tolerance and tuning constant of the solve layer, each with the reason for its value.

The stage driver (``logistics.solve.solvers``) and the backends (``logistics.solve.backends``)
read them from here at call time, so a test may patch one in one place.
"""

from __future__ import annotations

# A later stage may worsen an earlier stage's optimum by at most this much (relative, absolute):
# the row a backend without optimal-face fixing (CBC) uses to hold an optimum, and the test for
# "stage 1 met all need" (a fair allocation's stage 2 is then moot).
STAGE_TOLERANCE = (1e-9, 1e-7)

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
# optimal face leaves more than this unmet in all (``Solver._face_is_quiet``).
SHORTFALL_TOLERANCE_T = 0.51

# A reduced cost or dual above this (HiGHS's own dual feasibility tolerance) is non-zero: its
# column or row is fixed on the optimal face before the next stage
# (``HighsBackend.restrict_to_optimal_face``).
FACE_DUAL_TOLERANCE = 1e-7

# A warm start from a reference basis gives up after this many simplex iterations and the stage
# is solved cold instead. Measured on the bundled network (90 days): warm iterations cost ~0.7 ms
# against ~0.03 ms cold with presolve, so a warm start pays only for small changes (closing a
# small crossing: 50-900 iterations, 0.05-0.2 s, against 1.4 s cold for stages 1-2).
WARM_ITERATION_CAP = 1500

# The blended start (``Solver._blended_start``): weight of stage 1 against stage 3, as in the
# weighted LP the benchmarks measure against, and the largest unmet share of the
# priority-weighted need (after stage 1) for which it is tried. Measured on the bundled network
# (90 days): the closure scenarios that leave little need unmet left at most 0.06 % of it, those
# where the blend did not pay at least 2 %.
BLEND_UNMET_WEIGHT = 1e4
BLEND_MAX_UNMET_SHARE = 0.01

# The max-min levels (``Solver._hold_shares``): a share held at a level may exceed it by
# SHARE_HOLD_SLACK (absolute share of the node's need), or by SHARE_HOLD_SLACK_IPM when the
# level came from the interior point method (above its accuracy; 0.03 t of Kabul's 90-day
# need), both far below the reporting tolerance; a level row whose dual (d level / d share
# bound) is above LEVEL_DUAL_TOLERANCE blocks its node; a level at most SHARE_ZERO means every
# share still free can be 0.
SHARE_HOLD_SLACK = 1e-9
SHARE_HOLD_SLACK_IPM = 1e-7
LEVEL_DUAL_TOLERANCE = 1e-6
SHARE_ZERO = 1e-9

# Crossover after an interior point level solve: its basis lets the next level solve and the
# timing stage start warm (bundled network, 90 days: winter's stage 2 took 38.5 s with it and
# 144.2 s without; tail-risk-incursion's three stages 161.9 s and 163.8 s; the same optima).
LEVEL_CROSSOVER = True

# The centre of the optimal face (``HighsBackend.centre``): the interior point method's
# feasibility and optimality tolerances there. With HiGHS's defaults (1e-7, 1e-8) a centre broke
# rows by up to 3.3e-7 t, and the rolling horizon's next re-plan, which fixes those values, was
# infeasible (tests/logistics/solve/test_rolling.py, a generated network).
CENTRE_FEASIBILITY_TOL = 1e-9
CENTRE_OPTIMALITY_TOL = 1e-10
# a column or row this close to a bound at the first pass's centre is at it on the whole face (t)
CENTRE_BOUND_T = 1e-9
# ... and one at most this close is at it when its dual is further from 0 than it is from the
# bound (at the interior point method's end x·d ≈ μ; see ``HighsBackend.centre``)
CENTRE_DUAL_BOUND_T = 1e-6
# the analytic centre keeps the first pass's objective to this (relative): a face described
# wrongly (a column taken as free that is held at a bound in every optimal plan) gave a centre
# 24 % dearer (a two-crossing network), far outside it; the rounding of a centre that meets its
# rows to 1e-9 t moves the objective by less than 1e-12 of it
CENTRE_OBJECTIVE_RTOL = 1e-8

# Tolerances of the "reference solution still optimal" test (``Reference.still_optimal``):
# bounds (t) and row activity (t), HiGHS's primal feasibility tolerance.
FEASIBLE_TOL = 1e-7

# Reading a solution (``extract``): flows below FLOW_EPS_T tonnes are solver noise, left out of
# the flow table; the tonnes in and out of the network must agree within MASS_BALANCE_RTOL
# (relative), far above HiGHS's primal feasibility tolerance summed over a horizon's rows.
FLOW_EPS_T = 1e-6
MASS_BALANCE_RTOL = 1e-6

# The rolling horizon's border queue (``rolling.border_queue``): waiting cargo below this many
# tonnes is solver noise, not a queue.
QUEUE_EPS_T = 1e-9
