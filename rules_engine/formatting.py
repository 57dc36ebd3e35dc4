"""How money and dates are shown to users: the MSPRP's own formats ($8,000.00 and MM/DD/YYYY)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> Decimal:
    """Round an exact amount to cents, half up (the one rounding step of every money result)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """``Decimal("8000") -> "$8,000.00"``; negative amounts as ``"-$5.00"``.

    Source: the MSPRP shows and stores amounts with cents (Settlement Information Help, Table 1,
    Settlement Amount: "the MSPRP will store the amount with zero cents").
    """
    cents = to_cents(amount)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def format_date(day: date) -> str:
    """``date(2025, 5, 1) -> "05/01/2025"`` (MM/DD/YYYY, as the MSPRP writes dates, e.g. "01/01/1960")."""
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def format_percent(ratio: Decimal) -> str:
    """A ratio as a percentage with two decimals, for explanations only: ``0.45 -> "45.00%"``."""
    return f"{to_cents(ratio * 100)}%"
