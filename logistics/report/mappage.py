"""The page around the map panels: layout on A4 landscape, colour bar, legend and footer.

Sizes are figure fractions or points (1/72 inch); the page is A4 landscape less 1 cm margins.
"""

from __future__ import annotations

import io
import math
from datetime import date
from importlib.metadata import PackageNotFoundError, version

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from logistics.analyses.run import Results, ScenarioResult
from logistics.report.boundaries import BOUNDARY_SOURCE, Province
from logistics.report.mapdraw import (
    BOUNDARY_COLOUR,
    FONT_PT,
    NOT_MODELLED_COLOUR,
    OTHER_NODE_COLOUR,
    ROUTE_COLOUR,
    STATE_MARKER,
    UNUSED_COLOUR,
    USED_T,
    MapFrame,
    draw_panel,
    map_frame,
    route_width_pt,
    shortfall_shares_pct,
)
from logistics.report.mapping import A4_LANDSCAPE_CM, CM_PER_INCH, map_panels, safe_text

TITLE_PT = 10.0
LEGEND_Y = 0.115  # lowest bottom of the colour bar, figure fraction
DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply official "
    "endorsement or acceptance by the authors."
)


def _colour_bar(
    fig: Figure, frame: MapFrame, rect: tuple[float, float, float, float], horizon_days: int
) -> None:
    """Horizontal colour bar from 0 to the scale's top, or a sentence when nothing is short."""
    what = "province" if frame.provinces is not None else "demand node"
    if frame.scale_pct <= 0:
        fig.text(
            rect[0],
            rect[1] + rect[3] / 2,
            f"No {what} is short of food on this map: nothing to shade.",
            fontsize=FONT_PT + 1,
            va="center",
        )
        return
    cax = fig.add_axes(rect, label="shortfall scale")
    bar = fig.colorbar(ScalarMappable(frame.norm, frame.cmap), cax=cax, orientation="horizontal")
    bar.set_ticks(np.linspace(0.0, frame.scale_pct, 6))
    bar.ax.tick_params(labelsize=FONT_PT)
    cax.set_title(
        f"Shortfall over the {horizon_days} days, % of the {what}'s need\n"
        f"(scale 0–{frame.scale_pct:g} %: the run's worst province, rounded up)",
        fontsize=FONT_PT,
        loc="left",
        linespacing=1.2,
    )


def _legend(fig: Figure, frame: MapFrame, anchor: tuple[float, float], not_modelled: bool) -> None:
    """Explain the symbols: crossing states, nodes, route widths, provinces not in the network."""
    handles = [
        Line2D(
            [],
            [],
            marker=m,
            linestyle="",
            color=c,
            markeredgecolor="white",
            markersize=7,
            label=f"crossing {state}",
        )
        for state, (m, c, _) in STATE_MARKER.items()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="s",
            linestyle="",
            color=OTHER_NODE_COLOUR,
            markersize=5,
            label="port, origin or hub",
        )
    )
    if frame.provinces is not None:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color="#262626",
                markersize=2,
                label="province demand node",
            )
        )
    for t in _route_samples_t(frame.widest_t):
        handles.append(
            Line2D(
                [],
                [],
                color=ROUTE_COLOUR,
                alpha=0.7,
                linewidth=float(route_width_pt(t, frame.widest_t)),
                label=f"route carrying {t:,.0f} t" if t >= 1 else f"route carrying {t:.2g} t",
            )
        )
    handles.append(Line2D([], [], color=UNUSED_COLOUR, linewidth=0.5, label="route unused"))
    if not_modelled:
        handles.append(
            Patch(
                facecolor=NOT_MODELLED_COLOUR,
                edgecolor=BOUNDARY_COLOUR,
                label="province not in the network",
            )
        )
    fig.legend(
        handles=handles,
        loc="center left",
        bbox_to_anchor=anchor,
        ncol=3,
        fontsize=FONT_PT,
        frameon=False,
        handlelength=2.2,
        columnspacing=1.2,
    )


def _route_samples_t(widest_t: float) -> list[float]:
    """Two round tonnages for the legend: the widest route's, rounded down, and a fifth of it."""
    if widest_t < USED_T:
        return []
    power = 10.0 ** math.floor(math.log10(widest_t))
    top = max(step * power for step in (1.0, 2.0, 5.0) if step * power <= widest_t)
    return [top, top / 5]


