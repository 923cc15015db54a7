"""The Excel report (openpyxl): the only module that writes report workbooks (the input
template is ``networks.template``).

Sheets: Summary (a one-page briefing: key messages, what would change the outlook, the scenario
comparison and its chart), Map, Provinces, Timeline, Crossings, Routes, Commodities, the analysis
sheets when given (Criticality, Monte Carlo), Data (one long table for pivoting), Inputs, About.

Wide sheets have one header row (units in the headers), then an HXL hashtag row (one distinct tag
per column: the scenario is an attribute), an auto-filter that starts at the HXL row (sorting
never moves the tags), panes frozen past the name columns, number formats, a totals row (and
an "Earliest" row for first days) and widths that fit every header word and number
(``layout.fit_columns``). Every chart takes its ranges from the table it draws
(``xlsx.add_series``). Every sheet prints A4 landscape with print titles and a footer (day 0,
page x of y, sheet); wide sheets print every row (``layout.print_wide``), the Data sheet its
first rows only; the default report prints in at most 30 pages.
Text from input files is always written as text, never as a formula. The file is written to a
temporary name beside the target and renamed, so a failed run never leaves a half-written report.
"""

from __future__ import annotations

import io
import math
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, ScatterChart
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from logistics.analyses.briefing import briefing
from logistics.analyses.criticality import CriticalityResult, competition_ranks
from logistics.analyses.findings import (
    calendar_date,
    most_likely_scenario,
    outlook_changes,
    weighting_word,
    worst_scenario,
)
from logistics.analyses.montecarlo import MonteCarloResult
from logistics.analyses.run import Results
from logistics.report.layout import (
    fit_columns,
    header_height,
    header_units,
    line_height_pt,
    print_wide,
    shown,
    text_units,
    wrap_cells,
    wrapped_lines,
)
from logistics.report.mapping import SHORTFALL_COLOURS, shortfall_scale_pct
from logistics.report.tidy import DATA_COLUMNS, ZERO_DAYS_NOTE, tidy_results
from logistics.report.xlsx import (
    HXL_FONT,
    PCT,
    PRINTABLE_HEIGHT_PT,
    PRINTABLE_WIDTH_PT,
    SECTION_FONT,
    TIED_RANK,
    TITLE_FONT,
    TONNES,
    TOTAL_FONT,
    Placed,
    add_series,
    collector_paused,
    colour_scale,
    hxl_attribute,
    print_setup,
    put,
    write_table,
)
from networks.atomic import save_atomically

# Key messages are merged across this many columns and wrapped at about this many characters.
FINDING_COLUMNS = 12
FINDING_FONT = Font(size=11)
DATE_FORMAT = "d mmm yyyy"
UNITS_TEXT = (
    "t = tonnes; days count from 0 (day 0 is the start date) and end days are exclusive; "
    "people-days without food = shortfall kcal ÷ 2,100 kcal (Sphere)."
)
ALLOCATION_TEXT = {
    "market": (
        "market: a spatial price equilibrium. Each commercial good has a demand curve through its "
        "normal price and need (sourced elasticities); goods go where they are worth most after "
        "delivery costs, so a province dearer to reach pays more and goes shorter. Prices are "
        "read on the curve at the quantity consumed. Aid is allocated by priority."
    ),
    "proportional": (
        "proportional: need that cannot be met is shared so that no province's unmet share of "
        "its total need (all goods together, not per good) can be lowered without raising a "
        "larger one (lexicographic max-min), and comes as late as the network allows."
    ),
    "priority": (
        "priority: node priorities weigh unmet need, then remaining shortfall is shared as under "
        "proportional."
    ),
    "least-cost": (
        "least-cost: weighted unmet need first, then transport cost, as traders would deliver; "
        "unmet need falls where delivery is dearest (market's limit with perfectly inelastic "
        "demand)."
    ),
}
FORESIGHT_TEXT = {
    "both": (
        "Both bounds: every table is the perfect-foresight plan (it knows every closure in "
        "advance and pre-positions stock: what planning on warning can achieve); each closure "
        "scenario is also solved with no foresight (rolling horizon: each closure learned on the "
        "day it starts, each reopening on its day), given as 'if a surprise' on the Summary. "
        "The range between them is the answer."
    ),
    "perfect": (
        "Perfect foresight: the plan knows every closure in advance and pre-positions stock where "
        "storage allows; real shortfalls can be larger."
    ),
    "none": (
        "No foresight (rolling horizon): the plan learns of each closure on the day it starts and "
        "re-plans then; cargo already on its way to a closed crossing is held there."
    ),
}
BOUND_TEXT = {
    "perfect": (
        "Optimistic bound: these figures assume perfect foresight (every closure known in "
        "advance). Closures that come without warning leave more short; borderflow run "
        "--foresight none gives the other bound."
    ),
    "none": (
        "Pessimistic bound: these figures assume no foresight (each closure learned on its first "
        "day). Advance warning would leave less short; --foresight perfect gives the optimistic "
        "bound."
    ),
    "both": (
        "A range: the tables assume perfect foresight (every closure known in advance, the "
        "optimistic bound); 'Shortfall if a surprise' is the same closure learned on its first "
        "day (no foresight, the pessimistic bound). The truth lies between, nearer the second "
        "the less warning there is."
    ),
}
GLOSSARY = [
    (
        "Glossary: shortfall",
        "Need (t) that is not delivered on its day. Need not met on its day is lost (no backlog).",
    ),
    (
        "Glossary: people-days without food",
        (
            "Shortfall in kcal ÷ 2,100 kcal, the Sphere minimum per person per day: one person "
            "without food for one day."
        ),
    ),
    (
        "Glossary: first day short",
        (
            "The first day on which a province (or the country) gets less than 99.5 % of that "
            "day's need; day 0 is the start date. Under the market allocation with perfect "
            "foresight, a closure known in advance is shared over the days from the start (prices "
            "rise at once), so 'if a surprise' gives the later, realistic first day. Under the "
            "managed allocations the country's first day was the same in every equally good plan "
            "compared (README), a province's is what this plan does, give or take a few days."
        ),
    ),
    (
        "Glossary: trade and aid pipelines",
        (
            "Commercial imports (flour, rice, oil, sugar, pulses) and humanitarian cargo "
            "(commodities marked aid, e.g. the WFP food basket)."
        ),
    ),
    (
        "Glossary: value of +1 t/day",
        (
            "What one more tonne a day of capacity at a crossing or route would be worth over "
            "the horizon: the LP's shadow price. Under the market allocation, in USD (the value "
            "of the food it would let people consume, net of delivery costs); under the other "
            "rules, in tonnes of (priority-weighted) need it would meet. 0 where more capacity "
            "would not help."
        ),
    ),
    (
        "Glossary: prices",
        (
            "Market allocation only: a good's price in a province and week is read on its demand "
            "curve (normal price and sourced elasticity) at what people there consume that week, "
            "as % against the baseline. The basket weighs each province and good by its normal "
            "spending; its peak is the dearest week. These are closure-added pressures on normal "
            "prices: no exchange rate, world prices or expectations."
        ),
    ),
    (
        "Glossary: cost of the closure",
        (
            "Market allocation only: what the closure costs in USD against the baseline: the "
            "value of the food people go without (read on each good's demand curve; aid and "
            "unpriced goods at 10,000 USD a tonne times their priority) plus the change in "
            "delivery, storage and stock-replacement costs. The market minimises it, so knowing "
            "the closures in advance never costs more, even where it leaves a few more tonnes of "
            "a cheap good short to save a dear one."
        ),
    ),
    (
        "Glossary: foresight",
        (
            "Perfect: the plan knows every closure from day 0 (optimistic bound). None: it learns "
            "each on its first day and re-plans (pessimistic bound)."
        ),
    ),
    (
        "Glossary: probability",
        (
            "The analysts' judgement of how likely each scenario is, not a measurement. When the "
            "probabilities sum to 1 the weighted figure is an expectation; otherwise it is "
            "conditional on one of the scenarios happening."
        ),
    ),
    (
        "Glossary: criticality",
        (
            "The shortfall a single closure adds to the baseline. Ties (equal in whole tonnes) "
            "share a rank, shown as =2."
        ),
    ),
]
DISCLAIMER = (
    "The boundaries and names shown and the designations used on the map do not imply official "
    "endorsement or acceptance."
)
# The Data sheet prints its first rows only (the whole table stays in the workbook).
PRINTED_ROWS = 40
# Wide sheets' headers (pt, bold; the cells stay 11 pt): small enough that a column is about
# as wide as its numbers, large enough to read at the print's scale (``layout.print_wide``).
WIDE_HEADER_PT = 9
# Name columns (crossings) wider than this wrap.
NAME_WIDTH = 30


