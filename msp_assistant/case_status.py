"""Case status as an attorney or beneficiary reads it, and the next thing they should do.

Every date and amount comes from the case store and the rules engine's deadline rules: payment due 60
days after the demand, redetermination within 125 days, the Final Conditional Payment windows (3
business days to settle, 30 calendar days to report), the CPN response window (30 days).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from msp_assistant.case_state import CaseState
from rules_engine import (
    cpn_response_due,
    demand_deadlines,
    fcp_deadlines,
    format_date,
    format_money,
)

PHASE_DESCRIPTIONS = {
    "conditional_payment": "Medicare is identifying its conditional payments (no demand yet)",
    "final_conditional_payment": "in the Final Conditional Payment process (the amount is frozen)",
    "demand": "a demand letter has been issued",
    "closed": "closed",
}
CASE_TYPE_NAMES = {
    "liability": "liability insurance",
    "no_fault": "no-fault insurance",
    "workers_compensation": "workers' compensation",
}
NON_PHYSICAL_TRAUMA_CAVEAT = (
    "If the injury is a non-physical trauma-based injury (exposure, implantation or ingestion), Medicare "
    "may still amend the final amount if more related claims are found later."
)
INTEREST_EXPLAINED = (
    "Interest is charged from the date of the demand letter if the debt is not paid or resolved within "
    "60 days, for each full 30 days it stays unpaid; payments go to interest first."
)


def format_case_id(case_id: str) -> str:
    """MSPRP case IDs are 15 digits, shown as ##### ##### ##### (msp-rules.md section 7)."""
    return " ".join(case_id[i:i + 5] for i in range(0, len(case_id), 5))


def readable(code: str) -> str:
    return code.replace("_", " ")


@dataclass(frozen=True)
class NextStep:
    text: str
    needs_action: bool


def next_step(state: CaseState, today: date) -> NextStep:
    """What the user should do next, and whether it needs them now (for "which cases need action?")."""
    case = state.case
    if case.phase == "closed":
        return NextStep("Nothing: the case is closed.", False)
    if state.demand is not None and case.phase == "demand":
        payment_due, appeal_due = demand_deadlines(state.demand.issued_on)
        amount = format_money(state.demand.amount)
        if today <= payment_due:
            return NextStep(f"Pay the demand of {amount} by {format_date(payment_due)} to avoid interest, or request "
                            f"a redetermination (appeal) by {format_date(appeal_due)} if you disagree with it.", True)
        if today <= appeal_due:
            return NextStep(f"Payment of {amount} was due {format_date(payment_due)}; interest is now being charged. "
                            f"Pay now, or request a redetermination by {format_date(appeal_due)}.", True)
        return NextStep(f"Payment of {amount} was due {format_date(payment_due)} and the appeal deadline "
                        f"({format_date(appeal_due)}) has passed: pay now to stop interest.", True)
    if state.fcp_status == "active":
        last_settlement, report_by = fcp_deadlines(case.final_conditional_payment_requested_on)
        if today <= last_settlement:
            return NextStep(f"Settle by {format_date(last_settlement)} and report the settlement by "
                            f"{format_date(report_by)} to keep the final amount of "
                            f"{format_money(state.frozen_amount)}.", True)
        if today <= report_by:
            return NextStep(f"Report the settlement by {format_date(report_by)}. A settlement dated after "
                            f"{format_date(last_settlement)} voids the frozen amount.", True)
        return NextStep(f"The window to report the settlement ended {format_date(report_by)}; report it now. "
                        "The frozen amount no longer applies if it came late.", True)
    if state.fcp_status == "complete":
        return NextStep("Wait for CMS to review the settlement information (allow 20 days) and send the final "
                        "demand letter.", False)
    open_disputes = [d for d in state.disputes if d.status == "submitted"]
    if open_disputes:
        return NextStep("Wait for the decision on your dispute; the status here will show it. When the case "
                        "settles, report the settlement.", False)
    if case.conditional_payment_notice_on is not None and state.contractor == "crc":
        due = cpn_response_due(case.conditional_payment_notice_on)
        if today <= due:
            return NextStep(f"Respond to the Conditional Payment Notice by {format_date(due)}: dispute any claims "
                            "that are not related, or the demand will follow.", True)
    if state.cp_letter_issued:
        return NextStep("Review the claims and dispute any that are not related to the injury. When the case "
                        "settles, report the settlement.", True)
    return NextStep("Wait for the conditional payment letter; you can check the conditional payment amount "
                    "here at any time.", False)