def _version() -> str:
    try:
        return version("borderflow")
    except PackageNotFoundError:
        return "unknown"


def _footer(fig: Figure, results: Results, start_date: date | None) -> None:
    """Dates, foresight, source and disclaimer, bottom left, inside the page."""
    day0 = (
        f"Day 0 = {start_date.day} {start_date:%b %Y}"
        if start_date
        else "Day 0 not dated (no start date given)"
    )
    foresight = (
        "perfect foresight (the plan knows the closures in advance): an optimistic bound"
        if results.foresight in ("perfect", "both")
        else "no foresight (closures learned on the day they start)"
    )
    made = date.today()
    lines = [
        f"{day0}; horizon {results.horizon_days} days; {foresight}. "
        f"Map made {made.day} {made:%b %Y}.",
        f"Boundaries: {BOUNDARY_SOURCE}. Model: borderflow {_version()}.",
        DISCLAIMER,
    ]
    fig.text(
        0.012,
        0.012,
        "\n".join(lines),
        fontsize=FONT_PT,
        va="bottom",
        ha="left",
        color="#404040",
        linespacing=1.35,
    )


def _panel_rects(count: int, extent) -> list[tuple[float, float, float, float]]:
    """Axes rectangles (figure fractions) for one or two map panels.

    As large as the page allows between the title and the legend, at the map's aspect.
    """
    width_cm, height_cm = A4_LANDSCAPE_CM
    west, east, south, north = extent
    ratio = (
        (north - south) / math.cos(math.radians((south + north) / 2)) / (east - west)
    )  # height / width
    gap, top, bottom = 0.012, 0.885, LEGEND_Y + 0.08
    width = (1 - gap * (count + 1)) / count
    height = min(top - bottom, width * width_cm * ratio / height_cm)
    width = height * height_cm / ratio / width_cm
    left = (1 - count * width - (count - 1) * gap) / 2
    return [(left + i * (width + gap), top - height, width, height) for i in range(count)]


def draw_map(
    results: Results,
    panels: list[tuple[ScenarioResult, str]],
    start_date: date | None,
    provinces: dict[str, Province] | None = None,
) -> Figure:
    """Draw the whole figure: title, one or two panels, colour bar, legend and footer."""
    width_cm, height_cm = A4_LANDSCAPE_CM
    fig = Figure(figsize=(width_cm / CM_PER_INCH, height_cm / CM_PER_INCH))
    FigureCanvasAgg(fig)
    frame = map_frame(results, panels, provinces)
    names = " and ".join(f"“{safe_text(r.name)}”" for r, _ in panels)
    fig.text(
        0.012, 0.985, f"Where food falls short: {names}", fontsize=TITLE_PT, weight="bold", va="top"
    )
    for (result, role), rect in zip(
        panels, rects := _panel_rects(len(panels), frame.extent), strict=True
    ):
        ax = fig.add_axes(rect, label=f"map: {result.name}")
        draw_panel(ax, results, frame, result, role)
    legend_y = min(r[1] for r in rects) - 0.075
    _colour_bar(fig, frame, (0.025, legend_y, 0.3, 0.022), results.horizon_days)
    not_modelled = frame.provinces is not None and any(
        p not in shortfall_shares_pct(r, True).index for r, _ in panels for p in frame.provinces
    )
    _legend(fig, frame, (0.37, legend_y + 0.011), not_modelled)
    _footer(fig, results, start_date)
    return fig


def map_figure(
    results: Results,
    start_date: date | None = None,
    provinces: dict[str, Province] | None = None,
):
    """Draw the map as a matplotlib Figure sized for A4 landscape, shading ``provinces``
    (``load_provinces``) when every demand node's P-code is one of them.

    None when no node has coordinates.
    """
    if results.network.nodes[["lat", "lon"]].dropna().empty:
        return None
    return draw_map(results, map_panels(results), start_date, provinces)


def map_png(
    results: Results,
    dpi: int = 110,
    start_date: date | None = None,
    provinces: dict[str, Province] | None = None,
) -> bytes | None:
    """PNG bytes of the map (``map_figure``): A4 landscape less margins at ``dpi`` dots per
    inch.

    None when no node has coordinates.
    """
    fig = map_figure(results, start_date, provinces)
    if fig is None:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
