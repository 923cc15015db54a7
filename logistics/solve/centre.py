"""The analytic centre of a polytope, by Newton's method: where ``HighsBackend.centre`` ends.

The analytic centre of ``{lower ≤ x ≤ upper, row_lower ≤ A x ≤ row_upper}`` is the point that
maximises the sum of the logarithms of its distances to every finite bound, of every column and
of every row that is not an equation. It lies strictly inside every bound it is not held at, it
is unique when the set is bounded, and it moves smoothly with the data: two starts, or two
solvers, agree on it to rounding. An interior point method without crossover stops somewhere
inside the set instead, where its tolerances leave it: on the bundled network (14 days) HiGHS's
end point moved by up to 2,190 t on one column between tolerances of 1e-6 and 1e-9, and lay up
to 4,760 t from the analytic centre.

Newton's method on the log barrier, with the rows that are not equations given slack columns
(``s = A_I x``), so that every constraint is an equation ``B z = r``; each step solves the
system ``[[H, Bᵀ], [B, 0]] [dz; w] = [-g; -(B z - r)]`` through its normal equations
``B H⁻¹ Bᵀ w = …``, scaled and regularised by ``δI`` (the rows may be linearly dependent, as a
network's balance rows are), by CHOLMOD's supernodal Cholesky factorisation (cvxopt), refined
against the system without ``δ``. The start need only be strictly
inside the bounds; its rows may be broken a little (a full step mends them).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

# Newton stops when its decrement λ² (the step's length in the barrier's own norm, squared) is
# below this, or when it stops falling below it, at the rounding of the factorisation; the rows
# are then met to ROW_TOL_T tonnes. The distance of each value to the centre is then at most
# about λ × its distance to its nearest bound.
DECREMENT_TOL = 1e-18
FLOOR_DECREMENT = 1e-10
# below this λ² a full Newton step stays inside the bounds and converges quadratically
# (λ < 1/4 for a self-concordant barrier)
QUADRATIC_DECREMENT = 0.06
ROW_TOL_T = 1e-9
# A start this close to a bound (t) is moved this far inside it first: 1e-9 t inside is inside,
# but the barrier's gradient there (1e9) costs Newton several damped steps.
START_MARGIN_T = 1e-6
MAX_ITERATIONS = 60
# Regularisation of the normal matrix (its diagonal is 1, rows being scaled to unit length):
# rows that depend on each other make it singular; iterative refinement of the whole system
# removes its effect (without it, rows of a 90-day face stayed 2e-6 t broken).
REGULARISATION = 1e-14
# each step is refined until its residual (scaled) is below REFINED, at most MAX_REFINEMENTS times
MAX_REFINEMENTS = 10
REFINED = 1e-14
# or, below STALLED, until a refinement no longer halves it: there it lies at the rounding and
# only wanders (1.2e-9, 1.4e-11, then 1.5e-11 ± 0.4e-11 on a 14-day face: seven solves saved)
STALLED = 1e-10
# Newton gives up after this many steps stuck: at the floor, or near the centre with rows that
# no step mends
FLOOR_STEPS = 4


def _cvxopt_lower(coo: sp.coo_matrix):
    """The lower triangle of a symmetric scipy matrix as a cvxopt sparse matrix."""
    from cvxopt import spmatrix

    keep = coo.row >= coo.col
    return spmatrix(coo.data[keep], coo.row[keep].astype(int), coo.col[keep].astype(int), coo.shape)


def _solve(symbolic, rhs: np.ndarray) -> np.ndarray:
    """``rhs`` solved by the factorisation ``symbolic`` holds (cvxopt.cholmod)."""
    from cvxopt import cholmod, matrix

    x = matrix(rhs)
    cholmod.solve(symbolic, x)
    return np.array(x).ravel()


class CentreNotFound(RuntimeError):
    """Newton's method did not reach the analytic centre: the set has no interior in some
    direction (a column or row taken as free is held at a bound by the others), is unbounded,
    or the numerics failed.
    """


def analytic_centre(
    matrix: sp.spmatrix,
    lower: np.ndarray,
    upper: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    start: np.ndarray,
) -> tuple[np.ndarray, int]:
    """The analytic centre (t) of ``{lower ≤ x ≤ upper, row_lower ≤ matrix @ x ≤ row_upper}``
    and the Newton iterations it took, from ``start`` (t, strictly inside every bound that is
    not an equation; ±inf bounds are absent). Every column must have a finite bound, and a row
    with ``row_lower == row_upper`` is an equation. Raises CentreNotFound when Newton's method
    does not converge (see the class).
    """
    from cvxopt import cholmod

    cholmod.options["supernodal"] = 2  # supernodal: 0.35 s against qdldl's 4.7 s (90 days)
    a = sp.csr_matrix(matrix, copy=True)
    a.eliminate_zeros()
    n = a.shape[1]
    equation = row_lower == row_upper
    eq, ineq = np.flatnonzero(equation), np.flatnonzero(~equation)
    n_slack = len(ineq)
    b = sp.vstack(
        [
            sp.hstack([a[eq], sp.csr_matrix((len(eq), n_slack))]),
            sp.hstack([a[ineq], -sp.identity(n_slack, format="csr")]),
        ]
    ).tocsc()
    rhs_rows = np.concatenate([row_lower[eq], np.zeros(n_slack)])
    lo = np.concatenate([lower, row_lower[ineq]])
    hi = np.concatenate([upper, row_upper[ineq]])
    has_lo, has_hi = np.isfinite(lo), np.isfinite(hi)
    if not (has_lo | has_hi).all():
        msg = "a column with no finite bound has no centre"
        raise CentreNotFound(msg)
    z = np.concatenate([start, a[ineq] @ start])
    margin = np.minimum(START_MARGIN_T, np.where(has_lo & has_hi, (hi - lo) / 4, np.inf))
    z = np.clip(z, np.where(has_lo, lo + margin, -np.inf), np.where(has_hi, hi - margin, np.inf))

    m, size = b.shape[0], b.shape[1]
    # Solved scaled, so that each column of B is measured in its own distance to its bounds and
    # each row has unit length: z = S ẑ with S = H^-1/2, rows by R, Bs = R B S. The normal
    # matrix Bs Bsᵀ + δI is factorised by CHOLMOD, its ordering (the symbolic factorisation)
    # made once for its pattern.
    b.sort_indices()
    b_rows, b_cols = b.indices, np.repeat(np.arange(size), np.diff(b.indptr))
    scaled_b = b.copy()
    symbolic, pattern = None, None

    def barrier(z: np.ndarray) -> float:
        return -np.log(z[has_lo] - lo[has_lo]).sum() - np.log(hi[has_hi] - z[has_hi]).sum()

    previous, previous_broken, stalled = np.inf, np.inf, 0
    broken = b @ z - rhs_rows
    for iteration in range(1, MAX_ITERATIONS + 1):
        to_lo, to_hi = np.where(has_lo, z - lo, np.inf), np.where(has_hi, hi - z, np.inf)
        grad = -1.0 / to_lo + 1.0 / to_hi
        col_scale = 1.0 / np.sqrt(1.0 / to_lo**2 + 1.0 / to_hi**2)
        scaled_b.data = b.data * col_scale[b_cols]
        row_norm = np.sqrt(np.bincount(b_rows, scaled_b.data**2, minlength=m))
        row_scale = 1.0 / np.maximum(row_norm, 1e-300)
        scaled_b.data *= row_scale[b_rows]
        normal = (scaled_b @ scaled_b.T + sp.identity(m) * REGULARISATION).tocoo()
        lower_normal = _cvxopt_lower(normal)
        # the pattern is the same at every step unless two entries cancel to exactly 0 (scipy
        # drops them): the symbolic factorisation is made again only then
        pattern_now = (normal.row, normal.col)
        if pattern is None or not all(map(np.array_equal, pattern_now, pattern)):
            symbolic, pattern = None, pattern_now
        try:
            if symbolic is None:
                symbolic = cholmod.symbolic(lower_normal, uplo="L")
            cholmod.numeric(lower_normal, symbolic)
        except ArithmeticError as exc:
            msg = f"factorisation failed: {exc}"
            raise CentreNotFound(msg) from exc
        # the scaled system [[I, Bsᵀ], [Bs, 0]] [ẑ; ŵ] = [-ĝ; -r̂], refined as a whole
        scaled_bt = scaled_b.T.tocsr()
        top, bottom = -col_scale * grad, -row_scale * broken
        step, w = np.zeros(size), np.zeros(m)
        r_top, r_bottom = top, bottom
        size_before = np.inf
        for _ in range(MAX_REFINEMENTS):
            correction = _solve(symbolic, scaled_b @ r_top - r_bottom)
            w = w + correction
            step = step + r_top - scaled_bt @ correction
            r_top = top - step - scaled_bt @ w
            r_bottom = bottom - scaled_b @ step
            size_now = max(np.abs(r_top).max(initial=0.0), np.abs(r_bottom).max(initial=0.0))
            # refined until the rounding stops it (on a 90-day face three refinements left rows
            # 4e-8 t broken and Newton never converged; ten met them to 1e-11 t)
            if size_now <= REFINED or (size_now <= STALLED and size_now > size_before / 2):
                break
            size_before = size_now
        dz = col_scale * step
        if not np.isfinite(dz).all():
            msg = "the Newton step is not finite"
            raise CentreNotFound(msg)
        decrement = float(step @ step)
        down, up = has_lo & (dz < 0), has_hi & (dz > 0)
        to_bound = np.concatenate([-to_lo[down] / dz[down], to_hi[up] / dz[up]])
        t = min(1.0, 0.99 * float(to_bound.min(initial=np.inf)))
        if decrement > QUADRATIC_DECREMENT:
            # far from the centre: halve the step until the barrier falls enough (Armijo); near
            # it a full step is safe for a self-concordant barrier, and the barrier's fall is
            # below its own rounding, so no test could judge it
            value, longest = barrier(z), t
            while barrier(z + t * dz) > value - 0.01 * t * decrement:
                t /= 2
                if t < 1e-10:
                    if np.abs(broken).max(initial=0.0) <= ROW_TOL_T:
                        msg = f"no step lowers the barrier (Newton decrement {decrement:.3g})"
                        raise CentreNotFound(msg)
                    # the barrier is no guide while the rows are broken (the step must mend
                    # them first, and may climb it): as far as the bounds allow
                    t = longest
                    break
        z = z + t * dz
        broken = b @ z - rhs_rows
        broken_now = np.abs(broken).max(initial=0.0)
        met = broken_now <= ROW_TOL_T
        # converged, or at the floor the factorisation's rounding sets: λ² no longer falls
        floor = decrement < FLOOR_DECREMENT and decrement > 1e-2 * previous
        if met and (decrement <= DECREMENT_TOL or floor):
            return z[:n], iteration
        # stuck: at the floor with the rows broken, or near the centre with rows that no step
        # mends (a face with no interior where it was taken to have one; a 4-day hand case's
        # rows stayed 4.5e-9 t broken for 60 steps)
        stuck = decrement < FLOOR_DECREMENT or (
            not met and decrement < QUADRATIC_DECREMENT and broken_now > previous_broken / 2
        )
        stalled = stalled + 1 if stuck else 0
        if stalled >= FLOOR_STEPS:
            msg = f"the rows stay {broken_now:.3g} t broken at the centre"
            raise CentreNotFound(msg)
        previous, previous_broken = decrement, broken_now
    msg = f"not converged in {MAX_ITERATIONS} Newton steps"
    raise CentreNotFound(msg)
