"""Render the README's pictures from a report as LibreOffice prints it.

    pip install -e ".[docs]"
    borderflow run --start-date 2026-12-07 --out outputs/afghanistan.xlsx
    python docs/render.py outputs/afghanistan.xlsx

LibreOffice converts the workbook to PDF (as a reader who prints it gets it); PyMuPDF rasterises
page 1 (the Summary) to docs/summary.png and the first page of the Map sheet to docs/map.png,
and the script prints the page count and each sheet's pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pymupdf

DOCS = Path(__file__).parent
DPI = 110


def to_pdf(workbook: Path, folder: Path) -> Path:
    """The PDF LibreOffice prints from ``workbook`` (headless, its own profile in ``folder``)."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{workbook.stem}.pdf"


def sheet_of(page) -> str:
    """The sheet a page belongs to: the footer ends "Page x of y · sheet"."""
    for line in page.get_text().splitlines():
        found = re.fullmatch(r"\s*Page \d+ of \d+ · (.+?)\s*", line)
        if found:
            return found.group(1)
    return "?"


def main(workbook: Path) -> None:
    """Print the pages of ``workbook``'s PDF per sheet; save page 1 and the first Map page as
    docs/summary.png and docs/map.png.
    """
    with tempfile.TemporaryDirectory() as tmp:
        doc = pymupdf.open(to_pdf(workbook, Path(tmp)))
        sheets = [sheet_of(page) for page in doc]
        print(
            f"{len(doc)} pages: " + ", ".join(f"{name} {n}" for name, n in Counter(sheets).items())
        )
        doc[0].get_pixmap(dpi=DPI).save(DOCS / "summary.png")
        doc[sheets.index("Map")].get_pixmap(dpi=DPI).save(DOCS / "map.png")
        print(f"wrote {DOCS / 'summary.png'} and {DOCS / 'map.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "outputs/afghanistan.xlsx"))
