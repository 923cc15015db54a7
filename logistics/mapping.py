"""The map picture for the report (matplotlib, no display needed): nodes at their coordinates,
demand nodes coloured by shortfall share, crossings marked open or closed, routes drawn with a
width by the tonnes they carry. Two panels: the baseline and the worst scenario.
"""

from __future__ import annotations

import io

import numpy as np

from .run import Results, ScenarioResult

# Shortfall share (%) at which the colour reaches full red.
FULL_RED_PCT = 20.0


def _panel(ax, results: Results, result: ScenarioResult) -> None:
    import matplotlib.colors as mcolors

    net = results.network
    nodes = net.node_table
    located = nodes.dropna(subset=["lat", "lon"])
    flows = result.routes["t"] if len(result.routes) else None
    widest = float(flows.max()) if flows is not None and len(flows) and flows.max() > 0 else 1.0
    routes = net.routes
    for route, a, b in zip(routes["id"], routes["from"], routes["to"], strict=True):
        if a not in located.index or b not in located.index:
            continue
        t = float(flows.get(route, 0.0)) if flows is not None else 0.0
        xs, ys = [located.at[a, "lon"], located.at[b, "lon"]], [located.at[a, "lat"], located.at[b, "lat"]]
        ax.plot(xs, ys, color="#9FB6CD", linewidth=0.4, zorder=1)
        if t > 0.5:
            ax.plot(xs, ys, color="#1F4E78", linewidth=0.6 + 5.0 * t / widest, alpha=0.75, zorder=2, solid_capstyle="round")
    by_node = result.by_node
    demand = located[located.index.isin(by_node.index)]
    share = by_node["shortfall_pct"].reindex(demand.index).fillna(0.0).to_numpy()
    cmap = mcolors.LinearSegmentedColormap.from_list("shortfall", ["#FFFFFF", "#F4B183", "#C00000"])
    points = ax.scatter(demand["lon"], demand["lat"], c=np.clip(share, 0, FULL_RED_PCT), cmap=cmap, vmin=0, vmax=FULL_RED_PCT, s=55, edgecolors="#404040", linewidths=0.6, zorder=3)
    crossings = result.crossings
    for node in crossings.index:
        if node not in located.index:
            continue
        closed = crossings.at[node, "closed_days"] > 0
        ax.scatter(located.at[node, "lon"], located.at[node, "lat"], marker="X" if closed else "^", s=70, color="#C00000" if closed else "#2E7D32", edgecolors="white", linewidths=0.6, zorder=4)
    others = located[~located.index.isin(demand.index) & ~located.index.isin(crossings.index)]
    ax.scatter(others["lon"], others["lat"], marker="s", s=22, color="#595959", zorder=3)
    for _node, row in others.iterrows():
        ax.annotate(str(row["name"]).split(" (")[0].split(" /")[0], (row["lon"], row["lat"]), fontsize=6, xytext=(3, 3), textcoords="offset points", color="#404040")
    ax.set_title(f"{result.name}: {result.totals['shortfall_t']:,.0f} t short ({result.totals['shortfall_pct']:.1f} %)", fontsize=10)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(True, linewidth=0.3, alpha=0.5)
    return points


def map_png(results: Results, dpi: int = 110, start_date=None) -> bytes | None:
    """PNG bytes of the two-panel map, or None when no node has coordinates."""
    if results.network.nodes[["lat", "lon"]].dropna().empty:
        return None
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    others = [s for s in results.scenarios[1:]]
    worst = max(others, key=lambda s: s.totals["shortfall_t"]) if others else None
    panels = [results.baseline] + ([worst] if worst is not None else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(6.2 * len(panels), 5.6), squeeze=False)
    points = None
    for ax, result in zip(axes[0], panels, strict=True):
        points = _panel(ax, results, result)
    colorbar = fig.colorbar(points, ax=list(axes[0]), shrink=0.7, pad=0.02)
    colorbar.set_label(f"shortfall, % of the province's need (red at {FULL_RED_PCT:.0f} % and above)", fontsize=8)
    legend = [
        Line2D([], [], marker="^", linestyle="", color="#2E7D32", label="crossing open"),
        Line2D([], [], marker="X", linestyle="", color="#C00000", label="crossing closed (any day)"),
        Line2D([], [], marker="s", linestyle="", color="#595959", label="origin, port or hub"),
        Line2D([], [], color="#1F4E78", linewidth=3, label="route flow (width by tonnes)"),
    ]
    fig.legend(handles=legend, loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.suptitle("Where food falls short: baseline and the worst scenario", fontsize=12)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
