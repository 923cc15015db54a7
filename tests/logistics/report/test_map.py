"""The report's map.

The bundled boundaries and their P-code join; the pure decisions (colour scale, crossing states,
panels, safe text) by hand; and what a reader sees in rendered figures.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PatchCollection
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PIL import Image

from inputs import bundled_path
from logistics import Closure, Scenario, run_scenarios
from logistics.report.boundaries import (
    Province,
    geometry_polygons,
    join_provinces,
    load_provinces,
    ring_area,
)
from logistics.report.mapdraw import nothing_shaded_note
from logistics.report.maplabels import RIVAL_GAP_PT, RIVAL_NEAR_PT, TOUCHING_PT
from logistics.report.maplayout import MAX_LABEL_GAP_PT
from logistics.report.mapmeasure import (
    NOTHING_PCT,
    class_breaks,
    peak_basket_change_pct,
    week_classes,
)
from logistics.report.mappage import map_figure as _map_figure
from logistics.report.mappage import map_png as _map_png
from logistics.report.mapping import (
    MAP_SIZE_PT,
    map_panels,
    safe_text,
    short_name,
    shortfall_scale_pct,
)
from logistics.report.mapscale import km_per_degree_longitude
from networks import load_network, network_from_tables

BOUNDARIES = bundled_path("boundaries")


def map_figure(results, start_date=None):
    """The map as the library's report draws it: shaded by the bundled provinces."""
    return _map_figure(results, start_date, load_provinces(BOUNDARIES))


def map_png(results, dpi=100, start_date=None):
    """The map's PNG as the library's report draws it."""
    return _map_png(results, dpi, start_date, load_provinces(BOUNDARIES))


NODES = bundled_path("afghanistan", "nodes.csv")
GEOJSON_SHA256 = "6c14154cc2b351d2c9a1f1deb082f569b4b3aa73b494d1e0e7961a910be1f533"
PCODES = [f"AF{i:02d}" for i in range(1, 35)]
# Kapisa's node is Mahmud-i-Raqi (35.02 N, 69.34 E), its provincial capital; the simplified 2007
# boundary runs south of it, so it falls about 5 km inside Parwan (see inputs/boundaries/README.md).
NODE_OUTSIDE_ITS_POLYGON = {"AF02": "AF03"}


def _features() -> list[dict]:
    return json.loads((BOUNDARIES / "afghanistan-adm1.geojson").read_text(encoding="utf-8"))[
        "features"
    ]


