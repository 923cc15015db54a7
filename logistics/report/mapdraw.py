"""The map panels: provinces, routes, nodes and labels on matplotlib axes (pyplot is never used).

Coordinates are degrees (longitude, latitude), drawn with the aspect of a plate carrée at the
map's middle latitude; sizes are points (1/72 inch) on an A4-landscape page less margins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.patches import PathPatch

from logistics.analyses.crossing_status import (
    CLOSED,
    NOT_FUNCTIONAL,
    OPEN,
    RESTRICTED,
    crossing_states,
)
from logistics.analyses.run import Results, ScenarioResult
from logistics.report.boundaries import Province
from logistics.report.maplabels import LabelPlacer, directions_towards
from logistics.report.mapping import SHORTFALL_COLOURS, safe_text, shortfall_scale_pct

FONT_PT = 7.0
PROVINCE_PT = 6.5
PANEL_TITLE_PT = 8.5
STATE_MARKER = {
    OPEN: ("^", "#2E7D32", "#1B5E20"),
    RESTRICTED: ("D", "#E69500", "#8A5300"),
    CLOSED: ("X", "#C00000", "#9E0000"),
    NOT_FUNCTIONAL: ("o", "#A6A6A6", "#595959"),
}
ROUTE_COLOUR = "#1F4E78"
UNUSED_COLOUR = "#A6A6A6"
OTHER_NODE_COLOUR = "#595959"
NOT_MODELLED_COLOUR = "#E7E6E6"
BOUNDARY_COLOUR = "#7F7F7F"
ROUTE_MAX_WIDTH_PT = 6.0
USED_T = 0.5  # a route carrying less than this over the horizon is drawn as unused, t
NEAR_DEG = 2.0  # nodes this close to the provinces' box widen the map; farther ones stay off it
MARGIN_DEG = 0.3
HALO = [patheffects.withStroke(linewidth=1.6, foreground="white")]


@dataclass(frozen=True)
class MapFrame:
    """What every panel shares.

    Provinces (None: draw points), located nodes, extent (degrees), the colour scale's top
    (% of need) and the widest route's tonnes.
    """

    provinces: dict[str, Province] | None
    located: pd.DataFrame
    extent: tuple[float, float, float, float]
    scale_pct: float
    widest_t: float
    cmap: LinearSegmentedColormap
    centre: tuple[float, float]

    @property
    def norm(self) -> Normalize:
        """Shortfall share (%) → colour position."""
        return Normalize(0.0, max(self.scale_pct, 1e-9), clip=True)


def afghan_provinces(
    results: Results, provinces: dict[str, Province] | None
) -> dict[str, Province] | None:
    """Return ``provinces`` when every demand node's P-code is one of them, else None."""
    net = results.network
    pcodes = net.node_table["pcode"].reindex(net.demand["node"].unique()).dropna()
    if provinces is None or pcodes.empty or not set(pcodes).issubset(provinces):
        return None
    return provinces


def shortfall_shares_pct(result: ScenarioResult, by_province: bool) -> pd.Series:
    """Shortfall in % of need over the horizon, by P-code (summing nodes) or by node."""
    by_node = result.by_node
    if not by_province:
        return by_node["shortfall_pct"].fillna(0.0)
    sums = by_node.dropna(subset=["pcode"]).groupby("pcode")[["shortfall_t", "need_t"]].sum()
    return (100.0 * sums["shortfall_t"] / sums["need_t"].where(sums["need_t"] > 0)).fillna(0.0)


