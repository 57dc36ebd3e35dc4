"""How much Medicare recovers from a settlement: 42 CFR 411.37, the Fixed Percentage Option, the low-dollar threshold.

Arithmetic is exact (Decimal at 50 significant digits) and rounded to cents once, at the end, half
up; CMS publishes no rounding rule (msp-rules.md section 1), so this is a documented design choice.

MED/PIP/Other exclusions are kept out of the arithmetic: CMS says the recovery is "directly
impacted" by the amount entered but does not publish how (msp-rules.md section 10, "The exact
arithmetic CMS applies to the exclusion amount was NOT FOUND"). An estimate for a notice with
exclusions says so in its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import Literal

from rules_engine import citations
from rules_engine.errors import MissingFactError
from rules_engine.facts import CaseFacts, SettlementNotice
from rules_engine.formatting import format_date, format_money, format_percent, to_cents
from rules_engine.parameters import parameter, value_on

Method = Literal["standard", "fixed_percentage", "below_threshold", "settlement_minus_costs"]

_PRECISION = 50
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RecoveryEstimate:
    """Medicare's estimated recovery and how it was reached (``explanation``: one step per line)."""

    amount: Decimal
    method: Method
    procurement_costs: Decimal
    procurement_ratio: Decimal
    medicare_share_of_costs: Decimal
    steps: tuple[str, ...]
    citation: str

    @property
    def explanation(self) -> str:
        return "\n".join(self.steps)


def procurement_costs(notice: SettlementNotice) -> Decimal:
    """Procurement costs: attorney fees plus other costs borne by the beneficiary (42 CFR 411.37(c)(1)).

    "Attorney Fees" option: fees + expenses, a blank counting as zero. "Attorney Fee Percentage"
    option: settlement x percentage / 100 (Settlement Information Help, Table 2: "The agreed-upon
    percentage of the settlement amount charged by the attorney"). "None", no option, and the Fixed
    Percentage Option: zero (Settlement Details: "processed without Attorney Fees"; the FPO is 25% of
    gross "with no fee reduction").
    """
    if notice.details_option == "attorney_fees":
        return (notice.attorney_fees or _ZERO) + (notice.attorney_expenses or _ZERO)
    if notice.details_option == "attorney_fee_percentage" and notice.settlement_amount is not None:
        return notice.settlement_amount * Decimal(notice.attorney_fee_percentage or 0) / _HUNDRED
    return _ZERO


def _costs_step(notice: SettlementNotice, costs: Decimal) -> str:
    if notice.details_option == "attorney_fees":
        fees, expenses = notice.attorney_fees or _ZERO, notice.attorney_expenses or _ZERO
        return (
            f"Procurement costs: attorney fees {format_money(fees)} + expenses {format_money(expenses)}"
            f" = {format_money(costs)}."
        )
    if notice.details_option == "attorney_fee_percentage":
        return (
            f"Procurement costs: {notice.attorney_fee_percentage}% of {format_money(_settlement(notice))}"
            f" = {format_money(costs)}."
        )
    return "Procurement costs: none entered ($0.00)."


def _settlement(notice: SettlementNotice) -> Decimal:
    if notice.settlement_amount is None or notice.settlement_amount <= 0:
        raise MissingFactError("settlement_amount", "The estimate needs a settlement amount of at least $0.01.")
    return notice.settlement_amount


def _settlement_date(notice: SettlementNotice) -> date:
    if notice.settlement_date is None:
        raise MissingFactError("settlement_date", "The estimate needs the settlement date.")
    return notice.settlement_date


def below_low_dollar_threshold(notice: SettlementNotice, case: CaseFacts) -> bool:
    """Whether CMS will not seek recovery because the settlement is at or under the low-dollar threshold.

    Applies to liability settlements for a physical trauma-based (traumatic) injury only, using the
    threshold in force on the settlement date ($300 from 09/06/2011, $1,000 from 01/01/2014, $750
    from 01/01/2017) and the "$750 or less" comparison (parameter ``low_dollar_threshold_inclusive``).
    Multiple settlements that together exceed it are not exempt, so a case expecting other
    settlements is not treated as below it. Source: CMS low-dollar threshold alerts (msp-rules.md
    section 3).
    """
    if case.case_type != "liability" or notice.injury_type != "traumatic" or case.other_settlements_expected:
        return False
    on = _settlement_date(notice)
    if not parameter("low_dollar_liability_threshold").in_force(on):
        return False
    threshold = value_on("low_dollar_liability_threshold", on)
    amount = _settlement(notice)
    return bool(amount <= threshold if value_on("low_dollar_threshold_inclusive", on) else amount < threshold)


def _with_exclusions_note(notice: SettlementNotice, steps: list[str]) -> tuple[str, ...]:
    if notice.med_pip_exclusions:
        steps.append(
            f"MED/PIP/Other exclusions of {format_money(notice.med_pip_exclusions)} were entered. CMS says they"
            " affect the recovery but does not publish how, so this estimate leaves them out."
        )
    return tuple(steps)


