"""The Excel report (openpyxl): the only module that writes report workbooks (the input
template is ``networks.template``).

Sheets: Summary (key findings, comparison, bar chart), Map, Provinces, Timeline, Crossings,
Routes, Commodities, the analysis sheets when given (Criticality, Monte Carlo), Inputs, About.
Data sheets have one header row (units in the headers), then an HXL hashtag row, frozen panes,
an auto-filter, number formats and a totals row. Text from input files is always written as text, never as a formula.
The file is written to a temporary name beside the target and renamed, so a failed run never
leaves a half-written report.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from networks.atomic import save_atomically

from .criticality import CriticalityResult
from .findings import key_findings
from .montecarlo import MonteCarloResult
from .run import Results

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HXL_FONT = Font(italic=True, color="7F7F7F")
TITLE_FONT = Font(bold=True, size=14)
TOTAL_FONT = Font(bold=True)
SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
# Findings are merged across this many columns and wrapped at about this many characters.
FINDING_COLUMNS = 12
FINDING_CHARS_PER_LINE = 185
FINDING_FONT = Font(size=11)
TONNES = "#,##0"
UNITS_TEXT = "t = tonnes; days count from 0 and end days are exclusive; people-days without food = shortfall kcal ÷ 2,100 kcal (Sphere)."
FORESIGHT_TEXT = {
    "perfect": "Perfect foresight: the plan knows every closure in advance and pre-positions stock where storage allows; real shortfalls can be larger.",
    "none": "No foresight (rolling horizon): the plan learns of each closure on the day it starts and re-plans then; cargo already on its way to a closed crossing is held there.",
}
PCT = "0.0"
DECIMAL = "#,##0.00"


def _put(ws: Worksheet, row: int, col: int, value, number_format: str | None = None):
    """Write one cell; strings are forced to text so that '=…' from an input is never a formula."""
    if isinstance(value, float) and pd.isna(value):
        value = None
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if number_format and not isinstance(value, str):
        cell.number_format = number_format
    return cell


def write_table(ws: Worksheet, frame: pd.DataFrame, top: int = 1, hxl: list[str] | None = None, formats: dict[str, str] | None = None, totals: dict[str, float] | None = None) -> tuple[int, int]:
    """Write ``frame`` (columns = headers with units) at row ``top`` with an optional HXL row,
    a frozen header, an auto-filter and per-column number formats. ``totals`` (column → value)
    adds a bold "Total" row under the data, outside the auto-filter so that sorting leaves it
    last; values, not formulas, so that every reader sees them. Returns (first data row, last data row)."""
    formats = formats or {}
    for j, name in enumerate(frame.columns, start=1):
        cell = _put(ws, top, j, str(name))
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first = top + 1
    if hxl is not None:
        for j, tag in enumerate(hxl, start=1):
            _put(ws, first, j, tag).font = HXL_FONT
        first += 1
    for i, values in enumerate(frame.itertuples(index=False), start=first):
        for j, (name, value) in enumerate(zip(frame.columns, values, strict=True), start=1):
            if hasattr(value, "item"):
                value = value.item()
            _put(ws, i, j, value, formats.get(name))
    last = first + len(frame) - 1
    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(max(1, len(frame.columns)))}{max(last, first)}"
    if totals is not None:
        row = max(last, first - 1) + 1
        _put(ws, row, 1, "Total").font = TOTAL_FONT
        for j, name in enumerate(frame.columns, start=1):
            if name in totals and j > 1:
                _put(ws, row, j, float(totals[name]), formats.get(name)).font = TOTAL_FONT
    for j, name in enumerate(frame.columns, start=1):
        widest = max([len(str(name)) * 0.9] + [len(str(v)) for v in frame.iloc[:200, j - 1]])
        ws.column_dimensions[get_column_letter(j)].width = min(max(10, widest + 2), 45)
    ws.row_dimensions[top].height = 30
    return first, last


def _summary(ws: Worksheet, results: Results, criticality: CriticalityResult | None = None) -> None:
    ws.title = "Summary"
    _put(ws, 1, 1, "borderflow: food and aid shortfall under border closures").font = TITLE_FONT
    net = results.network
    _put(ws, 2, 1, f"Network: {net.path.name if net.path else 'in memory'} ({net.describe()}). Horizon {results.horizon_days} days from day 0.")
    _put(ws, 3, 1, FORESIGHT_TEXT[results.foresight])
    _put(ws, 5, 1, "Key findings").font = SECTION_FONT
    row = 6
    for finding in key_findings(results, criticality):
        cell = _put(ws, row, 1, f"• {finding}")
        cell.font = FINDING_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=FINDING_COLUMNS)
        ws.row_dimensions[row].height = 15 * math.ceil(len(finding) / FINDING_CHARS_PER_LINE)
        row += 1
    row += 1
    _put(ws, row, 1, "Scenario comparison").font = SECTION_FONT
    top = row + 1
    rows = []
    for s in results.scenarios:
        t = s.totals
        rows.append(
            {
                "Scenario": s.name,
                "Probability": s.scenario.probability,
                "Variant of": s.scenario.variant_of,
                "Need (t)": t["need_t"],
                "Shortfall (t)": t["shortfall_t"],
                "Shortfall (% of need)": t["shortfall_pct"],
                "Change vs baseline (t)": s.change.get("shortfall_t"),
                "People-days without food": t["people_days_unmet"],
                "Aid shortfall (t)": t["aid_shortfall_t"],
                "Trade shortfall (t)": t["trade_shortfall_t"],
                "First day short": t["first_shortfall_day"],
                "First province short": _province_label(results, t["first_province_short"]),
                "Transport cost (USD)": t["transport_cost_usd"],
                "Cost change vs baseline (USD)": s.change.get("transport_cost_usd"),
            }
        )
    frame = pd.DataFrame(rows)
    formats = {c: TONNES for c in frame.columns if "(t)" in c or "USD" in c or "People" in c}
    formats["Shortfall (% of need)"] = PCT
    formats["Probability"] = "0.00"
    first, last = write_table(ws, frame, top=top, formats=formats)
    ws.freeze_panes = None
    ws.auto_filter.ref = None
    shortfall_col = list(frame.columns).index("Shortfall (t)") + 1
    row = last + 2
    weighted = results.probability_weighted()
    if weighted:
        note = "" if weighted["complete"] else f" Their probabilities sum to {weighted['probability_sum']:.2f}, not 1: the matrix is incomplete."
        _put(ws, row, 1, (
            f"Probability-weighted over {len(weighted['scenarios'])} alternatives: {weighted['expected_shortfall_t']:,.0f} t short "
            f"({weighted['expected_shortfall_pct']:.1f} % of need), {weighted['expected_people_days_unmet']:,.0f} people-days without food, "
            f"{weighted['expected_aid_shortfall_t']:,.0f} t of aid short. Variants are not weighted.{note}"
        ))
        row += 2
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Shortfall by scenario (t)"
    chart.y_axis.title = "t"
    chart.add_data(Reference(ws, min_col=shortfall_col, min_row=top, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # first scenario on top, as in the table
    chart.height, chart.width = 7 + 0.4 * len(frame), 18
    ws.add_chart(chart, f"A{row}")
    # narrow columns with wrapped headers keep the page readable when printed one page wide
    ws.column_dimensions["A"].width = 26
    for j in range(2, len(frame.columns) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 13
    ws.column_dimensions[get_column_letter(list(frame.columns).index("First province short") + 1)].width = 18
    day_col = list(frame.columns).index("First day short") + 1
    for r in range(first, last + 1):
        ws.cell(row=r, column=day_col).alignment = Alignment(horizontal="center")
    ws.row_dimensions[top].height = 45


def _province_label(results: Results, node: str | None) -> str | None:
    if node is None:
        return None
    row = results.network.node_table.loc[node]
    return f"{row['name']} ({row['pcode']})" if isinstance(row["pcode"], str) else str(row["name"])


def _shortfall_totals(totals: dict, scenario: str, table: pd.DataFrame) -> None:
    """Total shortfall (t) and its share of total need (%) of one scenario's column pair."""
    need = table["need_t"].sum()
    totals[f"{scenario}: shortfall (t)"] = table["shortfall_t"].sum()
    totals[f"{scenario}: shortfall (%)"] = 100.0 * table["shortfall_t"].sum() / need if need else 0.0


