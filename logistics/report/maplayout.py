"""Which labels a map panel gets and where they go: crossings with their status, the places
where routes leave the map, other nodes and province names, placed by ``LabelPlacer`` so that
none overlaps another or a marker, each near its own point.

A node's label that finds no room within ``MAX_LABEL_GAP_PT`` of its marker is replaced by a
number beside the marker, and the number and the full label are listed in a key box in a free
corner of the panel ("1 Kharlachi: closed days 10–24, 55–64; ×0.7 other days"). A province
name that finds no room (at its size, a size smaller, or on two lines) is left out: the
shading still tells the province apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from logistics.analyses.crossing_status import NOT_FUNCTIONAL
from logistics.report.boundaries import Province, ring_area
from logistics.report.maplabels import LabelPlacer, directions_towards
from logistics.report.mapping import safe_text, short_name
from logistics.report.mapstyle import (
    FONT_PT,
    HALO,
    OTHER_NODE_COLOUR,
    PROVINCE_PT,
    SMALL_PROVINCE_PT,
    SMALL_PT,
    STATE_MARKER,
)

MAX_LABEL_GAP_PT = 45.0  # the farthest a node's label sits from its marker (nearest edge)

MAX_LINE_CHARS = 24


def crossing_label(name: object, state_row: pd.Series) -> str:
    """Label a crossing: "Torkham — open", or its name and status on lines of their own
    (name, then the status wrapped at ``MAX_LINE_CHARS``: "closed days 0–29;", "×0.7 other days").
    """
    status = state_row["state"]
    text = NOT_FUNCTIONAL if status == NOT_FUNCTIONAL else state_row["text"]
    line = f"{short_name(name)} — {text}"
    if len(line) <= MAX_LINE_CHARS:
        return line
    return f"{short_name(name)}\n{_wrap(text)}"


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


MAX_POINT_LABELS = 60  # without boundaries, more demand nodes than this are left unnamed
NODE_DISTANCES_PT = (3, 6, 10, 15, 21, 28, 36, MAX_LABEL_GAP_PT)
PROVINCE_STYLE = {"fontsize": PROVINCE_PT, "color": "#262626", "zorder": 7, "path_effects": HALO}
PLACE_STYLE = {
    "fontsize": FONT_PT - 0.5,
    "color": OTHER_NODE_COLOUR,
    "style": "italic",
    "zorder": 7,
    "path_effects": HALO,
}
CROSSING_STYLE = {"fontsize": FONT_PT, "zorder": 8, "path_effects": HALO, "linespacing": 1.05}


def _crowding(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each point, how many of ``others`` lie within 1° (a crowded crossing is placed first)."""
    if not len(points) or not len(others):
        return np.zeros(len(points))
    distance = np.hypot(
        points[:, None, 0] - others[None, :, 0], points[:, None, 1] - others[None, :, 1]
    )
    return (distance < 1.0).sum(axis=1)


@dataclass(frozen=True)
class LabelJob:
    """One label to place: text, point (degrees), preferred angle, gaps tried (points), style;
    ``anchors``: other points it may sit at (a province's inner points); ``kind``: ``NODE`` (a
    crossing's or another node's label), ``EDGE`` (where a route leaves the map) or ``NAME``
    (a province's), placed in that order.
    """

    text: str
    xy: tuple[float, float]
    angle: float
    distances_pt: tuple[float, ...]
    style: dict
    anchors: tuple = ()
    leader_from_pt: float = 8.0
    kind: int = 0  # NODE
    within: object = None  # a province name's test (lon, lat → bool) for its centre
    covers: tuple | None = None  # a province's demand node, whose dot its name may cover


# the bundled 90-day map is the same PNG (sha256 883aceb2…) after 3, 4 or 8 attempts, in 2.0,
# 2.6 and 4.0 s: later attempts found nothing better there
LAYOUT_ATTEMPTS = 3
NODE, EDGE, NAME = 0, 1, 2  # LabelJob kinds, in the order they are placed
LEFT_OUT_COST = (10_000.0, 1_000.0, 300.0)  # a label of each kind left out, in points of cost


