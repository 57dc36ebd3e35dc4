"""The case a settlement or FPO question is about, as the rules engine reads it (``CaseFacts``).

Facts come from the case store through ``CaseState`` (one definition of the current conditional
payment amount and the Final Conditional Payment status for every flow): case type, debtor, date of
incident, the Final Conditional Payment request while the process is active, the Conditional Payment
Notice, the latest demand letter. Who is submitting comes from the verified viewer, never from text.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from rasa_sdk import Tracker

from bot.actions.services import case_store
from msp_assistant.access import Viewer
from msp_assistant.case_state import CaseState
from rules_engine import CaseFacts, fcp_deadlines, format_date

FCP_ACTIVE = "active"


def submitter_role(viewer: Viewer) -> str:
    return viewer.party.role if viewer.party is not None else "beneficiary"


def fcp_requested_on(state: CaseState) -> Optional[date]:
    """The Final Conditional Payment request date while the process is active (else None)."""
    return state.case.final_conditional_payment_requested_on if state.fcp_status == FCP_ACTIVE else None


def case_facts(state: CaseState, viewer: Viewer, *, other_settlements_expected: Optional[bool] = None) -> CaseFacts:
    case = state.case
    return CaseFacts(
        case_type=case.case_type, debtor=case.debtor, date_of_incident=case.date_of_incident,
        submitter_role=submitter_role(viewer), fcp_requested_on=fcp_requested_on(state),
        cpn_issued_on=case.conditional_payment_notice_on,
        demand_issued_on=state.demand.issued_on if state.demand is not None else None,
        other_settlements_expected=other_settlements_expected,
        conditional_payment_amount=state.conditional_payment_amount,
    )


def case_state(tracker: Tracker, slot: str = "case_id") -> Optional[CaseState]:
    """The case named by ``slot`` (set only by actions), loaded fresh for this turn."""
    case_id = tracker.get_slot(slot)
    return CaseState.load(case_store(), str(case_id)) if case_id else None


def fcp_windows_text(state: CaseState) -> Optional[str]:
    """What the 3-business-day and 30-calendar-day windows mean for this case, with the dates."""
    requested = fcp_requested_on(state)
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
