"""Speed of the two calls the bot makes on every settlement turn (run by `make bench`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pytest_benchmark.fixture import BenchmarkFixture

from rules_engine import CaseFacts, SettlementNotice, estimate_recovery, validate_settlement

TODAY = date(2025, 5, 7)
CASE = CaseFacts(
    case_type="liability",
    debtor="beneficiary",
    date_of_incident=date(2024, 1, 15),
    submitter_role="attorney",
    fcp_requested_on=date(2025, 4, 30),
    cpn_issued_on=date(2025, 4, 20),
    other_settlements_expected=False,
    conditional_payment_amount=Decimal("10000.00"),
)
NOTICE = SettlementNotice(
    injury_type="traumatic",
    settlement_amount=Decimal("100000.00"),
    settlement_date=date(2025, 5, 2),
    details_option="attorney_fees",
    attorney_fees=Decimal("40000.00"),
    attorney_expenses=Decimal("5000.00"),
    confirmed=True,
)


def test_validate_settlement(benchmark: BenchmarkFixture) -> None:
    verdict = benchmark(validate_settlement, NOTICE, CASE, today=TODAY)
    assert verdict.ok


def test_estimate_recovery(benchmark: BenchmarkFixture) -> None:
    estimate = benchmark(estimate_recovery, NOTICE, CASE)
    assert estimate.amount == Decimal("5500.00")
