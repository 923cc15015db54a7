"""Greedy placement of map labels: no label overlaps another label, a marker, a leader line or
the map's furniture (scale bar, north arrow, key), leaves its axes, or sits far from its point;
no leader line crosses another or runs through a label or another node's marker; and a reader
joins each label to its own marker (``LabelPlacer._clear``).

Candidate positions ring the labelled point at growing distances (points, 1/72 inch) in 16
directions, some slid sideways; they are tried cheapest first, the cost being the distance plus
a few points for turning away from the preferred direction, for sliding, and for covering a
point to keep clear (a province name's best place). The cheapest that breaks no rule is kept. A
label that finds none within its largest distance is not drawn (``place`` returns None), so the
map never shows a label on top of another; the caller decides what to do (``maplayout``).
Everything is measured in display pixels after the axes' box and limits are final.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

DIRECTIONS = 16
TURN_PT = 12.0  # a direction opposite the preferred one costs as much as this many points more
RIVAL_GAP_PT = 20.0  # a label with a leader keeps this clear of other labelled markers
SLIDE_PT = 2.0  # the cost of sliding a label sideways
TOUCHING_PT = 6.0  # labelled points closer than this to a label's own are not its rivals
RIVAL_NEAR_PT = 3.0  # a label centred above or below its marker keeps this clear of others
SOFT_PT = 15.0  # the cost of covering a point that ``prefer_clear`` names
LEADER_STYLE = {
    "arrowstyle": "-",
    "color": "#262626",
    "linewidth": 0.6,
    "shrinkA": 0,
    "shrinkB": 2.5,
    "path_effects": [patheffects.withStroke(linewidth=1.8, foreground="white")],
}


def directions_towards(dx: float, dy: float) -> float:
    """The preferred direction of a label pointing along (dx, dy), as an angle in radians."""
    return math.atan2(dy, dx) if (dx or dy) else math.pi / 4


def _alignment(angle: float) -> tuple[str, str]:
    """Horizontal and vertical alignment of a label set off at ``angle`` from its point."""
    c, s = math.cos(angle), math.sin(angle)
    ha = "left" if c > 0.38 else "right" if c < -0.38 else "center"
    va = "bottom" if s > 0.38 else "top" if s < -0.38 else "center"
    return ha, va


@dataclass
class LabelPlacer:
    """Places annotations on one axes, remembering what is already taken (display pixels)."""

    ax: Axes
    pad_px: float = 1.5
    labels: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))  # x0, y0, x1, y1
    markers: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))
    leaders: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))  # x0, y0, x1, y1
    rivals: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))  # labelled points, px
    cost: float = 0.0  # the placed labels' costs (``_candidates``), summed
    soft: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))  # ``prefer_clear``, px

    def __post_init__(self) -> None:
        self.renderer = self.ax.figure.canvas.get_renderer()
        self.inside = self.ax.get_window_extent(self.renderer).padded(-self.pad_px)
        self.px_per_pt = self.ax.figure.dpi / 72.0
        # data → pixels, frozen: the axes' limits and aspect are set before any label is placed,
        # and composing matplotlib's transform tree for each of thousands of candidates was
        # most of the map's drawing time
        self.to_px = self.ax.transData.frozen()

    def block_points(self, xy_deg: np.ndarray, radius_pt: float, labelled: bool = False) -> None:
        """Mark a square of half-side ``radius_pt`` around each point (data coordinates).

        ``labelled``: the points have labels of their own, so a label must sit nearer its own
        point than any of these (a reader joins a label to the nearest marker).
        """
        if not len(xy_deg):
            return
        radius_px = radius_pt * self.px_per_pt
        centres = self.to_px.transform(np.atleast_2d(np.asarray(xy_deg, dtype=float)))
        boxes = np.hstack([centres - radius_px, centres + radius_px])
        self.markers = np.vstack([self.markers, boxes])
        if labelled:
            self.rivals = np.vstack([self.rivals, centres])

    def block_box(self, box: Bbox) -> None:
        """Mark a box (display pixels) as taken: furniture such as the scale bar."""
        self.labels = np.vstack([self.labels, box.extents])

    def place(
        self,
        text: str,
        xy: tuple[float, float],
        angle: float,
        distances_pt=(3, 6, 10, 15, 21, 28, 36),
        leader_from_pt: float = 8.0,
        anchors: list[tuple[float, float]] | None = None,
        within=None,
        covers: tuple[float, float] | None = None,
        **style,
    ):
        """Annotate ``xy`` with ``text`` at the nearest free position; the annotation, or None.

        ``angle`` is the preferred direction (radians, ``directions_towards``); ``distances_pt``
        the gaps tried between the point and the label's nearest edge. A label set more than
        ``leader_from_pt`` points away gets a thin leader line back to its point. ``anchors``:
        other points (data coordinates) the label may sit at instead of ``xy``, tried after it
        (a province name's other inner points); a label at an anchor gets no leader. ``within``:
        a test (longitude, latitude → bool) the label's centre must pass (inside its province).
        ``covers``: a point (data coordinates) whose own marker the label may cover (a province
        name over its own demand node).
        """
        mine = None
        if covers is not None:
            mine = _contains(self.markers, self.to_px.transform(covers))
        width, height = self._size(text, xy, style)
        best = None
        for cost, point, distance, direction, align in self._candidates(
            xy, angle, distances_pt, anchors
        ):
            if best is not None and cost >= best[0]:
                break  # the candidates come cheapest first: none left can beat the best
            box, centre = self._box(point, direction, distance, align, width, height)
            leader = None
            if point == xy and distance > leader_from_pt:
                leader = np.r_[self.to_px.transform(xy), centre]
            if within is not None and not within(*self.to_px.inverted().transform(centre)):
                continue
            if self._free(box, leader, self.to_px.transform(point), mine):
                total = (
                    cost + SOFT_PT * int(box.count_contains(self.soft)) if len(self.soft) else cost
                )
                if best is None or total < best[0]:
                    best = (total, box, leader, point, distance, direction, align)
        if best is None:
            return None
        total, box, leader, point, distance, direction, align = best
        self.labels = np.vstack([self.labels, box.extents])
        if leader is not None:
            self.leaders = np.vstack([self.leaders, leader])
        self.cost += total
        offset = (math.cos(direction) * distance, math.sin(direction) * distance)
        return self._annotate(text, point, offset, align, style, leader is not None)

    def prefer_clear(self, xy_deg: np.ndarray) -> None:
        """Points (data coordinates) a label should rather not cover (a province name's best
        place): each one a label covers adds ``SOFT_PT`` to its cost.
        """
        if len(xy_deg):
            points = self.to_px.transform(np.atleast_2d(np.asarray(xy_deg, dtype=float)))
            self.soft = np.vstack([self.soft, points])

    def _candidates(self, xy, angle, distances_pt, anchors):
        """(cost, point, distance in points, direction angle, (ha, va)) in the order they are
        tried; the cost is the distance plus up to ``TURN_PT`` for turning from the preferred
        direction, and ``SLIDE_PT`` for a label slid sideways (its near edge's end, not its
        middle, at the offset point).
        """
        options = []
        for k in range(DIRECTIONS):
            direction = angle + 2 * math.pi * k / DIRECTIONS
            turn = abs(math.remainder(direction - angle, 2 * math.pi)) / math.pi
            ha, va = _alignment(direction)
            aligns = [(ha, va)]
            if ha == "center":
                aligns += [("left", va), ("right", va)]
            elif va == "center":
                aligns += [(ha, "bottom"), (ha, "top")]
            for distance in distances_pt:
                for i, align in enumerate(aligns):
                    cost = distance + TURN_PT * turn + SLIDE_PT * (i > 0)
                    options.append((cost, xy, distance, direction, align))
        options.sort(key=lambda o: o[0])
        last = options[-1][0] if options else 0.0
        return options + [
            (last + 1.0 + i, point, 0.0, angle, ("center", "center"))
            for i, point in enumerate(anchors or [])
        ]

    def _box(self, xy, angle: float, distance_pt: float, align, width: float, height: float):
        """The label's box (padded) and centre in pixels for one candidate."""
        x, y = self.to_px.transform(xy)
        ha, va = align
        x += math.cos(angle) * distance_pt * self.px_per_pt
        y += math.sin(angle) * distance_pt * self.px_per_pt
        left = x - {"left": 0.0, "center": width / 2, "right": width}[ha]
        bottom = y - {"bottom": 0.0, "center": height / 2, "top": height}[va]
        pad = self.pad_px
        # Bbox.from_bounds(left, bottom, width, height).padded(pad), to the last bit
        box = _Box(left - pad, bottom - pad, (left + width) + pad, (bottom + height) + pad)
        return box, np.array([left + width / 2, bottom + height / 2])

    def _rivals(self, own: np.ndarray) -> np.ndarray:
        """The labelled points a label at ``own`` must keep clear of (pixels): all but those
        within ``TOUCHING_PT`` of it (Termez on Hairatan), which are one place to the eye.
        """
        return self.rivals[np.hypot(*(self.rivals - own).T) > TOUCHING_PT * self.px_per_pt]

    def _clear(self, box: _Box, own: np.ndarray, leader) -> float:
        """How far (pixels) every rival must stay from the label's box.

        A reader joins a label to the nearest marker, to the one it is centred over, or to the
        end of its leader line: farther than its own marker; at least ``RIVAL_NEAR_PT`` for a
        label centred above or below its own marker; ``RIVAL_GAP_PT`` (or farther than its own,
        if nearer) for one with a leader line.
        """
        nearest = box_gap(box.extents, own[None, :])[0] + self.px_per_pt
        if leader is not None:
            return min(nearest, RIVAL_GAP_PT * self.px_per_pt)
        if abs((box.x0 + box.x1) / 2 - own[0]) <= self.px_per_pt and not box.y0 < own[1] < box.y1:
            return min(nearest, RIVAL_NEAR_PT * self.px_per_pt)
        return nearest

    def _free(self, box: _Box, leader: np.ndarray | None, own: np.ndarray, mine=None) -> bool:
        """Whether a candidate breaks none of the rules in the module's docstring (``mine``:
        markers it may cover, a boolean mask).
        """
        inner = self.inside
        if box.x0 < inner.x0 or box.x1 > inner.x1 or box.y0 < inner.y0 or box.y1 > inner.y1:
            return False
        extents = box.extents
        markers = self.markers if mine is None else self.markers[~mine]
        if _overlaps(extents, self.labels).any() or _overlaps(extents, markers).any():
            return False
        if (box_gap(extents, self._rivals(own)) <= self._clear(box, own, leader)).any():
            return False
        if _segments_hit_box(self.leaders, extents).any():
            return False
        if leader is None:
            return True
        others = self.markers[~_contains(self.markers, own)]
        return not (
            _segment_hits_boxes(leader, self.labels).any()
            or _segment_hits_boxes(leader, others).any()
            or _segments_cross(leader, self.leaders).any()
        )

    def _size(self, text: str, xy, style: dict) -> tuple[float, float]:
        """Width and height in pixels of ``text`` drawn with ``style``."""
        probe = self.ax.annotate(text, xy, annotation_clip=False, **style)
        box = probe.get_window_extent(self.renderer)
        probe.remove()
        return box.width, box.height

    def _annotate(self, text: str, xy, offset, align, style, leader: bool):
        ha, va = align
        return self.ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            annotation_clip=False,
            arrowprops=dict(LEADER_STYLE) if leader else None,
            **style,
        )


