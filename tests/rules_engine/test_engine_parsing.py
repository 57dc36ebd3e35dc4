"""Reading answers: amounts, dates, percentages and MBIs; and parse -> format -> parse stability."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules_engine import (
    AnswerError,
    format_date,
    format_money,
    normalize_mbi,
    parse_amount,
    parse_date,
    parse_percentage,
)
from rules_engine.number_words import find_numbers, iter_word_values, replace_number_words

TODAY = date(2025, 5, 7)  # a Wednesday


@pytest.mark.parametrize(
    "text, amount",
    [
        ("10000", "10000.00"),
        ("10,000", "10000.00"),
        ("10,000.00", "10000.00"),
        ("$10,000", "10000.00"),
        ("10k", "10000.00"),
        ("10K", "10000.00"),
        ("8,000.5", "8000.50"),
        ("eight thousand dollars", "8000.00"),
        ("eight thousand five hundred", "8500.00"),
        ("$1.2 million", "1200000.00"),
        ("a million dollars", "1000000.00"),
        ("twelve hundred", "1200.00"),
        ("one hundred and five", "105.00"),
        ("twenty-one thousand", "21000.00"),
        ("8 thousand", "8000.00"),
        ("1.2345k", "1234.50"),
        ("it was about $8,000.00 I think", "8000.00"),
        ("USD 5,000", "5000.00"),
        ("0.01", "0.01"),
        (".5", "0.50"),
        ("8000.", "8000.00"),
        ("zero", "0.00"),
    ],
)
def test_amounts_read(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)
    assert parse_amount(text).as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "couldn't find an amount"),
        ("no idea", "couldn't find an amount"),
        ("8000 or 9000", "more than one amount"),
        ("8000-9000", "more than one amount"),
        ("eight thousand or nine thousand", "more than one amount"),
        ("1.234", "two digits after the decimal point"),
        ("8,000.505", "two digits after the decimal point"),
        ("1.2345678 thousand", "two digits after the decimal point"),
        ("-500", "negative"),
        ("$-500", "negative"),
        ("minus 500", "negative"),
        ("10,00", "couldn't read"),
        ("9" * 40, "couldn't read"),
        ("€500", "U.S. dollars"),
        ("500 EUR", "U.S. dollars"),
    ],
)
def test_amounts_refused(text: str, reason: str) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_amount(text)
    assert reason in raised.value.message
    assert str(raised.value) == raised.value.message


def test_no_amount_message_is_plain() -> None:
    with pytest.raises(AnswerError) as raised:
        parse_amount("I don't know")
    assert raised.value.message == "I couldn't find an amount in that. Please give it in dollars, like 8,000.00."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("March 3, 2025", date(2025, 3, 3)),
        ("3/3/2025", date(2025, 3, 3)),
        ("03-03-2025", date(2025, 3, 3)),
        ("2025-03-03", date(2025, 3, 3)),
        ("on 05/01/25", date(2025, 5, 1)),
        ("12/31/99", date(1999, 12, 31)),
        ("1/2/2025", date(2025, 1, 2)),  # month first
        ("yesterday", date(2025, 5, 6)),
        ("today", TODAY),
        ("last Friday", date(2025, 5, 2)),
        ("last wednesday", date(2025, 4, 30)),  # strictly before today, a Wednesday
        ("two weeks ago", date(2025, 4, 23)),
        ("twenty-one days ago", date(2025, 4, 16)),
        ("3 days ago", date(2025, 5, 4)),
        ("March 3", date(2025, 3, 3)),
        ("3rd of March 2024", date(2024, 3, 3)),
        ("December 25", date(2024, 12, 25)),
        ("3/3", date(2025, 3, 3)),
    ],
)
def test_dates_read(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "couldn't read that as a date"),
        ("hello", "couldn't read that as a date"),
        ("8000", "couldn't read that as a date"),
        ("13/13/2025", "isn't a real date"),
        ("14/3/2025", "isn't a real date"),  # month first: there is no month 14
        ("2/30/2025", "isn't a real date"),
        ("2025-02-30", "isn't a real date"),
        ("March 2025", "exact day"),
        ("last month", "exact day"),
        ("last week", "exact day"),
        ("two years ago", "exact day"),
        ("June 10", "include the year"),
    ],
)
def test_dates_refused(text: str, reason: str) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_date(text, today=TODAY)
    assert reason in raised.value.message


def test_year_less_date_window_edges() -> None:
    """Parameter undated_date_window_days (183): inside the window accepted, one day beyond refused."""
    today = date(2025, 7, 3)
    assert parse_date("January 1", today=today) == date(2025, 1, 1)  # 183 days back
    with pytest.raises(AnswerError, match="include the year"):
        parse_date("December 31", today=today)  # 2024-12-31 is 184 days back
    assert parse_date("December 31, 2024", today=today) == date(2024, 12, 31)


def test_future_dates_are_the_validators_business() -> None:
    assert parse_date("tomorrow", today=TODAY) == date(2025, 5, 8)


@pytest.mark.parametrize(
    "text, percentage",
    [
        ("33", 33), ("33%", 33), ("33 %", 33), ("33 percent", 33), ("33 per cent", 33),
        ("a third", 33), ("one third", 33), ("One-Third", 33), ("half", 50), ("a quarter", 25),
        ("thirty-three percent", 33), ("forty", 40), ("100", 100), ("0", 0), ("33.0", 33),
    ],
)
def test_percentages_read(text: str, percentage: int) -> None:
    assert parse_percentage(text) == percentage


@pytest.mark.parametrize(
    "text, reason",
    [
        ("33.5", "whole number"),
        ("33 1/3%", "whole number"),
        ("33 or 40", "more than one"),
        ("-5", "negative"),
        ("none", "couldn't find a percentage"),
    ],
)
def test_percentages_refused(text: str, reason: str) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_percentage(text)
    assert reason in raised.value.message


@pytest.mark.parametrize("text", ["1EG4-TE5-MK73", "1eg4te5mk73", " 1EG4 TE5 MK73 ", "9A09A09AA99"])
def test_mbi_normalized(text: str) -> None:
    assert normalize_mbi(text) in {"1EG4TE5MK73", "9A09A09AA99"}


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1EG4-TE5-MK7", "11 letters and numbers"),
        ("1EG4-TE5-MK733", "11 letters and numbers"),
        ("1SG4TE5MK73", "never uses the letters"),
        ("1EG4TE5MK7O", "never uses the letters"),
        ("0EG4TE5MK73", "doesn't look like"),  # position 1 is 1-9
        ("11G4TE5MK73", "doesn't look like"),  # position 2 is a letter
        ("1EGATE5MK73", "doesn't look like"),  # position 4 is a digit
    ],
)
def test_mbi_refused(text: str, reason: str) -> None:
    with pytest.raises(AnswerError) as raised:
        normalize_mbi(text)
    assert reason in raised.value.message


def test_number_words_helpers() -> None:
    assert dict(iter_word_values())["ninety"] == 90
    assert replace_number_words("twenty one days ago, 3 weeks") == "21 days ago, 3 weeks"
    (run,) = find_numbers("about 10k")
    assert (run.value, run.scaled, run.has_words) == (Decimal(10000), True, False)
    assert len(find_numbers("five five")) == 2
    assert find_numbers("thousand") == []


money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("999999999.99"), places=2)


@settings(max_examples=200, deadline=None)
@given(money)
def test_amount_parse_format_parse_is_stable(amount: Decimal) -> None:
    shown = format_money(amount)
    assert parse_amount(shown) == amount
    assert format_money(parse_amount(shown)) == shown


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_parse_format_parse_is_stable(day: date) -> None:
    shown = format_date(day)
    assert parse_date(shown, today=TODAY) == day
    assert format_date(parse_date(shown, today=TODAY)) == shown


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=30))
def test_days_ago_in_words_or_digits(days: int) -> None:
    assert parse_date(f"{days} days ago", today=TODAY) == TODAY - timedelta(days=days)