def _version() -> str:
    try:
        return version("borderflow")
    except PackageNotFoundError:
        return "unknown"


def _network_name(results_network) -> str:
    path = results_network.path
    return Path(path).stem if path else "network in memory"


def _excel_date(start_date: date, day) -> date | None:
    return None if day is None or pd.isna(day) else start_date + timedelta(days=int(day))


def _bullets(
    ws: Worksheet,
    row: int,
    lines: list[str],
    font: Font = FINDING_FONT,
    bullet: str = "• ",
    columns: int = FINDING_COLUMNS,
) -> int:
    """Write each line as a wrapped bullet merged across ``columns`` columns, its row as high as
    its lines (from the columns' widths); return the next free row.
    """
    units = sum(
        ws.column_dimensions[get_column_letter(j)].width or 8.43 for j in range(1, columns + 1)
    )
    size = font.size or 11
    for line in lines:
        cell = put(ws, row, 1, f"{bullet}{line}")
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        lines_needed = wrapped_lines(cell.value, units, size, bold=bool(font.b))
        ws.row_dimensions[row].height = round(lines_needed * line_height_pt(size) + 3, 1)
        row += 1
    return row


HEADLINE_FONT = Font(bold=True, size=14, color="1F4E78")
BODY_FONT = Font(size=11)
NOTE_FONT = Font(size=9, color="595959")
NUMBER_FONT = Font(bold=True, size=18, color="1F4E78")
NUMBER_LABEL_FONT = Font(size=10, color="404040")
BOX_FILL = PatternFill("solid", fgColor="EDF2F8")
SUMMARY_FIRST_WIDTH = 24  # the Summary's first column (goods, scenarios)
SUMMARY_WIDTH = 9.5  # its other columns; headers wrap


def _summary_widths(frames: list[pd.DataFrame]) -> list[float]:
    """The Summary's column widths for the tables it holds (one page, shared columns): the first
    column ``SUMMARY_FIRST_WIDTH``, the others at least ``SUMMARY_WIDTH``, as wide as the longest
    word of any header in that column and its widest number as shown (``layout``), and wide
    enough for a date and a few province names; at least ``FINDING_COLUMNS`` columns.
    """
    columns = max([FINDING_COLUMNS, *(f.shape[1] for f in frames)])
    widths = [SUMMARY_FIRST_WIDTH] + [SUMMARY_WIDTH] * (columns - 1)
    for frame in frames:
        formats = _summary_formats(frame)
        for j, header in enumerate(frame.columns[1:], start=1):
            widths[j] = max(widths[j], header_units(str(header)))
            numbers = [v for v in frame[header] if isinstance(v, int | float) and v == v]
            if numbers:  # a number never shows as "###"
                widest = max(text_units(shown(v, formats.get(header))) for v in numbers)
                widths[j] = max(widths[j], widest + 1.5)
            # a date ("7 Dec (day 0)") on one line; a few province names on two
            if str(header).endswith("first short"):
                widths[j] = max(widths[j], 13.5)
            elif str(header).endswith("where first"):
                widths[j] = max(widths[j], 16.0)
    return widths


def _summary_formats(frame: pd.DataFrame) -> dict[str, str]:
    """Number formats of a Summary table's columns, by their headers' units."""
    formats = {c: TONNES for c in frame.columns if "(t)" in c or "USD" in c or "People" in c}
    formats.update({c: PCT for c in frame.columns if "(%" in c})
    if "Probability (judgement)" in frame.columns:
        formats["Probability (judgement)"] = "0.00"
    if "First date short" in frame.columns:
        formats["First date short"] = DATE_FORMAT
    return formats


def _apply_widths(ws: Worksheet, widths: list[float]) -> None:
    """Set the Summary's widths again (``write_table`` sizes columns to one table)."""
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width


def _paragraph(ws: Worksheet, row: int, text: str, font: Font, columns: int) -> int:
    """One wrapped paragraph merged across ``columns`` columns; return the next free row."""
    return _bullets(ws, row, [text], font=font, bullet="", columns=columns)


def _in_numbers(ws: Worksheet, row: int, figures: list[tuple[str, str]], columns: int) -> int:
    """The "in numbers" box: each figure large over what it is, side by side across ``columns``
    columns; return the next free row.
    """
    span = max(1, columns // max(1, len(figures)))
    for i, (figure, label) in enumerate(figures[:columns]):
        col = 1 + i * span
        for r, text, font in ((row, figure, NUMBER_FONT), (row + 1, label, NUMBER_LABEL_FONT)):
            cell = put(ws, r, col, text)
            cell.font, cell.fill = font, BOX_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + span - 1)
    ws.row_dimensions[row].height = 26
    ws.row_dimensions[row + 1].height = 38
    return row + 2


def _fit_rows(ws: Worksheet, table: Placed) -> None:
    """Wrap a Summary table's cells, each row as tall as its cell of most lines, the header row
    as tall as its longest header (``layout``).
    """
    wrap_cells(ws, range(table.first, table.last + 1), list(range(1, table.width + 1)))
    ws.row_dimensions[table.header_row].height = header_height(table)


def _crossing_bullets(lines: list[tuple[str, str]]) -> list[str]:
    """The crossing status lines in two bullets: the crossings not open (closed, restricted, not
    functional), then the open ones and humanitarian cargo.
    """
    limited = [f"{h}: {n}" for h, n in lines if h.split(" (")[0] in ("Closed", "Restricted")]
    limited += [f"{h}: {n}" for h, n in lines if h == "Not functional"]
    rest = [f"{h}: {n}" for h, n in lines if h in ("Open", "Humanitarian cargo")]
    return [text for text in ("; ".join(limited), "; ".join(rest)) if text]


def _runs_short(ws: Worksheet, row: int, frame: pd.DataFrame, widths: list[float]) -> int:
    """Write the table of what runs short first; return the next free row."""
    table = write_table(ws, frame, top=row, formats=_summary_formats(frame))
    _apply_widths(ws, widths)
    _fit_rows(ws, table)
    return table.last + 1