def _provinces(ws: Worksheet, results: Results) -> None:
    base = results.baseline.by_node
    frame = pd.DataFrame({"P-code": base["pcode"], "Province / node": base["name"], "Node id": base.index, "Baseline need (t)": base["need_t"]})
    hxl = ["#adm1+code", "#adm1+name", "#loc+code", "#need+food+tonnes"]
    totals = {"Baseline need (t)": base["need_t"].sum()}
    for s in results.scenarios:
        by_node = s.by_node.reindex(base.index)
        frame[f"{s.name}: shortfall (t)"] = by_node["shortfall_t"].to_numpy()
        frame[f"{s.name}: shortfall (%)"] = by_node["shortfall_pct"].to_numpy()
        frame[f"{s.name}: first day short"] = by_node["first_shortfall_day"].to_numpy()
        hxl += ["#affected+food+tonnes", "#affected+food+pct", "#date+first"]
        _shortfall_totals(totals, s.name, by_node)
        firsts = by_node["first_shortfall_day"].dropna()
        if len(firsts):
            totals[f"{s.name}: first day short"] = firsts.min()
    formats = {c: TONNES for c in frame.columns if "(t)" in c}
    formats.update({c: PCT for c in frame.columns if "(%)" in c})
    first, last = write_table(ws, frame.reset_index(drop=True), hxl=hxl, formats=formats, totals=totals)
    for j, name in enumerate(frame.columns, start=1):
        if "shortfall (%)" in name and last >= first:
            col = get_column_letter(j)
            ws.conditional_formatting.add(f"{col}{first}:{col}{last}", ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF", end_type="num", end_value=100, end_color="C00000"))


def _timeline(ws: Worksheet, results: Results) -> None:
    days = results.baseline.by_day.index
    frame = pd.DataFrame({"Day": days})
    for s in results.scenarios:
        frame[f"{s.name}: shortfall (t/day)"] = s.by_day["shortfall_t"].reindex(days, fill_value=0.0).to_numpy()
    hxl = ["#date+day"] + ["#affected+food+tonnes"] * len(results.scenarios)
    totals = {c: frame[c].sum() for c in frame.columns[1:]}
    first, last = write_table(ws, frame, hxl=hxl, formats={c: TONNES for c in frame.columns if "t/day" in c}, totals=totals)
    if last >= first:
        chart = LineChart()
        chart.title = "Shortfall per day (t/day)"
        chart.y_axis.title = "t/day"
        chart.x_axis.title = "day"
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(results.scenarios), min_row=1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        chart.height, chart.width = 9, 22
        ws.add_chart(chart, f"{get_column_letter(len(frame.columns) + 2)}3")


def _crossings(ws: Worksheet, results: Results, criticality: CriticalityResult | None = None) -> None:
    base = results.baseline.crossings
    nodes = results.network.node_table
    frame = pd.DataFrame({"Crossing": base["name"].to_numpy(), "Node id": base.index, "Country": nodes["country"].reindex(base.index).to_numpy(), "Throughput limit (t/day)": nodes["throughput_t_per_day"].reindex(base.index).to_numpy()})
    hxl = ["#loc+name", "#loc+code", "#country+code", "#capacity+tonnes"]
    totals = {"Throughput limit (t/day)": frame["Throughput limit (t/day)"].sum()}
    if criticality is not None:
        ranked = criticality.ranking[criticality.ranking["kind"] == "crossing"].set_index("target")
        frame[f"Criticality rank (closed {criticality.duration_days} days)"] = ranked["rank"].reindex(base.index).to_numpy()
        frame["Shortfall added if closed (t)"] = ranked["added_shortfall_t"].reindex(base.index).to_numpy()
        hxl += ["#meta+rank", "#affected+food+tonnes"]
    for s in results.scenarios:
        c = s.crossings.reindex(base.index)
        frame[f"{s.name}: throughput (t)"] = c["throughput_t"].to_numpy()
        frame[f"{s.name}: utilisation (%)"] = 100.0 * c["utilisation"].to_numpy()
        frame[f"{s.name}: closed days"] = c["closed_days"].to_numpy()
        frame[f"{s.name}: value of +1 t/day (t)"] = c["shadow_price"].to_numpy()
        hxl += ["#output+tonnes", "#output+pct", "#indicator+closed+days", "#value+shadow+tonnes"]
        totals[f"{s.name}: throughput (t)"] = c["throughput_t"].sum()
    formats = {c: TONNES for c in frame.columns if "(t" in c}
    formats.update({c: PCT for c in frame.columns if "(%)" in c})
    write_table(ws, frame, hxl=hxl, formats=formats, totals=totals)


def _routes(ws: Worksheet, results: Results) -> None:
    routes = results.network.routes.set_index("id")
    frame = pd.DataFrame({"Route": routes.index, "From": routes["from"].to_numpy(), "To": routes["to"].to_numpy(), "Mode": routes["mode"].to_numpy(), "Capacity (t/day)": routes["capacity_t_per_day"].to_numpy()})
    hxl = ["#route+code", "#loc+from", "#loc+to", "#route+mode", "#capacity+tonnes"]
    for s in results.scenarios:
        r = s.routes.reindex(routes.index)
        frame[f"{s.name}: flow (t)"] = r["t"].fillna(0.0).to_numpy()
        hxl.append("#output+tonnes")
        if s is not results.baseline:
            frame[f"{s.name}: change vs baseline (t)"] = r["change_t"].fillna(0.0).to_numpy() if "change_t" in r else 0.0
            hxl.append("#output+change+tonnes")
    totals = {c: frame[c].sum() for c in frame.columns if c.endswith(": flow (t)")}
    write_table(ws, frame, hxl=hxl, formats={c: TONNES for c in frame.columns if "(t" in c}, totals=totals)


def _commodities(ws: Worksheet, results: Results) -> None:
    base = results.baseline.by_commodity
    frame = pd.DataFrame({"Commodity": base.index, "Name": base["name"].to_numpy(), "Trade or aid": ["aid" if a else "trade" for a in base["aid"]], "Need (t)": base["need_t"].to_numpy()})
    hxl = ["#item+code", "#item+name", "#indicator+aid", "#need+tonnes"]
    totals = {"Need (t)": base["need_t"].sum()}
    for s in results.scenarios:
        c = s.by_commodity.reindex(base.index)
        frame[f"{s.name}: shortfall (t)"] = c["shortfall_t"].to_numpy()
        frame[f"{s.name}: shortfall (%)"] = c["shortfall_pct"].to_numpy()
        frame[f"{s.name}: people-days without food"] = c["people_days_unmet"].to_numpy()
        hxl += ["#affected+tonnes", "#affected+pct", "#affected+days"]
        _shortfall_totals(totals, s.name, c)
        totals[f"{s.name}: people-days without food"] = c["people_days_unmet"].sum()
    formats = {c: TONNES for c in frame.columns if "(t)" in c or "people-days" in c}
    formats.update({c: PCT for c in frame.columns if "(%)" in c})
    write_table(ws, frame, hxl=hxl, formats=formats, totals=totals)


def _inputs(ws: Worksheet, results: Results) -> None:
    """The network's tables and the scenarios, each under a title, with their sources."""
    from networks.schema import TABLES

    net = results.network
    _put(ws, 1, 1, "Inputs: the network's tables and the scenarios run, with their sources").font = TITLE_FONT
    row = 3
    for name, table in TABLES.items():
        frame = getattr(net, name)[list(table.column_names)].reset_index(drop=True)
        _put(ws, row, 1, f"{name} ({len(frame)} rows): {table.description}").font = SECTION_FONT
        first, last = write_table(ws, frame, top=row + 1, hxl=[c.hxl for c in table.columns])
        row = max(last, first) + 3
    scenarios = pd.DataFrame(
        [
            {
                "name": s.name,
                "probability": s.scenario.probability,
                "variant_of": s.scenario.variant_of,
                "file": s.scenario.source_file,
                "closures": "; ".join(
                    f"{c.target} ×{c.capacity_factor:g} days {c.start_day}-{'end' if c.end_day is None else c.end_day - 1}" + (f" (exempt: {', '.join(c.exempt)})" if c.exempt else "")
                    for c in s.scenario.closures
                ),
                "factors": "; ".join(f"{key} {k}×{v:g}" for key in ("demand_factor", "supply_factor", "cost_factor") for k, v in getattr(s.scenario, key).items()),
                "description (assumptions and sources)": s.scenario.description,
            }
            for s in results.scenarios
        ]
    )
    _put(ws, row, 1, f"scenarios ({len(scenarios)}), with their assumptions and sources").font = SECTION_FONT
    write_table(ws, scenarios, top=row + 1, hxl=["#meta+scenario", "#meta+prob", "#meta+variant", "#meta+file", "#meta+closures", "#meta+factors", "#meta+description"])
    ws.freeze_panes = None
    ws.auto_filter.ref = None
    for letter in ("A", "B"):
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 10, 16)


