"""Business days: weekdays that are not U.S. federal holidays (observed dates), from the ``holidays`` package."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

_SATURDAY = 5


@lru_cache(maxsize=1)
def _federal_holidays() -> holidays.HolidayBase:
    """U.S. federal holidays with their observed dates (e.g. 12/24/2021 for Christmas on a Saturday).

    The U.S. calendar without a state is the federal calendar; years are filled in on first use.
    (``holidays.financial`` is the NYSE calendar, which is not what CMS counts.)
    """
    return holidays.country_holidays("US", observed=True)


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a U.S. federal holiday or its observed date.

    Source: the MSPRP's "3 business days" (Settlement Information Help, "Cases in Final Conditional
    Payment Process"); CMS business days follow the federal calendar.
    """
    return day.weekday() < _SATURDAY and day not in _federal_holidays()


def add_business_days(day: date, count: int) -> date:
    """The date ``count`` business days after ``day`` (before it when ``count`` is negative).

    Counting starts with the next day: ``add_business_days(friday, 1)`` is the next business day
    (Monday unless it is a holiday). ``count == 0`` returns ``day`` itself.
    """
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day
