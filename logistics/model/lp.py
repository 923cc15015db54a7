"""The time-expanded multi-commodity LP of ``design.md``, assembled as sparse arrays.

Sets: nodes N, arcs A (one per route direction), commodities K, days t = 0..T-1.
Each section below is one equation family of the design and adds its rows with numpy
(no loop over model elements):

1. ``add_balance``               s[n,k,t] = s[n,k,t-1] + p + Σ_in x[a,k,t-L_a] - Σ_out x[a,k,t] - d
2. ``add_arc_capacity``          Σ_k x[a,k,t] ≤ C_a f_a(t)   (and the exempt form, see 4)
3. ``add_storage``               Σ_k s[n,k,t] ≤ storage_t[n]
4. ``add_crossing_throughput``   Σ_k inflow[n,k,t] ≤ H_n;
                                 Σ_{k not exempt} inflow[n,k,t] ≤ H_n f_n(t)
5. ``add_need``                  d[n,k,t] + u[n,k,t] + Σ_j z[n,k,t,j] = need[n,k,t]
6. ``add_working_stock``         w[n,k] + s[n,k,T-1] ≥ initial_stock[n,k]   (stage 3 prices w)

and the objective, which depends on the allocation rule (``ALLOCATIONS``), how unavoidable
shortfall is shared:

- ``market`` (default): one objective in USD, the spatial price equilibrium: minimise the value
  of consumption lost below normal need (priced needs tier by tier, ``demand``; unpriced needs
  at ``demand.INELASTIC_UNMET_USD_PER_T`` × priority) plus transport, holding and working-stock
  replacement costs (``Model.market_objective``). Equation 5 then carries the tiers z.
- the managed rules, lexicographic (``add_objective_stages``):
  - stage 1, minimise weighted unmet need Σ w_k u (``priority``: Σ w_k w_n u, node priorities
    as weights too);
  - stage 2, the allocation. ``proportional`` and ``priority``: lexicographic max-min fairness of
    each demand node's unmet share q_n = Σ_{k,t} u[n,k,t] / need_n over the horizon (the largest
    share as small as possible, then the next, ...: a sequence of "minimise the level L, with
    q_n ≤ L" solves, see ``logistics.solve.solvers``), then, with every share held, unmet need
    late rather than early: Σ w u (T - t)/T, in weighted tonnes, the same for every province.
    ``least-cost``: transport cost first, as traders would deliver (stage 3's costs);
  - stage 3, minimise Σ c_a x (plus a holding cost of 0.001 USD per tonne-day of stock, a
    tie-break, and 1,000 USD per tonne of day-0 working stock not replaced by the horizon end,
    equation 6). Under ``least-cost`` it is stage 2 again and is not solved twice.

The structure (which entries exist) depends only on the network, the horizon and which
targets may get exemptions; a scenario changes only bounds, right-hand sides and costs
(``ScenarioData``), so one built model serves every scenario of a run.

The "not exempt" sum of equation 4 (and its arc twin) is written with exempt-pass variables
e[element,k,t] ≤ inflow[element,k,t]:  Σ_k inflow - Σ_k e ≤ H f, where e's upper bound is
+∞ for an exempt commodity on a closed day and 0 otherwise: a bounds-only change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp

from logistics.model import demand
from logistics.model.steps import TimeSteps
from networks import Network

INF = np.inf
# How unavoidable shortfall is shared; the first is the default. ``market``: the spatial price
# equilibrium, one LP; ``least-cost``: cost first after weighted unmet need (its limit with
# perfectly inelastic demand, the unmanaged rule before prices); the fair rules share by stages.
ALLOCATIONS = ("market", "proportional", "priority", "least-cost")
FAIR_ALLOCATIONS = ("proportional", "priority")
MARKET = "market"
LEAST_COST = "least-cost"
# Stage 3 adds this tiny cost per tonne of stock per day: among plans that meet need equally
# well at equal transport cost, it picks the one that ships just in time instead of an
# arbitrary one that stocks up without reason (a plan with no closure in sight pre-positions
# nothing, which the rolling horizon relies on). It is not part of transport_cost_usd.
HOLDING_COST_USD_PER_T_DAY = 1e-3
# Stage-3 cost of cargo held where it arrived (rolling horizon): far above any transport cost,
# so cargo is held only when it has nowhere to go.
ABANDON_COST_USD_PER_T = 1e4
# Stage-3 cost per tonne of day-0 stock not replaced by the horizon end (equation 6). Day-0
# stock is working stock (traders', WFP's, the reserve's) that is replenished in normal times:
# without this a plan treats it as a free windfall and imports that much less over the horizon.
# It is far above any transport cost, so a plan keeps stock whenever it can do so without more
# unmet need (stages 1-2 come first and still draw stock down in a shortage), and far below
# ABANDON_COST_USD_PER_T.
WORKING_STOCK_COST_USD_PER_T = 1e3


@dataclass(frozen=True)
class Block:
    """A family of variables occupying columns ``start .. start+size-1``; ``index`` names each
    column. A dense block is laid out row-major over ``dims`` with ``shape`` (e.g. ("arc
    commodity pair", "step")); a sparse one (only the entries that exist) over its own rows.
    Columns are looked up through ``col`` (shape-checked), never by position.
    """

    name: str
    start: int
    index: pd.DataFrame
    dims: tuple[str, ...] = ("entry",)
    shape: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.shape is None:
            object.__setattr__(self, "shape", (len(self.index),))
        if int(np.prod(self.shape, dtype=np.int64)) != len(self.index):
            msg = f"block {self.name}: shape {self.shape} does not hold {len(self.index)} columns"
            raise ValueError(msg)

    @property
    def size(self) -> int:
        """Number of columns."""
        return len(self.index)

    @property
    def cols(self) -> np.ndarray:
        """Column numbers of this block."""
        return np.arange(self.start, self.start + self.size)

    def col(self, *position: np.ndarray | int) -> np.ndarray:
        """Column numbers at ``position`` (one index array per dim; out of range raises)."""
        return self.start + np.ravel_multi_index(position, self.shape)


@dataclass(frozen=True)
class Family:
    """The rows of one equation family: ``rows`` of the matrix, laid out row-major as an array
    over ``dims`` with ``shape`` (e.g. ("throughput node", "day")). Every module reads and writes
    a family's rows through ``view`` and ``put``, whose shapes are checked, never by position.
    """

    name: str
    rows: slice
    dims: tuple[str, ...]
    shape: tuple[int, ...]

    @property
    def start(self) -> int:
        """First row number."""
        return self.rows.start

    def row(self, *position: np.ndarray | int) -> np.ndarray | int:
        """Row numbers at ``position`` (one index array per dim)."""
        return self.start + np.ravel_multi_index(position, self.shape)

    def view(self, per_row: np.ndarray) -> np.ndarray:
        """Return the family's entries of a per-row array (bounds, duals), shaped ``shape``."""
        return per_row[self.rows].reshape(self.shape)

    def put(self, per_row: np.ndarray, values: np.ndarray | float) -> None:
        """Write ``values`` (an array of ``shape``, or a scalar) into the family's rows of
        ``per_row``.
        """
        values = np.asarray(values, dtype=float)
        if values.ndim and values.shape != self.shape:
            msg = (
                f"{self.name} rows are {self.shape} over {self.dims}; "
                f"got values of shape {values.shape}"
            )
            raise ValueError(msg)
        per_row[self.rows] = values.ravel() if values.ndim else values


@dataclass(frozen=True)
class Coefficients:
    """Matrix entries a scenario sets: row and column numbers of the model, and their values.
    The family that owns them says which (``Model.fairness_coefficients``).
    """

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray


@dataclass
class _Entries:
    """Matrix entries and row bounds collected family by family."""

    rows: list[np.ndarray] = field(default_factory=list)
    cols: list[np.ndarray] = field(default_factory=list)
    vals: list[np.ndarray] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    families: dict[str, Family] = field(default_factory=dict)
    n_rows: int = 0

    def family(
        self, name: str, dims: dict[str, int], lower: np.ndarray, upper: np.ndarray
    ) -> Family:
        """Reserve rows for a family laid out over ``dims`` (name → size, row-major), with its
        bounds as arrays of that shape (or flat); return it (its rows are found with ``row``).
        """
        shape = tuple(int(n) for n in dims.values())
        size = int(np.prod(shape, dtype=np.int64))
        lower, upper = (
            np.asarray(lower, dtype=float).ravel(),
            np.asarray(upper, dtype=float).ravel(),
        )
        if len(lower) != size or len(upper) != size:
            msg = f"{name}: {len(lower)} bounds for rows of shape {shape}"
            raise ValueError(msg)
        first = self.n_rows
        self.n_rows += size
        self.families[name] = Family(name, slice(first, self.n_rows), tuple(dims), shape)
        self.lower.append(lower)
        self.upper.append(upper)
        return self.families[name]

    def add(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray | float) -> None:
        """Add entries (broadcasting a scalar value)."""
        rows = np.asarray(rows, dtype=np.int64)
        self.rows.append(rows)
        self.cols.append(np.asarray(cols, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(vals, dtype=float), rows.shape))


# mean days in each calendar month over the leap cycle (sum 365.25): a month row's share of a year
MEAN_MONTH_DAYS = np.array([31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def calendar_months(day_zero: date, days: int) -> np.ndarray:
    """Calendar month (1-12) of each day 0..days-1 when day 0 is ``day_zero``."""
    dates = np.datetime64(day_zero, "D") + np.arange(days)
    return dates.astype("datetime64[M]").astype(int) % 12 + 1


def daily_rates(
    table: pd.DataFrame,
    node_pos: dict[str, int],
    comm_pos: dict[str, int],
    shape: tuple[int, int, int],
    column: str,
    day_zero: date | None = None,
) -> np.ndarray:
    """Sum rows of a supply/demand table into a dense [node, commodity, day] array of t/day.

    A row with a calendar ``month`` (supply) counts only on the days of that month, day 0 being
    ``day_zero``; with no ``day_zero`` it counts every day at its year-round average, t/day ×
    the month's mean days ÷ 365.25.
    """
    n_nodes, n_comms, horizon = shape
    out = np.zeros((n_nodes, n_comms, horizon + 1))
    if table.empty:
        return out[:, :, :horizon]
    monthly = table["month"].notna().to_numpy() if "month" in table else np.zeros(len(table), bool)
    n = table["node"].map(node_pos).to_numpy()
    k = table["commodity"].map(comm_pos).to_numpy()
    start = table["start_day"].to_numpy().clip(0, horizon).astype(int)
    end = table["end_day"].fillna(horizon).to_numpy().clip(0, horizon).astype(int)
    rate = table[column].to_numpy(dtype=float)
    every = ~monthly
    np.add.at(out, (n[every], k[every], start[every]), rate[every])
    np.add.at(out, (n[every], k[every], end[every]), -rate[every])
    out = np.cumsum(out, axis=2)[:, :, :horizon]
    if monthly.any():
        month = table["month"].to_numpy()[monthly].astype(int)
        days = np.arange(horizon)
        active = (days >= start[monthly, None]) & (days < end[monthly, None])
        if day_zero is not None:
            per_day = np.where(
                calendar_months(day_zero, horizon)[None, :] == month[:, None],
                rate[monthly, None],
                0,
            )
        else:
            per_day = (rate[monthly] * MEAN_MONTH_DAYS[month - 1] / 365.25)[:, None]
        np.add.at(out, (n[monthly], k[monthly]), per_day * active)
    return out


class Model:
    """The LP for one network and horizon. Build once; derive each scenario's data with
    ``scenario_data``.

    Attributes of interest: ``steps`` (``TimeSteps``: daily unless given), ``blocks``
    (variables), ``families`` (rows by family name, as ``Family``), ``matrix`` (scipy CSC, rows
    × columns), ``need`` and ``available`` (t/day arrays [node, commodity, day]),
    ``need_steps`` and ``available_steps`` (t per [node, commodity, step]) and
    ``initial_stock`` (t, [node, commodity]).
    """

    def __init__(
        self,
        network: Network,
        horizon_days: int,
        exempt_targets: frozenset[str] = frozenset(),
        hold_columns: bool = False,
        allocation: str = ALLOCATIONS[0],
        steps: TimeSteps | None = None,
    ):
        if horizon_days < 1:
            msg = f"horizon_days must be ≥ 1, got {horizon_days}"
            raise ValueError(msg)
        if allocation not in ALLOCATIONS:
            msg = f"unknown allocation {allocation!r}; choose one of {', '.join(ALLOCATIONS)}"
            raise ValueError(msg)
        self.allocation = allocation
        self.network = network
        self.horizon_days = T = int(horizon_days)
        self.steps = steps if steps is not None else TimeSteps.daily(T)
        if self.steps.horizon_days != T:
            msg = f"time steps cover {self.steps.horizon_days} days, not the horizon's {T}"
            raise ValueError(msg)
        self.node_ids = network.node_ids
        self.commodity_ids = network.commodity_ids
        self.node_pos = {n: i for i, n in enumerate(self.node_ids)}
        self.comm_pos = {k: i for i, k in enumerate(self.commodity_ids)}
        N, K = len(self.node_ids), len(self.commodity_ids)
        nodes = network.node_table.loc[self.node_ids]
        commodities = network.commodities.set_index("id").loc[self.commodity_ids]

        arcs = network.arcs
        self.arcs = arcs
        self.arc_from = arcs["from"].map(self.node_pos).to_numpy()
        self.arc_to = arcs["to"].map(self.node_pos).to_numpy()
        self.arc_lag = arcs["lag_days"].to_numpy()
        self.arc_capacity = arcs["capacity_t_per_day"].to_numpy(dtype=float)
        self.arc_cost = arcs["cost_usd_per_t"].to_numpy(dtype=float)

        self.storage = nodes["storage_t"].to_numpy(dtype=float)  # NaN = no limit
        self.throughput = nodes["throughput_t_per_day"].to_numpy(dtype=float)  # NaN = no limit
        self.node_priority = nodes["priority"].to_numpy(dtype=float)
        self.comm_priority = commodities["priority"].to_numpy(dtype=float)
        # priced demand (elastic, ``logistics.model.demand``): normal price (USD/t) and elasticity
        self.price = commodities["price_usd_per_t"].to_numpy(dtype=float)
        self.elasticity = commodities["price_elasticity"].to_numpy(dtype=float)
        self.priced = np.isin(self.commodity_ids, network.priced_commodity_ids())
        self.aid = commodities["aid"].to_numpy(dtype=bool)
        self._tiers()

        shape = (N, K, T)
        self.need = daily_rates(network.demand, self.node_pos, self.comm_pos, shape, "t_per_day")
        self.available = daily_rates(
            network.supply, self.node_pos, self.comm_pos, shape, "t_per_day", network.day_zero
        )
        self.need_steps = self.steps.totals(self.need)
        self.available_steps = self.steps.totals(self.available)
        self.initial_stock = np.zeros((N, K))
        if not network.stocks.empty:
            np.add.at(
                self.initial_stock,
                (
                    network.stocks["node"].map(self.node_pos).to_numpy(),
                    network.stocks["commodity"].map(self.comm_pos).to_numpy(),
                ),
                network.stocks["tonnes"].to_numpy(dtype=float),
            )
        self.throughput_nodes = np.flatnonzero(~np.isnan(self.throughput))
        self.exempt_arcs = self._exemptable_arcs(exempt_targets)
        self.hold_columns = hold_columns

        self._columns()
        entries = _Entries()
        self.families = entries.families  # filled as each family adds its rows
        self.add_balance(entries)
        self.add_arc_capacity(entries)
        self.add_storage(entries)
        self.add_crossing_throughput(entries)
        self.add_need(entries)
        self.add_working_stock(entries)
        self.add_objective_stages(entries)
        self.row_lower = np.concatenate(entries.lower)
        self.row_upper = np.concatenate(entries.upper)
        self.matrix = sp.csc_matrix(
            (
                np.concatenate(entries.vals),
                (np.concatenate(entries.rows), np.concatenate(entries.cols)),
            ),
            shape=(entries.n_rows, self.n_cols),
        )
        self.matrix.sum_duplicates()

    # ------------------------------------------------------------------ columns
    def closes_throughput(self, target: str) -> bool:
        """True when closing ``target`` scales a node's throughput limit (a crossing), not arcs."""
        return target in self.node_pos and not np.isnan(self.throughput[self.node_pos[target]])

    def arcs_closed_by(self, target: str) -> np.ndarray:
        """Arcs a closure of ``target`` scales: both arcs of a route, or every arc into and out of a
        node without a throughput limit (a closed port ships nothing); none for a crossing.
        """
        if self.closes_throughput(target):
            return np.array([], dtype=int)
        if target in self.node_pos:
            n = self.node_pos[target]
            return np.flatnonzero((self.arc_to == n) | (self.arc_from == n))
        return np.flatnonzero(self.arcs["route"].to_numpy() == target)

    def _exemptable_arcs(self, targets: frozenset[str]) -> np.ndarray:
        """Arcs that need exempt-pass variables: those a closure of any of ``targets`` scales."""
        closed = [self.arcs_closed_by(t) for t in targets]
        return np.unique(np.concatenate(closed)) if closed else np.array([], dtype=int)

    def all_cargo_arc_factor(self, arc_factor: np.ndarray) -> np.ndarray:
        """Factor [arc, day] on the all-cargo capacity row: max(1, f) where exempt cargo may pass
        at full capacity (exemptable arcs), else f itself.
        """
        exemptable = np.zeros(len(self.arcs), bool)
        exemptable[self.exempt_arcs] = True
        return np.where(exemptable[:, None], np.maximum(arc_factor, 1.0), arc_factor)

    def _columns(self) -> None:
        K, S = len(self.commodity_ids), len(self.steps)
        A, N = len(self.arcs), len(self.node_ids)
        blocks: dict[str, Block] = {}
        start = 0

        def block(name: str, index: dict, dims: tuple[str, ...] = ("entry",), shape=None) -> Block:
            nonlocal start
            blocks[name] = Block(name, start, pd.DataFrame(index), dims, shape)
            start += blocks[name].size
            return blocks[name]

        def pairs_by_step(first: np.ndarray, second: np.ndarray) -> dict:
            return {
                "first": np.repeat(first, S),
                "second": np.repeat(second, S),
                "step": np.tile(np.arange(S), len(first)),
            }

        usable_arc, useful_node = self._usable()
        pair_a, pair_k = np.nonzero(usable_arc)
        self._pair_pos = np.full((A, K), -1, dtype=np.int64)
        self._pair_pos[pair_a, pair_k] = np.arange(len(pair_a))
        ix = pairs_by_step(pair_a, pair_k)
        block(
            "x",
            {"arc": ix["first"], "commodity": ix["second"], "step": ix["step"]},
            ("arc commodity pair", "step"),
            (len(pair_a), S),
        )

        n, k, t = np.nonzero(self.available_steps > 0)
        block("p", {"node": n, "commodity": k, "step": t})

        can_store = np.isnan(self.storage) | (self.storage > 0)
        store_n, store_k = np.nonzero(can_store[:, None] & (useful_node | (self.initial_stock > 0)))
        ix = pairs_by_step(store_n, store_k)
        block(
            "s",
            {"node": ix["first"], "commodity": ix["second"], "step": ix["step"]},
            ("stored node commodity pair", "step"),
            (len(store_n), S),
        )

        n, k, t = np.nonzero(self.need_steps > 0)
        needs = {"node": n, "commodity": k, "step": t}
        block("d", needs, ("need row",))
        block("u", needs, ("need row",))
        # unmet need by tier z[n,k,t,j] (``market`` only): tier j of each tiered need row
        # (priced goods and aid, ``_tiers``)
        tiered = (self.tier_count[k] > 0) & (self.allocation == MARKET)
        rows = np.flatnonzero(tiered)
        counts = self.tier_count[k[rows]]
        # the need row (position among the d columns) of each z column, and its tier
        self.z_need_row = np.repeat(rows, counts)
        first = np.cumsum(counts) - counts
        tier = np.arange(len(self.z_need_row)) - np.repeat(first, counts)
        self.tiered_need_rows = rows
        z = self.z_need_row
        block("z", {"node": n[z], "commodity": k[z], "step": t[z], "tier": tier})

        # exempt-pass variables: throughput nodes, then exemptable arcs
        kinds = np.array(
            ["node"] * len(self.throughput_nodes) + ["arc"] * len(self.exempt_arcs), dtype=object
        )
        elements = np.concatenate([self.throughput_nodes, self.exempt_arcs]).astype(int)
        E = len(elements)
        block(
            "e",
            {
                "kind": np.repeat(kinds, K * S),
                "element": np.repeat(elements, K * S),
                "commodity": np.tile(np.repeat(np.arange(K), S), E),
                "step": np.tile(np.arange(S), E * K),
            },
            ("exemptable element", "commodity", "step"),
            (E, K, S),
        )

        self.demand_nodes = np.flatnonzero(self.need.sum(axis=(1, 2)) > 0)
        # unmet share q[n] of each demand node's need over the horizon, and the level L that
        # bounds the shares not yet held (stage 2, fair allocations)
        block("q", {"node": self.demand_nodes}, ("demand node",))
        block("level", {"node": [-1]}, ("level",))

        # held cargo h[n,k,t] (rolling horizon only): committed arrivals a node cannot pass on
        held = N if self.hold_columns else 0
        n, k, t = np.nonzero(np.ones((held, K, S), bool))
        block(
            "h", {"node": n, "commodity": k, "step": t}, ("node", "commodity", "step"), (held, K, S)
        )

        # working-stock gap w[n,k]: day-0 stock not held again at the horizon end (equation 6);
        # its position among the s pairs
        self._stocked_pairs = np.flatnonzero(self.initial_stock[store_n, store_k] > 0)
        block(
            "w",
            {"node": store_n[self._stocked_pairs], "commodity": store_k[self._stocked_pairs]},
            ("stocked pair",),
        )

        self.blocks = blocks
        self.n_cols = start

    def _usable(self) -> tuple[np.ndarray, np.ndarray]:
        """Which (arc, commodity) pairs can ever carry cargo and which (node, commodity) pairs are
        worth stocking: commodity k is useful at a node that some supply or stock of k can reach
        and from which some need for k can be reached. Scenarios only scale supplies, needs and
        capacities, so pruning the rest changes no optimum and drops columns no plan could use.
        """
        N = len(self.node_ids)
        # arcs[i, j]: the number of arcs from node i to node j
        arcs = sp.csr_matrix(
            (np.ones(len(self.arc_from)), (self.arc_from, self.arc_to)), shape=(N, N)
        )
        has_source = (self.available.sum(axis=2) > 0) | (self.initial_stock > 0)
        has_need = self.need.sum(axis=2) > 0

        def reach(step: sp.csr_matrix, starts: np.ndarray) -> np.ndarray:
            # [node, commodity]: the nodes reached from each commodity's ``starts``, one arc
            # further each round (``step`` @ the nodes reached last round), every commodity at
            # once; a product of sparse matrices, not scipy.sparse.csgraph, whose import (with
            # scipy.linalg) was a seventh of a worker process's start
            reached = starts.copy()
            frontier = starts
            while frontier.any():
                frontier = ((step @ frontier.astype(float)) > 0) & ~reached
                reached |= frontier
            return reached

        forward = reach(arcs.T.tocsr(), has_source)
        backward = reach(arcs, has_need)
        useful = forward & backward
        return forward[self.arc_from] & backward[self.arc_to], useful

    def x_col(self, arc: np.ndarray, commodity: np.ndarray, step: np.ndarray) -> np.ndarray:
        """Column numbers of x[arc, commodity, step]; -1 where the pair can never carry cargo."""
        pair = self._pair_pos[arc, commodity]
        return np.where(pair >= 0, self.blocks["x"].col(pair.clip(min=0), step), -1)

    def arrivals(self) -> tuple[np.ndarray, ...]:
        """Where each x column's cargo arrives, one entry per dispatch day
        (``TimeSteps.arrivals``): (x position in its block, arrival day, arrival step or -1
        past the horizon, share of the column's tonnes).
        """
        x = self.blocks["x"].index
        return self.steps.arrivals(self.arc_lag[x["arc"].to_numpy()], x["step"].to_numpy())

    def balance_row(self, node: np.ndarray, commodity: np.ndarray, step: np.ndarray) -> np.ndarray:
        """Row numbers of balance[node, commodity, step]."""
        return self.families["balance"].row(node, commodity, step)

    # ------------------------------------------------------------------ 1. balance
    def add_balance(self, m: _Entries) -> None:
        """Equation 1, for every (n, k, step t), in tonnes over the step:
        s[n,k,t] - s[n,k,t-1] - p[n,k,t] - Σ_{a into n} arriving x[a,k,·] + Σ_{a out of n} x[a,k,t]
        + d[n,k,t] (+ h[n,k,t], cargo held where it arrived, in rolling re-plans only)
        = initial_stock[n,k] if t = 0 else 0.

        Cargo dispatched in step τ leaves evenly over its days and arrives L_a days after each,
        so a share of it arrives in each step those days fall in (all of it in step τ + L_a when
        steps are days).
        """
        N, K, S = len(self.node_ids), len(self.commodity_ids), len(self.steps)
        rhs = np.zeros((N, K, S))
        rhs[:, :, 0] = self.initial_stock
        balance = m.family("balance", {"node": N, "commodity": K, "step": S}, rhs, rhs)
        xb = self.blocks["x"]
        a, k, t = (xb.index[c].to_numpy() for c in ("arc", "commodity", "step"))
        m.add(balance.row(self.arc_from[a], k, t), xb.cols, 1.0)
        which, _day, step, share = self.arrivals()
        inside = step >= 0
        which, step, share = which[inside], step[inside], share[inside]
        m.add(balance.row(self.arc_to[a][which], k[which], step), xb.cols[which], -share)
        for name, sign in (("p", -1.0), ("d", 1.0), ("s", 1.0), ("h", 1.0)):
            block = self.blocks[name]
            n, k, t = (block.index[c].to_numpy() for c in ("node", "commodity", "step"))
            m.add(balance.row(n, k, t), block.cols, sign)
        sb = self.blocks["s"]
        n, k, t = (sb.index[c].to_numpy() for c in ("node", "commodity", "step"))
        carry = t + 1 < S
        m.add(balance.row(n[carry], k[carry], t[carry] + 1), sb.cols[carry], -1.0)

    # ------------------------------------------------------------------ 2. arc capacity
    def add_arc_capacity(self, m: _Entries) -> None:
        """Equation 2, for every (a, step t): Σ_k x[a,k,t] ≤ C_a Σ_{days d of t} f_a(d).

        For exemptable arcs a second row Σ_k x[a,k,t] - Σ_k e[a,k,t] ≤ C_a Σ_d f_a(d) (non-exempt
        cargo), the first becoming Σ_k x ≤ C_a Σ_d max(1, f_a(d)), and e[a,k,t] - x[a,k,t] ≤ 0.
        """
        A, S = len(self.arcs), len(self.steps)
        cap = self.arc_capacity[:, None] * self.steps.days[None, :]
        rows = m.family("arc_capacity", {"arc": A, "step": S}, np.full((A, S), -INF), cap)
        x = self.blocks["x"].index
        m.add(rows.row(x["arc"].to_numpy(), x["step"].to_numpy()), self.blocks["x"].cols, 1.0)
        self._exempt_rows(m, "arc", self.exempt_arcs, cap[self.exempt_arcs], self._arc_inflow)

    def _arc_inflow(self, arcs: np.ndarray) -> tuple[np.ndarray, ...]:
        """(element position, commodity, step, x column, share) of the cargo counted against
        each exemptable arc.
        """
        K, S = len(self.commodity_ids), len(self.steps)
        pos, k, t = (
            g.ravel()
            for g in np.meshgrid(np.arange(len(arcs)), np.arange(K), np.arange(S), indexing="ij")
        )
        cols = self.x_col(arcs[pos], k, t)
        keep = cols >= 0
        return pos[keep], k[keep], t[keep], cols[keep], np.ones(int(keep.sum()))

    def _node_inflow(self, nodes: np.ndarray) -> tuple[np.ndarray, ...]:
        """(element position, commodity, arrival step, x column, share) of every arrival at the
        given nodes (``arrivals``).
        """
        position = np.full(len(self.node_ids), -1)
        position[nodes] = np.arange(len(nodes))
        xb = self.blocks["x"]
        arc, k = xb.index["arc"].to_numpy(), xb.index["commodity"].to_numpy()
        which, _day, step, share = self.arrivals()
        keep = (step >= 0) & (position[self.arc_to[arc[which]]] >= 0)
        which, step, share = which[keep], step[keep], share[keep]
        return position[self.arc_to[arc[which]]], k[which], step, xb.cols[which], share

    def _exempt_rows(
        self, m: _Entries, kind: str, elements: np.ndarray, cap: np.ndarray, inflow
    ) -> None:
        """Rows "non-exempt cargo ≤ cap f" and "e ≤ cargo" for exemptable elements of one kind."""
        K, S = len(self.commodity_ids), len(self.steps)
        n_el = len(elements)
        dims = {f"exemptable {kind}": n_el, "step": S}
        rows = m.family(f"{kind}_exempt", dims, np.full((n_el, S), -INF), cap)
        dims = {f"exemptable {kind}": n_el, "commodity": K, "step": S}
        link = m.family(
            f"{kind}_exempt_link", dims, np.full((n_el, K, S), -INF), np.zeros((n_el, K, S))
        )
        if n_el == 0:
            return
        pos, k, t, cols, share = inflow(elements)
        m.add(rows.row(pos, t), cols, share)
        m.add(link.row(pos, k, t), cols, -share)
        e = self.blocks["e"]
        ix = e.index
        mine = np.flatnonzero(ix["kind"].to_numpy() == kind)
        epos = np.searchsorted(elements, ix["element"].to_numpy()[mine])
        ek, et = ix["commodity"].to_numpy()[mine], ix["step"].to_numpy()[mine]
        m.add(rows.row(epos, et), e.cols[mine], -1.0)
        m.add(link.row(epos, ek, et), e.cols[mine], 1.0)

    # ------------------------------------------------------------------ 3. storage
    def add_storage(self, m: _Entries) -> None:
        """Equation 3, for every node with a finite storage_t > 0 and step t:
        Σ_k s[n,k,t] ≤ storage_t[n] (stock at the step's end).

        (storage_t = 0 means the node has no s columns at all.)
        """
        S = len(self.steps)
        limited = np.flatnonzero(~np.isnan(self.storage) & (self.storage > 0))
        position = np.full(len(self.node_ids), -1)
        position[limited] = np.arange(len(limited))
        rows = m.family(
            "storage",
            {"storage node": len(limited), "step": S},
            np.full((len(limited), S), -INF),
            np.repeat(self.storage[limited], S),
        )
        ix = self.blocks["s"].index
        n, t = ix["node"].to_numpy(), ix["step"].to_numpy()
        keep = position[n] >= 0
        m.add(rows.row(position[n[keep]], t[keep]), self.blocks["s"].cols[keep], 1.0)

    # ------------------------------------------------------------------ 4. crossing throughput
    def add_crossing_throughput(self, m: _Entries) -> None:
        """Equation 4, for every node n with a throughput H_n and step t:
        Σ_k inflow[n,k,t] ≤ H_n Σ_d max(1, f_n(d)) and
        Σ_k inflow[n,k,t] - Σ_k e[n,k,t] ≤ H_n Σ_d f_n(d), with e[n,k,t] - inflow[n,k,t] ≤ 0,
        where inflow[n,k,t] is the cargo arriving at n in step t (``arrivals``).
        """
        S = len(self.steps)
        nodes = self.throughput_nodes
        cap = self.throughput[nodes, None] * self.steps.days[None, :]
        rows = m.family(
            "throughput",
            {"throughput node": len(nodes), "step": S},
            np.full((len(nodes), S), -INF),
            cap,
        )
        if len(nodes):
            pos, _k, t, cols, share = self._node_inflow(nodes)
            m.add(rows.row(pos, t), cols, share)
        self._exempt_rows(m, "node", nodes, cap, self._node_inflow)

    # ------------------------------------------------------------------ 5. need
    def add_need(self, m: _Entries) -> None:
        """Equation 5, for every (n, k, step t) with need > 0, in tonnes over the step:
        d[n,k,t] + u[n,k,t] + Σ_j z[n,k,t,j] = need[n,k,t].

        z (``market`` only) is the unmet part of a priced good's or aid's need in tier j, at most
        the tier's width × need (a bound, ``logistics.model.bounds``); u is then bounded at 0 for
        those needs, so their unmet need is Σ_j z, valued tier by tier
        (``logistics.model.demand``).
        """
        ix = self.blocks["d"].index
        need = self.need_steps[
            ix["node"].to_numpy(), ix["commodity"].to_numpy(), ix["step"].to_numpy()
        ]
        rows = m.family("need", {"need row": len(ix)}, need, need)
        every = np.arange(len(ix))
        m.add(rows.row(every), self.blocks["d"].cols, 1.0)
        m.add(rows.row(every), self.blocks["u"].cols, 1.0)
        m.add(rows.row(self.z_need_row), self.blocks["z"].cols, 1.0)

    # ------------------------------------------------------------------ 6. working stock
    def add_working_stock(self, m: _Entries) -> None:
        """Equation 6, for every (n, k) with day-0 stock and storage:
        w[n,k] + s[n,k,T-1] ≥ initial_stock[n,k] (s of the last step).

        w is the tonnes of day-0 working stock not replaced by the horizon end; only stage 3
        prices it (``WORKING_STOCK_COST_USD_PER_T``), so it never changes a shortfall figure.
        """
        w = self.blocks["w"]
        n, k = w.index["node"].to_numpy(), w.index["commodity"].to_numpy()
        # written as -w - s ≤ -initial (rows are = or ≤ only, as the CBC hand-off expects)
        rows = m.family(
            "working_stock",
            {"stocked pair": w.size},
            np.full(w.size, -INF),
            -self.initial_stock[n, k],
        )
        every = np.arange(w.size)
        m.add(rows.row(every), w.col(every), -1.0)
        last = np.full(w.size, len(self.steps) - 1)
        m.add(rows.row(every), self.blocks["s"].col(self._stocked_pairs, last), -1.0)

    # ------------------------------------------------------------------ objective stages
    def add_objective_stages(self, m: _Entries) -> None:
        """Rows of the lexicographic objective (see the module docstring for the stages).

        fairness, per demand node n:  need_n q[n] - Σ_{k,t} u[n,k,t] = 0, where need_n is the
        node's need over the horizon (the model holds the baseline's; a scenario that scales
        need sets its own through ``ScenarioData.share_need_t``);
        fairness_level, per demand node n:  q[n] - L ≤ 0 while the max-min solves run, free
        otherwise (they hold a node's share by its column bound and free its row);
        and the stages' costs (``stage1_cost``, ``level_cost``, ``stage2_cost``,
        ``market_cost``). How a later stage keeps to an earlier stage's optimum is the solver's
        business (``logistics.solve.solvers``): no row of the model holds an optimum.
        """
        u = self.blocks["u"].index
        un, uk = u["node"].to_numpy(), u["commodity"].to_numpy()
        ut = self.steps.start_day[u["step"].to_numpy()]
        D = len(self.demand_nodes)
        position = np.full(len(self.node_ids), -1)
        position[self.demand_nodes] = np.arange(D)
        self.horizon_need = self.need.sum(axis=(1, 2))  # t per node over the horizon (baseline)
        every = np.arange(D)
        rows = m.family("fairness", {"demand node": D}, np.zeros(D), np.zeros(D))
        m.add(rows.row(position[un]), self.blocks["u"].cols, -1.0)
        m.add(rows.row(every), self.blocks["q"].col(every), self.horizon_need[self.demand_nodes])
        rows = m.family("fairness_level", {"demand node": D}, np.full(D, -INF), np.full(D, INF))
        m.add(rows.row(every), self.blocks["q"].col(every), 1.0)
        m.add(rows.row(every), self.blocks["level"].col(np.zeros(D, dtype=int)), -1.0)

        T = self.horizon_days
        weight = self.comm_priority[uk] * (
            self.node_priority[un] if self.allocation == "priority" else 1.0
        )
        self.stage1_cost = np.zeros(self.n_cols)
        self.stage1_cost[self.blocks["u"].cols] = weight
        self.level_cost = np.zeros(self.n_cols)
        self.level_cost[self.blocks["level"].start] = 1.0
        # timing: a weighted tonne unmet on day t (its step's first) costs (T - t)/T, in every
        # province alike
        self.stage2_cost = np.zeros(self.n_cols)
        if self.allocation in FAIR_ALLOCATIONS:
            self.stage2_cost[self.blocks["u"].cols] = weight * (T - ut) / T
        self.market_cost = self._market_cost()

    def fairness_coefficients(self, share_need_t: np.ndarray) -> Coefficients:
        """The fairness family's scenario-dependent entries: the coefficient of q[n] in node n's
        fairness row is its need over the horizon (t, per demand node), which a scenario's
        demand factors change.
        """
        every = np.arange(len(self.demand_nodes))
        return Coefficients(
            self.families["fairness"].row(every),
            self.blocks["q"].col(every),
            np.asarray(share_need_t, dtype=float),
        )

    def _tiers(self) -> None:
        """Each good's demand tiers (``demand``): width (fraction of a day's need) and value
        (USD/t) per [commodity, tier], padded with zeros, and ``tier_count`` per commodity: the
        priced goods' price tiers, aid's ration tiers, none for inelastic goods.
        """
        K = len(self.commodity_ids)
        widths, values = [np.zeros(0)] * K, [np.zeros(0)] * K
        for k in range(K):
            if self.priced[k]:
                widths[k] = demand.tier_widths(self.elasticity[k])
                values[k] = demand.tier_values_usd_per_t(self.price[k], self.elasticity[k])
            elif self.aid[k]:
                widths[k] = demand.aid_tier_widths()
                values[k] = demand.aid_tier_values_usd_per_t(self.comm_priority[k])
        self.tier_count = np.array([len(w) for w in widths], dtype=np.int64)
        J = int(self.tier_count.max(initial=0))
        self.tier_width = np.zeros((K, J))
        self.tier_value = np.zeros((K, J))
        for k in range(K):
            self.tier_width[k, : self.tier_count[k]] = widths[k]
            self.tier_value[k, : self.tier_count[k]] = values[k]

    def _market_cost(self) -> np.ndarray:
        """The market objective's value of unmet need (USD per tonne, per column): each tier of
        a tiered need its value (``_tiers``), an inelastic need
        ``demand.INELASTIC_UNMET_USD_PER_T`` × its commodity's priority.
        """
        cost = np.zeros(self.n_cols)
        uk = self.blocks["u"].index["commodity"].to_numpy()
        cost[self.blocks["u"].cols] = demand.INELASTIC_UNMET_USD_PER_T * self.comm_priority[uk]
        z = self.blocks["z"].index
        if len(z):
            cost[self.blocks["z"].cols] = self.tier_value[
                z["commodity"].to_numpy(), z["tier"].to_numpy()
            ]
        return cost

    def market_objective(self, stage3_cost: np.ndarray) -> np.ndarray:
        """The one objective of ``market`` (USD, minimised): the value of consumption lost below
        normal need (``market_cost``) plus a scenario's transport, holding and held-cargo costs
        (``stage3_cost``), with day-0 working stock not replaced by the horizon end valued at its
        commodity's normal price where the commodity is priced (replacing it costs that much:
        below any tier's value, so a shortage draws stock down, and above any delivery cost, so
        normal times keep it).
        """
        cost = self.market_cost + stage3_cost
        w = self.blocks["w"]
        wk = w.index["commodity"].to_numpy()
        priced = self.priced[wk]
        cost[w.cols[priced]] = self.price[wk[priced]]
        return cost

    @cached_property
    def matrix_csr(self) -> sp.csr_matrix:
        """The matrix by rows (for row activities of a solution)."""
        return self.matrix.tocsr()

    # ------------------------------------------------------------------ sizes
    def size(self) -> dict[str, int]:
        """Columns, rows and non-zeros of the LP, and its time steps."""
        return {
            "columns": int(self.n_cols),
            "rows": int(self.matrix.shape[0]),
            "nonzeros": int(self.matrix.nnz),
            "time_steps": len(self.steps),
        }
