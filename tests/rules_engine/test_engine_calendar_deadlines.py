"""Business days (federal holidays, observed dates) and every day-count deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rules_engine import (
    add_business_days,
    cpn_response_due,
    demand_deadlines,
    fcp_deadlines,
    format_date,
    format_money,
    interest_periods,
    is_business_day,
    nos_review_due,
    settlement_within_fcp_window,
    treasury_referral_possible_from,
)
from rules_engine import deadlines
from rules_engine.parameters import ParameterNotInForce


@pytest.mark.parametrize(
    "day, business",
    [
        (date(2021, 12, 24), False),  # Christmas on a Saturday, observed Friday
        (date(2021, 12, 31), False),  # New Year's Day 2022 on a Saturday, observed Friday
        (date(2021, 6, 18), False),  # first Juneteenth, a Saturday, observed Friday
        (date(2022, 6, 20), False),  # Juneteenth on a Sunday, observed Monday
        (date(2020, 6, 19), True),  # before Juneteenth became a federal holiday
        (date(2025, 5, 26), False),  # Memorial Day
        (date(2025, 11, 27), False),  # Thanksgiving
        (date(2025, 5, 24), False),  # Saturday
        (date(2025, 5, 25), False),  # Sunday
        (date(2025, 5, 23), True),  # Friday
        (date(2025, 12, 24), True),  # Christmas Eve is not a federal holiday
    ],
)
def test_is_business_day(day: date, business: bool) -> None:
    assert is_business_day(day) is business


@pytest.mark.parametrize(
    "start, count, expected",
    [
        (date(2025, 5, 7), 0, date(2025, 5, 7)),
        (date(2025, 5, 7), 3, date(2025, 5, 12)),  # Wed -> Thu, Fri, Mon
        (date(2025, 5, 23), 1, date(2025, 5, 27)),  # Fri -> Tue, over Memorial Day
        (date(2025, 5, 23), 3, date(2025, 5, 29)),
        (date(2021, 12, 22), 2, date(2021, 12, 27)),  # over the observed Christmas
        (date(2025, 5, 27), -1, date(2025, 5, 23)),
    ],
)
def test_add_business_days(start: date, count: int, expected: date) -> None:
    assert add_business_days(start, count) == expected


def test_fcp_deadlines() -> None:
    assert fcp_deadlines(date(2025, 5, 23)) == (date(2025, 5, 29), date(2025, 6, 22))


@pytest.mark.parametrize(
    "settled, inside",
    [
        (date(2025, 5, 22), False),  # the day before the request
        (date(2025, 5, 23), True),  # the request day
        (date(2025, 5, 29), True),  # third business day
        (date(2025, 5, 30), False),  # fourth business day
    ],
)
def test_fcp_settlement_window_edges(settled: date, inside: bool) -> None:
    assert settlement_within_fcp_window(settled, date(2025, 5, 23)) is inside


def test_fcp_window_in_calendar_days_when_the_parameter_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    real = deadlines.value_on
    monkeypatch.setattr(
        deadlines, "value_on",
        lambda name, on: "calendar" if name == "fcp_settlement_window_day_kind" else real(name, on),
    )
    assert fcp_deadlines(date(2025, 5, 23))[0] == date(2025, 5, 26)


def test_fcp_did_not_exist_before_2016() -> None:
    with pytest.raises(ParameterNotInForce):
        fcp_deadlines(date(2015, 12, 1))


def test_demand_deadlines_60_and_125_days() -> None:
    assert demand_deadlines(date(2025, 1, 1)) == (date(2025, 3, 2), date(2025, 5, 6))


@pytest.mark.parametrize(
    "paid_on, periods",
    [
        (date(2024, 12, 1), 0),  # before the demand
        (date(2025, 3, 2), 0),  # day 60: on time
        (date(2025, 3, 3), 2),  # day 61: two full 30-day periods since the demand
        (date(2025, 3, 31), 2),  # day 89
        (date(2025, 4, 1), 3),  # day 90
    ],
)
def test_interest_periods(paid_on: date, periods: int) -> None:
    assert interest_periods(date(2025, 1, 1), paid_on) == periods


def test_other_deadlines() -> None:
    assert cpn_response_due(date(2025, 1, 1)) == date(2025, 1, 31)
    assert nos_review_due(date(2025, 1, 1)) == date(2025, 1, 21)
    # payment due 03/02/2025, then more than 120 days delinquent
    assert treasury_referral_possible_from(date(2025, 1, 1)) == date(2025, 7, 1)


@pytest.mark.parametrize(
    "amount, shown",
    [
        (Decimal("8000"), "$8,000.00"),
        (Decimal("0.005"), "$0.01"),  # half up
        (Decimal("0.004"), "$0.00"),
        (Decimal("1234567.891"), "$1,234,567.89"),
        (Decimal("-5"), "-$5.00"),
    ],
)
def test_format_money(amount: Decimal, shown: str) -> None:
    assert format_money(amount) == shown


def test_format_date() -> None:
    assert format_date(date(2025, 5, 1)) == "05/01/2025"
    assert format_date(date(1960, 1, 2)) == "01/02/1960"