def _map(ws: Worksheet, results: Results) -> None:
    from openpyxl.drawing.image import Image

    from .mapping import map_png

    _put(ws, 1, 1, "Map: provinces coloured by shortfall, crossings open or closed, routes by flow").font = TITLE_FONT
    png = map_png(results)
    if png is None:
        _put(ws, 3, 1, "No node has coordinates (lat, lon): nothing to draw.")
        return
    import io

    image = Image(io.BytesIO(png))
    ws.add_image(image, "A3")


def _version() -> str:
    try:
        return version("borderflow")
    except PackageNotFoundError:
        return "unknown"


def _network_lines(net) -> list[tuple[str, str]]:
    """Where the network came from and the SHA-256 of each input file."""
    return [("Network", str(net.path) if net.path else "in memory")] + [(f"Input file SHA-256: {name}", digest) for name, digest in sorted(net.file_hashes.items())]


def _about_sheet(ws: Worksheet, lines: list[tuple]) -> None:
    """Two columns, Item and Value, wide enough to read."""
    write_table(ws, pd.DataFrame(lines, columns=["Item", "Value"]))
    ws.freeze_panes = None
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 100


def _overlay_text(overlay) -> str:
    """Describe the overlay for the About sheet: name, file and description, or none."""
    if overlay is None:
        return "none: the network as given"
    file = f" ({overlay.source_file})" if overlay.source_file else ""
    text = f"{overlay.name}{file}, applied on top of every scenario, the baseline included"
    return text + (f": {overlay.description}" if overlay.description else "")


