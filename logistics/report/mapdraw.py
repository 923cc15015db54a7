"""The map panels: provinces, routes, nodes, labels, scale bar and north arrow on matplotlib
axes (pyplot is never used).

Coordinates are degrees (longitude, latitude), drawn with the aspect of a plate carrée at the
map's middle latitude; sizes are points (1/72 inch) as printed (the figure is printed at 100 %).

A crossing's marker is its worst status on any day of the horizon (``crossing_states``: not
functional, closed, restricted, open), **filled** when that status holds on every day and
**hollow** when only on some days: a crossing closed on days 10–24 and restricted to ×0.7 on
the others is a hollow red cross. Its label lists each status with its days ("closed days
10–24; ×0.7 other days").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import PathPatch

from logistics.analyses.briefing import tonnes_of
from logistics.analyses.crossing_status import CLOSED, RESTRICTED, crossing_states
from logistics.analyses.run import Results, ScenarioResult
from logistics.report.boundaries import Province
from logistics.report.maplayout import label_jobs, label_layer
from logistics.report.mapmeasure import FIRST_WEEK, NOTHING_PCT, PRICE, Shading, map_shading
from logistics.report.mapping import safe_text, short_name
from logistics.report.mapscale import draw_north_arrow, draw_scale_bar
from logistics.report.mapstyle import (
    BOUNDARY_COLOUR,
    MARKER_PT2,
    NOT_MODELLED_COLOUR,
    NOTE_PT,
    OTHER_NODE_COLOUR,
    PANEL_TITLE_PT,
    ROUTE_COLOUR,
    STATE_MARKER,
    UNUSED_COLOUR,
)

ROUTE_MAX_WIDTH_PT = 6.0
USED_T = 0.5  # a route carrying less than this over the horizon is drawn as unused, t
NEAR_DEG = 2.0  # nodes this close to the provinces' box widen the map; farther ones stay off it
MARGIN_DEG = 0.3


@dataclass(frozen=True)
class MapFrame:
    """What every panel shares: provinces (None: draw points), located nodes, extent
    (degrees), the shading and the widest route's tonnes.
    """

    provinces: dict[str, Province] | None
    located: pd.DataFrame
    extent: tuple[float, float, float, float]
    shading: Shading
    widest_t: float
    centre: tuple[float, float]


def afghan_provinces(
    results: Results, provinces: dict[str, Province] | None
) -> dict[str, Province] | None:
    """Return ``provinces`` when every demand node's P-code is one of them, else None."""
    net = results.network
    pcodes = net.node_table["pcode"].reindex(net.demand["node"].unique()).dropna()
    if provinces is None or pcodes.empty or not set(pcodes).issubset(provinces):
        return None
    return provinces


def _extent(
    located: pd.DataFrame, provinces: dict[str, Province] | None
) -> tuple[float, float, float, float]:
    """(west, east, south, north), degrees: the provinces and nodes near them, or every node."""
    lon, lat = located["lon"].to_numpy(float), located["lat"].to_numpy(float)
    if provinces is not None:
        rings = np.vstack(
            [ring for p in provinces.values() for polygon in p.polygons for ring in polygon]
        )
        (x0, y0), (x1, y1) = rings.min(axis=0), rings.max(axis=0)
        near = (
            (lon > x0 - NEAR_DEG)
            & (lon < x1 + NEAR_DEG)
            & (lat > y0 - NEAR_DEG)
            & (lat < y1 + NEAR_DEG)
        )
        lon, lat = np.r_[lon[near], x0, x1], np.r_[lat[near], y0, y1]
    span = max(lon.max() - lon.min(), lat.max() - lat.min(), 1.0)
    pad = MARGIN_DEG + 0.02 * span
    return lon.min() - pad, lon.max() + pad, lat.min() - pad, lat.max() + pad