def label_jobs(frame, groups: dict, states: pd.DataFrame, off_map: list) -> list:
    """The labels of one panel in their first order: crossings, the most crowded first, pointing
    away from the middle of the map; the places where routes leave the map; other nodes; and
    the province names at their polygon's inner points.
    """
    cx, cy = frame.centre
    every = pd.concat([groups["crossings"], groups["others"], groups["demand"]])
    crossings = groups["crossings"]
    points = crossings[["lon", "lat"]].to_numpy(float)
    order = np.argsort(-_crowding(points, every[["lon", "lat"]].to_numpy(float)), kind="stable")
    jobs = []
    for node, row in crossings.iloc[order].iterrows():
        state = states.loc[node]
        jobs.append(
            LabelJob(
                crossing_label(row["name"], state),
                (row["lon"], row["lat"]),
                directions_towards(row["lon"] - cx, row["lat"] - cy),
                NODE_DISTANCES_PT,
                CROSSING_STYLE | {"color": STATE_MARKER[state["state"]][2]},
            )
        )
    for text, (x, y) in off_map:
        jobs.append(
            LabelJob(
                text,
                (x, y),
                directions_towards(cx - x, cy - y),
                (3, 8, 14, 22),
                PLACE_STYLE,
                kind=EDGE,
            )
        )
    named = [(groups["others"], PLACE_STYLE)]
    if frame.provinces is None and len(groups["demand"]) <= MAX_POINT_LABELS:
        named.append((groups["demand"], PROVINCE_STYLE | {"fontsize": FONT_PT}))
    for nodes, style in named:
        for _, row in nodes.iterrows():
            jobs.append(
                LabelJob(
                    short_name(row["name"]),
                    (row["lon"], row["lat"]),
                    directions_towards(row["lon"] - cx, row["lat"] - cy),
                    NODE_DISTANCES_PT,
                    style,
                )
            )
    provinces = (frame.provinces or {}).items()
    demand = groups["demand"]
    # the smallest provinces first: they have the least room for a name
    for pcode, province in sorted(provinces, key=lambda item: _area(item[1])):
        first, *rest = province.label_points
        own = demand.loc[demand["pcode"] == pcode, ["lon", "lat"]].to_numpy(float)
        jobs.append(
            LabelJob(
                safe_text(province.name, 16),
                first,
                math.pi / 2,
                (0, 2, 4, 7),
                PROVINCE_STYLE,
                tuple(rest),
                math.inf,
                kind=NAME,
                within=province.contains,
                covers=tuple(own[0]) if len(own) == 1 else None,
            )
        )
    return jobs


def _tries(job: LabelJob):
    """How a label may go, in order: as asked; for a province name, then a size smaller, then
    on two lines.
    """
    yield job.text, job.style
    if job.kind != NAME:
        return
    small = job.style | {"fontsize": SMALL_PROVINCE_PT}
    yield job.text, small
    for sep in (" ", "-"):
        if sep in job.text:
            yield job.text.replace(sep, sep.strip() + "\n", 1), small
            return


def _area(province: Province) -> float:
    """A province's area in square degrees (its outer rings, holes ignored)."""
    return sum(abs(ring_area(polygon[0])) for polygon in province.polygons)


def _place_all(ax, jobs: list[LabelJob], furniture: list, groups: dict):
    """One greedy layout in the jobs' order: (cost, annotations drawn, jobs left out, placer)."""
    placer = LabelPlacer(ax)
    for box in furniture:
        placer.block_box(box)
    for kind, radius in (("crossings", 4.5), ("others", 2.5), ("demand", 1.5)):
        placer.block_points(
            groups[kind][["lon", "lat"]].to_numpy(float), radius, labelled=kind != "demand"
        )
    placer.prefer_clear(np.array([job.xy for job in jobs if job.kind == NAME]))
    drawn, failed = [], []
    for job in jobs:
        annotation = None
        for text, style in _tries(job):
            annotation = placer.place(
                text,
                job.xy,
                job.angle,
                job.distances_pt,
                job.leader_from_pt,
                list(job.anchors),
                job.within,
                job.covers,
                **style,
            )
            if annotation is not None:
                break
        if annotation is None:
            failed.append(job)
        else:
            drawn.append(annotation)
    cost = placer.cost + sum(LEFT_OUT_COST[job.kind] for job in failed)
    return cost, drawn, failed, placer