def _summary(
    ws: Worksheet, results: Results, criticality: CriticalityResult | None, start_date: date
) -> int:
    """Page 1 as a briefing (``logistics.analyses.briefing``), then the scenario comparison and
    its chart. Returns the number of columns the page is printed across.
    """
    ws.title = "Summary"
    net = results.network
    brief = briefing(results, criticality, start_date)
    comparison = _comparison_frame(results, start_date)
    runs_short = brief.runs_short
    widths = _summary_widths([comparison, runs_short])
    columns = len(widths)
    _apply_widths(ws, widths)
    end = start_date + timedelta(days=results.horizon_days - 1)
    put(
        ws,
        1,
        1,
        f"{_network_name(net).capitalize()}: food and aid under border closures, outlook "
        f"{start_date:%-d %b %Y} to {end:%-d %b %Y}",
    ).font = TITLE_FONT
    row = _paragraph(ws, 2, brief.headline, HEADLINE_FONT, columns)
    row = _paragraph(
        ws,
        row,
        (
            f"As of {date.today():%-d %b %Y}; {results.horizon_days} days from day 0 = "
            f"{start_date:%-d %b %Y}. {BOUND_TEXT[results.foresight]}"
        ),
        NOTE_FONT,
        columns,
    )
    row = _in_numbers(ws, row + 1, brief.in_numbers, columns)

    def section(row: int, title: str, lines: list[str], font: Font = BODY_FONT) -> int:
        ws.row_dimensions[row].height = 8  # a thin gap before each section
        put(ws, row + 1, 1, title).font = SECTION_FONT
        return _bullets(ws, row + 2, lines, font=font, columns=columns)

    row = section(
        row, "Outlook", [f"{m.text} (Confidence: {m.confidence}.)" for m in brief.outlook]
    )
    roles = ["most likely", "worst case"] if len(brief.runs_short_scenarios) == 2 else ["shown"]
    named = " and ".join(
        f"{role} = {name}" for role, name in zip(roles, brief.runs_short_scenarios, strict=False)
    )
    if len(runs_short):
        ws.row_dimensions[row].height = 8
        put(
            ws, row + 1, 1, f"What runs short first ({named}; perfect foresight)"
        ).font = SECTION_FONT
        row = _runs_short(ws, row + 2, runs_short, widths)
    row = section(
        row,
        f"Crossing status on day 0 ({start_date:%-d %b %Y}), as {brief.crossings_scenario} assumes",
        _crossing_bullets(brief.crossings),
    )
    if brief.actions:
        row = section(
            row, "Actions", [f"{m.text} (Confidence: {m.confidence}.)" for m in brief.actions]
        )
    row = _paragraph(ws, row + 1, " ".join(brief.notes), NOTE_FONT, columns)
    ws.row_breaks.append(Break(id=row))  # page 1 ends with its footnotes
    _comparison(ws, row + 1, results, comparison, widths, start_date)
    ws.sheet_view.showGridLines = False
    return columns


def _comparison_frame(results: Results, start_date: date) -> pd.DataFrame:
    """One row per scenario: need, shortfall and its share of that need under both bounds,
    people, prices, first date short, costs.
    """
    both = results.foresight == "both"
    priced = bool(results.network.priced_commodity_ids())
    rows = []
    for s in results.scenarios:
        t = s.totals
        surprise = (s.bounds.get("none") or t)["shortfall_t"]
        need = t["need_t"]
        rows.append(
            {
                "Scenario": s.scenario.display_name,
                "Probability (judgement)": s.scenario.probability,
                "Need (t)": need,
                "Shortfall (t)": t["shortfall_t"],
                "Shortfall (% of need)": t["shortfall_pct"],
                **(
                    {
                        "Shortfall if a surprise (t)": surprise,
                        "Shortfall if a surprise (% of need)": 100.0 * surprise / need
                        if need
                        else 0.0,
                    }
                    if both
                    else {}
                ),
                "Aid shortfall (t)": t["aid_shortfall_t"],
                "People-days without food": t["people_days_unmet"],
                **({"Basket price peak (%)": t["basket_peak_price_change_pct"]} if priced else {}),
                "First date short": _excel_date(start_date, t["first_shortfall_day"]),
                **(
                    {"Cost of the closure (USD)": t["welfare_loss_usd"]}
                    if results.allocation == "market"
                    else {}
                ),
            }
        )
    return pd.DataFrame(rows)


def _comparison(
    ws: Worksheet,
    top: int,
    results: Results,
    frame: pd.DataFrame,
    widths: list[float],
    start_date: date,
) -> None:
    """The scenario comparison (every percentage beside the need it is of), the weighted view,
    what would change the outlook, and the bar chart.
    """
    columns = len(widths)
    put(
        ws, top, 1, "Scenario comparison (probabilities are the analysts' judgement)"
    ).font = SECTION_FONT
    top += 1
    table = write_table(ws, frame, top=top, formats=_summary_formats(frame))
    _apply_widths(ws, widths)
    _fit_rows(ws, table)
    ws.freeze_panes = None
    ws.auto_filter.ref = None
    row = table.last + 2
    weighted = results.probability_weighted()
    if weighted:
        word = weighting_word(results)
        note = (
            ""
            if weighted["complete"]
            else (
                f" The probabilities sum to {weighted['probability_sum']:.2f}, not 1: the figure "
                "is conditional on one of these scenarios happening, not an expectation."
            )
        )
        row = _paragraph(
            ws,
            row,
            (
                f"Probability-weighted ({word}) over {len(weighted['scenarios'])} alternatives: "
                f"{weighted['expected_shortfall_t']:,.0f} t short "
                f"({weighted['expected_shortfall_pct']:.1f} % of the weighted need), "
                f"{weighted['expected_people_days_unmet']:,.0f} people-days without food, "
                f"{weighted['expected_aid_shortfall_t']:,.0f} t of aid short. Variants are not "
                f"weighted.{note}"
            ),
            BODY_FONT,
            columns,
        )
    put(ws, row + 1, 1, "What would change this outlook").font = SECTION_FONT
    row = _bullets(ws, row + 2, outlook_changes(results, start_date), columns=columns)
    row += 1
    ws.row_breaks.append(Break(id=row - 1))  # the chart starts a page rather than splitting
    both = "Shortfall if a surprise (t)" in frame.columns
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Shortfall by scenario (t)"
    chart.y_axis.title = "t"
    series = ["Shortfall (t)", "Shortfall if a surprise (t)"] if both else ["Shortfall (t)"]
    add_series(chart, table, series, categories="Scenario")
    if not both:
        chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # first scenario on top, as in the table
    chart.x_axis.tickLblSkip = 1
    chart.height, chart.width = 4 + 0.6 * len(frame), 22
    ws.add_chart(chart, f"A{row}")


def _scenario_columns(results: Results) -> list[tuple[object, str]]:
    """(scenario result, HXL attribute) for each scenario of the run, attributes made distinct."""
    seen: dict[str, int] = {}
    out = []
    for s in results.scenarios:
        slug = hxl_attribute(s.name)
        seen[slug] = seen.get(slug, 0) + 1
        out.append((s, slug if seen[slug] == 1 else f"{slug}_{seen[slug]}"))
    return out


def _shortfall_totals(totals: dict, scenario: str, table: pd.DataFrame) -> None:
    """Total shortfall (t) and its share of total need (%) of one scenario's column pair."""
    need = table["need_t"].sum()
    totals[f"{scenario}: shortfall (t)"] = table["shortfall_t"].sum()
    totals[f"{scenario}: shortfall (%)"] = (
        100.0 * table["shortfall_t"].sum() / need if need else 0.0
    )


def _differs(here: pd.Series, there: pd.Series) -> bool:
    """Whether a scenario's column (need, capacity) differs from the baseline's in any row: then
    the scenario's percentages are of its own figure, which gets a column of its own.
    """
    here, there = here.fillna(0.0), there.fillna(0.0)
    return bool(((here - there).abs() > 1e-6 * there.abs().clip(lower=1.0)).any())


def _earliest_row(ws: Worksheet, table: Placed, firsts: dict[str, float]) -> None:
    """A bold "Earliest" row under the totals: the first day any row is short, per column (a
    minimum, so not in the Total row).
    """
    row = table.last + 2
    put(ws, row, 1, "Earliest").font = TOTAL_FONT
    for name, day in firsts.items():
        put(ws, row, table.col(name), day).font = TOTAL_FONT


