"""parse_amount: a dollar amount from a user's answer."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from price_parser import Price

from rules_engine.errors import AnswerError
from rules_engine.formatting import CENT
from rules_engine.number_words import NumberRun, find_numbers

#: Currency marks price-parser may report that still mean U.S. dollars.
_DOLLAR_MARKS = {"$", "usd", "us$"}
#: A minus sign or word right before the number (after an optional "$").
_NEGATIVE_BEFORE = re.compile(r"(?:-|\u2212|\bminus|\bnegative)\s*\$?\s*$", re.IGNORECASE)

NO_AMOUNT = "I couldn't find an amount in that. Please give it in dollars, like 8,000.00."
SEVERAL_AMOUNTS = "That looks like more than one amount. Please give just one amount, like 8,000.00."
TOO_MANY_DECIMALS = "Amounts can have at most two digits after the decimal point (cents), like 8,000.50."
NEGATIVE = "The amount can't be negative. Please give it as a positive number of dollars, like 8,000.00."
NOT_DOLLARS = "Please give the amount in U.S. dollars, like 8,000.00."
UNREADABLE = "I couldn't read {text!r} as an amount. Please write it like 8,000.00 or 8000."


def _only_run(text: str) -> NumberRun:
    runs = find_numbers(text)
    if not runs:
        raise AnswerError(NO_AMOUNT)
    if len(runs) > 1:
        raise AnswerError(SEVERAL_AMOUNTS)
    return runs[0]


def _foreign_currency(text: str) -> bool:
    """Whether price-parser finds a currency other than dollars, written as a symbol or a whole word
    (its matching also finds "kn" inside "know", which is not a currency)."""
    currency = Price.fromstring(text).currency
    if currency is None or currency.lower() in _DOLLAR_MARKS:
        return False
    return not currency.isalpha() or re.search(rf"\b{re.escape(currency)}\b", text) is not None


def parse_amount(text: str) -> Decimal:
    """Read one dollar amount; the result has exactly two decimal places.

    Accepts "10000", "10,000", "10,000.00", "$10,000", "10k", "8,000.5", "eight thousand dollars",
    "eight thousand five hundred", "$1.2 million". Raises :class:`AnswerError` when there is no
    number, more than one, more than two decimal places (cents), a negative amount, or another
    currency. Source of the format: Settlement Information Help, Table 1, Settlement Amount, Data Entry
    Requirements ("decimals and commas are optional ... the MSPRP will store the amount with zero
    cents"). The bot accepts a "$" although the MSPRP form does not: it strips it for the user.
    """
    run = _only_run(text)
    if _foreign_currency(text):
        raise AnswerError(NOT_DOLLARS)
    if run.malformed:
        raise AnswerError(UNREADABLE.format(text=text[run.start:run.end]))
    if _NEGATIVE_BEFORE.search(text[: run.start]):
        raise AnswerError(NEGATIVE)
    try:
        cents = run.value.quantize(CENT)
    except InvalidOperation:  # more digits than Decimal's precision: not a real amount
        raise AnswerError(UNREADABLE.format(text=text[run.start:run.end])) from None
    if (not run.scaled and run.fraction_digits > 2) or run.value != cents:
        raise AnswerError(TOO_MANY_DECIMALS)
    return cents
