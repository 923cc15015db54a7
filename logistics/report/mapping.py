"""The report's map (matplotlib, no display and no network access needed).

One figure the size of the Map sheet's printable area (A4 landscape less margins and the title
row), shown in the workbook at that size and ``MAP_DPI``: a panel for the most likely and one
for the worst scenario, provinces shaded in classes (``mapmeasure``: the peak weekly price rise
of each province's basket of market goods, or without prices the first week short), crossings
marked and labelled by status with their days (``mapdraw``), labels placed clear of each other
and of the markers (``maplayout``, ``maplabels``), routes drawn with a width by the tonnes they
carried, a scale bar and north arrow (``mapscale``), and below a colour bar, a legend of the
symbols drawn and a footer with dates, source and the usual disclaimer (``mappage``). Province
boundaries are the bundled ones (``inputs/boundaries/``), drawn when the network's demand
P-codes are Afghan (AF01–AF34); any other network is drawn as points.

The pure helpers here (``map_panels``, ``safe_text``, ``short_name``, ``shortfall_scale_pct``)
hold decisions shared with the workbook; ``mappage.map_figure`` draws the map and
``mappage.map_png`` returns the PNG bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from logistics.analyses.run import Results, ScenarioResult
from logistics.analyses.wording import place_name

# The map's printed size in points (1/72 inch): the Map sheet's printable width, A4 landscape
# (842 pt) less 0.4 inch margins, and its height (595 pt) less 0.75 inch margins and the sheet's
# title row. The workbook shows the picture at exactly this size, so points are printed points.
MAP_SIZE_PT = (774.0, 450.0)  # 10.75 × 6.25 inches: whole pixels at 96 and at 200 dpi
MAP_DPI = 200  # pixels per inch of the picture in the workbook
POINTS_PER_INCH = 72.0
# White → orange → dark red; the same stops suit an Excel three-colour scale (0, mid, maximum).
SHORTFALL_COLOURS = ("#FFFFFF", "#F4B183", "#C00000")
NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
MAX_LABEL_CHARS = 40


def safe_text(text: object, max_chars: int = MAX_LABEL_CHARS) -> str:
    """Make input text safe for a matplotlib label.

    ``$`` is escaped (no mathtext) and the text cut to ``max_chars`` characters with "…".
    """
    text = " ".join(str(text).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def short_name(name: object, max_chars: int = 28) -> str:
    """Shorten a node's name to its first part (``wording.place_name``: "Torkham (AF) – Torkham
    (PAK)" → "Torkham"), made safe for a label.
    """
    return safe_text(place_name(name), max_chars)


def shortfall_scale_pct(shares_pct: Iterable[float]) -> float:
    """Top of the shortfall colour scale, in % of need.

    The largest share rounded up to a nice number (1, 2, 2.5 or 5 × a power of ten, at most
    100); 0 when every share is 0 or missing.
    """
    values = np.asarray([s for s in shares_pct if s is not None], dtype=float)
    values = values[np.isfinite(values)]
    worst = float(values.max()) if values.size else 0.0
    if worst <= 1e-9:
        return 0.0
    power = 10.0 ** math.floor(math.log10(worst))
    top = next(step * power for step in NICE_STEPS if step * power >= worst * (1 - 1e-9))
    return min(top, 100.0)


def map_panels(results: Results) -> list[tuple[ScenarioResult, str]]:
    """Choose the scenarios the map shows, each with its role in words.

    The most likely (highest probability among the scenarios other than the baseline; the first
    on a tie; none when no scenario has a probability) and the worst (largest shortfall in t
    among them); one panel when they coincide; the baseline alone when nothing else was run.
    """
    others = results.scenarios[1:]
    if not others:
        return [(results.baseline, "the only scenario run")]
    from logistics.analyses.findings import most_likely_scenario, worst_scenario

    # the report's own choices (findings), so the map and page 1 speak of the same scenarios
    worst = worst_scenario(results) or max(others, key=lambda s: s.totals["shortfall_t"])
    likely = most_likely_scenario(results)
    worst_role = (
        f"worst of the {len(others)} scenarios beside the baseline"
        if len(others) > 1
        else "the only scenario beside the baseline"
    )
    if likely is None:
        return [(worst, worst_role)]
    likely_role = f"most likely (probability {likely.scenario.probability:.2f}, analyst judgement)"
    if likely is worst:
        return [(worst, f"{likely_role} and {worst_role}")]
    return [(likely, likely_role), (worst, worst_role)]