def map_frame(
    results: Results,
    panels: list[tuple[ScenarioResult, str]],
    provinces: dict[str, Province] | None = None,
    measure: str | None = None,
) -> MapFrame:
    """Work out what the panels share: boundaries or points, extent, shading, widest route.

    The shading has one scale for the panels, so a colour means the same on each.
    """
    located = results.network.node_table.dropna(subset=["lat", "lon"])
    provinces = afghan_provinces(results, provinces)
    flows = [r.routes["t"] for r, _ in panels if len(r.routes)]
    widest = max([float(f.max()) for f in flows] + [0.0])
    extent = _extent(located, provinces)
    centre = ((extent[0] + extent[1]) / 2, (extent[2] + extent[3]) / 2)
    if provinces is not None:
        points = np.array([p.label_point for p in provinces.values()])
        centre = tuple(points.mean(axis=0))
    shading = map_shading(results, [r.name for r, _ in panels], provinces is not None, measure)
    return MapFrame(provinces, located, extent, shading, widest, centre)


# ------------------------------------------------------------------------------------ layers


def _draw_provinces(ax, frame: MapFrame, values: pd.Series, modelled: set) -> None:
    """Province polygons shaded by their value; grey where the network has no demand."""
    patches, colours = [], []
    for pcode, province in frame.provinces.items():
        patches.append(PathPatch(province.path))
        colours.append(
            frame.shading.colour(values.get(pcode, np.nan))
            if pcode in modelled
            else NOT_MODELLED_COLOUR
        )
    ax.add_collection(
        PatchCollection(
            patches,
            facecolors=colours,
            edgecolors=BOUNDARY_COLOUR,
            linewidths=0.4,
            zorder=1,
            label="provinces",
        )
    )


def _route_segments(
    frame: MapFrame, result: ScenarioResult, network_routes: pd.DataFrame
) -> pd.DataFrame:
    """Routes with both ends located: src, dst, x0, y0, x1, y1 (degrees), t over the horizon."""
    loc = frame.located
    routes = network_routes[
        network_routes["from"].isin(loc.index) & network_routes["to"].isin(loc.index)
    ]
    flows = result.routes["t"] if len(result.routes) else pd.Series(dtype=float)
    return pd.DataFrame(
        {
            "src": routes["from"].to_numpy(),
            "dst": routes["to"].to_numpy(),
            "x0": loc.loc[routes["from"], "lon"].to_numpy(float),
            "y0": loc.loc[routes["from"], "lat"].to_numpy(float),
            "x1": loc.loc[routes["to"], "lon"].to_numpy(float),
            "y1": loc.loc[routes["to"], "lat"].to_numpy(float),
            "t": flows.reindex(routes["id"]).fillna(0.0).to_numpy(float),
        }
    )


def route_width_pt(t: np.ndarray | float, widest_t: float) -> np.ndarray:
    """Line width in points for tonnes carried, the widest route at ``ROUTE_MAX_WIDTH_PT``."""
    return 0.6 + (ROUTE_MAX_WIDTH_PT - 0.6) * np.asarray(t, dtype=float) / max(widest_t, 1e-9)


def _draw_routes(ax, frame: MapFrame, segments: pd.DataFrame) -> None:
    """Unused routes thin grey, used ones blue with a width by tonnes."""
    used = segments["t"] >= USED_T
    for mask, style in (
        (~used, {"colors": UNUSED_COLOUR, "linewidths": 0.5, "zorder": 2}),
        (used, None),
    ):
        part = segments[mask]
        lines = (
            np.stack([part[["x0", "y0"]].to_numpy(), part[["x1", "y1"]].to_numpy()], axis=1)
            if len(part)
            else np.empty((0, 2, 2))
        )
        if style is None:
            style = {
                "colors": ROUTE_COLOUR,
                "linewidths": route_width_pt(part["t"], frame.widest_t),
                "alpha": 0.6,
                "zorder": 3,
                "capstyle": "round",
            }
        ax.add_collection(LineCollection(lines, **style))


