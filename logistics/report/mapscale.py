"""A map panel's scale bar (kilometres, true at the map's middle latitude) and north arrow.

The panels are drawn in longitude and latitude with the aspect of a plate carrée at the middle
latitude φ, so one degree of longitude there is ``km_per_degree_longitude(φ)`` kilometres on the
WGS84 ellipsoid and the scale bar is that many kilometres per degree. North is up.
"""

from __future__ import annotations

import math

from matplotlib.patches import FancyArrow, Rectangle
from matplotlib.transforms import Bbox

WGS84_A_KM = 6378.137
WGS84_E2 = 6.69437999014e-3
NICE_KM = (10, 20, 25, 50, 100, 150, 200, 250, 300, 500, 1000, 2000)
SCALE_FRACTION = 0.22  # the longest bar that fits in this share of the panel's width
FURNITURE_PT = 7.0


def km_per_degree_longitude(lat_deg: float) -> float:
    """Length of one degree of longitude at ``lat_deg`` on the WGS84 ellipsoid, in km.

    The radius of the parallel, a·cos φ / √(1 − e² sin² φ), times π/180.
    """
    phi = math.radians(lat_deg)
    radius = WGS84_A_KM * math.cos(phi) / math.sqrt(1 - WGS84_E2 * math.sin(phi) ** 2)
    return radius * math.pi / 180.0


def scale_bar_km(extent, fraction: float = SCALE_FRACTION) -> float:
    """The scale bar's length in km: the longest round length within ``fraction`` of the
    panel's width at the middle latitude.
    """
    west, east, south, north = extent
    width_km = (east - west) * km_per_degree_longitude((south + north) / 2)
    fits = [km for km in NICE_KM if km <= fraction * width_km]
    return float(fits[-1] if fits else NICE_KM[0])


def draw_scale_bar(ax, extent, renderer) -> tuple[Bbox, float, float]:
    """Draw the bar, split in two halves, near the panel's lower-right corner.

    Returns its box in display pixels (labels keep off it), its length in km and in degrees of
    longitude.
    """
    west, east, south, north = extent
    lat = (south + north) / 2
    km = scale_bar_km(extent)
    degrees = km / km_per_degree_longitude(lat)
    x0 = east - 0.09 * (east - west) - degrees
    y0 = south + 0.04 * (north - south)
    height = 0.010 * (north - south)
    artists = []
    for i, colour in enumerate(("#262626", "white")):
        artists.append(
            Rectangle(
                (x0 + i * degrees / 2, y0),
                degrees / 2,
                height,
                facecolor=colour,
                edgecolor="#262626",
                linewidth=0.6,
                zorder=9,
                label="scale bar",
            )
        )
    for artist in artists:
        ax.add_patch(artist)
    style = {"fontsize": FURNITURE_PT, "zorder": 9, "color": "#262626"}
    texts = [
        ax.text(x0, y0 + 1.8 * height, "0", ha="center", va="bottom", **style),
        ax.text(
            x0 + degrees / 2, y0 + 1.8 * height, f"{km / 2:g}", ha="center", va="bottom", **style
        ),
        ax.text(x0 + degrees, y0 + 1.8 * height, f"{km:g} km", ha="left", va="bottom", **style),
        ax.text(
            x0,
            y0 - 0.8 * height,
            f"scale true at {lat:.0f}° N",
            ha="left",
            va="top",
            **(style | {"fontsize": FURNITURE_PT - 1, "color": "#595959"}),
        ),
    ]
    boxes = [a.get_window_extent(renderer) for a in artists + texts]
    return Bbox.union(boxes).padded(2.0), km, degrees


def draw_north_arrow(ax, extent, renderer) -> Bbox:
    """Draw an arrow and "N" near the panel's upper-right corner; returns its box in pixels."""
    west, east, south, north = extent
    x = east - 0.035 * (east - west)
    length = 0.07 * (north - south)
    y = north - 0.06 * (north - south) - length
    arrow = FancyArrow(
        x,
        y,
        0,
        length,
        width=0.004 * (east - west),
        head_width=0.022 * (east - west),
        head_length=0.35 * length,
        length_includes_head=True,
        color="#262626",
        zorder=9,
        label="north arrow",
    )
    ax.add_patch(arrow)
    text = ax.text(
        x,
        y + length,
        "N",
        ha="center",
        va="bottom",
        fontsize=FURNITURE_PT + 1,
        weight="bold",
        zorder=9,
        color="#262626",
    )
    return Bbox.union([arrow.get_window_extent(renderer), text.get_window_extent(renderer)]).padded(
        2.0
    )