def _join_rows() -> list[dict[str, str]]:
    with (BOUNDARIES / "adm1_pcodes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _demand_nodes() -> pd.DataFrame:
    nodes = pd.read_csv(NODES)
    return nodes[nodes["kind"] == "demand"].set_index("pcode")


# ------------------------------------------------------------------------------- boundaries


def test_bundled_boundaries_are_the_exact_source_file() -> None:
    """Byte for byte the geoBoundaries file named in inputs/boundaries/README.md."""
    data = (BOUNDARIES / "afghanistan-adm1.geojson").read_bytes()
    assert len(data) == 154_999
    assert hashlib.sha256(data).hexdigest() == GEOJSON_SHA256


def test_every_feature_joins_to_exactly_one_pcode_and_back() -> None:
    """34 features, 34 rows, P-codes AF01–AF34 once each."""
    names = [f["properties"]["shapeName"] for f in _features()]
    rows = _join_rows()
    assert len(names) == len(set(names)) == 34
    assert sorted(r["shape_name"] for r in rows) == sorted(names)
    assert sorted(r["pcode"] for r in rows) == PCODES
    assert list(rows[0]) == ["shape_name", "pcode", "province", "source"]
    assert all(r["source"] for r in rows)


def test_join_table_agrees_with_the_network_nodes() -> None:
    """nodes.csv is the authority for which P-code is which province."""
    demand = _demand_nodes()
    assert sorted(demand.index) == PCODES
    assert {r["pcode"]: r["province"] for r in _join_rows()} == demand["name"].to_dict()
    provinces = load_provinces(BOUNDARIES)
    assert sorted(provinces) == PCODES
    assert provinces["AF11"].shape_name == "Ghanzi" and provinces["AF11"].name == "Ghazni"


def test_each_province_node_lies_inside_its_own_polygon() -> None:
    """Point in polygon, independently of the names: only the documented Kapisa offset differs."""
    provinces = load_provinces(BOUNDARIES)
    found = {}
    for pcode, node in _demand_nodes().iterrows():
        inside = [
            p for p, province in provinces.items() if province.contains(node["lon"], node["lat"])
        ]
        if inside != [pcode]:
            found[pcode] = inside[0] if len(inside) == 1 else tuple(inside)
    assert found == NODE_OUTSIDE_ITS_POLYGON
    kapisa = _demand_nodes().loc["AF02"]
    ring = provinces["AF02"].polygons[0][0]
    gap_deg = np.hypot(ring[:, 0] - kapisa["lon"], ring[:, 1] - kapisa["lat"]).min()
    assert gap_deg < 0.1  # a boundary vertex within ~10 km: a boundary offset, not a wrong join


def test_join_rejects_a_missing_or_repeated_pcode() -> None:
    """A broken join table is an error naming the problem, not a silently blank province."""
    features = _features()[:2]
    rows = [
        {
            "shape_name": f["properties"]["shapeName"],
            "pcode": "AF01",
            "province": "x",
            "source": "s",
        }
        for f in features
    ]
    with pytest.raises(ValueError, match="P-code AF01 appears 2 times"):
        join_provinces(features, rows)
    with pytest.raises(ValueError, match="has no row"):
        join_provinces(features, rows[:1])


def test_multipolygons_and_holes() -> None:
    """Two squares, the first with a hole: inside the ring but in the hole is outside."""
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]
    far = [[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]
    polygons = geometry_polygons({"type": "MultiPolygon", "coordinates": [[square, hole], [far]]})
    province = Province("XX01", "Test", "Test", polygons)
    assert province.contains(0.5, 0.5) and province.contains(10.5, 10.5)
    assert not province.contains(2, 2) and not province.contains(6, 6)
    rings = province.path.to_polygons(
        closed_only=True
    )  # drawn with the non-zero rule: holes turn the other way
    assert [np.sign(ring_area(r)) for r in rings] == [1, -1, 1]
    assert province.label_point != (2.0, 2.0) and province.contains(*province.label_point)
    with pytest.raises(ValueError, match="LineString"):
        geometry_polygons({"type": "LineString", "coordinates": []})


# ------------------------------------------------------------------------- pure decisions


@pytest.mark.parametrize(
    ("shares", "top"),
    [
        ([0, 3.2, 9.8], 10),
        ([0, 0], 0),
        ([], 0),
        ([0.3], 0.5),
        ([2.1], 2.5),
        ([10.0], 10),
        ([12], 20),
        ([99], 100),
        ([0.004, np.nan], 0.005),
    ],
)
def test_shortfall_scale_is_the_worst_share_rounded_up(shares, top) -> None:
    """1, 2, 2.5, 5 × 10^k at or above the worst share; 0 when nothing is short."""
    assert shortfall_scale_pct(shares) == pytest.approx(top)


def _result(name: str, shortfall_t: float, probability: float | None = None):
    return SimpleNamespace(
        name=name,
        totals={"shortfall_t": shortfall_t},
        change={"shortfall_t": shortfall_t},
        scenario=SimpleNamespace(probability=probability),
    )


def _results(*scenarios) -> SimpleNamespace:
    return SimpleNamespace(scenarios=list(scenarios), baseline=scenarios[0])


def test_panels_most_likely_and_worst() -> None:
    """Most likely and worst; one panel when they coincide or only the baseline ran."""
    base = _result("baseline", 5, 0.9)
    likely, worst, other = (
        _result("likely", 10, 0.4),
        _result("worst", 90, 0.1),
        _result("tie", 20, 0.4),
    )
    panels = map_panels(_results(base, likely, worst, other))
    assert [r.name for r, _ in panels] == [
        "likely",
        "worst",
    ]  # the first of two at 0.4; never the baseline
    assert (
        panels[0][1].startswith("most likely (probability 0.40")
        and panels[1][1] == "worst of the 3 scenarios beside the baseline"
    )
    same = map_panels(_results(base, _result("both", 90, 0.5), _result("mild", 1, 0.2)))
    assert (
        [r.name for r, _ in same] == ["both"]
        and "most likely" in same[0][1]
        and "worst" in same[0][1]
    )
    assert [r.name for r, _ in map_panels(_results(base))] == ["baseline"]
    no_probability = map_panels(_results(_result("baseline", 0), _result("a", 3), _result("b", 7)))
    assert [r.name for r, _ in no_probability] == ["b"]


def test_safe_text() -> None:
    """Dollar signs escaped (no mathtext), long text cut at 40 characters."""
    assert safe_text(r"$\frac{$") == r"\$\frac{\$"
    long = safe_text("x" * 60)
    assert len(long) == 40 and long.endswith("…")


# ------------------------------------------------------------------ what a reader sees


def _tables(pcodes=("AF06", "AF14")) -> dict[str, pd.DataFrame]:
    """Two crossings from Peshawar, each to one province; nothing is stored.

    Peshawar → Torkham (10 t/day) → Nangarhar (8 t/day); Peshawar → Ghulam Khan (5 t/day) →
    Khost (4 t/day).
    """
    node = {"storage_t": 0}
    nodes = pd.DataFrame(
        [
            {"id": "S", "name": "Peshawar", "kind": "source", "lat": 34.01, "lon": 71.58, **node},
            {
                "id": "X1",
                "name": "Torkham (AF) – Torkham (PAK)",
                "kind": "crossing",
                "lat": 34.10,
                "lon": 71.09,
                "throughput_t_per_day": 10,
                **node,
            },
            {
                "id": "X2",
                "name": "Ghulam Khan",
                "kind": "crossing",
                "lat": 33.23,
                "lon": 70.28,
                "throughput_t_per_day": 5,
                **node,
            },
            {
                "id": "D1",
                "name": "Nangarhar",
                "kind": "demand",
                "pcode": pcodes[0],
                "lat": 34.43,
                "lon": 70.45,
                **node,
            },
            {
                "id": "D2",
                "name": "Khost",
                "kind": "demand",
                "pcode": pcodes[1],
                "lat": 33.34,
                "lon": 69.92,
                **node,
            },
        ]
    )
    road = {
        "mode": "road",
        "distance_km": 50,
        "transit_days": 0,
        "capacity_t_per_day": 100,
        "cost_usd_per_t": 1,
    }
    routes = pd.DataFrame(
        [
            {"id": i, "from": a, "to": b, **road}
            for i, a, b in (
                ("SX1", "S", "X1"),
                ("X1D1", "X1", "D1"),
                ("SX2", "S", "X2"),
                ("X2D2", "X2", "D2"),
            )
        ]
    )
    return {
        "nodes": nodes,
        "routes": routes,
        "commodities": pd.DataFrame([{"id": "flour", "name": "Wheat flour", "kcal_per_kg": 3640}]),
        "supply": pd.DataFrame([{"node": "S", "commodity": "flour", "t_per_day": 50}]),
        "demand": pd.DataFrame(
            [
                {"node": "D1", "commodity": "flour", "t_per_day": 8},
                {"node": "D2", "commodity": "flour", "t_per_day": 4},
            ]
        ),
    }


EVIL = r"$\frac{$"


def _run(tables, *scenarios):
    return run_scenarios(network_from_tables(tables), list(scenarios), horizon_days=4)


@pytest.fixture(scope="module")
def small():
    """Two scenarios over 4 days, 48 t of need.

    Worst (p 0.3): Torkham closed days 1–2 → Nangarhar 16 t of 32 short (50 %).
    Most likely (p 0.6): Ghulam Khan at ×0.5 on days 0–1 → Khost 2 × 1.5 = 3 t of 16 short
    (18.75 %), and Torkham's only road in closed on day 3 → Nangarhar 8 t of 32 (25 %); 11 t in all.
    """
    worst = Scenario(
        name=EVIL, probability=0.3, closures=[Closure(target="X1", start_day=1, end_day=3)]
    )
    likely = Scenario(
        name="ghulam-khan-half",
        probability=0.6,
        closures=[
            Closure(target="X2", end_day=2, capacity_factor=0.5),
            Closure(target="SX1", start_day=3),
        ],
    )
    return _run(_tables(), worst, likely)


@pytest.fixture(scope="module")
def small_figure(small):
    """Draw the small run's map, day 0 on 30 Nov 2026."""
    return map_figure(small, start_date=date(2026, 11, 30))


def _map_axes(fig):
    return [ax for ax in fig.axes if ax.get_label().startswith("map: ")]


def _texts(fig) -> list[Text]:
    found = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return found


def test_png_is_the_printed_size_at_the_dpi(small) -> None:
    """774 × 450 pt (A4 landscape less the Map sheet's margins and title row) at 100 dpi:
    774 / 72 × 100 = 1075 and 450 / 72 × 100 = 625 pixels.
    """
    png = map_png(small, dpi=100)
    assert Image.open(io.BytesIO(png)).size == (1075, 625)
    assert MAP_SIZE_PT == (774.0, 450.0)


def _title(ax) -> str:
    (title,) = [t.get_text() for t in ax.texts if t.get_label() == "panel title"]
    return title


def _bar(fig):
    return next(ax for ax in fig.axes if ax.get_label() == "shading scale")


def test_panels_titles(small_figure) -> None:
    """Most likely then worst, titled with tonnes and % short."""
    axes = _map_axes(small_figure)
    assert [ax.get_label() for ax in axes] == ["map: ghulam-khan-half", f"map: {EVIL}"]
    # by the scenario's title (its name in words), the share beside the need it is of
    assert _title(axes[0]).startswith(
        "Ghulam khan half: 11 t of 48 t (22.9 %) short\nmost likely (probability 0.60"
    )
    assert _title(axes[1]).startswith(
        r"\$\frac{\$: 16 t of 48 t (33.3 %) short" + "\nworst of the 2"
    )


def test_without_prices_provinces_are_shaded_by_first_week_short(small_figure) -> None:
    """No good has a price: the first week short, and the bar says why.

    Both panels' provinces are short in week 1 (days 0–6): one class.
    """
    bar = _bar(small_figure)
    title = bar.get_title(loc="left").replace("\n", " ")
    assert title.startswith("First week the province is short")
    assert "no priced goods in the network" in title
    assert [t.get_text() for t in bar.get_xticklabels()] == ["1"]


def test_shortfall_shading_in_classes(small) -> None:
    """Shares 18.75 and 25 % (most likely), 50 % (worst): classes of 5 from 15 to 50 %; Nangarhar
    (50 %) in the darkest, Khost (0 % in the worst) white, Kabul (not in the network) grey.
    """
    fig = _map_figure(small, None, load_provinces(BOUNDARIES), "shortfall")
    bar = _bar(fig)
    assert [t.get_text() for t in bar.get_xticklabels()] == [
        "15", "20", "25", "30", "35", "40", "45", "50",
    ]  # fmt: skip
    worst = _map_axes(fig)[1]
    (shaded,) = [c for c in worst.collections if isinstance(c, PatchCollection)]
    assert len(shaded.get_paths()) == 34
    colours = shaded.get_facecolors()
    pcodes = list(load_provinces(BOUNDARIES))
    nangarhar, khost, kabul = (colours[pcodes.index(p)] for p in ("AF06", "AF14", "AF01"))
    assert nangarhar[:3] == pytest.approx((0xC0 / 255, 0, 0), abs=0.01)  # the darkest class
    assert khost[:3] == pytest.approx((1, 1, 1), abs=0.01)
    assert kabul[:3] == pytest.approx((0xE7 / 255,) * 3, abs=0.01)  # not in this network


def test_provinces_are_named(small_figure) -> None:
    """Province names, among them those of the two provinces in the network."""
    labels = {_province_name(a.get_text()) for a in _map_axes(small_figure)[1].texts}
    assert {"Nangarhar", "Khost", "Herat", "Ghazni", "Sar-e-Pul"} <= labels


@pytest.mark.parametrize(
    ("values", "breaks"),
    [
        ([53.0, 79.5], [50, 55, 60, 65, 70, 75, 80]),  # (79.5 − 53) / 7 = 3.8 → steps of 5
        ([3.64, 4.76], [3.6, 3.8, 4.0, 4.2, 4.4, 4.6, 4.8]),  # 1.12 / 7 = 0.16 → 0.2
        ([18.75, 25, 50, 0], [15, 20, 25, 30, 35, 40, 45, 50]),  # 0 is white, not a class
        ([5.0], [5.0, 5.1]),  # alike: 5 / 10 / 7 = 0.07 → one class of 0.1
        ([0.0, 0.01, np.nan], [0.0, 1.0]),  # nothing to shade
    ],
)
def test_class_breaks(values, breaks) -> None:
    """Equal steps of 1, 2, 2.5 or 5 × 10^k, the smallest giving at most 7 classes."""
    assert class_breaks(values) == pytest.approx(breaks)


def test_week_classes() -> None:
    """One class a week when the weeks shown span at most 7, else grouped."""
    assert week_classes([3, 4, 6, np.nan], 13) == [(3, 3), (4, 4), (5, 5), (6, 6)]
    assert week_classes([1, 12], 13) == [(1, 1), (2, 2), (3, 4), (5, 8), (9, 13)]
    assert week_classes([np.nan], 13) == [(1, 1)]


def test_peak_basket_price_change_by_province() -> None:
    """Two provinces of one P-code each, two goods, two weeks; spending = need × price.

    A, week 0: flour +10 % (need 10 t × 400 = 4,000 USD), oil +30 % (1 t × 2,000 = 2,000 USD):
    (4,000 × 10 + 2,000 × 30) / 6,000 = 16.67 %; week 1: flour +4 %, oil 0 % → 2.67 %; peak
    16.67 %. B, week 0: 0 %; week 1: flour +20 % (need 5 t: 2,000 USD), oil −10 % (1 t:
    2,000 USD) → 5 %; peak 5 %.
    """
    prices = pd.DataFrame(
        [
            ("A", "flour", 0, 10.0, 10.0), ("A", "oil", 0, 1.0, 30.0),
            ("A", "flour", 1, 10.0, 4.0), ("A", "oil", 1, 1.0, 0.0),
            ("B", "flour", 0, 5.0, 0.0), ("B", "oil", 0, 1.0, 0.0),
            ("B", "flour", 1, 5.0, 20.0), ("B", "oil", 1, 1.0, -10.0),
        ],
        columns=["node", "commodity", "week", "need_t", "price_change_pct"],
    )  # fmt: skip
    result = SimpleNamespace(
        prices=prices, by_node=pd.DataFrame({"pcode": ["AF01", "AF02"]}, index=["A", "B"])
    )
    normal = pd.Series({"flour": 400.0, "oil": 2000.0})
    peaks = peak_basket_change_pct(result, normal, by_province=True)
    assert peaks.to_dict() == pytest.approx({"AF01": 100 / 6, "AF02": 5.0})
    assert peak_basket_change_pct(result, normal, by_province=False)["B"] == pytest.approx(5.0)


@pytest.fixture(scope="module")
def market():
    """The small network with flour priced (400 USD/t, elasticity −0.3) under the market
    allocation: Torkham closed on days 1–2 (worst, p 0.3); Ghulam Khan at ×0.9 (p 0.6), whose
    4.5 t/day still cover Khost's 4 t/day: nothing short.
    """
    tables = _tables()
    tables["commodities"] = tables["commodities"].assign(
        price_usd_per_t=400.0, price_elasticity=-0.3
    )
    worst = Scenario(
        name="torkham-shut",
        probability=0.3,
        closures=[Closure(target="X1", start_day=1, end_day=3)],
    )
    mild = Scenario(
        name="ghulam-khan-slow",
        probability=0.6,
        closures=[Closure(target="X2", capacity_factor=0.9)],
    )
    return run_scenarios(
        network_from_tables(tables), [worst, mild], horizon_days=4, allocation="market"
    )


def test_market_shades_by_price_and_says_when_nothing_rises(market) -> None:
    """Under the market allocation the provinces are shaded by their basket's peak price rise,
    in classes; a panel with nothing to shade says so under its title.
    """
    fig = map_figure(market, start_date=date(2026, 11, 30))
    title = _bar(fig).get_title(loc="left").replace("\n", " ")
    assert title.startswith("Peak weekly price rise of the province's basket of the 1 market")
    mild, worst = _map_axes(fig)
    notes = [t.get_text() for t in mild.texts if t.get_label() == "nothing shaded"]
    assert notes == [
        "Nothing shaded: with perfect foresight no province's basket rises in price (0 t short "
        "in all)."
    ]
    assert not [t for t in worst.texts if t.get_label() == "nothing shaded"]
    prices = market.network.commodities.set_index("id")["price_usd_per_t"]
    rises = peak_basket_change_pct(market.scenarios[1], prices, by_province=True)
    assert rises["AF06"] > 0 and rises.get("AF14", 0.0) < NOTHING_PCT  # Nangarhar, not Khost
    (shaded,) = [c for c in worst.collections if isinstance(c, PatchCollection)]
    pcodes = list(load_provinces(BOUNDARIES))
    assert shaded.get_facecolors()[pcodes.index("AF06")][:3] != pytest.approx((1, 1, 1))


def test_nothing_shaded_note_gives_the_surprise_bound() -> None:
    """With the no-foresight figures: tonnes short, from which day, and the basket's peak."""
    result = SimpleNamespace(
        name="intermittent",
        totals={"shortfall_t": 4.2},
        bounds={
            "none": {
                "shortfall_t": 12_717.2,
                "first_shortfall_day": 10,
                "basket_peak_price_change_pct": 38.86,
            }
        },
    )
    shading = SimpleNamespace(measure="price", anything=lambda name: False)
    assert nothing_shaded_note(result, shading) == (
        "Nothing shaded: with perfect foresight no province's basket rises in price (4 t short "
        "in all).\nClosures without warning: 12,717 t short from day 10; national basket up to "
        "+39 %."
    )
    assert nothing_shaded_note(result, SimpleNamespace(measure="price", anything=bool)) == ""


def test_crossings_say_their_state_and_days(small_figure) -> None:
    """Closed, restricted and open crossings with their days, and the origin, by name."""
    likely, worst = (
        sorted(
            a.get_text()
            for a in ax.texts
            if isinstance(a, Annotation) and a.get_color() != "#262626"
        )
        for ax in _map_axes(small_figure)
    )
    assert "Torkham\nclosed days 1–2" in worst and "Ghulam Khan — open" in worst
    assert "Ghulam Khan\nrestricted ×0.5 days 0–1" in likely
    assert "Torkham — closed day 3" in likely
    assert "Peshawar" in likely


def test_nothing_is_cut_off(small_figure) -> None:
    """Every text lies inside the page, and every map label inside its map."""
    small_figure.canvas.draw()  # lays out the legend as a saved PNG has it
    renderer = small_figure.canvas.get_renderer()
    page = small_figure.bbox
    for text in _texts(small_figure):
        box = text.get_window_extent(renderer)
        assert (
            page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
        ), text.get_text()
    for ax in _map_axes(small_figure):
        frame = ax.get_window_extent(renderer)
        for text in [t for t in ax.texts if t.get_label() not in ("panel title", "nothing shaded")]:
            box = Text.get_window_extent(text, renderer)
            assert (
                frame.x0 <= box.x0
                and box.x1 <= frame.x1
                and frame.y0 <= box.y0
                and box.y1 <= frame.y1
            ), text.get_text()


def test_footer_dates_source_and_disclaimer(small_figure) -> None:
    """Day 0 as a date, the map's date, the boundary source and the disclaimer."""
    footer = "\n".join(t.get_text() for t in small_figure.texts)
    assert (
        "Day 0 = 30 Nov 2026" in footer
        and f"Map made {date.today().day} {date.today():%b %Y}" in footer
    )
    assert "Boundaries: geoBoundaries gbOpen (public domain), 2007. Model: borderflow " in footer
    assert "do not imply official endorsement or acceptance by the authors." in footer
    assert "optimistic bound" in footer


def test_other_networks_are_points_and_all_zero_says_so() -> None:
    """P-codes that are not Afghan: no boundaries; no shortfall anywhere: no colour bar."""
    results = _run(_tables(pcodes=("XX01", "XX02")))
    fig = map_figure(results)
    (ax,) = _map_axes(fig)
    assert not [c for c in ax.collections if isinstance(c, PatchCollection)]
    assert {"Nangarhar", "Khost"} <= {t.get_text() for t in ax.texts}
    assert not [a for a in fig.axes if a.get_label() == "shading scale"]
    assert any("No demand node is short of food" in t.get_text() for t in fig.texts)
    assert "Baseline: 0 t of " in _title(ax) and "(0.0 %) short" in _title(ax)


def test_no_coordinates_no_map() -> None:
    """Nothing to draw: None, and the report says so."""
    tables = _tables()
    tables["nodes"] = tables["nodes"].drop(columns=["lat", "lon"])
    assert map_png(_run(tables)) is None


def test_bundled_network_map() -> None:
    """The Afghan network over 5 days: every crossing labelled (or in the key), province names
    where they fit, far origins named, and no label breaking the rules of ``_check_labels``.
    """
    network = load_network(bundled_path("afghanistan"))
    closure = Scenario(
        name="torkham-closed",
        probability=0.5,
        closures=[Closure(target="TORKHAM"), Closure(target="R_QUETTA_SPIN_BOLDAK", end_day=2)],
    )
    results = run_scenarios(network, [closure], horizon_days=5)
    fig = map_figure(results, start_date=date(2026, 11, 30))
    fig.canvas.draw()
    texts = _check_labels(fig, results)
    heads = _heads(texts)
    crossings = network.node_table["name"][network.node_table["kind"] == "crossing"]
    assert len(crossings) == 14
    assert all(heads.count(short_name(name)) == 1 for name in crossings)
    names = {_province_name(t) for t in texts}
    missing = [p.name for p in load_provinces(BOUNDARIES).values() if p.name not in names]
    assert len(missing) <= 3, missing  # the smallest eastern provinces may find no room
    assert "Zaranj — open" in texts
    assert any(t.startswith("Torkham") and "closed days 0–4" in t for t in texts)
    # its only road in is closed
    assert any(t.startswith("Spin Boldak/Wesh") and "closed days 0–1" in t for t in texts)
    assert any(t.startswith("to Karachi") for t in texts)


# ------------------------------------------------------------ labels, scale, print quality


def _crowded_tables() -> dict[str, pd.DataFrame]:
    """Six more crossings beside Torkham and Ghulam Khan on 2° of border, 0.3–0.7° apart (a
    few millimetres on a panel), as crowded as the bundled network's east: every label is long
    and they fight for the same room. Border post 5 has no capacity (not functional).
    """
    tables = _tables(pcodes=("AF06", "AF14"))
    nodes, routes = tables["nodes"], tables["routes"]
    spots = [(34.45, 71.15), (33.95, 69.95), (33.65, 70.50), (32.95, 69.85), (32.60, 69.50)]
    spots.append((34.30, 70.75))
    extra = pd.DataFrame(
        [
            {
                "id": f"C{i}",
                "name": f"Border post {i}",
                "kind": "crossing",
                "lat": lat,
                "lon": lon,
                "throughput_t_per_day": 0 if i == 5 else 2,
                "storage_t": 0,
            }
            for i, (lat, lon) in enumerate(spots)
        ]
    )
    road = routes.iloc[0].drop(["id", "from", "to"]).to_dict()
    links = [{"id": f"S_C{i}", "from": "S", "to": f"C{i}", **road} for i in range(len(spots))]
    links += [
        {"id": f"C{i}_D", "from": f"C{i}", "to": "D2" if i % 2 else "D1", **road}
        for i in range(len(spots))
    ]
    tables["nodes"] = pd.concat([nodes, extra], ignore_index=True)
    tables["routes"] = pd.concat([routes, pd.DataFrame(links)], ignore_index=True)
    return tables


CROWDED_CLOSURES = [
    Closure(target="C0", start_day=1, end_day=2),
    Closure(target="C0", start_day=2, capacity_factor=0.7),
    Closure(target="C1", capacity_factor=0.5),
    Closure(target="C2", start_day=0, end_day=1),
    Closure(target="C2", start_day=2, end_day=3),
    Closure(target="C3", start_day=1, capacity_factor=0.25),
    Closure(target="C4"),
    Closure(target="X1", start_day=3),
    Closure(target="X2", start_day=1, end_day=3, capacity_factor=0.5),
]


@pytest.fixture(scope="module")
def crowded():
    """Two panels of eight crowded crossings with long statuses, drawn once."""
    worst = Scenario(name="many-closures", probability=0.2, closures=CROWDED_CLOSURES)
    likely = Scenario(
        name="one-closure", probability=0.7, closures=[Closure(target="X1", start_day=2)]
    )
    results = _run(_crowded_tables(), worst, likely)
    fig = map_figure(results, start_date=date(2026, 11, 30))
    fig.canvas.draw()
    return results, fig


def _markers(ax) -> list[tuple[np.ndarray, float, bool]]:
    """Every node marker as (centre in pixels, half-side in pixels, labelled): scatter points of
    the panel (crossings and other nodes are labelled; demand dots are not).
    """
    px_per_pt = ax.figure.dpi / 72
    found = []
    for collection in ax.collections:
        if type(collection).__name__ != "PathCollection":
            continue
        size = float(collection.get_sizes()[0])
        centres = ax.transData.transform(collection.get_offsets())
        # the marker's half width (√s / 2 pt) plus half its edge line
        half = (np.sqrt(size) / 2 + float(collection.get_linewidths()[0]) / 2) * px_per_pt
        found += [(c, half, size >= 10) for c in centres]
    return found


def _gap(box, point) -> float:
    """Pixels from ``point`` to the nearest point of ``box`` (0 inside)."""
    dx = max(box.x0 - point[0], 0.0, point[0] - box.x1)
    dy = max(box.y0 - point[1], 0.0, point[1] - box.y1)
    return float(np.hypot(dx, dy))


def _crosses(a, b) -> bool:
    """Whether segments a and b ((x0, y0), (x1, y1)) properly cross."""

    def side(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return (side(*a, b[0]) * side(*a, b[1]) < 0) and (side(*b, a[0]) * side(*b, a[1]) < 0)


def _province_name(text: str) -> str:
    r"""A province label as one line: "Maidan\nWardak" → "Maidan Wardak", "Sar-e-\nPul" →
    "Sar-e-Pul".
    """
    return text.replace("-\n", "-").replace("\n", " ")


def _check_labels(fig, results) -> list[str]:
    """Fail on any label that overlaps another label or a marker (a province name may cover its
    own demand node's dot), a node label farther than ``MAX_LABEL_GAP_PT`` from its marker or
    nearer another labelled marker than its own (with a leader line: nearer than
    ``RIVAL_GAP_PT``; centred above or below its marker: nearer than ``RIVAL_NEAR_PT``; markers
    within ``TOUCHING_PT`` of its own do not count), a province name
    whose middle is outside its province, crossing leader lines, or a key box over a label or
    marker. Returns the labels and key lines checked.
    """
    renderer = fig.canvas.get_renderer()
    by_name = {p.name: p for p in load_provinces(BOUNDARIES).values()}
    nodes = results.network.node_table
    dots = {
        nodes.at[n, "name"]: (nodes.at[n, "lon"], nodes.at[n, "lat"])
        for n in results.network.demand["node"].unique()
    }
    texts = []
    for ax in _map_axes(fig):
        px_per_pt = fig.dpi / 72
        labels = [a for a in ax.texts if isinstance(a, Annotation)]
        boxes = [Text.get_window_extent(a, renderer) for a in labels]
        markers = _markers(ax)
        leaders = []
        for label, box in zip(labels, boxes, strict=True):
            text, name = label.get_text(), _province_name(label.get_text())
            point = ax.transData.transform(label.xy)
            for other, other_box in zip(labels, boxes, strict=True):
                assert other is label or not box.overlaps(other_box), (text, other.get_text())
            own_dot = ax.transData.transform(dots[name]) if name in dots else None
            for centre, half, _ in markers:
                if own_dot is not None and np.hypot(*(centre - own_dot)) < 0.5:
                    continue
                marker = Bbox.from_bounds(centre[0] - half, centre[1] - half, 2 * half, 2 * half)
                assert not box.overlaps(marker), (text, centre)
            if name in by_name:  # a province's name, in its province
                middle = ax.transData.inverted().transform(box.get_points().mean(axis=0))
                assert by_name[name].contains(*middle), text
                assert _gap(box, point) <= 8 * px_per_pt, text
                continue
            gap = _gap(box, point)
            assert gap <= MAX_LABEL_GAP_PT * px_per_pt + 0.5, (text, gap / px_per_pt)
            clear = gap if label.arrow_patch is None else min(gap, RIVAL_GAP_PT * px_per_pt)
            middle_x = (box.x0 + box.x1) / 2
            if label.arrow_patch is None and abs(middle_x - point[0]) <= 1.5 * px_per_pt:
                clear = min(gap, RIVAL_NEAR_PT * px_per_pt)  # centred over its own marker
            rivals = [
                c
                for c, _, named in markers
                if named and np.hypot(*(c - point)) > TOUCHING_PT * px_per_pt
            ]
            assert all(_gap(box, c) > clear for c in rivals), text
            if label.arrow_patch is not None:
                leaders.append((text, (tuple(point), tuple(box.get_points().mean(axis=0)))))
        for i, (text, segment) in enumerate(leaders):
            for other_text, other in leaders[i + 1 :]:
                assert not _crosses(segment, other), (text, other_text)
        texts += [a.get_text() for a in labels]
        for key in [t for t in ax.texts if t.get_label() == "label key"]:
            key_box = key.get_bbox_patch().get_window_extent(renderer)
            assert not any(key_box.overlaps(b) for b in boxes), key.get_text()
            assert not any(key_box.contains(*c) for c, _, _ in markers), key.get_text()
            texts += key.get_text().split("\n")[1:]
    return texts


def _heads(texts: list[str]) -> list[str]:
    r"""The name each label or key line starts with: "Torkham\nclosed…" and "1 Torkham: closed…"
    → "Torkham".
    """
    heads = []
    for text in texts:
        head = text.split("\n")[0].split(" — ")[0].split(": ")[0]
        number, _, rest = head.partition(" ")
        if not head.isdigit():  # a lone number marks a marker whose label is in the key
            heads.append(rest if number.isdigit() else head)
    return heads


def test_crowded_labels_neither_overlap_nor_stray(crowded) -> None:
    """Every crossing labelled in both panels, no overlap, near its marker, leaders apart."""
    results, fig = crowded
    texts = _check_labels(fig, results)
    heads = _heads(texts)
    for name in [f"Border post {i}" for i in range(6)] + ["Torkham", "Ghulam Khan"]:
        assert heads.count(name) == 2, name  # once per panel
    assert "Border post 0\nclosed day 1; ×0.7\ndays 2–3" in texts


def test_label_check_fails_on_an_overlap(crowded) -> None:
    """The check is not vacuous: a label moved onto another fails it."""
    results, fig = crowded
    ax = _map_axes(fig)[0]
    first, second = [a for a in ax.texts if isinstance(a, Annotation)][:2]
    moved = ax.annotate(second.get_text(), first.xy, **{"fontsize": second.get_fontsize()})
    try:
        with pytest.raises(AssertionError):
            _check_labels(fig, results)
    finally:
        moved.remove()
    far = ax.annotate("Border post 0", first.xy, xytext=(80, 0), textcoords="offset points")
    try:
        with pytest.raises(AssertionError, match="Border post 0"):
            _check_labels(fig, results)
    finally:
        far.remove()


def _packed_results():
    """The crowded network with five more crossings packed among the others, each closed on
    day 1 and at ×0.4 from day 3: more long labels than the border has room for.
    """
    tables = _crowded_tables()
    spots = [(34.20, 70.95), (33.85, 70.40), (33.45, 70.05), (33.05, 70.15), (32.80, 69.75)]
    extra = pd.DataFrame(
        [
            {
                "id": f"P{i}",
                "name": f"Packed post {i}",
                "kind": "crossing",
                "lat": lat,
                "lon": lon,
                "throughput_t_per_day": 2,
                "storage_t": 0,
            }
            for i, (lat, lon) in enumerate(spots)
        ]
    )
    road = tables["routes"].iloc[0].drop(["id", "from", "to"]).to_dict()
    links = [{"id": f"S_P{i}", "from": "S", "to": f"P{i}", **road} for i in range(5)]
    links += [{"id": f"P{i}_D", "from": f"P{i}", "to": "D1", **road} for i in range(5)]
    tables["nodes"] = pd.concat([tables["nodes"], extra], ignore_index=True)
    tables["routes"] = pd.concat([tables["routes"], pd.DataFrame(links)], ignore_index=True)
    closures = list(CROWDED_CLOSURES)
    for i in range(5):
        closures += [
            Closure(target=f"P{i}", start_day=1, end_day=2),
            Closure(target=f"P{i}", start_day=3, capacity_factor=0.4),
        ]
    return _run(tables, Scenario(name="packed", probability=0.5, closures=closures))


def test_labels_without_room_go_to_the_key() -> None:
    """Thirteen crossings on 2° of border: those that find no room are numbered beside their
    markers and listed in a key box, which covers no label or marker; every crossing is named
    once, on the map or in the key.
    """
    results = _packed_results()
    fig = map_figure(results, start_date=date(2026, 11, 30))
    fig.canvas.draw()
    texts = _check_labels(fig, results)
    (ax,) = _map_axes(fig)
    (key,) = [t.get_text() for t in ax.texts if t.get_label() == "label key"]
    lines = key.split("\n")
    assert lines[0] == "Not labelled for want of room:" and len(lines) >= 2
    numbers = sorted(
        t.get_text() for t in ax.texts if isinstance(t, Annotation) and t.get_text().isdigit()
    )
    assert numbers == [str(i) for i in range(1, len(lines))]  # each beside its marker
    assert lines[1].startswith("1 ") and ": " in lines[1]
    heads = _heads(texts)
    names = results.network.node_table.query("kind == 'crossing'")["name"].map(short_name)
    assert sorted(heads.count(name) for name in names) == [1] * len(names)


def test_crossing_markers_and_legend(crowded) -> None:
    """Filled marker when the worst status holds every day, hollow when some days; grey for not
    functional; the legend lists exactly the symbols drawn.
    """
    results, fig = crowded
    symbols = {}
    for ax in _map_axes(fig):
        for collection in ax.collections:
            if collection.get_label().startswith("crossings "):
                symbols.setdefault(ax.get_label(), set()).add(collection.get_label())
    assert symbols["map: many-closures"] == {
        "crossings not functional",  # C5: 0 t/day
        "crossings closed",  # C4 all 4 days
        "crossings closed some days",  # C0 day 1 (×0.7 after), C2 days 0 and 2, Torkham day 3
        "crossings restricted",  # C1 ×0.5 all days
        "crossings restricted some days",  # C3 ×0.25 from day 1, Ghulam Khan ×0.5 days 1–2
    }
    assert symbols["map: one-closure"] == {
        "crossings not functional",
        "crossings closed some days",  # Torkham from day 2
        "crossings open",
    }
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    statuses = [t for t in legend if t.startswith("crossing ")]
    assert statuses == [
        "crossing not functional (no capacity)",
        "crossing closed, all 4 days",
        "crossing closed, some days",
        "crossing restricted (× capacity), all 4 days",
        "crossing restricted (× capacity), some days",
        "crossing open",
    ]
    one = _run(_tables(), Scenario(name="x", probability=0.5, closures=[Closure(target="X1")]))
    legend = [t.get_text() for t in map_figure(one).legends[0].get_texts()]
    assert [t for t in legend if t.startswith("crossing ")] == [
        "crossing closed, all 4 days",
        "crossing open",
    ]


def test_scale_bar_and_north_arrow(small_figure) -> None:
    """The bar's kilometres match its degrees of longitude at the map's middle latitude.

    By hand, at 34° N on WGS84 one degree of longitude is a·cos φ / √(1 − e² sin² φ) · π/180 =
    6378.137 × 0.829038 / √(1 − 0.00669438 × 0.312694) × 0.0174533 = 5293.2 km × 0.0174533
    = 92.38 km (a sphere of 6371 km gives 92.19 km, 0.2 % less).
    """
    assert km_per_degree_longitude(34.0) == pytest.approx(92.38, abs=0.01)
    assert km_per_degree_longitude(0.0) == pytest.approx(111.32, abs=0.01)
    for ax in _map_axes(small_figure):
        halves = [p for p in ax.patches if p.get_label() == "scale bar"]
        assert len(halves) == 2
        degrees = sum(p.get_width() for p in halves)
        texts = [t.get_text() for t in ax.texts]
        km = float(next(t for t in texts if t.endswith(" km")).split()[0])
        south, north = ax.get_ylim()
        middle = (south + north) / 2
        assert degrees * km_per_degree_longitude(middle) == pytest.approx(km, rel=1e-9)
        # independently, on a sphere: within 0.5 %
        assert degrees * 6371.0 * np.pi / 180 * np.cos(np.radians(middle)) == pytest.approx(
            km, rel=5e-3
        )
        assert f"scale true at {middle:.0f}° N" in texts
        assert any(p.get_label() == "north arrow" for p in ax.patches) and "N" in texts


def test_workbook_map_is_200_dpi_at_its_printed_size(small, tmp_path) -> None:
    """The embedded PNG has at least 200 pixels per printed inch, and is shown at the map's
    drawn size, inside the Map sheet's printable area.

    774 × 450 pt = 10.75 × 6.25 inches at 200 dpi: 2150 × 1250 pixels; shown at 774 / 0.75 =
    1032 × 600 pixels of 1/96 inch, 9525 EMU each: 9,829,800 × 5,715,000 EMU = 10.75 × 6.25
    inches (914,400 EMU each).
    """
    import zipfile

    from logistics import write_report
    from logistics.report.xlsx import PRINTABLE_HEIGHT_PT, PRINTABLE_WIDTH_PT

    path = write_report(small, tmp_path / "map.xlsx", start_date=date(2026, 11, 30))
    with zipfile.ZipFile(path) as book:
        (media,) = [n for n in book.namelist() if n.startswith("xl/media/")]
        png = Image.open(io.BytesIO(book.read(media)))
        drawings = [
            book.read(n).decode()
            for n in book.namelist()
            if n.startswith("xl/drawings/drawing") and n.endswith(".xml")
        ]
    (picture,) = [d for d in drawings if "<pic>" in d]
    cx, cy = map(int, re.search(r'<ext cx="(\d+)" cy="(\d+)"', picture).groups())
    assert (cx, cy) == (1032 * 9525, 600 * 9525) == (9_829_800, 5_715_000)
    inches = (cx / 914_400, cy / 914_400)
    assert png.size == (2150, 1250)
    dpi = (png.size[0] / inches[0], png.size[1] / inches[1])
    assert min(dpi) >= 200 and dpi == pytest.approx((200, 200), rel=2e-3)
    assert cx / 12_700 <= PRINTABLE_WIDTH_PT and cy / 12_700 <= PRINTABLE_HEIGHT_PT - 30