class _Box:
    """A candidate label's box in pixels with the members of matplotlib's ``Bbox`` the placer
    reads (corners, ``extents``, ``count_contains``, computed as ``Bbox`` computes them): a
    ``Bbox`` made and padded for each of the thousands of candidates was a fifth of the placing.
    """

    __slots__ = ("x0", "x1", "y0", "y1")

    def __init__(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1

    @property
    def extents(self) -> np.ndarray:
        """(x0, y0, x1, y1)."""
        return np.array([self.x0, self.y0, self.x1, self.y1], dtype=float)

    def count_contains(self, vertices: np.ndarray) -> int:
        """How many of ``vertices`` lie strictly inside (``Bbox.count_contains``)."""
        if len(vertices) == 0:
            return 0
        low = np.array([min(self.x0, self.x1), min(self.y0, self.y1)], dtype=float)
        high = np.array([max(self.x0, self.x1), max(self.y0, self.y1)], dtype=float)
        with np.errstate(invalid="ignore"):
            return int(((low < vertices) & (vertices < high)).all(axis=1).sum())


def box_gap(box: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest point of ``box`` (x0, y0, x1, y1); 0 inside."""
    dx = np.maximum.reduce([box[0] - points[:, 0], np.zeros(len(points)), points[:, 0] - box[2]])
    dy = np.maximum.reduce([box[1] - points[:, 1], np.zeros(len(points)), points[:, 1] - box[3]])
    return np.hypot(dx, dy)


def _overlaps(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether ``box`` (x0, y0, x1, y1) shares some area with each row of ``others``."""
    return (np.minimum(box[2], others[:, 2]) > np.maximum(box[0], others[:, 0])) & (
        np.minimum(box[3], others[:, 3]) > np.maximum(box[1], others[:, 1])
    )


def _contains(boxes: np.ndarray, point: np.ndarray) -> np.ndarray:
    """Whether each box contains ``point``."""
    return (
        (boxes[:, 0] <= point[0])
        & (point[0] <= boxes[:, 2])
        & (boxes[:, 1] <= point[1])
        & (point[1] <= boxes[:, 3])
    )


def _segment_hits_boxes(segment: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Whether the segment (x0, y0, x1, y1) passes through each box (Liang–Barsky clipping)."""
    if not len(boxes):
        return np.zeros(0, dtype=bool)
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    low, high = np.zeros(len(boxes)), np.ones(len(boxes))
    for p, q in (
        (-dx, x0 - boxes[:, 0]),
        (dx, boxes[:, 2] - x0),
        (-dy, y0 - boxes[:, 1]),
        (dy, boxes[:, 3] - y0),
    ):
        if p == 0:
            high = np.where(q < 0, -1.0, high)
            continue
        t = q / p
        if p < 0:
            low = np.maximum(low, t)
        else:
            high = np.minimum(high, t)
    return low < high


def _segments_hit_box(segments: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Whether each segment passes through ``box``."""
    return np.array([bool(_segment_hits_boxes(s, box[None, :])[0]) for s in segments], dtype=bool)


def _segments_cross(segment: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether the segment properly crosses each of ``others`` (sharing an end does not count)."""
    if not len(others):
        return np.zeros(0, dtype=bool)
    p, r = segment[:2], segment[2:] - segment[:2]
    q, s = others[:, :2], others[:, 2:] - others[:, :2]
    denominator = r[0] * s[:, 1] - r[1] * s[:, 0]
    qp = q - p
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[:, 0] * s[:, 1] - qp[:, 1] * s[:, 0]) / denominator
        u = (qp[:, 0] * r[1] - qp[:, 1] * r[0]) / denominator
    eps = 1e-9
    return (denominator != 0) & (t > eps) & (t < 1 - eps) & (u > eps) & (u < 1 - eps)
