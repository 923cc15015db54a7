"""The Network object: typed input tables, the directed arcs they imply, and a networkx view."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

# Which sourced elasticity a run uses (``Network.with_elasticity``); the first is the default.
ELASTICITY_CASES = ("central", "low", "high")


@dataclass(frozen=True, eq=False)
class Network:
    """A validated route graph. Tables are pandas frames with the schema's columns and types,
    indexed by the spreadsheet row they came from; code after loading may trust them
    (no unknown references, no negative capacities, numbers are floats).
    """

    nodes: pd.DataFrame
    routes: pd.DataFrame
    commodities: pd.DataFrame
    supply: pd.DataFrame
    demand: pd.DataFrame
    stocks: pd.DataFrame
    path: Path | None = None
    file_hashes: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # the date of day 0, which places supply rows that carry a calendar ``month`` (``on_calendar``)
    day_zero: date | None = None

    @cached_property
    def node_ids(self) -> list[str]:
        """Node ids in input order."""
        return list(self.nodes["id"])

    @cached_property
    def commodity_ids(self) -> list[str]:
        """Commodity ids in input order."""
        return list(self.commodities["id"])

    @cached_property
    def node_table(self) -> pd.DataFrame:
        """Nodes indexed by id."""
        return self.nodes.set_index("id", drop=False)

    @cached_property
    def arcs(self) -> pd.DataFrame:
        """Directed arcs, one per route direction, indexed 0..A-1.

        Columns: route, from, to, mode, distance_km, lag_days (transit_days rounded up),
        capacity_t_per_day, cost_usd_per_t, reverse (True for the second arc of a bidirectional
        route).
        """
        r = self.routes
        forward = pd.DataFrame(
            {
                "route": r["id"].to_numpy(),
                "from": r["from"].to_numpy(),
                "to": r["to"].to_numpy(),
                "reverse": False,
            }
        )
        back_rows = r[r["bidirectional"]]
        backward = pd.DataFrame(
            {
                "route": back_rows["id"].to_numpy(),
                "from": back_rows["to"].to_numpy(),
                "to": back_rows["from"].to_numpy(),
                "reverse": True,
            }
        )
        arcs = pd.concat([forward, backward], ignore_index=True)
        attrs = r.set_index("id")[
            ["mode", "distance_km", "transit_days", "capacity_t_per_day", "cost_usd_per_t"]
        ]
        arcs = arcs.join(attrs, on="route")
        arcs["lag_days"] = (
            np.ceil(arcs.pop("transit_days").to_numpy() - 1e-9).clip(min=0).astype(int)
        )
        return arcs

    def graph(self) -> nx.DiGraph:
        """Return a networkx DiGraph: node attributes from nodes, one edge per node pair with
        ``capacity_t_per_day`` summed over parallel arcs and ``routes`` listing their ids.
        """
        # imported here: loading and checking a network, and a worker process, never need
        # networkx (0.1 s of a process's start)
        import networkx as nx

        g = nx.DiGraph()
        for row in self.nodes.itertuples(index=False):
            g.add_node(row.id, name=row.name, kind=row.kind, pcode=row.pcode)
        grouped = self.arcs.groupby(["from", "to"], sort=False).agg(
            capacity_t_per_day=("capacity_t_per_day", "sum"), routes=("route", list)
        )
        g.add_edges_from(
            (u, v, {"capacity_t_per_day": c, "routes": rs})
            for (u, v), c, rs in zip(
                grouped.index, grouped["capacity_t_per_day"], grouped["routes"], strict=True
            )
        )
        return g

    def supply_node_ids(self) -> list[str]:
        """Nodes with supply or day-0 stock."""
        return sorted(
            set(self.supply["node"]) | set(self.stocks.loc[self.stocks["tonnes"] > 0, "node"])
        )

    def demand_node_ids(self) -> list[str]:
        """Nodes with a demand row, in node order."""
        have = set(self.demand["node"])
        return [n for n in self.node_ids if n in have]

    def unreachable_demand_nodes(self) -> list[str]:
        """Demand nodes that no supply or stock can reach along the arcs."""
        onward: dict[str, list[str]] = {}
        for start, end in zip(self.arcs["from"], self.arcs["to"], strict=True):
            onward.setdefault(start, []).append(end)
        # every node reachable from a supply or stock node, found by walking the arcs (checked
        # on every load: networkx's view, ``graph``, costs more to build than the walk)
        reached = set(self.supply_node_ids())
        waiting = list(reached)
        while waiting:
            for end in onward.get(waiting.pop(), ()):
                if end not in reached:
                    reached.add(end)
                    waiting.append(end)
        return [n for n in self.demand_node_ids() if n not in reached]

    def priced_commodity_ids(self) -> list[str]:
        """Commodities with priced demand (a normal price and an elasticity), in input order."""
        c = self.commodities
        return list(c.loc[c["price_usd_per_t"].notna() & c["price_elasticity"].notna(), "id"])

    def with_elasticity(self, case: str) -> Network:
        """The network with each priced commodity's ``price_elasticity`` set to its ``case``
        value: "central" (as given), "low" (``price_elasticity_low``, the least responsive) or
        "high" (``price_elasticity_high``); a blank low or high value keeps the central one.
        """
        if case not in ELASTICITY_CASES:
            msg = f"unknown elasticity case {case!r}; choose one of {', '.join(ELASTICITY_CASES)}"
            raise ValueError(msg)
        if case == "central":
            return self
        commodities = self.commodities.copy()
        chosen = commodities[f"price_elasticity_{case}"]
        commodities["price_elasticity"] = chosen.fillna(commodities["price_elasticity"])
        return replace(self, commodities=commodities)

    def on_calendar(self, day_zero: date) -> Network:
        """The network with day 0 on ``day_zero``: a supply row with a ``month`` offers its t/day
        on the days of that calendar month only. Without a calendar such a row counts every day at
        its year-round average (t/day × the month's days ÷ 365.25).
        """
        return replace(self, day_zero=day_zero)

    def has_monthly_supply(self) -> bool:
        """True when some supply row is tied to a calendar month."""
        return "month" in self.supply and bool(self.supply["month"].notna().any())

    def describe(self) -> str:
        """One line: counts of nodes by kind, routes, arcs and commodities."""
        kinds = self.nodes["kind"].value_counts()
        by_kind = ", ".join(f"{n} {k}" for k, n in kinds.items())
        return (
            f"{len(self.nodes)} nodes ({by_kind}), {len(self.routes)} routes ({len(self.arcs)} "
            f"arcs), {len(self.commodities)} commodities"
        )