def _below_threshold_estimate(notice: SettlementNotice, costs: Decimal, ratio: Decimal) -> RecoveryEstimate:
    on = _settlement_date(notice)
    steps = [
        f"Settlement: {format_money(_settlement(notice))} on {format_date(on)}, a liability"
        " settlement for a traumatic injury.",
        f"The low-dollar threshold in force then is {format_money(value_on('low_dollar_liability_threshold', on))};"
        " CMS does not seek recovery on a settlement at or under it.",
        "Estimated recovery: $0.00.",
    ]
    return RecoveryEstimate(to_cents(_ZERO), "below_threshold", costs, ratio, _ZERO,
                            _with_exclusions_note(notice, steps), citations.LOW_DOLLAR_THRESHOLD)


def fixed_percentage_recovery(notice: SettlementNotice) -> RecoveryEstimate:
    """Fixed Percentage Option: 25% of the gross settlement, no reduction for fees or costs, whatever
    the conditional payments (MSPRP "Fixed Percentage Option" help; Hedrick Gardner; Franco Signor).
    The rate is looked up on the settlement date (parameter ``fpo_rate``). Eligibility is
    :func:`rules_engine.check_fpo_eligibility`'s business, not this function's."""
    settlement = _settlement(notice)
    rate = value_on("fpo_rate", _settlement_date(notice))
    amount = to_cents(settlement * rate)
    steps = [
        f"Settlement: {format_money(settlement)} (Fixed Percentage Option).",
        f"Medicare recovers {format_percent(rate)} of the gross settlement, with no reduction for attorney"
        " fees or costs, whatever the conditional payments.",
        f"Estimated recovery: {format_money(settlement)} × {format_percent(rate)} = {format_money(amount)}.",
    ]
    return RecoveryEstimate(amount, "fixed_percentage", _ZERO, _ZERO, _ZERO,
                            _with_exclusions_note(notice, steps), citations.FPO_HELP)


def standard_recovery(notice: SettlementNotice, conditional_payments: Decimal) -> RecoveryEstimate:
    """42 CFR 411.37: Medicare's payments reduced by its share of the procurement costs.

    (c) payments less than the settlement: recovery = CP x (1 - P/S), i.e. CP minus CP x P/S.
    (d) payments equal to or more than the settlement: recovery = S - P (method "settlement_minus_costs").
    Costs larger than the settlement give $0.00, never a negative recovery (a guard the regulation
    does not need to state). Sources: msp-rules.md section 1 (Avvo; 1-800-ASK-DAVE; Garretson;
    CMS "Reimbursing Medicare" confirms the 411.37 reduction for beneficiary demands).
    """
    settlement = _settlement(notice)
    costs = procurement_costs(notice)
    with localcontext() as context:
        context.prec = _PRECISION
        ratio = costs / settlement
        steps = [f"Settlement: {format_money(settlement)}.", _costs_step(notice, costs)]
        if conditional_payments < settlement:
            exact = max(conditional_payments * (settlement - costs) / settlement, _ZERO)
            amount = to_cents(exact)
            share = conditional_payments - amount
            steps += [
                f"Medicare's conditional payments ({format_money(conditional_payments)}) are less than the"
                " settlement, so 42 CFR 411.37(c) applies.",
                f"Procurement ratio: {format_money(costs)} ÷ {format_money(settlement)} = {format_percent(ratio)}.",
                f"Medicare's share of the costs: {format_money(conditional_payments)} × {format_percent(ratio)}"
                f" = {format_money(share)}.",
                f"Estimated recovery: {format_money(conditional_payments)} − {format_money(share)} = {format_money(amount)}.",
            ]
            return RecoveryEstimate(amount, "standard", costs, ratio, share,
                                    _with_exclusions_note(notice, steps), citations.CFR_411_37_C)
        amount = to_cents(max(settlement - costs, _ZERO))
        steps += [
            f"Medicare's conditional payments ({format_money(conditional_payments)}) are not less than the"
            " settlement, so 42 CFR 411.37(d) applies: the settlement minus the procurement costs.",
            f"Estimated recovery: {format_money(settlement)} − {format_money(costs)} = {format_money(amount)}.",
        ]
        return RecoveryEstimate(amount, "settlement_minus_costs", costs, ratio, settlement - amount,
                                _with_exclusions_note(notice, steps), citations.CFR_411_37_D)


def estimate_recovery(notice: SettlementNotice, case: CaseFacts) -> RecoveryEstimate:
    """Medicare's estimated recovery for a notice of settlement on a case.

    Order (exceptions first, then the general rule): a liability traumatic-injury settlement at or
    under the low-dollar threshold recovers nothing ("below_threshold"); the Fixed Percentage Option
    recovers 25% of the gross ("fixed_percentage"); otherwise 42 CFR 411.37(c)/(d).

    When the conditional payment amount is unknown (None), the threshold and Fixed Percentage results
    are still given (they do not depend on it); the 411.37 methods cannot be, and
    :class:`~rules_engine.errors.MissingFactError` is raised with ``fact="conditional_payment_amount"``.
    """
    settlement = _settlement(notice)
    if below_low_dollar_threshold(notice, case):
        costs = procurement_costs(notice)
        with localcontext() as context:
            context.prec = _PRECISION
            return _below_threshold_estimate(notice, costs, costs / settlement)
    if notice.details_option == "fixed_percentage":
        return fixed_percentage_recovery(notice)
    if case.conditional_payment_amount is None:
        raise MissingFactError(
            "conditional_payment_amount",
            "The estimate needs Medicare's current conditional payment amount (from the conditional payment letter).",
        )
    return standard_recovery(notice, case.conditional_payment_amount)