def _about(ws: Worksheet, results: Results) -> None:
    size = results.model_size
    lines = [
        ("borderflow version", _version()),
        ("Solver", results.solver),
        ("Status", "; ".join(f"{s.name}: {s.status}" for s in results.scenarios)),
        ("Horizon (days)", results.horizon_days),
        ("Foresight", FORESIGHT_TEXT[results.foresight]),
        ("Overlay", _overlay_text(results.overlay)),
        ("Run started (UTC)", results.started_at),
        ("Report written (UTC)", datetime.now(UTC).isoformat(timespec="seconds")),
        ("Run duration (s)", round(results.duration_seconds, 2)),
        ("Model build (s)", round(results.build_seconds, 3)),
        ("LP size", f"{size['columns']:,} columns, {size['rows']:,} rows, {size['nonzeros']:,} non-zeros"),
        *_network_lines(results.network),
    ]
    lines += [(f"Scenario: {s.name}", s.scenario.description or "") for s in results.scenarios]
    lines += [
        ("How to read this report", "Summary compares scenarios; Provinces gives each province's shortfall; Timeline the shortfall per day; Crossings the tonnes through each border crossing; Routes where flows moved; Commodities trade and aid apart."),
        ("Units", UNITS_TEXT),
        ("Assumptions", "Need not met on its day is lost (no backlog). Unmet need is minimised first (weighted by priority), then spread fairly between provinces, then transport cost is minimised."),
    ]
    _about_sheet(ws, lines)


