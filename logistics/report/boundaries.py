"""Province boundaries (the bundled ones are in ``inputs/boundaries/``; the caller gives the
folder): read with ``json`` only, joined to P-codes.

Coordinates are WGS84 degrees, (longitude, latitude). A province's geometry is a list of
polygons, each a list of rings (the outer boundary first, then holes), each ring an (n, 2) array.
Nothing is fetched at run time.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath

GEOJSON_FILE = "afghanistan-adm1.geojson"
PCODE_FILE = "adm1_pcodes.csv"
BOUNDARY_SOURCE = "geoBoundaries gbOpen (public domain), 2007"


@dataclass(frozen=True)
class Province:
    """One ADM1 polygon joined to its P-code; ``polygons`` in degrees (lon, lat)."""

    pcode: str
    name: str
    shape_name: str
    polygons: tuple[tuple[np.ndarray, ...], ...]

    @property
    def path(self) -> MplPath:
        """Every ring as one compound path (outer rings anticlockwise, holes clockwise)."""
        return compound_path(self.polygons)

    def contains(self, lon_deg: float, lat_deg: float) -> bool:
        """Say whether the point lies inside an outer ring and outside that polygon's holes."""
        for outer, holes in self._ring_paths:
            if outer.contains_point((lon_deg, lat_deg)):
                return not any(hole.contains_point((lon_deg, lat_deg)) for hole in holes)
        return False

    @cached_property
    def _ring_paths(self) -> tuple[tuple[MplPath, tuple[MplPath, ...]], ...]:
        """Each polygon's outer ring and its holes as paths, made once: ``contains`` is asked of
        thousands of places a name label might go.
        """
        return tuple(
            (MplPath(outer), tuple(MplPath(hole) for hole in holes))
            for outer, *holes in self.polygons
        )

    @cached_property
    def label_point(self) -> tuple[float, float]:
        """A point well inside the largest polygon (lon, lat in degrees), for a name label."""
        return self.label_points[0]

    @cached_property
    def label_points(self) -> tuple[tuple[float, float], ...]:
        """Points inside the largest polygon, farthest from its boundary first (lon, lat in
        degrees): where a name label may go when the best one is taken.
        """
        return interior_points(max(self.polygons, key=lambda rings: abs(ring_area(rings[0]))))


def geometry_polygons(geometry: dict) -> tuple[tuple[np.ndarray, ...], ...]:
    """Read a GeoJSON Polygon or MultiPolygon as polygons of rings ((n, 2) arrays, degrees)."""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        coords = [coords]
    elif kind != "MultiPolygon":
        msg = f"expected a Polygon or MultiPolygon geometry, found {kind}"
        raise ValueError(msg)
    return tuple(
        tuple(np.asarray(ring, dtype=float)[:, :2] for ring in polygon) for polygon in coords
    )


def ring_area(ring: np.ndarray) -> float:
    """Signed area of a ring in square degrees (shoelace; positive when anticlockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def compound_path(polygons: tuple[tuple[np.ndarray, ...], ...]) -> MplPath:
    """Join all rings into one matplotlib path, turned so a non-zero fill leaves holes empty."""
    vertices, codes = [], []
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            anticlockwise = ring_area(ring) > 0
            ring = ring if anticlockwise == (i == 0) else ring[::-1]
            vertices.append(np.vstack([ring, ring[:1]]))
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(np.vstack(vertices), codes)


def interior_point(rings: tuple[np.ndarray, ...], grid: int = 24) -> tuple[float, float]:
    """Find the grid point inside the polygon farthest from its boundary (lon, lat in degrees).

    An approximation of the pole of inaccessibility: a label there stays inside even a bent shape.
    """
    return interior_points(rings, grid, count=1)[0]


def interior_points(
    rings: tuple[np.ndarray, ...], grid: int = 24, count: int = 40
) -> tuple[tuple[float, float], ...]:
    """Up to ``count`` grid points inside the polygon, farthest from its boundary first (lon, lat
    in degrees); the outer ring's mean when no grid point is inside.
    """
    outer = rings[0]
    (x0, y0), (x1, y1) = outer.min(axis=0), outer.max(axis=0)
    xs, ys = np.meshgrid(np.linspace(x0, x1, grid + 2)[1:-1], np.linspace(y0, y1, grid + 2)[1:-1])
    points = np.column_stack([xs.ravel(), ys.ravel()])
    inside = MplPath(outer).contains_points(points)
    for hole in rings[1:]:
        inside &= ~MplPath(hole).contains_points(points)
    if not inside.any():
        return ((float(outer[:, 0].mean()), float(outer[:, 1].mean())),)
    points = points[inside]
    distance = np.min([_distance_to_ring(points, ring) for ring in rings], axis=0)
    order = np.argsort(-distance, kind="stable")[:count]
    return tuple((float(x), float(y)) for x, y in points[order])


def _distance_to_ring(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Distance in degrees from each point to the nearest segment of a ring."""
    a, b = ring, np.roll(ring, -1, axis=0)
    ab = b - a
    length2 = np.where((ab**2).sum(axis=1) > 0, (ab**2).sum(axis=1), 1.0)
    ap = points[:, None, :] - a[None, :, :]
    t = np.clip((ap * ab[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    nearest = a[None] + t[..., None] * ab[None]
    return np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def read_pcode_table(path: Path) -> list[dict[str, str]]:
    """Rows of the join table (shape_name, pcode, province, source)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def join_provinces(features: list[dict], table: list[dict[str, str]]) -> dict[str, Province]:
    """Provinces by P-code; raise ValueError unless features and table rows match one to one."""
    by_shape = {row["shape_name"]: row for row in table}
    names = [f["properties"]["shapeName"] for f in features]
    problems = [
        f"{n!r} appears {names.count(n)} times in the boundaries"
        for n in sorted(set(names))
        if names.count(n) > 1
    ]
    problems += [f"boundary {n!r} has no row in {PCODE_FILE}" for n in names if n not in by_shape]
    problems += [f"{PCODE_FILE} row {n!r} matches no boundary" for n in by_shape if n not in names]
    pcodes = [row["pcode"] for row in table]
    problems += [
        f"P-code {p} appears {pcodes.count(p)} times in {PCODE_FILE}"
        for p in sorted(set(pcodes))
        if pcodes.count(p) > 1
    ]
    if len(by_shape) < len(table):
        problems.append(f"{PCODE_FILE} repeats a shape_name")
    if problems:
        msg = "province boundaries do not join to P-codes: " + "; ".join(problems)
        raise ValueError(msg)
    provinces = {}
    for feature, name in zip(features, names, strict=True):
        row = by_shape[name]
        provinces[row["pcode"]] = Province(
            row["pcode"], row["province"], name, geometry_polygons(feature["geometry"])
        )
    return provinces


@cache
def load_provinces(directory: Path) -> dict[str, Province]:
    """Read the provinces of a boundaries folder (the bundled one: Afghanistan's AF01–AF34) by
    P-code, once per process and folder.
    """
    features = json.loads((directory / GEOJSON_FILE).read_text(encoding="utf-8"))["features"]
    return join_provinces(features, read_pcode_table(directory / PCODE_FILE))