def short_name(name: object, max_chars: int = 28) -> str:
    """Shorten a node's name to its first part: "Torkham (AF) – Torkham (PAK)" → "Torkham"."""
    text = str(name)
    for sep in (" (", " – ", " / ", ", "):
        text = text.split(sep)[0]
    return safe_text(text, max_chars)


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
) -> MapFrame:
    """Work out what the panels share: boundaries or points, extent, colour scale, widest route."""
    located = results.network.node_table.dropna(subset=["lat", "lon"])
    provinces = afghan_provinces(results, provinces)
    flows = [r.routes["t"] for r, _ in panels if len(r.routes)]
    widest = max([float(f.max()) for f in flows] + [0.0])
    extent = _extent(located, provinces)
    cmap = LinearSegmentedColormap.from_list("shortfall", list(SHORTFALL_COLOURS))
    centre = ((extent[0] + extent[1]) / 2, (extent[2] + extent[3]) / 2)
    if provinces is not None:
        points = np.array([p.label_point for p in provinces.values()])
        centre = tuple(points.mean(axis=0))
    # one scale for the whole report: the worst province of any scenario of the run, as on the
    # Provinces sheet, so a colour means the same share on every panel and sheet
    shares = [shortfall_shares_pct(r, provinces is not None) for r in results.scenarios]
    scale = shortfall_scale_pct(pd.concat(shares).tolist() if shares else [])
    return MapFrame(provinces, located, extent, scale, widest, cmap, centre)


# ------------------------------------------------------------------------------------ layers


def _draw_provinces(ax, frame: MapFrame, shares: pd.Series) -> list:
    """Province polygons shaded by share; returns (label text, point) for the names."""
    patches, colours, names = [], [], []
    for pcode, province in frame.provinces.items():
        patches.append(PathPatch(province.path))
        colours.append(
            frame.cmap(frame.norm(shares[pcode])) if pcode in shares.index else NOT_MODELLED_COLOUR
        )
        names.append((safe_text(province.name, 16), province.label_point))
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
    return names


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
                "alpha": 0.7,
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


def _draw_nodes(
    ax, frame: MapFrame, result: ScenarioResult, shares: pd.Series, states: pd.DataFrame
) -> dict:
    """Draw the markers and return the node groups on the map, for labelling.

    Crossings by state, other nodes as grey squares, demand nodes as dots (coloured by share
    when no boundaries are drawn).
    """
    loc = frame.located
    inside = loc[
        [_in_extent(x, y, frame.extent) for x, y in zip(loc["lon"], loc["lat"], strict=True)]
    ]
    crossings = inside[inside.index.isin(states.index)]
    demand = inside[inside.index.isin(result.by_node.index)]
    others = inside[~inside.index.isin(crossings.index) & ~inside.index.isin(demand.index)]
    for state, (marker, colour, _) in STATE_MARKER.items():
        group = crossings[states["state"].reindex(crossings.index) == state]
        ax.scatter(
            group["lon"],
            group["lat"],
            marker=marker,
            s=46,
            color=colour,
            edgecolors="white",
            linewidths=0.7,
            zorder=6,
        )
    ax.scatter(
        others["lon"],
        others["lat"],
        marker="s",
        s=18,
        color=OTHER_NODE_COLOUR,
        edgecolors="white",
        linewidths=0.5,
        zorder=5,
    )
    if frame.provinces is not None:
        ax.scatter(demand["lon"], demand["lat"], marker="o", s=3, color="#595959", zorder=5)
    else:
        share = shares.reindex(demand.index).fillna(0.0).to_numpy()
        ax.scatter(
            demand["lon"],
            demand["lat"],
            c=share,
            cmap=frame.cmap,
            norm=frame.norm,
            s=60,
            edgecolors="#404040",
            linewidths=0.6,
            zorder=5,
        )
    return {"crossings": crossings, "demand": demand, "others": others}


def _crossing_label(name: object, state_row: pd.Series) -> str:
    """Label a crossing: "Torkham — closed days 0–89", or name and state on lines of their own."""
    text = f"{short_name(name)} — {state_row['text']}"
    if len(text) <= MAX_LINE_CHARS:
        return text
    return f"{short_name(name)}\n{_wrap(state_row['text'])}"


MAX_LINE_CHARS = 22


def _wrap(text: str) -> str:
    """Break ``text`` into lines of at most ``MAX_LINE_CHARS`` where possible.

    Lines break after "; " and ", " and before "day"/"days", so that days stay with their numbers.
    """
    lines, line = [], ""
    marked = text.replace("; ", ";\x00").replace(", ", ",\x00").replace(" day", "\x00day")
    for word in marked.split("\x00"):
        candidate = f"{line} {word}".strip() if line else word
        if line and len(candidate) > MAX_LINE_CHARS:
            lines.append(line)
            candidate = word
        line = candidate
    return "\n".join([*lines, line])