def build_workbook(results: Results, criticality: CriticalityResult | None = None, montecarlo: MonteCarloResult | None = None) -> Workbook:
    """Return the report workbook for ``results`` (no I/O), with the analysis sheets when given."""
    wb = Workbook()
    _summary(wb.active, results, criticality)
    _map(wb.create_sheet("Map"), results)
    for title, writer in (("Provinces", _provinces), ("Timeline", _timeline)):
        writer(wb.create_sheet(title), results)
    _crossings(wb.create_sheet("Crossings"), results, criticality)
    for title, writer in (("Routes", _routes), ("Commodities", _commodities), ("Inputs", _inputs), ("About", _about)):
        writer(wb.create_sheet(title), results)
    add_analysis_sheets(wb, criticality, montecarlo, before="Inputs")
    _page_setup(wb)
    return wb


def _page_setup(wb: Workbook) -> None:
    for ws in wb.worksheets:  # print landscape; the reading sheets one page wide (data sheets are too wide to shrink)
        ws.page_setup.orientation = "landscape"
        if ws.title in ("Summary", "About", "Map"):
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def write_report(results: Results, path: str | Path, criticality: CriticalityResult | None = None, montecarlo: MonteCarloResult | None = None) -> Path:
    """Write the Excel report atomically (temporary file beside ``path``, then rename), with the
    Criticality and Monte Carlo sheets when those analyses are given. Returns the path."""
    return save_atomically(build_workbook(results, criticality, montecarlo), path)