def _provinces(ws: Worksheet, results: Results) -> Placed:
    base = results.baseline.by_node
    frame = pd.DataFrame(
        {
            "P-code": base["pcode"],
            "Province / node": base["name"],
            "Node id": base.index,
            "Need (t)": base["need_t"],
        }
    )
    hxl = ["#adm1+code", "#adm1+name", "#loc+code", "#indicator+need+tonnes"]
    totals = {"Need (t)": base["need_t"].sum()}
    firsts = {}
    for s, slug in _scenario_columns(results):
        by_node = s.by_node.reindex(base.index)
        if _differs(by_node["need_t"], base["need_t"]):
            frame[f"{s.name}: need (t)"] = by_node["need_t"].to_numpy()
            hxl.append(f"#indicator+need+tonnes+{slug}")
            totals[f"{s.name}: need (t)"] = by_node["need_t"].sum()
        frame[f"{s.name}: shortfall (t)"] = by_node["shortfall_t"].to_numpy()
        frame[f"{s.name}: shortfall (%)"] = by_node["shortfall_pct"].to_numpy()
        frame[f"{s.name}: first day short"] = by_node["first_shortfall_day"].to_numpy()
        hxl += [
            f"#indicator+shortfall+tonnes+{slug}",
            f"#indicator+shortfall+pct+{slug}",
            f"#indicator+first_day_short+{slug}",
        ]
        _shortfall_totals(totals, s.name, by_node)
        days = by_node["first_shortfall_day"].dropna()
        if len(days):
            firsts[f"{s.name}: first day short"] = days.min()
    formats = {c: TONNES for c in frame.columns if "(t)" in c}
    formats.update({c: PCT for c in frame.columns if "(%)" in c})
    table = write_table(
        ws, frame.reset_index(drop=True), hxl=hxl, formats=formats, totals=totals, freeze_columns=3
    )
    if firsts:
        _earliest_row(ws, table, firsts)
    fit_columns(table, header_size=WIDE_HEADER_PT)
    # one colour scale for every scenario: the map's colours, up to the worst province of the run
    top = shortfall_scale_pct(
        [float(v) for sc in results.scenarios for v in sc.by_node["shortfall_pct"].dropna()]
    )
    if table.last >= table.first and top > 0:
        for name in frame.columns:
            if name.endswith("shortfall (%)"):
                col = table.letter(name)
                colour_scale(ws, f"{col}{table.first}:{col}{table.last}", top, SHORTFALL_COLOURS)
    return table