NEAR = [(0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]
CROSSING_DISTANCES_PT = (4, 12, 22, 34, 48, 64, 80, 100)
MAX_POINT_LABELS = 60  # without boundaries, more demand nodes than this are left unnamed
PROVINCE_STYLE = {"fontsize": PROVINCE_PT, "color": "#262626", "zorder": 7, "path_effects": HALO}
PLACE_STYLE = {
    "fontsize": FONT_PT,
    "color": OTHER_NODE_COLOUR,
    "style": "italic",
    "zorder": 7,
    "path_effects": HALO,
}
CROSSING_STYLE = {"fontsize": FONT_PT, "zorder": 8, "path_effects": HALO, "linespacing": 1.1}


def _label_layer(
    ax, frame: MapFrame, groups: dict, states: pd.DataFrame, province_names: list, off_map: list
) -> None:
    """Label the map so that no label overlaps another or leaves the axes.

    Province names first (at their polygon's inner point), then crossings (pointing away from
    the middle of the map), the places where routes leave the map, and other nodes.
    """
    placer = LabelPlacer(ax)
    every = pd.concat([groups["crossings"], groups["others"], groups["demand"]])
    placer.block_points(every[["lon", "lat"]].to_numpy(float), radius_pt=3.5)
    cx, cy = frame.centre
    for text, xy in province_names:
        placer.place(text, xy, NEAR, distances_pt=(0, 3, 6), leader_from_pt=6, **PROVINCE_STYLE)
    for node, row in groups["crossings"].iterrows():
        state = states.loc[node]
        outward = directions_towards(row["lon"] - cx, row["lat"] - cy)
        text, colour = _crossing_label(row["name"], state), STATE_MARKER[state["state"]][2]
        placer.place(
            text,
            (row["lon"], row["lat"]),
            outward,
            CROSSING_DISTANCES_PT,
            color=colour,
            **CROSSING_STYLE,
        )
    for text, (x, y) in off_map:
        placer.place(
            text, (x, y), directions_towards(cx - x, cy - y), (3, 8, 14, 22), **PLACE_STYLE
        )
    named = [(groups["others"], PLACE_STYLE)]
    if frame.provinces is None and len(groups["demand"]) <= MAX_POINT_LABELS:
        named.append((groups["demand"], PROVINCE_STYLE | {"fontsize": FONT_PT}))
    for nodes, style in named:
        for _, row in nodes.iterrows():
            outward = directions_towards(row["lon"] - cx, row["lat"] - cy)
            placer.place(short_name(row["name"]), (row["lon"], row["lat"]), outward, **style)


def draw_panel(ax, results: Results, frame: MapFrame, result: ScenarioResult, role: str) -> None:
    """One scenario's map: shading, routes, nodes and labels, titled with its shortfall."""
    west, east, south, north = frame.extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.0 / math.cos(math.radians((south + north) / 2)), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#BFBFBF")
    ax.apply_aspect()
    shares = shortfall_shares_pct(result, frame.provinces is not None)
    province_names = _draw_provinces(ax, frame, shares) if frame.provinces is not None else []
    segments = _route_segments(frame, result, results.network.routes)
    _draw_routes(ax, frame, segments)
    states = crossing_states(
        result.scenario,
        result.crossings,
        results.horizon_days,
        results.network.routes,
        results.network.node_table["throughput_t_per_day"],
    )
    groups = _draw_nodes(ax, frame, result, shares, states)
    _label_layer(ax, frame, groups, states, province_names, _off_map_labels(frame, segments))
    totals = result.totals
    ax.set_title(
        f"{safe_text(result.name)}: {totals['shortfall_t']:,.0f} t short, "
        f"{totals['shortfall_pct']:.1f} % of need\n{role}",
        fontsize=PANEL_TITLE_PT,
        loc="left",
    )
