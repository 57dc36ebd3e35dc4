"""Fixtures for the rules engine tests: a fixed "today", a liability case and a valid notice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, Callable

import pytest

from rules_engine import CaseFacts, SettlementNotice

from engine_support import TODAY


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def case() -> CaseFacts:
    return CaseFacts(
        case_type="liability",
        debtor="beneficiary",
        date_of_incident=date(2024, 1, 15),
        submitter_role="attorney",
        other_settlements_expected=False,
        conditional_payment_amount=Decimal("10000.00"),
    )


@pytest.fixture
def notice() -> SettlementNotice:
    """A notice that passes every rule on ``case`` at ``TODAY``."""
    return SettlementNotice(
        injury_type="traumatic",
        settlement_amount=Decimal("100000.00"),
        settlement_date=date(2025, 3, 3),
        details_option="attorney_fees",
        attorney_fees=Decimal("40000.00"),
        attorney_expenses=Decimal("5000.00"),
        confirmed=True,
    )


@pytest.fixture
def fpo_notice(notice: SettlementNotice) -> SettlementNotice:
    """A Fixed Percentage Option notice that passes every rule on ``case`` at ``TODAY``."""
    return replace(notice, settlement_amount=Decimal("8000.00"), details_option="fixed_percentage",
                   attorney_fees=None, attorney_expenses=None)


@pytest.fixture
def with_case(case: CaseFacts) -> Callable[..., CaseFacts]:
    def build(**changes: Any) -> CaseFacts:
        return replace(case, **changes)

    return build
