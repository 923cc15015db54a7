"""Greedy placement of map labels so that they neither overlap nor leave their axes.

Positions are tried in order of preference (offsets in points from the labelled point); the
first that fits is kept, else the one overlapping least. Everything is measured in display
pixels after the axes' box and limits are final.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

# (dx, dy) unit direction → horizontal and vertical alignment of a label placed that way.
_ALIGN = {
    (1, 0): ("left", "center"),
    (-1, 0): ("right", "center"),
    (0, 1): ("center", "bottom"),
    (0, -1): ("center", "top"),
    (1, 1): ("left", "bottom"),
    (-1, 1): ("right", "bottom"),
    (1, -1): ("left", "top"),
    (-1, -1): ("right", "top"),
    (0, 0): ("center", "center"),
}


def directions_towards(dx: float, dy: float) -> list[tuple[int, int]]:
    """Sort the eight compass directions, those closest to (dx, dy) first."""
    angle = np.arctan2(dy, dx)
    options = [d for d in _ALIGN if d != (0, 0)]
    return sorted(
        options, key=lambda d: abs(np.angle(np.exp(1j * (np.arctan2(d[1], d[0]) - angle))))
    )


@dataclass
class LabelPlacer:
    """Places annotations on one axes, remembering the pixel boxes already taken."""

    ax: Axes
    pad_px: float = 2.0
    taken: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))  # x0, y0, x1, y1 in pixels

    def __post_init__(self) -> None:
        self.renderer = self.ax.figure.canvas.get_renderer()
        self.inside = self.ax.get_window_extent(self.renderer).padded(-self.pad_px)

    def block_points(self, xy_deg: np.ndarray, radius_pt: float) -> None:
        """Mark a square of ``radius_pt`` around each point (data coordinates) as taken."""
        radius_px = radius_pt * self.ax.figure.dpi / 72.0
        centres = self.ax.transData.transform(np.atleast_2d(xy_deg))
        self.taken = np.vstack([self.taken, np.hstack([centres - radius_px, centres + radius_px])])

    def place(
        self,
        text: str,
        xy: tuple[float, float],
        directions,
        distances_pt=(4, 12, 22, 34),
        leader_from_pt: float = 10,
        **style,
    ):
        """Annotate ``xy`` with ``text`` at the first free position; returns the annotation.

        ``directions`` are unit steps (see ``directions_towards``), most wanted first: the first
        three are tried at every distance before the others. A label set more than
        ``leader_from_pt`` points away gets a thin leader line back to its point.
        """
        width, height = self._size(text, xy, style)
        x, y = self.ax.transData.transform(xy)
        px_per_pt = self.ax.figure.dpi / 72.0
        order = [(d, r) for d in directions[:3] for r in distances_pt] + [
            (d, r) for d in directions[3:] for r in distances_pt
        ]
        best, best_overlap = None, np.inf
        for d, distance in order:
            ha, va = _ALIGN[d]
            left = (
                x
                + d[0] * distance * px_per_pt
                - {"left": 0.0, "center": width / 2, "right": width}[ha]
            )
            bottom = (
                y
                + d[1] * distance * 0.8 * px_per_pt
                - {"bottom": 0.0, "center": height / 2, "top": height}[va]
            )
            box = Bbox.from_bounds(left, bottom, width, height).padded(1.0)
            overlap = self._overlap(box)
            if overlap < best_overlap:
                best, best_overlap = (d, distance, box), overlap
            if overlap == 0:
                break
        d, distance, box = best
        self.taken = np.vstack([self.taken, box.extents])
        leader = {
            "arrowstyle": "-",
            "color": "#7F7F7F",
            "linewidth": 0.4,
            "shrinkA": 0,
            "shrinkB": 2,
        }
        return self._annotate(
            text, xy, d, distance, style, leader if distance > leader_from_pt else None
        )

    def _size(self, text: str, xy, style: dict) -> tuple[float, float]:
        """Width and height in pixels of ``text`` drawn with ``style``."""
        probe = self.ax.annotate(text, xy, annotation_clip=False, **style)
        box = probe.get_window_extent(self.renderer)
        probe.remove()
        return box.width, box.height

    def _annotate(
        self,
        text: str,
        xy,
        direction: tuple[int, int],
        distance_pt: float,
        style: dict,
        arrowprops=None,
    ):
        ha, va = _ALIGN[direction]
        offset = (direction[0] * distance_pt, direction[1] * distance_pt * 0.8)
        return self.ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            annotation_clip=False,
            arrowprops=arrowprops,
            **style,
        )

    def _overlap(self, box: Bbox) -> float:
        """Pixel area of ``box`` outside the axes (weighted heavily) or over taken boxes."""
        outside = box.width * box.height - float(
            _intersection_area(box.extents, self.inside.extents[None, :])[0]
        )
        return 100.0 * outside + float(_intersection_area(box.extents, self.taken).sum())


def _intersection_area(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Area in square pixels that ``box`` (x0, y0, x1, y1) shares with each row of ``others``."""
    width = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    height = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    return np.clip(width, 0.0, None) * np.clip(height, 0.0, None)