def _amount_line(state: CaseState) -> str:
    line = (f"Conditional payment amount: {format_money(state.conditional_payment_amount)} in "
            f"{len(state.counted_claims)} claims")
    if state.disputed_claims:
        line += (f", of which {format_money(state.disputed_amount)} is in {len(state.disputed_claims)} "
                 "disputed claims")
    return line


def _demand_line(state: CaseState) -> str:
    if state.demand is None:
        return "Demand letter: none issued"
    payment_due, appeal_due = demand_deadlines(state.demand.issued_on)
    return (f"Demand letter: {format_money(state.demand.amount)} issued {format_date(state.demand.issued_on)}; "
            f"payment due {format_date(payment_due)}; redetermination (appeal) by {format_date(appeal_due)}. "
            + INTEREST_EXPLAINED)


def _fcp_line(state: CaseState) -> str:
    status = state.fcp_status
    if status is None:
        return "Final Conditional Payment: not requested"
    requested = state.case.final_conditional_payment_requested_on
    if status == "voided":
        return f"Final Conditional Payment: requested {format_date(requested)}, voided (settled outside the window)"
    last_settlement, report_by = fcp_deadlines(requested)
    return (f"Final Conditional Payment: {status}; {format_money(state.frozen_amount)} frozen on "
            f"{format_date(requested)}; settle by {format_date(last_settlement)}, report the settlement by "
            f"{format_date(report_by)}. " + NON_PHYSICAL_TRAUMA_CAVEAT)


def _disputes_line(state: CaseState) -> str:
    if not state.disputes:
        return "Disputes: none"
    parts = [f"{readable(d.status)} {format_date(d.created_at.date())} ({len(d.claim_numbers)} claims)"
             for d in state.disputes]
    return "Disputes: " + "; ".join(parts)


def _requests_line(state: CaseState) -> str:
    if not state.requests:
        return "Waiver, compromise and redetermination requests: none"
    parts = []
    for request in state.requests:
        decision = (f"decision: {request.decision} on {format_date(request.decision_on)}"
                    if request.decision and request.decision_on else "no decision yet")
        parts.append(f"{request.kind} received {format_date(request.received_on)}, {decision}")
    return "Requests: " + "; ".join(parts)


def _correspondence_line(state: CaseState, direction: str, label: str) -> str:
    item = state.last_correspondence(direction)
    if item is None:
        return f"Last correspondence {label}: none"
    return f"Last correspondence {label}: {readable(item.type)} on {format_date(item.date)} ({item.status})"


def _cp_letter_line(state: CaseState) -> str:
    letter = state.cp_letter
    if letter is not None:
        return f"Last conditional payment letter or notice: {readable(letter.type)} dated {format_date(letter.date)}"
    if state.case.conditional_payment_notice_on is not None:
        return f"Last conditional payment letter or notice: dated {format_date(state.case.conditional_payment_notice_on)}"
    return "Last conditional payment letter or notice: none issued yet"


def status_report(state: CaseState, today: date) -> str:
    case = state.case
    beneficiary = case.beneficiary
    lines = [
        f"Case {format_case_id(case.case_id)}: {CASE_TYPE_NAMES.get(case.case_type, case.case_type)}, "
        f"{beneficiary.first_name} {beneficiary.last_name}, incident on {format_date(case.date_of_incident)}",
        f"Phase: {PHASE_DESCRIPTIONS.get(case.phase, readable(case.phase))}",
        _amount_line(state),
        _cp_letter_line(state),
        _demand_line(state),
        _disputes_line(state),
        _requests_line(state),
        _fcp_line(state),
        _correspondence_line(state, "sent", "sent"),
        _correspondence_line(state, "received", "received"),
        "Next step: " + next_step(state, today).text,
    ]
    return "\n".join(lines)


def needs_action_line(state: CaseState, today: date) -> Optional[str]:
    """One line for "which of my cases need action?", or None when nothing is needed now."""
    step = next_step(state, today)
    if not step.needs_action:
        return None
    beneficiary = state.case.beneficiary
    return f"Case {format_case_id(state.case.case_id)} ({beneficiary.last_name}): {step.text}"