def _edge_point(
    inside: tuple[float, float], outside: tuple[float, float], extent
) -> tuple[float, float]:
    """Where the segment from ``inside`` to ``outside`` leaves the extent (degrees)."""
    (x0, y0), (x1, y1) = inside, outside
    west, east, south, north = extent
    ts = [1.0]
    if x1 != x0:
        ts += [t for t in ((west - x0) / (x1 - x0), (east - x0) / (x1 - x0)) if 0 <= t <= 1]
    if y1 != y0:
        ts += [t for t in ((south - y0) / (y1 - y0), (north - y0) / (y1 - y0)) if 0 <= t <= 1]
    t = min(ts)
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


def _in_extent(x: float, y: float, extent) -> bool:
    return extent[0] <= x <= extent[1] and extent[2] <= y <= extent[3]


def _off_map_labels(
    frame: MapFrame, segments: pd.DataFrame
) -> list[tuple[str, tuple[float, float]]]:
    """Place "to Karachi" where a route leaves the map towards a node beyond it, once per place."""
    labels: list[tuple[str, tuple[float, float]]] = []
    for row in segments.itertuples():
        ends = [((row.x0, row.y0), row.src), ((row.x1, row.y1), row.dst)]
        inside = [_in_extent(*xy, frame.extent) for xy, _ in ends]
        if inside[0] == inside[1]:
            continue
        (xy_in, _), (xy_out, far) = ends if inside[0] else ends[::-1]
        x, y = _edge_point(xy_in, xy_out, frame.extent)
        text = f"to {short_name(frame.located.at[far, 'name'], max_chars=22)}"
        if not any(t == text and math.dist(p, (x, y)) < 2.5 for t, p in labels):
            labels.append((text, (x, y)))
    return labels


def crossing_symbol(state: pd.Series, horizon_days: int) -> tuple[str, bool]:
    """The status a crossing's marker shows and whether it holds on every day (filled marker).

    The worst status on any day (``state``); "every day" when its days (closed or restricted)
    number the horizon's. Open and not functional hold on every day by definition.
    """
    status = state["state"]
    if status == CLOSED:
        return status, int(state["closed_days"]) >= horizon_days
    if status == RESTRICTED:
        return status, int(state["restricted_days"]) >= horizon_days
    return status, True


def _draw_nodes(
    ax,
    frame: MapFrame,
    result: ScenarioResult,
    values: pd.Series,
    states: pd.DataFrame,
    horizon_days: int,
) -> dict:
    """Draw the markers and return the node groups on the map, for labelling.

    Crossings by status (filled or hollow, ``crossing_symbol``) on top, other nodes as small grey
    squares, demand nodes as dots (coloured by the shading when no boundaries are drawn).
    """
    loc = frame.located
    inside = loc[
        [_in_extent(x, y, frame.extent) for x, y in zip(loc["lon"], loc["lat"], strict=True)]
    ]
    crossings = inside[inside.index.isin(states.index)]
    demand = inside[inside.index.isin(result.by_node.index)]
    others = inside[~inside.index.isin(crossings.index) & ~inside.index.isin(demand.index)]
    symbols = {node: crossing_symbol(states.loc[node], horizon_days) for node in crossings.index}
    for state, every_day in dict.fromkeys(symbols.values()):
        group = crossings[[symbols[n] == (state, every_day) for n in crossings.index]]
        marker, colour, _ = STATE_MARKER[state]
        ax.scatter(
            group["lon"],
            group["lat"],
            marker=marker,
            s=MARKER_PT2,
            facecolors=colour if every_day else "white",
            edgecolors="white" if every_day else colour,
            linewidths=0.7 if every_day else 1.3,
            zorder=6,
            label=f"crossings {state}{'' if every_day else ' some days'}",
        )
    ax.scatter(
        others["lon"],
        others["lat"],
        marker="s",
        s=12,
        color=OTHER_NODE_COLOUR,
        edgecolors="white",
        linewidths=0.4,
        zorder=5,
    )
    if frame.provinces is not None:
        ax.scatter(demand["lon"], demand["lat"], marker="o", s=3, color="#404040", zorder=5)
    else:
        shading = frame.shading
        ax.scatter(
            demand["lon"],
            demand["lat"],
            c=[shading.colour(values.get(n, np.nan)) for n in demand.index],
            s=60,
            edgecolors="#404040",
            linewidths=0.6,
            zorder=5,
        )
    return {"crossings": crossings, "demand": demand, "others": others, "symbols": symbols}


