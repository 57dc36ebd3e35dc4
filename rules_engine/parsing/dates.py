"""parse_date: a calendar date from a user's answer, relative to a given "today" (never the clock)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from rules_engine.errors import AnswerError
from rules_engine.formatting import format_date
from rules_engine.number_words import replace_number_words
from rules_engine.parameters import value_on

NOT_A_DATE = "I couldn't read that as a date. Please give it as month/day/year, like 05/01/2025."
NOT_REAL = "{text} isn't a real date. Please give it as month/day/year, like 05/01/2025."
NOT_SPECIFIC = "Please give the exact day, like 05/01/2025."
NEEDS_YEAR = "I'm not sure which year you mean for {text}. Please include the year, like {example}."

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_US_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_LAST_WEEKDAY = re.compile(r"\b(?:last|past|previous)\s+(" + "|".join(_WEEKDAYS) + r")\b")
_EXPLICIT_YEAR = re.compile(r"\b\d{4}\b|'\d{2}\b")
_ABSOLUTE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{1,2}/\d{1,2}\b")
_AGO = re.compile(r"\bago\b")


@lru_cache(maxsize=8)
def _parser(today: date) -> DateDataParser:
    """dateparser set for U.S. month-first dates, read relative to ``today``, preferring the past."""
    settings = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "DATE_ORDER": "MDY",
        "PREFER_DATES_FROM": "past",
    }
    return DateDataParser(languages=["en"], settings=settings)


def _two_digit_year(year: int, today: date) -> int:
    """'25' -> 2025 unless that is after this year, then 1925 (dates we ask for are in the past)."""
    return 2000 + year if 2000 + year <= today.year else 1900 + year


def _real_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise AnswerError(NOT_REAL.format(text=text)) from None


def _numeric_date(text: str, today: date) -> date | None:
    """ISO (2025-03-03) and U.S. month-first (3/3/2025, 03-03-25) forms, read strictly."""
    iso = _ISO.search(text)
    if iso:
        return _real_date(int(iso[1]), int(iso[2]), int(iso[3]), iso[0])
    us = _US_NUMERIC.search(text)
    if us:
        year = int(us[3]) if len(us[3]) == 4 else _two_digit_year(int(us[3]), today)
        return _real_date(year, int(us[1]), int(us[2]), us[0])
    return None


def _last_weekday(text: str, today: date) -> date | None:
    """'last Friday' -> the most recent Friday strictly before today (dateparser does not read it)."""
    match = _LAST_WEEKDAY.search(text)
    if not match:
        return None
    back = (today.weekday() - _WEEKDAYS.index(match[1])) % 7 or 7
    return today - timedelta(days=back)


def _check_year_window(result: date, text: str, today: date) -> None:
    """A date named without a year must fall within the window parameter of today (else ask for the year)."""
    window = timedelta(days=value_on("undated_date_window_days", today))
    if abs(result - today) > window:
        raise AnswerError(NEEDS_YEAR.format(text=f"\"{text}\"", example=format_date(result)))


def parse_date(text: str, *, today: date) -> date:
    """Read one date: "March 3, 2025", "3/3/2025" (month first), "2025-03-03", "yesterday",
    "last Friday", "two weeks ago". Raises :class:`AnswerError` for text that is not a date, an
    impossible date ("13/13/2025"), a vague one ("last month", "March 2025"), or a date given without a
    year that falls far from ``today`` (see the ``undated_date_window_days`` parameter).

    The U.S. order (month first) is the MSPRP's: "Date must be greater than 01/01/1960" (Settlement
    Information Help, Table 1, Settlement Date). Range rules (after 1960, not after today) belong to
    the validators, not to the parser.
    """
    cleaned = " ".join(text.lower().split()).strip(" .,")
    if not cleaned or cleaned.isdigit():
        raise AnswerError(NOT_A_DATE)
    found = _numeric_date(cleaned, today) or _last_weekday(cleaned, today)
    if found is not None:
        return found
    data = _parser(today).get_date_data(replace_number_words(cleaned))
    if data.date_obj is None:
        raise AnswerError(NOT_A_DATE)
    if not (data.period == "day" or (data.period == "week" and _AGO.search(cleaned))):
        raise AnswerError(NOT_SPECIFIC)
    result: date = data.date_obj.date()
    if _ABSOLUTE.search(cleaned) and not _EXPLICIT_YEAR.search(cleaned):
        _check_year_window(result, text.strip(), today)
    return result
