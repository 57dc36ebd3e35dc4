"""Day counts: the Final Conditional Payment windows, CPN response, demand payment, redetermination, interest."""

from __future__ import annotations

from datetime import date, timedelta

from rules_engine.business_days import add_business_days
from rules_engine.parameters import value_on


def _days_after(start: date, parameter_name: str) -> date:
    return start + timedelta(days=value_on(parameter_name, start))


def fcp_last_settlement_date(requested_on: date) -> date:
    """Last settlement date that keeps the Final Conditional Payment amount final.

    Source: Settlement Information Help, "Cases in Final Conditional Payment Process": "Your actual
    settlement date is within 3 business days of requesting your Final Conditional Payment Amount".
    Parameters ``fcp_settlement_window_days`` and ``fcp_settlement_window_day_kind`` (business days,
    per the current MSPRP help; a 2015 CMS alert said calendar days).
    """
    window = value_on("fcp_settlement_window_days", requested_on)
    if value_on("fcp_settlement_window_day_kind", requested_on) == "business":
        return add_business_days(requested_on, window)
    return requested_on + timedelta(days=window)


def fcp_settlement_information_due(requested_on: date) -> date:
    """Last day to submit the settlement information on the MSPRP to keep the Final CP amount final.

    Source: Settlement Information Help, "Cases in Final Conditional Payment Process": "within 30
    calendar days of requesting your Final Conditional Payment Amount" (``fcp_nos_due_days``).
    """
    return _days_after(requested_on, "fcp_nos_due_days")


def fcp_deadlines(requested_on: date) -> tuple[date, date]:
    """``(last_settlement_date, settlement_information_due)`` for a Final Conditional Payment request."""
    return fcp_last_settlement_date(requested_on), fcp_settlement_information_due(requested_on)


def settlement_within_fcp_window(settlement_date: date, requested_on: date) -> bool:
    """Whether the settlement date is on or after the request and no later than the last settlement date.

    A settlement dated before the request is outside the window: the process freezes the amount for
    a settlement still pending when it is requested (Settlement Information Help, Table 1,
    Settlement Date note: otherwise "the case will be voided from the Final Conditional Payment process").
    """
    return requested_on <= settlement_date <= fcp_last_settlement_date(requested_on)


def cpn_response_due(cpn_issued_on: date) -> date:
    """The Conditional Payment Notice response due date: 30 days from the date of the CPN.

    Source: MSPRP "Fixed Percentage Option" help (``cpn_response_days``).
    """
    return _days_after(cpn_issued_on, "cpn_response_days")


def nos_review_due(submitted_on: date) -> date:
    """When CMS should have reviewed the settlement information: "Please allow 20 days" (Settlement
    Information Help, Next Steps; ``nos_review_days``)."""
    return _days_after(submitted_on, "nos_review_days")


def demand_payment_due(demand_date: date) -> date:
    """Pay within 60 days of the date of the demand letter to avoid interest (MSPRP NOSConfirm; CMS
    "Reimbursing Medicare"; ``demand_payment_days``). The MSPRP redetermination help's 30-day wording
    is not followed (see the parameter's documentation)."""
    return _days_after(demand_date, "demand_payment_days")


def redetermination_due(demand_date: date) -> date:
    """Last day to file a redetermination: 120 days from receipt, receipt presumed 5 days after the
    demand's mail date, i.e. 125 calendar days (MSPRP "Redetermination (First Level Appeal)
    Submission"; ``redetermination_receipt_days`` + ``presumed_mailing_days``)."""
    days = value_on("redetermination_receipt_days", demand_date) + value_on("presumed_mailing_days", demand_date)
    return demand_date + timedelta(days=days)


def demand_deadlines(demand_date: date) -> tuple[date, date]:
    """``(payment_due, redetermination_due)``: 60 and 125 calendar days after the demand date."""
    return demand_payment_due(demand_date), redetermination_due(demand_date)


def interest_periods(demand_date: date, paid_on: date) -> int:
    """Full 30-day interest periods charged when the demand is paid on ``paid_on``.

    Interest accrues from the date of the demand letter but is assessed only if the debt is not paid
    within the demand's payment period (60 days); it is then charged "for each full 30-day period the
    debt remains unresolved" (CMS "Reimbursing Medicare"; MSPRP NOSConfirm). Paid by the due date: 0.
    """
    if paid_on <= demand_payment_due(demand_date):
        return 0
    period: int = value_on("interest_period_days", demand_date)
    return (paid_on - demand_date).days // period


def treasury_referral_possible_from(demand_date: date) -> date:
    """First day an unpaid demand may be referred to the Treasury: more than 120 days delinquent after
    the payment due date (CLM, medium confidence; older HHS/Treasury rules say 180 days; see the
    ``treasury_referral_delinquency_days`` parameter)."""
    due = demand_payment_due(demand_date)
    return due + timedelta(days=value_on("treasury_referral_delinquency_days", demand_date) + 1)