def _timeline(ws: Worksheet, results: Results, start_date: date) -> Placed:
    days = results.baseline.by_day.index
    frame = pd.DataFrame({"Day": days, "Date": [start_date + timedelta(days=int(d)) for d in days]})
    hxl = ["#indicator+day_from_start", "#date"]
    names = []
    for s, slug in _scenario_columns(results):
        name = f"{s.name}: shortfall (t/day)"
        frame[name] = s.by_day["shortfall_t"].reindex(days, fill_value=0.0).to_numpy()
        hxl.append(f"#indicator+shortfall+tonnes+{slug}")
        names.append(name)
    totals = {c: frame[c].sum() for c in names}
    formats = {c: TONNES for c in names}
    formats["Date"] = DATE_FORMAT
    table = write_table(ws, frame, hxl=hxl, formats=formats, totals=totals, freeze_columns=2)
    fit_columns(table, header_size=WIDE_HEADER_PT)
    if table.last >= table.first:
        chart = LineChart()
        chart.title = "Shortfall per day (t/day)"
        chart.y_axis.title = "t/day"
        chart.x_axis.title = f"day (day 0 = {start_date:%-d %b %Y})"
        add_series(chart, table, names, categories="Day")
        chart.legend.position = "b"
        chart.x_axis.tickLblSkip = max(1, len(frame) // 15)
        chart.height, chart.width = TIMELINE_CHART_CM
        ws.add_chart(chart, f"{get_column_letter(table.width + 2)}{table.first}")
    return table


# Columns right of the Monte Carlo sheet's content that its chart covers (16 cm ≈ 8 default
# columns).
ANALYSIS_CHART_COLUMNS = 10
# The Timeline's chart (cm) and the columns and rows it covers right of the table, from the
# table's first data row: a gap column, then 24 cm over default columns (8.43 units ≈ 2.1 cm),
# and 13 cm over rows of at least 12.8 pt (0.45 cm), with a margin.
TIMELINE_CHART_CM = (13, 24)
TIMELINE_CHART_COLUMNS = 1 + math.ceil(24 / 2.1) + 1
TIMELINE_CHART_ROWS = math.ceil(13 / 0.45) + 2


def _countries(results: Results, nodes: pd.Index) -> list[str]:
    """The label "AFG–PAK" for each crossing: its own country and the neighbours routed into it."""
    from logistics.analyses.calibration import crossing_neighbours

    table = results.network.node_table
    neighbours = crossing_neighbours(results.network).reindex(nodes)
    out = []
    for node, other in zip(nodes, neighbours, strict=True):
        own = table.at[node, "country"]
        parts = [str(own)] if isinstance(own, str) else []
        parts += [c for c in str(other).split("+") if isinstance(other, str) and c not in parts]
        out.append("–".join(parts))
    return out


def _shown_ranks(added_t: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Ranks of closures by the shortfall they add (``competition_ranks``), blank (NaN) for a
    closure that adds nothing as shown (under 0.5 t): "=8" for seven harmless crossings says less
    than no rank at all. Returns the ranks and which are tied.
    """
    ranks, tied = competition_ranks(added_t)
    harmless = added_t.round(0) <= 0
    return ranks.astype(float).mask(harmless), tied & ~harmless


def _ranks(ws: Worksheet, table: Placed, column: str, values: pd.Series) -> None:
    """Rank cells show ties as "=2" (number format), keeping the number for sorting."""
    col = table.col(column)
    _, tied = _shown_ranks(values)
    for r, is_tied in zip(range(table.first, table.last + 1), tied.to_numpy(), strict=True):
        if is_tied:
            ws.cell(row=r, column=col).number_format = TIED_RANK


def _crossings(
    ws: Worksheet, results: Results, criticality: CriticalityResult | None = None
) -> Placed:
    base = results.baseline.crossings
    nodes = results.network.node_table
    frame = pd.DataFrame(
        {
            "Crossing": base["name"].to_numpy(),
            "Node id": base.index,
            "Countries": _countries(results, base.index),
            "Throughput limit (t/day)": nodes["throughput_t_per_day"]
            .reindex(base.index)
            .to_numpy(),
        }
    )
    capacity = f"Capacity over {results.horizon_days} days (t)"
    frame[capacity] = base["capacity_t"].to_numpy()
    hxl = ["#loc+name", "#loc+code", "#country+code+list", "#capacity+tonnes", "#capacity+horizon"]
    totals = {c: frame[c].sum() for c in ("Throughput limit (t/day)", capacity)}
    rank_column = None
    if criticality is not None:
        ranked = criticality.ranking[criticality.ranking["kind"] == "crossing"].set_index("target")
        ranks, _ = _shown_ranks(ranked["added_shortfall_t"])
        rank_column = f"Criticality rank (closed {criticality.duration_days} days)"
        frame[rank_column] = ranks.reindex(base.index).to_numpy()
        frame["Shortfall added if closed (t)"] = (
            ranked["added_shortfall_t"].reindex(base.index).to_numpy()
        )
        hxl += ["#meta+rank", "#indicator+shortfall+tonnes+if_closed"]
    for s, slug in _scenario_columns(results):
        c = s.crossings.reindex(base.index)
        if _differs(c["capacity_t"], base["capacity_t"]):
            frame[f"{s.name}: capacity (t)"] = c["capacity_t"].to_numpy()
            hxl.append(f"#capacity+horizon+{slug}")
        frame[f"{s.name}: throughput (t)"] = c["throughput_t"].to_numpy()
        # throughput ÷ the capacity in the same row (closed days count: it is the normal capacity)
        frame[f"{s.name}: utilisation (% of capacity)"] = 100.0 * c["utilisation"].to_numpy()
        frame[f"{s.name}: closed days"] = c["closed_days"].to_numpy()
        hxl += [f"#output+tonnes+{slug}", f"#output+pct+{slug}", f"#indicator+closed_days+{slug}"]
        if (
            c["shadow_price"].fillna(0.0).abs() > 1e-6
        ).any():  # all zeros say nothing: left to the Data sheet
            if results.shadow_price_unit == "usd":
                frame[f"{s.name}: value of +1 t/day (USD)"] = c["shadow_price"].to_numpy()
                hxl.append(f"#value+shadow+usd+{slug}")
            else:
                frame[f"{s.name}: value of +1 t/day (t)"] = c["shadow_price"].to_numpy()
                hxl.append(f"#value+shadow+tonnes+{slug}")
        totals[f"{s.name}: throughput (t)"] = c["throughput_t"].sum()
    formats = {c: TONNES for c in frame.columns if "(t" in c or "(USD)" in c}
    formats.update({c: PCT for c in frame.columns if "(%" in c})
    table = write_table(
        ws, frame, hxl=hxl, formats=formats, totals=totals, freeze_columns=3, max_width=32
    )
    fit_columns(table, header_size=WIDE_HEADER_PT, max_width=NAME_WIDTH)
    if rank_column is not None:
        _ranks(ws, table, rank_column, frame["Shortfall added if closed (t)"])
    return table


def _routes(ws: Worksheet, results: Results) -> tuple[Placed, int]:
    """One row per route, those whose flow changes most in any scenario first: the baseline's
    flow and each scenario's change (the printed part), then each scenario's flow (for the
    screen). Returns the table and the number of columns that print.
    """
    routes = results.network.routes.set_index("id")
    frame = pd.DataFrame(
        {
            "Route": routes.index,
            "From": routes["from"].to_numpy(),
            "To": routes["to"].to_numpy(),
            "Mode": routes["mode"].to_numpy(),
            "Capacity (t/day)": routes["capacity_t_per_day"].to_numpy(),
        }
    )
    hxl = ["#route+code", "#loc+from", "#loc+to", "#route+mode", "#capacity+tonnes"]
    change = pd.Series(0.0, index=routes.index)
    flows, flow_tags = {}, []
    for s, slug in _scenario_columns(results):
        r = s.routes.reindex(routes.index)
        flow = r["t"].fillna(0.0).to_numpy()
        if s is results.baseline:
            frame[f"{s.name}: flow (t)"] = flow
            hxl.append(f"#output+tonnes+{slug}")
        else:
            flows[f"{s.name}: flow (t)"] = flow
            flow_tags.append(f"#output+tonnes+{slug}")
            delta = (
                r["change_t"].fillna(0.0) if "change_t" in r else pd.Series(0.0, index=routes.index)
            )
            frame[f"{s.name}: change vs baseline (t)"] = delta.to_numpy()
            hxl.append(f"#output+change+tonnes+{slug}")
            change = change.combine(delta.abs(), max)
    printed = len(frame.columns)
    frame = frame.assign(**flows)
    hxl += flow_tags
    frame = (
        frame.assign(_order=change.to_numpy())
        .sort_values("_order", ascending=False, kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    totals = {c: frame[c].sum() for c in frame.columns if c.endswith("(t)")}  # flows, changes
    table = write_table(
        ws,
        frame,
        hxl=hxl,
        formats={c: TONNES for c in frame.columns if "(t" in c},
        totals=totals,
        freeze_columns=1,
    )
    fit_columns(table, header_size=WIDE_HEADER_PT)
    return table, printed


def _commodities(ws: Worksheet, results: Results) -> Placed:
    base = results.baseline.by_commodity
    priced = bool(results.network.priced_commodity_ids())
    frame = pd.DataFrame(
        {
            "Commodity": base.index,
            "Name": base["name"].to_numpy(),
            "Trade or aid": ["aid" if a else "trade" for a in base["aid"]],
            "Need (t)": base["need_t"].to_numpy(),
        }
    )
    hxl = ["#item+code", "#item+name", "#item+type", "#indicator+need+tonnes"]
    totals = {"Need (t)": base["need_t"].sum()}
    for s, slug in _scenario_columns(results):
        c = s.by_commodity.reindex(base.index)
        if _differs(c["need_t"], base["need_t"]):
            frame[f"{s.name}: need (t)"] = c["need_t"].to_numpy()
            hxl.append(f"#indicator+need+tonnes+{slug}")
            totals[f"{s.name}: need (t)"] = c["need_t"].sum()
        frame[f"{s.name}: shortfall (t)"] = c["shortfall_t"].to_numpy()
        frame[f"{s.name}: shortfall (%)"] = c["shortfall_pct"].to_numpy()
        frame[f"{s.name}: people-days without food"] = c["people_days_unmet"].to_numpy()
        hxl += [
            f"#indicator+shortfall+tonnes+{slug}",
            f"#indicator+shortfall+pct+{slug}",
            f"#indicator+people_days+{slug}",
        ]
        if priced:
            frame[f"{s.name}: peak price change (%)"] = c["peak_price_change_pct"].to_numpy()
            hxl.append(f"#value+price+change+pct+{slug}")
        _shortfall_totals(totals, s.name, c)
        totals[f"{s.name}: people-days without food"] = c["people_days_unmet"].sum()
    formats = {c: TONNES for c in frame.columns if "(t)" in c or "people-days" in c}
    formats.update({c: PCT for c in frame.columns if "(%)" in c})
    table = write_table(ws, frame, hxl=hxl, formats=formats, totals=totals, freeze_columns=2)
    fit_columns(table, header_size=WIDE_HEADER_PT)
    return table


def _data(
    ws: Worksheet, results: Results, start_date: date, criticality: CriticalityResult | None = None
) -> Placed:
    """The long table for pivoting (``tidy_results``: one row per scenario, foresight, place,
    commodity, (day) and metric, with the ranking's rows when given), under a first row that
    says which rows are left out (``ZERO_DAYS_NOTE``): header in row 2, HXL tags in row 3.
    """
    frame = tidy_results(results, start_date, criticality)
    hxl = [column.hxl for column in DATA_COLUMNS]
    formats = {"date": DATE_FORMAT}
    table = write_table(ws, frame, top=2, hxl=hxl, formats=formats, freeze_columns=4, max_width=28)
    note = put(ws, 1, 1, f"Data: every figure of the run in one long table. {ZERO_DAYS_NOTE}")
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    chars_per_line = sum(
        ws.column_dimensions[get_column_letter(j)].width or 8.43 for j in range(1, table.width + 1)
    )
    ws.row_dimensions[1].height = 15 * math.ceil(len(str(note.value)) / chars_per_line) + 3
    return table


def _inputs(ws: Worksheet, results: Results) -> int:
    """The scenarios run (first: what a reader needs) and the network's tables, with their sources.
    Returns the last row of the scenarios table (the printed part).
    """
    from networks.schema import TABLES

    net = results.network
    put(
        ws, 1, 1, "Inputs: the scenarios run and the network's tables, with their sources"
    ).font = TITLE_FONT
    scenarios = pd.DataFrame(
        [
            {
                "name": s.name,
                "probability (judgement)": s.scenario.probability,
                "variant_of": s.scenario.variant_of,
                "closures": "; ".join(
                    (
                        f"{c.target} ×{c.capacity_factor:g} days "
                        f"{c.start_day}-{'end' if c.end_day is None else c.end_day - 1}"
                    )
                    + (f" (exempt: {', '.join(c.exempt)})" if c.exempt else "")
                    for c in s.scenario.closures
                ),
                "factors": "; ".join(
                    f"{key} {k}×{v:g}"
                    for key in ("demand_factor", "supply_factor", "cost_factor")
                    for k, v in getattr(s.scenario, key).items()
                ),
                "description (assumptions and sources)": s.scenario.description,
                "file": Path(s.scenario.source_file).name if s.scenario.source_file else None,
            }
            for s in results.scenarios
        ]
    )
    put(
        ws, 3, 1, f"scenarios ({len(scenarios)}), with their assumptions and sources"
    ).font = SECTION_FONT
    placed = write_table(
        ws,
        scenarios,
        top=4,
        hxl=[
            "#meta+scenario",
            "#meta+prob",
            "#meta+variant",
            "#meta+closures",
            "#meta+factors",
            "#meta+description",
            "#meta+file",
        ],
    )
    printed_last = placed.last
    row = placed.last + 3
    for name, table in TABLES.items():
        frame = getattr(net, name)[list(table.column_names)].reset_index(drop=True)
        put(ws, row, 1, f"{name} ({len(frame)} rows): {table.description}").font = SECTION_FONT
        placed_table = write_table(ws, frame, top=row + 1, hxl=[c.hxl for c in table.columns])
        row = max(placed_table.last, placed_table.first) + 3
    ws.freeze_panes = None
    ws.auto_filter.ref = None
    # names and variants as wide as they are (up to a limit), the texts wrapped; the file (the
    # name and .yaml) is for the screen: the print stops at the description
    fit_columns(placed, range(1, 4), max_width=30)
    widths = {"D": 44, "E": 20, "F": 76, "G": 24}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    wrap_cells(ws, range(placed.first, placed.last + 1), [1, 2, 3, 4, 5, 6])
    ws.row_dimensions[placed.header_row].height = header_height(placed)
    return printed_last


def _map(ws: Worksheet, results: Results, start_date: date, boundaries: Path | None) -> None:
    from openpyxl.drawing.image import Image

    from logistics.report.boundaries import load_provinces
    from logistics.report.mappage import map_png
    from logistics.report.mapping import MAP_DPI, MAP_SIZE_PT

    put(
        ws,
        1,
        1,
        "Map: where prices rise or food runs short, crossings by status, routes by flow",
    ).font = TITLE_FONT
    provinces = load_provinces(Path(boundaries)) if boundaries is not None else None
    png = map_png(results, dpi=MAP_DPI, start_date=start_date, provinces=provinces)
    if png is None:
        put(ws, 3, 1, "No node has coordinates (lat, lon): nothing to draw.")
        return
    image = Image(io.BytesIO(png))
    # shown at its drawn size (openpyxl sizes pictures in pixels of 1/96 inch, 0.75 pt each), so
    # the sheet, printed at 100 %, prints the map's points as points: MAP_DPI dots per inch
    width_pt, height_pt = MAP_SIZE_PT
    fit = min(1.0, PRINTABLE_WIDTH_PT / width_pt, (PRINTABLE_HEIGHT_PT - 30) / height_pt)
    image.width, image.height = round(fit * width_pt / 0.75), round(fit * height_pt / 0.75)
    ws.add_image(image, "A2")


# where the package ``inputs`` (the bundled data) sits, found without importing it: the report
# takes its data from its callers (tests/test_layering.py)
BUNDLED_DATA = Path(__file__).resolve().parents[2] / "inputs"


def network_place(net) -> str:
    """Where the network came from, without the local filesystem (a printed report must not show
    the reader's folders): its path within borderflow's bundled data, or its folder's name.
    """
    if not net.path:
        return "in memory"
    path = Path(net.path)
    try:  # the bundled data is the package ``inputs`` installed beside ``logistics``
        inside = path.resolve().relative_to(BUNDLED_DATA.resolve())
    except ValueError:
        return f"{path.name} (the folder's name; the SHA-256 of its files below identify it)"
    return f"inputs/{inside.as_posix()}, bundled with borderflow"


def _network_lines(net) -> list[tuple[str, str]]:
    """Where the network came from and the SHA-256 of each input file."""
    return [("Network", network_place(net))] + [
        (f"Input file SHA-256: {name}", digest) for name, digest in sorted(net.file_hashes.items())
    ]


def _about_sheet(ws: Worksheet, lines: list[tuple]) -> None:
    """Two columns, Item and Value, wide enough to read, values wrapped."""
    table = write_table(ws, pd.DataFrame(lines, columns=["Item", "Value"]))
    ws.freeze_panes = None
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110
    wrap_cells(ws, range(table.first, table.last + 1), [1, 2], horizontal="left")


def _overlay_text(overlay) -> str:
    """Describe the overlay for the About sheet: name, file and description, or none."""
    if overlay is None:
        return "none: the network as given"
    file = f" ({Path(overlay.source_file).name})" if overlay.source_file else ""
    text = f"{overlay.name}{file}, applied on top of every scenario, the baseline included"
    return text + (f": {overlay.description}" if overlay.description else "")


def _about(ws: Worksheet, results: Results, start_date: date) -> None:
    size = results.model_size
    likely = most_likely_scenario(results)
    worst = worst_scenario(results)
    lines = [
        ("borderflow version", _version()),
        (
            "Day 0 (start date)",
            (
                f"{start_date:%-d %b %Y}; the projection runs to "
                f"{calendar_date(start_date, results.horizon_days - 1)}"
            ),
        ),
        ("Solver", results.solver),
        ("Status", "; ".join(f"{s.name}: {s.status}" for s in results.scenarios)),
        ("Horizon (days)", results.horizon_days),
        ("Foresight", FORESIGHT_TEXT[results.foresight]),
        ("Allocation rule", ALLOCATION_TEXT[results.allocation]),
        ("Overlay", _overlay_text(results.overlay)),
        (
            "Most likely scenario (analysts' judgement)",
            likely.name if likely else "none: no scenario has a probability",
        ),
        ("Worst scenario", worst.name if worst else "none adds shortfall to the baseline"),
        ("Run started (UTC)", results.started_at),
        ("Report written (UTC)", datetime.now(UTC).isoformat(timespec="seconds")),
        ("Run duration (s)", round(results.duration_seconds, 2)),
        ("Model build (s)", round(results.build_seconds, 3)),
        (
            "LP size",
            f"{size['columns']:,} columns, {size['rows']:,} rows, {size['nonzeros']:,} non-zeros",
        ),
        (
            "How to read this report",
            (
                "Summary is the briefing; Map shows the most likely and the worst scenario; "
                "Provinces gives each province's shortfall; Timeline the shortfall per day; "
                "Crossings the tonnes through each border crossing; Routes where flows moved; "
                "Commodities trade and aid apart; Data every figure in one long table for pivot "
                "tables (daily_shortfall_t has a row only for days that are short: a day without "
                "a row was not short); Inputs the scenarios and the network with sources."
            ),
        ),
        ("Units", UNITS_TEXT),
        (
            "Assumptions",
            (
                "Need not met on its day is lost (no backlog). Unmet need is minimised first "
                "(weighted by priority), then spread fairly between provinces, then transport "
                "cost is minimised."
            ),
        ),
        ("Map", DISCLAIMER),
        *GLOSSARY,
        *_network_lines(results.network),
    ]
    names = ", ".join(s.name for s in results.scenarios)
    lines.append(
        (
            "Scenarios",
            f"{len(results.scenarios)} ({names}); their closures, assumptions and sources are on "
            "the Inputs sheet.",
        )
    )
    _about_sheet(ws, lines)


def _footer(results_network, start_date: date) -> str:
    """The footer's source line: model, version, network, day 0 and the report's date."""
    return (
        f"Source: borderflow {_version()}, {_network_name(results_network)}; day 0 = "
        f"{start_date:%-d %b %Y}; report of {date.today():%-d %b %Y}"
    )


def build_workbook(
    results: Results,
    criticality: CriticalityResult | None = None,
    montecarlo: MonteCarloResult | None = None,
    start_date: date | None = None,
    boundaries: Path | None = None,
) -> Workbook:
    """Return the report workbook for ``results`` (no I/O but reading ``boundaries``), with the
    analysis sheets when given. ``start_date`` is the calendar date of day 0 (default: today);
    ``boundaries`` a folder of province boundaries the map shades (None: nodes only).
    """
    start_date = start_date or date.today()
    footer = _footer(results.network, start_date)
    wb = Workbook()
    summary_columns = _summary(wb.active, results, criticality, start_date)
    print_setup(wb["Summary"], footer, fit_columns=summary_columns)
    wb["Summary"].page_margins.top = wb["Summary"].page_margins.bottom = 0.5  # page 1 whole
    _map(wb.create_sheet("Map"), results, start_date, boundaries)
    print_setup(wb["Map"], footer, scale=100)
    table = _provinces(wb.create_sheet("Provinces"), results)
    print_wide(table, footer, title_columns=2)
    table = _timeline(wb.create_sheet("Timeline"), results, start_date)
    print_wide(table, footer, chart=(TIMELINE_CHART_COLUMNS, TIMELINE_CHART_ROWS))
    table = _crossings(wb.create_sheet("Crossings"), results, criticality)
    print_wide(table, footer)
    table, printed = _routes(wb.create_sheet("Routes"), results)
    print_wide(table, footer, printed_columns=printed)
    table = _commodities(wb.create_sheet("Commodities"), results)
    print_wide(table, footer, title_columns=2)
    data = wb.create_sheet("Data")
    table = _data(data, results, start_date, criticality)
    print_setup(
        data,
        footer,
        title_rows=f"{table.header_row}:{table.first - 1}",
        print_area=f"A1:{get_column_letter(table.width)}"
        f"{min(table.last, table.first + PRINTED_ROWS - 1)}",
        fit_columns=table.width,
    )
    inputs = wb.create_sheet("Inputs")
    printed_last = _inputs(inputs, results)
    print_setup(inputs, footer, title_rows="4:5", print_area=f"A1:F{printed_last}", fit_columns=6)
    about = wb.create_sheet("About")
    _about(about, results, start_date)
    print_setup(about, footer, title_rows="1:1", fit_columns=2)
    add_analysis_sheets(wb, criticality, montecarlo, before="Data", footer=footer)
    return wb


def write_report(
    results: Results,
    path: str | Path,
    criticality: CriticalityResult | None = None,
    montecarlo: MonteCarloResult | None = None,
    start_date: date | None = None,
    boundaries: Path | None = None,
) -> Path:
    """Write the Excel report atomically (temporary file beside ``path``, then rename), with the
    Criticality and Monte Carlo sheets when those analyses are given; ``start_date`` is day 0's
    calendar date (default: today); ``boundaries`` the folder of province boundaries the map
    shades (None: nodes only; ``logistics.write_report`` passes the bundled ones). Returns the
    path.
    """
    with collector_paused():
        workbook = build_workbook(results, criticality, montecarlo, start_date, boundaries)
        return save_atomically(workbook, path)


def write_analysis_report(
    path: str | Path,
    criticality: CriticalityResult | None = None,
    montecarlo: MonteCarloResult | None = None,
    start_date: date | None = None,
) -> Path:
    """Write a workbook of the analyses given (Criticality, Monte Carlo) and an About sheet,
    atomically.
    """
    result = criticality or montecarlo
    start_date = start_date or date.today()
    footer = _footer(result.network, start_date)
    with collector_paused():
        wb = Workbook()
        wb.remove(wb.active)
        add_analysis_sheets(wb, criticality, montecarlo, footer=footer)
        about = wb.create_sheet("About")
        _analysis_about(about, result, start_date)
        print_setup(about, footer, title_rows="1:1", fit_columns=2)
        return save_atomically(wb, path)


# ---------------------------------------------------------------------------- analyses


def add_analysis_sheets(
    wb: Workbook,
    criticality: CriticalityResult | None,
    montecarlo: MonteCarloResult | None,
    before: str | None = None,
    footer: str = "borderflow",
) -> None:
    """Add a Criticality and/or a Monte Carlo sheet (before the sheet named ``before``, if any)."""
    index = wb.sheetnames.index(before) if before in wb.sheetnames else None
    for title, result, writer in (
        ("Criticality", criticality, _criticality),
        ("Monte Carlo", montecarlo, _montecarlo),
    ):
        if result is None:
            continue
        ws = wb.create_sheet(title, index)
        if index is not None:
            index += 1
        table = writer(ws, result)
        if title == "Criticality":
            # the title, note and header on every page (not the HXL row: its tags are for
            # machines and do not fit), the table one page wide up to its names, its chart below
            printed = table.col("Provinces affected (names)")
            print_setup(
                ws,
                footer,
                title_rows=f"1:{table.header_row}",
                print_area=f"A{table.first}:{get_column_letter(printed)}"
                f"{table.last + _chart_rows(table.last - table.first + 1)}",
                fit_columns=printed,
            )
            continue
        # Monte Carlo: the province table, the exceedance curve and its chart side by side on
        # one page width
        wide = ws.max_column + ANALYSIS_CHART_COLUMNS
        print_setup(
            ws, footer, title_rows=f"{table.header_row}:{table.first - 1}", fit_columns=wide
        )


def incomplete_text(result: CriticalityResult | MonteCarloResult) -> str:
    """Say which cases a sweep could not solve (their workers died), or "" when it is complete."""
    if result.complete:
        return ""
    names = ", ".join(result.missing[:10]) + (" …" if len(result.missing) > 10 else "")
    n = len(result.missing)
    return (
        f"INCOMPLETE: {n} case{'s' if n != 1 else ''} could not be solved because the worker "
        f"processes solving {'them' if n != 1 else 'it'} died ({names}); the figures are of the "
        "cases solved. "
    )


def _sweep_foresight(foresight: str) -> str:
    """How a sweep's cases were solved: under "both" (a run that gives both bounds) a sweep's
    cases are solved with perfect foresight only, so the text says so (no 'if a surprise' here).
    """
    return FORESIGHT_TEXT["perfect" if foresight == "both" else foresight]


def _chart_cm(bars: int) -> float:
    """Height (cm) of a bar chart with ``bars`` labelled bars."""
    return 5 + 0.7 * bars


def _chart_rows(bars: int) -> int:
    """Rows of 15 pt that the ranking's chart (``bars`` bars) covers below its table, and a
    margin.
    """
    return math.ceil(_chart_cm(bars) / 2.54 * 72 / 15) + 3


def _criticality(ws: Worksheet, result: CriticalityResult) -> Placed:
    r = result.ranking
    window = f"days {result.start_day}-{result.start_day + result.duration_days - 1}"
    put(
        ws,
        1,
        1,
        (
            f"{incomplete_text(result)}Criticality: each closure to zero for "
            f"{result.duration_days} days ({window}) of a {result.horizon_days}-day horizon, "
            "ranked by the shortfall it adds"
        ),
    ).font = TITLE_FONT
    put(
        ws,
        2,
        1,
        (
            f"Baseline shortfall {result.baseline_shortfall_t:,.0f} t of {result.need_t:,.0f} t "
            f"need. {_sweep_foresight(result.foresight)} Single closures only: crossings that "
            "stand in for each other can be harmless alone and critical together. Ties (equal in "
            "whole tonnes) share a rank, shown =2; a closure that adds nothing has no rank."
        ),
    )
    ranks, _ = _shown_ranks(r["added_shortfall_t"])
    # the share is of the national need, which the header gives (every row has the same)
    pct = f"Added shortfall (% of the {result.need_t:,.0f} t need)"
    frame = pd.DataFrame(
        {
            "Rank": ranks.to_numpy(),
            "Closed": r["name"],
            "Kind": r["kind"],
            "Added shortfall (t)": r["added_shortfall_t"],
            pct: r["added_shortfall_pct"],
            "Added people-days without food": r["added_people_days"],
            "Added aid shortfall (t)": r["added_aid_shortfall_t"],
            "Provinces affected": r["provinces_affected"],
            "Provinces affected (names)": [", ".join(a) for a in r["affected"]],
            # for the screen and the chart's labels: the print stops at the names above
            "Short name": [str(n).split(" (")[0] for n in r["name"]],
            "Id": r["target"],
        }
    )
    hxl = [
        "#meta+rank",
        "#loc+name",
        "#meta+kind",
        "#indicator+shortfall+tonnes+added",
        "#indicator+shortfall+pct+added",
        "#indicator+people_days+added",
        "#indicator+shortfall+aid+tonnes+added",
        "#adm1+num",
        "#adm1+name+list",
        "#loc+name+short",
        "#loc+code",
    ]
    formats = {c: TONNES for c in frame.columns if "(t)" in c or "people-days" in c}
    formats[pct] = "0.00"
    table = write_table(ws, frame, top=4, hxl=hxl, formats=formats, freeze_columns=2)
    _ranks(ws, table, "Rank", frame["Added shortfall (t)"])
    fit_columns(table, max_width=NAME_WIDTH)
    names = table.col("Provinces affected (names)")
    ws.column_dimensions[get_column_letter(names)].width = 45
    # every cell top-aligned, so a row's figures sit level with the first line of its long list
    wrap_cells(ws, range(table.first, table.last + 1), list(range(1, table.width + 1)))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=names)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 45
    if table.last >= table.first:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Shortfall added by each closure (t)"
        add_series(chart, table, ["Added shortfall (t)"], categories="Short name")
        chart.legend = None
        chart.y_axis.title = "t"
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
        chart.x_axis.tickLblSkip = 1  # every label, in rank order
        # each bar's tonnes beside it: one closure can dwarf the rest, whose bars then vanish
        chart.dataLabels = DataLabelList(
            showVal=True, showSerName=False, showCatName=False, showLegendKey=False
        )
        chart.height, chart.width = _chart_cm(len(frame)), 18
        # below the table, starting a page, so that it prints whole at the table's scale
        ws.row_breaks.append(Break(id=table.last + 1))
        ws.add_chart(chart, f"B{table.last + 3}")
    return table


def exceedance_steps(curve: pd.DataFrame) -> pd.DataFrame:
    """The exceedance curve P(shortfall > x) as the vertices of a step line: it holds its value
    up to each threshold and drops there, so a straight-line chart of these points can only fall.
    """
    xs, ps = curve["shortfall_t"].to_numpy(), curve["probability"].to_numpy()
    rows = []
    for i, (x, p) in enumerate(zip(xs, ps, strict=True)):
        if i:
            rows.append((x, ps[i - 1]))
        rows.append((x, p))
    return pd.DataFrame(rows, columns=["Shortfall (t)", "Chance of more"])


def _montecarlo(ws: Worksheet, result: MonteCarloResult) -> Placed:
    summary = result.summary()
    put(
        ws,
        1,
        1,
        (
            f"{incomplete_text(result)}Monte Carlo: {result.samples:,} samples of closures from "
            f"risk model '{result.risk.name}' (seed {result.seed}), {result.horizon_days}-day "
            "horizon"
        ),
    ).font = TITLE_FONT
    put(
        ws,
        2,
        1,
        (
            f"Total shortfall: expected {summary['mean']:,.0f} t, median {summary['p50']:,.0f} t, "
            f"P90 {summary['p90']:,.0f} t, P95 {summary['p95']:,.0f} t (baseline "
            f"{result.baseline_shortfall_t:,.0f} t). {_sweep_foresight(result.foresight)} The risk "
            "model's probabilities are fitted to past closures (see its sources)."
        ),
    )
    by_node = result.by_node()
    frame = pd.DataFrame(
        {
            "P-code": by_node["pcode"],
            "Province / node": by_node["name"],
            "Node id": by_node["node"],
            "Need (t)": by_node["need_t"],
            "Expected shortfall (t)": by_node["mean_shortfall_t"],
            "P90 shortfall (t)": by_node["p90_shortfall_t"],
            "Chance of > 10 % short": by_node["p_short_10pct"],
        }
    )
    hxl = [
        "#adm1+code",
        "#adm1+name",
        "#loc+code",
        "#indicator+need+tonnes",
        "#indicator+shortfall+tonnes+mean",
        "#indicator+shortfall+tonnes+p90",
        "#indicator+shortfall+prob",
    ]
    formats = {c: TONNES for c in frame.columns if "(t)" in c}
    formats["Chance of > 10 % short"] = "0.0%"
    table = write_table(ws, frame, top=4, hxl=hxl, formats=formats, freeze_columns=3)
    if table.last >= table.first:
        col = table.letter("Chance of > 10 % short")
        colour_scale(ws, f"{col}{table.first}:{col}{table.last}", 1.0, SHORTFALL_COLOURS)
    steps = exceedance_steps(result.exceedance())
    left = table.width + 2
    put(
        ws, 3, left, "Exceedance curve (two rows per threshold: the line is drawn as steps)"
    ).font = SECTION_FONT
    curve = _write_at(
        ws,
        steps,
        top=4,
        left=left,
        hxl=["#indicator+shortfall+tonnes+threshold", "#indicator+prob+exceedance"],
        formats={"Shortfall (t)": TONNES, "Chance of more": "0.0%"},
    )
    if curve.last >= curve.first:
        chart = ScatterChart()
        chart.title = "Exceedance: chance that the shortfall is larger"
        chart.scatterStyle = "line"
        chart.x_axis.title = "shortfall (t)"
        chart.y_axis.title = "chance"
        chart.y_axis.scaling.min = 0
        add_series(chart, curve, ["Chance of more"], x_values="Shortfall (t)")
        chart.series[0].marker.symbol = "none"
        chart.legend = None
        chart.height, chart.width = 9, 16
        ws.add_chart(chart, f"{get_column_letter(left + 3)}4")
    return table


def _write_at(
    ws: Worksheet, frame: pd.DataFrame, top: int, left: int, hxl: list[str], formats: dict[str, str]
) -> Placed:
    """A small table beside another (no filter, no frozen panes): header, HXL row and values."""
    from logistics.report.xlsx import HEADER_FILL, HEADER_FONT

    for j, name in enumerate(frame.columns):
        cell = put(ws, top, left + j, name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        put(ws, top + 1, left + j, hxl[j]).font = HXL_FONT
        ws.column_dimensions[get_column_letter(left + j)].width = 16
    for i, values in enumerate(frame.itertuples(index=False), start=top + 2):
        for j, (name, value) in enumerate(zip(frame.columns, values, strict=True)):
            put(ws, i, left + j, float(value), formats.get(name))
    columns = (None,) * (left - 1) + tuple(frame.columns)
    return Placed(ws, top, top + 1, top + 2, top + 1 + len(frame), columns)


def _analysis_about(
    ws: Worksheet, result: CriticalityResult | MonteCarloResult, start_date: date
) -> None:
    timing = result.sweep.timing()
    lines = [
        ("borderflow version", _version()),
        ("Complete", incomplete_text(result).strip() or "yes: every case was solved"),
        ("Day 0 (start date)", f"{start_date:%-d %b %Y}"),
        (
            "Solver",
            (
                f"{result.solver}; every case solved to optimality (a case that is not optimal "
                "stops the run)"
            ),
        ),
        ("Horizon (days)", result.horizon_days),
        ("Foresight", _sweep_foresight(result.foresight)),
        ("Allocation rule", ALLOCATION_TEXT[result.allocation]),
        ("Report written (UTC)", datetime.now(UTC).isoformat(timespec="seconds")),
        ("Run duration (s)", round(timing["wall_seconds"], 2)),
        ("Workers", timing["scheduler"] or timing["workers"]),
        ("Mean case solve (s)", round(timing["mean_case_seconds"], 3)),
        (
            "One cold build + solve (s)",
            round(timing["cold_build_seconds"] + timing["cold_solve_seconds"], 3),
        ),
        *_network_lines(result.network),
        (
            "How to read this report",
            (
                "Criticality ranks each closure by the food shortfall it adds to the baseline. "
                "Monte Carlo gives the spread of shortfall over random closures drawn from the "
                "risk model: expected, median (P50) and bad cases (P90, P95), and each province's "
                "chance of going more than 10 % short."
            ),
        ),
        ("Units", UNITS_TEXT),
        (
            "Stages",
            (
                "Analyses solve unmet need (weighted by priority) and then its fair spread "
                "between provinces; transport cost is not optimised, so no cost figures are given."
            ),
        ),
        *GLOSSARY,
    ]
    if isinstance(result, MonteCarloResult):
        lines += [
            (
                f"Risk process: {p.name}",
                (
                    f"{', '.join(p.targets)}; weekly chance {p.weekly_probability:g}; duration "
                    f"median {p.duration_days.median:g} d, P90 {p.duration_days.p90:g} d; factor "
                    f"{p.capacity_factor:g}; {'together' if p.together else 'each on its own'}. "
                    f"Source: {p.source}"
                ),
            )
            for p in result.risk.processes
        ]
    _about_sheet(ws, lines)
