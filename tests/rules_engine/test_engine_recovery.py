"""Recovery estimates: 42 CFR 411.37(c)/(d), the Fixed Percentage Option, the low-dollar threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rules_engine import CaseFacts, MissingFactError, SettlementNotice, estimate_recovery
from rules_engine import recovery

D = Decimal
CASES = yaml.safe_load((Path(__file__).parent / "recovery_cases.yaml").read_text(encoding="utf-8"))


def _decimal_fields(values: dict[str, Any]) -> dict[str, Any]:
    money = {"settlement_amount", "attorney_fees", "attorney_expenses", "conditional_payment_amount", "med_pip_exclusions"}
    return {key: D(value) if key in money and value is not None else value for key, value in values.items()}


@pytest.mark.parametrize("example", CASES, ids=[example["name"] for example in CASES])
def test_declarative_recovery_cases(example: dict, notice: SettlementNotice, case: CaseFacts) -> None:
    estimate = estimate_recovery(replace(notice, **_decimal_fields(example["notice"])),
                                 replace(case, **_decimal_fields(example["case"])))
    for key, expected in example["expected"].items():
        actual = getattr(estimate, key)
        assert (str(actual) if key == "method" else actual) == (expected if key == "method" else D(expected)), key


def test_avvo_example_exact(notice: SettlementNotice, case: CaseFacts) -> None:
    estimate = estimate_recovery(notice, case)
    assert estimate.amount == D("5500.00")
    assert estimate.procurement_ratio == D("0.45")
    assert estimate.explanation.splitlines() == [
        "Settlement: $100,000.00.",
        "Procurement costs: attorney fees $40,000.00 + expenses $5,000.00 = $45,000.00.",
        "Medicare's conditional payments ($10,000.00) are less than the settlement, so 42 CFR 411.37(c) applies.",
        "Procurement ratio: $45,000.00 ÷ $100,000.00 = 45.00%.",
        "Medicare's share of the costs: $10,000.00 × 45.00% = $4,500.00.",
        "Estimated recovery: $10,000.00 − $4,500.00 = $5,500.00.",
    ]
    assert "411.37(c)" in estimate.citation


def test_bottaro_published_7900_is_not_reproduced(notice: SettlementNotice, case: CaseFacts) -> None:
    """Must-not: Bottaro Law publishes 7,900 for a 100,000 settlement, 30,000 fees, 5,000 costs and
    CP 10,000; the formula it states gives 6,500."""
    bottaro = replace(notice, attorney_fees=D("30000"), attorney_expenses=D("5000"))
    amount = estimate_recovery(bottaro, case).amount
    assert amount == D("6500.00")
    assert amount != D("7900")


def test_fpo_ignores_fees_and_conditional_payments(fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    estimate = estimate_recovery(fpo_notice, replace(case, conditional_payment_amount=None))
    assert (estimate.amount, estimate.method) == (D("2000.00"), "fixed_percentage")
    assert "25.00% of the gross settlement" in estimate.explanation


def test_below_threshold_takes_precedence_over_fpo(fpo_notice: SettlementNotice, case: CaseFacts) -> None:
    estimate = estimate_recovery(replace(fpo_notice, settlement_amount=D("750")), case)
    assert (estimate.amount, estimate.method) == (D("0.00"), "below_threshold")
    assert "$750.00" in estimate.explanation


@pytest.mark.parametrize(
    "settled, amount, below",
    [
        (date(2016, 12, 31), D("1000.00"), True),
        (date(2016, 12, 31), D("1000.01"), False),
        (date(2017, 1, 1), D("750.00"), True),
        (date(2017, 1, 1), D("750.01"), False),
        (date(2017, 1, 1), D("1000.00"), False),
        (date(2011, 9, 6), D("300.00"), True),
        (date(2011, 9, 5), D("300.00"), False),  # no threshold yet
    ],
)
def test_low_dollar_threshold_by_settlement_date(settled: date, amount: Decimal, below: bool, case: CaseFacts) -> None:
    notice = SettlementNotice("traumatic", amount, settled, "none", confirmed=True)
    old_case = replace(case, date_of_incident=date(2010, 1, 1), conditional_payment_amount=D("100"))
    assert (estimate_recovery(notice, old_case).method == "below_threshold") is below


@pytest.mark.parametrize(
    "injury, case_type, others",
    [("non_physical_trauma", "liability", False), ("traumatic", "no_fault", False), ("traumatic", "liability", True)],
)
def test_threshold_only_for_single_liability_trauma_settlements(injury: str, case_type: str, others: bool,
                                                                case: CaseFacts) -> None:
    notice = SettlementNotice(injury, D("500"), date(2025, 3, 3), "none")
    chosen = replace(case, case_type=case_type, other_settlements_expected=others, conditional_payment_amount=D("100"))
    assert estimate_recovery(notice, chosen).method == "standard"


def test_strict_threshold_comparison_when_the_parameter_says_so(monkeypatch: pytest.MonkeyPatch,
                                                                case: CaseFacts) -> None:
    real = recovery.value_on
    monkeypatch.setattr(recovery, "value_on",
                        lambda name, on: False if name == "low_dollar_threshold_inclusive" else real(name, on))
    notice = SettlementNotice("traumatic", D("750"), date(2025, 3, 3), "none")
    assert estimate_recovery(notice, replace(case, conditional_payment_amount=D("100"))).method == "standard"
    assert estimate_recovery(replace(notice, settlement_amount=D("749.99")), case).method == "below_threshold"


def test_costs_above_the_settlement_recover_nothing(notice: SettlementNotice, case: CaseFacts) -> None:
    costly = replace(notice, attorney_fees=D("90000"), attorney_expenses=D("20000"))
    estimate = estimate_recovery(costly, case)
    assert (estimate.amount, estimate.medicare_share_of_costs) == (D("0.00"), D("10000.00"))
    high_cp = estimate_recovery(costly, replace(case, conditional_payment_amount=D("200000")))
    assert (high_cp.amount, high_cp.method) == (D("0.00"), "settlement_minus_costs")


def test_rounding_once_half_up(case: CaseFacts) -> None:
    # 0.03 x (3 - 1) / 3 = 0.02 exactly; 10 x 2/3 = 6.666... -> 6.67; 0.05 x 1/2 = 0.025 -> 0.03
    notice = SettlementNotice("non_physical_trauma", D("3"), date(2025, 3, 3), "attorney_fees", attorney_fees=D("1"))
    assert estimate_recovery(notice, replace(case, conditional_payment_amount=D("0.03"))).amount == D("0.02")
    big = SettlementNotice("traumatic", D("3000"), date(2025, 3, 3), "attorney_fees", attorney_fees=D("1000"))
    assert estimate_recovery(big, replace(case, conditional_payment_amount=D("1000"))).amount == D("666.67")
    half = SettlementNotice("non_physical_trauma", D("2"), date(2025, 3, 3), "attorney_fees", attorney_fees=D("1"))
    assert estimate_recovery(half, replace(case, conditional_payment_amount=D("0.05"))).amount == D("0.03")


def test_exclusions_are_noted_not_computed(notice: SettlementNotice, case: CaseFacts) -> None:
    with_exclusions = estimate_recovery(replace(notice, med_pip_exclusions=D("5000")), case)
    assert with_exclusions.amount == estimate_recovery(notice, case).amount
    assert "MED/PIP/Other exclusions of $5,000.00" in with_exclusions.explanation


def test_percentage_and_none_explanations(notice: SettlementNotice, case: CaseFacts) -> None:
    percent = replace(notice, details_option="attorney_fee_percentage", attorney_fees=None, attorney_expenses=None,
                      attorney_fee_percentage=40)
    assert "Procurement costs: 40% of $100,000.00 = $40,000.00." in estimate_recovery(percent, case).explanation
    plain = replace(notice, details_option=None)
    estimate = estimate_recovery(plain, case)
    assert estimate.amount == D("10000.00") and "none entered" in estimate.explanation


@pytest.mark.parametrize(
    "changes, case_changes, fact",
    [
        ({}, {"conditional_payment_amount": None}, "conditional_payment_amount"),
        ({"settlement_amount": None}, {}, "settlement_amount"),
        ({"settlement_amount": D("0")}, {}, "settlement_amount"),
        ({"settlement_date": None}, {}, "settlement_date"),
    ],
)
def test_missing_facts(changes: dict, case_changes: dict, fact: str, notice: SettlementNotice, case: CaseFacts) -> None:
    with pytest.raises(MissingFactError) as raised:
        estimate_recovery(replace(notice, **changes), replace(case, **case_changes))
    assert raised.value.fact == fact and raised.value.message


def test_standard_method_needs_no_settlement_date_off_the_threshold(notice: SettlementNotice, case: CaseFacts) -> None:
    no_fault = replace(case, case_type="no_fault")
    assert estimate_recovery(replace(notice, settlement_date=None), no_fault).amount == D("5500.00")


cents = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2)
costs = st.decimals(min_value=D("0"), max_value=D("1500000"), places=2)


def _notice(settlement: Decimal, fees: Decimal, expenses: Decimal) -> SettlementNotice:
    return SettlementNotice("non_physical_trauma", settlement, date(2025, 3, 3), "attorney_fees",
                            attorney_fees=fees, attorney_expenses=expenses)


def _case(conditional_payments: Decimal) -> CaseFacts:
    return CaseFacts("liability", "beneficiary", date(2024, 1, 1), "attorney",
                     conditional_payment_amount=conditional_payments)


@settings(max_examples=300, deadline=None)
@given(cents, costs, costs, st.decimals(min_value=D("0"), max_value=D("2000000"), places=2))
def test_recovery_is_never_negative_nor_above_the_cap_of_its_rule(settlement, fees, expenses, cp) -> None:
    estimate = estimate_recovery(_notice(settlement, fees, expenses), _case(cp))
    assert estimate.amount >= 0
    assert estimate.amount == estimate.amount.quantize(D("0.01"))
    if cp < settlement:  # 42 CFR 411.37(c)
        assert estimate.method == "standard" and estimate.amount <= cp
    else:  # 42 CFR 411.37(d)
        assert estimate.method == "settlement_minus_costs" and estimate.amount <= settlement


@settings(max_examples=300, deadline=None)
@given(cents, costs, costs, st.decimals(min_value=D("0.01"), max_value=D("1000"), places=2), cents)
def test_recovery_never_rises_when_fees_rise(settlement, fees, expenses, raise_by, cp) -> None:
    before = estimate_recovery(_notice(settlement, fees, expenses), _case(cp)).amount
    after = estimate_recovery(_notice(settlement, fees + raise_by, expenses), _case(cp)).amount
    assert after <= before


@settings(max_examples=100, deadline=None)
@given(cents, st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99), cents)
def test_recovery_never_rises_when_the_fee_percentage_rises(settlement, low, step, cp) -> None:
    def amount(percentage: int) -> Decimal:
        notice = SettlementNotice("non_physical_trauma", settlement, date(2025, 3, 3), "attorney_fee_percentage",
                                  attorney_fee_percentage=percentage)
        return estimate_recovery(notice, _case(cp)).amount

    assert amount(min(low + step, 100)) <= amount(low)
