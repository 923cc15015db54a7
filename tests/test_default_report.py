"""The default report on the bundled network, as an NGO reader gets it: findings, charts, map,
HXL rows, P-codes, totals, inputs, criticality; and LibreOffice opens it (when installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main

DAYS = 20


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "afghanistan.xlsx"
    result = CliRunner().invoke(main, ["run", "--days", str(DAYS), "--workers", "2", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert "most critical crossing" in result.stdout
    return path


def test_sheets(report: Path) -> None:
    wb = load_workbook(report)
    assert wb.sheetnames == ["Summary", "Map", "Provinces", "Timeline", "Crossings", "Routes", "Commodities", "Criticality", "Inputs", "About"]


def test_summary_findings_and_chart(report: Path) -> None:
    ws = load_workbook(report)["Summary"]
    findings = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("• ")]
    assert 3 <= len(findings) <= 6
    text = " ".join(findings)
    assert "The worst case" in text and "t of food undelivered" in text
    # over 20 days the day-0 stocks (14 days of traders' stock) and the other crossings cover any
    # single closure, so the ranking may be all zeros; either way the page says which
    assert "most critical crossing is" in text or "No single crossing is critical" in text
    assert "Weighted by the probabilities" in text
    assert ws._charts


def test_data_sheets_follow_humanitarian_conventions(report: Path) -> None:
    wb = load_workbook(report)
    prov = wb["Provinces"]
    assert [prov.cell(2, j).value for j in (1, 2)] == ["#adm1+code", "#adm1+name"]
    pcodes = [prov.cell(r, 1).value for r in range(3, 37)]
    assert pcodes == [f"AF{i:02d}" for i in range(1, 35)]
    assert prov["A37"].value == "Total"
    assert prov.freeze_panes == "A3"
    for name in ("Timeline", "Crossings", "Routes", "Commodities"):
        ws = wb[name]
        assert all(isinstance(c.value, str) and c.value.startswith("#") for c in ws[2] if c.value is not None), name
        assert any(ws.cell(r, 1).value == "Total" for r in range(3, ws.max_row + 1)), name
        assert ws.auto_filter.ref and ws.freeze_panes == "A3", name
    assert wb["Timeline"]._charts
    crossings = wb["Crossings"]
    headers = [c.value for c in crossings[1]]
    rank = headers.index(f"Criticality rank (closed {DAYS} days)") + 1
    assert sorted(crossings.cell(r, rank).value for r in range(3, 17)) == list(range(1, 15))


def test_map_inputs_and_about(report: Path) -> None:
    wb = load_workbook(report)
    assert len(wb["Map"]._images) == 1
    inputs = {c.value for row in wb["Inputs"].iter_rows() for c in row}
    assert {"TORKHAM", "pakistan-closure-90d", "#meta+source"} <= inputs
    about = {row[0].value: row[1].value for row in wb["About"].iter_rows(min_row=2) if row[0].value}
    assert about["Foresight"].startswith("Perfect foresight")
    assert any(k.startswith("Input file SHA-256: nodes.csv") for k in about)
    assert about["Horizon (days)"] == DAYS


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_and_prints_it(report: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    pdf = tmp_path / "afghanistan.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 9