def _best_layout(ax, jobs: list[LabelJob], furniture: list, groups: dict):
    """The least costly of up to ``LAYOUT_ATTEMPTS`` greedy layouts (``_place_all``), the others
    removed: in the jobs' own order, then with the labels the last layout left out moved to the
    front of their kind (node labels stay before province names), or the node labels shuffled
    (a fixed seed, so the map is the same every run).
    """
    rng = np.random.default_rng(0)
    best = None
    order = jobs
    for attempt in range(LAYOUT_ATTEMPTS):
        cost, drawn, failed, placer = _place_all(ax, order, furniture, groups)
        if best is None or cost < best[0]:
            if best is not None:
                for annotation in best[1]:
                    annotation.remove()
            best = (cost, drawn, failed, placer)
        else:
            for annotation in drawn:
                annotation.remove()
        if not failed:
            break
        kinds = [[j for j in order if j.kind == kind] for kind in (NODE, EDGE, NAME)]
        if attempt % 2 == 0:
            kinds = [
                [j for j in k if j in failed] + [j for j in k if j not in failed] for k in kinds
            ]
        else:
            kinds[NODE] = [kinds[NODE][i] for i in rng.permutation(len(kinds[NODE]))]
        order = [job for kind in kinds for job in kind]
    return best


KEY_ROUNDS = 3


def label_layer(ax, jobs: list[LabelJob], furniture: list, groups: dict) -> list[str]:
    """Place the labels (``LabelPlacer``: no overlaps, no crossing leaders, near each point).

    Every label left out costs far more than any distance, so the layout leaves out as few as
    it can (``_best_layout``). A node label it still leaves out is moved to the key: its marker
    gets a number, the key box (in a corner of the panel clear of markers) lists the number and
    the label, and the layout is done again around the box, up to ``KEY_ROUNDS`` times. Returns
    the labels left out: province names and places where routes leave the map.
    """
    keyed: list[LabelJob] = []
    key = None
    for _ in range(KEY_ROUNDS):
        numbers = [
            LabelJob(
                str(i),
                job.xy,
                job.angle,
                (2, 4, 7, 10, 15),
                {k: v for k, v in job.style.items() if k != "linespacing"} | {"weight": "bold"},
            )
            for i, job in enumerate(keyed, start=1)
        ]
        rest = [job for job in jobs if job not in keyed]
        boxes = furniture + ([key[1]] if key else [])
        _, drawn, failed, _ = _best_layout(ax, numbers + rest, boxes, groups)
        more = [job for job in failed if job.kind == NODE and job not in numbers]
        if not more:
            break
        for annotation in drawn:
            annotation.remove()
        if key:
            key[0].remove()
        keyed += more
        key = _key(ax, keyed, groups)
    return [job.text for job in failed if job.kind != NODE]


KEY_CORNERS = ((0.015, 0.015, "left", "bottom"), (0.015, 0.985, "left", "top"))
KEY_CORNERS += ((0.985, 0.985, "right", "top"), (0.985, 0.015, "right", "bottom"))


def _key(ax, keyed: list[LabelJob], groups: dict):
    """Draw the key of numbered labels in the corner of the panel where its box covers fewest
    node markers (the first corner of ``KEY_CORNERS`` among equals); returns (text, box in
    pixels).
    """
    lines = ["Not labelled for want of room:"]
    for number, job in enumerate(keyed, start=1):
        name, *status = job.text.split("\n")
        text = f"{name}: {' '.join(status)}" if status else name
        lines.append(f"{number} {text.replace(' — ', ': ')}")
    every = pd.concat([groups["crossings"], groups["others"], groups["demand"]])
    points = ax.transData.transform(every[["lon", "lat"]].to_numpy(float))
    renderer = ax.figure.canvas.get_renderer()
    best = None
    for x, y, ha, va in KEY_CORNERS:
        key = ax.text(
            x,
            y,
            "\n".join(lines),
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=SMALL_PT,
            zorder=10,
            linespacing=1.15,
            bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "edgecolor": "#7F7F7F"},
            label="label key",
        )
        key.update_bbox_position_size(renderer)
        box = key.get_bbox_patch().get_window_extent(renderer).padded(2.0)
        covered = int(box.count_contains(points)) if len(points) else 0
        if best is None or covered < best[0]:
            if best is not None:
                best[1].remove()
            best = (covered, key, box)
        else:
            key.remove()
    return best[1], best[2]
