"""Fixed Percentage Option eligibility: every criterion of msp-rules.md section 2, each on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

import pytest

from rules_engine import SettlementNotice, check_fpo_eligibility

from engine_support import TODAY


def fpo_codes(notice: SettlementNotice, case, today: date = TODAY) -> set[tuple[str, str]]:
    return {(v.field, v.code) for v in check_fpo_eligibility(notice, case, today=today).violations}


def test_an_eligible_case(fpo_notice: SettlementNotice, case) -> None:
    verdict = check_fpo_eligibility(fpo_notice, case, today=TODAY)
    assert verdict.ok and verdict.violations == ()


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"case_type": "no_fault"}, ("case", "fpo_not_liability")),
        ({"case_type": "workers_compensation"}, ("case", "fpo_not_liability")),
        ({"debtor": "applicable_plan"}, ("case", "fpo_beneficiary_debtor_only")),
        ({"demand_issued_on": date(2025, 4, 1)}, ("case", "fpo_demand_already_issued")),
        ({"other_settlements_expected": True}, ("case", "fpo_other_settlements_expected")),
        ({"other_settlements_expected": None}, ("case", "fpo_other_settlements_unknown")),
    ],
)
def test_each_case_criterion(changes: dict, expected: tuple, fpo_notice: SettlementNotice,
                             with_case: Callable) -> None:
    assert fpo_codes(fpo_notice, with_case(**changes)) == {expected}


def test_messages_name_the_case_type(fpo_notice: SettlementNotice, with_case: Callable) -> None:
    for case_type, word in (("no_fault", "no-fault"), ("workers_compensation", "workers' compensation")):
        (violation,) = check_fpo_eligibility(fpo_notice, with_case(case_type=case_type), today=TODAY).violations
        assert f"this is a {word} case" in violation.message


@pytest.mark.parametrize("days_since_cpn, ok", [(30, True), (31, False)])
def test_elected_by_the_cpn_response_due_date(days_since_cpn: int, ok: bool, fpo_notice: SettlementNotice,
                                              with_case: Callable) -> None:
    case = with_case(cpn_issued_on=TODAY - timedelta(days=days_since_cpn))
    assert (fpo_codes(fpo_notice, case) == set()) is ok


def test_notice_criteria(fpo_notice: SettlementNotice, case) -> None:
    notice = replace(fpo_notice, injury_type="non_physical_trauma", settlement_amount=Decimal("10000.01"),
                     med_pip_exclusions=Decimal("100"))
    assert fpo_codes(notice, case) == {
        ("injury_type", "fpo_requires_traumatic_injury"),
        ("settlement_amount", "fpo_over_cap"),
        ("med_pip_exclusions", "fpo_exclusions_not_allowed"),
    }


@pytest.mark.parametrize("amount, ok", [(Decimal("10000.00"), True), (Decimal("10000.01"), False)])
def test_cap_edge(amount: Decimal, ok: bool, fpo_notice: SettlementNotice, case) -> None:
    assert (fpo_codes(replace(fpo_notice, settlement_amount=amount), case) == set()) is ok


@pytest.mark.parametrize("today, ok", [(date(2011, 11, 7), True), (date(2011, 11, 6), False)])
def test_option_exists_from_11_07_2011(today: date, ok: bool, fpo_notice: SettlementNotice, case) -> None:
    notice = replace(fpo_notice, settlement_amount=Decimal("5000"), settlement_date=date(2011, 6, 1))
    old_case = replace(case, date_of_incident=date(2011, 1, 1))
    found = fpo_codes(notice, old_case, today)
    assert (found == set()) is ok
    if not ok:
        assert found == {("details_option", "fpo_not_available")}


def test_every_failure_is_its_own_violation(fpo_notice: SettlementNotice, with_case: Callable) -> None:
    case = with_case(case_type="no_fault", debtor="applicable_plan", demand_issued_on=date(2025, 1, 1),
                     cpn_issued_on=date(2025, 1, 1), other_settlements_expected=True)
    notice = replace(fpo_notice, injury_type="non_physical_trauma", settlement_amount=Decimal("20000"),
                     med_pip_exclusions=Decimal("0"))
    verdict = check_fpo_eligibility(notice, case, today=TODAY)
    assert len(verdict.violations) == 8 == len(set(verdict.codes))
    assert all(v.citation for v in verdict.violations)
