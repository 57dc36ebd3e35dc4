"""The case a settlement or FPO question is about, as the rules engine reads it (``CaseFacts``).

Facts come from the case store: case type, debtor, date of incident, the Final Conditional Payment
request (only while the case is in that phase), the Conditional Payment Notice, the latest demand
letter, and the current conditional payment amount (the sum of the claims still related to the case).
Who is submitting comes from the verified viewer, never from what the user types.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.case_views import visible_cases
from bot.actions.identity import audit
from bot.actions.presentation import format_case_id
from bot.actions.services import case_store
from msp_assistant.access import CaseAccess, Viewer, case_access
from msp_assistant.store.records import CaseRecord
from rules_engine import CaseFacts, fcp_deadlines, format_date

FCP_PHASE = "final_conditional_payment"
FCP_ACTIVE = "active"


def submitter_role(viewer: Viewer) -> str:
    return viewer.party.role if viewer.party is not None else "beneficiary"


def conditional_payment_amount(case_id: str) -> Decimal:
    """The current conditional payment amount: Medicare's payments on the claims still related to the case."""
    return sum((claim.amount_paid for claim in case_store().claims(case_id) if claim.status == "related"), Decimal("0"))


def fcp_requested_on(case: CaseRecord) -> Any:
    """The Final Conditional Payment request date while the case is in that process (else None)."""
    status = case.final_conditional_payment_status
    active = status == FCP_ACTIVE or (status is None and case.phase == FCP_PHASE)
    return case.final_conditional_payment_requested_on if active else None


def case_facts(case: CaseRecord, viewer: Viewer, *, other_settlements_expected: Optional[bool] = None) -> CaseFacts:
    demand = case_store().demand(case.case_id)
    return CaseFacts(
        case_type=case.case_type, debtor=case.debtor, date_of_incident=case.date_of_incident,
        submitter_role=submitter_role(viewer), fcp_requested_on=fcp_requested_on(case),
        cpn_issued_on=case.conditional_payment_notice_on,
        demand_issued_on=demand.issued_on if demand is not None else None,
        other_settlements_expected=other_settlements_expected,
        conditional_payment_amount=conditional_payment_amount(case.case_id),
    )


def fcp_windows_text(case: CaseRecord) -> Optional[str]:
    """What the 3-business-day and 30-calendar-day windows mean for this case, with the dates."""
    requested = fcp_requested_on(case)
    if requested is None:
        return None
    last_settlement, nos_due = fcp_deadlines(requested)
    return (
        f"This case is in the Final Conditional Payment process: the amount was frozen when it was requested on "
        f"{format_date(requested)}. It stays your final amount only if the settlement date is within 3 business "
        f"days of that request (from {format_date(requested)} to {format_date(last_settlement)}) and you submit this "
        f"notice within 30 calendar days of it (by {format_date(nos_due)}). A settlement date outside that window "
        "voids the case from the Final Conditional Payment process."
    )


def actable_case_list(viewer: Viewer) -> str:
    cases = visible_cases(viewer)
    return ", ".join(format_case_id(case.case_id) for case in cases)


def case_with_access(tracker: Tracker, viewer: Viewer, case_id: str, action: str,
                     dispatcher: CollectingDispatcher) -> tuple[Optional[CaseRecord], Optional[CaseAccess]]:
    """The case and what the viewer may do on it (audited); says so when there is no such case."""
    case = case_store().case(case_id)
    if case is None:
        audit(tracker, viewer, action, case_id=case_id, allowed=False, detail="no such case")
        dispatcher.utter_message(text=f"I can't find case {format_case_id(case_id)}. Please check the number.")
        return None, None
    return case, case_access(viewer, case, case_store().authorizations(case_id))
