"""Supply rows tied to a calendar month: placed by day 0's date, averaged over the year without one.

SRC offers 100 t/day in January and 50 t/day in February (two rows with ``month``); D needs
80 t/day; nothing can be stored, so each day's shortfall is need − that day's offer.
"""

from __future__ import annotations

from datetime import date

import pytest
from pytest import approx

import networks
from networks.errors import InputError
from tests.conftest import build, demand, node, route, run, supply, tables


def seasonal() -> networks.Network:
    return build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D")],
        supply=[supply("SRC", 100, month=1), supply("SRC", 50, month=2)],
        demand=[demand("D", 80)],
    )


def test_month_rows_follow_the_calendar_of_day_0():
    # day 0 = 30 Jan 2027: days 0-1 are 30-31 Jan (100 t offered, none short), days 2-3 are
    # 1-2 Feb (50 t offered, 30 t short each): 2 × 30 = 60 t short
    base = run(seasonal().on_calendar(date(2027, 1, 30)), days=4).baseline
    assert base.totals["shortfall_t"] == approx(60, abs=1e-4)
    assert base.totals["first_shortfall_day"] == 2


def test_a_leap_day_is_in_february():
    # day 0 = 28 Feb 2028 (a leap year): days 0-1 are 28-29 Feb, day 2 is 1 Mar (nothing offered)
    base = run(seasonal().on_calendar(date(2028, 2, 28)), days=3).baseline
    assert base.totals["shortfall_t"] == approx(2 * 30 + 80, abs=1e-4)


def test_without_a_calendar_month_rows_count_at_their_year_round_average():
    # every day: 100 × 31 / 365.25 + 50 × 28.25 / 365.25 = 8.4873 + 3.8672 = 12.3546 t offered,
    # 80 − 12.3546 = 67.6454 t short, × 4 days = 270.58 t
    base = run(seasonal(), days=4).baseline
    expected = 4 * (80 - (100 * 31 + 50 * 28.25) / 365.25)
    assert base.totals["shortfall_t"] == approx(expected, abs=1e-3)


def test_twelve_equal_month_rows_are_the_same_as_one_row():
    # 12 rows of 40 t/day, one per month, offer 40 t/day on any calendar; need 80 → 40 short a day
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D")],
        supply=[supply("SRC", 40, month=m) for m in range(1, 13)],
        demand=[demand("D", 80)],
    )
    for day_zero in (date(2026, 12, 20), date(2027, 6, 1)):
        base = run(net.on_calendar(day_zero), days=20).baseline
        assert base.totals["shortfall_t"] == approx(20 * 40, abs=1e-4)


@pytest.mark.parametrize("month", [0, 13, 2.5])
def test_a_month_outside_1_to_12_is_an_input_error(month):
    with pytest.raises(InputError) as err:
        networks.network_from_tables(
            tables(
                nodes=[node("SRC", "source"), node("D", "demand")],
                routes=[route("SRC_D", "SRC", "D")],
                supply=[supply("SRC", 100, month=month)],
                demand=[demand("D", 80)],
            )
        )
    assert "month" in str(err.value)