def write_analysis_report(path: str | Path, criticality: CriticalityResult | None = None, montecarlo: MonteCarloResult | None = None) -> Path:
    """Write a workbook of the analyses given (Criticality, Monte Carlo) and an About sheet, atomically."""
    wb = Workbook()
    wb.remove(wb.active)
    add_analysis_sheets(wb, criticality, montecarlo)
    _analysis_about(wb.create_sheet("About"), criticality or montecarlo)
    _page_setup(wb)
    return save_atomically(wb, path)


# ---------------------------------------------------------------------------- analyses


def add_analysis_sheets(wb: Workbook, criticality: CriticalityResult | None, montecarlo: MonteCarloResult | None, before: str | None = None) -> None:
    """Add a Criticality and/or a Monte Carlo sheet (before the sheet named ``before``, if any)."""
    index = wb.sheetnames.index(before) if before in wb.sheetnames else None
    for title, result, writer in (("Criticality", criticality, _criticality), ("Monte Carlo", montecarlo, _montecarlo)):
        if result is None:
            continue
        ws = wb.create_sheet(title, index)
        if index is not None:
            index += 1
        writer(ws, result)


def _criticality(ws: Worksheet, result: CriticalityResult) -> None:
    r = result.ranking
    window = f"days {result.start_day}-{result.start_day + result.duration_days - 1}"
    _put(ws, 1, 1, f"Criticality: each closure to zero for {result.duration_days} days ({window}) of a {result.horizon_days}-day horizon, ranked by the shortfall it adds").font = TITLE_FONT
    _put(ws, 2, 1, f"Baseline shortfall {result.baseline_shortfall_t:,.0f} t of {result.need_t:,.0f} t need. {FORESIGHT_TEXT[result.foresight]}")
    frame = pd.DataFrame(
        {
            "Rank": r["rank"],
            "Closed": r["name"],
            "Id": r["target"],
            "Kind": r["kind"],
            "Added shortfall (t)": r["added_shortfall_t"],
            "Added shortfall (% of need)": r["added_shortfall_pct"],
            "Added people-days without food": r["added_people_days"],
            "Added aid shortfall (t)": r["added_aid_shortfall_t"],
            "Provinces affected": r["provinces_affected"],
            "Provinces affected (names)": [", ".join(a) for a in r["affected"]],
        }
    )
    hxl = ["#meta+rank", "#loc+name", "#loc+code", "#meta+kind", "#affected+food+tonnes", "#affected+food+pct", "#affected+days", "#affected+aid+tonnes", "#adm1+num", "#adm1+name+list"]
    formats = {c: TONNES for c in frame.columns if "(t)" in c or "people-days" in c}
    formats["Added shortfall (% of need)"] = "0.00"
    first, last = write_table(ws, frame, top=4, hxl=hxl, formats=formats)
    ws.freeze_panes = ws.cell(row=first, column=3)
    shown = min(len(frame), 15)
    if shown:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Shortfall added by each closure (t)"
        chart.add_data(Reference(ws, min_col=5, min_row=4, max_row=first + shown - 1), titles_from_data=False)
        chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=first + shown - 1))
        chart.legend = None
        chart.y_axis.title = "t"
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
        chart.height, chart.width = 7 + 0.45 * shown, 18
        ws.add_chart(chart, f"{get_column_letter(len(frame.columns) + 2)}4")


