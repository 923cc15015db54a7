"""The page around the map panels: layout at the printed size, colour bar, legend and footer.

Sizes are points (1/72 inch) as printed: the figure is ``MAP_SIZE_PT`` and the workbook shows it
at that size.
"""

from __future__ import annotations

import io
import math
import textwrap
from datetime import date
from importlib.metadata import PackageNotFoundError, version

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from logistics.analyses.crossing_status import NOT_FUNCTIONAL, RESTRICTED
from logistics.analyses.run import Results, ScenarioResult
from logistics.report.boundaries import BOUNDARY_SOURCE, Province
from logistics.report.mapdraw import (
    USED_T,
    MapFrame,
    draw_panel,
    map_frame,
    nothing_shaded_note,
    route_width_pt,
)
from logistics.report.mapping import MAP_DPI, MAP_SIZE_PT, POINTS_PER_INCH, map_panels
from logistics.report.mapstyle import (
    BOUNDARY_COLOUR,
    FONT_PT,
    MARKER_PT2,
    NOT_MODELLED_COLOUR,
    OTHER_NODE_COLOUR,
    ROUTE_COLOUR,
    SMALL_PT,
    STATE_MARKER,
    UNUSED_COLOUR,
)

MARGIN_PT = 6.0
TOP_PT = 4.0  # above the panels' titles
PANEL_TITLE_BAND_PT = 25.0  # each panel's two-line title
NOTE_BAND_PT = 18.0  # two lines under a panel's title saying why nothing is shaded
LEGEND_BAND_PT = 56.0  # colour bar and legend below the panels
FOOTER_BAND_PT = 19.0
BAR_TITLE_CHARS = 70  # the colour bar's title wraps at this many characters (6.5 pt: ~240 pt)
DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply official "
    "endorsement or acceptance by the authors."
)


def _colour_bar(
    fig: Figure, frame: MapFrame, rect: tuple[float, float, float, float], anything: bool
) -> None:
    """Horizontal colour bar of the shading, titled with what it measures; a sentence instead
    when no panel has anything to shade.
    """
    shading = frame.shading
    if not anything:
        what = "province" if frame.provinces is not None else "demand node"
        fig.text(
            rect[0],
            rect[1] + rect[3] / 2,
            f"No {what} is short of food on this map: nothing to shade.",
            fontsize=FONT_PT + 0.5,
            va="center",
        )
        return
    cax = fig.add_axes(rect, label="shading scale")
    bar = fig.colorbar(
        ScalarMappable(shading.norm, shading.cmap), cax=cax, orientation="horizontal"
    )
    bar.set_ticks(shading.ticks, labels=shading.tick_labels)
    bar.ax.tick_params(labelsize=FONT_PT - 0.5, length=2, pad=1.5)
    title = shading.title + (f" ({shading.note})" if shading.note else "")
    cax.set_title(
        textwrap.fill(title, BAR_TITLE_CHARS),
        fontsize=SMALL_PT,
        loc="left",
        linespacing=1.15,
        pad=3,
    )


def _marker_handle(state: str, every_day: bool, label: str) -> Line2D:
    marker, colour, _ = STATE_MARKER[state]
    return Line2D(
        [],
        [],
        marker=marker,
        linestyle="",
        markerfacecolor=colour if every_day else "white",
        markeredgecolor="white" if every_day else colour,
        markeredgewidth=0.7 if every_day else 1.3,
        markersize=math.sqrt(MARKER_PT2),
        label=label,
    )


def _status_handles(symbols: set[tuple[str, bool]], horizon_days: int) -> list[Line2D]:
    """One legend entry per crossing symbol drawn, most severe first."""
    handles = []
    for state in STATE_MARKER:
        for every_day in (True, False):
            if (state, every_day) not in symbols:
                continue
            if state == NOT_FUNCTIONAL:
                label = "crossing not functional (no capacity)"
            elif state == RESTRICTED:
                label = "crossing restricted (× capacity)"
            else:
                label = f"crossing {state}"
            if state in ("closed", RESTRICTED):
                label += f", all {horizon_days} days" if every_day else ", some days"
            handles.append(_marker_handle(state, every_day, label))
    return handles


