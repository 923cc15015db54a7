"""Numbers, dates and names written for a reader of the report's sentences."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np


def tonnes(value: float) -> str:
    """Tonnes for reading: 3 significant figures above 1,000 t (41,000 t), else whole tonnes."""
    if abs(value) >= 1000:
        digits = int(np.floor(np.log10(abs(value)))) - 2
        return f"{round(value, -digits):,.0f} t"
    return f"{value:,.0f} t"


def count(value: float) -> str:
    """A large count for reading: 2.3 million, 41,000."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} million"
    return f"{value:,.0f}"


def pct(value: float) -> str:
    """A share for reading: "3.3 %", "under 0.1 %" for a small positive one, "0.0 %" for none."""
    return f"{value:.1f} %" if value >= 0.1 or value == 0 else "under 0.1 %"


def calendar_date(start_date: date | None, day: int) -> str:
    """Day ``day`` (from 0) as a calendar date for reading ("12 Dec 2026"), or "day N" without a
    start date.
    """
    if start_date is None:
        return f"day {day}"
    return f"{start_date + timedelta(days=int(day)):%-d %b %Y} (day {day})"


def short_name(name: str) -> str:
    """A commodity's name for a sentence: before any bracket or colon, lower case unless it starts
    with an acronym ("Rice (commercial)" → "rice", "WFP food basket (…)" → "WFP food basket").
    """
    text = str(name).split(" (")[0].split(":")[0].strip()
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def place_name(name: object) -> str:
    """A node's name to its first part, as a map label and a sentence name it: "Torkham (AF) –
    Torkham (PAK)" → "Torkham", "Ghulam Khan / Gurbuz (AF, Khost) – …" → "Ghulam Khan".
    """
    text = str(name)
    for sep in (" (", " – ", " - ", " / ", ", "):
        text = text.split(sep)[0]
    return text.strip()