def _montecarlo(ws: Worksheet, result: MonteCarloResult) -> None:
    summary = result.summary()
    _put(ws, 1, 1, f"Monte Carlo: {result.samples:,} samples of closures from risk model '{result.risk.name}' (seed {result.seed}), {result.horizon_days}-day horizon").font = TITLE_FONT
    _put(ws, 2, 1, (
        f"Total shortfall: expected {summary['mean']:,.0f} t, median {summary['p50']:,.0f} t, P90 {summary['p90']:,.0f} t, P95 {summary['p95']:,.0f} t "
        f"(baseline {result.baseline_shortfall_t:,.0f} t). {FORESIGHT_TEXT[result.foresight]}"
    ))
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
    hxl = ["#adm1+code", "#adm1+name", "#loc+code", "#need+food+tonnes", "#affected+food+tonnes+mean", "#affected+food+tonnes+p90", "#affected+food+prob"]
    formats = {c: TONNES for c in frame.columns if "(t)" in c}
    formats["Chance of > 10 % short"] = "0.0%"
    first, last = write_table(ws, frame, top=4, hxl=hxl, formats=formats)
    if last >= first:
        col = get_column_letter(7)
        ws.conditional_formatting.add(f"{col}{first}:{col}{last}", ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF", end_type="num", end_value=1, end_color="C00000"))
    curve = result.exceedance()
    left = len(frame.columns) + 2
    _put(ws, 4, left, "Shortfall (t)").font = HEADER_FONT
    _put(ws, 4, left + 1, "Chance of more").font = HEADER_FONT
    for cell in (ws.cell(row=4, column=left), ws.cell(row=4, column=left + 1)):
        cell.fill = HEADER_FILL
    _put(ws, 5, left, "#affected+food+tonnes").font = HXL_FONT
    _put(ws, 5, left + 1, "#indicator+prob").font = HXL_FONT
    for i, row in enumerate(curve.itertuples(index=False), start=6):
        _put(ws, i, left, float(row.shortfall_t), TONNES)
        _put(ws, i, left + 1, float(row.probability), "0.0%")
    ws.column_dimensions[get_column_letter(left)].width = 14
    ws.column_dimensions[get_column_letter(left + 1)].width = 16
    if len(curve):
        from openpyxl.chart import ScatterChart, Series

        chart = ScatterChart()
        chart.title = "Exceedance: chance that the shortfall is larger"
        chart.style = 13
        chart.x_axis.title = "shortfall (t)"
        chart.y_axis.title = "chance"
        xs = Reference(ws, min_col=left, min_row=6, max_row=5 + len(curve))
        ys = Reference(ws, min_col=left + 1, min_row=6, max_row=5 + len(curve))
        chart.series.append(Series(ys, xs, title="P(shortfall > t)"))
        chart.legend = None
        chart.height, chart.width = 9, 16
        ws.add_chart(chart, f"{get_column_letter(left + 3)}4")


def _analysis_about(ws: Worksheet, result: CriticalityResult | MonteCarloResult) -> None:
    timing = result.sweep.timing()
    lines = [
        ("borderflow version", _version()),
        ("Solver", f"{result.solver}; every case solved to optimality (a case that is not optimal stops the run)"),
        ("Horizon (days)", result.horizon_days),
        ("Foresight", FORESIGHT_TEXT[result.foresight]),
        ("Report written (UTC)", datetime.now(UTC).isoformat(timespec="seconds")),
        ("Run duration (s)", round(timing["wall_seconds"], 2)),
        ("Workers", timing["scheduler"] or timing["workers"]),
        ("Mean case solve (s)", round(timing["mean_case_seconds"], 3)),
        ("One cold build + solve (s)", round(timing["cold_build_seconds"] + timing["cold_solve_seconds"], 3)),
        *_network_lines(result.network),
        ("How to read this report", "Criticality ranks each closure by the food shortfall it adds to the baseline. Monte Carlo gives the spread of shortfall over random closures drawn from the risk model: expected, median (P50) and bad cases (P90, P95), and each province's chance of going more than 10 % short."),
        ("Units", UNITS_TEXT),
        ("Stages", "Analyses solve unmet need (weighted by priority) and then its fair spread between provinces; transport cost is not optimised, so no cost figures are given."),
    ]
    if isinstance(result, MonteCarloResult):
        lines += [(f"Risk process: {p.name}", f"{', '.join(p.targets)}; weekly chance {p.weekly_probability:g}; duration median {p.duration_days.median:g} d, P90 {p.duration_days.p90:g} d; factor {p.capacity_factor:g}; {'together' if p.together else 'each on its own'}. Source: {p.source}") for p in result.risk.processes]
    _about_sheet(ws, lines)