def nothing_shaded_note(result: ScenarioResult, shading: Shading) -> str:
    """Two lines for a panel with nothing to shade: why, and what a surprise would cost when the
    run solved it (``ScenarioResult.bounds["none"]``: the figures with no foresight); "" when
    the panel has something to shade.
    """
    if shading.anything(result.name):
        return ""
    what = {
        PRICE: "no province's basket rises in price",
        FIRST_WEEK: "no province is short on any day",
    }.get(shading.measure, f"no province is {NOTHING_PCT:g} % short")
    short = f"{result.totals['shortfall_t']:,.0f} t short in all"
    first = f"Nothing shaded: with perfect foresight {what} ({short})."
    surprise = result.bounds.get("none") or {}
    if surprise.get("shortfall_t") is None:
        return first
    words = f"Closures without warning: {surprise['shortfall_t']:,.0f} t short"
    day = surprise.get("first_shortfall_day")
    words += f" from day {day}" if day is not None else ""
    peak = surprise.get("basket_peak_price_change_pct")
    if peak is not None and abs(peak) >= NOTHING_PCT:
        words += f"; national basket up to {peak:+.0f} %"
    return f"{first}\n{words}."


def draw_panel(
    ax,
    results: Results,
    frame: MapFrame,
    result: ScenarioResult,
    role: str,
    note: str = "",
    note_band_pt: float = 0.0,
) -> tuple[dict, list[str]]:
    """One scenario's map: shading, routes, nodes, scale bar, north arrow and labels, titled
    with its shortfall. Returns the crossings' symbols (``crossing_symbol`` by node) and the
    labels left out for want of room.
    """
    west, east, south, north = frame.extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.0 / math.cos(math.radians((south + north) / 2)), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#BFBFBF")
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    values = frame.shading.values.get(result.name, pd.Series(dtype=float))
    if frame.provinces is not None:
        modelled = set(result.by_node["pcode"].dropna())
        _draw_provinces(ax, frame, values, modelled)
    segments = _route_segments(frame, result, results.network.routes)
    _draw_routes(ax, frame, segments)
    states = crossing_states(
        result.scenario,
        result.crossings,
        results.horizon_days,
        results.network.routes,
        results.network.node_table["throughput_t_per_day"],
    )
    groups = _draw_nodes(ax, frame, result, values, states, results.horizon_days)
    furniture = [draw_scale_bar(ax, frame.extent, renderer)[0]]
    furniture.append(draw_north_arrow(ax, frame.extent, renderer))
    jobs = label_jobs(frame, groups, states, _off_map_labels(frame, segments))
    left_out = label_layer(ax, jobs, furniture, groups)
    totals = result.totals
    title = ax.text(
        0,
        1,
        f"{safe_text(result.scenario.display_name, max_chars=60)}: "
        f"{tonnes_of(totals['shortfall_t'], totals['need_t'])} short\n{role}",
        transform=ax.transAxes,
        fontsize=PANEL_TITLE_PT,
        va="bottom",
        label="panel title",
    )
    title.set_y(1 + (note_band_pt + 3) * ax.figure.dpi / 72 / ax.bbox.height)
    if note:
        note_text = ax.text(
            0,
            1,
            note,
            transform=ax.transAxes,
            fontsize=NOTE_PT,
            color="#9E0000",
            va="bottom",
            linespacing=1.15,
            label="nothing shaded",
        )
        note_text.set_y(1 + 2 * ax.figure.dpi / 72 / ax.bbox.height)
    return groups["symbols"], left_out
