"""The map's look, shared by its panels, labels and legend: type sizes in points (1/72 inch,
as printed), colours and the crossing markers.
"""

from __future__ import annotations

from matplotlib import patheffects

from logistics.analyses.crossing_status import CLOSED, NOT_FUNCTIONAL, OPEN, RESTRICTED

FONT_PT = 7.5  # node labels, legend
PROVINCE_PT = 6.5
SMALL_PROVINCE_PT = 5.5  # a province name that finds no room at PROVINCE_PT
PANEL_TITLE_PT = 9.0
NOTE_PT = 7.0
SMALL_PT = 6.5  # colour bar, footer, label key
# status → (marker, colour, label colour), most severe first
STATE_MARKER = {
    NOT_FUNCTIONAL: ("o", "#8C8C8C", "#595959"),
    CLOSED: ("X", "#C00000", "#9E0000"),
    RESTRICTED: ("D", "#E69500", "#8A5300"),
    OPEN: ("^", "#2E7D32", "#1B5E20"),
}
MARKER_PT2 = 52.0  # crossing marker area, points²
ROUTE_COLOUR = "#1F4E78"
UNUSED_COLOUR = "#A6A6A6"
OTHER_NODE_COLOUR = "#595959"
NOT_MODELLED_COLOUR = "#E7E6E6"
BOUNDARY_COLOUR = "#7F7F7F"
HALO = [patheffects.withStroke(linewidth=1.6, foreground="white")]
