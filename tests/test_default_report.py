"""The default report on the bundled network, as an NGO reader gets it: findings, charts, map,
HXL rows, P-codes, totals, inputs, criticality; and LibreOffice (when installed) prints it whole
in at most 30 pages: no "###", no broken or clipped header, every route, no local path.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from tests.reading import (
    assert_chart_is_right,
    chart_series,
    flat,
    pdf_sheet_texts,
    printout_defects,
)

DAYS = 14
# the bundled network's whole default run, report and LibreOffice: tens of seconds
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "afghanistan.xlsx"
    result = CliRunner().invoke(
        main,
        [
            "run",
            "--days",
            str(DAYS),
            "--workers",
            "2",
            "--start-date",
            "2026-11-30",
            "--out",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "most critical crossing" in result.stdout
    # the terminal table gives whole scenario names, however long
    assert re.search(r"^humanitarian-corridor-immediate +\d", result.stdout, re.MULTILINE)
    return path


@pytest.fixture(scope="module")
def book(report: Path):
    """The report as openpyxl reads it, loaded once for every test here."""
    return load_workbook(report)


def test_sheets(book) -> None:
    wb = book
    assert wb.sheetnames == [
        "Summary",
        "Map",
        "Provinces",
        "Timeline",
        "Crossings",
        "Routes",
        "Commodities",
        "Criticality",
        "Data",
        "Inputs",
        "About",
    ]


def test_summary_findings_and_chart(book) -> None:
    ws = book["Summary"]
    # the headline leads with the most likely scenario, by its title, then the worst case
    assert ws["A2"].value.startswith("Most likely (Intermittent closures, analysts' probability")
    assert "Worst case (" in ws["A2"].value
    assert "day 0 = 30 Nov 2026" in ws["A3"].value
    bullets = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("• ")]
    text = " ".join(bullets)
    # each message of the outlook and the actions states its confidence
    outlook = [b for b in bullets if b.startswith("• Most likely") or b.startswith("• Worst")]
    assert outlook and all("(Confidence: " in b for b in outlook)
    # crossing status on day 0: Badini and Nawa Pass carry nothing in the network
    assert re.search(r"Not functional: Badini[^;]*, Nawa Pass", text), text
    assert "analysts' judgement" in " ".join(str(c.value) for c in ws["A"] if c.value)
    assert ws._charts
    # the default run's tables are perfect foresight: the page must not say "no foresight"
    assert "the tables assume the closures are known in advance" in text
    assert "every figure assumes each closure is learned on the day it starts" not in text
    # what runs short first: one row per good of the network
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    first = next(i for i, r in enumerate(rows) if r[0] == "Good")
    goods = [r[0] for r in rows[first + 1 : first + 8]]
    assert goods == [
        "Wheat and wheat flour",
        "Rice",
        "Cooking oil and ghee",
        "Sugar",
        "Pulses",
        "WFP food basket",
        "Specialised nutritious foods",
    ]
    # both foresight bounds side by side, and the cost of each closure (market: the bound that
    # holds is on this cost, not on tonnes; tests/logistics/solve/test_rolling.py)
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if "Shortfall if a surprise (t)" in r)
    col_perfect = rows[head].index("Shortfall (t)")
    col_surprise = rows[head].index("Shortfall if a surprise (t)")
    col_cost = rows[head].index("Cost of the closure (USD)")
    table = [r for r in rows[head + 1 :] if isinstance(r[col_perfect], int | float)]
    assert len(table) >= 10
    for r in table:
        assert isinstance(r[col_surprise], int | float), r[0]
        assert r[col_cost] >= -1e-6 * max(1.0, abs(r[col_cost])), r[0]  # a closure never helps


def test_data_sheets_follow_humanitarian_conventions(book) -> None:
    wb = book
    prov = wb["Provinces"]
    assert [prov.cell(2, j).value for j in (1, 2)] == ["#adm1+code", "#adm1+name"]
    pcodes = [prov.cell(r, 1).value for r in range(3, 37)]
    assert pcodes == [f"AF{i:02d}" for i in range(1, 35)]
    assert prov["A37"].value == "Total"
    assert prov.freeze_panes == "D3"
    for name in ("Timeline", "Crossings", "Routes", "Commodities"):
        ws = wb[name]
        assert all(
            isinstance(c.value, str) and c.value.startswith("#")
            for c in ws[2]
            if c.value is not None
        ), name
        assert any(ws.cell(r, 1).value == "Total" for r in range(3, ws.max_row + 1)), name
        assert ws.auto_filter.ref.startswith("A2") and ws.freeze_panes[1:] == "3", name
    assert wb["Timeline"]._charts
    crossings = wb["Crossings"]
    headers = [c.value for c in crossings[1]]
    rank = headers.index(f"Criticality rank (closed {DAYS} days)") + 1
    # a crossing whose closure adds nothing has no rank (blank)
    ranks = sorted(v for r in range(3, 17) if (v := crossings.cell(r, rank).value) is not None)
    assert not ranks or (ranks[0] == 1 and all(1 <= r <= 14 for r in ranks))
    # the ranking's share is of the national need its header gives
    ranking = wb["Criticality"]
    headers = [c.value for c in ranking[4]]
    pct = next(h for h in headers if h.startswith("Added shortfall (% of the "))
    need = float(re.search(r"of the ([\d,]+) t need", pct).group(1).replace(",", ""))
    added, share = headers.index("Added shortfall (t)") + 1, headers.index(pct) + 1
    for r in range(6, 20):
        assert ranking.cell(r, share).value == pytest.approx(
            100 * ranking.cell(r, added).value / need, rel=1e-5, abs=1e-9
        )


def test_every_chart_is_right(book) -> None:
    wb = book
    series = chart_series(wb)
    assert {s.sheet for s in series} == {"Summary", "Timeline", "Criticality"}
    for s in series:
        assert_chart_is_right(wb, s)


def test_map_inputs_and_about(book) -> None:
    wb = book
    assert len(wb["Map"]._images) == 1
    inputs = {c.value for row in wb["Inputs"].iter_rows() for c in row}
    assert {"TORKHAM", "pakistan-closure-90d", "#meta+source"} <= inputs
    about = {row[0].value: row[1].value for row in wb["About"].iter_rows(min_row=2) if row[0].value}
    # the default run gives both bounds; its tables are the perfect-foresight plan's
    assert about["Foresight"].startswith("Both bounds")
    assert about["Allocation rule"].startswith("market")
    assert any(k.startswith("Input file SHA-256: nodes.csv") for k in about)
    assert about["Horizon (days)"] == DAYS
    # where the network came from, never the local filesystem
    assert about["Network"] == "inputs/afghanistan, bundled with borderflow"
    # the ranking's closures are solved with perfect foresight: no 'if a surprise' column there
    note = wb["Criticality"]["A2"].value
    assert "perfect foresight" in note.lower() and "surprise" not in note


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_prints_it_whole(report: Path, book, tmp_path: Path) -> None:
    """The report as LibreOffice prints it: every sheet, no "###", every header whole on its
    sheet's pages (no word broken, nothing clipped), every route, no local path, at most 30
    pages.
    """
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "afghanistan.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    paths = [
        str(report.parent),
        str(tmp_path),
        tempfile.gettempdir().rstrip("/") + "/",
        str(Path(__file__).resolve().parents[1]),
        str(Path.home()) + "/",
    ]
    assert printout_defects(book, pdf, paths, max_pages=30) == []
    # page 1 is the whole briefing: it ends with its footnotes, and the comparison starts page 2
    first, second = (flat(t) for t in pdf_sheet_texts(pdf)["Summary"][:2])
    assert "First day short:" in first and "Crossing status on day 0" in first
    assert "Scenario comparison" in second