def _legend(
    fig: Figure,
    frame: MapFrame,
    anchor: tuple[float, float],
    symbols: set[tuple[str, bool]],
    horizon_days: int,
    not_modelled: bool,
) -> None:
    """Explain the symbols drawn: crossing statuses, nodes, route widths, provinces not modelled."""
    handles = _status_handles(symbols, horizon_days)
    handles.append(
        Line2D(
            [],
            [],
            marker="s",
            linestyle="",
            color=OTHER_NODE_COLOUR,
            markersize=3.5,
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
                color="#404040",
                markersize=2,
                label="province's demand node",
            )
        )
    for t in _route_samples_t(frame.widest_t):
        handles.append(
            Line2D(
                [],
                [],
                color=ROUTE_COLOUR,
                alpha=0.6,
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
        loc="upper left",
        bbox_to_anchor=anchor,
        ncol=3,
        fontsize=FONT_PT - 0.5,
        frameon=False,
        handlelength=2.0,
        columnspacing=1.0,
        labelspacing=0.35,
        borderaxespad=0.0,
        borderpad=0.0,
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


def _footer(fig: Figure, results: Results, start_date: date | None, y: float) -> None:
    """Dates, foresight, source and disclaimer, bottom left, inside the page."""
    day0 = (
        f"Day 0 = {start_date.day} {start_date:%b %Y}"
        if start_date
        else "Day 0 not dated (no start date given)"
    )
    foresight = (
        "perfect foresight (closures known in advance): an optimistic bound"
        if results.foresight in ("perfect", "both")
        else "no foresight (closures learned on the day they start)"
    )
    made = date.today()
    lines = [
        f"{day0}; horizon {results.horizon_days} days; {foresight}. Map made {made.day} "
        f"{made:%b %Y}. Boundaries: {BOUNDARY_SOURCE}. Model: borderflow {_version()}.",
        DISCLAIMER,
    ]
    fig.text(
        MARGIN_PT / MAP_SIZE_PT[0],
        y,
        "\n".join(lines),
        fontsize=SMALL_PT,
        va="bottom",
        ha="left",
        color="#404040",
        linespacing=1.3,
    )


def _panel_rects(count: int, extent, notes: bool) -> list[tuple[float, float, float, float]]:
    """Axes rectangles (figure fractions) for one or two map panels.

    As large as the page allows between the title and the legend, at the map's aspect; lower
    by two lines when a panel's title has a note under it (``nothing_shaded_note``).
    """
    width_pt, height_pt = MAP_SIZE_PT
    west, east, south, north = extent
    ratio = (north - south) / math.cos(math.radians((south + north) / 2)) / (east - west)
    top_pt = height_pt - TOP_PT - PANEL_TITLE_BAND_PT - NOTE_BAND_PT * notes
    bottom_pt = FOOTER_BAND_PT + LEGEND_BAND_PT
    gap = MARGIN_PT
    width = (width_pt - gap * (count + 1)) / count
    height = min(top_pt - bottom_pt, width * ratio)
    width = height / ratio
    left = (width_pt - count * width - (count - 1) * gap) / 2
    return [
        (
            (left + i * (width + gap)) / width_pt,
            (top_pt - height) / height_pt,
            width / width_pt,
            height / height_pt,
        )
        for i in range(count)
    ]


def draw_map(
    results: Results,
    panels: list[tuple[ScenarioResult, str]],
    start_date: date | None,
    provinces: dict[str, Province] | None = None,
    measure: str | None = None,
) -> Figure:
    """Draw the whole figure: one or two titled panels, colour bar, legend and footer (the
    Map sheet's first row is the page's title).
    """
    width_pt, height_pt = MAP_SIZE_PT
    fig = Figure(figsize=(width_pt / POINTS_PER_INCH, height_pt / POINTS_PER_INCH))
    FigureCanvasAgg(fig)
    frame = map_frame(results, panels, provinces, measure)
    symbols: set[tuple[str, bool]] = set()
    notes = [nothing_shaded_note(result, frame.shading) for result, _ in panels]
    rects = _panel_rects(len(panels), frame.extent, any(notes))
    for (result, role), rect, note in zip(panels, rects, notes, strict=True):
        ax = fig.add_axes(rect, label=f"map: {result.name}")
        band = NOTE_BAND_PT if any(notes) else 0.0
        drawn, _ = draw_panel(ax, results, frame, result, role, note, band)
        symbols |= set(drawn.values())
    anything = any(frame.shading.anything(r.name) for r, _ in panels)
    bar_pt = (MARGIN_PT, FOOTER_BAND_PT + 12, 240, 8)  # left, bottom, width, height
    bar = (bar_pt[0] / width_pt, bar_pt[1] / height_pt, bar_pt[2] / width_pt, bar_pt[3] / height_pt)
    _colour_bar(fig, frame, bar, anything)
    not_modelled = frame.provinces is not None and any(
        p not in set(r.by_node["pcode"].dropna()) for r, _ in panels for p in frame.provinces
    )
    legend_top = (FOOTER_BAND_PT + LEGEND_BAND_PT - 4) / height_pt
    _legend(fig, frame, (265 / width_pt, legend_top), symbols, results.horizon_days, not_modelled)
    _footer(fig, results, start_date, 3 / height_pt)
    return fig


def map_figure(
    results: Results,
    start_date: date | None = None,
    provinces: dict[str, Province] | None = None,
    measure: str | None = None,
):
    """Draw the map as a matplotlib Figure of ``MAP_SIZE_PT``, shading ``provinces``
    (``load_provinces``) when every demand node's P-code is one of them; ``measure``
    (``mapmeasure``: "price", "first week", "shortfall") overrides the default shading.

    None when no node has coordinates.
    """
    if results.network.nodes[["lat", "lon"]].dropna().empty:
        return None
    return draw_map(results, map_panels(results), start_date, provinces, measure)


def map_png(
    results: Results,
    dpi: int = MAP_DPI,
    start_date: date | None = None,
    provinces: dict[str, Province] | None = None,
    measure: str | None = None,
) -> bytes | None:
    """PNG bytes of the map (``map_figure``) at ``dpi`` pixels per inch of ``MAP_SIZE_PT``,
    with its dpi recorded in the file. None when no node has coordinates.
    """
    fig = map_figure(results, start_date, provinces, measure)
    if fig is None:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
